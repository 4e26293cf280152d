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
