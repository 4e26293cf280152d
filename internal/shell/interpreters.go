package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Shells and interpreters: the programs that run code given inline, in a
// script or on standard input.

func isInterpreter(n string) bool {
	if isShell(n) {
		return true
	}
	switch n {
	case "node", "nodejs", "perl", "ruby", "php", "lua", "luajit", "deno", "bun", "osascript", "pwsh",
		"powershell", "Rscript", "julia", "tclsh", "wish", "expect", "irb", "jshell", "groovy", "scala", "guile":
		return true
	}
	return isPython(n) || strings.HasPrefix(n, "lua5") || strings.HasPrefix(n, "perl5") || isPHP(n)
}

func isPython(n string) bool {
	if n == "python" || n == "pypy" || n == "pypy3" {
		return true
	}
	if strings.HasPrefix(n, "python") {
		for _, r := range n[len("python"):] {
			if !(r >= '0' && r <= '9' || r == '.') {
				return false
			}
		}
		return true
	}
	return false
}

func isStdin(f field) bool {
	switch f.s {
	case "-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
		return true
	}
	return false
}

func (c *cmd) shell() error {
	o := c.parse(optSpec{short: "oO", long: []string{"--rcfile", "--init-file", "--emulate"}, stopPos: true, plus: true})
	if o.any("--version", "--help") {
		return nil
	}
	for _, f := range o.values("--rcfile", "--init-file") {
		c.read(f, "rc file")
	}
	c.privileged = o.is("-p")           // imports no functions (childenv.go)
	c.allExport = c.a.allExportShell(o) // bash -a -c '…' (allexport.go)
	// the code it runs is read as this shell reads (( (shdialects.go)
	savedArith := c.sc.noArith
	c.sc.noArith = noArithShell(c.name)
	savedPosix, savedDialect, savedZ := c.sc.posix, c.sc.dialect, c.sc.zopts
	c.runDialect(o, c.args) // dialectstate.go
	if e := c.sc.shellOptsExported(); e != 0 {
		// POSIX mode crosses in an exported SHELLOPTS (shellopts.go)
		c.sc.posix = max(c.sc.posix, crossLevel(savedPosix, e))
	}
	defer func() {
		c.sc.noArith, c.sc.posix, c.sc.dialect, c.sc.zopts = savedArith, savedPosix, savedDialect, savedZ
	}()
	savedGlobs := c.sc.globs
	c.a.shellOptions(c.sc, o, c.args) // bash -O dotglob -c '…', bash +B -s
	defer func() { c.sc.globs = savedGlobs }()
	if o.is("-c") {
		k, ok := c.pos(o, 0)
		if !ok {
			c.opaque("shell -c without code")
			return nil
		}
		c.skip[k] = true
		// sh -c CODE NAME ARG…: $0 is NAME, $1… the ARGs
		sub := *c.sc
		sub.setArgs(nil, true)
		sub.arg0, sub.arg0Known = "", false
		sub.arg0Shell = len(o.pos) < 2 // no NAME: $0 is the shell's
		rest := c.fieldsAt(o.pos[1:])
		for i, f := range rest {
			c.skip[o.pos[1+i]] = true
			if f.dyn || f.glob {
				sub.argsKnown = false
			}
			if i == 0 {
				sub.arg0, sub.arg0Known = f.s, !f.dyn && !f.glob
			} else {
				sub.args = append(sub.args, f.s)
			}
		}
		sub.setArgs(sub.args, sub.argsKnown)
		c.handed = true // the code is analysed (writtencode.go)
		cc := *c
		cc.sc = &sub
		if !posixShell(c.name) {
			return cc.lenientCode(c.args[k], c.name+" -c")
		}
		return cc.code(c.args[k], c.name+" -c", false)
	}
	k, ok := c.pos(o, 0)
	if o.is("-s") || o.is("-i") || !ok {
		c.prompts = o.is("-i") || o.any("--interactive") // PROMPT_COMMAND (childenv.go)
		return c.fedCode(0, c.name+" (standard input)", "runs shell code read from standard input", runChild)
	}
	return c.scriptCode(k, c.name, runChild)
}

// interpreterSpec is an interpreter's options: those taking a value, and
// those whose value is code.
type interpreterSpec struct {
	opts optSpec
	code []string
}

// interpreterSpecs are keyed by interpreterFamily; "" is any other
// interpreter (tclsh, Rscript, …).
var interpreterSpecs = &lazy.Value[map[string]interpreterSpec]{New: func() map[string]interpreterSpec {
	return map[string]interpreterSpec{
		"python": {optSpec{short: "cmWXQ", stopPos: true}, []string{"-c"}},
		"node": {optSpec{short: "eprC", long: []string{"--eval", "--print", "--require", "--import", "--loader", "--experimental-loader", "--input-type", "--conditions"}, stopPos: true},
			[]string{"-e", "-p", "--eval", "--print"}},
		"perl":      {optSpec{short: "eEIMmx", stopPos: true}, []string{"-e", "-E"}},
		"ruby":      {optSpec{short: "erICE", stopPos: true}, []string{"-e"}},
		"php":       {optSpec{short: "rcdfzBRFE", stopPos: true}, []string{"-r", "-B", "-R", "-E"}},
		"lua":       {optSpec{short: "el", stopPos: true}, []string{"-e"}},
		"osascript": {optSpec{short: "els", stopPos: true}, []string{"-e"}},
		"pwsh": {optSpec{dashLong: []string{"-Command", "-c", "-EncodedCommand", "-ec", "-e", "-File", "-f"}, stopPos: true},
			[]string{"-Command", "-c", "-EncodedCommand", "-ec", "-e"}},
		"": {optSpec{short: "ef", stopPos: true}, []string{"-e", "-c"}},
	}
}}

// interpreterFamily names the interpreterSpecs entry of the interpreter n.
func interpreterFamily(n string) string {
	switch {
	case isPython(n):
		return "python"
	case n == "node" || n == "nodejs" || n == "bun":
		return "node"
	case n == "perl" || strings.HasPrefix(n, "perl5"):
		return "perl"
	case n == "ruby" || n == "irb":
		return "ruby"
	case strings.HasPrefix(n, "php"):
		return "php"
	case strings.HasPrefix(n, "lua"):
		return "lua"
	case n == "osascript":
		return "osascript"
	case n == "pwsh" || n == "powershell":
		return "pwsh"
	}
	return ""
}

func (c *cmd) interpreter() error {
	n := c.name
	if n == "deno" {
		c.skip = c.skip[:len(c.args)]
		c.w.modelled = true // what its program writes is the program's (deno's own permissions)
		if len(c.args) > 0 && (c.s(0) == "eval" || c.s(0) == "repl") {
			c.opaque("inline deno code")
		}
		if ok, err := c.denoAgent(); ok { // agentscripts.go
			return err
		}
		c.denoRun()
		if len(c.args) == 0 {
			c.opaque("runs code read from standard input")
		}
		return nil
	}
	is := interpreterSpecs.Get()[interpreterFamily(n)]
	sp, codeFlags := is.opts, is.code
	o := c.parse(sp)
	if o.any("--version", "-V", "--help", "-h", "-v", "-version") && len(o.pos) == 0 && !o.any(codeFlags...) {
		return nil
	}
	if strings.HasPrefix(n, "php") && c.phpServer() {
		return nil
	}
	if strings.HasPrefix(n, "php") && o.any("-i", "--info", "-m", "--ini", "-l") && len(o.pos) == 0 && !o.any(codeFlags...) {
		return nil // information about php itself (-i is phpinfo(): toolreads.go)
	}
	c.inlineEdit(o, codeFlags) // perl -pi, ruby -i: writes of their files
	if o.any(codeFlags...) {
		c.opaque("inline " + n + " code")
		for _, code := range o.values(codeFlags...) {
			c.codeLiterals(code)
		}
		return nil
	}
	if isPython(n) && o.is("-m") {
		// python -m MODULE args runs the module like a command
		// (python -m pip install x is pip install x).
		if ms := o.values("-m"); len(ms) > 0 && !ms[0].dyn {
			// everything after -m MODULE is the module's
			inner := []field{ms[0]}
			if a := agentOfPyModule(ms[0].s); a != "" {
				inner[0] = field{s: a} // python -m hermes_cli.main is hermes (agentscripts.go)
			}
			for k := 0; k < len(c.args); k++ {
				if s := c.s(k); s == "-m" || strings.HasPrefix(s, "-m") && s[2:] == ms[0].s {
					from := k + 2
					if s != "-m" {
						from = k + 1
					}
					for j := k; j < len(c.args); j++ {
						c.skip[j] = true
					}
					if from < len(c.args) {
						inner = append(inner, c.args[from:]...)
					}
					break
				}
			}
			if sc, err := c.a.enter(c.sc.withVia(n + " -m")); err == nil {
				if err := c.a.simple(inner, sc); err != nil {
					return err
				}
			} else {
				return err
			}
		}
		return nil
	}
	if strings.HasPrefix(n, "php") && o.is("-f") {
		return nil
	}
	k, ok := c.pos(o, 0)
	switch {
	case !ok || isStdin(c.args[k]) || c.stdinPath(c.args[k]) == 0:
		c.opaque("runs " + n + " code read from standard input")
		if text, known := c.fedText(); known {
			c.codeLiterals(field{s: text}) // python3 - <<< 'open(".env")'
		}
	case c.args[k].proc:
		c.opaque("runs " + n + " code from a process substitution")
		if c.args[k].docKnown {
			c.codeLiterals(field{s: c.args[k].doc})
		}
	case c.stdinPath(c.args[k]) >= 0:
		c.opaque("runs " + n + " code read from standard input")
	case c.args[k].dyn:
		c.opaque("runs a script whose name is not known statically")
	default:
		if ok, err := c.agentScript(k); ok { // agentscripts.go
			return err
		}
		c.notCandidate(k) // the script is read, not written
		c.runsScript(k)
		_, err := c.runWritten(c.args[k], n, true, false, runChild)
		return err
	}
	return nil
}

// inplaceSuffix finds an in-place option (-i[SUFFIX] in a cluster of short
// options, --in-place[=SUFFIX]) among the options before the first
// operand: value lists the letters whose value is the rest of a cluster.
func inplaceSuffix(args []field, value string) (suffix string, found bool) {
	for _, f := range args {
		s := f.s
		if s == "--" || !strings.HasPrefix(s, "-") || s == "-" {
			if !strings.HasPrefix(s, "-") {
				continue
			}
			break
		}
		if v, ok := strings.CutPrefix(s, "--in-place"); ok {
			found = true
			suffix = strings.TrimPrefix(v, "=")
			continue
		}
		if strings.HasPrefix(s, "--") {
			continue
		}
		for j := 1; j < len(s); j++ {
			if s[j] == 'i' {
				return s[j+1:], true
			}
			if strings.IndexByte(value, s[j]) >= 0 {
				break
			}
		}
	}
	return suffix, found
}

// backupOf is the backup file an in-place edit with suffix makes of f: a
// "*" in the suffix is replaced by the file's name, relative to its
// directory (sed -i'bak/*', perl -i'orig_*'); otherwise the suffix is
// appended.
func backupOf(f field, suffix string) field {
	if strings.Contains(suffix, "*") {
		f.s = path.Join(path.Dir(f.s), strings.ReplaceAll(suffix, "*", path.Base(f.s)))
		return f
	}
	f.s += suffix
	return f
}

// inlineEdit reports the files perl -i and ruby -i edit in place: their
// operands (after the script, when the code is not given with -e), and
// their backups.
func (c *cmd) inlineEdit(o opts, codeFlags []string) {
	n := c.name
	value := ""
	switch {
	case n == "perl" || strings.HasPrefix(n, "perl5"):
		value = "eEIMmxdCl0D"
	case n == "ruby":
		value = "erICEFKWTx0l"
	default:
		return
	}
	suffix, ok := inplaceSuffix(c.args, value)
	if !ok {
		return
	}
	files := c.posFields(o)
	if !o.any(codeFlags...) && len(files) > 0 {
		files = files[1:]
	}
	for _, f := range files {
		c.write(f, n+" -i")
		if suffix != "" {
			c.write(backupOf(f, suffix), n+" -i backup")
		}
	}
}

// denoRun: deno run npm:X, jsr:X or a URL fetches the code it runs.
func (c *cmd) denoRun() {
	if len(c.args) == 0 || c.s(0) != "run" && c.s(0) != "x" && c.s(0) != "install" {
		return
	}
	for _, f := range c.args[1:] {
		s := f.s
		if strings.HasPrefix(s, "-") {
			continue
		}
		lower := strings.ToLower(s)
		if strings.HasPrefix(lower, "npm:") || strings.HasPrefix(lower, "jsr:") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || f.dyn {
			c.opaque("deno " + c.s(0) + " fetches and runs " + clip(s))
		}
		return
	}
}

// maxCodeLiterals bounds the string literals taken from inline code
// where a caller still bounds them (codeLiterals takes every one).
const maxCodeLiterals = 256

// codeLiterals reports the string literals of inline interpreter code
// (python -c, node -e, perl -e, …) as reads: the code stays opaque (a
// human decides what it does to the files it names), but code that names
// a blocked file literally (open('.env').read()) is judged by that path.
// A literal is not a write: most are not file names at all ("fs", "id"),
// and which ones the code writes is what only the human can tell.
func (c *cmd) codeLiterals(code field) {
	if code.dyn {
		return
	}
	s := code.s
	c.a.candidateHosts(c, s) // hosts the code may connect to (candhosts.go)
	// Every distinct literal: a bound would drop the blocked path named
	// after it (the literals are disjoint parts of the code, so the work
	// is linear in it; relative ones count against maxExpandBytes).
	var seen map[string]bool
	for i := 0; i < len(s); i++ {
		q := s[i]
		if q != '\'' && q != '"' && q != '`' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != q && s[j] != '\n' {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(s) || s[j] != q {
			continue
		}
		lit := s[i+1 : j]
		i = j
		if lit == "" || len(lit) > 4096 || strings.ContainsAny(lit, "\\\n*?[") || !mayBePath(lit) {
			continue
		}
		if seen[lit] {
			continue
		}
		if seen == nil {
			seen = make(map[string]bool)
		}
		seen[lit] = true
		c.a.path(c.sc, kRead, field{s: lit}, c.name, "string in inline "+c.name+" code")
	}
}
