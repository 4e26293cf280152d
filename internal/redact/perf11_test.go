package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// denseBrackets is brackets as it was before the sparse map (eleventh
// performance pass): the reference the sparse one must agree with.
func denseBrackets(s string) []int32 {
	m := make([]int32, len(s))
	var stack []int32
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			m[i] = -1
			stack = append(stack, int32(i))
		case ')', '}':
			open := byte('(')
			if s[i] == '}' {
				open = '{'
			}
			for k := len(stack) - 1; k >= 0; k-- {
				if s[stack[k]] == open {
					m[stack[k]] = int32(i)
					stack = stack[:k]
					break
				}
				if len(stack)-k > 64 {
					break
				}
			}
		}
	}
	return m
}

func TestBracketsSparseMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	inputs := []string{realisticText(256 << 10), "((((({{{{))))}}}}", "$(a ${b} (c) }) {{{(((", strings.Repeat("(", 100) + strings.Repeat(")", 100)}
	for range 200 {
		var b strings.Builder
		for range rng.IntN(300) {
			b.WriteByte("(){}$x "[rng.IntN(7)])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		d, m := denseBrackets(s), brackets(s)
		for i := range s {
			if (s[i] == '(' || s[i] == '{') && int(d[i]) != m.closer(i) {
				t.Fatalf("%q at %d: dense %d, sparse %d", s, i, d[i], m.closer(i))
			}
		}
	}
}

// TestMayWriteConservative: every line the old note recorded a write on
// and the builder could remember (an echo/print/cat/tee command, or one
// that ends a construct an earlier line opened) still passes mayWrite.
func TestMayWriteConservative(t *testing.T) {
	for _, line := range []string{
		"cat > s.sh <<'EOF'", "CAT >s.sh <<EOF", "/bin/cat > s.sh", "echo x > s.sh", "Echo x >s.sh",
		"printf '%s' x > s.sh", "print x > s.sh", "tee s.sh", "x | tee -a s.sh", "c''at > s.sh",
		"\\cat > s.sh", "$C > s.sh", "' > s.sh", "\" > s.sh", "date) > s.sh", "foo} > s.sh",
		"2] > s.sh", "` > s.sh", "(x) y) > s.sh",
	} {
		if !mayWrite(line) {
			t.Errorf("mayWrite(%q) = false", line)
		}
	}
	for _, line := range []string{"def load_config(path: str) -> dict:", "if x >= 0 {", "a -> b"} {
		if mayWrite(line) {
			t.Errorf("mayWrite(%q) = true: no command here can write a file", line)
		}
	}
}

// TestShellLinesWritesPrefilter: on the corpora, shellLines with the
// mayWrite prefilter lexes every range the old note would have lexed
// whenever a noted write could be recorded by the builder; in particular
// the masked output of Text is the same on texts built to exercise it.
func TestShellLinesWritesPrefilter(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	cases := []string{
		"def f(x: str) -> dict:\n    return {}\ncat > s.sh <<'EOF'\nmysql -p\"$1\"\nEOF\nbash s.sh Hunter2Secret9x\ndef f(x: str) -> dict:\n",
		"echo \"mysql -p$(printf %s \"$1\"\n) \" > s.sh\nbash s.sh Hunter2Secret9x\n",
		"printf '%s' 'mysql -p\"$1\"' > run.sh\nx -> y\nsh run.sh Zq9Hunter2Secret\n",
	}
	for _, c := range cases {
		got, _ := r.Text(c)
		if strings.Contains(got, "Hunter2Secret9x") || strings.Contains(got, "Zq9Hunter2Secret") {
			t.Errorf("secret kept:\n%s", got)
		}
	}
}
