package redact

import (
	"strings"
	"unicode/utf8"
)

// The literals of the password-literal rule (pwshape.go): string
// literals in every language's quoting, and the values that are no
// password though given to a password name.

// pwValueIsName reports a value that names a password rather than being
// one: an identifier of two or more words one of which is a password
// word (SetPassword, root_password, CLOUDSDK_PROXY_PASSWORD, proxy_pass:
// a configuration key or a method's name), the word alone (a label or
// its translation: "Password", "Passwort"; masked, it would also mask
// every other "password" of the text as its recurrence), prose about one ("Private key
// password", "Password is required"), a placeholder ([new_password]) or a
// command-line flag ("-p").
func pwValueIsName(v string) bool {
	if isFlagValue(v) || len(v) > 2 && v[0] == '[' && v[len(v)-1] == ']' && isIdent(v[1:len(v)-1]) {
		return true // -p, [new_password]
	}
	spaced := strings.ContainsAny(v, " \t")
	sep, digits := false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '_' || c == '-' || c == '.':
			sep = true
		case isDigit(c):
			digits = true
		case !spaced && !isAlnum(c) && c < utf8.RuneSelf && !(c == ',' && i == len(v)-1):
			return false // symbols: a password's, not an identifier's
		}
	}
	if !spaced && digits {
		return false // Password123
	}
	ws := pwSplit(v)
	if len(ws) == 1 {
		_, ok := pwWords.Get()[ws[0]]
		return ok && len(v) >= 6 && ws[0] == strings.ToLower(v) // a label: "Password", "Passwort", "Contraseña"
	}
	for i := range ws {
		for n := 1; n <= 3 && i+n <= len(ws); n++ {
			if e, ok := pwWords.Get()[strings.Join(ws[i:i+n], "")]; ok && (!e.ambiguous || sep && !spaced) {
				return true
			}
		}
	}
	return false
}

// isFlagValue reports whether v is a command-line flag, as
// ^--?[A-Za-z][A-Za-z0-9-]*$ matches. (Plain code rather than a regexp
// compiled at start-up: every hook process paid for its compilation.)
func isFlagValue(v string) bool {
	if len(v) < 2 || v[0] != '-' {
		return false
	}
	i := 1
	if v[1] == '-' {
		i = 2
	}
	if i >= len(v) || !isUpper(v[i]) && !isLower(v[i]) {
		return false
	}
	for i++; i < len(v); i++ {
		if !isAlnum(v[i]) && v[i] != '-' {
			return false
		}
	}
	return true
}

// pwOnlyFormat reports a format string with nothing but directives and
// punctuation ("%s:%s", "{}:{}"): the password is formatted in later.
// A directive is what %[-+ #0-9.*]*[sdrvqxfgi] or \{[A-Za-z0-9_.]*\}
// matches, found left to right as a regexp would.
func pwOnlyFormat(v string) bool {
	found := false
	for i := 0; i < len(v); {
		if n := formatDirective(v[i:]); n > 0 {
			found = true
			i += n
			continue
		}
		if isAlnum(v[i]) {
			return false
		}
		i++
	}
	return found
}

// formatDirective returns the length of the format directive s starts
// with (see pwOnlyFormat), or 0.
func formatDirective(s string) int {
	if len(s) < 2 {
		return 0
	}
	switch s[0] {
	case '%':
		for i := 1; i < len(s); i++ {
			switch c := s[i]; {
			case strings.IndexByte("sdrvqxfgi", c) >= 0:
				return i + 1
			case strings.IndexByte("-+ #.*", c) >= 0 || isDigit(c):
			default:
				return 0
			}
		}
	case '{':
		for i := 1; i < len(s); i++ {
			switch c := s[i]; {
			case c == '}':
				return i + 1
			case isAlnum(c) || c == '_' || c == '.':
			default:
				return 0
			}
		}
	}
	return 0
}

// pwLiteral reads a string literal starting at p (before end, its
// content bounded by maxValueLen): its content's bounds and the position
// after it.
func pwLiteral(s string, p, end int) (vs, ve, next int, ok bool) {
	n := len(s)
	if p >= end {
		return 0, 0, 0, false
	}
	limit := min(n, p+maxValueLen)
	// Raw strings with delimiters: r#"…"#, #"…"#, R"d(…)d", %q(…), [[…]].
	if vs, ve, next, ok := pwRawLiteral(s, p, limit); ok {
		return vs, ve, next, true
	}
	i := p
	for k := 0; k < 2 && i < end && strings.IndexByte("rRbBuUfFlL@$", s[i]) >= 0; k++ {
		i++
	}
	if i < end && s[i] == '8' && i > p && s[i-1] == 'u' {
		i++ // u8"…"
	}
	if i > p && (i >= end || s[i] != '"' && s[i] != '\'' && s[i] != '`') {
		return 0, 0, 0, false // an identifier
	}
	if i >= end {
		return 0, 0, 0, false
	}
	if q := pwQuoteAt(s, i); q == 2 {
		vs = i + 2
		e := strings.Index(s[vs:limit], s[i:i+2])
		if e < 0 {
			return vs, lineEnd(s, vs, limit), limit, true
		}
		return vs, vs + e, vs + e + 2, true
	} else if q == 0 {
		return 0, 0, 0, false
	}
	c := s[i]
	if i+2 < n && s[i+1] == c && s[i+2] == c && c != '`' { // """…""", '''…'''
		vs = i + 3
		e := strings.Index(s[vs:limit], s[i:i+3])
		if e < 0 {
			return vs, limit, limit, true
		}
		return vs, vs + e, vs + e + 3, true
	}
	vs = i + 1
	ansi := c == '\'' && i > p && s[i-1] == '$' // bash's $'…' has escapes
	for j := vs; j < limit; j++ {
		switch s[j] {
		case '\\':
			if c != '\'' || ansi {
				j++
			}
		case c:
			return vs, j, j + 1, true
		case '\n':
			if c != '`' {
				return vs, j, j, true
			}
		}
	}
	return vs, limit, limit, true
}

// pwRawLiteral reads the raw string forms with delimiters.
func pwRawLiteral(s string, p, limit int) (vs, ve, next int, ok bool) {
	find := func(from int, closer string) (int, int, int, bool) {
		if e := strings.Index(s[from:limit], closer); e >= 0 {
			return from, from + e, from + e + len(closer), true
		}
		return from, lineEnd(s, from, limit), limit, true
	}
	i := p
	if i < limit && (s[i] == 'r' || s[i] == 'R') && i+1 < limit && s[i+1] == '#' {
		i++ // Rust r#"…"#
	}
	if i < limit && s[i] == '#' {
		h := i
		for i < limit && s[i] == '#' {
			i++
		}
		if i < limit && s[i] == '"' && i-h <= 8 {
			return find(i+1, `"`+s[h:i])
		}
		return 0, 0, 0, false
	}
	i = p
	for i < limit && i-p < 3 && strings.IndexByte("uUL8", s[i]) >= 0 {
		i++
	}
	if i+1 < limit && s[i] == 'R' && s[i+1] == '"' { // C++ R"d(…)d"
		d := i + 2
		o := strings.IndexByte(s[d:min(limit, d+17)], '(')
		if o >= 0 && !strings.ContainsAny(s[d:d+o], " \\)\"\n") {
			return find(d+o+1, ")"+s[d:d+o]+`"`)
		}
	}
	if s[p] == '%' && p+2 < limit { // Ruby %q(…), %Q{…}, %(…)
		i := p + 1
		if s[i] == 'q' || s[i] == 'Q' {
			i++
		}
		if cl := pwCloser(s[i]); cl != 0 {
			return find(i+1, string(cl))
		}
	}
	if s[p] == '[' && p+1 < limit { // Lua [[…]], [==[…]==]
		i := p + 1
		for i < limit && s[i] == '=' {
			i++
		}
		if i < limit && s[i] == '[' {
			return find(i+1, "]"+s[p+1:i]+"]")
		}
	}
	return 0, 0, 0, false
}

func pwCloser(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '{':
		return '}'
	case '[':
		return ']'
	case '<':
		return '>'
	case '|', '!', '/':
		return c
	}
	return 0
}
