package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Errors that discard the rest of the line (red-team round 25, #3, #4).
// When a command's own expansion fails, bash 5.2 (bash -c, a script)
// does not run the command and discards the rest of the input line; the
// next line runs (in POSIX mode, and for ${x?}, the shell exits instead:
// nothing later runs, which the maybe below covers). Verified in bash
// 5.2, each of:
//   - an arithmetic error — division or remainder by 0, a bad constant
//     (08, 0xg, 2#2, 65#1, 1e3, 10#), a negative exponent, a syntax error,
//     names evaluated in turn past bash's recursion limit — in $((…)) and
//     $[…], an array subscript, ${x:off:len}, a value assigned to a
//     declare -i variable, and in the value of a name arithmetic
//     evaluates (x=1/0; $((x))). In (( )), let, for (( )) and [[ -eq ]]
//     an error fails the command only, except in a subscript: taken as a
//     discard too;
//   - a bad subscript in an assignment (a[-5]=1 past the start, a[@]=1;
//     an empty key m[$k]=1), and in a name given to read, printf -v,
//     unset, test -v, mapfile, getopts, wait -p;
//   - ${x?} and ${x:?} of a variable not set (or empty); ${1:=v} (cannot
//     assign); ${!x} of a value that is no variable name (invalid
//     indirect expansion); a substring length before its offset
//     (${x:0:-5} of a shorter value: substring expression < 0);
//   - an assignment to a readonly variable (readonly.go): NAME=V alone,
//     ${NAME:=V}, $((NAME=V)), through a name reference; for NAME in …
//     fails before the loop runs, and NAME=V before a command, export
//     NAME=V exit the shell in POSIX mode.
// An error in $(…), <(…), a pipeline's side or a background job ends
// that subshell only (each is walked as its own statements).
//
// What the analysis does not know may be anything: a variable whose
// value is not known may hold 1/0. So a statement whose own expansions
// may fail (mayDiscard: every operand not statically safe) is walked as a
// branch, since it may not run, and the rest of the line after it is a
// branch too (jumpLine, inshell.go); where it surely fails, the maybe is
// the same. Statically safe are: literal decimal, octal, hex and base#
// constants; a divisor, remainder or exponent that is a literal
// constant (not 0); a variable whose known value is safe in turn (up to
// maxArithDepth), or that the statement assigned by arithmetic before
// (its value is a number); the numbers bash keeps itself ($#, $?, $$,
// $!, ${#x}, RANDOM, LINENO, … while the line does not bind them); a
// subscript assigned that is a known non-negative number; ${x?} of a
// variable known set. Everything else — a loop counter after the loop
// merged its passes, $(( $(cmd) )) — is a maybe: the statements after it
// on its line stay judged, and their state (a cd) is one of both.

// shellNumbers are the variables bash keeps as numbers itself: safe in
// arithmetic while the line does not bind them.
var shellNumbers = map[string]bool{
	"RANDOM": true, "SRANDOM": true, "LINENO": true, "SECONDS": true, "EPOCHSECONDS": true,
	"BASHPID": true, "PPID": true, "UID": true, "EUID": true, "HISTCMD": true,
}

// nameArgBuiltins are the builtins that take variable names (whose
// subscript is evaluated when they run) as their operands, with the
// option letters that take a value (a word that is not a name).
var nameArgBuiltins = map[string]string{
	"read": "adinNptu", "mapfile": "dnOsuCc", "readarray": "dnOsuCc", "unset": "",
}

// nameOptBuiltins are the builtins that take a variable name as the value
// of an option (printf -v NAME, test -v NAME, wait -p NAME).
var nameOptBuiltins = map[string]string{
	"printf": "-v", "test": "-v -R", "[": "-v -R", "wait": "-p", "getopts": "",
}

// discardCheck is one statement's check (mayDiscard).
type discardCheck struct {
	a  *analyzer
	sc *scope
	s  *syntax.Stmt
	// nums: names the statement's arithmetic assigned so far (numbers);
	// bound: names it binds to text (NAME=V, ${NAME:=V}), collected when
	// first needed
	nums      map[string]bool
	bound     map[string]bool
	boundDone bool
	depth     int
}

// mayDiscard reports whether evaluating s's own words (not those of the
// statements inside it, checked as they are walked) may fail with an
// error that discards the rest of the line.
func (a *analyzer) mayDiscard(s *syntax.Stmt, sc *scope) bool {
	if s.Background || s.Coprocess || s.Disown || s.Cmd == nil && len(s.Redirs) == 0 {
		return false // a background job expands its words in its subshell
	}
	x := discardCheck{a: a, sc: sc, s: s}
	return !x.stmtSafe()
}

// stmtSafe reports whether s's own expansions surely do not fail.
func (x *discardCheck) stmtSafe() bool {
	for _, r := range x.s.Redirs {
		if !x.word(r.Word) || !x.word(r.Hdoc) {
			return false
		}
	}
	switch c := x.s.Cmd.(type) {
	case *syntax.CallExpr:
		for _, as := range c.Assigns {
			if !x.assign(as, false) {
				return false
			}
		}
		for _, w := range c.Args {
			if !x.word(w) {
				return false
			}
		}
		return x.nameArgs(c.Args)
	case *syntax.DeclClause:
		isInt := false
		for _, as := range c.Args {
			if as.Name == nil && as.Value != nil {
				if lit := as.Value.Lit(); strings.HasPrefix(lit, "-") || strings.HasPrefix(lit, "+") {
					isInt = isInt || intOpt(lit)
					continue
				}
			}
			if !x.assign(as, isInt) {
				return false
			}
		}
	case *syntax.ArithmCmd:
		return x.arith(c.X)
	case *syntax.LetClause:
		for _, e := range c.Exprs {
			if !x.arith(e) {
				return false
			}
		}
	case *syntax.TestClause:
		return x.test(c.X)
	case *syntax.ForClause:
		switch l := c.Loop.(type) {
		case *syntax.WordIter:
			if l.Name != nil && x.sc.roOf(x.a.refName(l.Name.Value)) != roNo {
				return false // the loop does not run (POSIX mode: the shell exits)
			}
			for _, w := range l.Items {
				if !x.word(w) {
					return false
				}
			}
		case *syntax.CStyleLoop:
			return x.arith(l.Init) && x.arith(l.Cond) && x.arith(l.Post)
		}
	case *syntax.CaseClause:
		if !x.word(c.Word) {
			return false
		}
		for _, it := range c.Items {
			for _, w := range it.Patterns {
				if !x.word(w) {
					return false
				}
			}
		}
	}
	return true
}

// assign reports whether an assignment (alone, before a command, or a
// declaration's word) surely succeeds; isInt: declare -i.
func (x *discardCheck) assign(as *syntax.Assign, isInt bool) bool {
	if as.Name == nil {
		// declare 'a[1/0]=1', declare "$n=V": the name is read at run time
		return x.word(as.Value) && x.nameText(as.Value)
	}
	name := as.Name.Value
	if as.Naked && as.Index == nil {
		// export NAME, declare NAME of a readonly name: no binding, no
		// failure that discards (local NAME fails alone). bash 5.2
		return true
	}
	if x.sc.roOf(x.a.refName(name)) != roNo {
		return false // fails (alone: discards; before a command, export: exits in POSIX mode)
	}
	if as.Index != nil && !x.index(as.Index) {
		return false
	}
	if as.Array == nil && x.a.mayNameTarget(x.sc, name) && !x.namesTarget(as.Index, as.Value) {
		return false // declare -n r; r=1x: not a valid identifier (namerefs.go)
	}
	if as.Array != nil {
		for _, el := range as.Array.Elems {
			if el.Index != nil && !x.arith(el.Index) || !x.word(el.Value) {
				return false
			}
		}
	}
	if !x.word(as.Value) {
		return false
	}
	if (isInt || x.a.intVars[name] || x.a.intVars[x.a.refName(name)]) && as.Value != nil {
		// the value is evaluated as arithmetic
		v, ok := staticText(as.Value)
		return ok && x.text(v)
	}
	return true
}

// nameArgs checks the variable names a builtin is given as words
// (read 'a[i]', printf -v 'a[i]', unset 'a[i]'): their subscripts.
func (x *discardCheck) nameArgs(args []*syntax.Word) bool {
	if len(args) < 2 {
		return true
	}
	name := args[0].Lit()
	if valOpts, ok := nameArgBuiltins[name]; ok {
		for i := 1; i < len(args); i++ {
			lit := args[i].Lit()
			if strings.HasPrefix(lit, "-") && len(lit) > 1 {
				if strings.ContainsRune(valOpts, rune(lit[len(lit)-1])) {
					i++ // the option's value
				}
				continue
			}
			if !x.nameText(args[i]) {
				return false
			}
		}
		return true
	}
	opts, ok := nameOptBuiltins[name]
	if !ok {
		return true
	}
	if name == "getopts" {
		return len(args) < 3 || x.nameText(args[2])
	}
	for i := 1; i+1 < len(args); i++ {
		lit := args[i].Lit()
		if lit != "" && strings.Contains(" "+opts+" ", " "+lit+" ") && !x.nameText(args[i+1]) {
			return false
		}
	}
	return true
}

// nameText reports whether a word naming a variable (NAME, NAME[SUB],
// NAME[SUB]=V) surely names it without a subscript error: a subscript
// must be a known non-negative number; a name not known statically may
// hold any.
func (x *discardCheck) nameText(w *syntax.Word) bool {
	s, ok := staticText(w)
	if !ok {
		return false
	}
	i := strings.IndexByte(s, '[')
	if eq := strings.IndexByte(s, '='); i < 0 || eq >= 0 && eq < i {
		return true
	}
	j := strings.LastIndexByte(s, ']')
	if j < i {
		return true // no subscript: an invalid name fails without a discard
	}
	return x.indexText(strings.TrimSpace(s[i+1 : j]))
}

// index reports whether an assignment's subscript (a[SUB]=V) is surely a
// non-negative number: a negative one past the array's start, @ or an
// empty key are bad subscripts.
func (x *discardCheck) index(e syntax.ArithmExpr) bool {
	w, ok := e.(*syntax.Word)
	if !ok {
		return false
	}
	if lit := w.Lit(); lit != "" {
		return x.indexText(lit)
	}
	if len(w.Parts) != 1 {
		return false
	}
	p, ok := w.Parts[0].(*syntax.ParamExp)
	if !ok || p.Param == nil || p.Flags != nil || !plainParam(p) || !validName(p.Param.Value) {
		return false
	}
	v, ok := x.a.lookup(x.sc, p.Param.Value)
	return ok && !x.isBound(p.Param.Value) && nonNegNumber(v)
}

// indexText is index for the subscript's text.
func (x *discardCheck) indexText(s string) bool {
	if nonNegNumber(s) {
		return true
	}
	if !validName(s) || x.isBound(s) {
		return false
	}
	v, ok := x.a.lookup(x.sc, s)
	return ok && nonNegNumber(strings.TrimSpace(v))
}

// word reports whether w's expansions surely do not fail.
func (x *discardCheck) word(w *syntax.Word) bool {
	return w == nil || x.parts(w.Parts)
}

func (x *discardCheck) parts(ps []syntax.WordPart) bool {
	for _, p := range ps {
		switch p := p.(type) {
		case *syntax.DblQuoted:
			if !x.parts(p.Parts) {
				return false
			}
		case *syntax.ParamExp:
			if !x.param(p) {
				return false
			}
		case *syntax.ArithmExp:
			if !x.arith(p.X) {
				return false
			}
		case *syntax.BraceExp:
			for _, e := range p.Elems {
				if !x.word(e) {
					return false
				}
			}
		}
		// literals, quotes, globs; $(…) and <(…) fail in their subshell
	}
	return true
}

// param reports whether the parameter expansion p surely does not fail.
func (x *discardCheck) param(p *syntax.ParamExp) bool {
	if p.Flags != nil || p.NestedParam != nil || p.Param == nil {
		return false // zsh's forms: not bash's, anything
	}
	if p.Index != nil && !anyIndex(p.Index) && !x.arith(p.Index) {
		return false
	}
	if p.Slice != nil && !x.slice(p) {
		return false
	}
	if p.Repl != nil && (!x.word(p.Repl.Orig) || !x.word(p.Repl.With)) {
		return false
	}
	name := p.Param.Value
	if p.Exp != nil {
		if !x.word(p.Exp.Word) {
			return false
		}
		switch p.Exp.Op {
		case syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
			pb := x.a.base(p, x.sc)
			if !pb.known || !pb.set || p.Exp.Op == syntax.ErrorUnsetOrNull && strings.Join(pb.words, "") == "" {
				return false
			}
		case syntax.AssignUnset, syntax.AssignUnsetOrNull:
			pb := x.a.base(p, x.sc)
			if pb.known && pb.set && (p.Exp.Op == syntax.AssignUnset || strings.Join(pb.words, "") != "") {
				break // nothing is assigned
			}
			if isSpecialParam(name) || p.Index != nil || x.sc.roOf(x.a.refName(name)) != roNo {
				return false // $1: cannot assign in this way; readonly
			}
			if x.a.mayNameTarget(x.sc, name) && !x.namesTarget(nil, p.Exp.Word) {
				return false // ${r:=1x} naming a reference's target (namerefs.go)
			}
		}
	}
	if p.Excl && p.Names == 0 && !(p.Index != nil && anyIndex(p.Index)) {
		// ${!x}: x's value must name a variable
		v, ok := x.a.lookup(x.sc, name)
		if isSpecialParam(name) || !ok || x.isBound(name) {
			return false
		}
		if i := strings.IndexByte(v, '['); i > 0 && strings.HasSuffix(v, "]") {
			return validName(v[:i]) && x.text(v[i+1:len(v)-1])
		}
		return validName(v) || isSpecialParam(v)
	}
	return true
}

// slice reports whether ${x:OFF:LEN} surely does not fail: both are safe
// arithmetic, and LEN a literal that is not negative (a negative one
// before the offset fails).
func (x *discardCheck) slice(p *syntax.ParamExp) bool {
	if !x.arith(p.Slice.Offset) || !x.arith(p.Slice.Length) {
		return false
	}
	if p.Slice.Length == nil {
		return true
	}
	n, ok := arithConst(p.Slice.Length)
	return ok && n >= 0
}

// arith reports whether evaluating e surely does not fail.
func (x *discardCheck) arith(e syntax.ArithmExpr) bool {
	switch t := e.(type) {
	case nil:
		return true
	case *syntax.BinaryArithm:
		if t.Op == syntax.Assgn {
			// NAME=V does not read NAME; after it NAME is a number
			if !x.arith(t.Y) || !x.lvalue(t.X) {
				return false
			}
			x.num(t.X)
			return true
		}
		if !x.arith(t.X) || !x.arith(t.Y) {
			return false
		}
		switch t.Op {
		case syntax.Quo, syntax.Rem, syntax.QuoAssgn, syntax.RemAssgn:
			if n, ok := arithConst(t.Y); !ok || n == 0 {
				return false
			}
		case syntax.Pow:
			if _, ok := arithConst(t.Y); !ok {
				return false
			}
		}
		if isArithAssign(t.Op) {
			if !x.lvalue(t.X) {
				return false
			}
			x.num(t.X)
		}
		return true
	case *syntax.UnaryArithm:
		if !x.arith(t.X) {
			return false
		}
		if t.Op == syntax.Inc || t.Op == syntax.Dec {
			if !x.lvalue(t.X) {
				return false
			}
			x.num(t.X)
		}
		return true
	case *syntax.ParenArithm:
		return x.arith(t.X)
	case *syntax.Word:
		return x.arithWord(t)
	}
	return false // zsh's flags, anything else
}

// lvalue reports whether e is a variable arithmetic may assign: a name
// (or an element) that is not readonly.
func (x *discardCheck) lvalue(e syntax.ArithmExpr) bool {
	w, ok := e.(*syntax.Word)
	if !ok || len(w.Parts) != 1 {
		return false
	}
	name := ""
	switch p := w.Parts[0].(type) {
	case *syntax.Lit:
		name = p.Value
	case *syntax.ParamExp:
		if p.Param == nil || p.Exp != nil || p.Slice != nil || p.Repl != nil || p.Excl || p.Length || p.Index == nil || !x.arith(p.Index) {
			return false
		}
		name = p.Param.Value
	}
	return validName(name) && x.sc.roOf(x.a.refName(name)) == roNo && !x.a.mayNameTarget(x.sc, name)
}

// namesTarget reports whether an assignment of val (at index, when not
// nil) surely names a reference's target: a static variable name.
func (x *discardCheck) namesTarget(index syntax.ArithmExpr, val *syntax.Word) bool {
	if index != nil || val == nil {
		return false
	}
	v, ok := staticText(val)
	return ok && validRefTarget(v)
}

// num notes that the assignment's target e holds a number from here on.
func (x *discardCheck) num(e syntax.ArithmExpr) {
	if w, ok := e.(*syntax.Word); ok {
		if lit := w.Lit(); validName(lit) {
			if x.nums == nil {
				x.nums = map[string]bool{}
			}
			x.nums[lit] = true
		}
	}
}

// arithWord reports whether an arithmetic operand surely evaluates: a
// valid constant, a name whose value does, an expansion whose result
// does.
func (x *discardCheck) arithWord(w *syntax.Word) bool {
	if lit := w.Lit(); lit != "" {
		if validName(lit) {
			return x.name(lit)
		}
		return arithNumber(lit)
	}
	if len(w.Parts) != 1 {
		return false
	}
	p, ok := w.Parts[0].(*syntax.ParamExp)
	if !ok || !x.param(p) {
		return false
	}
	switch {
	case p.Length:
		return true // a number
	case p.Exp != nil || p.Slice != nil || p.Repl != nil || p.Excl || p.Names != 0 || p.Width:
		return false
	}
	switch n := p.Param.Value; {
	case n == "#" || n == "?" || n == "$" || n == "!":
		return true
	case p.Index == nil && validName(n):
		return x.name(n)
	}
	pb := x.a.base(p, x.sc)
	return pb.known && len(pb.words) == 1 && !x.isBound(p.Param.Value) && x.text(pb.words[0])
}

// name reports whether the variable name evaluates as arithmetic.
func (x *discardCheck) name(n string) bool {
	if x.nums[n] {
		return true
	}
	if x.isBound(n) {
		return false
	}
	if v, ok := x.a.lookup(x.sc, n); ok {
		return x.text(v)
	}
	_, inLine := x.sc.varEntry(n)
	_, env := x.sc.cmdEnv[n]
	return shellNumbers[n] && !inLine && !env
}

// text reports whether the text v, evaluated as arithmetic (a variable's
// value, a subscript), surely evaluates.
func (x *discardCheck) text(v string) bool {
	v = strings.Trim(v, " \t\n")
	switch {
	case v == "" || arithNumber(v):
		return true
	case x.depth >= maxArithDepth || len(v) > 256 || strings.ContainsAny(v, "$`\\'\"\r\x00"):
		return false
	}
	x.depth++
	defer func() { x.depth-- }()
	if validName(v) {
		return x.name(v)
	}
	e, err := x.a.parser.Arithmetic(strings.NewReader(v))
	return err == nil && x.arith(e)
}

// test reports whether a [[ ]] expression's expansions surely do not
// fail; the operands of -eq and the like are evaluated as arithmetic.
func (x *discardCheck) test(t syntax.TestExpr) bool {
	switch t := t.(type) {
	case *syntax.BinaryTest:
		if arithTestOp(t.Op) {
			return x.arithOperand(t.X) && x.arithOperand(t.Y)
		}
		return x.test(t.X) && x.test(t.Y)
	case *syntax.UnaryTest:
		if w, ok := t.X.(*syntax.Word); ok && (t.Op == syntax.TsVarSet || t.Op == syntax.TsRefVar) {
			return x.word(w) && x.nameText(w)
		}
		return x.test(t.X)
	case *syntax.ParenTest:
		return x.test(t.X)
	case *syntax.Word:
		return x.word(t)
	}
	return true
}

// arithOperand is test's check of an operand evaluated as arithmetic.
func (x *discardCheck) arithOperand(t syntax.TestExpr) bool {
	w, ok := t.(*syntax.Word)
	if !ok {
		return x.test(t)
	}
	if !x.word(w) {
		return false
	}
	if s, ok := staticText(w); ok {
		return x.text(s)
	}
	return x.arithWord(unquoted(w))
}

// isBound reports whether the statement binds n to text (NAME=V alone or
// before its command, a declaration, ${NAME:=V}): an arithmetic
// evaluation of n may then see that value instead of the known one.
func (x *discardCheck) isBound(n string) bool {
	if !x.boundDone {
		x.boundDone = true
		note := func(name string) {
			if x.bound == nil {
				x.bound = map[string]bool{}
			}
			x.bound[name] = true
		}
		syntax.Walk(x.s, func(node syntax.Node) bool {
			switch node := node.(type) {
			case *syntax.CmdSubst, *syntax.ProcSubst, *syntax.Stmt:
				return node == x.s // the statements inside are their own
			case *syntax.Assign:
				if node.Name != nil {
					note(node.Name.Value)
				}
			case *syntax.ParamExp:
				if node.Exp != nil && node.Param != nil && (node.Exp.Op == syntax.AssignUnset || node.Exp.Op == syntax.AssignUnsetOrNull) {
					note(node.Param.Value)
				}
			}
			return true
		})
	}
	return x.bound[n]
}

// staticText is the text of a word without expansions (quotes removed).
func staticText(w *syntax.Word) (string, bool) {
	if w == nil {
		return "", true
	}
	if lit := w.Lit(); lit != "" || len(w.Parts) == 0 {
		return lit, true
	}
	var b strings.Builder
	var add func(ps []syntax.WordPart) bool
	add = func(ps []syntax.WordPart) bool {
		for _, p := range ps {
			switch p := p.(type) {
			case *syntax.Lit:
				b.WriteString(p.Value)
			case *syntax.SglQuoted:
				if p.Dollar {
					return false
				}
				b.WriteString(p.Value)
			case *syntax.DblQuoted:
				if !add(p.Parts) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	if !add(w.Parts) {
		return "", false
	}
	return b.String(), true
}

// unquoted is w with one level of double quotes removed ("$x" → $x).
func unquoted(w *syntax.Word) *syntax.Word {
	if len(w.Parts) == 1 {
		if dq, ok := w.Parts[0].(*syntax.DblQuoted); ok {
			return &syntax.Word{Parts: dq.Parts}
		}
	}
	return w
}

// anyIndex reports whether a subscript is @ or *.
func anyIndex(e syntax.ArithmExpr) bool {
	w, ok := e.(*syntax.Word)
	return ok && (w.Lit() == "@" || w.Lit() == "*")
}

// arithConst is the value of a literal constant operand (not a name).
func arithConst(e syntax.ArithmExpr) (int64, bool) {
	w, ok := e.(*syntax.Word)
	if !ok {
		return 0, false
	}
	return arithNumberValue(w.Lit())
}

// arithNumber reports whether s is a constant bash's arithmetic accepts.
func arithNumber(s string) bool {
	_, ok := arithNumberValue(s)
	return ok
}

// nonNegNumber reports whether s is a constant (so not negative).
func nonNegNumber(s string) bool { return arithNumber(s) }

// arithNumberValue parses a constant as bash does: decimal; 0 then octal
// digits; 0x or 0X then hex digits; BASE#DIGITS with BASE 2 to 36 (the
// letters of either case count 10 to 35; bases 37 to 64, with @ and _,
// are rare enough to be taken as not known). Overflow wraps in bash, so
// the value is only meaningful for comparing with 0.
func arithNumberValue(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	base, digits := int64(10), s
	switch {
	case strings.Contains(s, "#"):
		b, d, _ := strings.Cut(s, "#")
		n, ok := arithNumberValue(b)
		if !ok || b[0] == '0' || n < 2 || n > 36 || d == "" {
			return 0, false
		}
		base, digits = n, d
	case len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X"):
		base, digits = 16, s[2:]
	case s == "0x" || s == "0X":
		return 0, true
	case len(s) > 1 && s[0] == '0':
		base, digits = 8, s[1:]
	}
	var v int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base {
			return 0, false
		}
		v = v*base + d
	}
	return v, true
}
