package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Miller (mlr): its DSL (put, filter) runs commands (system, exec, and
// the pipe redirect print | "cmd") and writes files (tee, emit, emitp,
// emitf, print, printn, dump > FILE and >> FILE); its verbs tee and
// split write files, join -f and template -t read them, tee -p pipes
// into a command, and --prepipe/--prepipex run a command on each input
// file; -I rewrites the input files in place. ENV assignments reach the
// commands the DSL runs; ENV reads are envlangs.go's.

// millerMainValues are Miller's main flags that take a value.
const millerMainValues = `--pass-comments-with --skip-comments-with --prepipe --prepipex --io -i -o --flatsep --jflatsep
--oflatsep --iflatsep --from --load --nr-progress-mod --ofmt --records-per-batch --seed --tz -s --cpuprofile --fs
--ifs --ifs-regex --ips --ips-regex --irs --ofs --ops --ors --ps --rs --gen-field-name --gen-start --gen-step
--gen-stop --key-color --value-color --pass-color --fail-color --help-color --fflatsep --tz`

// millerVerbValues are the flags with a value of the verbs the model
// reads (the others' arguments run to "then" or the end).
var millerVerbValues = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"put": "-f -e -s", "filter": "-f -e -s",
		"tee":      "-o --ofs --ops --ors --fs --ps --rs --io --oflatsep --flatsep",
		"split":    "-n -m -g --prefix --suffix",
		"join":     "-f -j -l -r --lk --left-keep-field-names --lp --rp -i --irs --ifs --ips --prepipe --prepipex",
		"template": "-f -t --fill-with",
	}
}}

// millerOutputs are the DSL's output statements, which take a redirect.
var millerOutputs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields("tee emit emitp emitf emit1 print printn eprint eprintn dump edump") {
		m[n] = true
	}
	return m
}}

type mlrTok struct {
	kind byte // 'i' identifier, 's' string, 'v' $field or @oosvar, 'n' number, 'o' operator
	s    string
}

// mlrOps are Miller's operators of more than one character, longest
// first.
var mlrOps = []string{">>>=", "???=", "!=~", ">>>", "<<=", ">>=", "**=", "??=", "???", "//=", ".+", ".-", ".*", "./",
	"**", "//", "==", "!=", ">=", "<=", "=~", "&&", "||", "^^", ">>", "<<", "??", "+=", "-=", "*=", "/=", "%=", "&=",
	"|=", "^=", "++", "--", "$[", "@["}

// maxMlrTokens bounds a DSL program's tokens, maxMlrWork the tokens its
// expressions are read over in all.
const (
	maxMlrTokens = 1 << 18
	maxMlrWork   = 1 << 20
)

// lexMiller splits a Miller DSL program into tokens; ok is false when it
// cannot (an unterminated string or braced name).
func lexMiller(p string) ([]mlrTok, bool) {
	var toks []mlrTok
	for i := 0; i < len(p); {
		if len(toks) > maxMlrTokens {
			return nil, false
		}
		ch := p[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n':
			i++
		case ch == '#':
			for i < len(p) && p[i] != '\n' {
				i++
			}
		case ch == '"':
			lit, next, ok := cString(p, i, `"\\`, true)
			if !ok {
				return nil, false
			}
			toks = append(toks, mlrTok{'s', lit})
			i = next
		case (ch == '$' || ch == '@') && i+1 < len(p) && p[i+1] == '{':
			j := strings.IndexByte(p[i+2:], '}')
			if j < 0 {
				return nil, false
			}
			toks = append(toks, mlrTok{'v', p[i : i+3+j]})
			i += 3 + j
		case (ch == '$' || ch == '@') && i+1 < len(p) && (p[i+1] == '*' || identByte(p[i+1])):
			j := i + 2
			for p[i+1] != '*' && j < len(p) && identByte(p[j]) {
				j++
			}
			toks = append(toks, mlrTok{'v', p[i:j]})
			i = j
		case ch == '_' || isLetter(ch):
			j := i + 1
			for j < len(p) && identByte(p[j]) {
				j++
			}
			toks = append(toks, mlrTok{'i', p[i:j]})
			i = j
		case ch >= '0' && ch <= '9' || ch == '.' && i+1 < len(p) && p[i+1] >= '0' && p[i+1] <= '9':
			j := i + 1
			for j < len(p) && (identByte(p[j]) || p[j] == '.') {
				j++
			}
			toks = append(toks, mlrTok{'n', p[i:j]})
			i = j
		default:
			op := p[i : i+1]
			for _, o := range mlrOps {
				if strings.HasPrefix(p[i:], o) {
					op = o
					break
				}
			}
			toks = append(toks, mlrTok{'o', op})
			i += len(op)
		}
	}
	return toks, true
}

// scanMiller finds what a Miller DSL program writes and runs.
func scanMiller(p string) *dslScan {
	s := &dslScan{}
	toks, ok := lexMiller(p)
	if !ok {
		s.unknown("Miller DSL not understood")
		return s
	}
	at := func(k int) mlrTok {
		if k < len(toks) {
			return toks[k]
		}
		return mlrTok{}
	}
	// expr returns the tokens of the expression at k, up to a top-level
	// comma, semicolon, closing bracket or brace (all of them within a
	// bound of work: nested unclosed brackets would make it quadratic).
	work := 0
	expr := func(k int) []mlrTok {
		depth := 0
		j := k
		for ; j < len(toks) && j-k < maxAwkReach && work < maxMlrWork; j++ {
			work++
			t := toks[j]
			if t.kind == 'o' {
				switch t.s {
				case "(", "[", "{", "$[", "@[":
					depth++
				case ")", "]", "}":
					if depth--; depth < 0 {
						return toks[k:j]
					}
				case ",", ";":
					if depth == 0 {
						return toks[k:j]
					}
				}
			}
		}
		return toks[k:j]
	}
	literal := func(e []mlrTok) (string, bool) {
		for len(e) >= 3 && e[0].s == "(" && e[len(e)-1].s == ")" {
			e = e[1 : len(e)-1]
		}
		if len(e) == 1 && e[0].kind == 's' {
			return e[0].s, true
		}
		return "", false
	}
	envSet, runs := false, false
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.kind != 'i' {
			continue
		}
		switch {
		case millerOutputs.Get()[t.s] && at(k+1).kind == 'o' && (at(k+1).s == ">" || at(k+1).s == ">>" || at(k+1).s == "|"):
			op := at(k + 1).s
			e := expr(k + 2)
			lit, known := literal(e)
			switch {
			case len(e) == 1 && e[0].kind == 'i' && (e[0].s == "stdout" || e[0].s == "stderr"):
			case !known && op == "|":
				s.unknown("Miller pipes output to a command built at run time")
			case !known:
				s.unknown("Miller writes to a file named at run time")
			case op == "|":
				s.run(lit)
				runs = true
			default:
				s.write(lit)
			}
		case t.s == "system" && at(k+1).s == "(":
			runs = true
			if lit, known := literal(expr(k + 2)); known {
				s.run(lit)
			} else {
				s.unknown("Miller runs a command built at run time")
			}
		case t.s == "exec" && at(k+1).s == "(":
			runs = true
			if cmd, known := millerExec(toks, k+2, expr, literal); known {
				s.run(cmd)
			} else {
				s.unknown("Miller runs a command built at run time")
			}
		case t.s == "ENV":
			// ENV["X"] = v, ENV = {...}: the environment of the commands
			// the program runs
			j := k + 1
			if at(j).s == "[" {
				for depth := 0; j < len(toks) && work < maxMlrWork; j++ {
					work++
					if toks[j].s == "[" {
						depth++
					} else if toks[j].s == "]" {
						if depth--; depth == 0 {
							break
						}
					}
				}
				j++
			}
			if at(j).kind == 'o' && at(j).s == "=" {
				envSet = true
			}
		}
	}
	if work >= maxMlrWork {
		s.unknown("Miller DSL too complex to analyse")
	}
	if envSet && runs {
		s.unknown("Miller sets environment variables for the commands it runs")
	}
	return s
}

// millerExec reads exec("PROG", ["ARG", …]): a command line when every
// part is a literal string.
func millerExec(toks []mlrTok, k int, expr func(int) []mlrTok, literal func([]mlrTok) (string, bool)) (string, bool) {
	first := expr(k)
	prog, ok := literal(first)
	if !ok || prog == "" {
		return "", false
	}
	words := []string{shellQuote(prog)}
	j := k + len(first)
	if j < len(toks) && toks[j].s == "," {
		args := expr(j + 1)
		if len(args) < 2 || args[0].s != "[" || args[len(args)-1].s != "]" {
			return "", false
		}
		for n, a := range args[1 : len(args)-1] {
			switch {
			case n%2 == 0 && a.kind == 's':
				words = append(words, shellQuote(a.s))
			case n%2 == 1 && a.s == ",":
			default:
				return "", false
			}
		}
	}
	return strings.Join(words, " "), true
}

// miller analyses mlr: its main flags, then its chain of verbs (VERB
// args then VERB args …), then its input files.
func (c *cmd) miller() error {
	x := &dslContext{lang: "Miller DSL", scan: scanMiller}
	inplace := false
	var prepipes []optValue
	i := 0
	for ; i < len(c.args); i++ {
		s := c.s(i)
		if !strings.HasPrefix(s, "-") {
			break
		}
		switch {
		case s == "-I":
			inplace = true
		case s == "--mload" || s == "--mfrom":
			for i++; i < len(c.args) && c.s(i) != "--"; i++ {
				if s == "--mload" {
					c.millerFile(c.args[i], "--mload")
				}
			}
		case inFields(millerMainValues, s) && i+1 < len(c.args):
			i++
			v := c.args[i]
			switch s {
			case "--prepipe", "--prepipex":
				c.skip[i] = true
				prepipes = append(prepipes, optValue{s, v})
			case "--load":
				c.millerFile(v, s)
			case "-s":
				c.read(v, "mlr -s")
				c.opaque("mlr -s takes more flags from a file")
			case "--cpuprofile":
				c.write(v, "mlr --cpuprofile")
			}
		}
	}
	if v, set := c.a.envOrVar(c.sc, "MLRRC"); set && (!v.known || v.val != "__none__") {
		c.opaque("MLRRC names a file of Miller flags")
	}
	files, err := c.millerVerbs(x, i, &prepipes)
	if err != nil {
		return err
	}
	if last := len(c.args) - 1; len(files) == 0 && i <= last && !c.skip[last] {
		// a verb the model does not read: its last word is a file
		files = []int{len(c.args) - 1}
	}
	if inplace {
		for _, k := range files {
			c.write(c.args[k], "mlr -I")
		}
	}
	for _, p := range prepipes {
		if err := c.millerPrepipe(p, files); err != nil {
			return err
		}
	}
	return nil
}

// millerVerbs reads the chain of verbs starting at argument i; it
// returns the input files that follow the last verb, when the model
// knows where its arguments end.
func (c *cmd) millerVerbs(x *dslContext, i int, prepipes *[]optValue) ([]int, error) {
	for i < len(c.args) {
		verb := c.args[i]
		c.skip[i] = true
		i++
		if verb.dyn {
			c.opaque("mlr verb not known statically")
			return nil, nil
		}
		values, modelled := millerVerbValues.Get()[verb.s]
		if verb.s == "repl" {
			c.opaque("mlr repl runs Miller DSL and commands read from input")
			return nil, nil
		}
		if !modelled {
			for i < len(c.args) && c.s(i) != "then" {
				i++
			}
		} else {
			var opts []optValue
			for i < len(c.args) && strings.HasPrefix(c.s(i), "-") && c.s(i) != "-" {
				if inFields(values, c.s(i)) && i+1 < len(c.args) {
					opts = append(opts, optValue{c.s(i), c.args[i+1]})
					c.skip[i+1] = true
					i++
				} else {
					opts = append(opts, optValue{key: c.s(i)})
				}
				i++
			}
			var err error
			if i, err = c.millerVerb(x, verb.s, opts, i, prepipes); err != nil {
				return nil, err
			}
		}
		if i < len(c.args) && c.s(i) == "then" {
			c.skip[i] = true
			i++
			continue
		}
		if !modelled {
			return nil, nil
		}
		var files []int
		for ; i < len(c.args); i++ {
			files = append(files, i)
		}
		return files, nil
	}
	return nil, nil
}

// millerVerb applies a modelled verb's options and takes its positional
// arguments from i; it returns where they end.
func (c *cmd) millerVerb(x *dslContext, verb string, opts []optValue, i int, prepipes *[]optValue) (int, error) {
	has := func(k string) bool {
		for _, o := range opts {
			if o.key == k {
				return true
			}
		}
		return false
	}
	switch verb {
	case "put", "filter":
		fromOpt := false
		for _, o := range opts {
			switch o.key {
			case "-e":
				fromOpt = true
				if err := c.dslText(x, o.f); err != nil {
					return i, err
				}
			case "-f":
				fromOpt = true
				c.millerFile(o.f, "mlr "+verb+" -f")
			}
		}
		if !fromOpt && i < len(c.args) {
			if err := c.dslText(x, c.args[i]); err != nil {
				return i, err
			}
			c.skip[i] = true
			i++
		}
	case "tee":
		if i < len(c.args) {
			f := c.args[i]
			c.skip[i] = true
			i++
			if has("-p") {
				if err := c.code(f, "mlr tee -p", false); err != nil {
					return i, err
				}
			} else {
				c.write(f, "mlr tee")
			}
		}
	case "split":
		c.opaque("mlr split writes files named by the records it reads")
	case "join", "template":
		for _, o := range opts {
			switch {
			case o.key == "-f" && verb == "join" || o.key == "-t" && verb == "template":
				c.read(o.f, "mlr "+verb+" "+o.key)
			case o.key == "--prepipe" || o.key == "--prepipex":
				*prepipes = append(*prepipes, o)
			}
		}
	}
	return i, nil
}

// millerFile judges a file of Miller DSL (put -f, --load): one the line
// wrote with known text is scanned; any other is opaque, as awk -f is.
func (c *cmd) millerFile(f field, via string) {
	c.read(f, via)
	if w, ok := c.a.writtenAt(c.sc, f); ok && w.known {
		if err := c.applyDSL(&dslContext{lang: "Miller DSL", scan: scanMiller}, scanMiller(w.text)); err != nil {
			c.a.defer1(err)
		}
		return
	}
	c.opaque("Miller DSL from a file (" + via + ")")
}

// millerPrepipe judges --prepipe CMD (run as CMD < FILE) and --prepipex
// CMD (run as CMD FILE) for each input file.
func (c *cmd) millerPrepipe(p optValue, files []int) error {
	if p.f.dyn {
		c.opaque("mlr " + p.key + " runs a command not known statically")
		return nil
	}
	sep := " < "
	if p.key == "--prepipex" {
		sep = " "
	}
	if len(files) == 0 {
		return c.code(p.f, "mlr "+p.key, false)
	}
	for _, k := range files {
		f := c.args[k]
		if f.dyn {
			c.opaque("mlr " + p.key + " runs on a file not known statically")
			continue
		}
		if err := c.code(field{s: p.f.s + sep + shellQuote(f.s)}, "mlr "+p.key, false); err != nil {
			return err
		}
	}
	return nil
}
