package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Shell options that change what a glob matches, tracked through the line
// like variables: shopt -s dotglob (and a non-empty GLOBIGNORE) lets * and
// ? match a leading ".", globstar makes ** cross directories, nocaseglob
// ignores case. Where the analysis cannot tell whether an option is on (a
// branch that may not run, an eval, a function), it is taken to be on: the
// permissive reading is the one that matches more files.

// globFlags is a set of glob options that may be on.
type globFlags uint16

const (
	globDot globFlags = 1 << iota
	globStar
	globNoCase
	optCdableVars // not a glob option: cd NAME may go to $NAME (cdpath.go)
	optKeyword    // not a glob option: set -k, NAME=V words anywhere are environment (keyword.go)
	optExtDebug   // not a glob option: shopt -s extdebug, a DEBUG trap may skip commands (inshell.go)
	globNull      // nullglob: a glob that matches nothing is no word (nullglob.go)
	optNoBrace    // not a glob option: set +B, brace expansion may be off (expandopts.go)
	optNoGlob     // set -f: noglob may be on, globs are literal words (expandopts.go)
	optBraceBoth  // with optNoBrace: brace expansion may be on too
	optGlobBoth   // with optNoGlob: noglob may be off too
)

// globsAll are the options a shopt of a name not known may set.
const globsAll = globDot | globStar | globNoCase | optCdableVars | optExtDebug | globNull

// shoptGlobs maps shopt option names to the flags they set.
var shoptGlobs = &lazy.Value[map[string]globFlags]{New: func() map[string]globFlags {
	return map[string]globFlags{"dotglob": globDot, "globstar": globStar, "nocaseglob": globNoCase, "cdable_vars": optCdableVars, "extdebug": optExtDebug, "nullglob": globNull}
}}

// enableGlobs turns flags on in sc. A change made where it may flow
// further than the analysis follows (inside eval, sh -c, a function
// body) is remembered for the rest of the line.
func (a *analyzer) enableGlobs(sc *scope, f globFlags) {
	sc.globs |= f
	if sc.reparse > 0 || sc.funcBody {
		a.globsAny |= f
	}
}

// globsOn returns the glob options that may be on in sc.
func (a *analyzer) globsOn(sc *scope) globFlags { return sc.globs | a.globsAny }

// shopt reads shopt -s/-u OPTION…; set -o names are not glob options.
func (c *cmd) shopt() {
	c.text = true // option names, not files
	var set, unset, dynamic, setOpts bool
	var names []field
	for _, f := range c.args {
		switch {
		case f.s == "-s":
			set = true
		case f.s == "-u":
			unset = true
		case f.s == "-o":
			setOpts = true // set -o options (keyword.go)
		case strings.HasPrefix(f.s, "-") && !f.dyn:
			set = set || strings.Contains(f.s, "s")
			unset = unset || strings.Contains(f.s, "u")
			setOpts = setOpts || strings.Contains(f.s, "o")
		default:
			names = append(names, f)
			dynamic = dynamic || f.dyn
		}
	}
	if setOpts {
		// shopt -s -o NAME is set -o NAME
		if set || unset || dynamic {
			for _, n := range names {
				c.setOption(n, !unset || n.dyn)
			}
		}
		return
	}
	var fl globFlags
	for _, n := range names {
		if n.dyn {
			fl |= globsAll
			continue
		}
		fl |= shoptGlobs.Get()[n.s]
	}
	switch {
	case set || dynamic:
		c.a.enableGlobs(c.sc, fl)
	case unset:
		c.sc.globs &^= fl
	}
}

// shellOptions applies bash -O/+O OPTION (and the set options the
// analysis tracks) to the scope of the code a shell runs (bash -O dotglob
// -c 'cat *', bash -O dotglob -s <<E … E).
func (a *analyzer) shellOptions(sc *scope, o opts, args []field) {
	a.keywordShell(sc, o)       // bash -k -c '…' (keyword.go)
	a.expandOptsShell(sc, args) // bash +B -c '…', bash -f -c '…' (expandopts.go)
	for _, f := range o.values("-O") {
		if f.dyn {
			a.enableGlobs(sc, globsAll)
			continue
		}
		sc.globs |= shoptGlobs.Get()[f.s]
	}
}

// foldCase rewrites the glob segments of p so that they match without
// regard to case, as nocaseglob makes bash match them: ".E*" becomes
// ".[eE]*". Literal segments are looked up as written and stay.
func foldCase(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if !strings.ContainsAny(s, "*?[") {
			continue
		}
		var b strings.Builder
		inClass := false
		for j := 0; j < len(s); j++ {
			c := s[j]
			lower, upper := c|0x20, c&^0x20
			letter := lower >= 'a' && lower <= 'z'
			switch {
			case c == '[' && !inClass:
				inClass = true
				b.WriteByte(c)
			case c == ']' && inClass:
				inClass = false
				b.WriteByte(c)
			case c == '\\' && j+1 < len(s):
				b.WriteByte(c)
				j++
				b.WriteByte(s[j])
			case letter && inClass:
				b.WriteByte(lower)
				b.WriteByte(upper)
			case letter:
				b.WriteByte('[')
				b.WriteByte(lower)
				b.WriteByte(upper)
				b.WriteByte(']')
			default:
				b.WriteByte(c)
			}
		}
		segs[i] = b.String()
	}
	return strings.Join(segs, "/")
}
