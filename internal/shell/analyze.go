package shell

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// Analyze parses src as a bash command line and reports what it does. An
// error means the line does not parse or exceeds a limit; the caller must
// treat it as a deny. Analyze never panics on any input.
func Analyze(src string, opt Options) (*Analysis, error) {
	z := analyzers.Get().(*Analyzer)
	an, err := z.Analyze(src, opt)
	if err == nil {
		analyzers.Put(z) // only a parser that finished cleanly is reused
	}
	return an, err
}

// analyzers keeps parsers across calls: a resident engine analyses every
// command at least twice (a repository scope's reach, then the policy),
// and a parser costs about 6 KB to make.
var analyzers = sync.Pool{New: func() any { return NewAnalyzer() }}

// An Analyzer analyzes command lines, reusing its parser between calls. It
// is not safe for concurrent use; use one per goroutine.
type Analyzer struct {
	parser *syntax.Parser
}

// NewAnalyzer returns an Analyzer.
func NewAnalyzer() *Analyzer {
	return &Analyzer{parser: syntax.NewParser(syntax.Variant(syntax.LangBash))}
}

// Analyze is the package-level Analyze, reusing z's parser.
func (z *Analyzer) Analyze(src string, opt Options) (res *Analysis, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("shell: internal error analyzing command line: %v", r)
		}
	}()
	if err := precheck(src); err != nil {
		return nil, err
	}
	a := &analyzer{opt: opt, res: &Analysis{}, parser: z.parser}
	// The line runs as bash -c LINE: no positional parameters.
	sc := &scope{cwd: cleanAbs(opt.Cwd), cwdKnown: opt.Cwd != "" && path.IsAbs(opt.Cwd), argsKnown: true}
	if opt.PowerShell {
		a.powerShellText(src)              // powershell.go
		a.powerShellEnv(src, sc)           // psenv.go
		src = psLower(PowerShellLine(src)) // psstmt.go
	}
	if err := a.parseAndWalk(src, sc); err != nil {
		return nil, err
	}
	a.followLinks()
	if a.deferred != nil {
		return nil, a.deferred
	}
	return a.res, nil
}

type analyzer struct {
	opt Options
	// rewriting: the write being reported rewrites files that exist and
	// creates none (PathRef.IfExists; formatters.go)
	rewriting bool
	res       *Analysis
	ncmd      int
	nfields   int
	nbytes    int
	// braceParts are the word parts brace expansion copied (braces.go)
	braceParts int
	// scopeCopies are the variables child copied (see child)
	scopeCopies int
	parsed      int              // bytes given to the parser, all levels
	seen        map[markKey]bool // dedup of reported facts
	parser      *syntax.Parser
	// globsAny are glob options turned on where the analysis does not
	// follow how far they flow (see enableGlobs).
	globsAny globFlags
	// ignoreWritten is set once the line writes an ignore file (.gitignore,
	// .ignore, .rgignore, .fdignore): a whitelist in it can make search
	// tools read hidden names.
	ignoreWritten bool
	deferred      error          // first error of a step that could not return it
	readAt        map[string]int // index in res.Reads of the read of a path
	links         []linkDef      // links the line creates (links.go)
	loops         []string       // links the line makes to themselves
	// exported are the variables the line exports (export, declare -x):
	// the programs after it see them (Command.Env)
	exported        map[string]bool
	allExport       bool               // set -a is on: every later assignment is exported (allexport.go)
	exportVals      []string           // values of exported assignments, in any scope (allexport.go)
	funcs           map[string]funcDef // functions the line defines (funcs.go)
	funcCall        int                // calls being analysed
	arithDepth      int                // variable values followed in arithmetic (arith.go)
	assignNext      bool               // the next word expanded is an assignment's value
	lastElems       []string           // the elements assignValue found, when known
	defaultMode     bool               // unknown ${x:-w} expand to w (defaults.go)
	sawDefault      bool               // an unknown ${x:-w} was expanded
	unrolling       bool               // inside a for loop analysed item by item
	written         []writtenFile      // files the line writes (scripts.go)
	writtenOverflow bool               // more files written than kept
	pendingOut      *string            // the output of the statement whose redirections are reported
	intVars         map[string]bool    // variables declared -i somewhere in the line
}

type markKey struct {
	kind byte // 'o' opaque, 'e' env, 'h' host, '0'+pathKind
	a, b string
}

// scope is the shell state static analysis tracks: the cwd, variables
// assigned literally earlier in the line, and how we got here.
type scope struct {
	cwd      string // best known cwd; "" if none was given
	cwdKnown bool
	oldpwd   string
	vars     map[string]varVal // assignments seen so far in this line
	fds      *fdNode           // descriptors the line opened (procpath.go)
	// cmdEnv are the NAME=value words before the command being analysed
	// (its environment, which the programs it runs see).
	cmdEnv map[string]varVal
	// applet is the program that runs the next command when it is an
	// applet of a multi-call binary (busybox sh: busybox runs).
	applet   string
	via      []string
	remote   bool   // inside ssh's remote command: paths are not local
	reparse  int    // levels of re-parsed strings
	nest     int    // nesting within the current parse
	src      string // text of the current parse, for source forms
	funcBody bool
	globs    globFlags // glob options that may be on (shopt, GLOBIGNORE)
	feed     *feed     // what standard input carries, when the line shows it
	// positional parameters ($1…, $@, $#) and $0, when known (params.go)
	args      []string
	argsKnown bool
	arg0      string
	arg0Known bool
	// $_: the last argument of the previous simple command, when known
	last      string
	lastKnown bool
}

type varVal struct {
	val   string
	known bool
	elems *[]string // an array's elements, when known (val is the first)
	// glob: the value is a glob pattern standing for one file it matches
	// (a for loop's variable over a glob)
	glob bool
}

// child returns a copy of sc whose variables are its own. The copies are
// counted for the whole line: a line of thousands of assignments and
// thousands of subshells or branches would copy their product; past
// maxScopeCopies the line is unanalysable (ErrLimit) and the rest of it
// is walked without variables. (Small enough to be inlined: the copy of
// sc then stays on the stack.)
func (a *analyzer) child(sc *scope) *scope {
	c := *sc
	if len(sc.vars) > 0 {
		c.vars = a.copyVars(sc.vars)
	}
	return &c
}

func (a *analyzer) copyVars(vars map[string]varVal) map[string]varVal {
	a.scopeCopies += len(vars)
	if a.scopeCopies > maxScopeCopies {
		if a.deferred == nil {
			a.deferred = limitErr("more than %d variable copies into subshells and branches", maxScopeCopies)
		}
		return nil
	}
	c := make(map[string]varVal, len(vars))
	for k, v := range vars {
		c[k] = v
	}
	return c
}

// merge folds a branch that may or may not have run back into sc: any
// state that differs becomes unknown.
func (sc *scope) merge(b *scope) {
	if b.cwd != sc.cwd || b.cwdKnown != sc.cwdKnown {
		sc.cwdKnown = false
	}
	sc.mergeFDs(b)
	for k, v := range b.vars {
		if old, ok := sc.vars[k]; !ok || old != v {
			sc.setVar(k, "", false)
		}
	}
	sc.globs |= b.globs // an option a branch may have set may be on
	if b.last != sc.last || b.lastKnown != sc.lastKnown {
		sc.lastKnown = false
	}
	if b.argsKnown != sc.argsKnown || !slicesEqual(b.args, sc.args) {
		sc.setArgs(nil, false)
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (sc *scope) setVar(name, val string, known bool) {
	if sc.vars == nil {
		sc.vars = make(map[string]varVal)
	}
	sc.vars[name] = varVal{val: val, known: known}
}

func (sc *scope) withVia(v string) *scope {
	c := *sc
	c.via = append(append([]string(nil), sc.via...), v)
	return &c
}

// lookup returns the static value of a variable, if known.
func (a *analyzer) lookup(sc *scope, name string) (string, bool) {
	if v, ok := sc.cmdEnv[name]; ok {
		return v.val, v.known
	}
	if v, ok := sc.vars[name]; ok {
		return v.val, v.known
	}
	if sc.remote {
		return "", false
	}
	switch name {
	case "HOME":
		return a.opt.Home, a.opt.Home != ""
	case "PWD":
		return sc.cwd, sc.cwdKnown
	case "OLDPWD":
		return sc.oldpwd, sc.oldpwd != ""
	case "IFS":
		return " \t\n", true
	}
	return "", false
}

func (a *analyzer) mark(key markKey) bool {
	if a.seen == nil {
		a.seen = make(map[markKey]bool)
	}
	if a.seen[key] {
		return false
	}
	a.seen[key] = true
	return true
}

func (a *analyzer) opaque(cmd, reason string) {
	if a.mark(markKey{'o', cmd, reason}) {
		a.res.Opaque = append(a.res.Opaque, Opaque{Cmd: cmd, Reason: reason})
	}
}

func (a *analyzer) envRef(sc *scope, name string) {
	if sc.remote || !validName(name) || name == "IFS" {
		return
	}
	if a.mark(markKey{'e', name, ""}) {
		a.res.EnvRefs = append(a.res.EnvRefs, name)
	}
}

type pathKind int

const (
	kRead pathKind = iota
	kWrite
	kDelete
)

// path reports a path effect. p is one expanded field.
func (a *analyzer) path(sc *scope, kind pathKind, f field, cmd, why string) {
	if sc.remote || f.s == "" {
		return
	}
	if a.opt.PowerShell {
		a.psWinNames(sc, kind, f, cmd, why) // psnames.go
	}
	p := f.s
	dyn := f.dyn && !selfPidOnly(p)
	// A candidate write (an argument of a program whose writes are not
	// modelled) is reported, never opaque: the policy decides what it is.
	certain := kind != kRead && !f.cand
	if certain && dyn {
		switch kind {
		case kWrite:
			a.opaque(cmd, "write target not known statically: "+clip(p))
		case kDelete:
			a.opaque(cmd, "delete target not known statically: "+clip(p))
		}
	}
	if kind != kRead && f.proc {
		return
	}
	if kind != kRead && f.tree != nil && f.tree.input {
		a.opaque(cmd, "write or delete target read from input: "+clip(p))
	}
	if strings.HasPrefix(p, "/dev/tcp/") || strings.HasPrefix(p, "/dev/udp/") {
		parts := strings.SplitN(p, "/", 5)
		if len(parts) >= 4 {
			a.host(sc, parts[3], cmd, "/dev/"+parts[2])
		}
		return
	}
	below := f.rec && (f.tree == nil || !f.tree.tracked) // git tracks no /proc file
	environ := kind == kRead && (revealsEnviron(p, f.glob, f.dyn) || below && revealsEnvironBelow(p, f.glob, f.dyn))
	raw := p
	if !path.IsAbs(p) {
		if !sc.cwdKnown && kind != kRead {
			if certain {
				a.opaque(cmd, "relative path under a working directory not known statically: "+clip(p))
			} else {
				dyn = true
			}
		}
		if sc.cwd == "" {
			a.opaque(cmd, "relative path with no working directory: "+clip(p))
			return
		}
		if !a.expandedBytes(len(sc.cwd) + 1) {
			return // joined with a long cwd again and again
		}
		raw = sc.cwd + "/" + p
	}
	ph := a.physical(sc, raw)
	if ph.stream || kind != kRead && discardTarget(ph.path) {
		return // a standard stream, pipe or here-document; /dev/null
	}
	if ph.dyn && !dyn {
		dyn = true
		if certain {
			switch {
			case ph.inherited >= 0:
				a.opaque(cmd, "writes to an inherited file descriptor "+strconv.Itoa(ph.inherited))
			case ph.otherCwd:
				a.opaque(cmd, "path through another process's working directory: "+clip(p))
			default:
				a.opaque(cmd, "path not known statically: "+clip(p))
			}
		}
	}
	abs := ph.path
	if dyn && kind == kRead && !f.glob && strings.HasPrefix(p, "/proc/") && strings.Contains(p, "/root/") && !dynMarked(abs) {
		// /proc/$(pgrep x)/root/PATH: any process's root is the root
		// for a read (the pid is the only part not known)
		dyn = false
	}
	if environ || kind == kRead && (revealsEnviron(abs, f.glob, dyn) || below && revealsEnvironBelow(abs, f.glob, dyn)) {
		a.res.EnvDump = true
	}
	if kind == kWrite && ignoreFiles.Get()[path.Base(abs)] {
		a.ignoreWritten = true
	}
	mk := byte('0' + kind)
	if why == linkNameWhy {
		mk = 'L' // making a link does not hide a later write of its name
	}
	if f.cand {
		if a.seen[markKey{mk, abs, ""}] {
			return // already a certain write
		}
		mk = 'c'
	}
	if kind == kWrite && !f.cand && !(a.pendingOut != nil && strings.HasPrefix(why, "redirect")) {
		a.noteWrite(abs, cmd, "", false, false) // its text is no longer known
	}
	ref := PathRef{Path: abs, Cmd: cmd, Why: why, Dynamic: dyn, Glob: f.glob, Recursive: f.rec && kind == kRead, Candidate: f.cand && kind == kWrite}
	a.refFacts(&ref, f, sc)
	ref.IfExists = kind == kWrite && a.rewriting
	if !a.mark(markKey{mk, abs, ""}) {
		if kind == kRead {
			a.mergeRead(abs, ref) // the same path read again, perhaps more widely
		} else if kind == kWrite {
			a.mergeWrite(abs, a.rewriting)
		}
		return
	}
	switch kind {
	case kRead:
		if a.readAt == nil {
			a.readAt = make(map[string]int)
		}
		a.readAt[abs] = len(a.res.Reads)
		a.res.Reads = append(a.res.Reads, ref)
		a.contentAliasRead(sc, abs, cmd)
	case kWrite:
		a.res.Writes = append(a.res.Writes, ref)
	case kDelete:
		a.res.Deletes = append(a.res.Deletes, ref)
	}
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func cleanAbs(p string) string {
	if p == "" || !path.IsAbs(p) {
		return p
	}
	return path.Clean(p)
}

// parseAndWalk parses src and walks it in sc (whose src is replaced).
func (a *analyzer) parseAndWalk(src string, sc *scope) error {
	if sc.reparse > MaxReparse {
		return limitErr("more than %d levels of nested shell strings", MaxReparse)
	}
	a.parsed += len(src)
	if a.parsed > 2*MaxLineBytes {
		return limitErr("more than %d bytes of shell code parsed, counting re-parsed strings", 2*MaxLineBytes)
	}
	if sc.reparse > 0 {
		if err := precheck(src); err != nil {
			return err
		}
	}
	f, err := a.parser.Parse(strings.NewReader(src), "")
	if err != nil {
		return fmt.Errorf("shell: command line does not parse: %w", err)
	}
	inner := *sc
	inner.src = src
	inner.nest = 0
	if err := a.stmts(f.Stmts, &inner); err != nil {
		return err
	}
	// State flows out of a re-parsed string (eval, source of a literal):
	// keep cwd and variables.
	sc.cwd, sc.cwdKnown, sc.oldpwd, sc.vars, sc.globs, sc.fds = inner.cwd, inner.cwdKnown, inner.oldpwd, inner.vars, inner.globs, inner.fds
	sc.args, sc.argsKnown, sc.last, sc.lastKnown = inner.args, inner.argsKnown, inner.last, inner.lastKnown
	return nil
}

// reparse analyzes a statically known string as shell code run by cmd.
func (a *analyzer) reparse(code string, sc *scope, via string, remote bool) error {
	c := a.child(sc).withVia(via)
	c.reparse++
	if remote {
		c.remote = true
		c.cwd, c.cwdKnown = "", false
	}
	return a.parseAndWalk(code, c)
}

func (a *analyzer) stmts(list []*syntax.Stmt, sc *scope) error {
	for _, s := range list {
		if err := a.stmt(s, sc); err != nil {
			return err
		}
	}
	return nil
}

func (a *analyzer) enter(sc *scope) (*scope, error) {
	if sc.nest >= MaxNesting {
		return nil, limitErr("more than %d levels of nesting", MaxNesting)
	}
	c := *sc
	c.nest++
	return &c, nil
}

func (a *analyzer) stmt(s *syntax.Stmt, sc *scope) error {
	if s == nil {
		return nil
	}
	if a.deferred != nil {
		return a.deferred // the line is unanalysable already: stop the walk
	}
	// Redirections are made before the command runs, in the shell state
	// before it (cd x > f writes ./f): the command sees the descriptors
	// they open, and they are reported in that state.
	var before scope
	var base *fdNode
	if len(s.Redirs) > 0 {
		before, base = *sc, sc.fds
		sc.fds = a.fdView(s.Redirs, sc)
	}
	name := ""
	var err error
	if f, ok := a.redirFeed(s.Redirs, sc); ok {
		if f == nil {
			f = &feed{} // a file or descriptor whose content is not known
		}
		saved := sc.feed
		sc.feed = f
		defer func() { sc.feed = saved }()
	}
	if s.Cmd != nil {
		if s.Background || s.Coprocess || s.Disown {
			// runs in a subshell: cd and assignments do not flow back
			err = a.isolated(sc, func(c *scope) error {
				var err error
				name, err = a.command(s.Cmd, c)
				return err
			})
		} else {
			name, err = a.command(s.Cmd, sc)
		}
		if err != nil {
			return err
		}
	}
	if len(s.Redirs) == 0 {
		return nil
	}
	if name == "" {
		name = "redirect"
	}
	if hasOutRedir(s.Redirs) {
		if text, ok := a.stdoutText(s, &before); ok {
			a.pendingOut = &text
		}
	}
	err = a.redirects(s.Redirs, &before, name)
	a.pendingOut = nil
	if err != nil {
		return err
	}
	if isBareExec(s.Cmd) {
		sc.fds = before.fds // exec without a command: the descriptors stay open
	} else {
		sc.restoreFDs(s.Redirs, base)
	}
	return nil
}

// nested runs fn on a nested scope that shares state with sc (a { } group,
// the sides of &&), then copies the state back.
func (a *analyzer) nested(sc *scope, fn func(*scope) error) error {
	c, err := a.enter(sc)
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	sc.cwd, sc.cwdKnown, sc.oldpwd, sc.vars, sc.globs, sc.fds = c.cwd, c.cwdKnown, c.oldpwd, c.vars, c.globs, c.fds
	sc.args, sc.argsKnown, sc.last, sc.lastKnown = c.args, c.argsKnown, c.last, c.lastKnown
	return nil
}

// isolated runs fn in a copy of sc whose changes do not flow back (a
// subshell, a pipeline side, a substitution).
func (a *analyzer) isolated(sc *scope, fn func(*scope) error) error {
	c, err := a.enter(a.child(sc))
	if err != nil {
		return err
	}
	return fn(c)
}

// branch runs fn in a copy of sc whose changes may or may not have happened.
func (a *analyzer) branch(sc *scope, fn func(*scope) error) error {
	c, err := a.enter(a.child(sc))
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	sc.merge(c)
	return nil
}

// command walks one command node and returns the name of the simple
// command it runs, if it is one (for redirect attribution).
func (a *analyzer) command(cmd syntax.Command, sc *scope) (string, error) {
	switch c := cmd.(type) {
	case *syntax.CallExpr:
		return a.call(c, sc)
	case *syntax.Block:
		return "", a.nested(sc, func(s *scope) error { return a.stmts(c.Stmts, s) })
	case *syntax.Subshell:
		return "", a.psIsolated(sc, func(s *scope) error { return a.stmts(c.Stmts, s) })
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.AndStmt:
			return "", a.nested(sc, func(s *scope) error {
				if err := a.stmt(c.X, s); err != nil {
					return err
				}
				return a.stmt(c.Y, s)
			})
		case syntax.OrStmt:
			return "", a.nested(sc, func(s *scope) error {
				if err := a.stmt(c.X, s); err != nil {
					return err
				}
				return a.branch(s, func(b *scope) error { return a.stmt(c.Y, b) })
			})
		default: // pipes: each side runs in a subshell
			if err := a.psIsolated(sc, func(s *scope) error {
				s.setFD(1, fdVal{kind: fdPipe})
				if c.Op == syntax.PipeAll {
					s.setFD(2, fdVal{kind: fdPipe})
				}
				return a.stmt(c.X, s)
			}); err != nil {
				return "", err
			}
			// With shopt -s lastpipe the last side runs in this shell:
			// what it changes becomes unknown. Its input is the pipe.
			var last *scope
			defer func() { a.psKeepLocation(sc, last) }()
			return "", a.branch(sc, func(s *scope) error {
				last = s
				if s.feed = a.feedOf(c.X, s.feed, s); s.feed == nil {
					s.feed = &feed{} // a pipe whose content is not known
				}
				old, had := s.fdLookup(0)
				s.setFD(0, fdVal{kind: fdPipe})
				err := a.stmt(c.Y, s)
				if had {
					s.setFD(0, old)
				} else {
					s.unsetFD(0)
				}
				return err
			})
		}
	case *syntax.IfClause:
		return "", a.nested(sc, func(s *scope) error {
			for cl := c; cl != nil; cl = cl.Else {
				if err := a.stmts(cl.Cond, s); err != nil {
					return err
				}
				cl := cl
				if err := a.branch(s, func(b *scope) error { return a.stmts(cl.Then, b) }); err != nil {
					return err
				}
			}
			return nil
		})
	case *syntax.WhileClause:
		return "", a.branch(sc, func(s *scope) error {
			if err := a.stmts(c.Cond, s); err != nil {
				return err
			}
			return a.stmts(c.Do, s)
		})
	case *syntax.ForClause:
		return "", a.branch(sc, func(s *scope) error {
			switch l := c.Loop.(type) {
			case *syntax.WordIter:
				fs, err := a.fields(l.Items, s, true)
				if err != nil {
					return err
				}
				for _, f := range fs {
					a.path(s, kRead, f, "for", "loop item")
				}
				if l.Name != nil {
					s.setVar(l.Name.Value, "", false)
					a.assignExported(l.Name.Value, "", false, false)
					for _, f := range fs {
						a.assignHosts(s, "for", l.Name.Value, f.s, !f.dyn && !f.glob)
					}
					if a.unrollable(fs) {
						return a.unroll(l.Name.Value, fs, c.Do, s)
					}
				}
			case *syntax.CStyleLoop:
				for _, x := range []syntax.ArithmExpr{l.Init, l.Cond, l.Post} {
					if err := a.arith(x, s); err != nil {
						return err
					}
				}
			}
			return a.stmts(c.Do, s)
		})
	case *syntax.CaseClause:
		return "", a.nested(sc, func(s *scope) error {
			if _, err := a.wordFields(c.Word, s, false); err != nil {
				return err
			}
			for _, it := range c.Items {
				if _, err := a.fields(it.Patterns, s, false); err != nil {
					return err
				}
				it := it
				if err := a.branch(s, func(b *scope) error { return a.stmts(it.Stmts, b) }); err != nil {
					return err
				}
			}
			return nil
		})
	case *syntax.FuncDecl:
		if c.Name != nil {
			a.defineFunc(c.Name.Value, c.Body, sc.src)
			if selfSpawning(c.Name.Value, c.Body) {
				a.opaque(c.Name.Value, "the function "+c.Name.Value+" starts copies of itself in the background or a pipeline (a fork bomb exhausts the machine's processes)")
			}
		}
		return "", a.isolated(sc, func(s *scope) error {
			s.funcBody = true
			s.setArgs(nil, false) // called with any arguments
			return a.stmt(c.Body, s)
		})
	case *syntax.ArithmCmd:
		return "", a.arith(c.X, sc)
	case *syntax.LetClause:
		for _, x := range c.Exprs {
			if err := a.arith(x, sc); err != nil {
				return "", err
			}
		}
		return "", nil
	case *syntax.TestClause:
		return "", a.test(c.X, sc)
	case *syntax.DeclClause:
		return a.decl(c, sc)
	case *syntax.TimeClause:
		return "", a.nested(sc.withVia("time"), func(s *scope) error { return a.stmt(c.Stmt, s) })
	case *syntax.CoprocClause:
		return "", a.isolated(sc.withVia("coproc"), func(s *scope) error { return a.stmt(c.Stmt, s) })
	case *syntax.TestDecl:
		return "", a.isolated(sc, func(s *scope) error { return a.stmt(c.Body, s) })
	}
	return "", fmt.Errorf("shell: unsupported command node %T", cmd)
}

func (a *analyzer) test(x syntax.TestExpr, sc *scope) error {
	switch t := x.(type) {
	case *syntax.BinaryTest:
		if arithTestOp(t.Op) {
			if err := a.arithOperand(t.X, sc); err != nil {
				return err
			}
			return a.arithOperand(t.Y, sc)
		}
		if err := a.test(t.X, sc); err != nil {
			return err
		}
		return a.test(t.Y, sc)
	case *syntax.UnaryTest:
		if w, ok := t.X.(*syntax.Word); ok && (t.Op == syntax.TsVarSet || t.Op == syntax.TsRefVar) {
			f, err := a.oneField(w, sc)
			if err != nil {
				return err
			}
			return a.varNameArg(f, sc)
		}
		return a.test(t.X, sc)
	case *syntax.ParenTest:
		return a.test(t.X, sc)
	case *syntax.Word:
		_, err := a.wordFields(t, sc, false)
		return err
	}
	return nil
}

func (a *analyzer) arith(x syntax.ArithmExpr, sc *scope) error {
	switch t := x.(type) {
	case nil:
		return nil
	case *syntax.BinaryArithm:
		if err := a.arith(t.X, sc); err != nil {
			return err
		}
		return a.arith(t.Y, sc)
	case *syntax.UnaryArithm:
		return a.arith(t.X, sc)
	case *syntax.ParenArithm:
		return a.arith(t.X, sc)
	case *syntax.FlagsArithm:
		return a.arith(t.X, sc)
	case *syntax.Word:
		if lit := t.Lit(); lit != "" {
			if validName(lit) {
				a.envRef(sc, lit)
				return a.arithName(lit, sc)
			}
			return nil
		}
		// an expansion's result is evaluated as an expression in turn
		f, err := a.oneField(t, sc)
		if err != nil || f.dyn {
			return err
		}
		return a.arithText(f.s, sc)
	}
	return nil
}

func (a *analyzer) decl(c *syntax.DeclClause, sc *scope) (string, error) {
	variant := c.Variant.Value
	args := []string{}
	var opts string
	names := 0
	for _, as := range c.Args {
		switch {
		case as.Name == nil && as.Value != nil: // option or dynamic name
			f, err := a.oneField(as.Value, sc)
			if err != nil {
				return "", err
			}
			args = append(args, f.s)
			if strings.HasPrefix(f.s, "-") || strings.HasPrefix(f.s, "+") {
				opts += f.s
			} else {
				names++
				a.envRef(sc, f.s)
				if err := a.varNameArg(f, sc); err != nil {
					return "", err
				}
				if n, v, ok := strings.Cut(f.s, "="); ok && !f.dyn {
					if intOpt(opts) {
						a.intDecl(n)
					}
					if err := a.intAssign(n, v, true, sc); err != nil {
						return "", err
					}
				}
			}
		case as.Name != nil:
			names++
			name := as.Name.Value
			a.envRef(sc, name)
			if intOpt(opts) && variant != "export" {
				a.intDecl(name)
			}
			if as.Naked {
				args = append(args, name)
				continue
			}
			val, known, err := a.assignValue(as, sc)
			if err != nil {
				return "", err
			}
			if err := a.intAssign(name, val, known, sc); err != nil {
				return "", err
			}
			args = append(args, name+"="+val)
			if strings.Contains(opts, "n") {
				// nameref: $name reads the variable named by val
				if known {
					a.envRef(sc, val)
					if err := a.varNameArg(field{s: val}, sc); err != nil {
						return "", err
					}
				} else {
					a.opaque(variant, "name reference to a variable named at run time")
				}
				known = false
			}
			if !sc.funcBody || variant != "local" {
				sc.setVar(name, val, known)
				a.assignExported(name, val, known, variant == "export" || strings.Contains(opts, "x"))
				if a.lastElems != nil {
					sc.setArray(name, a.lastElems)
				}
			}
			if err := a.dangerousEnv(sc, variant, name, val, known); err != nil {
				return "", err
			}
		}
	}
	a.record(variant, variant, args, sc, false)
	if variant == "export" || strings.Contains(opts, "x") {
		for _, as := range c.Args {
			if as.Name != nil {
				a.export(as.Name.Value)
			} else if as.Value != nil {
				if n, _, _ := strings.Cut(as.Value.Lit(), "="); validName(n) {
					a.export(n)
				}
			}
		}
	}
	if names == 0 {
		switch variant {
		case "export", "declare", "typeset", "readonly":
			// export / export -p / declare -x / declare -p / typeset -x / declare alone
			if opts == "" || strings.ContainsAny(opts, "px") {
				a.res.EnvDump = true
			}
		}
	}
	return variant, nil
}

func (a *analyzer) assignValue(as *syntax.Assign, sc *scope) (string, bool, error) {
	a.lastElems = nil
	if as.Array != nil {
		elems := []string{}
		for _, el := range as.Array.Elems {
			if el.Index != nil {
				elems = nil // a sparse array
				if err := a.arith(el.Index, sc); err != nil {
					return "", false, err
				}
			}
			if el.Value != nil {
				fs, err := a.fields([]*syntax.Word{el.Value}, sc, true)
				if err != nil {
					return "", false, err
				}
				for _, f := range fs {
					if f.dyn || f.glob {
						elems = nil
					}
					if elems != nil {
						elems = append(elems, f.s)
					}
				}
			}
		}
		if !as.Append && as.Index == nil {
			a.lastElems = elems
		}
		return "(…)", false, nil
	}
	if as.Index != nil {
		if err := a.arith(as.Index, sc); err != nil {
			return "", false, err
		}
	}
	if as.Value == nil {
		return "", true, nil
	}
	a.assignNext = true
	f, err := a.oneField(as.Value, sc)
	if err != nil {
		return "", false, err
	}
	known := !f.dyn
	if as.Append || as.Index != nil {
		known = false
	}
	return f.s, known, nil
}

func (a *analyzer) call(c *syntax.CallExpr, sc *scope) (string, error) {
	// Assignments alone change the shell; before a command they only
	// change its environment (and are expanded first, in order).
	type pending struct {
		name, val string
		known     bool
	}
	var envs []pending
	for _, as := range c.Assigns {
		if as.Name == nil {
			continue
		}
		val, known, err := a.assignValue(as, sc)
		if err != nil {
			return "", err
		}
		if err := a.intAssign(as.Name.Value, val, known, sc); err != nil {
			return "", err
		}
		if len(c.Args) == 0 {
			sc.setVar(as.Name.Value, val, known)
			a.assignExported(as.Name.Value, val, known, false)
			if a.lastElems != nil {
				sc.setArray(as.Name.Value, a.lastElems)
			}
			if as.Name.Value == "PWD" || as.Name.Value == "HOME" {
				continue
			}
		}
		envs = append(envs, pending{as.Name.Value, val, known})
	}
	if len(c.Args) == 0 {
		for _, e := range envs {
			if err := a.dangerousEnv(sc, "assignment", e.name, e.val, e.known); err != nil {
				return "", err
			}
		}
		return "", nil
	}
	outer := a.sawDefault
	a.sawDefault = false
	fs, err := a.fields(c.Args, sc, true)
	if err != nil {
		return "", err
	}
	var alt []field
	if a.sawDefault && !a.defaultMode {
		n := len(a.res.Commands)
		if alt, err = a.defaultFields(c.Args, sc); err != nil {
			return "", err
		}
		// the substitutions walked again were recorded the first time
		a.res.Commands = a.res.Commands[:n]
		if sameFields(alt, fs) {
			alt = nil
		}
	}
	a.sawDefault = outer
	if len(fs) == 0 {
		return "", nil
	}
	name := progName(fs[0])
	var env map[string]varVal
	for _, e := range envs {
		if env == nil {
			env = make(map[string]varVal, len(envs)+len(sc.cmdEnv))
			for k, v := range sc.cmdEnv {
				env[k] = v
			}
		}
		env[e.name] = varVal{val: e.val, known: e.known}
	}
	old := sc.cmdEnv
	if env != nil {
		sc.cmdEnv = env
	}
	for _, e := range envs {
		if err = a.dangerousEnv(sc, name, e.name, e.val, e.known); err != nil {
			break
		}
	}
	if err == nil {
		err = a.simple(fs, sc)
	}
	if err == nil && len(alt) > 0 {
		err = a.simple(alt, sc.withVia("${…:-default}"))
	}
	sc.cmdEnv = old
	return name, err
}

func progName(f field) string {
	if f.dyn {
		return f.s
	}
	s := f.s
	if i := strings.LastIndexByte(s, '/'); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	return s
}

// record adds one Command to the analysis; prog is the program word as
// run (a name or a path), "" for shell keywords and declarations.
func (a *analyzer) record(name, prog string, args []string, sc *scope, dyn bool) {
	line := name
	if len(args) > 0 {
		line = name + " " + strings.Join(args, " ")
	}
	cwd := sc.cwd
	if !sc.cwdKnown {
		cwd = ""
	}
	a.res.Commands = append(a.res.Commands, Command{
		Name:    name,
		Prog:    prog,
		Args:    args,
		Line:    line,
		Cwd:     cwd,
		Via:     append([]string(nil), sc.via...),
		Dynamic: dyn,
		Env:     a.commandEnv(sc),
	})
}

// commandEnv lists the environment assignments in effect in sc.
func (a *analyzer) commandEnv(sc *scope) []string {
	if len(sc.cmdEnv) == 0 && len(a.exported) == 0 {
		return nil
	}
	var env []string
	for k, v := range sc.cmdEnv {
		env = append(env, k+"="+v.val)
	}
	for k := range a.exported {
		if _, ok := sc.cmdEnv[k]; ok {
			continue
		}
		if v, ok := sc.vars[k]; ok {
			env = append(env, k+"="+v.val)
		}
	}
	n := 0
	for _, e := range env {
		n += len(e)
	}
	if !a.expandedBytes(n) {
		return nil
	}
	sort.Strings(env)
	return env
}

// export notes that the line exports name.
func (a *analyzer) export(name string) {
	if a.exported == nil {
		a.exported = make(map[string]bool)
	}
	a.exported[name] = true
}

// intOpt reports whether declaration options give the integer
// attribute (-i, -ia, -ix…).
func intOpt(opts string) bool {
	for _, o := range strings.Fields(strings.ReplaceAll(opts, "-", " -")) {
		if strings.HasPrefix(o, "-") && strings.Contains(o, "i") {
			return true
		}
	}
	return false
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}
