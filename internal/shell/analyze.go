package shell

import (
	"fmt"
	"path"
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
	if strings.ContainsRune(src, crMark) {
		// the parser's stand-in for a carriage return (crlf.go)
		return nil, fmt.Errorf("shell: command line contains the private-use character %U", crMark)
	}
	a := &analyzer{opt: opt, res: &Analysis{}, parser: z.parser}
	// The line runs as bash -c LINE: no positional parameters.
	sc := &scope{cwd: cleanAbs(opt.Cwd), cwdKnown: opt.Cwd != "" && path.IsAbs(opt.Cwd) && !opt.CwdUnknown, argsKnown: true, arg0Shell: true, log: &a.binds, kept: &keptLog{}}
	sc.noArith = opt.PosixSh // shdialects.go
	if opt.PosixSh {
		sc.posix = posixMaybe // posixspecial.go
		sc.dialect = dialSh   // dialectstate.go
	}
	if opt.PowerShell {
		a.powerShellText(src)              // powershell.go
		a.powerShellEnv(src, sc)           // psenv.go
		src = psLower(PowerShellLine(src)) // psstmt.go
	}
	if err := a.parseAndWalk(src, sc); err != nil {
		return nil, err
	}
	if err := a.trapsAtEnd(sc); err != nil { // traps.go
		return nil, err
	}
	endCwd(a.res, sc)  // endcwd.go
	a.keptState(sc)    // keptstate.go
	a.judgeLaterRuns() // writtencode.go
	a.followDotDots()  // dotdot.go
	a.followLinks()
	if a.deferred != nil {
		return nil, a.deferred
	}
	return a.res, nil
}

type analyzer struct {
	// loudJob: a background job may write to the line's output after
	// it ends (keptwrapper.go)
	loudJob bool
	// shellRuns: the next simple command is run by the line's shell
	// itself (codeshells.go)
	shellRuns bool
	// foreignScan: expanding a word not the same under a foreign
	// dialect only for what it references (expand.go)
	foreignScan bool
	opt         Options
	// rewriting: the write being reported rewrites files that exist and
	// creates none (PathRef.IfExists; formatters.go)
	rewriting bool
	// sandboxBind: the mount being reported is a sandbox's bind, whose
	// command is analysed and notes its own writes (sandboxbinds.go)
	sandboxBind bool
	// concurrent: the depth of pipelines and background jobs; looping:
	// loop bodies walked a second time; writeSeq: the writes noted so
	// far (writtencode.go, scripts.go)
	concurrent uint16
	looping    uint8
	// optsFDDepth: descriptors of a runner's options read in turn
	// (containerenv.go optsFromFD)
	optsFDDepth uint8
	writeSeq    int32
	reruns      *reruns // commands judged again at the line's end
	res         *Analysis
	ncmd        int
	nfields     int
	nbytes      int
	// braceParts are the word parts brace expansion copied (braces.go)
	braceParts int
	// scopeCopies are the variables child copied (see child)
	scopeCopies int
	parsed      int              // bytes given to the parser, all levels
	seen        map[markKey]bool // dedup of reported facts, once seenFew is full
	seenFew     []markKey        // the first fewMarks of them (mark)
	parser      *syntax.Parser
	// globsAny are glob options turned on where the analysis does not
	// follow how far they flow (see enableGlobs).
	globsAny globFlags
	// posixAny: POSIX mode may have been turned on where the analysis
	// does not follow it (posixspecial.go)
	posixAny bool
	// traps are the traps in force, per signal, analysed again where
	// they may fire (traps.go); inTrap: such an analysis is under way
	traps  []trapDef
	inTrap bool
	// funcDefs: the functions defined so far (inshell.go)
	funcDefs int32
	// jumped: the jumps (return, break, continue) the statement just
	// walked may take; inCond: walking an if or while condition, where
	// a failure does not fire ERR (inshell.go)
	jumped uint16
	inCond uint8
	// cdRaw: the directory the cd being walked goes to, joined, before
	// it is cleaned; cdTwo: it was given a second operand (cdfail.go)
	cdRaw string
	cdTwo bool
	// funcRecs: the records (index → line) of calls walked as functions
	// the line defined, whose body's commands are recorded themselves
	// (cdfail.go lineTouches)
	funcRecs map[int]string
	// dirs: Options.Dirs's answers so far, by path (cdfail.go)
	dirs map[string]dirAnswer
	// touched: what the commands recorded so far say about a cd's
	// target, scanned once each (cdfail.go lineTouches)
	touched touchScan
	// condWord: expanding the word of ${x:-W}, ${x:=W}, ${x:+W}, …,
	// which bash expands only when x's state says so (shellvars.go
	// paramAssign)
	condWord uint8
	// stackDirs are the values the line assigned to DIRSTACK (zsh's
	// dirstack); stackAny: one not known (dirstackvar.go)
	stackDirs []string
	stackAny  bool
	// ignoreWritten is set once the line writes an ignore file (.gitignore,
	// .ignore, .rgignore, .fdignore): a whitelist in it can make search
	// tools read hidden names.
	ignoreWritten bool
	deferred      error          // first error of a step that could not return it
	readAt        map[string]int // index in res.Reads of the read of a path
	links         []linkDef      // links the line creates (links.go)
	dotRefs       []dotRef       // paths with `..` after a name (dotdot.go)
	loops         []string       // links the line makes to themselves
	// exported are the variables the line exports (export, declare -x):
	// the programs after it see them (Command.Env)
	exported   map[string]bool
	allExport  bool     // set -a is on: every later assignment is exported (allexport.go)
	exportVals []string // values of exported assignments, in any scope (allexport.go)
	// noFunc: the next simple command is run by a wrapper: not a
	// function (funcs.go)
	noFunc          bool
	funcCall        int               // calls being analysed
	binds           bindLog           // the line's variable bindings (varstore.go)
	arithDepth      int               // variable values followed in arithmetic (arith.go)
	assignNext      bool              // the next word expanded is an assignment's value
	lastElems       []string          // the elements assignValue found, when known
	defaultMode     bool              // unknown ${x:-w} expand to w (defaults.go)
	sawDefault      bool              // an unknown ${x:-w} (or an echo of two readings: echo.go) was expanded
	echoAlt         bool              // a command's words are expanded: a second reading follows (echo.go)
	unrolling       bool              // inside a for loop analysed item by item
	selectIn        *string           // the input a select statement's own redirection shows (selectloop.go)
	writtenOverflow bool              // more files written than kept
	written         []writtenFile     // files the line writes (scripts.go)
	tmuxServer      string            // the socket of the tmux server being told (tmux.go)
	pendingOut      *string           // the output of the statement whose redirections are reported
	product         product           // what the command being analysed vouches for (writtencode.go)
	stdout          bool              // the write being noted is a redirected output
	intVars         map[string]bool   // variables declared -i somewhere in the line
	discardAt       *syntax.Stmt      // walked as a branch: its expansion may fail (discard.go)
	renames         []rename          // command names the line made run something else (renames.go)
	renaming        int               // programs being followed from one command (renames.go)
	namerefs        map[string]string // name references: name → target (shellvars.go)
	pendingWrites   []pendingWrite    // writes inside expansions, judged at the statement's end
	searchDirs      []string          // directories the line puts in a search path (renames.go)
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
	// cwdAlts: directories below which the command may run when the
	// cwd is not known (find -execdir's start paths; cwdalts.go)
	cwdAlts []string
	// homeCwd: the cwd is a login shell's home (sudo -i, su -; the
	// usual layout, not a certainty): a relative read is judged there,
	// not in any directory, while cwd is still homeCwd (cwdalts.go)
	homeCwd string
	// cwdMaybe: when the cwd is not known, the only other directory it
	// may be (a branch that moved there: cwdalts.go); cleared wherever
	// the cwd becomes not known otherwise
	cwdMaybe []string
	// pushed: the directories pushd pushed, known (popd goes back to
	// the last); stackLost: one was not known, or the stack was turned
	pushed    []string
	stackLost bool
	oldpwd    string
	// made: directories mkdir made on every path here; cdFail: the
	// directory state had the last command, a cd that may fail, failed
	// (cdfail.go)
	made   []string
	cdFail *cwdState
	vars   map[string]varVal // assignments seen so far in this line
	log    *bindLog          // the line's bindings, shared by its scopes (varstore.go)
	cdSeq  int32             // the binding number of the last cd (varstore.go)
	fds    *fdNode           // descriptors the line opened (procpath.go)
	// cmdEnv are the NAME=value words before the command being analysed
	// (its environment, which the programs it runs see).
	cmdEnv map[string]varVal
	// applet is the program that runs the next command when it is an
	// applet of a multi-call binary (busybox sh: busybox runs).
	applet string
	via    []string
	remote bool // inside ssh's remote command: paths are not local
	// cont: inside a container's command, whose paths are the container's
	// and reach host files through mounts (containerview.go)
	cont *containerView
	// noArith: the code runs under a shell that may have no (( ))
	// command (dash, ash: shdialects.go)
	noArith bool
	// posix: how sure the analysis is that the shell is in POSIX mode
	// (posixspecial.go)
	posix uint8
	// dialect: the shell that runs the code (dialectstate.go)
	dialect uint8
	// zopts: the zsh expansion options that may be on (zshopttables.go)
	zopts uint8
	// argv0: the name the next command runs under (exec -a, env
	// --argv0), for the shell it may be (dialectstate.go)
	argv0    *field
	reparse  int    // levels of re-parsed strings
	nest     int    // nesting within the current parse
	src      string // text of the current parse, for source forms
	funcBody bool
	// locals: the names local to the running function or a caller's,
	// sure (true) or maybe (a branch declared them: locals.go)
	locals map[string]bool
	globs  globFlags // glob options that may be on (shopt, GLOBIGNORE)
	feed   *feed     // what standard input carries, when the line shows it
	// positional parameters ($1…, $@, $#) and $0, when known (params.go)
	args      []string
	argsKnown bool
	arg0      string
	arg0Known bool
	// arg0Shell: $0 is the name the shell itself was started by (the
	// line's own shell, sh -c CODE without NAME), not a script's path
	arg0Shell bool
	// $_: the last argument of the previous simple command, when known
	last      string
	lastKnown bool
	// funcs: the functions defined in this shell (funcs.go)
	funcs funcTable
	// ro: the readonly variables (readonly.go)
	ro roTable
	// attrs: the case, integer and reference attributes (varattrs.go)
	attrs attrTable
	// exp: the variables exported here by name (export, declare -x:
	// childenv.go), surely (true) or maybe (false: in a branch), shared by
	// copies and copied when changed (setExported); what a binding under
	// set -a exports is its varVal.exp
	exp map[string]bool
	// allExport: set -a is on (expSure), maybe on (expMaybe) or off
	// (allexport.go)
	allExport uint8
	// envCut: what env -i / env -u removed from the environment of the
	// command being analysed (childenv.go)
	envCut *envCut
	// kept: what the line's own shell leaves for the agent's next call;
	// nil in a subshell or a new process (keptstate.go)
	kept *keptLog
}

type varVal struct {
	val   string
	known bool
	elems *[]string // an array's elements, when known (val is the first)
	// glob: the value is a glob pattern standing for one file it matches
	// (a for loop's variable over a glob)
	glob bool
	seq  int32 // the binding's number (varstore.go)
	// exp: the export attribute a binding under set -a gave the
	// variable, kept by later bindings (allexport.go): expSure, expMaybe
	exp uint8
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
	b.settleFail() // cdfail.go
	// a branch that moved to another known directory (pushd src && … &&
	// popd): the cwd is one of the two (cwdalts.go; inshell.go)
	sc.mergeDirs(b)
	if b.posix != sc.posix {
		sc.posix = posixMaybe
	}
	sc.mergeFDs(b)
	for k, v := range b.vars {
		old, ok := sc.vars[k]
		if !ok || old.val != v.val || old.known != v.known || old.elems != v.elems || old.glob != v.glob || old.seq != v.seq {
			sc.forgetVar(k)
		}
		if e := foldExport(old.exp, v.exp); e != sc.vars[k].exp {
			sc.setVarExport(k, e) // allexport.go
		}
	}
	for k, v := range sc.vars {
		if _, ok := b.vars[k]; !ok && v.exp != 0 {
			sc.setVarExport(k, foldExport(v.exp, 0))
		}
	}
	// after the values: a name readonly in b keeps no value of sc's
	sc.mergeRO(b)
	// case, integer and reference attributes (varattrs.go)
	sc.mergeAttrs(b)
	sc.globs |= b.globs | bothWays(sc.globs, b.globs) // an option a branch may have set may be on
	if b.last != sc.last || b.lastKnown != sc.lastKnown {
		sc.lastKnown = false
	}
	if b.argsKnown != sc.argsKnown || !slicesEqual(b.args, sc.args) {
		sc.setArgs(nil, false)
	}
	// an option a branch may have set may be on; a dialect that differs
	// is any shell's (red-team round 22, #6)
	sc.zopts |= b.zopts
	sc.noArith = sc.noArith || b.noArith
	if b.dialect != sc.dialect {
		sc.dialect = dialAny
	}
	sc.mergeFuncs(b)    // funcs.go
	sc.mergeLocals(b)   // locals.go
	sc.mergeExported(b) // childenv.go
	sc.allExport = foldExport(sc.allExport, b.allExport)
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

func (sc *scope) withVia(v string) *scope {
	c := *sc
	c.via = append(append([]string(nil), sc.via...), v)
	return &c
}

// lookup returns the static value of a variable, if known.
func (a *analyzer) lookup(sc *scope, name string) (string, bool) {
	name, ok := a.refRead(sc, name) // a name reference's target (varattrs.go)
	if !ok {
		return "", false
	}
	if v, ok := sc.cmdEnv[name]; ok {
		return v.val, v.known
	}
	if v, ok := sc.varEntry(name); ok { // varstore.go
		return v.val, v.known
	}
	if sc.remote || sc.trackedStale(name) || sc.cont != nil && !sc.cont.identity && name == "HOME" {
		return "", false // a remote host's, rebound elsewhere (varstore.go), a container's (containerview.go)
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

// fewMarks is how many facts the analysis keeps in a list, compared
// one by one, before it moves them to a map: most lines report fewer.
const fewMarks = 8

// marked reports whether key was marked.
func (a *analyzer) marked(key markKey) bool {
	if a.seen != nil {
		return a.seen[key]
	}
	for i := range a.seenFew {
		if a.seenFew[i] == key {
			return true
		}
	}
	return false
}

// mark marks key, and reports whether it was not marked before.
func (a *analyzer) mark(key markKey) bool {
	if a.marked(key) {
		return false
	}
	if a.seen == nil {
		if len(a.seenFew) < fewMarks {
			a.seenFew = append(a.seenFew, key)
			return true
		}
		a.seen = make(map[markKey]bool, 4*fewMarks)
		for _, k := range a.seenFew {
			a.seen[k] = true
		}
		a.seenFew = nil
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
	if sc.cont != nil {
		a.containerRef(sc, kind, f, cmd, why) // containerview.go
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
	if dyn && sc.arg0Shell && !sc.argv0Bound() && (p == "$0" || p == "${0}") {
		return // the name of the line's own shell (bash, /bin/bash): its program
	}
	if !path.IsAbs(p) && dyn && leadingDynamic(p) {
		// "$y/id_rsa": the unknown leading part may be absolute, so the
		// path is in any directory (cwdalts.go)
		raw = anyDirRest(p)
	} else if !path.IsAbs(p) {
		if !sc.cwdKnown {
			a.otherCwds(sc, kind, f, cmd, why) // cwdalts.go
		}
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
	if dyn {
		raw = climbPastDynamic(raw) // $(cmd)/../x: in any directory (dyndotdot.go)
	}
	ph := a.physical(sc, raw)
	if !dyn && !ph.dyn && path.IsAbs(raw) && nameDotDot(raw) {
		a.noteDotDot(kind, raw, f, cmd, why) // `..` after a link (dotdot.go)
	}
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
	// a name in any directory (anyDir): its reading is the pattern the
	// policy matches, every directory, dotted ones too
	anywhere := dyn && (abs == "/**" || strings.HasPrefix(abs, "/**/"))
	if environ || kind == kRead && !anywhere && (revealsEnviron(abs, f.glob, dyn) || below && revealsEnvironBelow(abs, f.glob, dyn)) {
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
		if a.marked(markKey{mk, abs, ""}) {
			return // already a certain write
		}
		mk = 'c'
	}
	if kind == kWrite && !f.cand && !(a.pendingOut != nil && strings.HasPrefix(why, "redirect")) && !metaWriters.Get()[cmd] && !(f.mount && a.sandboxBind) {
		a.stdout = strings.HasPrefix(why, "redirect")
		a.noteWrite(abs, cmd, "", false, false) // its text is no longer known
		a.stdout = false
	}
	ref := PathRef{Path: abs, Cmd: cmd, Why: why, Dynamic: dyn, Glob: f.glob, Recursive: f.rec && kind == kRead, Candidate: f.cand && kind == kWrite}
	a.refFacts(&ref, f, sc)
	if anywhere {
		ref.Glob, ref.DotGlob, ref.GlobStar = true, true, true
	}
	ref.IfExists = kind == kWrite && a.rewriting
	ref.Mount = f.mount && kind != kDelete && !dyn && !f.glob && !ref.Candidate
	if !a.mark(markKey{mk, abs, ""}) {
		if kind == kRead {
			a.mergeRead(abs, ref) // the same path read again, perhaps more widely
		} else if kind == kWrite {
			a.mergeWrite(abs, a.rewriting, ref.Mount)
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
