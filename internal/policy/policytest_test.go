package policy

import (
	"os"
	"strings"
	"testing"
)

// TestExpectRule: a test with expect_rule passes only when the named
// policy (and rule, if given) decided, so it cannot pass for the wrong
// reason.
func TestExpectRule(t *testing.T) {
	src, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		test string
		pass bool
	}{
		{`{name: t, command: "npm install x", expect: deny, expect_rule: dependency-control}`, true},
		{`{name: t, command: "npm install x", expect: deny, expect_rule: dependency-control/block_commands}`, true},
		{`{name: t, command: "npm install x", expect: deny, expect_rule: 'dependency-control/block_commands[0] "npm install"'}`, true},
		{`{name: t, command: "npm install x", expect: deny, expect_rule: file-boundary}`, false},
		{`{name: t, command: "npm install x", expect: deny, expect_rule: dependency-control/require_approval}`, false},
		{`{name: t, command: "npm install x", expect: deny, expect_rule: block_commands}`, false},
		{`{name: t, command: "cat .env", expect: deny, expect_rule: file-boundary/block_paths}`, true},
		{`{name: t, command: "echo x > .claude/settings.json", expect: deny, expect_rule: mandate-self-protection/protected-path}`, true},
		{`{name: t, command: "echo x > .claude/settings.json", expect: deny, expect_rule: file-boundary}`, false},
	}
	for _, tt := range tests {
		p, err := Parse("t.yaml", append(append([]byte(nil), src...), "\ntests:\n  - "+tt.test+"\n"...))
		if err != nil {
			t.Fatalf("%s: %v", tt.test, err)
		}
		res := p.RunTests()
		if len(res) != 1 || res[0].Pass != tt.pass {
			t.Errorf("%s: pass %v, want %v (decided by %s / %s)", tt.test, res[0].Pass, tt.pass, res[0].Got.Policy, res[0].Got.Rule)
		}
		if !strings.Contains(tt.test, res[0].ExpectRule) || res[0].ExpectRule == "" {
			t.Errorf("%s: ExpectRule %q", tt.test, res[0].ExpectRule)
		}
	}
	for _, bad := range []string{
		`{name: t, command: ls, expect: allow, expect_rule: x}`,
		`{name: t, command: ls, expect: deny, expect_rule: ""}`,
		`{name: t, command: ls, expect: deny, expect_rule: [x]}`,
	} {
		if _, err := Parse("t.yaml", append(append([]byte(nil), src...), "\ntests:\n  - "+bad+"\n"...)); err == nil || !strings.Contains(err.Error(), "expect_rule") {
			t.Errorf("%s: error %v, want one about expect_rule", bad, err)
		}
	}
}
