package redact

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Red-team round 28 (#201, #202, #206): the escape syntaxes of the
// languages and formats a secret is written in, as one table, so that the
// escape view (decode.go) reads a character the way the program that
// takes the text does, whatever syntax spells it.
//
// Contract: escapeAt decodes every escape below to the code point it
// stands for (or to nothing: a line continuation). A run of byte escapes
// (%XX, \xHH, \NNN, \0NNN, mixed) that together spell one UTF-8 character
// decodes to that character, so an invisible character spelled as its
// bytes is recognized as such (invisible.go). An escape this table does
// not know stays as it is in the view; the direct scan still sees the
// text around it.
//
// Where two languages read the same spelling differently (\0101 is "A"
// to echo -e, "\010" "1" to C), the reading that yields a printable
// character wins: a secret is made of printable characters.

// escKind is how an escape's digits (or name) are read.
type escKind uint8

const (
	escHex      escKind = iota // hex digits
	escOct                     // octal digits
	escDec                     // decimal digits
	escName                    // a Unicode character name (\N{LATIN SMALL LETTER A})
	escEntity                  // an HTML named character reference (&lowbar;)
	escContinue                // a backslash-newline (and the next line's indentation)
)

// escSyntax is one escape syntax: the text it starts with, how its digits
// are read and how many there are, what closes it, and whether it spells
// a byte (of a UTF-8 sequence) rather than a code point.
type escSyntax struct {
	lead     string
	kind     escKind
	min, max int
	// close ends the escape; optClose: it may be missing (an HTML numeric
	// reference without its ';').
	close    byte
	optClose bool
	byteEsc  bool
}

// escapeSyntaxes lists the escapes by their first byte; the first entry
// whose whole syntax matches wins, so longer leads come first.
var escapeSyntaxes = map[byte][]escSyntax{
	'%': {
		{lead: "%", kind: escHex, min: 2, max: 2, byteEsc: true}, // URLs, form bodies
	},
	'\\': {
		{lead: "\\x{", kind: escHex, min: 1, max: 16, close: '}'},  // Perl
		{lead: "\\x", kind: escHex, min: 2, max: 2, byteEsc: true}, // C, printf, echo -e, $'', JavaScript, Python
		{lead: "\\u{", kind: escHex, min: 1, max: 16, close: '}'},  // JavaScript, Rust, Swift, Ruby, PHP
		{lead: "\\u", kind: escHex, min: 4, max: 4},                // JSON, Java, JavaScript, C#, Python, $''
		{lead: "\\U", kind: escHex, min: 8, max: 8},                // Python, YAML, TOML, C, Go, $''
		{lead: "\\o{", kind: escOct, min: 1, max: 16, close: '}'},  // Perl
		{lead: "\\N{", kind: escName, min: 1, max: 80, close: '}'}, // Python, Perl
		{lead: "\\0", kind: escOct, min: 3, max: 3, byteEsc: true}, // echo -e \0NNN
		{lead: "\\", kind: escOct, min: 3, max: 3, byteEsc: true},  // C, printf, $'' \NNN
		{lead: "\\\r\n", kind: escContinue},                        // a line continuation (CRLF)
		{lead: "\\\n", kind: escContinue},                          // bash, C, YAML and TOML strings
	},
	'&': {
		{lead: "&#x", kind: escHex, min: 1, max: 16, close: ';', optClose: true}, // HTML, XML
		{lead: "&#X", kind: escHex, min: 1, max: 16, close: ';', optClose: true},
		{lead: "&#", kind: escDec, min: 1, max: 16, close: ';', optClose: true},
		{lead: "&", kind: escEntity, min: 1, max: 32, close: ';'}, // HTML named references
	},
}

// escBase is the base of a kind's digits; 0: a name.
var escBase = [...]int{escHex: 16, escOct: 8, escDec: 10, escName: 0, escEntity: 0, escContinue: 0}

// escDrop is the code point of an escape that stands for nothing.
const escDrop = -2

// escapeAt decodes the escape at s[i:]: its length and the code point it
// spells (escDrop: nothing; -1: a byte escape that spells no whole UTF-8
// character). n == 0: no escape known here.
func escapeAt(s string, i int) (n int, r rune) {
	n, r, isByte := escapeOne(s, i)
	if n == 0 || !isByte || r < 0x80 {
		return n, r
	}
	// A byte of a UTF-8 sequence: read the bytes that follow.
	var b [utf8.UTFMax]byte
	b[0] = byte(r)
	k, j := 1, i+n
	for k < utf8.UTFMax && !utf8.FullRune(b[:k]) {
		if j >= len(s) {
			return n, -1
		}
		m, c, ok := escapeOne(s, j)
		if m == 0 || !ok || c < 0x80 || c > 0xbf {
			return n, -1
		}
		b[k] = byte(c)
		k++
		j += m
	}
	if c, size := utf8.DecodeRune(b[:k]); c != utf8.RuneError && size == k {
		return j - i, c
	}
	return n, -1
}

// escapeOne decodes one escape at s[i:]; isByte: it spells a byte.
func escapeOne(s string, i int) (n int, r rune, isByte bool) {
	for _, e := range escapeSyntaxes[s[i]] {
		if !strings.HasPrefix(s[i:], e.lead) {
			continue
		}
		if n, r := e.read(s, i); n > 0 {
			return n, r, e.byteEsc
		}
	}
	return 0, 0, false
}

// read decodes s[i:] as e, whose lead it starts with; n == 0: it does not
// match.
func (e *escSyntax) read(s string, i int) (n int, r rune) {
	j := i + len(e.lead)
	if e.kind == escContinue {
		// YAML and TOML also drop the next line's indentation.
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		return j - i, escDrop
	}
	base := escBase[e.kind]
	k := j
	v := 0
	for k < len(s) && k-j < e.max {
		c := s[k]
		d := -1
		switch e.kind {
		case escHex:
			d = unhex(c)
		case escOct:
			if c >= '0' && c <= '7' {
				d = int(c - '0')
			}
		case escDec:
			if isDigit(c) {
				d = int(c - '0')
			}
		case escName:
			if isAlnum(c) || c == ' ' || c == '-' {
				d = 0
			}
		case escEntity:
			if isAlnum(c) {
				d = 0
			}
		}
		if d < 0 {
			break
		}
		if base > 0 {
			if v = v*base + d; v > 0x10FFFF {
				return 0, 0
			}
		}
		k++
	}
	if k-j < e.min {
		return 0, 0
	}
	switch {
	case e.close != 0 && k < len(s) && s[k] == e.close:
		k++
	case e.close != 0 && !e.optClose:
		return 0, 0
	}
	switch e.kind {
	case escName:
		c, ok := runeNamed(strings.ToUpper(s[j : k-1]))
		if !ok {
			return 0, 0
		}
		return k - i, c
	case escEntity:
		u := html.UnescapeString(s[i:k])
		c, size := utf8.DecodeRuneInString(u)
		if u == s[i:k] || c == utf8.RuneError || size != len(u) {
			return 0, 0
		}
		return k - i, c
	}
	if e.byteEsc && v > 0xff {
		return 0, 0
	}
	return k - i, rune(v)
}

// runeNamed is the character of a Unicode name, for the characters a
// secret is made of and the invisible ones (escnames_table.go).
func runeNamed(name string) (rune, bool) {
	r, ok := escNames[name]
	return r, ok
}
