package shell

import (
	"path"
	"strconv"
	"strings"
)

// The scanners of Dhall and Pkl (importtools.go runs the programs,
// gomplatescan.go and asciidocscan.go scan the other two languages).
// Each tokenises its code as the language does: comments are skipped
// wherever the language ends them, strings are read with their escapes
// and interpolations (red-team round 15, #8 and #9); a literal name is
// reported as the read, variable or host it is, a computed one makes
// the code opaque.

// dhallLabelByte reports whether b continues a Dhall label (ALPHANUM, -,
// _): an import starts only where none precedes it.
func dhallLabelByte(b byte) bool { return identByte(b) || b == '-' }

// dhallPathByte reports whether b is a path character of Dhall's grammar
// (an unquoted path component).
func dhallPathByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' ||
		strings.IndexByte("!$%&'*+-.:;=@^_`|~", b) >= 0
}

// scanDhall scans Dhall code for its imports: local paths (./, ../, ~/,
// /), env:NAME and URLs. Block comments (nested) and line comments are
// white space, so an import may follow one directly; strings are read
// with their escapes and ${…} interpolations, which are code. A string's
// text is also searched for imports (a hedge that only adds reads).
func scanDhall(t string) *dslScan {
	s := &dslScan{}
	var stack []byte // what each open { returns to: 'c' code, 'd' "…", 's' ''…''
	mode := byte('c')
	boundary := true
	for i := 0; i < len(t) && !s.full(); {
		rest := t[i:]
		if mode != 'c' {
			switch {
			case mode == 'd' && rest[0] == '\\':
				i += 2
			case mode == 'd' && rest[0] == '"', mode == 's' && strings.HasPrefix(rest, "''") &&
				!strings.HasPrefix(rest, "'''") && !strings.HasPrefix(rest, "''${"):
				if i++; mode == 's' {
					i++ // ''
				}
				mode, boundary = 'c', true
			case mode == 's' && strings.HasPrefix(rest, "'''"):
				i += 3
			case mode == 's' && strings.HasPrefix(rest, "''${"):
				i += 4
			case strings.HasPrefix(rest, "${"):
				stack = append(stack, mode)
				mode, boundary = 'c', true
				i += 2
			default:
				if n := dhallImport(s, t, i, boundary, true); n > 0 {
					i += n
					continue
				}
				boundary = !dhallLabelByte(rest[0])
				i++
			}
			continue
		}
		switch {
		case strings.HasPrefix(rest, "{-"):
			depth, j := 1, i+2
			for ; j < len(t) && depth > 0; j++ {
				if strings.HasPrefix(t[j:], "{-") {
					depth, j = depth+1, j+1
				} else if strings.HasPrefix(t[j:], "-}") {
					depth, j = depth-1, j+1
				}
			}
			i, boundary = j, true
		case strings.HasPrefix(rest, "--") && boundary:
			for i < len(t) && t[i] != '\n' {
				i++
			}
		case rest[0] == '"':
			mode, i = 'd', i+1
		case strings.HasPrefix(rest, "''"):
			mode, i = 's', i+2
		case rest[0] == '`':
			e := strings.IndexByte(rest[1:], '`')
			if e < 0 {
				return s
			}
			i, boundary = i+e+2, false
		case rest[0] == '{':
			stack = append(stack, 'c')
			i, boundary = i+1, true
		case rest[0] == '}':
			if n := len(stack); n > 0 {
				mode, stack = stack[n-1], stack[:n-1]
			}
			i, boundary = i+1, true
		default:
			if n := dhallImport(s, t, i, boundary, false); n > 0 {
				i += n
				boundary = false
				continue
			}
			boundary = !dhallLabelByte(rest[0])
			i++
		}
	}
	return s
}

// dhallImport judges the import that starts t[i:], if one does, and
// returns its length (0: none). In a string's text (str) only literal
// names are reported.
func dhallImport(s *dslScan, t string, i int, boundary, str bool) int {
	if !boundary {
		return 0
	}
	rest := t[i:]
	switch {
	case strings.HasPrefix(rest, "env:"):
		r := rest[4:]
		if strings.HasPrefix(r, `"`) {
			e := strings.IndexByte(r[1:], '"')
			if e < 0 {
				return 0
			}
			name := r[1 : 1+e]
			if strings.Contains(name, `\`) {
				if !str {
					s.unknown("Dhall env: import of an escaped name")
				}
			} else {
				s.env = append(s.env, name)
			}
			return 4 + e + 2
		}
		n := 0
		for n < len(r) && identByte(r[n]) {
			n++
		}
		if n > 0 {
			s.env = append(s.env, r[:n])
		}
		return 4 + n
	case strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "http://"):
		u := dhallToken(rest)
		s.hosts = append(s.hosts, u)
		return len(u)
	case strings.HasPrefix(rest, "./") || strings.HasPrefix(rest, "../") || strings.HasPrefix(rest, "~/") ||
		rest[0] == '/' && len(rest) > 1 && (dhallPathByte(rest[1]) || rest[1] == '"'):
		p, n := dhallPath(rest)
		s.read(p)
		if rest[0] == '/' {
			// a / may end an operator (x//~/f, x//./f): the import after it
			dhallImport(s, t, i+1, true, str)
		}
		return n
	}
	return 0
}

// dhallPath reads a local import: its components, quoted ones unquoted,
// and its length in t.
func dhallPath(t string) (string, int) {
	var b strings.Builder
	i := 0
	for i < len(t) {
		switch c := t[i]; {
		case c == '"':
			e := strings.IndexByte(t[i+1:], '"')
			if e < 0 {
				return b.String(), len(t)
			}
			b.WriteString(t[i+1 : i+1+e])
			i += e + 2
		case c == '/' || dhallPathByte(c):
			b.WriteByte(c)
			i++
		default:
			return b.String(), i
		}
	}
	return b.String(), i
}

// dhallToken is the URL import that starts s: up to a blank or a closing
// bracket or comma.
func dhallToken(s string) string {
	for i := 0; i < len(s); i++ {
		if strings.ContainsRune(" \t\r\n)]},", rune(s[i])) {
			return s[:i]
		}
	}
	return s
}

// pklTok is one token of Pkl code: 'i' an identifier or keyword (read?,
// read*, import* joined), 's' a string literal (its value), 'x' a string
// that is not one (interpolated, multi-line, an escape not decoded), 'p'
// anything else.
type pklTok struct {
	kind byte
	text string
}

// pklImporters are Pkl's constructs that name a module or a resource by
// a string: true for read, whose argument is in parentheses.
var pklImporters = map[string]bool{"read": true, "read?": true, "read*": true,
	"import": false, "import*": false, "amends": false, "extends": false}

// scanPkl scans Pkl code for read() resources and module imports.
func scanPkl(t string) *dslScan {
	s := &dslScan{}
	toks, _ := pklLex(s, t, 0, false)
	for k, tk := range toks {
		paren, ok := pklImporters[tk.text]
		if tk.kind != 'i' || !ok || k > 0 && toks[k-1].text == "." {
			continue
		}
		a := k + 1
		if paren {
			if a >= len(toks) || toks[a].text != "(" {
				continue // not a call (a property named read)
			}
			a++
		}
		switch {
		case a < len(toks) && toks[a].kind == 's' && (!paren || a+1 < len(toks) && toks[a+1].text == ")"):
			pklResource(s, toks[a].text)
		default:
			s.unknown("Pkl " + tk.text + " of a name not known statically")
		}
		if s.full() {
			break
		}
	}
	return s
}

// pklLex tokenises Pkl code from i: to the end, or (interp) to the ) that
// closes a string interpolation; it returns the tokens and the index
// after the last one.
func pklLex(s *dslScan, t string, i int, interp bool) ([]pklTok, int) {
	var out []pklTok
	depth := 0
	for i < len(t) {
		if len(out) >= 8*maxDSLItems {
			s.unknown("Pkl code longer than one scan reads")
			return out, len(t)
		}
		c := t[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';':
			i++
		case strings.HasPrefix(t[i:], "//"):
			for i < len(t) && t[i] != '\n' {
				i++
			}
		case strings.HasPrefix(t[i:], "/*"):
			e := strings.Index(t[i+2:], "*/")
			if e < 0 {
				return out, len(t)
			}
			if strings.Contains(t[i+2:i+2+e], "/*") {
				s.unknown("Pkl nested block comment")
			}
			i += e + 4
		case c == '"' || c == '#':
			tk, inner, end := pklString(s, t, i)
			out = append(out, tk)
			out = append(out, inner...)
			i = end
		case c == '`':
			e := strings.IndexByte(t[i+1:], '`')
			if e < 0 {
				return out, len(t)
			}
			out = append(out, pklTok{'p', t[i : i+e+2]}) // a quoted identifier
			i += e + 2
		case identByte(c) || c == '$':
			j := i + 1
			for j < len(t) && (identByte(t[j]) || t[j] == '$') {
				j++
			}
			if w := t[i:j]; (w == "read" || w == "import") && j < len(t) && (t[j] == '*' || t[j] == '?' && w == "read") {
				j++
			}
			out = append(out, pklTok{'i', t[i:j]})
			i = j
		default:
			if interp && c == '(' {
				depth++
			}
			if interp && c == ')' {
				if depth == 0 {
					return out, i + 1
				}
				depth--
			}
			out = append(out, pklTok{'p', t[i : i+1]})
			i++
		}
	}
	return out, len(t)
}

// pklString reads the string literal at t[i:] (#"…"#, "…", """…"""): its
// token, the tokens of its interpolations, and the index after it.
func pklString(s *dslScan, t string, i int) (pklTok, []pklTok, int) {
	j := i
	for j < len(t) && t[j] == '#' {
		j++
	}
	pounds := t[i:j]
	if j >= len(t) || t[j] != '"' {
		return pklTok{'p', pounds}, nil, j // not a string
	}
	closing, multi := `"`+pounds, strings.HasPrefix(t[j:], `"""`)
	if multi {
		closing, j = `"""`+pounds, j+3
	} else {
		j++
	}
	esc := `\` + pounds
	var b strings.Builder
	var inner []pklTok
	literal := !multi
	for j < len(t) {
		switch {
		case strings.HasPrefix(t[j:], closing):
			kind := byte('s')
			if !literal {
				kind = 'x'
			}
			return pklTok{kind, b.String()}, inner, j + len(closing)
		case !multi && t[j] == '\n':
			return pklTok{'x', b.String()}, inner, j
		case strings.HasPrefix(t[j:], esc) && j+len(esc) < len(t):
			k := j + len(esc)
			switch e := t[k]; e {
			case '(':
				toks, end := pklLex(s, t, k+1, true)
				inner = append(inner, toks...)
				literal, j = false, end
				continue
			case 'n', 't', 'r', '"', '\\':
				b.WriteByte(map[byte]byte{'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\'}[e])
				j = k + 1
			case 'u':
				end := strings.IndexByte(t[k:], '}')
				r, err := strconv.ParseUint(strings.TrimPrefix(t[k+1:k+max(end, 1)], "{"), 16, 32)
				if end < 0 || err != nil {
					literal, j = false, k+1
					continue
				}
				b.WriteRune(rune(r))
				j = k + end + 1
			default:
				literal, j = false, k+1
			}
		default:
			b.WriteByte(t[j])
			j++
		}
	}
	return pklTok{'x', b.String()}, inner, len(t)
}

// pklResource judges one Pkl module or resource URI. Pkl decodes the
// percent-escapes of a URI's scheme-specific part before it looks up a
// variable or opens a file, and resolves a relative URI (decoded as
// well) against the module's.
func pklResource(s *dslScan, u string) {
	scheme, rest, ok := strings.Cut(u, ":")
	if !ok || len(scheme) == 1 || strings.ContainsAny(scheme, "/.%") {
		s.read(u)
		if d := percentDecode(u); d != u {
			s.read(d)
		}
		return
	}
	switch strings.ToLower(scheme) {
	case "env":
		for _, n := range []string{rest, percentDecode(rest)} {
			if strings.ContainsAny(n, "*?[") {
				s.dump = true
			} else {
				s.env = append(s.env, n)
			}
		}
	case "prop", "pkl", "modulepath", "repl":
	case "file":
		s.read(strings.TrimPrefix(rest, "//"))
		s.read(pklFilePath(u))
	case "http", "https", "package", "projectpackage":
		s.hosts = append(s.hosts, strings.Replace(u, "package://", "https://", 1))
	default:
		s.unknown("Pkl resource " + clip(u))
	}
}

// pklFilePath is the file a file: URI opens: its path (file:///P,
// file://localhost/P, file:/P) without query or fragment, decoded.
func pklFilePath(u string) string {
	p := u[len("file:"):]
	if strings.HasPrefix(p, "//") {
		p = p[2:]
		if h, q, ok := strings.Cut(p, "/"); ok && h != "" {
			p = "/" + q // an authority: the host is ignored (or refused)
		} else if !ok {
			p = ""
		}
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return percentDecode(p)
}

// jailed is what an AsciiDoc scan reads in asciidoctor's safe modes:
// include:: is confined to the base directory (absolute and .. names
// are resolved inside it), which is the project's.
func jailed(s *dslScan) *dslScan {
	var in []string
	for _, r := range s.reads {
		if !path.IsAbs(r) && !strings.HasPrefix(path.Clean(r), "..") {
			in = append(in, r)
		}
	}
	s.reads, s.code, s.opaque = in, nil, nil // --safe: no sys:: or eval::
	return s
}
