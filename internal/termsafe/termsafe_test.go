package termsafe

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineAndText(t *testing.T) {
	tests := []struct{ in, line, text string }{
		{"ls -la", "ls -la", "ls -la"},
		{"", "", ""},
		{"café ünïcode 日本 🙂", "café ünïcode 日本 🙂", "café ünïcode 日本 🙂"},
		{"a\x1b[1A\x1b[2Kb", `a\x1b[1A\x1b[2Kb`, `a\x1b[1A\x1b[2Kb`},
		{"echo '\x1b]52;c;cm0K\x07'", `echo '\x1b]52;c;cm0K\x07'`, `echo '\x1b]52;c;cm0K\x07'`},
		{"no\rallowed", `no\rallowed`, `no\rallowed`},
		{"a\nb\tc", `a\nb\tc`, "a\nb\tc"},
		{"del\x7f", `del\x7f`, `del\x7f`},
		{"csi\u009b2J nel\u0085", `csi\u009b2J nel\u0085`, `csi\u009b2J nel\u0085`},
		{"raw\x9b2J", `raw\x9b2J`, `raw\x9b2J`},       // an 8-bit CSI byte: invalid UTF-8
		{"bad\xff\xfe", `bad\xff\xfe`, `bad\xff\xfe`}, // invalid bytes
		{"rm -rf /\u202e#txt.exe", `rm -rf /\u202e#txt.exe`, `rm -rf /\u202e#txt.exe`},
		{"iso\u2066x\u2069 lrm\u200e zw\u200b bom\ufeff", `iso\u2066x\u2069 lrm\u200e zw\u200b bom\ufeff`, `iso\u2066x\u2069 lrm\u200e zw\u200b bom\ufeff`},
		{"tag\U000e0041\U000e0042", `tag\U000e0041\U000e0042`, `tag\U000e0041\U000e0042`},
		{"ls\u2028rm", `ls\u2028rm`, `ls\u2028rm`},
		{`back\slash`, `back\slash`, `back\slash`},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if Safe(tt.in) != (tt.in == tt.line) {
			t.Errorf("Safe(%q) = %v", tt.in, Safe(tt.in))
		}
	}
}

// printable reports the first character of s a terminal would act on.
func printable(s string, keepLines bool) (rune, bool) {
	for _, r := range s {
		if keepLines && (r == '\n' || r == '\t') {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError || r == 0x202e || r == 0x2028 {
			return r, false
		}
	}
	return 0, true
}

// Every byte value and every escape-worthy rune comes out printable.
func TestEveryByte(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 256; i++ {
		b.WriteByte(byte(i))
	}
	for _, r := range []rune{0x80, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069, 0x061c, 0x200f, 0xe0001} {
		b.WriteRune(r)
	}
	s := b.String()
	if r, ok := printable(Line(s), false); !ok {
		t.Errorf("Line leaves %U", r)
	}
	if r, ok := printable(Text(s), true); !ok {
		t.Errorf("Text leaves %U", r)
	}
	if strings.Contains(Line(s), "\n") {
		t.Error("Line leaves a newline")
	}
}

// JSON output decodes to the same values, with nothing raw a terminal
// acts on.
func TestJSON(t *testing.T) {
	v := map[string]string{"cmd": "a\x1b[2K\u009b\x7f\u202e\U000e0041\u2028 é 🙂 \"q\"", "k": "plain"}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(b)
	if r, ok := printable(string(got), true); !ok {
		t.Errorf("JSON leaves %U: %s", r, got)
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["cmd"] != v["cmd"] || back["k"] != "plain" {
		t.Errorf("JSON changed the values: %v %q", err, back)
	}
	plain := []byte(`{"a":"b"}`)
	if out := JSON(plain); !bytes.Equal(out, plain) {
		t.Errorf("JSON changed clean text: %s", out)
	}
}

// The Writer escapes across write boundaries: a multi-byte character
// split between writes stays one character.
func TestWriterSplits(t *testing.T) {
	in := "é\u202e🙂\x1b[2K\nline\ttab\u0085x\xff"
	want := Text(in)
	for size := 1; size <= len(in); size++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		for i := 0; i < len(in); i += size {
			j := min(i+size, len(in))
			if n, err := w.Write([]byte(in[i:j])); err != nil || n != j-i {
				t.Fatalf("Write: %d %v", n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("writes of %d bytes: %q, want %q", size, out.String(), want)
		}
	}
	// An incomplete sequence at the very end is escaped by Flush.
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Write([]byte("a\xe2\x80"))
	w.Flush()
	if out.String() != `a\xe2\x80` {
		t.Errorf("flush: %q", out.String())
	}
}
