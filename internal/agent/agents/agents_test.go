package agents_test

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/agent/agents"
)

func TestLookup(t *testing.T) {
	for _, n := range agent.Names() {
		ad, ok := agents.Lookup(n)
		if !ok || ad.Name() != n {
			t.Errorf("Lookup(%q) = %v, %v", n, ad, ok)
		}
	}
	if _, ok := agents.Lookup("claude-code"); ok {
		t.Error("unknown name found")
	}
}
