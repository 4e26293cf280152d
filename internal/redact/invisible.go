package redact

import (
	"unicode"
	"unicode/utf8"
)

// Red-team round 26 (#c1): the characters a reader never sees. The
// escape view (decode.go) drops them, so a token split by one is seen
// whole and masked; the mask covers the original bytes, the invisible
// characters between the halves included.
//
// Contract: every character a terminal, an editor, a copy or a program
// may show as nothing or drop is invisible here, taken from Unicode's
// tables rather than listed by hand:
//
//   - category Cf (format): bidi marks, embeddings, overrides and
//     isolates, zero-width space, joiners, word joiner, invisible
//     operators, BOM, soft hyphen, tag characters, U+180E …;
//   - Other_Default_Ignorable_Code_Point: the combining grapheme joiner,
//     the Hangul fillers, the reserved ranges Unicode declares ignorable
//     (U+2065, U+E0000–E0FFF …);
//   - Variation_Selector (U+180B–180D, U+FE00–FE0F, U+E0100–E01EF);
//
// together a superset of Default_Ignorable_Code_Point; and the controls a
// terminal does not print: C0 but tab, newline, vertical tab, form feed
// and carriage return (which separate words), DEL, C1, and a whole ANSI
// control sequence (ESC [ … final byte), which a terminal acts on and
// never shows.

// invisibleTables are Unicode's tables of invisible characters.
var invisibleTables = []*unicode.RangeTable{
	unicode.Cf,
	unicode.Other_Default_Ignorable_Code_Point,
	unicode.Variation_Selector,
	{R16: []unicode.Range16{{Lo: 0x80, Hi: 0x9f, Stride: 1}}}, // C1 controls
}

// maxCSI bounds the length of an ANSI control sequence dropped whole.
const maxCSI = 32

// invisibleLead marks the bytes an invisible character can start with.
var invisibleLead = func() (t [256]bool) {
	for c := 0; c < 0x80; c++ {
		t[c] = invisibleControl(byte(c))
	}
	mark := func(lo, hi rune) {
		var a, b [utf8.UTFMax]byte
		utf8.EncodeRune(a[:], lo)
		utf8.EncodeRune(b[:], hi)
		for c := int(a[0]); c <= int(b[0]); c++ {
			t[c] = true
		}
	}
	for _, tab := range invisibleTables {
		for _, r := range tab.R16 {
			mark(rune(r.Lo), rune(r.Hi))
		}
		for _, r := range tab.R32 {
			mark(rune(r.Lo), rune(r.Hi))
		}
	}
	return
}()

// invisibleControl reports an ASCII control a terminal does not print.
func invisibleControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' || c == 0x7f
}

// invisibleLen is the length of the invisible character (or ANSI control
// sequence) at s[i:], 0 if none.
func invisibleLen(s string, i int) int {
	c := s[i]
	if c < 0x80 {
		if !invisibleControl(c) {
			return 0
		}
		if c == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			// CSI: parameter bytes 0x30–0x3F, intermediate bytes
			// 0x20–0x2F, one final byte 0x40–0x7E.
			j := i + 2
			for j < len(s) && j-i < maxCSI && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j < len(s) && j-i < maxCSI && s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1 - i
			}
		}
		return 1
	}
	if !invisibleLead[c] {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError || !unicode.In(r, invisibleTables...) {
		return 0
	}
	return n
}

// escapedInvisible is the length of an escape at s[i:] that spells an
// invisible character, 0 if none: %XX bytes of its UTF-8 encoding (a URL,
// which a server decodes), \uXXXX and \UXXXXXXXX (JSON, echo -e, printf,
// $'…', source code), &#xH…; and &#N…; (HTML). A program turns it into
// the character itself, and a reader of the log skips it as easily.
func escapedInvisible(s string, i int) int {
	isInv := func(r rune) bool {
		return r >= 0x80 && r <= unicode.MaxRune && unicode.In(r, invisibleTables...) || r < 0x80 && invisibleControl(byte(r))
	}
	switch s[i] {
	case '%':
		var b [utf8.UTFMax]byte
		n, j := 0, i
		for n < utf8.UTFMax && j+2 < len(s) && s[j] == '%' && unhex(s[j+1]) >= 0 && unhex(s[j+2]) >= 0 {
			b[n] = byte(unhex(s[j+1])<<4 | unhex(s[j+2]))
			n++
			j += 3
			if r, size := utf8.DecodeRune(b[:n]); r != utf8.RuneError && size == n {
				if isInv(r) {
					return j - i
				}
				return 0
			}
		}
	case '\\':
		if i+1 >= len(s) {
			return 0
		}
		width := 0
		switch s[i+1] {
		case 'u':
			width = 4
		case 'U':
			width = 8
		default:
			return 0
		}
		if r, k := hexDigits(s[i+2:], width); k == width && isInv(rune(r)) {
			return 2 + width
		}
	case '&':
		if i+2 >= len(s) || s[i+1] != '#' {
			return 0
		}
		j, r, k := i+2, 0, 0
		if s[j] == 'x' || s[j] == 'X' {
			r, k = hexDigits(s[j+1:], 6)
			j += 1 + k
		} else {
			for k < 7 && j+k < len(s) && isDigit(s[j+k]) {
				r = r*10 + int(s[j+k]-'0')
				k++
			}
			j += k
		}
		if k > 0 && j < len(s) && s[j] == ';' && isInv(rune(r)) {
			return j + 1 - i
		}
	}
	return 0
}
