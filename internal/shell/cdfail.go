package shell

import (
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// A cd that fails leaves the cwd where it was (red-team round 23, #7):
// bash's cd, pushd and popd fail on a directory that does not exist, a
// regular file or FIFO, a name before a ".." that is no directory
// (cd missing/..), too many operands (bash's cd A B), or an empty stack
// (popd), and the rest of the line runs on (the agents' shells have no
// set -e). Where the analysis can tell it fails, the cwd does not move;
// where it cannot, the cwd is one of both:
//
//   - Options.Dirs answers, at decision time, whether a path is a
//     directory on disk. Without it (the analysis alone, no file system
//     to ask) every cd with a known target is taken to succeed.
//   - The line itself may have made or removed the directory before the
//     cd: a directory mkdir made on every path to the cd (scope.made)
//     exists; a write or delete of the target, of a directory above it or
//     of one below it (mkdir -p T/x, cp -r x T, rm -rf T, ln -s … T), one
//     not known statically, a program whose writes the analysis does not
//     know (not on the read-only list), or anything opaque, leaves it not
//     known. Otherwise the disk answers: a directory, the cd succeeds;
//     nothing there or no directory, it fails; no answer, not known.
//   - A cd that may fail leaves its failure state (scope.cdFail, the
//     directory state before it). `X && Y` runs Y in the success state and
//     hands the failure states of X and Y on; `X || Y` runs Y in the
//     failure state (dropped when Y surely exits); anywhere else (a ";",
//     the end of a list, a branch) the failure state is merged into the
//     state (cwdalts.go: the cwd is one of both). `X && Y` where X may fail
//     for any reason is the same: what Y changes in the directory state
//     may not have happened (false && cd src).

// DirOracle tells whether a path is a directory at decision time.
type DirOracle interface {
	// IsDir reports whether the absolute path p names a directory,
	// symlinks followed as cd follows them, and whether something is
	// there (a file, a FIFO; a file where a directory above it should
	// be); known is false when the file system cannot tell (an error
	// other than a missing name).
	IsDir(p string) (isDir, exists, known bool)
}

// cwdState is the directory state a command leaves when it fails.
type cwdState struct {
	cwd       string
	cwdKnown  bool
	cwdAlts   []string
	cwdMaybe  []string
	homeCwd   string
	pushed    []string
	stackLost bool
	oldpwd    string
	made      []string
	// sure: the command surely failed (its success state never happens)
	sure bool
	// first: settled, the failure state is the first of both (a command
	// a failed redirection skipped stays where the line was: redirfail.go)
	first bool
}

func (sc *scope) dirState() *cwdState {
	return &cwdState{sc.cwd, sc.cwdKnown, sc.cwdAlts, sc.cwdMaybe, sc.homeCwd, sc.pushed, sc.stackLost, sc.oldpwd, sc.made, false, false}
}

func (sc *scope) setDirState(f *cwdState) {
	sc.cwd, sc.cwdKnown, sc.cwdAlts, sc.cwdMaybe, sc.homeCwd = f.cwd, f.cwdKnown, f.cwdAlts, f.cwdMaybe, f.homeCwd
	sc.pushed, sc.stackLost, sc.oldpwd, sc.made = f.pushed, f.stackLost, f.oldpwd, f.made
}

// mergeDirs folds the directory state of b, a state sc may be in instead,
// into sc (merge's directory part).
func (sc *scope) mergeDirs(b *scope) {
	sc.mergeCwd(b)
	if b.homeCwd != sc.homeCwd {
		sc.homeCwd = ""
	}
	if b.oldpwd != sc.oldpwd {
		sc.oldpwd = "" // cd - goes to either: not known
	}
	if b.stackLost || !slices.Equal(b.pushed, sc.pushed) {
		sc.stackLost = true
	}
	if !slices.Equal(sc.made, b.made) {
		var both []string
		for _, d := range sc.made {
			if slices.Contains(b.made, d) {
				both = append(both, d)
			}
		}
		sc.made = both
	}
}

// settleFail merges a pending failure state into sc: the command may
// have failed or not; it replaces sc's when the command surely failed.
// (A first failure state is the first of both: the one mergeDirs keeps
// as the cwd, the other an alternative.)
func (sc *scope) settleFail() {
	f := sc.cdFail
	if f == nil {
		return
	}
	sc.cdFail = nil
	if f.sure {
		sc.setDirState(f)
		return
	}
	b := *sc
	if f.first {
		// the state where the command ran is the alternative
		sc.setDirState(f)
	} else {
		b.setDirState(f)
	}
	sc.mergeDirs(&b)
}

// joinFail is the failure state of X && Y from X's, f, and Y's, g (nil:
// none): f alone when X surely fails (Y never runs), else either.
func joinFail(f, g *cwdState) *cwdState {
	switch {
	case f == nil:
		return g
	case g == nil || f.sure:
		return f
	}
	var x, y scope
	x.setDirState(f)
	y.setDirState(g)
	x.mergeDirs(&y)
	j := x.dirState()
	j.sure = g.sure
	return j
}

// maxMade bounds the directories a scope remembers mkdir made.
const maxMade = 16

// noteMade records that mkdir made the directory f (and, with -p, the
// ones above it: a cd to them succeeds too, cdOutcome).
func (c *cmd) noteMade(f field) {
	p, ok := c.a.absField(c.sc, f)
	if !ok || f.glob || len(c.sc.made) >= maxMade {
		return
	}
	c.sc.made = append(slices.Clip(c.sc.made), p)
}

// The outcomes of a cd (cdOutcome).
const (
	cdSucceeds = iota
	cdFails
	cdMaybe
)

// cdBuiltin is the shell's cd, pushd and popd: cd's move, its bindings
// of PWD and OLDPWD (cdbind.go), then whether it may have failed.
func (c *cmd) cdBuiltin() {
	sc := c.sc
	before := *sc
	if c.name == "popd" && len(sc.pushed) == 0 && !sc.stackLost && len(c.args) == 0 && !c.a.stackRewritten(sc) {
		// the line starts with an empty stack: popd fails, binds nothing
		c.cdMove()
		f := before.dirState()
		f.sure = true
		sc.cdFail = f
		return
	}
	opts := c.cdOptions(before.dialect)
	c.a.cdRaw, c.a.cdTwo = "", false
	pre := c.cdMove()
	if opts == cdFails {
		// an option the builtin refuses: it fails and stays (red-team
		// round 25, #1: cd -x src)
		f := before.dirState()
		f.sure = true
		sc.cdFail = f
		return
	}
	if c.a.cdRaw == "" || !sc.cwdKnown {
		// not a move to a known directory: the cwd is not known already;
		// it may have failed, binding nothing (cd - goes to one of both)
		if c.bindPWD(pre, cdMaybe) != cdSucceeds && c.name != "cd" {
			sc.stackLost = true
		}
		if sc.oldpwd != pre.oldpwd {
			sc.oldpwd = ""
		}
		return
	}
	out := max(c.a.cdOutcome(sc, c.a.cdRaw, sc.cwd), opts)
	if c.a.cdTwo && !foreignDialect(before.dialect) {
		// bash's cd A B: too many arguments; dash and others take A
		out = cdMaybe
		if before.dialect == dialBash {
			out = cdFails
		}
	}
	bound := c.bindPWD(pre, out)
	if bound != cdSucceeds && c.name != "cd" {
		sc.stackLost = true // pushd pushes only where its cd succeeded
	}
	// what runs only where it succeeded (cd d && …) is judged in d; the
	// state settles after the statement (walk.go stmts). It fails where
	// it did not move, and where it moved but a binding failed (a
	// readonly PWD): then its failure state is the moved one
	var f *cwdState
	if out != cdSucceeds {
		f = before.dirState()
	}
	if out != cdFails && bound != cdSucceeds {
		f = joinStates(f, sc.dirState())
	}
	if f != nil {
		f.sure = out == cdFails || bound == cdFails
		sc.cdFail = f
	}
}

// joinStates is the directory state that is f or g (f nil: g).
func joinStates(f, g *cwdState) *cwdState {
	if f == nil {
		return g
	}
	var x, y scope
	x.setDirState(f)
	y.setDirState(g)
	x.mergeDirs(&y)
	return x.dirState()
}

// cdOutcome returns whether a cd to raw (the joined path before it is
// cleaned), which is the directory dir, succeeds, fails or may do either.
func (a *analyzer) cdOutcome(sc *scope, raw, dir string) int {
	if a.opt.Dirs == nil {
		return cdSucceeds
	}
	// bash's logical cd checks the name before each ".." too
	checks := []string{dir}
	if segs := strings.Split(raw, "/"); slices.Contains(segs, "..") {
		for i, s := range segs {
			if s == ".." && i > 0 {
				if p := path.Clean("/" + strings.Join(segs[:i], "/")); p != "/" {
					checks = append(checks, p)
				}
			}
		}
	}
	out := cdSucceeds
	for _, d := range checks {
		out = max(out, a.dirOutcome(sc, d))
	}
	return out
}

// dirOutcome is cdOutcome of the one directory d.
func (a *analyzer) dirOutcome(sc *scope, d string) int {
	made := false
	for _, m := range sc.made {
		if m == d || under(m, d) {
			made = true
		}
	}
	isDir, exists, known := a.isDir(d)
	if a.lineTouches(d, made, isDir) {
		return cdMaybe
	}
	switch {
	case isDir:
		return cdSucceeds
	case !known || made && exists:
		return cdMaybe // mkdir fails on a file there
	case made:
		return cdSucceeds
	}
	return cdFails
}

// dirAnswer is one answer of Options.Dirs.
type dirAnswer struct{ isDir, exists, known bool }

// maxDirAnswers bounds the answers a line keeps (a line of many cds
// asks the file system once per directory).
const maxDirAnswers = 256

// isDir asks Options.Dirs about d, once per line.
func (a *analyzer) isDir(d string) (isDir, exists, known bool) {
	if r, ok := a.dirs[d]; ok {
		return r.isDir, r.exists, r.known
	}
	isDir, exists, known = a.opt.Dirs.IsDir(d)
	if a.dirs == nil {
		a.dirs = map[string]dirAnswer{}
	}
	if len(a.dirs) < maxDirAnswers {
		a.dirs[d] = dirAnswer{isDir, exists, known}
	}
	return isDir, exists, known
}

// under reports whether p is below the directory d.
func under(p, d string) bool {
	return strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/")
}

// lineTouches reports whether the line so far may have made, removed or
// replaced the directory d: a write or delete at, above or below it (a
// directory mkdir made on every path, made, aside), one not known
// statically, anything opaque, a program the analysis does not model or
// a script; and, when d is not there (exists false), a program whose
// writes are not known (one not on the read-only list) that may have
// made it. Past maxTouchRefs writes and deletes it answers yes (the cd
// may fail) without comparing them.
//
// It runs on every cd, so its cost must not grow with the line: the
// commands are scanned once each (touchScan), and the writes and
// deletes compared are bounded. (A line of 9,500 cds once cost the
// square of them here: red-team round 26 (b), #1.)
func (a *analyzer) lineTouches(d string, made, exists bool) bool {
	if len(a.res.Opaque) > 0 {
		return true
	}
	if len(a.res.Writes)+len(a.res.Deletes) > maxTouchRefs {
		return true
	}
	related := func(r PathRef) bool {
		return r.Dynamic || r.Glob || r.Path == d || under(r.Path, d) || under(d, r.Path)
	}
	for _, r := range a.res.Writes {
		if related(r) && !(made && r.Cmd == "mkdir" && !r.Dynamic && !r.Glob) {
			return true
		}
	}
	for _, r := range a.res.Deletes {
		if related(r) {
			return true
		}
	}
	t := a.scanCommands()
	return t.unmodeled || !exists && t.writer
}

// maxTouchRefs bounds the writes and deletes lineTouches compares with
// a cd's target; past it every cd may fail (both directory states are
// judged), which only ever judges more.
const maxTouchRefs = 64

// touchScan is what the commands recorded so far (Analysis.Commands)
// say about any cd's target: unmodeled, one is a program the analysis
// does not model or runs a script; writer, one may write files (not on
// the read-only list, not mkdir). Both only ever turn on: a command's
// flags set after it was scanned (Command.Unlisted, Command.Script) turn
// them on where they are set (noteCommand), and commands dropped from the
// list (a line walked again, calls.go) leave them on, which only makes
// more cds "may fail".
type touchScan struct {
	scanned           int
	unmodeled, writer bool
}

// scanCommands brings a.touched up to date with the commands recorded
// since its last call, and returns it.
func (a *analyzer) scanCommands() touchScan {
	t := &a.touched
	cs := a.res.Commands
	if t.scanned > len(cs) {
		t.scanned = len(cs)
	}
	if t.scanned < len(cs) {
		ro := readOnlySet.Get()
		for i, c := range cs[t.scanned:] {
			if l, ok := a.funcRecs[t.scanned+i]; ok && l == c.Line {
				continue // a function's call: its body's commands are here too
			}
			t.unmodeled = t.unmodeled || c.Unlisted || c.Script != 0
			t.writer = t.writer || c.Name != "" && !ro[c.Name] && c.Name != "mkdir"
		}
		t.scanned = len(cs)
	}
	return *t
}

// noteCommand is told that the flags of the recorded command i changed
// (Command.Unlisted, Command.Script): a command already scanned counts.
func (a *analyzer) noteCommand(i int) {
	if i < a.touched.scanned {
		c := &a.res.Commands[i]
		if l, ok := a.funcRecs[i]; ok && l == c.Line {
			return
		}
		a.touched.unmodeled = a.touched.unmodeled || c.Unlisted || c.Script != 0
	}
}

// noteFuncRec notes that c's record is a call walked as a function the
// line defined (not a program of that name).
func (a *analyzer) noteFuncRec(c *cmd) {
	if c.recIdx < 0 || c.recIdx >= len(a.res.Commands) {
		return
	}
	if a.funcRecs == nil {
		a.funcRecs = map[int]string{}
	}
	a.funcRecs[c.recIdx] = a.res.Commands[c.recIdx].Line
}

// surelyExits reports whether s ends the shell on every path: exit, or a
// group whose statements reach an exit with no jump before it.
func surelyExits(s *syntax.Stmt) bool {
	if s == nil || s.Background || s.Coprocess || s.Negated {
		return false
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		return len(c.Args) > 0 && c.Args[0].Lit() == "exit"
	case *syntax.Block:
		for _, t := range c.Stmts {
			if surelyExits(t) {
				return true
			}
			if holdsJump(t) {
				return false
			}
		}
	}
	return false
}

// lastCd reports whether s, or the last command of the && list s is,
// is a plain cd, pushd or popd (its failure state is its own: cdFail).
func lastCd(s *syntax.Stmt) bool {
	if s == nil || s.Negated || s.Background || s.Coprocess {
		return false
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		switch len(c.Assigns) == 0 && len(c.Args) > 0 && c.Args[0].Lit() != "" {
		case true:
			n := c.Args[0].Lit()
			return n == "cd" || n == "pushd" || n == "popd"
		}
	case *syntax.BinaryCmd:
		return c.Op == syntax.AndStmt && lastCd(c.Y)
	}
	return false
}

func failOf(x *syntax.Stmt, s *scope) *cwdState {
	f := s.cdFail
	s.cdFail = nil
	if x.Negated {
		// ! X: X's failure is the statement's success, and the reverse
		switch {
		case f != nil && f.sure:
			s.setDirState(f)
			return nil
		case f != nil:
			b := *s
			b.setDirState(f)
			s.mergeDirs(&b)
		}
		return s.dirState()
	}
	if lastCd(x) {
		return f
	}
	return joinFail(f, s.dirState())
}

// cdOptions is the outcome c's option words allow: bash's cd knows -L,
// -P and -e (and -@, only where the system has Solaris's extended
// attribute directories: never on Linux or macOS), pushd and popd -n
// (and the stack indexes +N, -N); any other option word (cd -x, cd -@,
// cd -L-, cd --help) makes the builtin fail without moving, in bash and
// in the sh family. In zsh and ksh, whose cd takes other options, for -e
// outside bash and for a word not known statically, it may do either.
func (c *cmd) cdOptions(d uint8) int {
	out := cdSucceeds
	for _, f := range c.args {
		if f.dyn || f.glob {
			if strings.HasPrefix(f.s, "-") {
				out = max(out, cdMaybe)
			}
			break // maybe the first operand
		}
		if f.s == "--" || f.s == "-" || !strings.HasPrefix(f.s, "-") {
			break
		}
		if c.name != "cd" && stackIndex(f) {
			break
		}
		letters := f.s[1:]
		if strings.HasPrefix(letters, "-") {
			letters = "?" // --help, --x: no long options
		}
		for _, l := range letters {
			switch {
			case c.name == "cd" && (l == 'L' || l == 'P'), c.name != "cd" && l == 'n':
			case c.name == "cd" && l == 'e':
				if d != dialBash {
					out = max(out, cdMaybe)
				}
			case foreignDialect(d):
				out = max(out, cdMaybe)
			default:
				return cdFails
			}
		}
	}
	return out
}
