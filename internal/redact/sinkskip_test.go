package redact

import (
	"encoding/json"
	"testing"
)

// perf14Trees wraps each corpus string in the shapes scanSinks joins and
// walks: a value, a command with arguments, an environment beside it, a
// list, a key, a json.Number, nested objects.
func perf14Trees(tb testing.TB) []any {
	var out []any
	for i, s := range probeCorpus(tb) {
		if len(s) > 4096 || i%7 != 0 && len(out) > 1500 {
			continue
		}
		out = append(out,
			s,
			map[string]any{"command": s, "args": []any{"-c", "echo hi"}, "env": map[string]any{"PW": "hunter2hunter2"}},
			map[string]any{"cmd": []any{"sh", "-c"}, "args": []any{s}, "env": []any{"TOKEN=abcdefgh12345678"}},
			[]any{"bash", "-c", json.Number(s), "x"},
			map[string]any{s: "value", "run": "echo ok"},
			map[string]any{"a": map[string]any{"b": []any{map[string]any{"command": s, "PASS": "s3cr3t-value-1"}}}},
		)
	}
	return out
}

// Where sinkCandidate clears a tree, the whole walk of scanSinks learns
// nothing either, so skipping it changes nothing; where the skip is
// taken or not, Tree gives the same output and findings.
func TestSinkCandidateSkipsNothing(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	defer func() { skipNoReference = true }()
	skipped := 0
	for _, v := range perf14Trees(t) {
		if !sinkCandidate(v, 0) {
			skipped++
			skipNoReference = false
			tr := &treeRun{r: r, known: map[string]string{}}
			tr.scanSinks(v)
			if len(tr.known) != 0 {
				t.Fatalf("%#v: no candidate, but the walk learned %v", v, tr.known)
			}
		}
		skipNoReference = false
		o1, f1 := r.Tree(v)
		skipNoReference = true
		o2, f2 := r.Tree(v)
		b1, _ := json.Marshal(o1)
		b2, _ := json.Marshal(o2)
		if string(b1) != string(b2) || len(f1) != len(f2) {
			t.Fatalf("%#v: skip changes Tree: %s %v / %s %v", v, b1, f1, b2, f2)
		}
	}
	if skipped < 100 {
		t.Fatalf("only %d trees without a candidate", skipped)
	}
	// Deeper than the walk's bound: a candidate (fail closed).
	var deep any = "plain"
	for range maxTreeDepth + 4 {
		deep = []any{deep}
	}
	if !sinkCandidate(deep, 0) {
		t.Fatal("a tree deeper than the bound is no candidate")
	}
}

// appendPath writes the path joinPath builds, for plain keys, keys that
// need quoting, and the root.
func TestAppendPathMatchesJoin(t *testing.T) {
	for _, parent := range []string{"", "params", `a["x.y"]`, "l[3]"} {
		for _, k := range []string{"k", "a-b_c9", "", "x.y", "é", `q"uote`, "[0]", "a b"} {
			if got, want := string(appendPath([]byte(parent), k)), joinPath(parent, k); got != want {
				t.Errorf("appendPath(%q, %q) = %q, want %q", parent, k, got, want)
			}
		}
	}
}
