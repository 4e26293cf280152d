package shell

import (
	"maps"
	"strings"
)

// Local variables (red-team round 23, #12, #13). local, and declare or
// typeset without -g in a function, make a name local to the running
// function: bash then looks the name up in the function and in the
// functions that called it (dynamic scoping) before the global one. The
// analysis keeps one store (varstore.go), which holds what a name reads
// as where the code runs; scope.locals says which names are local there,
// so that
//   - local outside a function (at the top level, in eval's text or a
//     file sourced there) binds nothing: bash refuses it (#12);
//   - declare -g NAME=V under a local NAME sets the global one, which the
//     local hides: what NAME reads stays the local's (#13); under a
//     maybe-local (a branch declared it) it is one of the two: not known.
// A call starts with its caller's locals and ends with them (funcs.go).

// setLocal marks name local in sc (a copy of the map: scopes share it).
func (sc *scope) setLocal(name string) {
	if sure := sc.locals[name]; sure {
		return
	}
	t := make(map[string]bool, len(sc.locals)+1)
	maps.Copy(t, sc.locals)
	t[name] = true // sure
	sc.locals = t
}

// mergeLocals folds the locals of b, a branch, into sc: a name local in
// only one of them is maybe-local.
func (sc *scope) mergeLocals(b *scope) {
	if maps.Equal(sc.locals, b.locals) {
		return
	}
	t := make(map[string]bool, len(sc.locals)+len(b.locals))
	for k, v := range sc.locals {
		o, ok := b.locals[k]
		t[k] = v && ok && o
	}
	for k := range b.locals {
		if _, ok := sc.locals[k]; !ok {
			t[k] = false // maybe
		}
	}
	sc.locals = t
}

// localRole says how a declaration by variant with options opts binds
// name in sc: bind (the visible name: a global, or a local where the code
// runs in a function), none (local outside a function: bash binds
// nothing), hidden (declare -g under a local: the visible name keeps its
// value) or unknown (declare -g under a maybe-local).
func (sc *scope) localRole(variant, opts, name string) declRole {
	switch {
	case variant == "local" && !sc.funcBody:
		return declNone
	case !sc.funcBody:
		return declBind
	case strings.ContainsAny(opts, "pfF"):
		return declBind // declare -p, -f: prints, declares nothing
	case variant == "local" || (variant == "declare" || variant == "typeset") && !strings.Contains(opts, "g"):
		sc.setLocal(name)
		return declBind
	case (variant == "declare" || variant == "typeset") && strings.Contains(opts, "g"):
		sure, ok := sc.locals[name]
		switch {
		case !ok:
			return declBind
		case sure:
			return declHidden
		}
		return declUnknown
	}
	return declBind
}

// declRole is how a declaration binds a name (localRole).
type declRole uint8

const (
	declBind declRole = iota
	declNone
	declHidden
	declUnknown
)
