package shell

import (
	"maps"
	"strings"
)

// Variable attributes that change what a later binding stores (red-team
// round 26, #a4). declare, typeset and local -u, -l and -c make every
// later value of the name upper-case, lower-case or capitalized (first
// letter up, the rest down): a plain assignment, an element, NAME=(…),
// declare NAME=V, export NAME=V, read, printf -v, mapfile, for, ${x:=V},
// getopts, a write through a name reference, cd's own PWD and OLDPWD
// (cdbind.go). -i makes the value an arithmetic evaluation (010 is 8, src
// is $src's value): only a value that is its own decimal number stays
// known. -n makes the name a reference: $NAME reads its target, which
// the analysis follows where the reference is sure (refRead). A prefix
// assignment (d=src cmd) is not transformed: bash gives it to the
// command as written.
//
// The attributes are scope state (scope.attrs), shared by the copies of
// a scope and copied when one changes it, merged like readonly
// (readonly.go): where branches differ the case is any (a value with
// letters is not known after a binding), the integer attribute or the
// reference maybe. Every binding goes through scope.setVar, which applies
// them (attrValue). Bash's rules, checked in bash 5.2: the last
// declaration wins (-l after -u lowers); two of -u, -l, -c in one
// declaration cancel all three (declare -ul d keeps neither); +u, +l, +c
// take one away; unset takes them all away (unset -n the reference); a
// readonly name keeps them. In a function a declaration without -g makes
// a local, whose attributes end with the call (endCallAttrs, funcs.go
// callFunc). A name not known statically that gets one is opaque.

// Case attributes (varAttr.kase).
const (
	caseNone uint8 = iota
	caseUpper
	caseLower
	caseCap
	caseAny // one of them, or none: not known
)

// varAttr is one name's attributes. integer and ref are levels (roNo,
// roMaybe, roSure).
type varAttr struct {
	kase    uint8
	integer uint8
	ref     uint8
	target  string // a sure reference's target
	// local: declared local in the running function; its attributes end
	// with the call
	local bool
}

// attrTable is a scope's attributes by name.
type attrTable map[string]varAttr

// setAttr gives name the attributes v in sc (on a copy of the table).
func (sc *scope) setAttr(name string, v varAttr) {
	if old, ok := sc.attrs[name]; ok && old == v || !ok && v == (varAttr{}) {
		return
	}
	sc.keepBinding(name) // keptstate.go
	t := make(attrTable, len(sc.attrs)+1)
	maps.Copy(t, sc.attrs)
	if v == (varAttr{}) {
		delete(t, name)
	} else {
		t[name] = v
	}
	sc.attrs = t
}

// mergeAttrs folds b's attributes into sc's: one that differs is any
// (case) or maybe (integer, reference).
func (sc *scope) mergeAttrs(b *scope) {
	if maps.Equal(sc.attrs, b.attrs) {
		return
	}
	t := make(attrTable, len(sc.attrs)+len(b.attrs))
	for k, x := range sc.attrs {
		t[k] = joinAttr(x, b.attrs[k])
	}
	for k, y := range b.attrs {
		if _, ok := sc.attrs[k]; !ok {
			t[k] = joinAttr(varAttr{}, y)
		}
	}
	sc.attrs = t
}

// joinAttr is the attributes a name has in one of two states.
func joinAttr(x, y varAttr) varAttr {
	if x == y {
		return x
	}
	j := varAttr{kase: x.kase, integer: x.integer, ref: x.ref, target: x.target, local: x.local || y.local}
	if x.kase != y.kase {
		j.kase = caseAny
	}
	if x.integer != y.integer {
		j.integer = roMaybe
	}
	if x.ref != y.ref || x.target != y.target {
		j.ref, j.target = roMaybe, ""
	}
	return j
}

// endCallAttrs is the attributes after a function's call: the body's,
// but for its locals', which are the caller's again.
func endCallAttrs(caller, body attrTable) attrTable {
	if maps.Equal(caller, body) {
		return caller
	}
	t := make(attrTable, len(body))
	for k, v := range body {
		if v.local {
			if o, ok := caller[k]; ok {
				t[k] = o
			}
			continue
		}
		t[k] = v
	}
	for k, v := range caller {
		if b, ok := body[k]; ok && b.local {
			t[k] = v
		}
	}
	return t
}

// declAttrs applies the attribute options of a declaration (variant,
// its option words joined in opts) to name, which it binds as role says
// (locals.go); dyn: the name is not known statically.
func (a *analyzer) declAttrs(sc *scope, variant, opts, name string, dyn bool, role declRole) {
	if variant != "declare" && variant != "typeset" && variant != "local" || role == declNone {
		return
	}
	on, off := optLetters(opts)
	if !strings.ContainsAny(on+off, "ulci") {
		return
	}
	if !validName(name) {
		if dyn {
			a.opaque(variant, "an attribute given to a name not known statically changes any later binding of a name")
		}
		return
	}
	if !strings.Contains(on, "n") {
		// declare -u r, r a reference: its target gets the attribute
		name, _, _, _ = a.refTarget(name, svVal{}, false)
	}
	v := sc.attrs[name]
	v.kase = caseAfter(v.kase, on, off)
	switch {
	case strings.Contains(on, "i") && strings.Contains(off, "i"):
		v.integer = roMaybe
	case strings.Contains(on, "i"):
		v.integer = roSure
	case strings.Contains(off, "i"):
		v.integer = roNo
	}
	switch role {
	case declHidden, declUnknown:
		// declare -g under a local: the global gets them, and shows
		// once the local ends: any
		if strings.ContainsAny(on+off, "ulc") {
			v.kase = caseAny
		}
		if strings.ContainsAny(on+off, "i") {
			v.integer = roMaybe
		}
	default:
		v.local = v.local || sc.funcBody && (variant == "local" || !strings.Contains(opts, "g"))
	}
	sc.setAttr(name, v)
}

// caseAfter is the case attribute after a declaration turning on and off
// the letters it names.
func caseAfter(cur uint8, on, off string) uint8 {
	n, set := 0, caseNone
	for _, l := range []struct {
		letter byte
		kase   uint8
	}{{'u', caseUpper}, {'l', caseLower}, {'c', caseCap}} {
		in, out := strings.IndexByte(on, l.letter) >= 0, strings.IndexByte(off, l.letter) >= 0
		switch {
		case in && out:
			return caseAny
		case in:
			n++
			set = l.kase
		case out && cur == l.kase:
			cur = caseNone
		}
	}
	switch {
	case n >= 2:
		return caseNone // bash: they cancel
	case n == 1:
		return set
	}
	return cur
}

// optLetters splits a declaration's option words (joined) into the
// letters turned on (-x) and off (+x).
func optLetters(opts string) (on, off string) {
	var a, b []byte
	sign := byte(0)
	for i := 0; i < len(opts); i++ {
		switch c := opts[i]; c {
		case '-', '+':
			sign = c
		default:
			if sign == '-' {
				a = append(a, c)
			} else if sign == '+' {
				b = append(b, c)
			}
		}
	}
	return string(a), string(b)
}

// attrValue is the value a binding of val to name stores, by name's
// attributes in sc.
func (sc *scope) attrValue(name, val string, known bool) (string, bool) {
	at, ok := sc.attrs[name]
	if !ok || !known {
		return val, known
	}
	if at.integer != roNo && !ownNumber(val) {
		return "", false // arithmetic: not evaluated here
	}
	if at.kase == caseNone {
		return val, true
	}
	for i := 0; i < len(val); i++ {
		if val[i] >= 0x80 {
			return "", false // the locale's case rules
		}
	}
	var s string
	switch at.kase {
	case caseUpper:
		s = strings.ToUpper(val)
	case caseLower:
		s = strings.ToLower(val)
	case caseCap:
		s = strings.ToLower(val)
		if s != "" {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
	default:
		if strings.ToUpper(val) != val || strings.ToLower(val) != val {
			return "", false // any case: a value with letters is not known
		}
		s = val
	}
	if s != val && strings.ContainsAny(val, "*?[") {
		// a for loop's glob (for d in src/*): the file names matched are
		// transformed, not the pattern
		return "", false
	}
	return s, true
}

// ownNumber reports whether s is a decimal number arithmetic evaluates
// to itself (5, -3, 0; not 010, 0x1, " 5", 1+2).
func ownNumber(s string) bool {
	d := strings.TrimPrefix(s, "-")
	if d == "" || d[0] == '0' && (d != "0" || s != d) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return len(d) < 19 // no overflow
}

// noteRef records in sc that name is a reference to target ("" while it
// has none yet): the line-wide table (analyzer.namerefs) holds every
// reference any scope made, sc's whether this state surely has it.
func (sc *scope) noteRef(name, target string) {
	v := sc.attrs[name]
	v.ref, v.target = roSure, target
	v.kase, v.integer = caseNone, roNo // declare -n drops them (bash 5.2)
	v.local = v.local || sc.funcBody
	sc.setAttr(name, v)
}

// refRead is the variable a read of name reaches: name itself when it is
// no reference, its target where sc surely has the reference; false when
// that is not known (a reference made in a branch, a function, to an
// element).
func (a *analyzer) refRead(sc *scope, name string) (string, bool) {
	for range maxNamerefHops {
		if _, ref := a.namerefs[name]; !ref {
			return name, true
		}
		at := sc.attrs[name]
		if at.ref != roSure || !validName(at.target) {
			return "", false
		}
		name = at.target
	}
	return "", false
}

// unsetAttrs applies unset to the attributes of name (ref: unset -n):
// unset takes them away, unless name is readonly; where a reference may
// make it unset another variable, that variable's are not known after.
func (a *analyzer) unsetAttrs(sc *scope, name string, ref bool) {
	if sc.roOf(name) == roSure {
		return
	}
	lose := func(n string, sure bool) {
		v, ok := sc.attrs[n]
		if !ok {
			return
		}
		switch {
		case ref:
			v.ref, v.target = roNo, ""
			if !sure {
				v.ref = roMaybe
			}
		case sure:
			v.kase, v.integer = caseNone, roNo
		default:
			if v.kase != caseNone {
				v.kase = caseAny
			}
			if v.integer != roNo {
				v.integer = roMaybe
			}
		}
		sc.setAttr(n, v)
	}
	if _, isRef := a.namerefs[name]; ref || !isRef {
		lose(name, sc.roOf(name) == roNo)
		return
	}
	// unset r, r a reference: unsets its target
	t, ok := a.refRead(sc, name)
	if ok {
		lose(t, sc.roOf(t) == roNo)
		return
	}
	if t, _, _, _ := a.refTarget(name, svVal{}, false); validName(t) {
		lose(t, false)
	}
	for k, v := range sc.attrs {
		if v.kase != caseNone || v.integer != roNo {
			lose(k, false) // a target not known: any name's
		}
	}
}

// unsetAnyAttrs applies an unset whose names are not known statically
// (match says which it may unset): their attributes may be gone.
func (a *analyzer) unsetAnyAttrs(sc *scope, match func(string) bool) {
	for k, v := range sc.attrs {
		if !match(k) || sc.roOf(k) == roSure {
			continue
		}
		if v.kase != caseNone {
			v.kase = caseAny
		}
		if v.integer != roNo {
			v.integer = roMaybe
		}
		if v.ref != roNo {
			v.ref, v.target = roMaybe, ""
		}
		sc.setAttr(k, v)
	}
}
