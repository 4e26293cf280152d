package shell

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Entry is one case of testdata/evasion.yaml. Expect is the decision under
// testdata/example-policy.yaml (checked by internal/policy); the optional
// facts are checked here against Analyze.
type Entry struct {
	Cmd     string   `yaml:"cmd"`
	Expect  string   `yaml:"expect"`
	Trust   string   `yaml:"trust"`
	Source  string   `yaml:"source"`
	Why     string   `yaml:"why"`
	Finds   []string `yaml:"finds"`
	Reads   []string `yaml:"reads"`
	Writes  []string `yaml:"writes"`
	Deletes []string `yaml:"deletes"`
	Hosts   []string `yaml:"hosts"`
	Env     []string `yaml:"env"`
	Opaque  *bool    `yaml:"opaque"`
	Dump    bool     `yaml:"dump"`
	Error   bool     `yaml:"error"`
}

func loadCorpus(t testing.TB) []Entry {
	t.Helper()
	b, err := os.ReadFile("testdata/evasion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Entries []Entry `yaml:"entries"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("evasion.yaml: %v", err)
	}
	return doc.Entries
}

func TestCorpusWellFormed(t *testing.T) {
	es := loadCorpus(t)
	if len(es) < 170 {
		t.Fatalf("corpus has %d entries, want at least 170", len(es))
	}
	count := map[string]int{}
	seen := map[string]bool{}
	for i, e := range es {
		key := e.Cmd + "\x00" + e.Trust
		if seen[key] {
			t.Errorf("entry %d %q: duplicate", i, e.Cmd)
		}
		seen[key] = true
		switch e.Expect {
		case "allow", "deny", "ask":
			count[e.Expect]++
		default:
			t.Errorf("entry %d %q: expect %q", i, e.Cmd, e.Expect)
		}
		switch e.Trust {
		case "", "write_local", "read_only", "external":
		default:
			t.Errorf("entry %d %q: trust %q", i, e.Cmd, e.Trust)
		}
		if e.Cmd == "" || strings.TrimSpace(e.Source) == "" || strings.TrimSpace(e.Why) == "" {
			t.Errorf("entry %d %q: cmd, source and why are required", i, e.Cmd)
		}
		if e.Error && e.Expect != "deny" {
			t.Errorf("entry %d %q: a line that cannot be analyzed must expect deny", i, e.Cmd)
		}
		if e.Opaque != nil && *e.Opaque && e.Expect == "allow" {
			t.Errorf("entry %d %q: an opaque line cannot be allowed", i, e.Cmd)
		}
	}
	for _, k := range []string{"allow", "deny", "ask"} {
		if count[k] < 20 {
			t.Errorf("only %d %s entries", count[k], k)
		}
	}
}

func TestCorpusFacts(t *testing.T) {
	for _, e := range loadCorpus(t) {
		t.Run(e.Cmd, func(t *testing.T) {
			an, err := Analyze(e.Cmd, testOpt)
			if e.Error {
				if err == nil {
					t.Fatal("Analyze succeeded, want an error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			var lines []string
			for _, c := range an.Commands {
				lines = append(lines, c.Line)
			}
			for _, f := range e.Finds {
				if !slices.Contains(lines, f) {
					t.Errorf("command %q not found in %q", f, lines)
				}
			}
			subset := func(what string, want, got []string) {
				for _, w := range want {
					if !slices.Contains(got, w) {
						t.Errorf("%s: %q not in %q", what, w, got)
					}
				}
			}
			subset("reads", e.Reads, paths(an.Reads))
			subset("deletes", e.Deletes, paths(an.Deletes))
			subset("env", e.Env, an.EnvRefs)
			if e.Writes != nil && len(e.Writes) == 0 && len(an.Writes) > 0 {
				t.Errorf("writes = %q, want none", paths(an.Writes))
			}
			subset("writes", e.Writes, paths(an.Writes))
			var hosts []string
			for _, h := range an.Hosts {
				hosts = append(hosts, h.Host)
			}
			if e.Hosts != nil && len(e.Hosts) == 0 && len(hosts) > 0 {
				t.Errorf("hosts = %q, want none", hosts)
			}
			subset("hosts", e.Hosts, hosts)
			if e.Opaque != nil && *e.Opaque != (len(an.Opaque) > 0) {
				t.Errorf("opaque = %+v, want %v", an.Opaque, *e.Opaque)
			}
			if e.Dump && !an.EnvDump {
				t.Error("EnvDump not set")
			}
			// Lines the policy must allow or ask for must still be
			// analyzable without an opaque part when they are allowed.
			if e.Expect == "allow" && len(an.Opaque) > 0 {
				t.Errorf("allowed line has opaque parts: %+v", an.Opaque)
			}
		})
	}
}
