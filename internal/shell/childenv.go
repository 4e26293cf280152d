package shell

import (
	"errors"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// opaqueBody stands for an imported function whose body is not known.
var opaqueBody = &syntax.Stmt{}

// What a new process inherits (red-team round 23, #15-#18). Code that a
// NEW process runs — bash -c, sh -c, bash <<<, a script run by its path or
// by a shell, flock -c, script -c, make's recipes, awk's system(), the
// shell xargs and find -exec start, a program's command option — starts
// from what the operating system hands it: the exported environment. None
// of this shell's in-memory state crosses: not its unexported variables,
// not its functions (bash imports only those exported to it, as
// BASH_FUNC_NAME%% variables; dash, zsh and ksh import none), not IFS
// (every shell resets it at startup, even when it is exported), not the
// directory stack. newProcess builds that starting scope from the
// parent's; every analysis of code in a new process goes through it
// (cmd.code, reparseAt with runChild, make's recipes).
//
// A variable reaches the child with the parent's value only where the
// analysis is sure it is exported at that point (scope.exp: export NAME,
// declare -x; varVal.exp: bound under set -a, allexport.go; a name the
// agent's environment exports: envinherit.go) and not removed from the
// command's environment (env -i, env -u NAME: scope.envCut). One that is
// maybe exported (in a branch, under a set -a that may be on) reaches it
// with a value not known: the parent's or the environment's (red-team
// round 25, #2). Every other variable is the agent's environment's, not
// known: ${x:-W}'s default W is then analysed as for any unknown variable.
// The unknown is dangerous: "maybe exported" is never "not exported".

// envCut is what env removed from the environment of the command it runs.
type envCut struct {
	all   bool            // env -i, env -: nothing but env's own NAME=V
	names map[string]bool // env -u NAME
}

// cut reports whether name is not in the command's environment.
func (e *envCut) cut(name string) bool {
	return e != nil && (e.all || e.names[name])
}

// A function's export attribute (funcDef.exported; 0: not exported).
const (
	expMaybe uint8 = 1 // exported in a branch only
	expSure  uint8 = 2
)

// importKind is how sure the analysis is that a child shell imports the
// functions exported to it.
type importKind uint8

const (
	importNone  importKind = iota // dash, zsh, ksh, bash -p
	importMaybe                   // sh, $SHELL, a program's shell: may be bash
	importSure                    // bash
)

// childImports is how the program named name imports exported functions.
func childImports(name string) importKind {
	base := shellBase(progName(field{s: name}))
	switch {
	case base == "bash":
		return importSure
	case base == "sh" || !isShell(base):
		return importMaybe // /bin/sh may be bash; a program's shell is sh or $SHELL
	}
	return importNone
}

// newProcess returns the scope a new process running code starts in,
// given sc, the scope of the command that starts it, and how the child
// imports functions.
func (a *analyzer) newProcess(sc *scope, imports importKind) *scope {
	c := *sc
	c.kept = nil // a new process keeps nothing for the agent (keptstate.go)
	if sc.log != nil {
		// the child's bindings are its own; numbered after the line's so
		// that the entries it starts with stay comparable (varstore.go)
		c.log = &bindLog{seq: sc.log.seq}
		c.cdSeq = sc.cdSeq
	}
	vars := make(map[string]varVal, len(sc.exp)+len(sc.cmdEnv))
	if !sc.envCut.cut("") { // env -i: nothing of the line's crosses
		for k, v := range sc.vars {
			if k == "IFS" || sc.envCut.cut(k) {
				continue
			}
			switch sc.exportLevel(k, v) {
			case 0:
				continue
			case expMaybe:
				// the parent's value, or the agent environment's
				v = varVal{}
			}
			if sc.log.since(k, v.seq) || v.elems != nil {
				v = varVal{} // bash exports no array: the environment's
			}
			v.seq, v.exp = 0, 0
			vars[k] = v
		}
	}
	// the command's own environment (NAME=V before it, env NAME=V) stays
	// what the programs the child runs see (Command.Env), IFS aside
	var fnEnv []string
	env := sc.cmdEnv
	if _, ok := env["IFS"]; ok {
		env = withoutVar(env, "IFS")
	}
	for k, v := range env {
		if funcImport(k) {
			if v.known {
				fnEnv = append(fnEnv, k+"="+v.val)
			} else {
				fnEnv = append(fnEnv, k)
			}
		}
	}
	c.vars, c.cmdEnv, c.envCut = vars, env, nil
	c.exp = make(map[string]bool, len(vars)+len(env))
	for k := range vars {
		c.exp[k] = true // what the child inherits it exports on
	}
	for k := range env {
		c.exp[k] = true
	}
	c.pushed, c.stackLost = nil, false
	c.allExport = 0 // a new bash starts without set -a (but for bash -a: cmd.newProcess)
	if e := sc.shellOptsExported(); e != 0 {
		// an exported SHELLOPTS hands set's options on (shellopts.go)
		c.allExport = crossLevel(sc.allExport, e)
		c.posix = max(c.posix, crossLevel(sc.posix, e))
	}
	// the readonly attribute does not cross to a new process: an exported
	// readonly variable or function is writable there (readonly.go)
	c.ro = nil
	c.funcs = nil
	if imports != importNone && !sc.envCut.cut("") {
		for k, fn := range sc.funcs {
			if fn.exported == 0 || sc.envCut.cut("BASH_FUNC_"+k+"%%") {
				continue
			}
			fn.maybe = fn.maybe || imports == importMaybe || fn.exported == expMaybe
			fn.ro = roNo
			c.setFunc(k, fn)
		}
	}
	if imports != importNone {
		a.importFuncs(&c, fnEnv, imports)
	}
	return &c
}

// importFuncs defines in the child c the functions bash imports from the
// BASH_FUNC_NAME%%=() { BODY } variables of its environment (red-team
// round 23, #15): they are the child's functions, which run in the child
// and change its state. A body not known makes a call of NAME opaque.
func (a *analyzer) importFuncs(c *scope, env []string, imports importKind) {
	for _, e := range env {
		n, val, known := strings.Cut(e, "=")
		name := strings.TrimPrefix(n, "BASH_FUNC_")
		name = strings.TrimSuffix(strings.TrimSuffix(name, "%%"), "()")
		if name == "" || strings.ContainsAny(name, "/=$`\"' \t\n") {
			continue // bash imports no function of that shape
		}
		if !known {
			c.setFunc(name, funcDef{body: opaqueBody, mixed: true, maybe: true})
			continue
		}
		body := strings.TrimSpace(val)
		if !strings.HasPrefix(body, "()") {
			continue // not a function definition: bash leaves it a variable
		}
		d := *c
		d.reparse++
		d.funcs = nil
		if err := a.parseAndWalk(name+" "+body, &d); err != nil {
			if errors.Is(err, ErrLimit) {
				a.defer1(err)
			}
			continue
		}
		fn, ok := d.funcs[name]
		if !ok {
			continue
		}
		fn.maybe = fn.maybe || imports == importMaybe
		fn.exported = expSure
		c.setFunc(name, fn)
	}
}

// noteExport follows what a declaration does to name's export attribute
// in sc: export and -x set it, export -n and +x take it back; with -f,
// the function's. assigned: the declaration bound a value (NAME=V), which
// set -a exports again after +x (exportAfterDecl).
func (sc *scope) noteExport(variant, opts, name string, assigned bool) {
	on, off, fn := variant == "export", false, false
	plus := false
	for _, ch := range opts {
		switch ch {
		case '-':
			plus = false
		case '+':
			plus = true
		case 'x':
			on, off = on || !plus, off || plus
		case 'n':
			off = off || variant == "export"
		case 'f', 'F':
			fn = true
		}
	}
	set := on && !off
	if !on && !off {
		return
	}
	if fn {
		e := uint8(0)
		if set {
			e = expSure
		}
		if f, ok := sc.funcs[name]; ok && f.exported != e {
			f.exported = e
			sc.setFunc(name, f)
		}
		return
	}
	sc.setExported(name, set)
	if !set && assigned && variant != "export" {
		sc.exportAfterDecl(name) // allexport.go
	}
}

// setExported sets or clears name's export attribute in sc, copying the
// set first: other scopes may share it. Clearing it clears what set -a
// gave too (export -n, declare +x, unset).
func (sc *scope) setExported(name string, on bool) {
	if on {
		sc.keep("exports " + name) // keptstate.go
	} else {
		sc.keepBinding(name)
	}
	if !on {
		sc.setVarExport(name, 0) // allexport.go
	}
	if e, ok := sc.exp[name]; ok == on && e == on {
		return
	}
	m := make(map[string]bool, len(sc.exp)+1)
	for k, v := range sc.exp {
		m[k] = v
	}
	if on {
		m[name] = true
	} else {
		delete(m, name)
	}
	sc.exp = m
}

// mergeExported folds the names b exports into sc's: exported in both,
// surely in both, stays sure; exported in one only, or maybe in one, is
// maybe (false).
func (sc *scope) mergeExported(b *scope) {
	if sameExported(sc.exp, b.exp) {
		return
	}
	m := make(map[string]bool, len(sc.exp)+len(b.exp))
	for k, v := range sc.exp {
		o, ok := b.exp[k]
		m[k] = v && ok && o
	}
	for k := range b.exp {
		if _, ok := sc.exp[k]; !ok {
			m[k] = false
		}
	}
	sc.exp = m
}

// exportsMaybe makes every variable of sc maybe exported: a declaration
// word not known statically may be any name, or an option (declare $w
// with w='-x NAME', export -n $w), which gives or takes the attribute.
func (sc *scope) exportsMaybe() {
	m := make(map[string]bool, len(sc.exp))
	for k := range sc.exp {
		m[k] = false
	}
	sc.exp = m
	for k := range sc.vars {
		sc.setVarExport(k, expMaybe)
	}
}

// sameExported reports whether two scopes export the same names, as
// surely.
func sameExported(x, y map[string]bool) bool {
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		if o, ok := y[k]; !ok || o != v {
			return false
		}
	}
	return true
}

// exportLevel is how surely name, bound to v in sc, is in the
// environment of a new process: by name (scope.exp), by set -a
// (varVal.exp), or as a name the agent's environment exports
// (envinherit.go).
func (sc *scope) exportLevel(name string, v varVal) uint8 {
	if inheritedExport(name) {
		return expSure
	}
	e := v.exp
	if sure, ok := sc.exp[name]; ok {
		if sure {
			return expSure
		}
		e = max(e, expMaybe)
	}
	return e
}

// envCut applies env's -i (-, --ignore-environment) and -u NAME
// (--unset) to c's scope: the command env runs is given neither the
// line's variables and functions nor the names removed.
func (c *cmd) envCut(o opts) {
	all := o.any("-i", "--ignore-environment") || len(o.pos) > 0 && c.s(o.pos[0]) == "-" && !c.args[o.pos[0]].dyn
	unset := o.values("-u", "--unset")
	if !all && len(unset) == 0 {
		return
	}
	sc := *c.sc
	cut := &envCut{all: all}
	if old := c.sc.envCut; old != nil {
		cut.all = cut.all || old.all
		cut.names = make(map[string]bool, len(old.names))
		for k := range old.names {
			cut.names[k] = true
		}
	}
	env := map[string]varVal{}
	if !all {
		for k, v := range sc.cmdEnv {
			env[k] = v
		}
	}
	for _, f := range unset {
		if f.dyn {
			cut.all = true // a name not known: any may be gone (the child's are then not known)
			continue
		}
		if cut.names == nil {
			cut.names = map[string]bool{}
		}
		cut.names[f.s] = true
		delete(env, f.s)
	}
	sc.cmdEnv, sc.envCut = env, cut
	c.sc = &sc
}

// execProgram analyses fs as the command a program execs (xargs, find
// -exec): a program looked up in PATH, never a function of the line
// (red-team round 23, #24), as behind command, exec and the wrappers.
func (a *analyzer) execProgram(fs []field, sc *scope) error {
	a.noFunc = true
	return a.simple(fs, sc)
}

// noCommandShells are the privilege wrappers that, given no command,
// start a shell (the option that asks for it, "" for none): doas -s runs
// SHELL or the user's login shell, pkexec "the default shell", run0 the
// target user's shell (red-team round 23, #19), as sudo -s and su do.
var noCommandShells = map[string]string{"doas": "-s", "pkexec": "", "run0": ""}

// noCommandShell analyses the shell c starts with no command: a new
// process of a dialect not known, which reads the code the line feeds
// its standard input; interactive otherwise (opaque).
func (c *cmd) noCommandShell() error {
	c.opaque(c.name + " starts an interactive shell")
	if !c.stdinFed() {
		return nil
	}
	sc := *c.sc
	sc.dialect, sc.zopts, sc.noArith = dialAny, zAllOpts, true
	sc.posix = max(sc.posix, posixMaybe)
	cc := *c
	cc.sc = &sc
	return cc.fedCode(0, c.name+" (standard input)", "runs shell code read from standard input", runChild)
}

// promptCommand runs in child, an interactive bash reading its commands
// from standard input, the PROMPT_COMMAND its environment hands it: bash
// runs it in that shell before it prints each prompt, so what it changes
// (a cd, a pushd, a binding) reaches the commands it precedes (red-team
// round 23, #25). It runs before the first for sure (flowed); since it
// runs again before every later one, state it changes is then not known.
func (a *analyzer) promptCommand(child *scope) error {
	v, ok := child.cmdVar("PROMPT_COMMAND")
	if !ok {
		return nil
	}
	if !v.known {
		a.opaque("PROMPT_COMMAND", "an interactive shell runs PROMPT_COMMAND before each command, and its value is not known statically")
		return nil
	}
	if strings.TrimSpace(v.val) == "" {
		return nil
	}
	before := *child
	if err := a.reparseHere(v.val, child, "PROMPT_COMMAND"); err != nil {
		return err
	}
	if !sameState(&before, child) {
		child.unknownState()
	}
	return nil
}
