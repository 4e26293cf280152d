package shell

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Parameter expansions resolved statically where bash's result is known
// from the line: positional parameters (empty in the line an agent runs;
// set by set --, shift and sh -c CODE ARG0 ARG…), arrays assigned
// literally, $_ (the last argument of the previous command), the default
// of ${x:-w} when x is known to be empty or unset, the pattern removals
// ${x#p} ${x##p} ${x%p} ${x%%p}, ${x/p/r}, case changes, ${#x} and
// literal substring offsets of a known value. Where a variable is not
// known, ${x:-w} and ${x-w} may still be w: the command is then analysed
// a second time with every such default in place (defaults.go).

// maxElems bounds the elements an array or positional parameter list
// keeps; beyond it the value is not known.
const maxElems = 256

// setArgs sets the positional parameters of sc.
func (sc *scope) setArgs(args []string, known bool) {
	if len(args) > maxElems {
		args, known = nil, false
	}
	sc.args, sc.argsKnown = args, known
}

// setArray assigns a literal array to name.
func (sc *scope) setArray(name string, elems []string) {
	if len(elems) > maxElems {
		sc.setVar(name, "", false)
		return
	}
	first := ""
	if len(elems) > 0 {
		first = elems[0]
	}
	sc.setVar(name, first, true)
	if sc.roOf(name) != roNo {
		return // the binding failed, or may have (readonly.go)
	}
	e := append([]string(nil), elems...)
	for i := range e {
		// declare -u a; a=(src): every element is transformed (varattrs.go)
		s, known := sc.attrValue(name, e[i], true)
		if !known {
			sc.setVar(name, "", false)
			return
		}
		e[i] = s
	}
	v := sc.vars[name]
	v.elems = &e
	sc.vars[name] = v
}

// paramBase is the value a parameter reference names before any
// operator: its words (several for $@, ${a[@]}), whether they are known,
// and whether the parameter is set.
type paramBase struct {
	words []string
	multi bool // $@ / ${a[@]}: one field per word when quoted
	star  bool // $* / ${a[*]}: the words joined when quoted
	known bool
	set   bool
	glob  bool // the value stands for a file a glob matches
}

// base returns the value of x's parameter, when known.
func (a *analyzer) base(x *syntax.ParamExp, sc *scope) paramBase {
	if x.Param == nil || x.Excl || x.Names != 0 {
		return paramBase{}
	}
	name := x.Param.Value
	one := func(s string, set bool) paramBase { return paramBase{words: []string{s}, known: true, set: set} }
	switch {
	case name == "@" || name == "*":
		if !sc.argsKnown || x.Index != nil {
			return paramBase{}
		}
		return paramBase{words: sc.args, multi: name == "@", star: name == "*", known: true, set: len(sc.args) > 0}
	case name == "#":
		if !sc.argsKnown {
			return paramBase{}
		}
		return one(strconv.Itoa(len(sc.args)), true)
	case name == "0":
		if v, ok := sc.dollar0(); ok { // BASH_ARGV0 sets it (inshell.go)
			return one(v, true)
		}
		return paramBase{}
	case name[0] >= '1' && name[0] <= '9':
		n, err := strconv.Atoi(name)
		if err != nil || !sc.argsKnown {
			return paramBase{}
		}
		if n <= len(sc.args) {
			return one(sc.args[n-1], true)
		}
		return one("", false)
	case name == "_":
		if sc.lastKnown {
			return one(sc.last, true)
		}
		return paramBase{}
	case isSpecialParam(name):
		return paramBase{}
	}
	v, inLine := sc.varEntry(name) // varstore.go
	if _, env := sc.cmdEnv[name]; env {
		v, inLine = sc.cmdEnv[name], true
	}
	if x.Index != nil {
		if !inLine || !v.known || v.elems == nil {
			return paramBase{}
		}
		elems := *v.elems
		if w, ok := x.Index.(*syntax.Word); ok {
			switch w.Lit() {
			case "@", "*":
				return paramBase{words: elems, multi: w.Lit() == "@", star: w.Lit() == "*", known: true, set: len(elems) > 0}
			}
			if n, err := strconv.Atoi(w.Lit()); err == nil && n >= 0 {
				if n < len(elems) {
					return one(elems[n], true)
				}
				return one("", false)
			}
		}
		return paramBase{}
	}
	if val, ok := a.lookup(sc, name); ok {
		pb := one(val, true)
		pb.glob = inLine && v.glob
		return pb
	}
	return paramBase{}
}

// paramKnown expands x into b when its result is known statically; it
// reports false, adding nothing, otherwise. def holds the fields of the
// operator's word (${x:-WORD}), already expanded.
func (a *analyzer) paramKnown(b *builder, x *syntax.ParamExp, sc *scope, quoted bool, def []field) bool {
	if x.Excl || x.Width || x.Names != 0 || x.Flags != nil || x.NestedParam != nil {
		return false
	}
	pb := a.base(x, sc)
	if x.Exp != nil {
		switch x.Exp.Op {
		case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AssignUnset, syntax.AssignUnsetOrNull:
			empty := !pb.set || x.Exp.Op == syntax.DefaultUnsetOrNull || x.Exp.Op == syntax.AssignUnsetOrNull
			if pb.known && empty && strings.Join(pb.words, "") == "" || !pb.known && a.defaultMode {
				w, ok := staticFields(def)
				if !ok {
					return false
				}
				pb = paramBase{words: []string{w}, known: true, set: true}
				break
			}
			if !pb.known {
				a.sawDefault = true
			}
		case syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
			if !pb.known {
				return false
			}
			if !pb.set || x.Exp.Op == syntax.AlternateUnsetOrNull && strings.Join(pb.words, "") == "" {
				pb.words = []string{""}
			} else {
				w, ok := staticFields(def)
				if !ok {
					return false
				}
				pb.words = []string{w}
			}
			pb.multi, pb.star = false, false
		case syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
		default:
			if !pb.known {
				return false
			}
			pat, ok := staticFields(def)
			if !ok {
				return false
			}
			for i, w := range pb.words {
				r, ok := applyParamOp(x.Exp.Op, w, pat)
				if !ok {
					return false
				}
				pb.words[i] = r
			}
		}
	}
	if !pb.known {
		return false
	}
	if x.Length {
		if pb.multi || pb.star {
			pb.words = []string{strconv.Itoa(len(pb.words))}
		} else {
			pb.words = []string{strconv.Itoa(len([]rune(strings.Join(pb.words, ""))))}
		}
		pb.multi, pb.star = false, false
	}
	if x.Repl != nil || x.Slice != nil {
		if pb.multi || pb.star || len(pb.words) != 1 {
			return false
		}
		r, ok := a.replSlice(x, pb.words[0], sc)
		if !ok {
			return false
		}
		pb.words[0] = r
	}
	a.emitWords(b, pb, quoted, sc)
	return true
}

// emitWords adds a known parameter value to b.
func (a *analyzer) emitWords(b *builder, pb paramBase, quoted bool, sc *scope) {
	if pb.glob {
		b.f.glob = true
	}
	switch {
	case quoted && pb.star:
		sep := ""
		if ifs := a.ifs(sc); ifs != "" {
			sep = ifs[:1]
		}
		b.add(strings.Join(pb.words, sep))
	case quoted:
		for i, w := range pb.words {
			if i > 0 {
				b.flush()
				b.has = true
			}
			b.add(w)
		}
		if len(pb.words) == 0 && pb.multi {
			b.drop = true // "$@" with no parameters is no word at all
		}
	default:
		ifs := a.ifs(sc)
		for i, w := range pb.words {
			if i > 0 && (b.cur.Len() > 0 || b.has) {
				b.flush()
			}
			b.addSplit(w, ifs)
		}
	}
}

// staticFields joins fields known statically.
func staticFields(fs []field) (string, bool) {
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		if f.dyn {
			return "", false
		}
		parts = append(parts, f.s)
	}
	return strings.Join(parts, " "), true
}

// applyParamOp applies a pattern removal or case operator to s.
func applyParamOp(op syntax.ParExpOperator, s, pat string) (string, bool) {
	switch op {
	case syntax.RemSmallSuffix, syntax.RemLargeSuffix, syntax.RemSmallPrefix, syntax.RemLargePrefix:
		if len(s) > maxPatValue || len(pat) > maxPattern {
			return "", false
		}
	}
	switch op {
	case syntax.RemSmallSuffix, syntax.RemLargeSuffix:
		best := -1
		for i := len(s); i >= 0; i-- {
			if shellMatch(pat, s[i:]) {
				best = i
				if op == syntax.RemSmallSuffix {
					break
				}
			}
		}
		if best < 0 {
			return s, true
		}
		return s[:best], true
	case syntax.RemSmallPrefix, syntax.RemLargePrefix:
		best := -1
		for i := 0; i <= len(s); i++ {
			if shellMatch(pat, s[:i]) {
				best = i
				if op == syntax.RemSmallPrefix {
					break
				}
			}
		}
		if best < 0 {
			return s, true
		}
		return s[best:], true
	case syntax.UpperAll, syntax.LowerAll, syntax.UpperFirst, syntax.LowerFirst:
		if pat != "" {
			return "", false
		}
		if s == "" {
			return s, true
		}
		switch op {
		case syntax.UpperAll:
			return strings.ToUpper(s), true
		case syntax.LowerAll:
			return strings.ToLower(s), true
		case syntax.UpperFirst:
			return strings.ToUpper(s[:1]) + s[1:], true
		default:
			return strings.ToLower(s[:1]) + s[1:], true
		}
	}
	return "", false
}

// replSlice applies ${x/p/r} or ${x:off:len} with literal parts.
func (a *analyzer) replSlice(x *syntax.ParamExp, s string, sc *scope) (string, bool) {
	if x.Slice != nil {
		off, ok := arithLit(x.Slice.Offset)
		if !ok {
			return "", false
		}
		r := []rune(s)
		if off < 0 {
			off += len(r)
		}
		if off < 0 || off > len(r) {
			return "", true
		}
		r = r[off:]
		if x.Slice.Length != nil {
			n, ok := arithLit(x.Slice.Length)
			if !ok {
				return "", false
			}
			if n < 0 {
				n += len(r)
			}
			if n < 0 {
				return "", false
			}
			r = r[:min(n, len(r))]
		}
		return string(r), true
	}
	pat, ok := litWord(x.Repl.Orig)
	if !ok {
		return "", false
	}
	with := ""
	if x.Repl.With != nil {
		if with, ok = litWord(x.Repl.With); !ok {
			return "", false
		}
	}
	return replParam(s, pat, with, x.Repl.All)
}

// Bounds on the pattern operators computed statically (their cost grows
// with the product of the lengths).
const (
	maxPatValue = 512
	maxPattern  = 64
)

// replParam is ${s/pat/with} (all: ${s//pat/with}; a pattern starting
// with # or % is anchored at the start or end).
func replParam(s, pat, with string, all bool) (string, bool) {
	if len(s) > maxPatValue || len(pat) > maxPattern {
		return "", false
	}
	anchor := byte(0)
	if pat != "" && (pat[0] == '#' || pat[0] == '%') {
		anchor, pat = pat[0], pat[1:]
	}
	switch anchor {
	case '#':
		for j := len(s); j >= 0; j-- {
			if shellMatch(pat, s[:j]) {
				return with + s[j:], true
			}
		}
		return s, true
	case '%':
		for i := 0; i <= len(s); i++ {
			if shellMatch(pat, s[i:]) {
				return s[:i] + with, true
			}
		}
		return s, true
	}
	if pat == "" {
		return s, true
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		end := -1
		for j := len(s); j > i; j-- {
			if shellMatch(pat, s[i:j]) {
				end = j
				break
			}
		}
		if end < 0 {
			out.WriteByte(s[i])
			i++
			continue
		}
		out.WriteString(with)
		if !all {
			out.WriteString(s[end:])
			return out.String(), true
		}
		i = end
	}
	return out.String(), true
}

// arithLit returns the value of an arithmetic expression that is a
// literal integer (or its negation).
func arithLit(x syntax.ArithmExpr) (int, bool) {
	neg := false
	if u, ok := x.(*syntax.UnaryArithm); ok && u.Op == syntax.Minus {
		neg, x = true, u.X
	}
	if p, ok := x.(*syntax.ParenArithm); ok {
		return arithLit(p.X)
	}
	w, ok := x.(*syntax.Word)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(w.Lit())
	if err != nil || n > 1<<20 {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// shellMatch reports whether s matches the shell pattern pat as a whole
// (* ? [set] and backslash escapes; * and ? match "/" too). It runs in
// time O(len(pat)·len(s)): one backtracking point, as for glob matching.
func shellMatch(pat, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, -1
	for sx < len(s) || px < len(pat) {
		if px < len(pat) {
			switch c := pat[px]; c {
			case '*':
				starP, starS = px, sx
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			case '[':
				if sx < len(s) {
					if n, ok := matchClass(pat[px:], s[sx]); n > 0 {
						if ok {
							px += n
							sx++
							continue
						}
					} else if s[sx] == '[' {
						px++
						sx++
						continue
					}
				}
			case '\\':
				if px+1 < len(pat) && sx < len(s) && s[sx] == pat[px+1] {
					px += 2
					sx++
					continue
				}
			default:
				if sx < len(s) && s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if starP >= 0 && starS < len(s) {
			starS++
			px, sx = starP+1, starS
			continue
		}
		return false
	}
	return true
}

// matchClass matches byte c against the bracket expression at the start
// of p; n is its length (0 when p is no bracket expression).
func matchClass(p string, c byte) (n int, ok bool) {
	i := 1
	neg := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		neg = true
		i++
	}
	start := i
	for ; i < len(p); i++ {
		if p[i] == ']' && i > start {
			return i + 1, ok != neg
		}
		if i+2 < len(p) && p[i+1] == '-' && p[i+2] != ']' {
			if p[i] <= c && c <= p[i+2] {
				ok = true
			}
			i += 2
			continue
		}
		if p[i] == c {
			ok = true
		}
	}
	return 0, false
}

// assignPrefix returns the length of a leading NAME=, NAME+= or
// NAME[SUB]= of an unquoted literal, or 0: bash expands a tilde after it
// even in an argument (dd if=~/x reads the home's x).
func assignPrefix(v string) int {
	i := 0
	for i < len(v) && (v[i] == '_' || v[i] >= 'a' && v[i] <= 'z' || v[i] >= 'A' && v[i] <= 'Z' || i > 0 && v[i] >= '0' && v[i] <= '9') {
		i++
	}
	if i == 0 {
		return 0
	}
	if i < len(v) && v[i] == '[' {
		j := strings.IndexByte(v[i:], ']')
		if j < 0 {
			return 0
		}
		i += j + 1
	}
	if i < len(v) && v[i] == '+' {
		i++
	}
	if i < len(v) && v[i] == '=' {
		return i + 1
	}
	return 0
}

// tildeAssign expands the tildes of an assignment's unquoted literal v:
// at its start (when start is set) and after every ":". A tilde prefix
// ends at "/" or ":". It returns what is left to add.
func (a *analyzer) tildeAssign(b *builder, v string, sc *scope, start bool) string {
	if !strings.Contains(v, "~") {
		return v
	}
	at := func(i int) bool { return v[i] == '~' && (i == 0 && start || i > 0 && v[i-1] == ':') }
	last := 0
	for i := 0; i < len(v); i++ {
		if !at(i) {
			continue
		}
		if i > 0 && v[i-2+1] == ':' && i >= 2 && v[i-2] == '\\' {
			continue // an escaped ":"
		}
		unescapeInto(b, v[last:i])
		end := i + strings.IndexAny(v[i:]+"/", "/:")
		if rest := a.tilde(b, v[i:end], sc); rest != "" {
			unescapeInto(b, rest)
		}
		last = end
		i = end - 1
	}
	return v[last:]
}

// setPositional applies set -- ARG… (or set ARG… not starting with - or
// +) to the positional parameters.
func (c *cmd) setPositional() {
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if f.dyn {
			c.sc.setArgs(nil, false)
			return
		}
		if s == "--" || !strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "+") {
			from := i
			if s == "--" {
				from = i + 1
			}
			known := true
			var args []string
			for _, g := range c.args[from:] {
				known = known && !g.dyn && !g.glob
				args = append(args, g.s)
			}
			c.sc.setArgs(args, known)
			return
		}
		if strings.Contains(s[1:], "o") {
			i++ // set -o OPTION, set -eo OPTION
		}
	}
}

// shiftPositional applies shift [N].
func (c *cmd) shiftPositional() {
	n := 1
	if len(c.args) > 0 {
		k, err := strconv.Atoi(c.s(0))
		if err != nil || c.args[0].dyn {
			c.sc.setArgs(nil, false)
			return
		}
		n = k
	}
	if !c.sc.argsKnown || n < 0 {
		return
	}
	if n > len(c.sc.args) {
		return // shift fails and changes nothing
	}
	c.sc.setArgs(c.sc.args[n:], true)
}

// maxUnroll bounds the items of a for loop whose body is analysed once
// per item.
const maxUnroll = 16

// unrollable reports whether a for loop over fs is analysed item by item:
// few items, each known statically (a glob stands for the files it
// matches), and not inside another unrolled loop.
func (a *analyzer) unrollable(fs []field) bool {
	if a.unrolling || len(fs) == 0 || len(fs) > maxUnroll {
		return false
	}
	for _, f := range fs {
		if f.dyn || f.proc {
			return false
		}
	}
	return true
}

// unroll analyses a for loop's body once per item, the variable set to
// it: for f in src/*.go; do cat "$f"; done reads what src/*.go matches.
// A jump the body takes (inshell.go) is honoured as bash does: a break
// or return the body takes on every path ends the loop (the later items
// are judged, their state dropped, as stmts does after a sure jump); a
// continue it takes so goes on to the next item; one it may take (behind
// && or in a branch) makes the later items a branch, merged with the
// state the jump left (red-team round 23, #6).
func (a *analyzer) unroll(name string, fs []field, body []*syntax.Stmt, sc *scope) error {
	a.unrolling = true
	defer func() { a.unrolling = false }()
	err := a.unrollItems(name, fs, body, sc)
	sc.setVar(name, "", false)
	return err
}

func (a *analyzer) unrollItems(name string, fs []field, body []*syntax.Stmt, sc *scope) error {
	for i, f := range fs {
		sc.setVar(name, f.s, true)
		if v := sc.vars[name]; sc.roOf(name) == roNo {
			v.glob = f.glob
			sc.vars[name] = v
		}
		if err := a.stmts(body, sc); err != nil {
			return err
		}
		j := a.jumped
		if j == 0 {
			continue
		}
		switch k := bodyJump(body, sc.funcBody); {
		case k == jumpNext:
			a.jumped = 0 // continue: the next item runs
			continue
		case i+1 == len(fs):
			return nil
		case k == jumpStop:
			a.jumped = 0
			err := a.isolated(sc, func(b *scope) error { return a.unrollItems(name, fs[i+1:], body, b) })
			a.jumped = j // never runs: judged, its state dropped
			return err
		default:
			a.jumped = 0
			err := a.branch(sc, func(b *scope) error { return a.unrollItems(name, fs[i+1:], body, b) })
			a.jumped |= j
			return err
		}
	}
	return nil
}

// The jump a loop's body takes on every path (bodyJump).
const (
	jumpMaybe = iota // none, or one it may take
	jumpStop         // break or return: the loop ends
	jumpNext         // continue: the next item runs
)

// bodyJump returns the jump the statements of body take on every path:
// the first of them that is a jump itself (sureJump), when none before it
// holds a jump anywhere (a break behind && or in a branch may end the
// loop earlier, or not). bash's break with any argument leaves the loop
// (break 0 too, and a word that is no number ends the shell); continue
// goes on with the next item only with no argument or 1 (continue 0
// leaves the loop); return leaves it only in a function (inFunc), and is
// an error that changes nothing outside one.
func bodyJump(body []*syntax.Stmt, inFunc bool) int {
	for _, s := range body {
		if sureJump(s) {
			c := s.Cmd.(*syntax.CallExpr)
			switch c.Args[0].Lit() {
			case "return":
				if inFunc {
					return jumpStop
				}
				return jumpMaybe
			case "break":
				return jumpStop
			case "continue":
				if len(c.Args) == 1 || len(c.Args) == 2 && c.Args[1].Lit() == "1" {
					return jumpNext
				}
				if _, err := strconv.Atoi(c.Args[1].Lit()); err == nil && len(c.Args) == 2 {
					return jumpStop // continue 0, continue 2: this loop ends
				}
				return jumpMaybe
			}
		}
		if holdsJump(s) {
			return jumpMaybe
		}
	}
	return jumpMaybe
}

// holdsJump reports whether a break, continue or return may be run
// anywhere in s (a name not known statically, eval, may be one too).
func holdsJump(s *syntax.Stmt) bool {
	found := false
	syntax.Walk(s, func(n syntax.Node) bool {
		if c, ok := n.(*syntax.CallExpr); ok && len(c.Args) > 0 {
			lit := c.Args[0].Lit()
			if lit == "" || jumpOf(lit, nil) != 0 || lit == "eval" || lit == "source" || lit == "." {
				found = true
			}
		}
		return !found
	})
	return found
}
