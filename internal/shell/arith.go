package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Text that bash evaluates as an arithmetic expression is code: the
// subscript of an array reference in it is expanded, so a $(…) or `…`
// there runs ("arithmetic double expansion"). bash evaluates as
// arithmetic: the value of a variable named in $(( )), (( )), let, for
// (( )), an indexed subscript or a substring offset; the result of an
// expansion inside those; both operands of [[ -eq -ne -lt -le -gt -ge ]];
// a value assigned to a variable declared -i; and the subscript of a
// variable name given to printf -v, read, mapfile, test -v, [[ -v ]],
// declare, unset, getopts or wait -p. Such text, where it is known
// statically, is parsed as an arithmetic expression and walked like one
// of the line; text that does not parse but holds $ or ` is opaque.

// maxArithDepth bounds how deep variable values referring to variables
// are followed (bash stops at 1024 with an error; a value chain this long
// is not ordinary code).
const maxArithDepth = 8

// arithText analyses s, text bash evaluates as an arithmetic expression.
func (a *analyzer) arithText(s string, sc *scope) error {
	if plainArith(s) {
		return nil
	}
	if a.arithDepth >= maxArithDepth {
		// a name is evaluated in turn (x=y y='a[$(cmd)]'): past the
		// bound, the values the names reach are searched for $, ` and [
		if a.arithReaches(s, sc) {
			a.opaque("arithmetic", "variable values evaluated as arithmetic nest too deeply to follow: "+clip(s))
		}
		return nil
	}
	if err := precheck(s); err != nil {
		return err
	}
	a.parsed += len(s)
	if a.parsed > 2*MaxLineBytes {
		return limitErr("more than %d bytes of shell code parsed, counting re-parsed strings", 2*MaxLineBytes)
	}
	s, cr := crProtect(s) // crlf.go
	x, err := a.parser.Arithmetic(strings.NewReader(s))
	if cr && err == nil {
		crRestore(x)
	}
	if err != nil {
		if strings.ContainsAny(s, "$`") {
			a.opaque("arithmetic", "text evaluated as arithmetic may run code: "+clip(s))
		}
		return nil
	}
	inner := *sc
	inner.src = s
	a.arithDepth++
	err = a.arith(x, &inner)
	a.arithDepth--
	sc.vars = inner.vars
	return err
}

// arithReaches reports whether s, or the value of a variable its names
// reach (each followed once), holds $, ` or [.
func (a *analyzer) arithReaches(s string, sc *scope) bool {
	seen := map[string]bool{}
	queue := []string{s}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		if strings.ContainsAny(t, "$`[") {
			return true
		}
		for i := 0; i < len(t); {
			c := t[i]
			if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				i++
				continue
			}
			j := i + 1
			for j < len(t) && (t[j] == '_' || isOptByte(t[j])) {
				j++
			}
			name := t[i:j]
			i = j
			if seen[name] {
				continue
			}
			seen[name] = true
			if v, ok := a.lookup(sc, name); ok && v != "" {
				queue = append(queue, v) // as arithName follows it
			}
		}
	}
	return false
}

// plainArith reports whether s holds nothing arithmetic evaluation can
// expand or look up: digits, operators and blanks only.
func plainArith(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c == '$' || c == '`' || c == '[' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
			return false
		}
	}
	return true
}

// arithName follows a name used in an arithmetic expression: bash
// evaluates its value as an expression in turn.
func (a *analyzer) arithName(name string, sc *scope) error {
	v, ok := a.lookup(sc, name)
	if !ok || v == "" {
		return nil
	}
	return a.arithText(v, sc)
}

// varNameArg analyses a word naming a variable to a builtin (printf -v
// NAME, read NAME, test -v NAME, declare NAME=…, unset NAME): a subscript
// in it (a[SUB]) is expanded and evaluated when the builtin runs.
func (a *analyzer) varNameArg(f field, sc *scope) error {
	name := f.s
	if n, _, ok := strings.Cut(name, "="); ok {
		name = n
	}
	i := strings.IndexByte(name, '[')
	if i < 0 {
		return nil
	}
	if f.dyn {
		if strings.ContainsAny(name[i:], "$`") {
			a.opaque("arithmetic", "array subscript not known statically: "+clip(name))
		}
		return nil
	}
	sub := name[i+1:]
	if j := strings.LastIndexByte(sub, ']'); j >= 0 {
		sub = sub[:j]
	}
	return a.arithText(sub, sc)
}

// intDecl notes the variables declare/typeset/local -i gives the integer
// attribute: a value later assigned to one is evaluated as arithmetic.
// The set is for the whole line (a function or branch may have set it).
func (a *analyzer) intDecl(name string) {
	if a.intVars == nil {
		a.intVars = make(map[string]bool)
	}
	a.intVars[name] = true
	a.intVars[a.refName(name)] = true // declare -i r: its target (namerefs.go)
}

// intAssign analyses a value assigned to name when name is an integer
// variable.
func (a *analyzer) intAssign(name, val string, known bool, sc *scope) error {
	if !a.intVars[name] && !a.intVars[a.refName(name)] || !known {
		return nil
	}
	return a.arithText(val, sc)
}

// arithTestOp reports whether a [[ ]] binary operator compares its
// operands as arithmetic expressions.
func arithTestOp(op syntax.BinTestOperator) bool {
	switch op {
	case syntax.TsEql, syntax.TsNeq, syntax.TsLeq, syntax.TsGeq, syntax.TsLss, syntax.TsGtr:
		return true
	}
	return false
}

// arithOperand analyses one operand of an arithmetic [[ ]] comparison.
func (a *analyzer) arithOperand(x syntax.TestExpr, sc *scope) error {
	w, ok := x.(*syntax.Word)
	if !ok {
		return a.test(x, sc)
	}
	f, err := a.oneField(w, sc)
	if err != nil || f.dyn {
		return err
	}
	return a.arithText(f.s, sc)
}

// readNames handles the builtins that assign the variables they are
// named (read, mapfile/readarray, getopts, wait -p): a subscript in a
// name is evaluated, the variables become unknown, and mapfile -C runs
// its callback as shell code.
func (c *cmd) readNames() error {
	var o opts
	var names []field
	switch c.name {
	case "read":
		o = c.parse(optSpec{short: "adinNptu"})
		names = append(c.posFields(o), o.values("-a")...)
	case "mapfile", "readarray":
		o = c.parse(optSpec{short: "dnOsuCc"})
		names = c.posFields(o)
		for _, cb := range o.values("-C") {
			// called as CODE INDEX LINE for every -c lines read, in
			// this shell: what it changes may flow on (inshell.go)
			cb.s += " 0 ''"
			if err := c.codeMaybe(cb, c.name+" -C"); err != nil {
				return err
			}
		}
	case "getopts":
		o = c.parse(optSpec{})
		if len(o.pos) > 1 {
			names = c.fieldsAt(o.pos[1:2])
		}
	case "wait":
		o = c.parse(optSpec{short: "p"})
		names = o.values("-p")
	}
	for _, k := range o.pos {
		c.skip[k] = true
	}
	val := c.readValue(o, names) // shellvars.go
	if ifs, ok := c.a.lookup(c.sc, "IFS"); !ok || ifs != " \t\n" {
		val.known = false // the line is split and trimmed otherwise
	}
	for _, f := range names {
		if err := c.a.varNameArg(f, c.sc); err != nil {
			return err
		}
		// the line read, when the line shows it (read PWD <<< /home/dev:
		// ~+ and $PWD are /home/dev)
		c.sc.setVar(f.s, val.s, val.known && validName(f.s))
		if err := c.a.varWrite(c.sc, c.name, f, val); err != nil { // shellvars.go
			return err
		}
	}
	return nil
}

// testNames handles test / [ -v NAME and -R NAME: a subscript in the
// name is evaluated.
func (c *cmd) testNames() error {
	for i := 0; i+1 < len(c.args); i++ {
		if s := c.s(i); s == "-v" || s == "-R" {
			if err := c.a.varNameArg(c.args[i+1], c.sc); err != nil {
				return err
			}
		}
	}
	return nil
}
