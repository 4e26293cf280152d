package redact

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/runenames"
)

// TestEscNamesTable checks escnames_table.go against runenames: every
// printable ASCII character and every named invisible character is in it
// under its name, and nothing else (run escnames_gen.go
// after a change of invisibleTables).
func TestEscNamesTable(t *testing.T) {
	want := 0
	check := func(r rune) {
		name := runenames.Name(r)
		if name == "" || name[0] == '<' {
			return
		}
		want++
		if got, ok := escNames[name]; !ok || got != r {
			t.Errorf("escNames[%q] = %U, %v; want %U", name, got, ok, r)
		}
	}
	for r := rune(0x20); r < 0x7f; r++ {
		check(r)
	}
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if unicode.In(r, invisibleTables[:3]...) {
			check(r)
		}
	}
	if len(escNames) != want {
		t.Errorf("escNames has %d entries, want %d", len(escNames), want)
	}
}

// TestEscapeAt checks the escape table on each syntax, and on the
// spellings that must stay what they are.
func TestEscapeAt(t *testing.T) {
	cases := []struct {
		in string
		n  int
		r  rune
	}{
		{`%41`, 3, 'A'},
		{`\x41`, 4, 'A'},
		{`\x{41}`, 6, 'A'},
		{`\x{0000041}`, 11, 'A'},
		{`\u0041`, 6, 'A'},
		{`\u{41}`, 6, 'A'},
		{`\u{200B}`, 8, 0x200B},
		{`\U00000041`, 10, 'A'},
		{`\o{101}`, 7, 'A'},
		{`\N{LATIN CAPITAL LETTER A}`, 26, 'A'},
		{`\N{zero width space}`, 20, 0x200B},
		{`\101`, 4, 'A'},
		{`\0101`, 5, 'A'},
		{`\012x`, 4, '\n'},
		{`\xe2\x80\x8b`, 12, 0x200B},
		{`\342\200\213`, 12, 0x200B},
		{`%E2%80%8B`, 9, 0x200B},
		{`\xe2%80\213`, 11, 0x200B},
		{"\\\n  x", 4, escDrop},
		{"\\\r\nx", 3, escDrop},
		{`&#65;`, 5, 'A'},
		{`&#0065;`, 7, 'A'},
		{`&#65`, 4, 'A'},
		{`&#x041;`, 7, 'A'},
		{`&#X41;`, 6, 'A'},
		{`&lowbar;`, 8, '_'},
		{`&ZeroWidthSpace;`, 16, 0x200B},
		{`&amp;`, 5, '&'},
		// Not escapes, or not whole characters.
		{`%DB_PASSWORD%`, 3, -1},
		{`\xe2\x80`, 4, -1},
		{`\N{NO SUCH NAME}`, 0, 0},
		{`&nosuchname;`, 0, 0},
		{`&lowbar`, 0, 0},
		{`\x{110000}`, 0, 0},
		{`\u{}`, 0, 0},
		{`\q`, 0, 0},
	}
	for _, c := range cases {
		n, r := escapeAt(c.in, 0)
		if n != c.n || n > 0 && r != c.r {
			t.Errorf("escapeAt(%q) = %d, %U; want %d, %U", c.in, n, r, c.n, c.r)
		}
	}
}

// TestTermSeqLen checks the terminal sequences dropped whole.
func TestTermSeqLen(t *testing.T) {
	cases := []struct {
		in string
		n  int
	}{
		{"\x1b[0mx", 4},
		{"\x1b[38;2;255;255;255;48;2;0;0;0;1;3;4mx", 36},
		{"\x1b[?25lx", 6},
		{"\x1b]0;title\ax", 10},
		{"\x1b]8;;https://e.com\x1b\\x", 20},
		{"\x1bPq#0\x1b\\x", 7},
		{"\x1b_app\x1b\\x", 7},
		{"\x1b]0;title\x1b[0m", 9},
		{"\x1b]0;title", 9},
		{"\x1b(Bx", 3},
		{"\x1b7x", 2},
		{"\x1b", 1},
		{"\x1b\n", 1},
	}
	for _, c := range cases {
		if n := termSeqLen(c.in, 0); n != c.n {
			t.Errorf("termSeqLen(%q) = %d, want %d", c.in, n, c.n)
		}
	}
}

// TestMarkupLen checks the markup dropped, and what stays.
func TestMarkupLen(t *testing.T) {
	cases := []struct {
		in string
		at int
		n  int
	}{
		{"a<b>c", 1, 3},
		{"a</b>c", 1, 4},
		{"a<wbr>c", 1, 5},
		{`a<span class="k">c`, 1, 16},
		{"a<!-- x -->c", 1, 10},
		{"a<!---->c", 1, 7},
		{"a**b", 1, 2},
		{"a`b", 1, 1},
		{"a~~b", 1, 2},
		{"~~a", 0, 0},
		{"a**", 1, 0},
		{`<a href="/cb?t=&#103;">`, 0, 0},
		{"a < b", 2, 0},
		{"a <- b", 2, 0},
		{"a<!-- open", 1, 0},
		{"ls *.go", 3, 0},
		{"----", 0, 0},
		{"a****b", 1, 0},
	}
	for _, c := range cases {
		if n := markupLen(c.in, c.at); n != c.n {
			t.Errorf("markupLen(%q, %d) = %d, want %d", c.in, c.at, n, c.n)
		}
	}
}
