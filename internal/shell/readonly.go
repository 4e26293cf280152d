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
// $((x=1)), ${x:=v}, or through a name reference: declare -n r=x; r=1)
// also makes bash discard the rest of the input line: what follows may
// not run (jumpLine, inshell.go; the other errors that do it:
// discard.go).
//
// The shell makes some variables readonly itself (shellRO): bash's are
// readonly in every bash (red-team round 25, #3: UID=0; cd src never
// reaches the cd); under another shell, or one not known, they and
// zsh's own are maybe readonly (scope.roOf).

// readonly levels of scope.ro and funcDef.ro.
const (
	roNo uint8 = iota
	roMaybe
	roSure
)

// shellRO are the variables a shell makes readonly itself. bash's are
// readonly -p in bash 5.2, the same under -c, a script, --posix, a
// login and an interactive shell (rbash adds PATH, SHELL, ENV and
// BASH_ENV: not listed, a restricted shell refuses more than it allows);
// zsh's are the read-only parameters zshparam lists. true: bash's.
var shellRO = map[string]bool{
	"BASHOPTS": true, "BASH_VERSINFO": true, "EUID": true, "PPID": true, "SHELLOPTS": true, "UID": true,
	"ARGC": false, "ZSH_SUBSHELL": false, "ZSH_EVAL_CONTEXT": false, "zsh_eval_context": false,
	"ZSH_ARGZERO": false, "TTYIDLE": false, "status": false, "signals": false,
}

// roOf is how readonly the variable name is in sc: made readonly by the
// line (sc.ro), or by the shell itself (shellRO): bash's in bash surely,
// any of them in another or a shell not known maybe.
func (sc *scope) roOf(name string) uint8 {
	r := sc.ro[name]
	if b, ok := shellRO[name]; ok && r != roSure {
		if b && sc.dialect == dialBash {
			return roSure
		}
		r = roMaybe
	}
	return r
}

// roTable is the readonly variables of a scope. It is shared by the
// copies of a scope and copied when one changes it (markRO).
type roTable map[string]uint8

// markRO makes the variable name readonly in sc.
func (sc *scope) markRO(name string) {
	level := roSure
	if sc.funcBody {
		level = roMaybe
	}
	sc.markROLevel(name, level)
}

// markROLevel makes the variable name readonly in sc at level (roMaybe:
// maybe readonly), unless it is more so already.
func (sc *scope) markROLevel(name string, level uint8) {
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
	if sc.roOf(a.refName(name)) != roNo {
		a.jumped |= jumpLine
	}
}

// refName is the variable a binding of name reaches through name
// references (declare -n r=UID: r=0 binds UID); name itself when it is
// none, or one without a target yet (r=NAME then names the target).
func (a *analyzer) refName(name string) string {
	for n := 0; n < maxNamerefHops && a.namerefs != nil; n++ {
		t, ok := a.namerefs[name]
		if !ok || t == "" {
			break
		}
		name, _, _, _, _ = varWord(t)
	}
	return name
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
	if hasOptLetter(opts, 'n') {
		sc.markRO(name) // declare -rn r: the reference itself
		return
	}
	// readonly r, r a reference: its target (namerefs.go)
	names, sure := a.refActs(sc, name, declLocal(sc, variant, opts))
	for _, n := range names {
		if sure {
			sc.markRO(n)
		} else {
			sc.markROLevel(n, roMaybe)
		}
	}
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
