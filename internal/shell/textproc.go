package shell

import (
	"regexp"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Text processors whose scripts can write files and run commands: sed,
// awk, jq.

// jqEnv matches jq's env builtin, which dumps the environment.
// (compiled on first use: package-level regexps cost every process start-up)
var jqEnv = &lazy.Value[*regexp.Regexp]{New: func() *regexp.Regexp { return regexp.MustCompile(`(^|[^A-Za-z0-9_$.])env([^A-Za-z0-9_]|$)`) }}

func (c *cmd) sed() {
	o := c.parse(optSpec{short: "efl", long: []string{"--expression", "--file", "--line-length"}})
	inPlace := o.is("-i") || o.is("--in-place")
	// -i may carry a suffix glued to it (-i.bak): parse() then treats the
	// rest as more short flags, which is harmless.
	scripts := o.values("-e", "--expression")
	files := o.pos
	if len(scripts) == 0 && len(o.values("-f", "--file")) == 0 && len(files) > 0 {
		scripts = []field{c.args[files[0]]}
		c.skip[files[0]] = true
		files = files[1:]
	}
	for _, f := range o.values("-f", "--file") {
		c.read(f, "sed script file")
		c.opaque("sed script from a file")
	}
	// a token edit in place (sed -i 's/old/new/') brings no code into
	// the files it edits (writtencode.go)
	edit := len(scripts) > 0 && len(o.values("-f", "--file")) == 0 && !c.a.lineWroteCode()
	for _, s := range scripts {
		if s.dyn {
			c.opaque("sed script not known statically")
			edit = false
			continue
		}
		execs, writes, reads, cmds, inserts := sedScanCmds(s.s)
		edit = edit && !execs && len(writes) == 0 && len(reads) == 0 && tokenEdit(inserts)
		for _, cmd := range cmds {
			// e COMMAND runs COMMAND (for each line it reaches)
			if err := c.code(field{s: cmd}, "sed e", false); err != nil && c.a.deferred == nil {
				c.a.deferred = err
			}
		}
		if execs {
			c.opaque("sed script executes commands")
		}
		for _, w := range writes {
			c.write(field{s: w}, "sed w command")
		}
		for _, r := range reads {
			c.read(field{s: r}, "sed r command")
		}
	}
	if inPlace {
		suffix, _ := inplaceSuffix(c.args, "efl")
		for _, k := range files {
			c.write(c.args[k], "sed -i")
			if edit {
				c.vouchEdit(c.args[k])
			}
			if suffix != "" {
				c.write(backupOf(c.args[k], suffix), "sed -i backup")
			}
		}
	}
}

// sedScanCmds reads a sed script: whether it executes commands (and
// those of e COMMAND), the files it writes and reads, and the text it
// puts in its output (s replacements, y targets, a/i/c text).
func sedScanCmds(s string) (execs bool, writes, reads, cmds, inserts []string) {
	i := 0
	skipSpace := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ';' || s[i] == '\n' || s[i] == '{' || s[i] == '}' || s[i] == '!') {
			i++
		}
	}
	readDelim := func(d byte) {
		for i < len(s) && s[i] != d {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		i++
	}
	toEOL := func() string {
		j := i
		for i < len(s) && s[i] != '\n' {
			i++
		}
		return strings.TrimSpace(s[j:i])
	}
	for guard := 0; i < len(s) && guard < len(s)+8; guard++ {
		skipSpace()
		// addresses
		for i < len(s) {
			switch {
			case s[i] >= '0' && s[i] <= '9' || s[i] == '$' || s[i] == ',' || s[i] == '~' || s[i] == '+' || s[i] == ' ':
				i++
				continue
			case s[i] == '/':
				i++
				readDelim('/')
				continue
			case s[i] == '\\' && i+1 < len(s):
				d := s[i+1]
				i += 2
				readDelim(d)
				continue
			case s[i] == 'I' || s[i] == 'M':
				if i > 0 && (s[i-1] == '/') {
					i++
					continue
				}
			}
			break
		}
		skipSpace()
		if i >= len(s) {
			break
		}
		c := s[i]
		i++
		switch c {
		case 'e':
			execs = true
			if cmd := toEOL(); cmd != "" {
				cmds = append(cmds, cmd)
			}
		case 'w', 'W':
			if f := toEOL(); f != "" && !discardTarget(f) {
				writes = append(writes, f)
			}
		case 'r', 'R':
			// r FILE / R FILE: the file name runs to the end of the line
			if f := toEOL(); f != "" && f != "/dev/stdin" {
				reads = append(reads, f)
			}
		case 'a', 'i', 'c', ':', 'b', 't', 'T', 'q', 'Q', 'l', 'L':
			if c == 'b' || c == 't' || c == 'T' || c == ':' {
				for i < len(s) && s[i] != ';' && s[i] != '\n' {
					i++
				}
			} else if c != 'q' && c != 'Q' && c != 'l' && c != 'L' {
				inserts = append(inserts, toEOL())
			}
		case 's', 'y':
			if i >= len(s) {
				return execs, writes, reads, cmds, inserts
			}
			d := s[i]
			i++
			readDelim(d)
			from := min(i, len(s))
			readDelim(d)
			inserts = append(inserts, s[from:max(from, min(i-1, len(s)))])
			if c == 's' {
				for i < len(s) && strings.IndexByte("gpiImMe0123456789w", s[i]) >= 0 {
					if s[i] == 'e' {
						execs = true
					}
					if s[i] == 'w' {
						i++
						if f := toEOL(); f != "" && !discardTarget(f) {
							writes = append(writes, f)
						}
						break
					}
					i++
				}
			}
		}
	}
	return execs, writes, reads, cmds, inserts
}

func (c *cmd) awk() error {
	o := c.parse(optSpec{short: "Fvfeil", long: []string{"--field-separator", "--assign", "--file", "--source", "--include", "--exec", "--load"}})
	if len(o.values("-l", "--load")) > 0 {
		c.opaque("awk loads an extension")
	}
	progs := o.values("-e", "--source")
	pos := o.pos
	inplace := false
	for _, f := range o.values("-i", "--include") {
		if f.s == "inplace" || f.s == "inplace.awk" {
			inplace = true
		} else {
			c.opaque("awk includes a library file")
		}
	}
	for _, f := range o.values("-f", "--file", "--exec") {
		c.read(f, "awk program")
		c.opaque("awk program from a file")
	}
	if len(progs) == 0 && len(o.values("-f", "--file", "--exec")) == 0 && len(pos) > 0 {
		progs = []field{c.args[pos[0]]}
		c.skip[pos[0]] = true
	}
	for _, p := range progs {
		if p.dyn {
			c.opaque("awk program not known statically")
			continue
		}
		ok, err := c.awkProgram(p)
		if err != nil {
			return err
		}
		inplace = inplace || ok
	}
	if inplace {
		for _, k := range pos {
			if !c.skip[k] {
				c.write(c.args[k], "awk -i inplace")
			}
		}
	}
	return nil
}

// textPrograms transform text by a script that may also write files and
// run commands.
func textPrograms() []program {
	return []program{
		{"sed gsed", effects((*cmd).sed)},
		{"awk gawk mawk nawk goawk original-awk bioawk frawk onetrue-awk", (*cmd).awk},
		{"jq gojq yq jaq", effects((*cmd).jq)},           // reads.go
		{"m4 gm4 gnum4", effects((*cmd).macroProcessor)}, // macros.go
		{"dc", effects((*cmd).dcCmd)},
	}
}

func (c *cmd) dcCmd() { c.opaque("dc can run shell commands (!)") }

// jq reads jq/gojq/jaq/yq's arguments: the filter is code (its $ENV/env
// dump the environment, yq's load()/load_str() read files and
// env()/strenv() read variables), --rawfile/--slurpfile NAME FILE and
// --from-file read files, and the rest are input files.
func (c *cmd) jq() {
	var progs, files []field
	progFromFile, argsMode := false, false
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		take := func(n int) []field {
			var out []field
			for j := 0; j < n && i+1 < len(c.args); j++ {
				i++
				c.skip[i] = true
				out = append(out, c.args[i])
			}
			return out
		}
		switch {
		case s == "--rawfile" || s == "--slurpfile":
			if v := take(2); len(v) == 2 {
				c.read(v[1], "jq "+s)
			}
		case s == "--arg" || s == "--argjson" || s == "--strarg":
			take(2)
		case s == "-f" || s == "--from-file":
			progFromFile = true
			for _, v := range take(1) {
				c.read(v, c.name+" program file")
			}
		case strings.HasPrefix(s, "--from-file="):
			progFromFile = true
			f := c.args[i]
			f.s = s[len("--from-file="):]
			c.read(f, c.name+" program file")
		case s == "--expression":
			progs = append(progs, take(1)...)
		case s == "-L" || s == "--indent" || s == "-o" || s == "--output-format" || s == "-p" || s == "--input-format" || s == "-I":
			take(1)
		case s == "--args" || s == "--jsonargs":
			argsMode = true
		case strings.HasPrefix(s, "-") && s != "-":
			// a flag
		case c.name == "yq" && i == 0 && (s == "eval" || s == "e" || s == "eval-all" || s == "ea"):
			c.skip[i] = true
		case len(progs) == 0 && !progFromFile:
			progs = append(progs, c.args[i])
			c.skip[i] = true
		case argsMode:
			c.skip[i] = true // values of $ARGS, not files
		default:
			files = append(files, c.args[i]) // read by the generic pass
		}
	}
	if c.name == "yq" && (anyArg(c.args, "-i") || anyArg(c.args, "--inplace")) {
		for _, f := range files {
			c.write(f, "yq -i")
		}
	}
	for _, p := range progs {
		c.jqProgram(p)
	}
	// mikefarah yq's system operator runs commands when enabled
	if c.name == "yq" && anyArg(c.args, "--security-enable-system-operator") {
		for _, p := range progs {
			if p.dyn || strings.Contains(p.s, "system") {
				c.opaque("yq's system operator runs commands")
			}
		}
		if progFromFile {
			c.opaque("yq's system operator runs commands of an expression file")
		}
	}
}

// jqProgram reads a jq or yq filter for the environment and the files it
// reaches.
func (c *cmd) jqProgram(p field) {
	s := p.s
	if strings.Contains(s, "$ENV") || jqEnv.Get().MatchString(s) || strings.Contains(s, "envsubst") {
		c.a.res.EnvDump = true
	}
	if c.name != "yq" && !strings.Contains(s, "load") && !strings.Contains(s, "env(") {
		return
	}
	for _, fn := range []string{"strenv(", "env("} {
		for rest := s; ; {
			i := strings.Index(rest, fn)
			if i < 0 {
				break
			}
			rest = rest[i+len(fn):]
			if j := strings.IndexByte(rest, ')'); j >= 0 {
				name := strings.Trim(strings.TrimSpace(rest[:j]), `"'`)
				if validName(name) {
					c.a.envRef(c.sc, name)
				} else {
					c.a.res.EnvDump = true // a name computed at run time
				}
			}
		}
	}
	for rest := s; ; {
		i := strings.Index(rest, "load")
		if i < 0 {
			break
		}
		rest = rest[i+len("load"):]
		j := strings.IndexByte(rest, '(')
		if j < 0 || j > len("_base64") || strings.ContainsAny(rest[:j], " \t\n|") {
			continue
		}
		arg := strings.TrimSpace(rest[j+1:])
		end := strings.IndexByte(arg, ')')
		if end < 0 {
			c.opaque("yq load of a file not known statically")
			continue
		}
		name := strings.TrimSpace(arg[:end])
		if len(name) >= 2 && (name[0] == '"' && name[len(name)-1] == '"' || name[0] == '\'' && name[len(name)-1] == '\'') &&
			!strings.ContainsAny(name[1:len(name)-1], `"\()`) {
			c.read(field{s: name[1 : len(name)-1], dyn: p.dyn}, c.name+" load()")
		} else {
			c.opaque(c.name + " loads a file not known statically: " + clip(name))
		}
	}
}
