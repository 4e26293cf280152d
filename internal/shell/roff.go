package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// roff (groff, nroff, troff, their preprocessors, man -l, soelim): the
// requests that read a file (.so, .mso, .cf, .trf, .nx, .hpf, .psbb) do
// so even in groff's safe mode; -U (unsafe) enables .sy, .pso and .pi
// (commands) and .open/.opena (writes). \V[NAME] interpolates an
// environment variable; \X'ps: file F' makes the postprocessor read F;
// pic's copy "F" and eqn's include "F" read F, and pic's sh runs a
// command under -U. A request named through an escape, a renamed
// request, or a changed control or escape character makes the rest of
// the document unreadable to the scanner: opaque.

// roffRequests classifies the requests the scanner judges: 'r' reads
// the file its first argument names, 'x' runs its argument as a command
// (unsafe mode), 'w' writes the file its second argument names (unsafe
// mode), 'm' changes how later input is read, 'c' runs its argument as a
// request after a condition, 'd' runs its argument as a request.
var roffRequests = &lazy.Value[map[string]byte]{New: func() map[string]byte {
	return map[string]byte{
		"so": 'r', "soquiet": 'r', "mso": 'r', "msoquiet": 'r', "cf": 'r', "trf": 'r', "nx": 'r', "hpf": 'r', "hpfa": 'r',
		"psbb": 'r', "PSPIC": 'r', "PDFPIC": 'r', "pdfpic": 'r', "HTML_IMAGE": 'r', "PDF_IMAGE": 'r',
		"sy": 'x', "pso": 'x', "pi": 'x',
		"open": 'w', "opena": 'w',
		"cc": 'm', "c2": 'm', "ec": 'm', "eo": 'm', "als": 'm', "rn": 'm', "am": 'm', "ami": 'm', "de": 'm', "dei": 'm',
		"if": 'c', "ie": 'c', "while": 'c', "el": 'd', "nop": 'd', "do": 'd',
	}
}}

// maxRoffDepth bounds the requests chained by .do, .nop and .el; a
// condition's body may start at any control character after white space,
// of which maxRoffBodies a line are judged.
const (
	maxRoffDepth  = 8
	maxRoffBodies = 64
)

// scanRoff finds what roff code reads, writes and runs.
func scanRoff(text string) *dslScan {
	s := &dslScan{}
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if len(line) > 0 && (line[0] == '.' || line[0] == '\'') {
			roffRequest(s, line[1:], 0, false)
		} else {
			roffPreprocessorLine(s, line)
		}
		roffEscapes(s, line)
		if len(s.reads)+len(s.code)+len(s.opaque)+len(s.unsafeCode)+len(s.unsafeWrites) > 4*maxDSLItems {
			s.unknown("roff document too large to analyse")
			break
		}
	}
	return s
}

// roffRequest judges one request line (after its control character).
//
// body says the line is a condition's body, found by the scan of the
// whole condition line (which tries every place a body may start, so a
// nested condition's body is among them).
func roffRequest(s *dslScan, line string, depth int, body bool) {
	line = strings.TrimLeft(line, " \t")
	if depth > maxRoffDepth {
		s.unknown("roff requests nested too deeply to analyse")
		return
	}
	for strings.HasPrefix(line, `\}`) || strings.HasPrefix(line, `\{`) {
		line = strings.TrimLeft(line[2:], " \t")
	}
	if line == "" || strings.HasPrefix(line, `\"`) || strings.HasPrefix(line, `\#`) {
		return // a comment, an empty request
	}
	end := strings.IndexAny(line, " \t")
	if end < 0 {
		end = len(line)
	}
	name, args := line[:end], line[end:]
	if i := strings.Index(name, `\"`); i >= 0 {
		name, args = name[:i], ""
	}
	if strings.ContainsRune(name, '\\') {
		s.unknown("roff request named through an escape")
		return
	}
	if i := strings.Index(args, `\"`); i >= 0 {
		args = args[:i] // a comment
	}
	switch roffRequests.Get()[name] {
	case 'r':
		roffFileArg(s, args, s.read, &s.opaque)
	case 'x':
		cmd := strings.TrimSpace(args)
		if strings.ContainsRune(cmd, '\\') {
			s.unsafeOpaque = append(s.unsafeOpaque, "roff .sy, .pso or .pi command built with escapes")
		} else if cmd != "" {
			s.unsafeCode = append(s.unsafeCode, cmd)
		}
	case 'w':
		rest := strings.TrimLeft(args, " \t")
		if i := strings.IndexAny(rest, " \t"); i >= 0 {
			roffFileArg(s, rest[i:], func(f string) { s.unsafeWrites = append(s.unsafeWrites, f) }, &s.unsafeOpaque)
		}
	case 'm':
		roffMeta(s, name, args)
	case 'd':
		// .do, .nop and .el run the request that follows (.el and .nop
		// with its control character)
		if name != "do" {
			args = strings.TrimLeft(args, " \t")
			for strings.HasPrefix(args, `\{`) {
				args = strings.TrimLeft(args[2:], " \t")
			}
			if args == "" || args[0] != '.' && args[0] != '\'' {
				return
			}
			args = args[1:]
		}
		roffRequest(s, args, depth+1, body)
	case 'c':
		// the body follows the condition; where the condition cannot be
		// read, any control character after white space or \{ may start
		// it
		if k := roffCondEnd(args); k >= 0 {
			roffRequest(s, "el "+args[k:], depth+1, body)
			return
		}
		if body {
			return
		}
		n := 0
		for i := 1; i < len(args); i++ {
			if (args[i] == '.' || args[i] == '\'') && (args[i-1] == ' ' || args[i-1] == '\t' || args[i-1] == '{' && i > 1 && args[i-2] == '\\') {
				if n++; n > maxRoffBodies {
					s.unknown("roff conditions too many to analyse")
					return
				}
				roffRequest(s, args[i+1:], depth+1, true)
			}
		}
	}
}

// roffCondEnd returns where the body of a condition starts in args (the
// arguments of .if, .ie, .while), or -1 when the condition is not one
// the scanner reads: a built-in (n t o e v), a test of a name (d r c m F
// S NAME), a string comparison ('a'b'), or a numeric expression without
// escapes and without spaces outside parentheses.
func roffCondEnd(args string) int {
	i := 0
	skip := func() {
		for i < len(args) && (args[i] == ' ' || args[i] == '\t') {
			i++
		}
	}
	skip()
	if i < len(args) && args[i] == '!' {
		i++
	}
	if i >= len(args) {
		return -1
	}
	c := args[i]
	after := func(k int) bool { return k >= len(args) || args[k] == ' ' || args[k] == '\t' || args[k] == '\\' }
	switch {
	case strings.IndexByte("ntoev", c) >= 0 && after(i+1):
		i++
	case strings.IndexByte("drcmFS", c) >= 0 && i+1 < len(args) && (args[i+1] == ' ' || args[i+1] == '\t'):
		i++
		skip()
		for i < len(args) && args[i] != ' ' && args[i] != '\t' {
			i++
		}
	case c == '\'' || c == '"' || c == '|' || c == '/':
		// 'a'b': the third delimiter ends it
		for n := 0; n < 2; n++ {
			j := strings.IndexByte(args[i+1:], c)
			if j < 0 {
				return -1
			}
			i += 1 + j
		}
		i++
	default:
		depth := 0
		for ; i < len(args); i++ {
			switch args[i] {
			case '\\', '[':
				return -1 // an escape may hold spaces: \*[a b]
			case '(':
				depth++
			case ')':
				depth--
			case ' ', '\t':
				if depth <= 0 {
					return i
				}
			}
		}
		return -1
	}
	return i
}

// roffFileArg reads the file argument of a request: its first word, and
// the whole rest of the line (newer groff takes names with spaces).
func roffFileArg(s *dslScan, args string, add func(string), opaque *[]string) {
	rest := strings.TrimSpace(args)
	if rest == "" {
		return
	}
	if strings.ContainsRune(rest, '\\') {
		*opaque = append(*opaque, "roff names a file through an escape")
		return
	}
	first := rest
	if i := strings.IndexAny(rest, " \t"); i >= 0 {
		first = rest[:i]
	}
	add(first)
	if rest != first {
		add(rest)
	}
	if t := strings.Trim(first, `"`); t != first && t != "" {
		add(t)
	}
}

// roffMeta judges the requests that change how later input is read:
// another control or escape character hides every later request, and a
// request renamed or aliased, or a macro defined under the name of one,
// hides it.
func roffMeta(s *dslScan, name, args string) {
	switch name {
	case "cc", "c2", "ec", "eo":
		s.unknown("roff changes its control or escape character (." + name + ")")
		return
	}
	for _, w := range strings.Fields(args) {
		if _, known := roffRequests.Get()[w]; known && roffRequests.Get()[w] != 'c' && roffRequests.Get()[w] != 'd' {
			s.unknown("roff renames or redefines the ." + w + " request")
			return
		}
		if strings.ContainsRune(w, '\\') {
			s.unknown("roff ." + name + " of a name built with escapes")
			return
		}
	}
}

// roffPreprocessorLine judges the lines of pic, eqn, grap and refer:
// copy "F" and include "F" read F, database F… reads each F, and pic's
// and grap's sh X command X runs the command under -U.
func roffPreprocessorLine(s *dslScan, line string) {
	t := strings.TrimLeft(line, " \t")
	word, rest, _ := strings.Cut(t, " ")
	switch word {
	case "copy", "include":
		if f, ok := dslWord(rest); !ok {
			s.unknown("roff preprocessor reads a file named through an escape")
		} else if f != "" && f != "thru" {
			s.read(f)
		}
	case "database":
		for _, f := range strings.Fields(rest) {
			s.read(f)
		}
	case "sh":
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			return
		}
		d, body := rest[0], rest[1:]
		if d == '{' {
			d = '}'
		}
		if j := strings.IndexByte(body, d); j >= 0 {
			body = body[:j]
		}
		if body = strings.TrimSpace(body); body != "" {
			s.unsafeCode = append(s.unsafeCode, body)
		}
	}
}

// roffEscapes judges the escapes of a line: \V (an environment
// variable), \X device controls that read files (ps: file, ps: import,
// pdf: pdfpic).
func roffEscapes(s *dslScan, line string) {
	for i := strings.IndexByte(line, '\\'); i >= 0 && i+1 < len(line); {
		esc := line[i+1]
		rest := line[i+2:]
		switch esc {
		case 'V':
			if name, ok := roffEscName(rest); ok && validName(name) {
				s.env = append(s.env, name)
			} else {
				s.unknown("roff reads an environment variable named at run time")
			}
		case 'X':
			if body, ok := roffDelimited(rest); ok {
				roffDevice(s, body)
			}
		}
		j := strings.IndexByte(line[i+2:], '\\')
		if j < 0 {
			break
		}
		i += 2 + j
	}
	if t := strings.TrimLeft(line, ".' \t"); strings.HasPrefix(t, "device ") && len(line) > 0 && (line[0] == '.' || line[0] == '\'') {
		roffDevice(s, t[len("device "):])
	}
}

// roffEscName reads the name of an escape: one character, (xx, or [name].
func roffEscName(s string) (string, bool) {
	switch {
	case s == "":
		return "", false
	case s[0] == '(':
		if len(s) < 3 {
			return "", false
		}
		return s[1:3], true
	case s[0] == '[':
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return "", false
		}
		return s[1:j], !strings.ContainsRune(s[1:j], '\\')
	}
	return s[:1], s[0] != '\\'
}

// roffDelimited reads the argument of an escape delimited by any
// character ('…', or [ … ] in newer groff).
func roffDelimited(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	d := s[0]
	if d == '[' {
		d = ']'
	}
	j := strings.IndexByte(s[1:], d)
	if j < 0 {
		return "", false
	}
	return s[1 : 1+j], true
}

// roffDevice judges a device control: ps: file F and ps: import F read
// F, pdf: pdfpic F reads F.
func roffDevice(s *dslScan, body string) {
	ws := strings.Fields(body)
	if len(ws) < 3 {
		return
	}
	switch ws[1] {
	case "file", "import", "pdfpic", "background", "exec":
		if ws[1] == "exec" {
			return // PostScript for the printer, not the host
		}
		if strings.ContainsRune(ws[2], '\\') {
			s.unknown("roff device control names a file through an escape")
			return
		}
		s.read(ws[2])
	}
}

// roff analyses groff, troff, nroff, soelim, the preprocessors and
// mandoc: their options, their documents (operands, or standard input).
func (c *cmd) roff(t dslTool) error {
	o := c.parse(optSpec{short: t.values})
	x := &dslContext{lang: "roff", scan: scanRoff}
	for _, h := range o.has {
		if len(h) == 2 && strings.IndexByte(t.unsafe, h[1]) >= 0 {
			x.unsafe = true
		}
	}
	for _, n := range groffUnsafeEnv {
		if _, set := c.a.envOrVar(c.sc, n); set {
			c.opaque(n + " makes " + c.name + " run programs of another directory")
		}
	}
	for i := 0; i < len(t.dirs); i++ {
		for _, d := range o.values("-" + t.dirs[i:i+1]) {
			if !d.dyn {
				x.dirs = append(x.dirs, d.s)
			}
		}
	}
	return c.roffDocs(x, c.posFields(o))
}

// roffDocs judges the documents of a roff program: each operand, or its
// standard input when there is none.
func (c *cmd) roffDocs(x *dslContext, docs []field) error {
	if len(docs) == 0 {
		return c.dslInput(x, 0)
	}
	for _, f := range docs {
		if err := c.dslDoc(x, f); err != nil {
			return err
		}
	}
	return nil
}

// manLocal judges man's local files (-l, --local-file, or a name with a
// slash): man renders them with groff, in its safe mode unless
// MANROFFOPT says -U.
func (c *cmd) manLocal(o opts) error {
	local := o.any("-l", "--local-file", "--local")
	var docs []field
	for _, k := range o.pos {
		f := c.args[k]
		if local || strings.ContainsRune(f.s, '/') || f.dyn {
			docs = append(docs, f)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	x := &dslContext{lang: "roff", scan: scanRoff}
	if v, set := c.a.envOrVar(c.sc, "MANROFFOPT"); set {
		x.unsafe = !v.known || strings.Contains(v.val, "U")
	}
	for _, f := range docs {
		if f.dyn && !local {
			c.opaque("man renders a page or file named at run time")
			continue
		}
		c.read(f, "man local file")
		if err := c.dslDoc(x, f); err != nil {
			return err
		}
	}
	return nil
}
