package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Builtins whose option values bash evaluates again (red-team round 10,
// #1): compgen and complete run -C COMMAND (with the command name, the
// word and the previous word appended) and call -F FUNCTION, and expand
// -W WORDLIST a second time (command substitution included, after the
// shell's own quote removal); bind -x KEYSEQ:COMMAND runs COMMAND on a
// key. compgen runs them now; complete and bind store them for a later
// completion or key press, with arguments not known. Which option carries
// what is data; eval, trap, mapfile -C, alias, PROMPT_COMMAND and
// ${x@P} are modelled where their builtins are (builtins.go, arith.go,
// envrefs.go, params.go).

// Kinds of evaluated option values.
const (
	cbCommand  = 'c' // a command line, run with arguments appended
	cbFunction = 'f' // a function name, called with arguments
	cbWords    = 'w' // a word list expanded again
	cbKeyCode  = 'x' // KEYSEQ:COMMAND, the command run on the key
	cbVarName  = 'v' // a variable assigned (compgen -V NAME)
)

// builtinCallback describes one builtin: the option letters that take a
// value, what the evaluated ones carry, and whether it runs them now.
type builtinCallback struct {
	values string          // option letters that take a value
	eval   map[string]byte // option → kind of its value
	now    bool            // run while the builtin runs (not stored for later)
}

var builtinCallbacks = &lazy.Value[map[string]builtinCallback]{New: func() map[string]builtinCallback {
	completion := map[string]byte{"-C": cbCommand, "-F": cbFunction, "-W": cbWords, "-V": cbVarName}
	return map[string]builtinCallback{
		"compgen":  {values: "oAGWFCXPSV", eval: completion, now: true},
		"complete": {values: "oAGWFCXPS", eval: completion},
		"bind":     {values: "mqurxf", eval: map[string]byte{"-x": cbKeyCode}},
	}
}}

// callbackBuiltin analyses compgen, complete and bind.
func (c *cmd) callbackBuiltin() error {
	bc := builtinCallbacks.Get()[c.name]
	o := c.parse(optSpec{short: bc.values, stopPos: true})
	c.text = true // their other words are names and patterns, not files
	if len(o.pos) > 0 && c.args[o.pos[0]].dyn && c.name != "bind" {
		// a word not known statically where an option may stand:
		// "-Crm x" is an option cluster
		c.opaque(c.name + " options not known statically")
	}
	if c.name == "compgen" {
		for _, v := range o.values("-A") {
			if v.s == "variable" || v.s == "export" {
				c.a.res.EnvDump = true
			}
		}
		if o.any("-v", "-e") {
			c.a.res.EnvDump = true
		}
	}
	// compgen's completion arguments: the command (compgen), the word
	// and the previous word
	word, known := "", true
	if len(o.pos) > 0 && c.name != "bind" {
		word, known = c.s(o.pos[0]), !c.args[o.pos[0]].dyn
	}
	for _, ov := range o.vals {
		kind, ok := bc.eval[ov.key]
		if !ok {
			continue
		}
		if !known && kind != cbVarName {
			c.opaque(c.name + " " + ov.key + " runs with a word not known statically")
			continue
		}
		if err := c.callbackValue(kind, ov.key, ov.f, bc.now, word); err != nil {
			return err
		}
	}
	if c.name == "bind" {
		c.bindLines(o)
	}
	return nil
}

// callbackValue analyses one evaluated option value; now says it runs
// now (compgen: with compgen, the word and "" appended), else it is
// stored and runs with the command's name (word), the typed word and the
// word before.
func (c *cmd) callbackValue(kind byte, key string, f field, now bool, word string) error {
	via := c.name + " " + key
	if kind == cbVarName {
		return c.a.varNameArg(f, c.sc)
	}
	if f.dyn {
		c.opaque(via + " value not known statically, which " + c.name + " evaluates")
		return nil
	}
	code := strings.TrimSpace(f.s)
	switch kind {
	case cbWords:
		return c.a.reparseWord(f.s, c.sc, via)
	case cbKeyCode:
		var ok bool
		if code, ok = bindCommand(f.s); !ok {
			c.opaque("bind -x: a key binding the analysis cannot read")
			return nil
		}
	}
	if code == "" {
		return nil
	}
	if now && kind == cbFunction {
		// compgen -F calls the function in this shell (inshell.go)
		return c.a.reparseMaybe(code+" compgen "+shellQuote(word)+" ''", c.sc, via)
	}
	if now {
		return c.a.reparse(code+" compgen "+shellQuote(word)+" ''", c.sc, via, false)
	}
	if kind == cbFunction {
		// a function the line defines was analysed where it is defined,
		// with any arguments; one it does not define is the user's own
		return c.a.reparse(code, c.sc, via, false)
	}
	if kind == cbKeyCode {
		return c.a.reparse(code, c.sc, via, false)
	}
	// complete: run at a later completion with the command's name (word
	// holds it), the word typed and the one before
	return c.a.reparse(code+" "+shellQuote(word)+" '' ''", c.sc, via, false)
}

// bindCommand returns the command of a bind -x KEYSEQ:COMMAND value: the
// key sequence (quoted or not) up to a colon, then the command, whose
// surrounding quotes readline removes.
func bindCommand(s string) (string, bool) {
	s = strings.TrimLeft(s, " \t")
	i := 0
	if strings.HasPrefix(s, `"`) {
		for i = 1; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' {
				i++
			}
		}
		if i >= len(s) {
			return "", false
		}
		i++
	}
	j := strings.IndexByte(s[i:], ':')
	if j < 0 {
		return "", false
	}
	cmd := strings.TrimSpace(s[i+j+1:])
	if len(cmd) >= 2 && (cmd[0] == '"' || cmd[0] == '\'') && cmd[len(cmd)-1] == cmd[0] {
		cmd = cmd[1 : len(cmd)-1]
	}
	return cmd, true
}

// bindLines: bind -f FILE reads FILE, and a readline line $include FILE
// reads FILE too (its lines are printed in readline's errors).
func (c *cmd) bindLines(o opts) {
	for _, f := range o.values("-f") {
		c.read(f, "bind -f")
	}
	for _, k := range o.pos {
		f := c.args[k]
		rest, ok := strings.CutPrefix(strings.TrimLeft(f.s, " \t"), "$include")
		if !ok {
			continue
		}
		f.s = strings.TrimSpace(rest)
		if f.s != "" {
			c.read(f, "readline $include")
		}
	}
}
