package policy

import (
	"os"
	"testing"
)

// TestRepositoryPolicy keeps the repository's own agent-policy.yaml valid
// and every test in it passing.
func TestRepositoryPolicy(t *testing.T) {
	p, err := Load("../../agent-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res := p.RunTests()
	if len(res) < 20 {
		t.Fatalf("only %d tests in agent-policy.yaml", len(res))
	}
	pass := 0
	for _, r := range res {
		if r.Pass {
			pass++
			continue
		}
		t.Errorf("%s: %q: got %s, want %s\n  reason: %s", r.Source, r.Name, r.Got.Decision, r.Expect, r.Got.Reason)
	}
	t.Logf("agent-policy.yaml: %d/%d tests pass", pass, len(res))
}

// TestRunTestsCanFail proves RunTests reports a wrong expectation.
func TestRunTestsCanFail(t *testing.T) {
	src, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, []byte(`
tests:
  - {name: right, command: "npm install x", expect: deny}
  - {name: wrong, command: "npm install x", expect: allow}
  - {name: ask, action: {kind: file.write, paths: [src/package.json]}, expect: ask}
`)...)
	p, err := Parse("t.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	res := p.RunTests()
	if len(res) != 3 || !res[0].Pass || res[1].Pass || !res[2].Pass || res[1].Got.Decision != Deny {
		t.Fatalf("unexpected results: %+v", res)
	}
	if res[1].Source != "t.yaml:22:5" {
		t.Errorf("source %q", res[1].Source)
	}
}
