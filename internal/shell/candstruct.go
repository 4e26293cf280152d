package shell

import (
	"strings"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Command lines inside structured arguments. A program Mandate does not
// model may take its commands as data: a JSON or YAML value
// ({"cmd":"rm x"}, {"cmd":["rm","x"]}, an exec-form array
// ["sh","-c","…"]), a YAML step list (- run: rm x), a key: command line,
// a TOML key = "command", or an argv joined by commas (--exec=sh,-c,CODE).
// structScan reads those shapes without a full parser: every string value
// (quoted or plain, a block scalar's lines, a line of text) is a command
// line to try, and every list of strings is an argv, tried as the command
// it spells. What it finds goes through candidateCommand like any other
// command-shaped argument: text whose first word is no program the
// analysis knows is dropped, so data that merely has this shape costs
// nothing. The scan is bounded (maxStructTexts texts, 16 times as many
// values, maxStructDepth levels of nesting) and linear in the text.

// Bounds of a structured scan.
const (
	maxStructTexts = 64
	maxStructDepth = 16
	// maxStructNest bounds how often a string found is scanned again as
	// structured text ({"config":"{\"cmd\":\"rm x\"}"}).
	maxStructNest = 2
	// maxArgvWords bounds the words of a list read as an argv (an
	// exec-form array, a command's argv): a longer list is data.
	maxArgvWords = 64
)

// structScan collects the command lines and argvs of structured text.
type structScan struct {
	list  []string // the last list of scalars read
	texts []string
	seen  map[string]bool
	nodes int
	max   int // texts kept
}

// structuredTexts returns the command lines structured text may hold
// (see the comment at the top of this file); nil when it has none of
// these shapes.
func structuredTexts(text string) []string { return structuredTextsN(text, maxStructTexts) }

// structuredTextsN is structuredTexts keeping up to max texts.
func structuredTextsN(text string, max int) []string {
	if !mayBeStructured(text) {
		return nil
	}
	st := &structScan{max: max}
	if t := strings.TrimSpace(text); t != "" && (t[0] == '[' || t[0] == '{') {
		st.flow(t, 0, 0, false)
	}
	if strings.ContainsAny(text, ":=\n") || strings.HasPrefix(strings.TrimSpace(text), "- ") {
		st.lines(text)
	}
	if head, _, ok := strings.Cut(text, ","); ok && !strings.ContainsAny(head, " \t\n\"'[{") {
		st.commaArgv(text)
	}
	if strings.Contains(text, "</") {
		st.markup(text)
	}
	return st.texts
}

// mayBeStructured is the cheap test for the shapes structScan reads.
func mayBeStructured(text string) bool {
	return len(text) > 2 && strings.ContainsAny(text, "[{:=,\n-<")
}

// markup reads XML-like text (<cmd>rm x</cmd>, <arg>…</arg>): the text
// between its tags.
func (st *structScan) markup(text string) {
	var args []string
	for len(text) > 0 && !st.full() {
		st.nodes++
		i := strings.IndexByte(text, '<')
		if i < 0 {
			break
		}
		if t := strings.TrimSpace(text[:i]); t != "" {
			t = unescapeMarkup(t)
			st.add(t)
			args = append(args, t)
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			break
		}
		text = text[i+j+1:]
	}
	if len(args) <= maxArgvWords {
		st.argv(args)
	}
}

// unescapeMarkup decodes XML's predefined entities.
func unescapeMarkup(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&").Replace(s)
}

func (st *structScan) full() bool {
	return len(st.texts) >= st.max || st.nodes >= st.max*16
}

// add records one text found (a command line to try).
func (st *structScan) add(s string) {
	s = strings.TrimSpace(s)
	if s == "" || st.full() {
		return
	}
	if st.seen[s] {
		return
	}
	if st.seen == nil {
		st.seen = map[string]bool{}
	}
	st.seen[s] = true
	st.texts = append(st.texts, s)
}

// argv records a list of strings as the command it spells, each word
// quoted for the shell.
func (st *structScan) argv(words []string) {
	if len(words) < 2 || len(words) > maxArgvWords {
		return // one word is the text itself; a long list is data
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(shellQuote(w))
	}
	st.add(b.String())
}

// shellQuote quotes w as one shell word (unquoted when it needs none).
func shellQuote(w string) string {
	if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=+,@%:") == "" {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}

// commaArgv reads PROG,ARG,… (an argv joined by commas, as an option
// value) when PROG is a program the analysis knows.
func (st *structScan) commaArgv(text string) {
	words := strings.Split(text, ",")
	if len(words) < 2 || !programWord(words[0]) || !candidateHead(prefixedBase(variantBase(progName(field{s: words[0]})))) {
		return
	}
	st.argv(words)
}

// flow reads one flow value (JSON, YAML flow style, a TOML array or
// inline table) at s[i:]: its scalars are texts, its lists of scalars
// argvs. key marks a flow mapping's key position (a plain key ends at
// ":" or "="). It returns the end of the value, the scalar when the value
// is one, and whether it is.
func (st *structScan) flow(s string, i, depth int, key bool) (end int, scalar string, isScalar bool) {
	st.nodes++
	i = skipBlank(s, i)
	if i >= len(s) || depth > maxStructDepth || st.nodes > st.max*16 {
		return len(s), "", false
	}
	switch s[i] {
	case '"', '\'':
		v, j := quotedScalar(s, i)
		return j, v, true
	case '[':
		var items []string
		all := true
		j := i + 1
		for {
			j = skipBlank(s, j)
			if j >= len(s) {
				return len(s), "", false
			}
			if s[j] == ']' {
				j++
				break
			}
			if s[j] == ',' {
				j++
				continue
			}
			e, v, ok := st.flow(s, j, depth+1, false)
			if e <= j {
				e = j + 1 // no progress: skip the byte
			}
			j = e
			if ok {
				items = append(items, v)
				st.add(v)
			} else {
				all = false
			}
		}
		if all {
			st.argv(items)
			st.list = items
		}
		return j, "", false
	case '{':
		j := i + 1
		for {
			j = skipBlank(s, j)
			if j >= len(s) {
				return len(s), "", false
			}
			if s[j] == '}' {
				return j + 1, "", false
			}
			if s[j] == ',' {
				j++
				continue
			}
			e, _, _ := st.flow(s, j, depth+1, true) // the key
			if e <= j {
				e = j + 1
			}
			j = skipBlank(s, e)
			if j < len(s) && (s[j] == ':' || s[j] == '=') {
				j++
			}
			e, v, ok := st.flow(s, j, depth+1, false)
			if e <= j {
				e = j + 1
			}
			j = e
			if ok {
				st.add(v)
			}
		}
	}
	// a plain scalar: up to the flow indicator that ends it
	j := i
	for j < len(s) && !strings.ContainsRune(",]}", rune(s[j])) && !(key && (s[j] == ':' || s[j] == '=')) && s[j] != '\n' {
		j++
	}
	return j, strings.TrimSpace(s[i:j]), true
}

func skipBlank(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// quotedScalar decodes the quoted string at s[i] (JSON and TOML "…" with
// backslash escapes, YAML and TOML '…' with a doubled quote for one) and returns
// it and the index after its closing quote.
func quotedScalar(s string, i int) (string, int) {
	q := s[i]
	var b strings.Builder
	j := i + 1
	for j < len(s) {
		ch := s[j]
		switch {
		case ch == q && q == '\'' && j+1 < len(s) && s[j+1] == '\'':
			b.WriteByte('\'')
			j += 2
			continue
		case ch == q:
			return b.String(), j + 1
		case ch == '\\' && q == '"' && j+1 < len(s):
			j++
			switch e := s[j]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b', 'f':
			case 'u':
				if j+4 < len(s) {
					if r, ok := hex4(s[j+1 : j+5]); ok {
						b.WriteRune(r)
						j += 4
						break
					}
				}
				b.WriteByte(e)
			default:
				b.WriteByte(e) // \" \\ \/
			}
			j++
			continue
		}
		b.WriteByte(ch)
		j++
	}
	return b.String(), len(s)
}

func hex4(s string) (rune, bool) {
	var r rune
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	if !utf8.ValidRune(r) {
		return utf8.RuneError, true
	}
	return r, true
}

// lines reads block-style text line by line (YAML, TOML, a task file):
// a list item's text (- rm x), a key's value (run: rm x, run = "rm x",
// a flow value, a block scalar's lines), and every other line, are texts.
func (st *structScan) lines(text string) {
	ls := strings.Split(text, "\n")
	prog := "" // the last program a key named
	for i := 0; i < len(ls) && !st.full(); i++ {
		st.nodes++
		line := strings.TrimRight(ls[i], "\r")
		t := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		for t == "-" || strings.HasPrefix(t, "- ") {
			t = strings.TrimSpace(t[1:])
			indent += 2
		}
		if t == "" || t[0] == '#' {
			continue
		}
		if t[0] == '[' || t[0] == '{' {
			if indent == 0 {
				prog = "" // a TOML table
			}
			st.flow(t, 0, 0, false)
			continue
		}
		k, v, ok := blockKey(t)
		if !ok {
			st.add(t)
			if _, av, isAssign := strings.Cut(t, "="); isAssign && isAssignWord(t) {
				st.add(av) // KEY=command line (INI, an env file, --set k=v)
			}
			continue
		}
		k = strings.Trim(k, `"'`)
		if progKeys.Get()[k] && v != "" {
			_, pv, isScalar := st.flow(v, 0, 0, false)
			if isScalar && !strings.ContainsAny(pv, " \t") {
				prog = pv
			}
		}
		if argsKeys.Get()[k] && prog != "" {
			// a program's arguments given apart: command = "sh",
			// options = ["-c", CODE] (treefmt, pre-commit, …)
			items := st.blockList(ls, i, indent)
			if v != "" {
				st.list = nil
				st.flow(v, 0, 0, false)
				items = st.list
			}
			if len(items) > 0 {
				st.argv(append([]string{prog}, items...))
			}
		}
		switch {
		case v == "":
		case v[0] == '|' || v[0] == '>':
			// a block scalar: the following lines indented deeper
			var body []string
			for i+1 < len(ls) {
				next := strings.TrimRight(ls[i+1], "\r")
				nt := strings.TrimSpace(next)
				if nt != "" && len(next)-len(strings.TrimLeft(next, " \t")) <= indent {
					break
				}
				body = append(body, nt)
				i++
			}
			sep := "\n"
			if v[0] == '>' {
				sep = " "
			}
			st.add(strings.Join(body, sep))
			for _, b := range body {
				st.add(b)
			}
		case strings.HasPrefix(v, `"""`) || strings.HasPrefix(v, "'''"):
			// a TOML multi-line string
			q := v[:3]
			rest := v[3:]
			var body []string
			for {
				if j := strings.Index(rest, q); j >= 0 {
					body = append(body, rest[:j])
					break
				}
				body = append(body, rest)
				if i+1 >= len(ls) {
					break
				}
				i++
				rest = strings.TrimRight(ls[i], "\r")
			}
			st.add(strings.Join(body, "\n"))
			for _, b := range body {
				st.add(b)
			}
		case v[0] == '"' || v[0] == '\'' || v[0] == '[' || v[0] == '{':
			if _, sv, ok := st.flow(v, 0, 0, false); ok {
				st.add(sv)
			}
		default:
			if j := strings.Index(v, " #"); j >= 0 {
				v = v[:j]
			}
			st.add(v)
		}
	}
}

// progKeys name a program in a task or tool configuration; argsKeys its
// arguments, given apart.
var (
	progKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"command": true, "cmd": true, "entry": true, "exec": true, "executable": true, "program": true, "bin": true, "binary": true, "shell": true, "interpreter": true}
	}}
	argsKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"options": true, "args": true, "arguments": true, "argv": true, "flags": true, "params": true}
	}}
)

// blockList returns the items of the block list (- ITEM lines) below
// line i of ls, indented deeper than indent.
func (st *structScan) blockList(ls []string, i, indent int) []string {
	var items []string
	for j := i + 1; j < len(ls) && len(items) < maxArgvWords; j++ {
		line := strings.TrimRight(ls[j], "\r")
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		if len(line)-len(strings.TrimLeft(line, " \t")) < indent || !strings.HasPrefix(t, "- ") && t != "-" {
			break
		}
		item := strings.TrimSpace(t[1:])
		if item != "" && (item[0] == '"' || item[0] == '\'') {
			item, _ = quotedScalar(item, 0)
		}
		items = append(items, item)
	}
	return items
}

// blockKey splits a YAML "key: value" or TOML "key = value" line; the key
// is a bare, dotted or quoted name.
func blockKey(t string) (key, value string, ok bool) {
	j := 0
	if t[0] == '"' || t[0] == '\'' {
		if e := strings.IndexByte(t[1:], t[0]); e >= 0 {
			j = e + 2
		}
	} else {
		for j < len(t) && (isOptByte(t[j]) || strings.IndexByte("_.-/", t[j]) >= 0) {
			j++
		}
	}
	if j == 0 {
		return "", "", false
	}
	key = t[:j]
	rest := strings.TrimLeft(t[j:], " \t")
	switch {
	case strings.HasPrefix(rest, ":") && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\t'):
		return key, strings.TrimSpace(rest[1:]), true
	case strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "=="):
		if j < len(t) && t[j] == '=' && !strings.HasPrefix(rest, "= ") && (len(rest) < 2 || rest[1] != '"' && rest[1] != '\'' && rest[1] != '[') {
			return "", "", false // NAME=value: an assignment word, a command line's
		}
		return key, strings.TrimSpace(rest[1:]), true
	}
	return "", "", false
}
