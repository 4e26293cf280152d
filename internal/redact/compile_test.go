package redact

import (
	"regexp"
	"strings"
	"testing"
)

// TestRulesCompile compiles every built-in pattern, since New leaves them
// to compile on first use.
func TestRulesCompile(t *testing.T) {
	for _, ru := range builtinRules() {
		if ru.pattern == "" {
			continue
		}
		if _, err := regexp.Compile(ru.pattern); err != nil {
			t.Errorf("rule %s: %v", ru.id, err)
		}
	}
}

// BenchmarkNew is the cost of building a Redactor, paid by every hook
// process.
func BenchmarkNew(b *testing.B) {
	key := []byte("0123456789abcdef0123456789abcdef")
	for b.Loop() {
		if _, err := New(Config{Key: key}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestValidRuleID(t *testing.T) {
	for id, want := range map[string]bool{
		"github-token": true, "a1": true, "x": false, "-ab": false, "Ab": false, "a_b": false,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false,
	} {
		if got := validRuleID(id); got != want {
			t.Errorf("validRuleID(%q) = %v, want %v", id, got, want)
		}
	}
}
