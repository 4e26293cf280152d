// Package termsafe makes text from the evidence safe to show: records
// hold what agents sent (commands, paths, session ids), which is
// attacker-controlled, and a terminal acts on some characters instead of
// showing them. An ESC sequence moves the cursor and erases lines (hiding
// what a reviewer should see), OSC 52 sets the clipboard, a bidi override
// shows a command in another order than it runs, a carriage return
// overwrites what precedes it.
//
// # Contract
//
//   - Unsafe is every control character (C0 including CR, DEL, C1), every
//     format character (Unicode category Cf: bidi embeddings, overrides
//     and isolates, zero-width characters, tag characters), the line and
//     paragraph separators U+2028 and U+2029, and every byte that is not
//     part of valid UTF-8. Everything else is shown as it is.
//   - An unsafe character is written as a Go-style escape: \t, \n, \r,
//     \xNN for the other ASCII controls and for invalid bytes, \uNNNN or
//     \UNNNNNNNN for the others. The result holds only printable
//     characters (and, from Text and Writer, newlines and tabs). A
//     backslash is not escaped: the escapes are for reading, and the JSON
//     output is the exact record.
//   - JSON rewrites the unsafe characters that encoding/json leaves raw
//     (DEL, C1, format characters) as JSON \u escapes: the document
//     decodes to the same values, byte for byte.
package termsafe

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line returns s with every unsafe character escaped, tabs and newlines
// included: the result is one line.
func Line(s string) string { return escape(s, false) }

// Text returns s with every unsafe character escaped but newlines and
// tabs, for text shown as lines (a policy text).
func Text(s string) string { return escape(s, true) }

// Safe reports whether s holds no unsafe character (newlines and tabs
// count as unsafe).
func Safe(s string) bool { return clean(s, false) }

// unsafeRune reports whether r (a valid rune) must be escaped.
func unsafeRune(r rune) bool {
	if r < 0x80 {
		return r < 0x20 || r == 0x7f
	}
	return r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

// clean reports whether s needs no escaping.
func clean(s string, keepLines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if c < 0x80 {
			if keepLines && (c == '\n' || c == '\t') {
				continue
			}
			return false
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || unsafeRune(r) {
			return false
		}
		i += n - 1
	}
	return true
}

func escape(s string, keepLines bool) string {
	if clean(s, keepLines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case unsafeRune(r):
			writeEscape(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func writeEscape(b *strings.Builder, r rune) {
	switch {
	case r == '\t':
		b.WriteString(`\t`)
	case r == '\n':
		b.WriteString(`\n`)
	case r == '\r':
		b.WriteString(`\r`)
	case r < 0x80:
		fmt.Fprintf(b, `\x%02x`, r)
	case r <= 0xffff:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
}

// JSON returns the JSON text b (as encoding/json writes it: valid UTF-8,
// control characters below U+0020 already escaped) with every other unsafe
// character written as a JSON \u escape, surrogate pairs above U+FFFF.
// They can only occur inside strings, where the escape decodes to the same
// character.
func JSON(b []byte) []byte {
	if clean(string(b), true) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			out = fmt.Appendf(out, `\ufffd`) // not from encoding/json; never raw
		case r == '\n' || r == '\t' || !unsafeRune(r):
			out = append(out, b[i:i+n]...)
		case r <= 0xffff:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			r1, r2 := surrogates(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		}
		i += n
	}
	return out
}

func surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// Writer escapes every unsafe character but newlines and tabs written
// through it (Text), however the text is split between writes. Flush
// writes what an incomplete UTF-8 sequence at the end left pending.
type Writer struct {
	w       io.Writer
	pending []byte
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write escapes p and writes it; a UTF-8 sequence cut at the end of p is
// kept for the next write. It reports len(p) written unless w fails.
func (w *Writer) Write(p []byte) (int, error) {
	buf := p
	if len(w.pending) > 0 {
		buf = append(w.pending, p...)
		w.pending = nil
	}
	// Keep a trailing incomplete (but so far valid) UTF-8 sequence.
	cut := len(buf)
	for k := 1; k <= utf8.UTFMax-1 && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < 0x80 {
			break
		}
		if c >= 0xc0 { // a leading byte: is its sequence complete?
			if !utf8.FullRune(buf[len(buf)-k:]) {
				cut = len(buf) - k
			}
			break
		}
	}
	if cut < len(buf) {
		w.pending = append([]byte(nil), buf[cut:]...)
	}
	if _, err := io.WriteString(w.w, Text(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a pending incomplete sequence, escaped.
func (w *Writer) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	s := Text(string(w.pending))
	w.pending = nil
	_, err := io.WriteString(w.w, s)
	return err
}
