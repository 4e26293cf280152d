package cli

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// A policy with a passing test, a test that fails, and one that expects
// the right decision from the wrong rule.
const policyWithTests = `policies:
  - name: deps
    rules:
      - block_commands: ["npm install"]
tests:
  - name: blocks npm
    command: npm install x
    expect: deny
    expect_rule: deps/block_commands
  - name: wrong on purpose <&>
    command: ls
    expect: deny
  - name: right decision, wrong rule
    command: echo x > .claude/settings.json
    expect: deny
    expect_rule: deps
`

func TestPolicyValidateStdin(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		stdin string
		code  int
		want  string
	}{
		{[]string{"policy", "validate", "-"}, policyWithTests, ExitOK, "ok: <stdin> is valid (sha256:"},
		{[]string{"policy", "validate", "--policy", "-"}, policyWithTests, ExitOK, "ok: <stdin> is valid"},
		{[]string{"policy", "validate", "-"}, "policies:\n  - name: x\n    rules:\n      - block_comand: [rm]\n", ExitFail, "<stdin>:4:9"},
		{[]string{"policy", "validate", "missing.yaml"}, "", ExitUsage, "missing.yaml"},
		{[]string{"policy", "validate", "a.yaml", "--policy", "b.yaml"}, "", ExitUsage, "give the policy file once"},
	} {
		env, out, errb := testEnv(t.TempDir(), t.TempDir(), tt.stdin)
		code := run(t, env, tt.args...)
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.want) {
			t.Errorf("%q: exit %d, out %q, err %q; want %d and %q", tt.args, code, out, errb, tt.code, tt.want)
		}
	}
	env, out, _ := testEnv(t.TempDir(), t.TempDir(), "policies: [\n")
	if code := run(t, env, "policy", "validate", "--json", "-"); code != ExitFail {
		t.Errorf("invalid --json: exit %d", code)
	}
	var res validateResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || res.Valid || len(res.Errors) == 0 || res.Errors[0].File != "<stdin>" || res.Errors[0].Line == 0 {
		t.Errorf("invalid --json: %v %s", err, out)
	}
}

func TestPolicyTestOutputs(t *testing.T) {
	d := t.TempDir()
	file := filepath.Join(d, "p.yaml")
	if err := os.WriteFile(file, []byte(policyWithTests), 0o644); err != nil {
		t.Fatal(err)
	}
	env, out, _ := testEnv(t.TempDir(), d, "")
	if code := run(t, env, "policy", "test", "p.yaml", "-v"); code != ExitFail {
		t.Errorf("policy test: exit %d", code)
	}
	for _, want := range []string{
		"PASS blocks npm: deny by deps/block_commands[0] \"npm install\"",
		"FAIL wrong on purpose <&> (" + file + ":10:5): want deny, got allow",
		"FAIL right decision, wrong rule (" + file + ":13:5): want deny by deps, got deny by mandate-self-protection/protected-path",
		"policy tests: 1 passed, 2 failed",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("policy test output lacks %q:\n%s", want, out)
		}
	}

	env, out, _ = testEnv(t.TempDir(), d, policyWithTests)
	if code := run(t, env, "policy", "test", "--json", "-"); code != ExitFail {
		t.Errorf("policy test --json: exit %d", code)
	}
	var rep policyTestReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Passed != 1 || rep.Failed != 2 || len(rep.Tests) != 3 || rep.Tests[2].ExpectRule != "deps" {
		t.Errorf("policy test --json: %v %s", err, out)
	}

	// JUnit, to a file and to stdout: the same report, which parses as XML.
	env, out, _ = testEnv(t.TempDir(), d, "")
	if code := run(t, env, "policy", "test", "p.yaml", "--junit", "report.xml"); code != ExitFail || !strings.Contains(out.String(), "1 passed, 2 failed") {
		t.Errorf("--junit FILE: exit %d\n%s", code, out)
	}
	fromFile, err := os.ReadFile(filepath.Join(d, "report.xml"))
	if err != nil {
		t.Fatal(err)
	}
	env, out, _ = testEnv(t.TempDir(), d, "")
	run(t, env, "policy", "test", "p.yaml", "--junit", "-")
	if out.String() != string(fromFile) {
		t.Errorf("--junit - differs from --junit FILE:\n%s", out)
	}
	checkGolden(t, "policy-test.junit.golden", out.String())
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suite    struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Line    int    `xml:"line,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(fromFile, &suites); err != nil {
		t.Fatalf("the JUnit report is not XML: %v", err)
	}
	cs := suites.Suite.Cases
	if suites.Tests != 3 || suites.Failures != 2 || len(cs) != 3 || cs[0].Failure != nil || cs[1].Failure == nil ||
		cs[1].Name != "wrong on purpose <&>" || cs[1].Line != 10 || !strings.Contains(cs[2].Failure.Text, "want:   deny by deps") {
		t.Errorf("JUnit report: %+v", suites)
	}
}

func TestXMLText(t *testing.T) {
	got := xmlText("a<b>&\"c'\x01\xff\n\tz")
	want := "a&lt;b&gt;&amp;&quot;c&apos;\uFFFD\uFFFD&#xA;&#x9;z"
	if got != want {
		t.Errorf("xmlText = %q, want %q", got, want)
	}
	var v struct {
		A string `xml:"a,attr"`
	}
	in := "x<&>\"'\n\ty"
	if err := xml.Unmarshal([]byte(`<e a="`+xmlText(in)+`"/>`), &v); err != nil || v.A != in {
		t.Errorf("round trip: %q %v", v.A, err)
	}
}

// TestPolicyInit: the starter policy parses and its own tests pass; it
// goes to the repository root, never over an existing file without
// --force; --out - prints it (golden).
func TestPolicyInit(t *testing.T) {
	p, err := policy.Parse(policy.FileName, starterPolicy)
	if err != nil {
		t.Fatalf("the starter policy does not parse: %v", err)
	}
	res := p.RunTests()
	if len(res) < 10 {
		t.Errorf("only %d tests in the starter policy", len(res))
	}
	for _, r := range res {
		if !r.Pass {
			t.Errorf("starter test %q fails: %s", r.Name, testFailure(r))
		}
	}

	env, out, _ := testEnv(t.TempDir(), t.TempDir(), "")
	if code := run(t, env, "policy", "init", "--out", "-"); code != ExitOK {
		t.Fatalf("policy init --out -: exit %d", code)
	}
	checkGolden(t, "policy-init.golden", out.String())

	d := t.TempDir()
	repo := filepath.Join(d, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	os.MkdirAll(filepath.Join(repo, "sub"), 0o755)
	env, out, errb := testEnv(t.TempDir(), filepath.Join(repo, "sub"), "")
	file := filepath.Join(repo, policy.FileName)
	if code := run(t, env, "policy", "init"); code != ExitOK || !strings.Contains(out.String(), "wrote "+file) {
		t.Fatalf("policy init: exit %d %q %q", code, out, errb)
	}
	if b, _ := os.ReadFile(file); string(b) != string(starterPolicy) {
		t.Errorf("%s is not the starter policy", file)
	}
	os.WriteFile(file, []byte("mine\n"), 0o644)
	env, _, errb = testEnv(t.TempDir(), repo, "")
	if code := run(t, env, "policy", "init"); code != ExitFail || !strings.Contains(errb.String(), "exists") {
		t.Errorf("over an existing file: exit %d %q", code, errb)
	}
	if b, _ := os.ReadFile(file); string(b) != "mine\n" {
		t.Error("policy init replaced an existing file without --force")
	}
	env, _, _ = testEnv(t.TempDir(), repo, "")
	if code := run(t, env, "policy", "init", "--force"); code != ExitOK {
		t.Errorf("--force: exit %d", code)
	}
	env, out, _ = testEnv(t.TempDir(), repo, "")
	if code := run(t, env, "policy", "test"); code != ExitOK || !strings.Contains(out.String(), "0 failed") {
		t.Errorf("policy test of the written starter: exit %d\n%s", code, out)
	}
}
