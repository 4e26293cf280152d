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
// and carriage return (which separate words), DEL, C1, and a whole
// terminal escape sequence (termseq.go), which a terminal acts on and
// never shows.

// invisibleTables are Unicode's tables of invisible characters.
var invisibleTables = []*unicode.RangeTable{
	unicode.Cf,
	unicode.Other_Default_Ignorable_Code_Point,
	unicode.Variation_Selector,
	{R16: []unicode.Range16{{Lo: 0x80, Hi: 0x9f, Stride: 1}}}, // C1 controls
}

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
		if c == 0x1b {
			return termSeqLen(s, i) // termseq.go
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

// isInvisibleRune reports a character a reader does not see: an
// invisible one of the tables, or an ASCII control a terminal does not
// print.
func isInvisibleRune(r rune) bool {
	if r < 0 {
		return false
	}
	if r < 0x80 {
		return invisibleControl(byte(r))
	}
	return r <= unicode.MaxRune && unicode.In(r, invisibleTables...)
}
