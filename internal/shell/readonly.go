package shell

// Readonly variables and functions (red-team round 23, #8). readonly NAME,
// declare -r, typeset -r and local -r make every later binding of NAME
// fail in bash: a plain assignment, declare, local, export NAME=V, read,
// printf -v, for NAME in, unset (declare +r cannot lift it); the value
// stays. readonly -f and declare -fr do the same for a function: a later
// definition or unset -f of it fails, the body stays.
//
// The attribute is scope state (scope.ro, funcDef.ro), merged like the
// rest: a name readonly in one branch only is maybe readonly, and a
// binding of a maybe-readonly name leaves a value that is one of both
// (not known). A readonly made inside a function body is maybe readonly
// after it: declare -r and local -r there make a local, which ends with
// the call, and readonly may be of a local too.
//
// A plain assignment to a readonly name (and one inside an expansion,
// $((x=1))) also makes bash discard the rest of the input line: what
// follows may not run (jumpLine, inshell.go).

// readonly levels of scope.ro and funcDef.ro.
const (
	roNo uint8 = iota
	roMaybe
	roSure
)

// roTable is the readonly variables of a scope. It is shared by the
// copies of a scope and copied when one changes it (markRO).
type roTable map[string]uint8

// markRO makes the variable name readonly in sc.
func (sc *scope) markRO(name string) {
	level := roSure
	if sc.funcBody {
		level = roMaybe
	}
	if sc.ro[name] >= level {
		return
	}
	t := make(roTable, len(sc.ro)+1)
	for k, v := range sc.ro {
		t[k] = v
	}
	t[name] = level
	sc.ro = t
}

// mergeRO folds b's readonly names into sc's: a name readonly in only
// one, or at different levels, is maybe readonly.
func (sc *scope) mergeRO(b *scope) {
	if sameRO(sc.ro, b.ro) {
		return
	}
	t := make(roTable, len(sc.ro)+len(b.ro))
	for k, v := range sc.ro {
		if b.ro[k] != v {
			v = roMaybe
		}
		t[k] = v
	}
	for k := range b.ro {
		if _, ok := sc.ro[k]; !ok {
			t[k] = roMaybe
		}
	}
	sc.ro = t
}

// sameRO reports whether two readonly tables are the same.
func sameRO(x, y roTable) bool {
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

// roBinding notes a binding of name that makes bash discard the rest of
// the input line when name is readonly (a plain assignment, one in an
// expansion): the rest may not run.
func (a *analyzer) roBinding(sc *scope, name string) {
	if sc.ro[name] != roNo {
		a.jumped |= jumpLine
	}
}

// declRO marks readonly the name a declaration word binds, when the
// declaration makes it readonly (readonly, declare/typeset/local -r): a
// function with -f, a name not known statically is opaque.
func (a *analyzer) declRO(sc *scope, variant, opts string, f field) {
	if variant != "readonly" && !hasOptLetter(opts, 'r') {
		return
	}
	name, _, _, _, _ := varWord(f.s)
	if !validName(name) {
		if f.dyn || f.glob {
			a.opaque(variant, "readonly name not known statically: any later binding of a name may fail")
		}
		return
	}
	if hasOptLetter(opts, 'f') {
		sc.markFuncRO(name)
		return
	}
	sc.markRO(name)
}

// hasOptLetter reports whether one of the - option words in opts (the
// option words of a declaration, joined) holds letter.
func hasOptLetter(opts string, letter byte) bool {
	for i := 0; i < len(opts); i++ {
		if opts[i] != '-' && opts[i] != '+' {
			continue
		}
		on := opts[i] == '-'
		for i+1 < len(opts) && opts[i+1] != '-' && opts[i+1] != '+' {
			i++
			if on && opts[i] == letter {
				return true
			}
		}
	}
	return false
}

// markFuncRO makes the function name readonly in sc.
func (sc *scope) markFuncRO(name string) {
	fn, ok := sc.funcs[name]
	if !ok || fn.ro == roSure {
		return
	}
	fn.ro = roSure
	sc.setFunc(name, fn)
}
