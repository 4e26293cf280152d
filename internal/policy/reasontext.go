package policy

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text of reasons: what a decision says about its subject, on one
// line and bounded.

// lowerFirst lowers the first letter of s, unless it starts an acronym.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	// Keep acronyms ("API keys ...") as written.
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// oneLine makes s safe for a one-line reason: control characters escaped,
// length bounded.
func oneLine(s string, max int) string {
	if len(s) <= max && plainLine(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= max {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainLine reports whether s is valid UTF-8 without control characters:
// oneLine returns it unchanged.
func plainLine(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return false
		} else if c >= 0x80 {
			return utf8.ValidString(s[i:])
		}
	}
	return true
}

// quoteArgv is argv as single-quoted shell words.
func quoteArgv(argv []string) string {
	var b strings.Builder
	for i, s := range argv {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(s, "'", `'\''`))
		b.WriteByte('\'')
	}
	return b.String()
}
