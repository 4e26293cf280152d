package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"typo rule kind", `
policies:
  - name: deps
    rules:
      - block_comand: ["npm install"]
`, `agent-policy.yaml:5:9: unknown key "block_comand" (did you mean block_commands?)`},
		{"typo top key", "polices: []\n", "agent-policy.yaml:1:1: unknown key \"polices\" in the policy file (did you mean policies?)\nagent-policy.yaml:1:1: the policy file is missing required key \"policies\""},
		{"typo policy key", `
policies:
  - name: a
    descripton: x
    rules: [{block_paths: [x]}]
`, `agent-policy.yaml:4:5: unknown key "descripton" in a policy (did you mean description?)`},
		{"bad regex", `
policies:
  - name: a
    rules:
      - block_commands: ["npm (install"]
`, "agent-policy.yaml:5:26: block_commands: bad regular expression \"npm (install\": error parsing regexp: missing closing ): `npm (install`"},
		{"perl regex", `
policies:
  - name: a
    rules:
      - block_commands: ['rm(?=\s)']
`, "agent-policy.yaml:5:26: block_commands: bad regular expression \"rm(?=\\\\s)\": error parsing regexp: invalid or unsupported Perl syntax: `(?=`"},
		{"bad glob", `
policies:
  - name: a
    rules:
      - block_paths: ["src/[a-"]
`, `agent-policy.yaml:5:23: block_paths: bad path pattern "src/[a-": syntax error in pattern`},
		{"double star inside segment", `
policies:
  - name: a
    rules:
      - allow_paths: ["src/**.go"]
`, `agent-policy.yaml:5:23: allow_paths: bad path pattern "src/**.go": "**" must be a whole path segment`},
		{"unknown trust", "default_trust_level: admin\npolicies: []\n", `agent-policy.yaml:1:22: unknown trust level "admin" for default_trust_level (want read_only, write_local or external)`},
		{"trust typo", "default_trust_level: read-only\npolicies: []\n", `agent-policy.yaml:1:22: unknown trust level "read-only" for default_trust_level (did you mean read_only?)`},
		{"duplicate policy", `
policies:
  - name: a
    rules: [{block_paths: [x]}]
  - name: a
    rules: [{block_paths: [y]}]
`, `agent-policy.yaml:5:11: duplicate policy name "a"`},
		{"empty rules", `
policies:
  - name: a
    rules: []
`, `agent-policy.yaml:4:12: policy "a" has an empty rules list`},
		{"empty rule list", `
policies:
  - name: a
    rules:
      - block_paths: []
`, `agent-policy.yaml:5:22: block_paths is empty`},
		{"missing rules", `
policies:
  - name: a
`, `agent-policy.yaml:3:5: a policy is missing required key "rules"`},
		{"two keys in a rule", `
policies:
  - name: a
    rules:
      - block_paths: [x]
        block_hosts: [y]
`, `agent-policy.yaml:5:9: a rule must have exactly one key (one of block_env_vars, block_hosts, allow_hosts, block_commands, require_approval_commands, allow_paths, block_paths, require_approval, allow_mcp, block_mcp, allow_tools, block_tools, block_deletes, require_approval_deletes, require_approval_outside_paths, block_dependency_changes, require_approval_dependency_changes, block_git_history, require_approval_git_history); found 2`},
		{"wrong type", `
policies:
  - name: a
    rules:
      - block_hosts: api.example.com
`, `agent-policy.yaml:5:22: block_hosts must be a list, not a string`},
		{"number entry", `
policies:
  - name: a
    rules:
      - block_env_vars: [42]
`, `agent-policy.yaml:5:26: block_env_vars entries must be a string, not a number`},
		{"bad env name", `
policies:
  - name: a
    rules:
      - block_env_vars: ["PROD-*"]
`, `agent-policy.yaml:5:26: block_env_vars: "PROD-*" is not an environment variable name (letters, digits and _; exact names, no patterns)`},
		{"url as host", `
policies:
  - name: a
    rules:
      - block_hosts: ["https://evil.com"]
`, `agent-policy.yaml:5:23: block_hosts: "https://evil.com": write a host name, not a URL`},
		{"host with port", `
policies:
  - name: a
    rules:
      - allow_hosts: ["github.com:443"]
`, `agent-policy.yaml:5:23: allow_hosts: "github.com:443": ports are not part of host rules`},
		{"reserved name", `
policies:
  - name: mandate-self-protection
    rules: [{block_paths: [x]}]
`, `agent-policy.yaml:3:11: policy name "mandate-self-protection": the mandate- prefix is reserved for built-in policies`},
		{"duplicate key", "policies: []\npolicies: []\n", `agent-policy.yaml:2:1: duplicate key "policies" in the policy file`},
		{"fail mode", "policies: []\nfail_mode: maybe\n", `agent-policy.yaml:2:12: fail_mode must be closed or open, not "maybe"`},
		{"redact_pii type", "policies: []\nevidence: {redact_pii: yes}\n", `agent-policy.yaml:2:24: evidence.redact_pii must be true or false, not a string`},
		{"retention", "policies: []\nevidence: {retention: 3 months}\n", `agent-policy.yaml:2:23: evidence.retention: want a number of days, weeks or years such as 90d, 12w or 7y, not "3 months"`},
		{"multiple docs", "policies: []\n---\npolicies: []\n", `agent-policy.yaml:2:1: more than one YAML document; a policy file holds exactly one`},
		{"empty", "", `agent-policy.yaml: file is empty; a policy needs a policies: list`},
		{"comments only", "# nothing\n", `agent-policy.yaml: file is empty; a policy needs a policies: list`},
		{"yaml syntax", "policies:\n  - name: a\n rules: x\n", `agent-policy.yaml:2: did not find expected key`},
		{"not a mapping", "- a\n- b\n", `agent-policy.yaml:1:1: the policy file must be a mapping, not a list`},
		{"nul", "policies: []\x00", `agent-policy.yaml: file contains a NUL byte; a policy is UTF-8 text`},
		{"mcp pattern", `
policies:
  - name: a
    rules:
      - block_mcp: ["delete_repo"]
`, `agent-policy.yaml:5:21: block_mcp: "delete_repo": MCP patterns are server/tool globs such as "github/*" or "*/delete_*"`},
		{"credential relax", "policies: []\ncredential_stores: {allow_read: [\"~/.npmrc\"]}\n", `agent-policy.yaml:2:21: unknown key "allow_read" in credential_stores (did you mean allow_reads?)`},
		{"role", "policies: []\nroles: [{name: r, groups: [g], trust_level: root}]\n", `agent-policy.yaml:2:45: unknown trust level "root" for role trust_level (want read_only, write_local or external)`},
		{"test expect", "policies: []\ntests: [{name: t, command: ls, expect: maybe}]\n", `agent-policy.yaml:2:40: test expect must be allow, ask or deny, not "maybe"`},
		{"test two sources", "policies: []\ntests: [{name: t, command: ls, argv: [ls], expect: allow}]\n", `agent-policy.yaml:2:9: test "t" needs exactly one of command, argv or action`},
		{"test action kind", "policies: []\ntests: [{name: t, action: {kind: file.wrte, paths: [a]}, expect: allow}]\n", `agent-policy.yaml:2:34: unknown action kind "file.wrte" (did you mean file.write?)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("agent-policy.yaml", []byte(c.src))
			if err == nil {
				t.Fatalf("no error, want %s", c.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not match ErrInvalid: %v", err)
			}
			if err.Error() != c.want {
				t.Errorf("error\n got: %s\nwant: %s", err, c.want)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	big := "policies: []\n#" + strings.Repeat("x", MaxFileSize) + "\n"
	if _, err := Parse("big.yaml", []byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big file: %v", err)
	}
	// A billion-laughs document must be refused quickly, not expanded.
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	prev := "a"
	for i := 0; i < 12; i++ {
		name := string(rune('b' + i))
		b.WriteString(name + ": &" + name + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	b.WriteString("policies: []\n")
	if _, err := Parse("bomb.yaml", []byte(b.String())); err == nil || !strings.Contains(err.Error(), "alias bomb") {
		t.Errorf("alias bomb: %v", err)
	}
	// Aliases used reasonably are fine.
	ok := `
x: &hosts ["a.example", "b.example"]
policies:
  - name: a
    rules:
      - block_hosts: *hosts
`
	if _, err := Parse("alias.yaml", []byte(ok)); err == nil || !strings.Contains(err.Error(), `unknown key "x"`) {
		t.Errorf("alias file: %v", err)
	}
	ok2 := `
policies:
  - name: a
    rules:
      - block_hosts: &hosts ["a.example", "b.example"]
  - name: b
    rules:
      - allow_hosts: *hosts
`
	if _, err := Parse("alias.yaml", []byte(ok2)); err != nil {
		t.Errorf("alias reuse: %v", err)
	}
	// Errors are collected, but bounded.
	var many strings.Builder
	many.WriteString("policies:\n")
	for i := 0; i < 100; i++ {
		many.WriteString("  - {name: p, rules: [{block_comand: [x]}]}\n")
	}
	_, err := Parse("many.yaml", []byte(many.String()))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != maxErrors {
		t.Errorf("many errors: got %d, want %d", len(list), maxErrors)
	}
}

func TestParseExample(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	if len(p.policies) != 3 || p.DefaultTrust() != "write_local" || p.FailOpen() || p.RedactPII() {
		t.Fatalf("unexpected example policy: %d policies", len(p.policies))
	}
	if p.Name() != "testdata/example.yaml" || string(p.Text()) == "" {
		t.Fatal("name/text")
	}
	q := mustParse(t, "policies: []\nfail_mode: open\nevidence: {redact_pii: true, retention: 7y}\n")
	if !q.FailOpen() || !q.RedactPII() || q.RetentionDays() != 7*365 {
		t.Fatal("fail_mode/evidence not read")
	}
}

func TestDefault(t *testing.T) {
	p := Default()
	if p.Name() != DefaultName || p.DefaultTrust() != "write_local" || p.FailOpen() {
		t.Fatal("default policy")
	}
	if !strings.HasPrefix(p.Digest(), "sha256:") || string(p.Text()) != string(defaultText) {
		t.Fatal("default digest/text")
	}
	for _, r := range p.RunTests() {
		if !r.Pass {
			t.Errorf("default policy test %q: got %s (%s), want %s", r.Name, r.Got.Decision, r.Got.Reason, r.Expect)
		}
	}
}
