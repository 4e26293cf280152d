package shell

import "strings"

// Justfile text (just, the command runner) read without running it: the
// shell code of its recipes (each body line runs in its own sh -c, a
// recipe whose body starts with a #! line is a script), the backticks
// its assignments and interpolations evaluate while loading, and the
// settings that change what runs or what it reads (set shell, set
// dotenv-load). An interpolation ({{…}}) is a value not known
// statically; a construct the scan cannot follow is opaque.

// justScan is what justfile text says runs or is read.
type justScan struct {
	code   []string // shell code: recipe lines, shell recipes' bodies, backticks
	opaque []string // why some code cannot be known
	reads  []string // files it reads (dotenv, imports)
	shell  bool     // set shell: the recipes do not run with sh
}

// justInterpolation stands for a {{…}} interpolation: a word the shell
// analysis treats as not known statically.
const justInterpolation = "${JUST_INTERPOLATION}"

// scanJustfile reads justfile text.
func scanJustfile(text string) *justScan {
	js := &justScan{}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	inRecipe := false
	var body []string // the current recipe's lines
	attrs := ""       // the attributes before the current recipe
	flush := func() {
		js.recipe(body, attrs)
		body, attrs = body[:0], ""
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = line[:len(line)-1] + " " + strings.TrimSpace(lines[i])
		}
		t := strings.TrimSpace(line)
		if inRecipe && (t == "" || line[0] == ' ' || line[0] == '\t') {
			if t != "" || len(body) > 0 {
				body = append(body, line)
			}
			continue
		}
		if inRecipe {
			flush()
			inRecipe = false
		}
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		word, rest, _ := strings.Cut(t, " ")
		switch {
		case strings.HasPrefix(t, "["):
			attrs += t
			continue
		case word == "set":
			js.setting(strings.TrimSpace(rest))
			continue
		case word == "import" || word == "import?" || word == "mod" || word == "mod?":
			for _, f := range strings.Fields(rest) {
				if q := strings.Trim(f, `'"`); q != f && q != "" {
					js.reads = append(js.reads, q)
				}
			}
			continue
		case word == "alias":
			continue
		}
		if eq := strings.Index(t, ":="); eq >= 0 && !strings.Contains(t[:eq], ":") {
			js.expression(t[eq+2:]) // NAME := VALUE, export NAME := VALUE
			continue
		}
		if colon := strings.IndexByte(t, ':'); colon > 0 {
			// a recipe: [@]NAME PARAMS… : DEPENDENCIES [&& …]
			js.expression(t[:colon]) // parameter defaults may hold backticks
			inRecipe = true
			continue
		}
		js.opaque = append(js.opaque, "justfile line not understood: "+clip(t))
	}
	if inRecipe {
		flush()
	}
	return js
}

// setting reads a set line.
func (js *justScan) setting(s string) {
	name, value, _ := strings.Cut(s, ":=")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	switch name {
	case "shell", "windows-shell", "script-interpreter", "windows-powershell", "unstable":
		js.opaque = append(js.opaque, "justfile sets how its recipes run: "+clip(s))
		js.shell = true
	case "dotenv-load", "dotenv-required":
		if value != "false" {
			js.reads = append(js.reads, ".env")
		}
	case "dotenv-filename", "dotenv-path":
		if v := strings.Trim(value, `'"`); v != "" {
			js.reads = append(js.reads, v)
		}
	}
}

// expression reads a just expression: backticks run while the justfile
// loads, shell() runs its command, an env-file function reads.
func (js *justScan) expression(s string) {
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			break
		}
		fence := "`"
		if strings.HasPrefix(s[i:], "```") {
			fence = "```"
		}
		j := strings.Index(s[i+len(fence):], fence)
		if j < 0 {
			js.opaque = append(js.opaque, "justfile backtick not closed")
			return
		}
		js.code = append(js.code, s[i+len(fence):i+len(fence)+j])
		s = s[i+len(fence)+j+len(fence):]
	}
	if strings.Contains(s, "shell(") {
		js.opaque = append(js.opaque, "justfile calls shell()")
	}
}

// recipe reads one recipe's body lines.
func (js *justScan) recipe(body []string, attrs string) {
	for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
		body = body[:len(body)-1]
	}
	if len(body) == 0 {
		return
	}
	if strings.Contains(attrs, "script") || strings.Contains(attrs, "working-directory") || strings.Contains(attrs, "extension") {
		js.opaque = append(js.opaque, "justfile recipe attribute changes how it runs: "+clip(attrs))
		return
	}
	first := strings.TrimSpace(body[0])
	if sh, ok := strings.CutPrefix(first, "#!"); ok {
		prog := shebang("#!" + sh)
		if !isShell(prog) || !posixShell(prog) {
			js.opaque = append(js.opaque, "justfile recipe in another language: "+clip(first))
			return
		}
		var lines []string
		for _, l := range body[1:] {
			lines = append(lines, js.interpolate(strings.TrimSpace(l)))
		}
		js.code = append(js.code, strings.Join(lines, "\n"))
		return
	}
	for _, l := range body {
		t := strings.TrimLeft(strings.TrimSpace(l), "@-")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		js.code = append(js.code, js.interpolate(t))
	}
}

// interpolate replaces a recipe line's {{…}} interpolations by a value
// not known statically, reading the expressions inside.
func (js *justScan) interpolate(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		if strings.HasPrefix(s[i:], "{{{{") { // an escaped {{
			b.WriteString("{{")
			s = s[i+4:]
			continue
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			js.opaque = append(js.opaque, "justfile interpolation not closed")
			b.WriteString(justInterpolation)
			break
		}
		js.expression(s[i+2 : i+2+j])
		b.WriteString(justInterpolation)
		s = s[i+2+j+2:]
	}
	return b.String()
}
