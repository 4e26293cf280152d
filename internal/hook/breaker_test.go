package hook_test

import (
	"fmt"
	"os"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/policy"
)

// TestBreakerFileTools decides the red-team round's agent tool calls
// (testdata/breaker-filetools.yaml) exactly as TestFileToolEvasion does:
// decoded by the agent's adapter, decided by the example policy on the
// fixture tree. Unlike that suite nothing here is pending: every case
// that is not a control is a bypass found on the branch it was written
// on, and fails until its class is closed.
func TestBreakerFileTools(t *testing.T) {
	src, err := os.ReadFile("testdata/breaker-filetools.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Cases []fileToolCase `yaml:"cases"`
	}
	if err := yaml.Unmarshal(src, &corpus); err != nil {
		t.Fatalf("breaker-filetools.yaml: %v", err)
	}
	p := fixturePolicy(t, buildFixture(t))
	for i, c := range corpus.Cases {
		if c.Class == "" || c.Why == "" || c.Source == "" {
			t.Errorf("case %d (%s %s): class, why and source are required", i, c.Agent, c.Tool)
		}
		want := policy.Effect(c.Expect)
		got, reason := decideFileTool(t, p, c)
		if got != want {
			t.Error(fmt.Sprintf("case %d (class %s) %s %s %s: got %s, want %s (%s)\n    reason: %s",
				i, c.Class, c.Agent, c.Tool, inputString(c.Input), got, want, c.Why, reason))
		}
	}
}
