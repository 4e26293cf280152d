package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// The programs that carry a language of their own, as data (dslcode.go
// says how their code is judged): per program its family (the scanner
// and the model of its command line) and, for getopt-style programs, the
// option letters that take a value, that make it unsafe (its documents
// may then run commands and write files) and that name the directories
// its code's relative file names are searched in.

// dslTool is one program of the table.
type dslTool struct {
	family string // roff, tex, mp, miller, sql, xpath
	values string // getopt letters taking a value (roff)
	unsafe string // letters (roff) that unlock commands and writes
	dirs   string // letters whose value is a search directory (roff -I)
	lua    bool   // a TeX engine with Lua (\directlua, --lua)
}

// roffOpts: groff's and troff's letters with a value; nroff's are a
// subset, read the same.
const roffValues = "adfFIKLmMnoPrTwWDE"

var dslTools = &lazy.Value[map[string]dslTool]{New: func() map[string]dslTool {
	roff := dslTool{family: "roff", values: roffValues, unsafe: "U", dirs: "I"}
	m := map[string]dslTool{
		"groff": roff, "troff": roff, "gtroff": roff, "nroff": roff, "gnroff": roff,
		// preprocessors with file requests of their own: pic's copy and
		// sh (sh only with -U), eqn's include, refer's database
		"pic": roff, "gpic": roff, "eqn": roff, "geqn": roff, "neqn": roff, "gneqn": roff,
		"grap": roff, "refer": roff, "grefer": roff, "chem": roff,
		"soelim": {family: "roff", values: "I", dirs: "I"}, "gsoelim": {family: "roff", values: "I", dirs: "I"},
		"mandoc": {family: "roff", values: "IKmOTW"},
		"mpost":  {family: "mp"}, "r-mpost": {family: "mp"}, "metapost": {family: "mp"}, "mptopdf": {family: "mp"},
		"mlr": {family: "miller"}, "miller": {family: "miller"},
		// XSLT built from XPath arguments: document('F') reads F (libxml2
		// prints the lines it cannot parse)
		"xmlstarlet": {family: "xpath"}, "xml": {family: "xpath"},
	}
	for n := range sqlFileTools.Get() { // sqlfiles.go
		m[n] = dslTool{family: "sql"}
	}
	for _, n := range []string{"tex", "etex", "pdftex", "xetex", "latex", "pdflatex", "xelatex", "ptex", "eptex", "uptex",
		"euptex", "platex", "uplatex", "aleph", "lamed", "initex", "virtex", "amstex", "pdfetex", "mllatex", "mltex",
		"latex-dev", "pdflatex-dev", "xelatex-dev", "hitex", "pdfcslatex", "cslatex", "etex-dev"} {
		m[n] = dslTool{family: "tex"}
	}
	for _, n := range []string{"luatex", "luahbtex", "luajittex", "lualatex", "dvilualatex", "luajitlatex",
		"lualatex-dev", "dviluatex", "context", "luametatex", "optex"} {
		m[n] = dslTool{family: "tex", lua: true}
	}
	return m
}}

// xmlstarletReaders are xmlstarlet's commands that write nothing.
var xmlstarletReaders = map[string]bool{"sel": true, "select": true, "val": true, "validate": true, "fo": true, "format": true,
	"el": true, "elements": true, "c14n": true, "ls": true, "pyx": true, "p2x": true, "depyx": true, "esc": true, "unesc": true}

// isDSLTool reports whether n is a program of dslTools.
func isDSLTool(n string) bool {
	_, ok := dslTools.Get()[n]
	return ok || importTools[n] != nil // importtooltables.go
}

// dslTool runs the model of c's family.
func (c *cmd) dslTool() error {
	if importTools[c.name] != nil {
		return c.importToolRun() // importtools.go
	}
	t := dslTools.Get()[c.name]
	switch t.family {
	case "roff":
		return c.roff(t)
	case "tex", "mp":
		return c.tex(t)
	case "miller":
		return c.miller()
	case "xpath":
		for _, f := range c.args {
			c.codeLiterals(f) // interpreters.go
		}
		if o := c.parse(optSpec{}); len(o.pos) > 0 && xmlstarletReaders[c.s(o.pos[0])] {
			c.w.modelled = true // XPath arguments, files read: it writes nothing
		} else {
			c.unlisted = true // ed -L, tr: their writes are the generic analysis'
		}
		return nil
	case "sql":
		if c.nestedAgent() { // Amazon Q's q chat
			c.w.modelled = true
			return nil
		}
		return c.sqlFilesCmd(sqlFileTools.Get()[c.name])
	}
	return nil
}

// TeX's options (web2c and MiKTeX) that take a value, given as -opt=V,
// -opt V or with two dashes.
const texValues = "jobname output-directory aux-directory fmt progname interaction kpathsea-debug translate-file tcx mktex " +
	"no-mktex output-comment cnf-line synctex lua output-format include-directory undump record-package-usages " +
	"job-time max-print-line buf-size error-line half-error-line main-memory pool-size stack-size trace mem-bot " +
	"tex mem font-mem-size save-size hash-extra dvi-generator"

// texUnsafe are TeX's options that let its code run any command (shell
// escape, pipes) or load Lua from a file.
const texUnsafe = "shell-escape enable-write18 enable-pipes lua mpost-shell-escape"

// texUnsafeEnv are kpathsea's configuration variables, read from the
// environment, that enable shell escape or writing anywhere, or point at
// another texmf.cnf.
var texUnsafeEnv = []string{"shell_escape", "shell_escape_commands", "openout_any", "openin_any", "TEXMFCNF",
	"shell_escape.tex", "shell_escape.pdftex", "shell_escape.latex", "shell_escape.pdflatex", "shell_escape.lualatex"}

// groffUnsafeEnv are the variables that make groff run other programs
// than its own (GROFF_BIN_PATH is searched first for troff and the
// postprocessors).
var groffUnsafeEnv = []string{"GROFF_BIN_PATH", "GROFF_COMMAND_PREFIX"}
