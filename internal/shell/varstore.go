package shell

import "strings"

// The variable store. Every way the line binds a variable — NAME=V,
// declare, typeset, local, export and readonly words of any shape (after
// brace expansion; behind command and builtin), a name reference's
// target, read, for, select, printf -v, mapfile, getopts, arithmetic,
// {fd}>, and the same inside eval's text, a sourced string or a function
// body — writes one store, scope.vars, through scope.setVar; $x, ${x…},
// ~, ~+, ~- and cd's default and - read it through analyzer.varEntry and
// analyzer.lookup.
//
// The analysis copies scopes where bash does not (a function's body is
// walked where it is defined, a string that is code in another copy): a
// binding the reader's scope did not see must not leave the reader its old
// value. So every binding is numbered line-wide (bindLog): an entry older
// than the last binding of its name, anywhere, is not known; and HOME,
// PWD and OLDPWD, which answer from the analysis's own state (Options.Home,
// the tracked directories) until the line assigns them, answer nothing
// known once any scope has bound them (PWD and OLDPWD: since the reader's
// last cd, which sets both). A function's call binds again every name its
// body binds, since it runs after the bindings the walk saw before it.

// bindLog numbers the line's bindings.
type bindLog struct {
	seq   int32
	bound map[string]int32 // the last binding of each name
	// collect gathers the names bound while a function's body is walked
	collect *[]string
}

// note records a binding of name and returns its number.
func (l *bindLog) note(name string) int32 {
	l.seq++
	if l.bound == nil {
		l.bound = make(map[string]int32)
	}
	l.bound[name] = l.seq
	if l.collect != nil {
		*l.collect = append(*l.collect, name)
	}
	return l.seq
}

// since reports whether name was bound after binding number n.
func (l *bindLog) since(name string, n int32) bool {
	return l != nil && l.bound[name] > n
}

// setVar binds name in sc. A readonly name keeps its value (the binding
// fails); a maybe-readonly one has one of both, not known (readonly.go).
// Under set -a the binding exports name (allexport.go). The name's
// attributes transform the value (varattrs.go).
func (sc *scope) setVar(name, val string, known bool) {
	sc.keepBinding(name)                        // keptstate.go
	val, known = sc.attrValue(name, val, known) // declare -u, -i (varattrs.go)
	if r := sc.roOf(name); r != roNo {
		if r == roSure {
			return
		}
		if old, ok := sc.vars[name]; !ok || !old.known || !known || old.val != val || old.elems != nil {
			val, known = "", false
		}
	}
	sc.bindVar(name, val, known, sc.allExport)
}

// forgetVar makes name's value not known where the analysis loses it (a
// merge, a loop past its passes, an unset that may not happen): no
// binding by the shell, so set -a gives it no export attribute.
func (sc *scope) forgetVar(name string) {
	if r := sc.ro[name]; r == roSure {
		return
	}
	sc.bindVar(name, "", false, 0)
}

// bindVar stores name's value; the export attribute it had stays, and
// exp (set -a's, allexport.go) is added.
func (sc *scope) bindVar(name, val string, known bool, exp uint8) {
	if sc.vars == nil {
		sc.vars = make(map[string]varVal)
	}
	var n int32
	if sc.log != nil {
		n = sc.log.note(name)
	}
	sc.vars[name] = varVal{val: val, known: known, seq: n, exp: max(exp, sc.vars[name].exp)}
}

// varEntry is the store's entry for name in sc: not known when a scope
// the analysis keeps apart bound it since.
func (sc *scope) varEntry(name string) (varVal, bool) {
	v, ok := sc.vars[name]
	if ok && sc.log.since(name, v.seq) {
		return varVal{}, true
	}
	return v, ok
}

// cmdVar is name as the command being analysed sees it: its own prefix
// assignment (in force while it runs, red-team round 17 #2), else the
// store's entry.
func (sc *scope) cmdVar(name string) (varVal, bool) {
	if v, ok := sc.cmdEnv[name]; ok {
		return v, true
	}
	return sc.varEntry(name)
}

// trackedStale reports whether a tracked variable (HOME, PWD, OLDPWD, IFS)
// that sc has no entry for was bound by another scope, so that the
// analysis's own state no longer answers for it.
func (sc *scope) trackedStale(name string) bool {
	switch name {
	case "PWD", "OLDPWD":
		return sc.log.since(name, sc.cdSeq)
	}
	return sc.log.since(name, 0)
}

// boundHome reports whether the line bound HOME in a way sc sees or
// cannot rule out.
func (sc *scope) boundHome() bool {
	_, ok := sc.cmdEnv["HOME"]
	if _, set := sc.vars["HOME"]; set {
		ok = true
	}
	return ok || sc.trackedStale("HOME")
}

// chdirSeq notes a cd: PWD and OLDPWD are the tracked directories again.
func (sc *scope) chdirSeq() {
	if sc.log != nil {
		sc.log.seq++
		sc.cdSeq = sc.log.seq
	}
}

// funcBinds walks a function's body collecting the names it binds.
func (a *analyzer) funcBinds(sc *scope, walk func() error) ([]string, error) {
	if sc.log == nil {
		return nil, walk()
	}
	var names []string
	outer := sc.log.collect
	sc.log.collect = &names
	err := walk()
	sc.log.collect = outer
	if outer != nil {
		*outer = append(*outer, names...)
	}
	return names, err
}

// rebind marks the names a called function binds as bound by the call:
// not known after it (unless the call's analysis flowed them back).
func (sc *scope) rebind(names []string) {
	for _, n := range names {
		if _, ok := sc.vars[n]; ok || trackedVars[n] {
			sc.forgetVar(n) // the call's analysis gave the attributes (allexport.go)
		} else if sc.log != nil {
			sc.log.note(n)
		}
	}
}

// declCommand binds the words of declare, typeset, local, export and
// readonly reached as a command (behind command or builtin, or by a name
// the line expanded) as the declaration clause does.
func (c *cmd) declCommand() error {
	opts := ""
	names := 0
	dynWord := false // a word not known statically: any name, or an option
	defer func() {
		if dynWord {
			c.sc.exportsMaybe() // childenv.go
		}
	}()
	for i, f := range c.args {
		c.skip[i] = true
		if !f.dyn && (strings.HasPrefix(f.s, "-") || strings.HasPrefix(f.s, "+")) && names == 0 {
			opts += f.s
			continue
		}
		names++
		if err := c.a.declArg(c.sc, c.name, opts, f); err != nil { // and its export (childenv.go)
			return err
		}
		dynWord = dynWord || f.dyn
		if n, _, _ := strings.Cut(f.s, "="); validName(n) && (c.name == "export" || strings.Contains(opts, "x")) {
			c.a.export(n)
		}
	}
	if names == 0 && (opts == "" || strings.ContainsAny(opts, "px")) && c.name != "local" {
		c.a.res.EnvDump = true
	}
	return nil
}
