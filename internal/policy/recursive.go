package policy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Recursive reads: a command that reads everything below a directory
// (grep -r, cp -r, tar c, rg, git grep) and an agent's search tool (Claude
// Grep and Glob, Gemini grep_search and glob, …) read whatever a blocked
// pattern matches below it. The engine walks the tree and judges every
// file it reaches against the read rules, in bounded, repeatable work.

// Bounds on the walk of one recursive read. The budget is a count of
// file-system calls, not a duration: the same tree always gets the same
// decision.
const (
	maxRecursiveFiles  = 20000
	maxRecursiveBudget = 50000
	maxLinkedDirs      = 8 // directories reached through symlinks, walked in turn
	maxTracked         = 200000
)

// walkScope says which files below the root a recursive read reads.
type walkScope struct {
	cmd         string // the command or tool, for the reason
	skipHidden  bool   // names starting with "." are skipped (rg without --hidden)
	trackedOnly bool   // only the files git tracks (git grep)
	pattern     string // a search tool's glob filter ("**/*.go", "*.ts"); "" is every file
	fold        bool   // the pattern ignores case (find -iname)
	fileTool    bool
	// follow: the reader reads through symlinks below the root, to files
	// and directories (zip, scp -r, grep -R); linkedFiles: through
	// symlinks to files only (find -exec hands each name to a command
	// that opens it). Neither: a symlink is copied or skipped (grep -r,
	// cp -r, tar c) and reads nothing.
	follow, linkedFiles bool
	// exclude reports the files the reader skips (shell.PathRef.Exclude:
	// git grep's :!x, rg -g '!x', grep --exclude); nil skips none.
	exclude func(path string) bool
	// bare: a finding's subject is the file alone, without how the read
	// reached it (a container's mount, which says so itself; mounts.go).
	bare bool
}

// excluder returns what a recursive read r skips, or nil.
func excluder(r shell.PathRef) func(string) bool {
	if len(r.Exclude) == 0 {
		return nil
	}
	return r.Excluded
}

// recursiveRead judges the files a recursive read of root would reach. It
// stops at the first file denied; a tree too large to check asks, never
// allows unchecked. A tree that can reach a process's environment (/proc,
// /proc/self, /) is an environment dump.
func (ev *evaluation) recursiveRead(root string, sc walkScope) {
	// ".." applies after the symlinks before it, as the kernel applies
	// it: /dev/fd/.. is /proc/self, not /dev. Resolve the path as given.
	kern := ev.kernelPath(root)
	root = path.Clean(root)
	forms := []string{root}
	if k := path.Clean(kern); k != root {
		forms = append(forms, k)
	}
	res, err := ev.resolve(kern)
	if err == nil && !slices.Contains(forms, path.Clean(res)) {
		forms = append(forms, path.Clean(res))
	}
	for _, f := range forms {
		if (f == "/" || strings.HasPrefix(f, "/proc")) && environ(newTarget(f, "", ""), true) {
			shown := ev.displayPath(root)
			if f != root {
				shown += " (" + f + ")"
			}
			ev.envDump(shown, fmt.Sprintf("%s reads everything below %q, which holds processes' environments (/proc/*/environ)", sc.cmd, shown))
			return
		}
	}
	if err == nil && (hasDotDot(kern) || path.Clean(kern) != root) {
		// src/link/.. is the parent of link's target, and a process's
		// link (/proc/PID/root/x) is what the kernel makes of it: walk
		// that.
		root = path.Clean(res)
	}
	if sc.pattern != "" {
		ev.searchPattern(root, sc)
	}
	w := &treeRead{ev: ev, sc: sc, root: root, start: len(ev.hits)}
	switch {
	case sc.trackedOnly && ev.p.opt.Git != nil && w.tracked():
	case ev.p.opt.Walk != nil:
		w.custom()
	case err != nil:
		return // the read of the root itself is denied for it
	default:
		if _, ok := ev.lstat(path.Clean(res)); !ok {
			return // nothing there to read
		}
		w.walk(root, maxRecursiveBudget, 0)
	}
	w.report()
}

// searchPattern judges a search tool's pattern itself: one that leaves
// the root ("../../.ssh/*", "/proc/*/environ", "~/.aws/*") reads what it
// matches there, whatever the walk below the root finds.
func (ev *evaluation) searchPattern(root string, sc walkScope) {
	pat := sc.pattern
	switch {
	case pat == "~" || strings.HasPrefix(pat, "~/"):
		if ev.home == "" {
			return
		}
		pat = ev.home + pat[1:]
	case !path.IsAbs(pat):
		if !strings.Contains(pat, "..") {
			return // below the root: the walk judges it file by file
		}
		pat = root + "/" + pat
	}
	ev.checkRef(path.Clean(pat), opRead, pathFlags{glob: true, dotGlob: true, globStar: true, via: sc.cmd + " pattern"})
}

// treeRead is one recursive read in progress.
type treeRead struct {
	ev      *evaluation
	sc      walkScope
	root    string
	start   int  // ev.hits before the walk
	files   int  // files judged
	tooBig  bool // the walk was cut short
	denied  bool
	linked  int // directories reached through symlinks
	visited map[fsview.ID]bool
	keeper  *hiddenKeeper // hidden names ignore files re-include (skipHidden)
}

// judge checks one file the read reaches; false stops the walk.
func (w *treeRead) judge(p string, resolved bool) bool {
	if w.files++; w.files > maxRecursiveFiles {
		w.tooBig = true
		return false
	}
	if !w.matches(p) || w.sc.exclude != nil && w.sc.exclude(p) {
		return true
	}
	via := ""
	if !w.sc.bare {
		via = "below " + w.ev.displayPath(w.root) + ", read by " + w.sc.cmd + "; narrow the path or the pattern"
	}
	w.ev.checkRef(p, opRead, pathFlags{resolved: resolved, via: via})
	for _, h := range w.ev.hits[w.start:] {
		if h.f.Effect == Deny {
			w.denied = true
			return false
		}
	}
	return true
}

// matches applies a search tool's pattern: a pattern without "/" is
// matched against the name at any depth, one with "/" against the path
// below the root ("**" any number of directories); case-insensitively
// when the scope folds.
func (w *treeRead) matches(p string) bool {
	pat := w.sc.pattern
	if pat == "" {
		return true
	}
	rel, ok := under(p, w.root)
	if !ok || rel == "" {
		return true // reached through a symlink: judge it
	}
	if !strings.Contains(strings.TrimPrefix(pat, "./"), "/") {
		return fsview.MatchName(pat, path.Base(p), true, w.sc.fold) || braces(pat)
	}
	full, _, known := globSegsFold(splitSegs(strings.TrimPrefix(pat, "./")), splitSegs(rel), true, true, w.sc.fold)
	return full || !known || braces(pat)
}

// braces reports a pattern with brace alternatives ("*.{ts,tsx}"), which
// search tools expand and Glob does not: every file is judged.
func braces(pat string) bool { return strings.ContainsAny(pat, "{}") }

// walk lists dir with fsview.Walk, within budget file-system calls. A
// symlink below it is resolved and judged as the file it names (many
// tools follow them: grep -R, rg -L, zip, scp -r); a symlink to a
// directory is walked in turn, a few of them, each with a smaller budget.
func (w *treeRead) walk(dir string, budget, depth int) {
	if w.visited == nil {
		w.visited = map[fsview.ID]bool{}
	}
	fsc := w.ev.fs()
	opt := fsview.WalkOptions{SkipHidden: w.sc.skipHidden, MaxFiles: maxRecursiveFiles, Budget: budget}
	if w.sc.skipHidden {
		if w.keeper == nil {
			w.keeper = w.ev.newHiddenKeeper(dir)
		}
		opt.Listed, opt.KeepHidden = w.keeper.listed, w.keeper.keep
	}
	err := fsview.Walk(fsc, dir, opt,
		func(p string, info fsview.Info) error {
			fsc.remember(p, info)
			switch {
			case info.Mode.IsDir():
				if id, ok := info.ID(); ok {
					if w.visited[id] {
						return fsview.SkipDir
					}
					w.visited[id] = true
				}
				return nil
			case info.Mode&fs.ModeSymlink != 0:
				if !w.sc.follow && !w.sc.linkedFiles {
					return nil
				}
				return w.symlink(p, depth)
			}
			if !w.judge(p, true) {
				return fsview.SkipAll
			}
			return nil
		})
	if errors.Is(err, fsview.ErrBudget) || errors.Is(err, fsview.ErrLimit) {
		w.tooBig = true
	}
}

func (w *treeRead) symlink(p string, depth int) error {
	if w.sc.exclude != nil && w.sc.exclude(p) {
		return nil // skipped by name: not followed either
	}
	r, err := w.ev.resolve(p)
	if err != nil {
		return nil // a loop or a dangling link reads nothing
	}
	info, ok := w.ev.lstat(r)
	if !ok {
		return nil
	}
	if !info.Mode.IsDir() {
		if !w.judge(p, false) {
			return fsview.SkipAll
		}
		return nil
	}
	if !w.sc.follow {
		return nil
	}
	if w.linked++; w.linked > maxLinkedDirs || depth >= maxLinkedDirs {
		w.tooBig = true
		return fsview.SkipAll
	}
	w.walk(r, maxRecursiveBudget/maxLinkedDirs, depth+1)
	if w.denied || w.tooBig {
		return fsview.SkipAll
	}
	return nil
}

// custom walks with Options.Walk, which gives paths only. Hidden names
// are judged too: which of them an ignore file re-includes is not worked
// out here. A path the walk gives may be a symlink (Options.Walk does not
// know whether the reader follows them): it is judged as walk judges one,
// by what it names, so that a search tool's glob matching src/key (a link
// to ~/.ssh/id_rsa) reads the key (round 5, #6).
func (w *treeRead) custom() {
	_ = w.ev.p.opt.Walk(w.root, func(p string) bool {
		if info, ok := w.ev.lstat(p); ok && info.Mode&fs.ModeSymlink != 0 {
			if !w.sc.follow && !w.sc.linkedFiles {
				return true
			}
			return w.symlink(p, 0) == nil && !w.denied && !w.tooBig
		}
		return w.judge(p, true)
	})
}

// tracked judges the files git tracks below the root (git grep, git
// archive); false means git could not say, and the caller walks the tree.
func (w *treeRead) tracked() bool {
	out, err := w.ev.p.opt.Git(context.Background(), w.root, "ls-files", "-z")
	if err != nil {
		return false
	}
	n := 0
	for len(out) > 0 {
		var name []byte
		name, out, _ = bytes.Cut(out, []byte{0})
		if len(name) == 0 {
			continue
		}
		if n++; n > maxTracked {
			w.tooBig = true
			return true
		}
		if w.sc.skipHidden && strings.Contains("/"+string(name), "/.") {
			p := path.Join(w.root, string(name))
			if w.keeper == nil {
				w.keeper = w.ev.newHiddenKeeper(w.root)
			}
			w.keeper.readDirs(w.root, p)
			if !w.keeper.keep(p) {
				continue
			}
		}
		if !w.judge(path.Join(w.root, string(name)), false) {
			return true
		}
	}
	return true
}

// report asks when the walk was cut short without a deny.
func (w *treeRead) report() {
	if !w.tooBig || w.denied {
		return
	}
	shown := w.ev.displayPath(w.root)
	w.ev.builtin(groupAnalysis, Ask, "recursive-read", shown,
		fmt.Sprintf("%s reads everything below %q, more than Mandate checks against the read rules (%d files or %d file-system calls); narrow the path or the pattern",
			w.sc.cmd, shown, maxRecursiveFiles, maxRecursiveBudget))
}

func toolName(t string) string {
	if t == "" {
		return "the search tool"
	}
	return t
}

// hasDotDot reports whether p has a ".." segment.
func hasDotDot(p string) bool {
	return p == ".." || strings.HasPrefix(p, "../") || strings.HasSuffix(p, "/..") || strings.Contains(p, "/../")
}
