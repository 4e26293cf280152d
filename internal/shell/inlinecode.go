package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs that evaluate code given on their command line in a language
// the analysis does not read (JVM script shells, Lisps, Erlang/Elixir,
// Haskell, Octave, gnuplot; TeX is dsltools.go's), programs that type
// text into another terminal or window (which then runs outside
// Mandate), and servers that run code for whoever reaches them, as data.
// The code is opaque: a human decides (ask), and a literal in it that
// names a blocked path is judged as a read of that path (codeLiterals).

// inlineCoder says which options of a program take inline code and which
// options alone make what it runs unknown.
type inlineCoder struct {
	code   string // options whose value is code: "-e,--eval" (single-dash long names allowed)
	flags  string // options (with or without =value) that make the program run commands
	stdin  bool   // with no operand and no code option, it reads code from standard input
	reason string // why a flag makes it opaque
}

var inlineCoders = &lazy.Value[map[string]inlineCoder]{New: func() map[string]inlineCoder {
	m := map[string]inlineCoder{
		"jrunscript":  {code: "-e"},
		"jjs":         {code: "-e"},
		"rhino":       {code: "-e"},
		"qjs":         {code: "-e,--eval"},
		"d8":          {code: "-e"},
		"kotlinc":     {code: "-e,-expression"},
		"kotlin":      {code: "-e,-expression"},
		"kotlinc-jvm": {code: "-e,-expression"},
		"bb":          {code: "-e,--eval"},
		"clojure":     {code: "-e,--eval"},
		"clj":         {code: "-e,--eval"},
		"octave":      {code: "--eval"},
		"octave-cli":  {code: "--eval"},
		"matlab":      {code: "-r,-batch"},
		"R":           {code: "-e"},
		"elixir":      {code: "-e,--eval"},
		"iex":         {code: "-e,--eval"},
		"erl":         {code: "-eval,-run,-s"},
		"escript":     {code: "-e"},
		"racket":      {code: "-e,--eval"},
		"mzscheme":    {code: "-e,--eval"},
		"sbcl":        {code: "--eval"},
		"clisp":       {code: "-x"},
		"ecl":         {code: "-eval"},
		"ccl":         {code: "-e,--eval"},
		"csi":         {code: "-e,-eval,-p,-print"},
		"gsi":         {code: "-e"},
		"chez":        {code: "--eval"},
		"scheme":      {code: "--eval"},
		"ghc":         {code: "-e"},
		"ghci":        {code: "-e"},
		"runghc":      {code: "-e"},
		"ocaml":       {code: "-e"},
		"utop":        {code: "-e"},
		"hy":          {code: "-c"},
		"xonsh":       {code: "-c"},
		"gnuplot":     {code: "-e", stdin: true},
		"maxima":      {code: "--batch-string,-r"},
		"sage":        {code: "-c"},
		"crystal":     {code: "eval"},
		"swipl":       {code: "-g,-t"},
		"gst":         {code: "-e"},
		"pike":        {code: "-e"},
		"io":          {code: "-e"},
		// Template engines evaluate the code in the template they read
		// (erb's <% %> is Ruby, Mako's Python, Template Toolkit's PERL
		// blocks with --eval_perl); a template on standard input is code
		// fed to them. A template file the line wrote is written code.
		"erb":         {stdin: true, flags: "-r", reason: "erb -r loads a Ruby library"},
		"mako-render": {stdin: true},
		"esh":         {stdin: true}, // embedded shell: <% %> is sh code
		"tpage":       {stdin: true, flags: "--eval_perl", reason: "tpage --eval_perl runs the Perl in its templates"},
		"latexmk":     {code: "-e", flags: latexmkFlags, reason: "latexmk runs shell escape, the commands its options name, or Perl"},

		// Keystrokes typed into another terminal or window: what they run
		// runs outside Mandate.
		"xdotool": {flags: "type,key,keydown,keyup,exec", reason: "types keystrokes into another window (the user's terminal), which runs them outside Mandate"},
		"ydotool": {flags: "type,key", reason: "types keystrokes into another window (the user's terminal), which runs them outside Mandate"},
		"wtype":   {flags: "*", reason: "types keystrokes into another window (the user's terminal), which runs them outside Mandate"},
		"dotool":  {flags: "*", reason: "types keystrokes into another window (the user's terminal), which runs them outside Mandate"},
		"kitty":   {flags: "send-text,send-key,launch,run-shell", reason: "kitty's remote control types into or runs commands in other windows, outside Mandate"},
		"kitten":  {flags: "send-text,send-key,launch,run-shell", reason: "kitty's remote control types into or runs commands in other windows, outside Mandate"},
		"wezterm": {flags: "send-text,spawn,split-pane", reason: "WezTerm's CLI types into or runs commands in other panes, outside Mandate"},
		"zellij":  {flags: "write-chars,write,run,action", reason: "zellij types into or runs commands in other panes, outside Mandate"},

		// Servers that run code for whoever reaches them over the network.
		"jupyter":          {flags: "--ip,--NotebookApp.ip,--ServerApp.ip", reason: "a code-execution server listening beyond this machine"},
		"jupyter-lab":      {flags: "--ip,--NotebookApp.ip,--ServerApp.ip", reason: "a code-execution server listening beyond this machine"},
		"jupyter-notebook": {flags: "--ip,--NotebookApp.ip,--ServerApp.ip", reason: "a code-execution server listening beyond this machine"},
	}
	addInlineLangs(m) // inlinelangs.go
	return m
}}

// latexmkFlags: shell escape, the options naming the commands latexmk
// runs (-pdflatex="CMD %O %S"), TeX code run first (-pretex), and a Perl
// rc file (-r).
const latexmkFlags = "-shell-escape,--shell-escape,-latex,-pdflatex,-lualatex,-xelatex,-dvilualatex,-pdflualatex,-pdfxelatex," +
	"--latex,--pdflatex,--lualatex,--xelatex,-pretex,--pretex,-usepretex,--usepretex,-r,-bibtex-cond,-pdfdvi,-dvipdf,-ps2pdf"

// isInlineCoder reports whether n is a program of inlineCoders.
func isInlineCoder(n string) bool {
	_, ok := inlineCoders.Get()[n]
	return ok
}

// inlineCode reports the inline code and the command-running flags of c,
// a program of inlineCoders; the generic analysis of its other arguments
// still runs.
func (c *cmd) inlineCode() {
	ic := inlineCoders.Get()[c.name]
	opaque := false
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if s == "--" {
			break
		}
		name, val, eq := strings.Cut(s, "=")
		if inList(ic.code, name) && (strings.HasPrefix(s, "-") || name == s) {
			code := field{}
			switch {
			case eq:
				code = c.args[i]
				code.s = val
			case i+1 < len(c.args):
				c.skip[i+1] = true
				code = c.args[i+1]
				i++
			default:
				continue
			}
			opaque = true
			c.codeLiterals(code)
			continue
		}
		if ic.flags == "*" || inList(ic.flags, name) && !localIP(c.name, val, eq) {
			c.opaque(ic.reason)
			return
		}
	}
	switch {
	case opaque:
		c.opaque("inline " + c.name + " code")
	case ic.stdin && !c.hasOperand():
		c.opaque(c.name + " runs code read from standard input")
	}
}

// localIP reports whether --ip=VALUE of a code server names this machine
// only (a server reached from here alone runs only this user's code).
func localIP(prog, val string, eq bool) bool {
	if !strings.HasPrefix(prog, "jupyter") {
		return false
	}
	return eq && (val == "127.0.0.1" || val == "localhost" || val == "::1")
}

// hasOperand reports whether c has an argument that is not an option.
func (c *cmd) hasOperand() bool {
	for i := range c.args {
		if s := c.s(i); s != "" && !strings.HasPrefix(s, "-") {
			return true
		}
	}
	return false
}

// inList reports whether s is one of the comma-separated names of list.
func inList(list, s string) bool {
	if s == "" || list == "" {
		return false
	}
	for list != "" {
		var w string
		w, list, _ = strings.Cut(list, ",")
		if w == s {
			return true
		}
	}
	return false
}
