package policy

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
	"github.com/mandate-dev/mandate/internal/shell"
)

// bigPolicy generates a policy of n rules (list items), each with two
// entries, mixing every rule kind and literal and glob/regex shapes, plus
// one allow_paths rule so every write is checked against it.
func bigPolicy(n int) string {
	var b strings.Builder
	b.WriteString("policies:\n  - name: boundary\n    rules:\n      - allow_paths: [\"src/\", \"tests/\", \"docs/**/*.md\"]\n      - require_approval_outside_paths: [\"**\", \"/tmp/\", \"$TMPDIR\"]\n")
	for i := 0; i < n-2; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&b, "  - name: generated-%d\n    description: Generated policy %d\n    rules:\n", i/10, i/10)
		}
		switch i % 12 {
		case 0:
			fmt.Fprintf(&b, "      - block_commands: [\"tool%d (deploy|destroy)\", \"kubectl.*--context=prod-%d\"]\n", i, i)
		case 1:
			fmt.Fprintf(&b, "      - block_paths: [\"secret-%d.key\", \"infra-%d/\"]\n", i, i)
		case 2:
			fmt.Fprintf(&b, "      - block_paths: [\"vault-%d/**/*.pem\", \"*.p%d\"]\n", i, i)
		case 3:
			fmt.Fprintf(&b, "      - block_hosts: [\"api-%d.internal.example\", \"*.zone-%d.example\"]\n", i, i)
		case 4:
			fmt.Fprintf(&b, "      - block_env_vars: [\"SECRET_%d\", \"TOKEN_%d\"]\n", i, i)
		case 5:
			fmt.Fprintf(&b, "      - require_approval: [\"manifest-%d.json\", \"deploy/%d/*.yaml\"]\n", i, i)
		case 6:
			fmt.Fprintf(&b, "      - require_approval_commands: [\"make release-%d\", \"(helm|terraform) apply -var-file=env%d\"]\n", i, i)
		case 7:
			fmt.Fprintf(&b, "      - block_mcp: [\"server%d/*\", \"*/drop_%d\"]\n", i, i)
		case 8:
			fmt.Fprintf(&b, "      - block_deletes: [\"keep-%d/\", \"*.k%d\"]\n", i, i)
		case 9:
			fmt.Fprintf(&b, "      - require_approval_deletes: [\"data-%d/**/*.db\", \"ledger-%d.csv\"]\n", i, i)
		case 10:
			// One rule names npm, which the benchmark's npm install hits (as
			// it hits one block_commands rule of the seed's policy); the
			// others name the other ecosystems.
			other := ecosystems[1:]
			eco := other[i%len(other)]
			if i == 10 {
				eco = "npm"
			}
			if i%24 == 10 {
				fmt.Fprintf(&b, "      - block_dependency_changes: [%s, %s]\n", eco, other[(i+1)%len(other)])
			} else {
				fmt.Fprintf(&b, "      - require_approval_dependency_changes: [%s, %s]\n", eco, other[(i+3)%len(other)])
			}
		case 11:
			op := historyOps[i%len(historyOps)]
			if i%24 == 11 {
				fmt.Fprintf(&b, "      - block_git_history: [%s, %s]\n", op, historyOps[(i+1)%len(historyOps)])
			} else {
				fmt.Fprintf(&b, "      - require_approval_git_history: [%s, %s]\n", op, historyOps[(i+2)%len(historyOps)])
			}
		}
	}
	return b.String()
}

func benchActions() []*action.Action {
	return []*action.Action{
		execAction("go test ./... && git status", ""),
		execAction("npm install -D left-pad", ""),
		execAction("grep -rn TODO src | sort | uniq -c > docs/todo.md", ""),
		execAction("curl -fsSL https://api.github.com/repos/x/y -o src/y.json", ""),
		fileAction(action.FileWrite, "", "src/pkg/handler.go"),
		fileAction(action.FileRead, "", "config/.env.local"),
		{V: 1, Kind: action.NetFetch, URL: "https://pkg.go.dev/net/http", Cwd: testRoot, Actor: actor("")},
	}
}

func TestBigPolicyParses(t *testing.T) {
	p := mustParse(t, bigPolicy(500))
	n := 0
	for _, up := range p.policies {
		n += len(up.rules)
	}
	if n != 500 {
		t.Fatalf("generated %d rules, want 500", n)
	}
	// The generated rules really fire.
	if d := p.Evaluate(execAction("tool12 deploy now", "")); d.Decision != Deny {
		t.Fatalf("generated block_commands: %s %s", d.Decision, d.Reason)
	}
	if d := p.Evaluate(fileAction(action.FileRead, "", "a/b/secret-13.key")); d.Decision != Deny {
		t.Fatalf("generated block_paths: %s %s", d.Decision, d.Reason)
	}
	if d := p.Evaluate(execAction("rm -r keep-20", "")); d.Decision != Deny {
		t.Fatalf("generated block_deletes: %s %s", d.Decision, d.Reason)
	}
	if d := p.Evaluate(execAction("npm install left-pad", "")); d.Decision == Allow {
		t.Fatalf("generated dependency rules: %s %s", d.Decision, d.Reason)
	}
	if d := p.Evaluate(execAction("git stash clear", "")); d.Decision == Allow {
		t.Fatalf("generated git history rules: %s %s", d.Decision, d.Reason)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	acts := benchActions()
	example := mustParseFile(b, "testdata/example.yaml")
	big := mustParse(b, bigPolicy(500))
	for _, c := range []struct {
		name string
		p    *Policy
	}{
		{"example", example},
		{"500rules", big},
		{"500rules-fs", big.WithOptions(Options{})}, // the real file system (where /home/dev/project is absent)
		// The standard fixture: the paths exist, src/p is a hard link to the
		// policy, the protected set has binaries and a state directory.
		{"500rules-fixture", big.WithOptions(fixtureOptions(fixture.Standard(b)))},
		// As the gate runs it: Mandate's binaries known, programs looked
		// up on a $PATH, processes listed on demand.
		{"500rules-protected", big.WithOptions(Options{Resolve: identity, Protected: benchBinaries(b),
			PathEnv: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", Procs: func() []Proc { return nil }})},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				d := c.p.Evaluate(acts[i%len(acts)])
				if d.Decision == "" {
					b.Fatal("no decision")
				}
				i++
			}
		})
	}
}

// benchBinaries writes two stand-ins for Mandate's binaries.
func benchBinaries(b *testing.B) []Protected {
	dir := b.TempDir()
	var out []Protected
	for _, n := range []string{"mandate", "mandate-engine"} {
		p := dir + "/" + n
		if err := os.WriteFile(p, []byte(strings.Repeat(n, 1000)), 0o755); err != nil {
			b.Fatal(err)
		}
		out = append(out, Protected{Path: p, Kind: ProtectBinary})
	}
	return out
}

func BenchmarkParse500(b *testing.B) {
	src := []byte(bigPolicy(500))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("big.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecide measures the engine alone: the exec actions' command
// lines are analysed once beforehand, so only rule matching and building
// the decision are timed.
func BenchmarkDecide(b *testing.B) {
	big := mustParse(b, bigPolicy(500))
	var ans []*shell.Analysis
	for _, a := range benchActions() {
		if a.Kind != action.Exec {
			continue
		}
		an, err := shell.Analyze(a.Command, shell.Options{Cwd: testRoot, Home: testHome})
		if err != nil {
			b.Fatal(err)
		}
		ans = append(ans, an)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if d := evalAnalysis(big, "", ans[i%len(ans)]); d.Decision == "" {
			b.Fatal("no decision")
		}
		i++
	}
}
