package shell

// cd's own bindings of PWD and OLDPWD (red-team round 26, #a3). Once
// bash's cd, pushd or popd has moved, it binds OLDPWD to what $PWD read
// before, then PWD to the new directory (bindpwd), each like any other
// binding:
//
//   - through a name reference: declare -n PWD=x makes every cd assign
//     its directory to x, and $PWD read x (varattrs.go refRead);
//   - failing on a readonly name: readonly PWD leaves $PWD and ~+ where
//     they were while the cwd moved, a readonly OLDPWD keeps cd - going to
//     its one value; the cd then returns 1 though it moved (cd src && …
//     never runs the right side: its failure state is the moved state);
//   - transformed by a case attribute (declare -u PWD: $PWD upper-cased).
//
// A cd that fails binds nothing: a PWD the line assigned keeps its value
// (PWD=/home/dev; cd missing; cat $PWD/x reads /home/dev/x). A cd that
// may fail leaves what it binds not known (the tracked directories are
// part of its failure state, cdfail.go). Where PWD and OLDPWD are plain,
// they are the tracked directories (the cwd, scope.oldpwd) and the store
// holds no entry for them (varstore.go); otherwise the store holds what
// the cd bound. A reference the analysis is not sure of (one made in a
// branch, a function, to an element) leaves PWD, OLDPWD and the
// references' targets not known, and the cd's status too. dash and the
// other sh shells bind the same way (their cd also fails on a readonly
// PWD after moving).

// cdPre is what a cd's bindings need from before its move.
type cdPre struct {
	stay bool // pushd -n: no move, nothing bound
	// pwd: $PWD as read before, where it is not the tracked cwd (pwdSet)
	pwd    varVal
	pwdSet bool
	// old: $OLDPWD as read before, where it is not the tracked one
	old    varVal
	oldSet bool
	// prev: the tracked cwd before; oldpwd: the tracked $OLDPWD before
	prev      string
	prevKnown bool
	oldpwd    string
}

// cdPreOf reads $PWD and $OLDPWD before a cd moves: a prefix assignment
// of the cd's (OLDPWD=X cd - goes to X), the store's entry, a reference's
// target; set false where they are the tracked directories.
func (a *analyzer) cdPreOf(sc *scope) cdPre {
	p := cdPre{prev: sc.cwd, prevKnown: sc.cwdKnown}
	read := func(name string) (varVal, bool) {
		if _, ref := a.namerefs[name]; ref {
			v, ok := a.lookup(sc, name) // its target's value, or not known
			return varVal{val: v, known: ok}, true
		}
		v, set := sc.cmdVar(name) // varstore.go
		if !set && sc.trackedStale(name) {
			return varVal{}, true
		}
		return v, set
	}
	p.pwd, p.pwdSet = read("PWD")
	p.old, p.oldSet = read("OLDPWD")
	return p
}

// plainBind binds PWD and OLDPWD as a cd that moved does when neither is
// readonly, a reference or transformed: both are the tracked directories
// again, OLDPWD $PWD as it read before.
func (c *cmd) plainBind(p cdPre) {
	sc := c.sc
	if p.stay {
		return
	}
	if p.pwdSet {
		sc.oldpwd = ""
		if p.pwd.known {
			sc.oldpwd = p.pwd.val
		}
	}
	if p.pwdSet || p.oldSet {
		sc.dropVars("PWD", "OLDPWD")
	}
	sc.chdirSeq() // varstore.go
}

// bindPWD binds PWD and OLDPWD after the shell's cd moved, by out, the
// outcome of its move (cdOutcome; cdMaybe where the directory is not
// known): nothing where it failed, values not known where it may have.
// It returns the outcome of the bindings themselves: cdFails where one
// surely fails (a readonly name), cdMaybe where one may.
func (c *cmd) bindPWD(p cdPre, out int) int {
	sc, a := c.sc, c.a
	if p.stay || out == cdFails {
		return cdSucceeds
	}
	tOld, okOld := a.refRead(sc, "OLDPWD")
	tPwd, okPwd := a.refRead(sc, "PWD")
	if !okOld || !okPwd {
		c.unsureBind()
		return cdMaybe
	}
	if tOld == "OLDPWD" && tPwd == "PWD" && plainCdVar(sc, "PWD") && plainCdVar(sc, "OLDPWD") {
		if out == cdSucceeds {
			c.plainBind(p)
			return cdSucceeds
		}
		// may have moved: a value the line assigned is one of both
		for _, n := range []string{"PWD", "OLDPWD"} {
			if _, set := sc.vars[n]; set {
				sc.setVar(n, "", false)
			}
		}
		if p.pwdSet {
			sc.oldpwd = "" // where it moved: $PWD as it read before
			if p.pwd.known {
				sc.oldpwd = p.pwd.val
			}
		}
		return cdSucceeds
	}
	// OLDPWD gets $PWD as it read before, PWD the new directory
	before := varVal{val: p.prev, known: p.prevKnown}
	if p.pwdSet {
		before = p.pwd
	}
	res := c.bindOne("OLDPWD", tOld, before, varVal{val: p.oldpwd, known: p.oldpwd != ""}, out)
	res = max(res, c.bindOne("PWD", tPwd, varVal{val: sc.cwd, known: sc.cwdKnown}, varVal{val: p.prev, known: p.prevKnown}, out))
	if out == cdSucceeds {
		sc.chdirSeq()
	}
	// cd - goes to $OLDPWD
	v, ok := a.lookup(sc, "OLDPWD")
	sc.oldpwd = ""
	if ok {
		sc.oldpwd = v
	}
	return res
}

// plainCdVar reports whether name (PWD, OLDPWD) is bound by a cd as the
// tracked directory: not readonly, no attribute.
func plainCdVar(sc *scope, name string) bool {
	_, attr := sc.attrs[name]
	return sc.roOf(name) == roNo && !attr
}

// bindOne is cd's binding of name, which reaches the variable t, to v;
// was is the tracked value name had, for a readonly one the store does
// not hold yet. It returns the binding's outcome.
func (c *cmd) bindOne(name, t string, v, was varVal, out int) int {
	sc := c.sc
	switch sc.roOf(t) {
	case roSure:
		if _, set := sc.vars[t]; !set && t == name && !sc.trackedStale(t) {
			sc.pinVar(t, was) // it keeps the value it had
		}
		return cdFails
	case roMaybe:
		sc.setVar(t, "", false)
		return cdMaybe
	}
	if t != name && c.a.cdTargetJudged(t) {
		sc.setVar(t, "", false)
		return cdSucceeds
	}
	if t == name && plainCdVar(sc, t) {
		// the tracked directory (where it moved: the failure state has
		// the one before, cdfail.go)
		if _, set := sc.vars[t]; set && out == cdSucceeds {
			sc.dropVars(t)
		} else if set {
			sc.setVar(t, "", false)
		}
		if name == "OLDPWD" {
			sc.oldpwd = ""
			if v.known {
				sc.oldpwd = v.val
			}
		}
		return cdSucceeds
	}
	if out != cdSucceeds {
		v = varVal{} // it may not have happened: one of both
	}
	sc.setVar(t, v.val, v.known) // transformed by its attributes (varattrs.go)
	return cdSucceeds
}

// cdTargetJudged reports whether t, a reference's target cd assigns its
// directory to, is a variable whose value changes what the shell runs
// (PATH, BASH_ALIASES…): opaque, not followed.
func (a *analyzer) cdTargetJudged(t string) bool {
	if _, ok := shellVars.Get()[t]; !ok && !laterExpanded.Get()[t] && !laterRun.Get()[t] {
		return false
	}
	a.opaque("cd", "cd assigns its directory to "+t+" through a name reference (PWD or OLDPWD)")
	return true
}

// unsureBind is a cd's bindings where a reference on PWD or OLDPWD is not
// sure: PWD, OLDPWD and every target they may reach are not known.
func (c *cmd) unsureBind() {
	sc, a := c.sc, c.a
	for _, n := range []string{"PWD", "OLDPWD"} {
		sc.setVar(n, "", false)
		if t, _, _, _ := a.refTarget(n, svVal{}, false); t != n && validName(t) && !a.cdTargetJudged(t) {
			sc.setVar(t, "", false)
		}
	}
	sc.oldpwd = ""
}

// pinVar puts a tracked variable's value into the store as it is (a
// readonly PWD keeps what it read), bypassing the readonly check.
func (sc *scope) pinVar(name string, v varVal) {
	vars := make(map[string]varVal, len(sc.vars)+1)
	for k, x := range sc.vars {
		vars[k] = x
	}
	var n int32
	if sc.log != nil {
		n = sc.log.note(name)
	}
	vars[name] = varVal{val: v.val, known: v.known, seq: n}
	sc.vars = vars
}
