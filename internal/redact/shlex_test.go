package redact

import (
	"strings"
	"testing"
)

// lexAll returns the words (as the program sees them) and operators of s.
func lexAll(s string, vars bool) (*shlex, []shtok) {
	lx := &shlex{src: s, end: len(s), out: &view{}, budget: 1 << 16}
	if vars {
		lx.vars = map[string]shvar{}
	}
	var toks []shtok
	for {
		t, ok := lx.next()
		if !ok {
			return lx, toks
		}
		toks = append(toks, t)
	}
}

func TestShlexWords(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`echo a b`, `echo|a|b`},
		{`gh''p_x "a b"c 'd'"e"`, `ghp_x|a bc|de`},
		{`a\ b c\"d`, `a b|c"d`},
		{`x=$'\x67\150p_\u00e9'`, "x=ghp_\u00e9"},
		{`a;b|c&&d`, `a|;|b|||c|&&|d`},
		{`cat <<< word > out`, `cat|<<<|word|>|out`},
		{`echo "$HOME" ${X} # comment`, `echo|$HOME|${X}`},
		{`don't stop`, `dont|stop`},
		{`"unterminated`, `unterminated`},
		{"'two\nlines' x", "two\nlines|x"},
		{`a\` + "\n" + `b`, `ab`},
		{`""`, ``},
	} {
		lx, toks := lexAll(tt.in, false)
		var got []string
		for _, tk := range toks {
			if tk.op != "" {
				got = append(got, tk.op)
				continue
			}
			got = append(got, lx.text(tk))
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("lex %q = %q, want %q", tt.in, g, tt.want)
		}
	}
}

// TestShlexSource: every byte of a word's text maps back to the input
// bytes it came from.
func TestShlexSource(t *testing.T) {
	in := `pre "gh"'p_'ab\cd post`
	lx, toks := lexAll(in, false)
	w := toks[1]
	if got := lx.text(w); got != "ghp_abcd" {
		t.Fatalf("text %q", got)
	}
	got := lx.out.source(in, w.t0, w.t1)
	if len(got) != 1 || in[got[0].start:got[0].end] != `gh"'p_'ab\cd` {
		t.Errorf("source pieces %v", got)
	}
	var gaps []int
	lx.out.gaps(w.t0, w.t1, func(at int) { gaps = append(gaps, at-w.t0) })
	if len(gaps) != 4 { // gh|p_|ab|c|d
		t.Errorf("gaps at %v", gaps)
	}
}

func FuzzShlex(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Add(`A=ghp_ab; B="cd"; echo "$A${B}" $'\x41' 'x'"y" <<< z`)
	f.Fuzz(func(t *testing.T, s string) {
		lx := &shlex{src: s, end: len(s), out: &view{}, vars: map[string]shvar{"A": {v: view{buf: []byte("xy")}}}, budget: 64}
		last := -1
		for n := 0; ; n++ {
			tk, ok := lx.next()
			if !ok {
				break
			}
			if tk.start < last || tk.end < tk.start || tk.end > len(s) || n > len(s)+1 {
				t.Fatalf("token %+v after %d in %q", tk, last, s)
			}
			last = tk.end
		}
		for _, g := range lx.out.segs {
			if g.s < 0 || g.e > len(s) || g.s > g.e || g.t+g.n > len(lx.out.buf) {
				t.Fatalf("segment %+v out of range (input %d, view %d)", g, len(s), len(lx.out.buf))
			}
		}
	})
}
