package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestStructuredTexts: the command lines and argvs structured arguments
// hold (red-team round 7 #2, class exec/wrapper): JSON values and string
// arrays, exec-form arrays, YAML keys, list items and block scalars, TOML
// values and multi-line strings, comma-joined argvs; data without these
// shapes gives nothing.
func TestStructuredTexts(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // each must be found
		none bool     // nothing found but the text itself
	}{
		{text: `{"cmd":"rm agent-policy.yaml"}`, want: []string{"rm agent-policy.yaml"}},
		{text: `{"cmd":["rm","agent-policy.yaml"]}`, want: []string{"rm agent-policy.yaml"}},
		{text: `["sh","-c","rm x; cat .env"]`, want: []string{"sh -c 'rm x; cat .env'"}},
		{text: `{"a":{"b":[{"run":"rm \u0078"}]}}`, want: []string{"rm x"}},
		{text: `{cmd: 'it''s', run: rm x}`, want: []string{"it's", "rm x"}},
		{text: "- run: rm agent-policy.yaml", want: []string{"rm agent-policy.yaml"}},
		{text: "steps:\n  - run: |\n      echo a\n      rm b\n  - name: x", want: []string{"echo a\nrm b", "rm b"}},
		{text: "x: >\n  rm\n  b\n", want: []string{"rm b"}},
		{text: "[tasks.x]\nrun = \"rm y\"\n", want: []string{"rm y"}},
		{text: "run = '''\nrm a\nrm b\n'''", want: []string{"rm a", "rm b"}},
		{text: "cmds: [rm ../agent-policy.yaml, ls]", want: []string{"rm ../agent-policy.yaml", "ls"}},
		{text: "x:\n\trm y\n", want: []string{"rm y"}},
		{text: "sh,-c,rm agent-policy.yaml", want: []string{"sh -c 'rm agent-policy.yaml'"}},
		{text: "cmd=rm agent-policy.yaml", want: []string{"rm agent-policy.yaml"}}, // INI, --set k=v
		{text: "<cmd>rm &amp; x</cmd><arg>y</arg>", want: []string{"rm & x", "'rm & x' y"}},
		{text: "bug,help-wanted", none: true},
		{text: "hello", none: true},
	} {
		got := slices.DeleteFunc(structuredTexts(c.text), func(s string) bool { return s == c.text })
		if c.none && len(got) > 0 {
			t.Errorf("structuredTexts(%q) = %q, want nothing", c.text, got)
		}
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("structuredTexts(%q) = %q, want %q among them", c.text, got, w)
			}
		}
	}
}

// TestStructuredCandidateFacts: what a structured argument's command
// lines write is a candidate write, what they read a read.
func TestStructuredCandidateFacts(t *testing.T) {
	an, err := Analyze(`frob --config '{"cmd":["rm","agent-policy.yaml"],"pre":"cat .env"}'`, Options{Cwd: "/r", Home: "/h"})
	if err != nil {
		t.Fatal(err)
	}
	var cand, read bool
	for _, w := range an.Writes {
		cand = cand || w.Path == "/r/agent-policy.yaml" && w.Candidate
	}
	for _, r := range an.Reads {
		read = read || r.Path == "/r/.env"
	}
	if !cand || !read {
		t.Errorf("candidate write %v, read %v: %+v", cand, read, an)
	}
}

// FuzzStructuredTexts: any text scans in bounded time and output.
func FuzzStructuredTexts(f *testing.F) {
	for _, s := range []string{`{"cmd":["rm","x"]}`, "- run: |\n  rm x\n", "a = '''\nx", `["a",[`, `{"\u12`, "sh,-c,x", "x: >-\n  a\n b", `[[[[{{{`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<14 {
			return
		}
		start := time.Now()
		got := structuredTexts(s)
		if len(got) > maxStructTexts {
			t.Fatalf("%d texts", len(got))
		}
		for _, g := range got {
			if strings.TrimSpace(g) != g || g == "" {
				t.Fatalf("text %q not trimmed", g)
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

// TestStructuredProgramArgs: a program and its arguments given under
// keys of their own (treefmt's command and options, a YAML args list).
func TestStructuredProgramArgs(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"[formatter.x]\ncommand = \"rm\"\noptions = [\"agent-policy.yaml\"]\n", "rm agent-policy.yaml"},
		{"x:\n  command: sh\n  args:\n    - -c\n    - \"rm y\"\n", "sh -c 'rm y'"},
	} {
		if got := structuredTexts(c.text); !slices.Contains(got, c.want) {
			t.Errorf("structuredTexts(%q) = %q, want %q among them", c.text, got, c.want)
		}
	}
}
