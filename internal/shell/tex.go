package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// TeX without shell escape still reads any file (\input, \openin; TeX
// Live's openin_any=a) and writes files below the working directory
// (\openout, LaTeX's filecontents; openout_any=p), and its restricted
// shell escape (on by default) runs the commands \write18 names from a
// list. The command line is TeX's first input line: when it starts with
// a backslash it is code, else its first word is a file TeX inputs and
// the rest is code read after it. Code on the line is judged when it
// uses only control sequences that neither redefine anything nor reach
// files beyond the ones named literally (texKnown); any other makes it
// opaque (a macro may be \input by another name), and the file names it
// holds literally are still judged. MetaPost (mpost) is read the same
// way, its code always opaque.

// texCS classifies control sequences: 'i' reads the file named after it
// (\input name, \input{name}, \input"name"), 'o' opens a stream for
// reading (\openin), 'O' for writing (\openout), 'w' writes to a stream
// (\write18 runs a command), 'b' begins an environment, 'g' reads the
// file of its braced argument (after [options]), 'r' reads a line of a
// stream into a macro (\read N to \x), 'k' is known harmless.
var texCS = &lazy.Value[map[string]byte]{New: func() map[string]byte {
	m := map[string]byte{
		"input": 'i', "include": 'g', "InputIfFileExists": 'g', "IfFileExists": 'g', "includegraphics": 'g',
		"verbatiminput": 'g', "VerbatimInput": 'g', "lstinputlisting": 'g', "inputminted": 'g', "includepdf": 'g',
		"bibliography": 'g', "addbibresource": 'g', "pdffiledump": 'g', "filedump": 'g', "pdfmdfivesum": 'g',
		"mdfivesum": 'g', "pdffilesize": 'g', "filesize": 'g', "pdffilemoddate": 'g', "filemoddate": 'g', "pdfximage": 'g',
		"openin": 'o', "openout": 'O', "write": 'w', "begin": 'b', "read": 'r', "readline": 'r',
	}
	for _, n := range strings.Fields(texKnown) {
		m[n] = 'k'
	}
	return m
}}

// texKnown are control sequences of plain TeX and LaTeX that change no
// definition and reach no file: a line of them (with the file commands
// above, judged by name) is judged, not asked about.
const texKnown = `relax end bye stop dump nonstopmode batchmode scrollmode errorstopmode documentclass usepackage
RequirePackage PassOptionsToPackage includeonly par message typeout show showthe showbox showlists the number
romannumeral jobname immediate closein closeout ifeof if ifx ifnum ifdim ifodd ifdefined ifcsname
else fi or unless ifcase section subsection subsubsection paragraph subparagraph chapter part title author date
maketitle today textbf textit texttt textrm textsf textsc emph underline item label ref pageref cite nocite newpage
clearpage cleardoublepage tableofcontents listoffigures listoftables hbox vbox hfill vfill hskip vskip hspace
vspace noindent indent centering raggedright raggedleft small large Large LARGE huge Huge normalsize tiny
footnotesize scriptsize bf it tt rm sf sc em TeX LaTeX LaTeXe tracingall tracingonline errmessage count dimen
skip toks advance multiply divide newcount newdimen newskip newtoks newread newwrite pdfoutput pdfpagewidth
pdfpageheight pdfcompresslevel pdfminorversion outputmode listfiles bibliographystyle printbibliography
footnote caption centerline line leftline rightline quad qquad enspace thinspace break nobreak linebreak
pagebreak nopagebreak smallskip medskip bigskip displaystyle textstyle frac sqrt sum int left right cdot
ldots dots cdots vdots ddots alpha beta gamma delta epsilon pi sigma omega mathrm mathbf mathit mathcal
fontsize selectfont normalfont url href hline cline multicolumn tabularnewline newline protect string
meaning detokenize showtokens showgroups showifs tracingmacros tracingcommands tracingrestores interactionmode
lastlinefit inputlineno eTeXversion eTeXrevision pdftexversion pdftexrevision XeTeXversion fmtname fmtversion`

// texEnvs are LaTeX environments that only typeset ('k'), and the ones
// that write the file their argument names ('w').
var texEnvs = &lazy.Value[map[string]byte]{New: func() map[string]byte {
	m := map[string]byte{"filecontents": 'w', "filecontents*": 'w'}
	for _, n := range strings.Fields(`document center flushleft flushright itemize enumerate description quote
quotation verse tabular tabular* table table* figure figure* equation equation* align align* gather gather*
multline multline* eqnarray eqnarray* array abstract minipage verbatim verbatim* titlepage math displaymath
thebibliography list tabbing picture trivlist split cases matrix pmatrix bmatrix small footnotesize`) {
		m[n] = 'k'
	}
	return m
}}

// scanTeX finds what TeX code reads, writes and runs.
func scanTeX(text string) *dslScan {
	s := &dslScan{}
	g := newTexGroups(text)
	unknown := ""
	for i := 0; i < len(text); i++ {
		if len(s.reads)+len(s.writes)+len(s.code) > 4*maxDSLItems {
			s.unknown("TeX code too large to analyse")
			return s
		}
		switch text[i] {
		case '%':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			continue
		case '^':
			if i+1 < len(text) && text[i+1] == '^' {
				unknown = "TeX code writes characters by their codes (^^)"
			}
			continue
		case '\\':
		default:
			continue
		}
		j := i + 1
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		if j == i+1 {
			i++ // a control symbol: \\, \%, \{, \ …
			continue
		}
		name, rest := text[i+1:j], text[j:]
		i = j - 1
		kind := texCS.Get()[name]
		switch kind {
		case 'i':
			texFile(s, rest, false, &unknown)
		case 'g':
			texBracedFiles(s, rest, name == "include", &unknown)
		case 'o', 'O':
			texStream(s, rest, kind == 'O', &unknown)
		case 'w':
			texWrite(s, g, rest, &unknown)
		case 'b':
			texBegin(s, g, rest, &unknown)
		case 'r':
			i += texRead(rest, &unknown)
		case 'k':
		default:
			if strings.Contains(strings.ToLower(name), "input") || strings.Contains(strings.ToLower(name), "include") {
				texBracedFiles(s, rest, false, &unknown)
			}
			unknown = "TeX code uses \\" + name + ", which the analysis does not read"
		}
	}
	if unknown != "" {
		s.unknown(unknown)
	}
	return s
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// texName reads a file name as TeX's \input reads it: braced, quoted, or
// up to white space or a control sequence. pipe says it is |command.
func texName(rest string) (name string, pipe, ok bool) {
	rest = strings.TrimLeft(rest, " \t\n")
	if p, ok := strings.CutPrefix(rest, "|"); ok { // \input|"cmd", \input|cmd
		rest, pipe = p, true
	} else if p, ok := strings.CutPrefix(rest, `"|`); ok { // \input"|cmd"
		rest, pipe = `"`+p, true
	}
	switch {
	case rest == "":
		return "", pipe, !pipe
	case rest[0] == '{' || rest[0] == '"':
		end := byte('}')
		if rest[0] == '"' {
			end = '"'
		}
		j := strings.IndexByte(rest[1:], end)
		if j < 0 {
			return "", pipe, false
		}
		name = rest[1 : 1+j]
	case rest[0] == '\\':
		return "", pipe, false // a name built by a macro
	default:
		j := strings.IndexAny(rest, " \t\n\\{}%")
		if j < 0 {
			j = len(rest)
		}
		name = rest[:j]
	}
	return name, pipe, !strings.ContainsAny(name, `\#^`)
}

// texFile judges the file name after \input (or an \openin/\openout):
// read or written; |command runs the command (shell escape, restricted
// by default).
func texFile(s *dslScan, rest string, write bool, unknown *string) {
	name, pipe, ok := texName(rest)
	switch {
	case !ok:
		*unknown = "TeX names a file through a macro"
	case pipe:
		if name != "" {
			s.run(name)
		}
	case name == "":
	case write:
		s.write(name)
		if path.Ext(name) == "" {
			s.write(name + ".tex") // TeX adds .tex to a name without one
		}
	default:
		s.read(name)
	}
}

// texBracedFiles judges the braced arguments of a file command, after
// its [options] and keywords: each names a file read (\include also
// writes NAME.aux).
func texBracedFiles(s *dslScan, rest string, aux bool, unknown *string) {
	for k := 0; k < 2; k++ {
		rest = strings.TrimLeft(rest, " \t\n")
		for strings.HasPrefix(rest, "[") {
			j := strings.IndexByte(rest, ']')
			if j < 0 {
				return
			}
			rest = strings.TrimLeft(rest[j+1:], " \t\n")
		}
		// keywords before the name (\pdfmdfivesum file {name})
		for n := 0; n < 4 && rest != "" && isLetter(rest[0]); n++ {
			j := 0
			for j < len(rest) && isLetter(rest[j]) {
				j++
			}
			rest = strings.TrimLeft(rest[j:], " \t\n")
		}
		if !strings.HasPrefix(rest, "{") {
			if k == 0 && strings.HasPrefix(rest, "\\") {
				*unknown = "TeX names a file through a macro"
			}
			return
		}
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return
		}
		name := rest[1:j]
		if strings.ContainsRune(name, '\\') {
			*unknown = "TeX names a file through a macro"
		} else if name != "" {
			for _, n := range strings.Split(name, ",") { // \bibliography{a,b}
				if n = strings.TrimSpace(n); n != "" {
					s.read(n)
					if aux {
						s.write(n + ".aux")
					}
				}
			}
		}
		rest = rest[j+1:]
	}
}

// texRead judges \read N to \x: the line read becomes the macro \x,
// which must not be one the scan judged by name (\read1 to \relax would
// make \relax run what the file holds); it returns the length read.
func texRead(rest string, unknown *string) int {
	i := strings.Index(rest, "to")
	if i < 0 || i > 16 {
		*unknown = "TeX reads into a macro the analysis cannot read"
		return 0
	}
	t := strings.TrimLeft(rest[i+2:], " \t\n")
	if !strings.HasPrefix(t, "\\") {
		*unknown = "TeX reads into a macro the analysis cannot read"
		return 0
	}
	j := 1
	for j < len(t) && isLetter(t[j]) {
		j++
	}
	if _, known := texCS.Get()[t[1:j]]; known || j == 1 {
		*unknown = "TeX reads a line into \\" + t[1:j] + ", redefining it"
	}
	return len(rest) - len(t) + j // past the macro's name
}

// texStream judges \openin and \openout: a stream (a number or a
// control sequence), an optional =, then the file name.
func texStream(s *dslScan, rest string, write bool, unknown *string) {
	rest = strings.TrimLeft(rest, " \t\n")
	switch {
	case rest != "" && rest[0] >= '0' && rest[0] <= '9':
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		rest = rest[j:]
	case rest != "" && rest[0] == '\\':
		j := 1
		for j < len(rest) && isLetter(rest[j]) {
			j++
		}
		rest = rest[j:]
	default:
		*unknown = "TeX opens a stream the analysis cannot read"
		return
	}
	rest = strings.TrimLeft(rest, " \t\n")
	rest = strings.TrimPrefix(rest, "=")
	texFile(s, rest, write, unknown)
}

// texWrite judges \write: to stream 18 it runs its braced text as a
// command; a stream by number or control sequence is the terminal, the
// log or a file \openout opened (judged there).
func texWrite(s *dslScan, g *texGroups, rest string, unknown *string) {
	rest = strings.TrimLeft(rest, " \t\n")
	rest = strings.TrimPrefix(rest, "-")
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	switch {
	case j == 0 && strings.HasPrefix(rest, "\\"):
		return
	case j == 0:
		*unknown = "TeX writes to a stream the analysis cannot read"
		return
	case rest[:j] != "18":
		return
	}
	body, ok := g.braced(rest[j:])
	switch {
	case !ok || strings.ContainsAny(body, `\#`):
		*unknown = "TeX's \\write18 runs a command built by macros"
	case strings.TrimSpace(body) != "":
		s.run(body)
	}
}

// texGroups knows where each {…} group of a text ends, so that reading a
// group is constant time (an unbalanced group, repeated, would otherwise
// make the scan quadratic).
type texGroups struct {
	text string
	end  []int32 // for each byte offset of a {, the offset of its }, or -1
}

func newTexGroups(text string) *texGroups {
	g := &texGroups{text: text}
	var stack []int32
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++
		case '{':
			if g.end == nil {
				g.end = make([]int32, len(text))
			}
			g.end[i] = -1
			stack = append(stack, int32(i))
		case '}':
			if n := len(stack); n > 0 {
				g.end[stack[n-1]] = int32(i)
				stack = stack[:n-1]
			}
		}
	}
	return g
}

// braced returns the balanced {…} group at the start of rest, which is
// a suffix of the text (every caller slices it from there).
func (g *texGroups) braced(rest string) (string, bool) {
	rest = strings.TrimLeft(rest, " \t\n")
	at := len(g.text) - len(rest)
	if !strings.HasPrefix(rest, "{") || at < 0 || g.end == nil || g.text[at] != '{' {
		return "", false
	}
	end := int(g.end[at])
	if end < 0 {
		return "", false
	}
	return g.text[at+1 : end], true
}

// texBegin judges \begin{ENV}: an environment that only typesets, or
// filecontents, which writes the file its argument names.
func texBegin(s *dslScan, g *texGroups, rest string, unknown *string) {
	env, ok := g.braced(rest)
	if !ok {
		*unknown = "TeX begins an environment the analysis cannot read"
		return
	}
	switch texEnvs.Get()[env] {
	case 'k':
	case 'w':
		after := strings.TrimLeft(rest, " \t\n")
		after = after[len(env)+2:]
		after = strings.TrimLeft(after, " \t\n")
		for strings.HasPrefix(after, "[") {
			j := strings.IndexByte(after, ']')
			if j < 0 {
				*unknown = "TeX's filecontents names a file the analysis cannot read"
				return
			}
			after = strings.TrimLeft(after[j+1:], " \t\n")
		}
		name, ok := g.braced(after)
		if !ok || name == "" || strings.ContainsRune(name, '\\') {
			*unknown = "TeX's filecontents names a file the analysis cannot read"
			return
		}
		s.write(name)
	default:
		*unknown = "TeX begins the environment " + env + ", which the analysis does not read"
	}
}

// scanMP finds what MetaPost code reads and writes: input NAME,
// readfrom "NAME", write … to "NAME". Its code is opaque in any case.
func scanMP(text string) *dslScan {
	s := &dslScan{}
	s.unknown("MetaPost code, which the analysis does not read")
	for i := 0; i < len(text) && len(s.reads)+len(s.writes) < 4*maxDSLItems; i++ {
		if !isLetter(text[i]) || i > 0 && (isLetter(text[i-1]) || text[i-1] == '_') {
			continue
		}
		rest := text[i:]
		switch {
		case strings.HasPrefix(rest, "input") && len(rest) > 5 && !isLetter(rest[5]):
			if name, ok := dslWord(strings.TrimLeft(rest[5:], " \t\n")); ok && name != "" {
				s.read(strings.TrimRight(name, ";"))
			}
		case strings.HasPrefix(rest, "readfrom") && len(rest) > 8 && !isLetter(rest[8]):
			if name, ok := dslWord(rest[8:]); ok && name != "" {
				s.read(name)
			}
		case strings.HasPrefix(rest, "to") && len(rest) > 2 && (rest[2] == ' ' || rest[2] == '"'):
			if t := strings.TrimLeft(rest[2:], " \t"); strings.HasPrefix(t, `"`) {
				if name, ok := dslWord(t); ok && name != "" {
					s.write(name)
				}
			}
		}
	}
	return s
}

// tex analyses a TeX engine or MetaPost: its options, then its first
// input line (the operands), code or a file and code.
func (c *cmd) tex(t dslTool) error {
	x := &dslContext{lang: "TeX", scan: scanTeX}
	if t.family == "mp" {
		x.lang, x.scan = "MetaPost", scanMP
	}
	job, outDir := "", ""
	var ops []int
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if !strings.HasPrefix(s, "-") || s == "-" || c.args[i].dyn && !strings.HasPrefix(s, "-") {
			ops = append(ops, i)
			continue
		}
		name, val, eq := strings.Cut(strings.TrimLeft(s, "-"), "=")
		f := c.args[i]
		if !eq && inFields(texValues, name) && i+1 < len(c.args) {
			i++
			c.skip[i] = true
			f, val = c.args[i], c.s(i)
		}
		f.s = val
		switch {
		case inFields(texUnsafe, name) || name == "tex" && t.family == "mp":
			x.unsafe = true
			if name == "lua" {
				c.read(f, c.name+" --lua")
			}
		case name == "cnf-line":
			if f.dyn || strings.Contains(val, "shell_escape") || strings.Contains(val, "_any") {
				x.unsafe = true
			}
		case name == "jobname":
			job = val
		case name == "output-directory" || name == "aux-directory":
			outDir = val
			if f.dyn {
				c.opaque(c.name + " writes into a directory not known statically")
			}
		}
	}
	for _, n := range texUnsafeEnv {
		if _, set := c.a.envOrVar(c.sc, n); set {
			x.unsafe = true
		}
	}
	if x.unsafe {
		c.opaque("TeX with shell escape runs the commands \\write18 names")
	}
	return c.texLine(x, ops, job, outDir)
}

// texLine judges TeX's first input line, the operands joined by spaces.
func (c *cmd) texLine(x *dslContext, ops []int, job, outDir string) error {
	var b strings.Builder
	dyn := false
	for k, i := range ops {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.s(i))
		dyn = dyn || c.args[i].dyn
		c.skip[i] = true
	}
	line := strings.TrimLeft(b.String(), " ")
	if strings.HasPrefix(line, "&") { // &format
		_, line, _ = strings.Cut(line, " ")
		line = strings.TrimLeft(line, " ")
	}
	if job == "" {
		job = "texput"
	}
	// TeX reads its terminal (standard input) with no operand, and at
	// every error in its default interaction mode (a line typed there
	// is code: I\input FILE)
	err := c.dslInput(x, 0)
	if err != nil {
		return err
	}
	switch {
	case len(ops) == 0:
	case dyn && (line == "" || line[0] == '\\' || strings.HasPrefix(line, "$")):
		c.opaque(c.name + " " + x.lang + " code not known statically")
	case line == "":
	case line[0] == '\\':
		err = c.dslText(x, field{s: line})
	case strings.ContainsAny(strings.Fields(line)[0], `\^`):
		// the file name is scanned with expansion: \input in it runs
		err = c.dslText(x, field{s: line, dyn: dyn})
	default:
		file, rest, _ := strings.Cut(line, " ")
		f := c.args[ops[len(ops)-1]]
		for _, i := range ops {
			if c.s(i) == file || strings.HasPrefix(c.s(i), file+" ") {
				f = c.args[i]
				break
			}
		}
		f.s = file
		c.read(f, c.name+" input file")
		if job == "texput" {
			job = strings.TrimSuffix(path.Base(file), path.Ext(file))
		}
		if err = c.dslDoc(x, f); err == nil && strings.TrimSpace(rest) != "" {
			err = c.dslText(x, field{s: rest, dyn: dyn})
		}
	}
	if outDir != "" {
		c.write(field{s: path.Join(outDir, job+".log")}, c.name+" output directory")
	}
	if x.lang == "TeX" && strings.ContainsRune(job, '/') {
		c.write(field{s: job + ".log"}, c.name+" -jobname")
	}
	return err
}
