package redact

import "strings"

// Red-team round 9 (#11): bash's ANSI-C quoting $'…' and locale quoting
// $"…". To the direct scan, DB_PASSWORD=$'…' looked like the value "$"
// followed by a string literal, so only the dollar sign was masked and a
// credential-named value (API_KEY, GITHUB_TOKEN, --token) was stored; an
// escape inside ($'s3cr\x33t') also gave the secret another marker than
// the same secret in clear.
//
// A value written $'…' or $"…" is now read as the quoted string it is,
// and the marker hashes what bash makes of it: $'…' with its escapes
// decoded (\xHH, \uHHHH, \UHHHHHHHH, \nnn, \cX, \n, \', …), $"…" as a
// double-quoted string (the translation catalogue is not known; bash
// uses the string itself when there is none). The mask covers the
// string's content in the input, so the quotes stay and the marker is the
// one the secret gets in clear (the shell view, shlex.go, decodes $'…'
// the same way for every other rule).

// dollarQuote reads the $'…' or $"…" string at p (s[p] == '$'), its
// content bounded by limit: the content's bounds, the offset after the
// closing quote, and whether it is ANSI-C quoting. The string may span
// lines, as in bash; unterminated, it ends at limit, so that a truncated
// secret is still masked.
func dollarQuote(s string, p, limit int) (vs, ve, next int, ansi, ok bool) {
	if p+1 >= len(s) || s[p] != '$' || s[p+1] != '\'' && s[p+1] != '"' {
		return 0, 0, 0, false, false
	}
	q := s[p+1]
	vs = p + 2
	limit = min(limit, len(s))
	for i := vs; i < limit; i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return vs, i, i + 1, q == '\'', true
		}
	}
	return vs, max(vs, limit), max(vs, limit), q == '\'', true
}

// bashUnquote is the text bash makes of the content of a $'…' string
// (ansi) or of a "…" string.
func bashUnquote(v string, ansi bool) string {
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); {
		if v[i] != '\\' || i+1 >= len(v) {
			b.WriteByte(v[i])
			i++
			continue
		}
		if ansi {
			e, n := ansiEscape(v[i:])
			b.Write(e)
			i += n
			continue
		}
		switch v[i+1] {
		case '$', '`', '"', '\\':
			b.WriteByte(v[i+1])
		case '\n': // a line continuation
		default:
			b.WriteString(v[i : i+2])
		}
		i += 2
	}
	return b.String()
}

// dollarQuotedSecret is what bash makes of the value at sp when sp is the
// whole content of a $'…' or $"…" string; false otherwise.
func dollarQuotedSecret(s string, sp span) (string, bool) {
	if sp.start < 2 || s[sp.start-2] != '$' {
		return "", false
	}
	vs, ve, _, ansi, ok := dollarQuote(s, sp.start-2, len(s))
	if !ok || vs != sp.start || ve != sp.end {
		return "", false
	}
	return bashUnquote(s[vs:ve], ansi), true
}

// ansiEscape decodes the escape of a $'…' string at the start of s: those
// of cEscape, and \cX, the control character X (\c? is DEL).
func ansiEscape(s string) ([]byte, int) {
	if len(s) >= 3 && s[0] == '\\' && s[1] == 'c' {
		if s[2] == '?' {
			return []byte{0x7f}, 3
		}
		return []byte{s[2] & 0x1f}, 3
	}
	return cEscape(s)
}
