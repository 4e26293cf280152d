package shell

import "strings"

// Builtins given a name reference (red-team round 28, #3, #4). With
// declare -n r=x, bash applies what a builtin does to a variable to the
// reference's target, not to r: readonly r, declare -r r, export r,
// declare -x r, declare +x r, export -n r and unset r (unset -v r) act on
// x; only unset -n r and declare -n/+n reach r itself. A reference
// without a target yet (declare -n r) makes readonly and export refuse
// the name (nothing changes) and unset unset r itself. A declaration in a
// function body without -g makes a new local r unless r is already a
// local of that function: it may reach r or x. Verified with bash 5.2.
//
// refActs is that rule for every builtin that acts on a variable's
// attributes or binding (readonly.go declRO, childenv.go noteExport
// through noteExportRef, builtins.go unsetBuiltin; the case and integer
// attributes follow it in varattrs.go declAttrs). Where the analysis
// cannot tell which variable the builtin reaches — a reference made in a
// branch or a function, a declaration that may make a new local — each
// candidate is reached maybe: maybe readonly, maybe exported, a value not
// known. The unknown is dangerous: "maybe reached" is never "not reached".
//
// The first assignment of a reference without a target names it
// (r=NAME, r+=NAME, ${r:=NAME}); a value that is no variable name (1x,
// 'a b', '', a[) fails ("not a valid identifier") and, as an assignment
// error, discards the rest of the input line, as an element assignment
// r[0]=V does (discard.go through mayNameTarget); r=(…) drops the
// attribute instead and succeeds.

// refActs returns the variables a builtin acting on name reaches in sc,
// following name references as bash does, and whether the analysis is
// sure of them. local: the builtin is a declaration that may make a new
// local of name (in a function body, without -g). A sure reference
// without a target reaches nothing (nil, true).
func (a *analyzer) refActs(sc *scope, name string, local bool) ([]string, bool) {
	if _, ref := a.namerefs[name]; !ref {
		return []string{name}, true
	}
	if at := sc.attrs[name]; at.ref == roSure && !local {
		if at.target == "" {
			return nil, true
		}
		if t, ok := a.refRead(sc, name); ok {
			return []string{t}, true
		}
	}
	out := []string{name}
	if t, _, _, _ := a.refTarget(name, svVal{}, false); t != name && validName(t) {
		out = append(out, t)
	}
	if t, ok := a.refRead(sc, name); ok && t != name && (len(out) < 2 || out[1] != t) {
		out = append(out, t)
	}
	return out, false
}

// declLocal reports whether a declaration (variant, its options joined)
// in sc may make a new local of the names it declares.
func declLocal(sc *scope, variant, opts string) bool {
	return sc.funcBody && (variant == "local" || (variant == "declare" || variant == "typeset") && !hasOptLetter(opts, 'g'))
}

// noteExportRef applies a declaration's export options to name as bash
// does through a reference (refActs); export -f and declare -n act on the
// name itself.
func (a *analyzer) noteExportRef(sc *scope, variant, opts, name string, assigned bool) {
	if hasOptLetter(opts, 'f') || hasOptLetter(opts, 'F') || hasOptLetter(opts, 'n') && variant != "export" {
		sc.noteExport(variant, opts, name, assigned)
		return
	}
	names, sure := a.refActs(sc, name, declLocal(sc, variant, opts))
	on, off := optLetters(opts)
	give := variant == "export" && !strings.Contains(on, "n") || strings.Contains(on, "x")
	take := variant == "export" && strings.Contains(on, "n") || strings.Contains(off, "x")
	for _, n := range names {
		switch {
		case sure:
			sc.noteExport(variant, opts, n, assigned)
		case give || take:
			sc.maybeExported(n)
		}
		if give {
			a.export(n) // line-wide (allexport.go)
		}
	}
}

// maybeExported makes name maybe exported in sc: a builtin may have given
// or taken its export attribute.
func (sc *scope) maybeExported(name string) {
	if v, ok := sc.vars[name]; ok && v.exp == expSure {
		sc.setVarExport(name, expMaybe)
	}
	if e, ok := sc.exp[name]; ok && !e {
		return
	}
	m := make(map[string]bool, len(sc.exp)+1)
	for k, v := range sc.exp {
		m[k] = v
	}
	m[name] = false
	sc.exp = m
}

// mayNameTarget reports whether an assignment to name may be the first
// of a reference without a target, which names it: name, or the last
// reference its chain reaches, has none in sc (or in a state the
// analysis cannot tell apart).
func (a *analyzer) mayNameTarget(sc *scope, name string) bool {
	for range maxNamerefHops {
		t, ref := a.namerefs[name]
		at := sc.attrs[name]
		if !ref && at.ref == roNo {
			return false
		}
		if t == "" || at.ref != roNo && at.target == "" {
			return true
		}
		if at.ref == roSure {
			t = at.target
		}
		name, _, _, _, _ = varWord(t)
	}
	return true
}

// validRefTarget reports whether s is a value bash takes as a reference's
// target: a variable name or an element, NAME[SUBSCRIPT].
func validRefTarget(s string) bool {
	if i := strings.IndexByte(s, '['); i > 0 && strings.HasSuffix(s, "]") {
		return validName(s[:i]) && len(s) > i+2
	}
	return validName(s)
}
