package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Reads of git commands: tracked files, objects named REV:PATH, the
// pathspecs of commands that print content.

// gitContent are git subcommands that print file content for the paths
// they are given (after "--", or as pathspecs), and the options that stop
// them from printing content (names and statistics only).
var (
	gitContent = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"show": true, "log": true, "whatchanged": true, "diff": true, "format-patch": true,
			"diff-tree": true, "diff-index": true, "diff-files": true, "range-diff": true}
	}}
	gitNoContent = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"-s": true, "--no-patch": true, "--stat": true, "--shortstat": true, "--numstat": true,
			"--name-only": true, "--name-status": true, "--summary": true, "--raw": true, "--dirstat": true, "--quiet": true}
	}}
	gitLogPatch = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"-p": true, "-u": true, "--patch": true, "--patch-with-stat": true, "--patch-with-raw": true,
			"--cc": true, "-c": true, "--word-diff": true, "--color-words": true, "-W": true, "--function-context": true,
			"--full-diff": true, "-S": true, "-G": true, "--pickaxe-regex": true, "--ext-diff": true, "--textconv": true}
	}}
)

// gitReads reports what git SUB reads beyond its plain arguments: the
// tracked files git grep and git archive read, any object git cat-file
// --batch prints, REV:PATH objects, the pathspecs of commands that print
// content, and both trees of git diff --no-index.
func (a *analyzer) gitReads(rest *cmd, sub string) {
	switch {
	case sub == "grep":
		a.gitGrep(rest)
	case sub == "archive":
		o := rest.parse(optSpec{short: "o", long: []string{"--format", "--prefix", "--output", "--remote", "--exec", "--add-file", "--add-virtual-file", "--mtime"}})
		for _, f := range o.values("--remote") {
			if h, ok := scpHost(f.s); ok {
				rest.host(h, "git archive --remote")
			} else {
				rest.destination(f, "git archive --remote")
			}
		}
		for _, f := range o.values("--add-file") {
			rest.read(f, "git archive --add-file")
		}
		pos := rest.posFields(o)
		if len(pos) > 0 {
			a.revPaths(rest, pos[0], "git archive tree-ish")
			pos = pos[1:]
		}
		a.pathspecReads(rest, pos, treeOpts{tracked: true}, "git archive")
	case sub == "cat-file":
		o := rest.parse(optSpec{long: []string{"--path"}, flags: []string{"--batch"}}) // --filters is a flag
		if o.any("--batch", "--batch-check", "--batch-command", "--batch-all-objects") || anyPrefixFlag(o.has, "--batch") {
			// the object names fed in (REV:PATH is that file; an object
			// id may be any tracked file), or every object
			all := o.is("--batch-all-objects")
			if f := rest.sc.feed; !all && (f == nil || f.partial || len(f.words) == 0) {
				rest.opaque("git cat-file --batch reads objects named in input not known statically")
			} else if !all {
				for _, w := range f.words {
					switch {
					case w == "contents" || w == "info" || w == "flush":
					case strings.Contains(w, ":"):
						a.revPaths(rest, field{s: w}, "git cat-file --batch object name")
					default:
						all = true
					}
				}
			}
			if all {
				for _, r := range a.repoRoots(rest.sc) {
					rest.read(tree(field{s: r}, treeOpts{tracked: true}), "git cat-file --batch")
				}
			}
		}
		// cat-file -p OBJ, cat-file blob OBJ: an object named other than by
		// REV:PATH may be any file git holds
		content := o.any("-p", "--textconv", "--filters")
		for i, k := range o.pos {
			f := rest.args[k]
			if i == 0 && gitObjectTypes.Get()[f.s] {
				content = !gitNoContentTypes.Get()[f.s] // gitrevs.go
				continue
			}
			if strings.Contains(f.s, ":") && !f.dyn {
				a.revPaths(rest, f, "git cat-file rev:path")
			} else if content && (f.dyn || !gitCommitOrTree(f.s)) {
				for _, r := range a.repoRoots(rest.sc) {
					rest.read(tree(field{s: r}, treeOpts{tracked: true}), "git cat-file of an object")
				}
			}
		}
		for _, f := range o.values("--path") {
			rest.read(f, "git cat-file --path")
		}
	case sub == "diff" && anyArg(rest.args, "--no-index"):
		for i, f := range rest.args {
			if !strings.HasPrefix(f.s, "-") || f.s == "-" {
				rest.skip[i] = true
				if !isStdin(f) {
					rest.read(tree(f, treeOpts{}), "git diff --no-index")
				}
			}
		}
	case gitContent.Get()[sub]:
		content := sub != "log" && sub != "whatchanged"
		pathspecs := -1
		for i, f := range rest.args {
			switch {
			case f.s == "--":
				pathspecs = i + 1
			case gitNoContent.Get()[f.s] || strings.HasPrefix(f.s, "--stat=") || strings.HasPrefix(f.s, "--dirstat="):
				content = false
			case gitLogPatch.Get()[f.s] || strings.HasPrefix(f.s, "-L") || strings.HasPrefix(f.s, "-S") || strings.HasPrefix(f.s, "-G") ||
				strings.HasPrefix(f.s, "--word-diff"):
				content = true
			}
			if pathspecs >= 0 {
				break
			}
			if !strings.HasPrefix(f.s, "-") {
				a.revPaths(rest, f, "git "+sub+" rev:path")
			}
		}
		if content && pathspecs >= 0 {
			a.pathspecReads(rest, rest.args[pathspecs:], treeOpts{tracked: true}, "git "+sub+" -- pathspec")
		}
	case sub == "fast-export" || sub == "bundle" && len(rest.args) > 0 && rest.s(0) == "create" || sub == "pack-objects":
		// every object of the refs given: any file git holds
		for _, r := range a.repoRoots(rest.sc) {
			rest.read(tree(field{s: r}, treeOpts{tracked: true}), "git "+sub)
		}
	case sub == "blame" || sub == "annotate" || sub == "rev-parse":
		for _, f := range rest.args {
			if !strings.HasPrefix(f.s, "-") {
				a.revPaths(rest, f, "git "+sub+" rev:path")
			}
		}
	}
}

var gitObjectTypes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"blob": true, "tree": true, "commit": true, "tag": true}
}}

func anyPrefixFlag(has []string, p string) bool {
	for _, h := range has {
		if strings.HasPrefix(h, p) {
			return true
		}
	}
	return false
}

// gitGrep reads git grep: every tracked file below its pathspecs or the
// cwd (--no-index and --untracked: every file), skipping what exclude
// pathspecs name.
func (a *analyzer) gitGrep(rest *cmd) {
	o := rest.parse(optSpec{short: "efmABCO", long: []string{"--max-depth", "--threads", "--after-context",
		"--before-context", "--context", "--max-count", "--open-files-in-pager", "--file"}})
	for _, f := range o.values("-f", "--file") {
		rest.read(f, "git grep pattern file")
	}
	t := treeOpts{tracked: !o.any("--no-index", "--untracked")}
	pos := o.pos
	if len(o.values("-e", "-f", "--file")) == 0 && len(pos) > 0 {
		rest.skip[pos[0]] = true // the pattern
		pos = pos[1:]
	}
	var specs []field
	dashdash := o.is("--")
	for _, k := range pos {
		rest.skip[k] = true
		f := rest.args[k]
		if dashdash && !o.is("--no-index") && k < firstAfterDashDash(rest) {
			// before --: revisions, whose trees hold the tracked files
			a.revPaths(rest, f, "git grep revision")
			continue
		}
		specs = append(specs, f)
		if !dashdash && !o.is("--no-index") && !strings.HasPrefix(f.s, ":") && !f.dyn {
			// git takes a word that is not a path for a revision, whose
			// tree is searched: ask unless the path exists
			if p, ok := a.absField(rest.sc, f); ok {
				a.opaqueUnless(rest.name, "git grep searches revision "+clip(f.s)+" if it is not a path", []string{p})
			}
		}
	}
	a.pathspecReads(rest, specs, t, "git grep")
}

// firstAfterDashDash returns the index of the first argument after "--".
func firstAfterDashDash(c *cmd) int {
	for i, f := range c.args {
		if f.s == "--" {
			return i + 1
		}
	}
	return len(c.args)
}

// pathspecReads reports a recursive read below each git pathspec (the cwd
// when there is none that includes), with exclude pathspecs (:!x, :^x,
// :(exclude)x) as Exclude patterns of each read.
func (a *analyzer) pathspecReads(c *cmd, specs []field, t treeOpts, why string) {
	var incl []field
	for _, f := range specs {
		s, magic := gitPathspec(f.s)
		switch {
		case magic.exclude:
			if !f.dyn {
				t.exclude = append(t.exclude, excludeSpec(s, magic.top)...)
			}
		case magic.top:
			for _, r := range a.repoRoots(c.sc) {
				g := f
				g.s = path.Join(r, s)
				incl = append(incl, g)
			}
		default:
			g := f
			g.s = s
			if g.s == "" {
				g.s = "."
			}
			incl = append(incl, g)
		}
	}
	if len(incl) == 0 {
		incl = []field{c.cwdField()}
	}
	for _, f := range incl {
		if i := strings.IndexAny(f.s, "*?["); i >= 0 && !f.dyn {
			// git's * crosses "/": the files whose name matches the last
			// part, anywhere below the literal directory
			dir := f
			dir.s = path.Dir(f.s[:i] + "x")
			name := path.Base(f.s)
			if strings.Contains(f.s[i:], "/") || !strings.ContainsAny(name, "*?[") {
				name = "*" + name[strings.LastIndexAny(name, "*?]")+1:]
				if strings.ContainsAny(path.Base(f.s), "*?[") {
					name = path.Base(f.s)
				}
			}
			t2 := t
			t2.dotGlob = true
			c.read(filtered(dir, name, t2), why+" pathspec")
			continue
		}
		c.read(tree(f, t), why)
	}
}

type pathspecMagic struct{ exclude, top bool }

// gitPathspec strips pathspec magic (:!x :^x :/x :(exclude,top)x) and says
// which it had.
func gitPathspec(s string) (string, pathspecMagic) {
	var m pathspecMagic
	if !strings.HasPrefix(s, ":") {
		return s, m
	}
	rest := s[1:]
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return s, m
		}
		for _, w := range strings.Split(rest[1:end], ",") {
			switch strings.TrimSpace(w) {
			case "exclude":
				m.exclude = true
			case "top":
				m.top = true
			}
		}
		return rest[end+1:], m
	}
	for len(rest) > 0 {
		switch rest[0] {
		case '!', '^':
			m.exclude = true
		case '/':
			m.top = true
		case ':':
			return rest[1:], m
		default:
			return rest, m
		}
		rest = rest[1:]
	}
	return rest, m
}

// excludeSpec turns an exclude pathspec into Exclude patterns: the path
// itself and everything below it (git matches pathspecs as prefixes, and
// its * crosses "/", so a pattern excludes less here than in git: safe).
func excludeSpec(s string, top bool) []string {
	s = strings.TrimPrefix(path.Clean("/"+s), "/")
	if s == "" || top || strings.HasPrefix(s, "..") {
		return nil // relative to the root, or above the read: not expressible
	}
	return []string{s, s + "/**"}
}

// revPaths reports the file a REV:PATH (or :PATH, :N:PATH) object name
// reads. The path is relative to the repository root (unless it starts
// with ./ or ../); where the root is not known, every directory from the
// cwd up might be it.
func (a *analyzer) revPaths(c *cmd, f field, why string) {
	s := f.s
	if strings.Contains(s, "://") || strings.HasPrefix(s, "-") {
		return
	}
	var p string
	switch {
	case strings.HasPrefix(s, ":/"):
		return // :/message searches commit messages
	case strings.HasPrefix(s, ":") && len(s) > 2 && s[1] >= '0' && s[1] <= '3' && s[2] == ':':
		p = s[3:]
	case strings.HasPrefix(s, ":"):
		p = s[1:]
	default:
		_, after, ok := strings.Cut(s, ":")
		if !ok {
			return
		}
		p = after
	}
	if p == "" {
		return
	}
	// a revision not known statically ($(git rev-parse HEAD):.env) still
	// names the path after it
	g := field{s: p, dyn: f.dyn && strings.ContainsAny(p, "$`")}
	if strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
		c.read(g, why)
		return
	}
	for _, r := range a.repoRoots(c.sc) {
		g.s = path.Join(r, p)
		c.read(g, why)
	}
}

// repoRoots returns the directories that may be the repository root for
// a git command run in sc: Options.Root when the cwd is inside it, else
// the cwd and each of its parents.
func (a *analyzer) repoRoots(sc *scope) []string {
	cwd := sc.cwd
	if !sc.cwdKnown || cwd == "" {
		return []string{"/"}
	}
	if r := cleanAbs(a.opt.Root); r != "" && (cwd == r || strings.HasPrefix(cwd, strings.TrimSuffix(r, "/")+"/")) {
		return []string{r}
	}
	var out []string
	for d := cwd; ; d = path.Dir(d) {
		out = append(out, d)
		if d == "/" || d == "." || d == "" {
			return out
		}
	}
}

// absField returns the absolute path of a static field in sc.
func (a *analyzer) absField(sc *scope, f field) (string, bool) {
	if f.dyn {
		return "", false
	}
	if path.IsAbs(f.s) {
		return path.Clean(f.s), true
	}
	if !sc.cwdKnown || sc.cwd == "" {
		return "", false
	}
	return path.Join(sc.cwd, f.s), true
}
