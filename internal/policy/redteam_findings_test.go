package policy

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// redteamCase is one entry of internal/shell/testdata/evasion.yaml with the
// fields the red-team findings report needs.
type redteamCase struct {
	Cmd    string `yaml:"cmd"`
	Expect string `yaml:"expect"`
	Trust  string `yaml:"trust"`
	Class  string `yaml:"class"`
	Source string `yaml:"source"`
	Why    string `yaml:"why"`
}

// loadRedteamCorpus reads the evasion corpus: its documented classes and
// its entries.
func loadRedteamCorpus(t testing.TB) (classes map[string]string, cases []redteamCase) {
	t.Helper()
	src, err := os.ReadFile("../shell/testdata/evasion.yaml")
	if err != nil {
		t.Fatalf("evasion corpus: %v", err)
	}
	var doc struct {
		Classes map[string]string `yaml:"classes"`
		Entries []redteamCase     `yaml:"entries"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("evasion corpus: %v", err)
	}
	return doc.Classes, doc.Entries
}

// fixtureDependent reports whether a case's expectation depends on the
// fixture tree (a hard link, a symlink, a git branch, a file that exists):
// its "why" says so.
func fixtureDependent(c redteamCase) bool { return strings.HasPrefix(c.Why, "fixture:") }

// TestRedteamFindings writes the red-team findings report: every corpus
// case whose decision differs from its expectation, grouped by class, with
// the decision and reason the engine gives. It runs only when
// REDTEAM_FINDINGS names the Markdown file to write (the report is a work
// list, not an assertion: TestEvasionCorpus is the assertion). The cases
// are decided as TestEvasionCorpus decides them.
func TestRedteamFindings(t *testing.T) {
	out := os.Getenv("REDTEAM_FINDINGS")
	if out == "" {
		t.Skip("set REDTEAM_FINDINGS=FILE to write the red-team findings report")
	}
	classes, cases := loadRedteamCorpus(t)
	p := fixturePolicy(t, fixture.Standard(t))

	type failure struct {
		c      redteamCase
		got    Effect
		reason string
	}
	byClass := map[string][]failure{}
	total := map[string]int{}
	var dangerous []failure // expected deny or ask, got allow
	for _, c := range cases {
		trust := c.Trust
		if trust == "" {
			trust = action.WriteLocal
		}
		total[c.Class]++
		d := p.Evaluate(execAction(c.Cmd, trust))
		if d.Decision == Effect(c.Expect) {
			continue
		}
		f := failure{c: c, got: d.Decision, reason: d.Reason}
		byClass[c.Class] = append(byClass[c.Class], f)
		if d.Decision == Allow {
			dangerous = append(dangerous, f)
		}
	}

	names := make([]string, 0, len(classes))
	for n := range classes {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	nfail := 0
	for _, fs := range byClass {
		nfail += len(fs)
	}
	fmt.Fprintf(&b, "# Red-team findings\n\n")
	fmt.Fprintf(&b, "The evasion corpus (`internal/shell/testdata/evasion.yaml`, %d cases) decided by the engine of this branch, "+
		"as TestEvasionCorpus decides it: on the standard fixture tree (internal/policy/testdata/fixture.txt) with its binaries, state "+
		"directory, $PATH and the real git query runner; cases marked **fs** depend on that tree. %d cases are wrong; %d of them are **allowed although a deny or ask is expected**.\n\n",
		len(cases), nfail, len(dangerous))
	fmt.Fprintf(&b, "Regenerate: `REDTEAM_FINDINGS=$PWD/findings.md go test ./internal/policy -run TestRedteamFindings`.\n\n")
	fmt.Fprintf(&b, "| class | cases | wrong | allowed but should not be |\n|---|---:|---:|---:|\n")
	for _, n := range names {
		fs := byClass[n]
		bad := 0
		for _, f := range fs {
			if f.got == Allow {
				bad++
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", n, total[n], len(fs), bad)
	}
	for _, n := range names {
		fs := byClass[n]
		if len(fs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s (%d of %d wrong)\n\n%s\n\n", n, len(fs), total[n], classes[n])
		for _, f := range fs {
			fsMark := ""
			if fixtureDependent(f.c) {
				fsMark = " **fs**"
			}
			trust := ""
			if f.c.Trust != "" {
				trust = " at " + f.c.Trust
			}
			fmt.Fprintf(&b, "- want %s, got **%s**%s%s: `%s`\n  - why: %s\n  - engine: %s\n",
				f.c.Expect, f.got, trust, fsMark, mdLine(f.c.Cmd), f.c.Why, mdLine(f.reason))
		}
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d cases wrong (%d allowed that should not be); report in %s", nfail, len(cases), len(dangerous), out)
}

// mdLine shows a command or reason on one Markdown line.
func mdLine(s string) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	s = strings.ReplaceAll(s, "`", "'")
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}
