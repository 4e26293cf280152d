package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Functions the line defines. A function's body is analysed where it is
// defined, with its arguments not known; a call with arguments known
// statically analyses the body again with them as $1…, so that
// f() { "$@"; }; f rm -rf ~ runs rm -rf ~. A call with prefix assignments
// (HOME=X f) analyses the body again too, in the scope they make: they
// are in force while the body runs.

// funcDef is a function the line defines.
type funcDef struct {
	body *syntax.Stmt
	src  string // the text the body was parsed from
	seq  int32  // the writes the line had made where it is defined
	// binds are the names the body binds (varstore.go)
	binds []string
}

// maxFuncCalls bounds nested calls analysed with their arguments.
const maxFuncCalls = 4

func (a *analyzer) defineFunc(name string, body *syntax.Stmt, src string) {
	if a.funcs == nil {
		a.funcs = make(map[string]funcDef)
	}
	a.funcs[name] = funcDef{body: body, src: src, seq: a.writeSeq}
}

// callFunc analyses a call of a function the line defines.
func (c *cmd) callFunc() (bool, error) {
	fn, ok := c.a.funcs[c.name]
	if !ok || c.prog != c.name || c.a.funcCall >= maxFuncCalls {
		return false, nil
	}
	defer c.sc.rebind(fn.binds) // varstore.go
	if len(c.args) == 0 && c.a.writeSeq == fn.seq && len(c.sc.cmdEnv) == 0 && len(c.a.traps) == 0 {
		// the body was analysed where it is defined (and again when
		// the line wrote files since: what it runs may be one, and when
		// the call's prefix assignments are in force while it runs:
		// HOME=X f reads ~ as X, red-team round 17 #2)
		return true, nil
	}
	sub := *c.sc
	sub.src = fn.src
	sub.funcBody = true
	sub.nest = 0
	args := make([]string, len(c.args))
	known := true
	for i, f := range c.args {
		args[i] = f.s
		known = known && !f.dyn && !f.glob && !strings.Contains(f.s, "\x00")
		c.skip[i] = true
	}
	sub.setArgs(args, known)
	sub.via = append(append([]string(nil), c.sc.via...), c.name+"()")
	if len(sub.vars) > 0 {
		sub.vars = c.a.child(&sub).vars
	}
	c.a.funcCall++
	defer func() { c.a.funcCall-- }()
	if err := c.a.stmt(fn.body, &sub); err != nil {
		return true, err
	}
	// the traps in force fire as it returns, its locals in force (traps.go)
	return true, c.a.fireTraps(&sub, "trap (as a function returns)")
}
