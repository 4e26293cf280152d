package redact

import (
	"regexp"
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
