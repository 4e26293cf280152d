package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Self-protection by identity: a protected file is the same file under
// every name it has. Another name for it can only be a hard link (a
// symlink is resolved before the rules apply), and a file with a hard
// link has more than one name (Nlink > 1): so the identities of the
// protected set are computed only when a decision meets such a file, or
// writes into an existing directory, once per evaluation.

// Bounds on the file-system work of identity checks, in calls.
const (
	identityBudget = 512   // finding the protected files' identities
	stateBudget    = 4096  // listing the state directories (keys and logs first: sorted)
	holdBudget     = 20000 // looking below a directory written into
	holdFiles      = 20000
)

// protIdentities are the identities of the protected files that exist,
// each set computed when first needed.
type protIdentities struct {
	bins  map[fsview.ID]string   // Mandate's binaries (what a read needs)
	files map[fsview.ID]protFile // every protected file: policies, hook configurations, binaries
	state map[fsview.ID]string   // files below the state directories with several names
	// stateCut is set when the state directories were too large to list
	// in full.
	binsDone, filesDone, stateDone, stateCut bool
}

func (ev *evaluation) idents() *protIdentities {
	if ev.ids == nil {
		ev.ids = &protIdentities{}
	}
	return ev.ids
}

// binIDs returns the identities of Mandate's binaries.
func (ev *evaluation) binIDs() map[fsview.ID]string {
	pi := ev.idents()
	if pi.binsDone {
		return pi.bins
	}
	pi.binsDone = true
	pi.bins = map[fsview.ID]string{}
	for _, f := range ev.protectedFiles() {
		if f.kind != ProtectBinary {
			continue
		}
		if info, ok := ev.stat(f.path); ok && !info.Mode.IsDir() {
			if id, ok := info.ID(); ok {
				pi.bins[id] = f.path
			}
		}
	}
	return pi.bins
}

// protIDs returns the identities of the protected files (not of the state
// directories' files; see stateIDs).
func (ev *evaluation) protIDs() map[fsview.ID]protFile {
	pi := ev.idents()
	if pi.filesDone {
		return pi.files
	}
	pi.filesDone = true
	pi.files = map[fsview.ID]protFile{}
	spent := 0
	add := func(p string, k ProtectedKind) {
		if spent > identityBudget {
			return
		}
		spent++
		info, ok := ev.stat(p)
		if !ok || info.Mode.IsDir() {
			return
		}
		if id, ok := info.ID(); ok {
			if _, dup := pi.files[id]; !dup {
				pi.files[id] = protFile{path: p, kind: k}
			}
		}
	}
	for _, f := range ev.protectedFiles() {
		add(f.path, f.kind)
	}
	// The agents' hook configurations at the repository root, in the
	// home directory and machine-wide: the files they read, and the files
	// directly in the directories that hold them. (Any name below these
	// is protected by path; here only another name of one matters.)
	var bases []string
	for _, b := range []string{ev.root, ev.rootR, ev.home, ev.homeR} {
		if b != "" && !slices.Contains(bases, b) {
			bases = append(bases, b)
		}
	}
	bt := ev.p.builtins()
	for _, b := range bases {
		for _, f := range bt.hookFiles {
			add(path.Join(b, f), ProtectHookConfig)
		}
		for _, d := range bt.hookDirs {
			ev.addDirFiles(path.Join(b, d), add, &spent)
		}
	}
	for _, d := range systemHookConfigs {
		ev.addDirFiles(d, add, &spent)
	}
	return pi.files
}

// hookConfigNames splits hookConfigs into the files agents read (names
// without a glob) and the directories whose files are hook configuration
// (names ending in "/"), relative to the repository root and the home
// directory.
func hookConfigNames(list []string) (files, dirs []string) {
	for _, h := range list {
		switch {
		case strings.Contains(h, "*"):
		case strings.HasSuffix(h, "/"):
			dirs = append(dirs, strings.TrimSuffix(h, "/"))
		default:
			files = append(files, h)
		}
	}
	return files, dirs
}

// addDirFiles adds the files directly in dir, if it exists.
func (ev *evaluation) addDirFiles(dir string, add func(string, ProtectedKind), spent *int) {
	if *spent > identityBudget {
		return
	}
	r, err := ev.resolve(dir)
	if err != nil {
		return
	}
	if info, ok := ev.lstat(r); !ok || !info.Mode.IsDir() {
		return
	}
	names, err := ev.fs().ReadDir(r, 256)
	*spent += 8
	if err != nil {
		return
	}
	for _, n := range names {
		add(path.Join(r, n), ProtectHookConfig)
	}
}

// stateIDs fills in the identities of the files with several names below
// the state directories.
func (ev *evaluation) stateIDs() *protIdentities {
	pi := ev.idents()
	if pi.stateDone {
		return pi
	}
	pi.stateDone = true
	pi.state = map[fsview.ID]string{}
	for _, d := range ev.stateDirs() {
		err := fsview.Walk(ev.fs(), d, fsview.WalkOptions{Budget: stateBudget, MaxFiles: stateBudget}, func(p string, info fsview.Info) error {
			if info.Mode.IsDir() || info.Nlink <= 1 {
				return nil
			}
			if id, ok := info.ID(); ok {
				pi.state[id] = p
			}
			return nil
		})
		if errors.Is(err, fsview.ErrBudget) || errors.Is(err, fsview.ErrLimit) {
			pi.stateCut = true
		}
	}
	return pi
}

// identity applies self-protection by identity to the resolved path res:
// a write, delete or hard link of another name of a protected file, and
// a read of another name of a Mandate binary or of a file in the state
// directory. A write into an existing directory looks below it for
// another name of a protected file, which the write could replace.
func (ev *evaluation) identity(res string, op opKind, shown string, fl pathFlags) {
	info, ok := ev.lstat(res)
	if !ok {
		// On a case-insensitive file system a write to src/P is a write
		// to src/p: judge the existing name it folds to.
		// (foldedName returns a name that exists: no second fold.)
		if op != opRead {
			if alt := ev.foldedName(res); alt != "" && alt != res {
				ev.identity(alt, op, shown, fl)
			}
		}
		return
	}
	if info.Mode&fs.ModeSymlink != 0 {
		return
	}
	if info.Mode.IsDir() {
		// A write into a directory may write through a name below it; a
		// recursive hard-link copy (cp -al) makes a second name of
		// everything below it.
		if (op == opWrite || op == opLink) && !fl.candidate && !fl.resolved {
			ev.dirHolds(res, op, shown)
		}
		return
	}
	if info.Nlink <= 1 {
		return
	}
	id, ok := info.ID()
	if !ok {
		return
	}
	statePath, isState := ev.stateIDs().state[id]
	if op == opRead {
		bin, isBin := ev.binIDs()[id]
		switch {
		case isBin:
			ev.builtin(groupSelf, Deny, "protected-read", shown, fmt.Sprintf("read of %q: it is the same file as %s (a hard link), a Mandate binary, which agents may not read or copy", shown, ev.displayPath(bin)))
		case isState:
			ev.builtin(groupSelf, Deny, "protected-read", shown, fmt.Sprintf("read of %q: it is the same file as %s (a hard link), in Mandate's state directory, which agents may never read", shown, ev.displayPath(statePath)))
		}
		return
	}
	noun := op.noun()
	f, isProt := ev.protIDs()[id]
	switch {
	case isProt:
		ev.builtin(groupSelf, Deny, "protected-path", shown, fmt.Sprintf("%s %q: it is the same file as %s (a hard link), %s, which agents may never change", noun, shown, ev.displayPath(f.path), f.what()))
	case isState:
		ev.builtin(groupSelf, Deny, "protected-path", shown, fmt.Sprintf("%s %q: it is the same file as %s (a hard link), in Mandate's state directory, which agents may never change", noun, shown, ev.displayPath(statePath)))
	}
}

// dirHolds denies a write into dir, or hard links of everything in it,
// when a file below it is another name of a protected file: cp -r, tar x,
// unzip and rsync --inplace write through an existing name, and cp -al
// gives every file below another one.
func (ev *evaluation) dirHolds(dir string, op opKind, shown string) {
	pi := ev.stateIDs()
	linked := map[fsview.ID]string{}
	for id, f := range ev.protIDs() {
		if info, ok := ev.stat(f.path); ok && info.Nlink > 1 {
			linked[id] = ev.displayPath(f.path) + ", " + f.what()
		}
	}
	for id, p := range pi.state {
		linked[id] = ev.displayPath(p) + ", in Mandate's state directory"
	}
	if len(linked) == 0 {
		return
	}
	var found, what string
	err := fsview.Walk(ev.fs(), dir, fsview.WalkOptions{Budget: holdBudget, MaxFiles: holdFiles}, func(p string, info fsview.Info) error {
		if info.Mode.IsDir() || info.Nlink <= 1 {
			return nil
		}
		if id, ok := info.ID(); ok {
			if w, hit := linked[id]; hit {
				found, what = p, w
				return fsview.SkipAll
			}
		}
		return nil
	})
	switch {
	case found != "" && op == opLink:
		ev.builtin(groupSelf, Deny, "protected-path", shown, fmt.Sprintf("hard links of everything in %q: it holds %s, the same file as %s (a hard link), which would get another name", shown, ev.displayPath(found), what))
	case found != "":
		ev.builtin(groupSelf, Deny, "protected-path", shown, fmt.Sprintf("write into %q: it holds %s, the same file as %s (a hard link), which a write into the directory may replace; name the files instead", shown, ev.displayPath(found), what))
	case errors.Is(err, fsview.ErrBudget) || errors.Is(err, fsview.ErrLimit):
		ev.builtin(groupSelf, Ask, "protected-path", shown, fmt.Sprintf("%s %q: it is too large to check for another name of a protected file (a hard link) below it; name the files instead", op.noun(), shown))
	}
}

// displayPath shows an absolute path relative to the repository or the
// home directory when it is below one.
func (ev *evaluation) displayPath(p string) string {
	return ev.display(newTarget(p, ev.root, ev.home))
}

// hardLinks judges the sources of the hard links a command line creates
// (ln without -s, link, cp -l): a second name for a protected file would
// let a later write through it change the file.
func (ev *evaluation) hardLinks(an *shell.Analysis) {
	var linkers map[string]bool
	for i := range an.Commands {
		if c := &an.Commands[i]; hardLinker(c) {
			if linkers == nil {
				linkers = map[string]bool{}
			}
			linkers[c.Name] = true
		}
	}
	if linkers == nil {
		return
	}
	for _, r := range an.Reads {
		if linkers[r.Cmd] {
			ev.checkRef(r.Path, opLink, pathFlags{glob: r.Glob, dyn: r.Dynamic, dotGlob: r.DotGlob, globStar: r.GlobStar})
		}
	}
}

// hardLinker reports whether c creates hard links to the files it reads.
func hardLinker(c *shell.Command) bool {
	switch c.Name {
	case "link":
		return true
	case "ln":
		return !hasShortOrLong(c.Args, 's', "--symbolic", "St")
	case "cp":
		return hasShortOrLong(c.Args, 'l', "--link", "St")
	}
	return false
}

// hasShortOrLong reports whether args hold the short option letter (alone
// or in a cluster, before any letter of valued, which takes the rest) or
// the long option long, before "--".
func hasShortOrLong(args []string, letter byte, long, valued string) bool {
	for _, a := range args {
		switch {
		case a == "--":
			return false
		case a == long || strings.HasPrefix(a, long+"="):
			return true
		case strings.HasPrefix(a, "--"):
		case len(a) > 1 && a[0] == '-':
			for i := 1; i < len(a); i++ {
				if a[i] == letter {
					return true
				}
				if strings.IndexByte(valued, a[i]) >= 0 {
					break
				}
			}
		}
	}
	return false
}
