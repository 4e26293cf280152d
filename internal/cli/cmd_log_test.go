package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// logSeed appends records of three sessions, two of which share an
// 8-character prefix (time-ordered ids, as Codex's are), in two
// repositories, with several types and tools.
func logSeed(t *testing.T, state string) {
	t.Helper()
	if err := evidence.Init(state); err != nil {
		t.Fatal(err)
	}
	red, err := evidence.NewRedactor(state, false)
	if err != nil {
		t.Fatal(err)
	}
	l, err := evidence.Open(state, evidence.Options{Redactor: red})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	recs := []evidence.Record{
		{Type: evidence.TypeSessionStart, SessionID: "01a1fef9-561e-77d0-9ce5-55b7754a424b", Agent: "codex", User: "jane", Repo: "/src/app"},
		{Type: evidence.TypeDecision, SessionID: "01a1fef9-561e-77d0-9ce5-55b7754a424b", Agent: "codex", User: "jane", Repo: "/src/app", Tool: "Bash", Decision: "deny", Rule: "r", Reason: "no", Params: map[string]any{"command": "npm install x"}},
		{Type: evidence.TypeDecision, SessionID: "01a1fef9-5a00-7000-8000-000000000001", Agent: "codex", User: "jane", Repo: "/src/app/sub", Tool: "apply_patch", Decision: "allow", Params: map[string]any{"command": "*** Begin Patch"}},
		{Type: evidence.TypeDecision, SessionID: "d2eda41b-673e-4034-8890-5c2613030c57", Agent: "claude", User: "joe", Repo: "/src/other", Tool: "Write", Decision: "allow", Params: map[string]any{"file_path": "/src/other/a.go"}},
		{Type: evidence.TypeDecision, SessionID: "d2eda41b-673e-4034-8890-5c2613030c57", Agent: "claude", User: "joe", Repo: "/src/other", Tool: "bash", Decision: "ask", Reason: "maybe", Params: map[string]any{"command": "curl x | sh"}},
		{Type: evidence.TypeSessionEnd, SessionID: "d2eda41b-673e-4034-8890-5c2613030c57", Agent: "claude", User: "joe", Repo: "/src/other"},
	}
	for i, r := range recs {
		r.Timestamp = evNow.Add(time.Duration(i-len(recs)) * time.Hour)
		if _, err := l.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

// logIndexes runs log --json with args and returns the indexes listed.
func logIndexes(t *testing.T, state string, args ...string) []int64 {
	t.Helper()
	env, out, errb := testEnv(state, "/src", "")
	if code := run(t, env, append([]string{"log", "--json"}, args...)...); code != ExitOK {
		t.Fatalf("log %q: exit %d: %s", args, code, errb)
	}
	var got []int64
	dec := json.NewDecoder(out)
	for dec.More() {
		var e evidence.Entry
		if err := dec.Decode(&e); err != nil {
			t.Fatal(err)
		}
		got = append(got, e.Index)
	}
	return got
}

func TestLogFilters(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	logSeed(t, state)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "[0 1 2 3 4 5]"},
		{[]string{"--type", "decision"}, "[1 2 3 4]"},
		{[]string{"--type", "session.start,session.end"}, "[0 5]"},
		{[]string{"--tool", "BASH"}, "[1 4]"},
		{[]string{"--tool", "Write,apply_patch"}, "[2 3]"},
		{[]string{"--repo", "/src/app"}, "[0 1 2]"},
		{[]string{"--repo", "app"}, "[0 1 2]"}, // relative to the working directory, /src
		{[]string{"--repo", "/src"}, "[0 1 2 3 4 5]"},
		{[]string{"--repo", "/src/ap"}, "[]"},
		{[]string{"--decision", "allow"}, "[2 3]"},
		{[]string{"--type", "decision", "--limit", "2"}, "[3 4]"},
		{[]string{"--tool", "bash", "-n", "1"}, "[4]"},
		{[]string{"--session", "d2eda41b"}, "[3 4 5]"},
		{[]string{"--session", "01a1fef9-56"}, "[0 1]"},
		{[]string{"--session", "01a1fef9-561e-77d0-9ce5-55b7754a424b"}, "[0 1]"},
	}
	for _, tt := range tests {
		got := logIndexes(t, state, tt.args...)
		if fmt.Sprint(got) != tt.want {
			t.Errorf("log %q: %v, want %s", tt.args, got, tt.want)
		}
	}
}

// TestSessionPrefix: a unique prefix names a session; an ambiguous one is
// a usage error listing the candidates; no match, too.
func TestSessionPrefix(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	logSeed(t, state)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"log", "--session", "01a1fef9"}, "is ambiguous: 2 sessions match: 01a1fef9-5a00-7000-8000-000000000001 (codex, last 2026-03-10 08:00Z), 01a1fef9-561e-77d0-9ce5-55b7754a424b (codex, last 2026-03-10 07:00Z)"},
		{[]string{"log", "--session", "ffff"}, `no session "ffff"`},
		{[]string{"export", "--out", "x", "--session", "01a1"}, "is ambiguous"},
	} {
		env, _, errb := testEnv(state, t.TempDir(), "")
		if code := run(t, env, tt.args...); code != ExitUsage || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%q: exit %d %q, want 2 and %q", tt.args, code, errb, tt.want)
		}
	}
	// The table shows ids cut where they differ, and the cut id works.
	env, out, _ := testEnv(state, t.TempDir(), "")
	run(t, env, "log")
	if !strings.Contains(out.String(), "01a1fef9-56 ") || !strings.Contains(out.String(), "01a1fef9-5a ") || strings.Contains(out.String(), "…") && strings.Contains(out.String(), "01a1fef9-…") {
		t.Errorf("log table ids:\n%s", out)
	}
	if got := logIndexes(t, state, "--session", "01a1fef9-5a"); len(got) != 1 || got[0] != 2 {
		t.Errorf("the cut id %q names %v", "01a1fef9-5a", got)
	}
}

func TestShortIDs(t *testing.T) {
	for _, tt := range []struct {
		ids  []string
		want int
	}{
		{nil, 8},
		{[]string{"abc"}, 8},
		{[]string{"0123456789", "0123456789"}, 8},
		{[]string{"01a1fef9-561e", "01a1fef9-5a00"}, 11},
		{[]string{"abcdefghij", "abcdefghijk"}, 11},
		{[]string{"x1", "y1", "abcdefgh1", "abcdefgh2"}, 9},
	} {
		if got := shortIDs(tt.ids); got != tt.want {
			t.Errorf("shortIDs(%q) = %d, want %d", tt.ids, got, tt.want)
		}
	}
	if got := shortID("é01234567", 1); got != "-" && got != "é" {
		t.Errorf("shortID cut inside a rune: %q", got)
	}
}

// TestLogTimes: human output is in the local zone (Env.Loc) unless --utc;
// --wide shows whole cells; JSON stays UTC.
func TestLogTimes(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	logSeed(t, state)
	env, out, _ := testEnv(state, t.TempDir(), "")
	env.Loc = time.FixedZone("CET", 3600)
	run(t, env, "log", "--type", "session.start")
	if !strings.Contains(out.String(), "TIME (CET)") || !strings.Contains(out.String(), "2026-03-10 07:00:00.000") {
		t.Errorf("local time:\n%s", out)
	}
	out.Reset()
	run(t, env, "log", "--type", "session.start", "--utc")
	if !strings.Contains(out.String(), "TIME (UTC)") || !strings.Contains(out.String(), "2026-03-10 06:00:00.000") {
		t.Errorf("--utc:\n%s", out)
	}
	out.Reset()
	run(t, env, "sessions")
	if !strings.Contains(out.String(), "FIRST (CET)") || !strings.Contains(out.String(), "01a1fef9-561e-77d0-9ce5-55b7754a424b") {
		t.Errorf("sessions:\n%s", out)
	}
	out.Reset()
	run(t, env, "log", "--wide", "--type", "decision", "--tool", "bash")
	if !strings.Contains(out.String(), "01a1fef9-561e-77d0-9ce5-55b7754a424b") {
		t.Errorf("--wide shows whole ids:\n%s", out)
	}
}

// TestVerifyExitCodes: 0 verifies, 1 does not verify, 2 cannot read.
func TestVerifyExitCodes(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	env, _, errb := testEnv(state, d, "")
	if code := run(t, env, "verify"); code != ExitUsage || !strings.Contains(errb.String(), "no evidence log") {
		t.Errorf("no log: %d %q", code, errb)
	}
	logSeed(t, state)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"verify"}, ExitOK, ""},
		{[]string{"verify", "--bundle", filepath.Join(d, "missing.bundle")}, ExitUsage, "cannot read the bundle"},
		{[]string{"verify", "--bundle", d}, ExitUsage, "is a directory"},
		{[]string{"verify", "--bundle", "-"}, ExitUsage, "empty"}, // empty stdin: not a bundle
	} {
		env, _, errb := testEnv(state, d, "")
		if code := run(t, env, tt.args...); code != tt.code || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%q: exit %d %q, want %d and %q", tt.args, code, errb, tt.code, tt.want)
		}
	}
}

// TestExportToStdout: export --out - writes the bundle to stdout (the
// messages to stderr), and verify --bundle - reads it back.
func TestExportToStdout(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	logSeed(t, state)
	env, out, errb := testEnv(state, d, "")
	if code := run(t, env, "export", "--out", "-", "--session", "d2ed"); code != ExitOK || !strings.Contains(errb.String(), "wrote standard output: 3 records") {
		t.Fatalf("export --out -: %d %q", code, errb)
	}
	if entries, _ := os.ReadDir(d); len(entries) != 1 {
		t.Errorf("export --out - left files behind: %v", entries)
	}
	key, _ := evidence.VerifierKey(state)
	env2, out2, errb2 := testEnv(state, d, out.String())
	if code := run(t, env2, "verify", "--bundle", "-", "--key", key, "--json"); code != ExitOK || !strings.Contains(out2.String(), `"ok": true`) {
		t.Errorf("verify --bundle -: %d %q %s", code, errb2, out2)
	}
	env3, _, errb3 := testEnv(state, d, "")
	if code := run(t, env3, "export", "--out", "-", "--json"); code != ExitUsage || !strings.Contains(errb3.String(), "choose one") {
		t.Errorf("export --out - --json: %d %q", code, errb3)
	}
}

// TestJSONShapes pins the shape (keys and value types) of every --json
// output this package defines or passes through, so a change to one is a
// visible golden diff (docs/cli.md documents them).
func TestJSONShapes(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	repo, getenv := checkRepo(t)
	logSeed(t, state)
	type call struct {
		name  string
		args  []string
		lines bool // JSON Lines
		cwd   string
	}
	calls := []call{
		{"version", []string{"version", "--json"}, false, d},
		{"init", []string{"init", "--json"}, false, d},
		{"log", []string{"log", "--json", "--limit", "1"}, true, d},
		{"sessions", []string{"sessions", "--json"}, false, d},
		{"checkpoint", []string{"checkpoint", "--json"}, false, d},
		{"verify", []string{"verify", "--json"}, false, d},
		{"export", []string{"export", "--out", "b.bundle", "--json"}, false, d},
		{"verify --bundle", []string{"verify", "--bundle", "b.bundle", "--trust-bundled-key", "--json"}, false, d},
		{"session show", []string{"session", "show", "01a1fef9-56", "--json"}, false, d},
		{"report", []string{"report", "--out", "r.csv", "--json"}, false, d},
		{"prune", []string{"prune", "--before", "1d", "--force", "--json"}, false, d},
		{"tamper status", []string{"tamper", "status", "--json"}, false, d},
		{"serve status", []string{"serve", "status", "--json"}, false, d},
		{"check", []string{"check", "--json", "--command", "npm install x"}, false, repo},
		{"policy explain", []string{"policy", "explain", "--json", "--command", "npm install x"}, false, repo},
		{"policy validate", []string{"policy", "validate", "--json"}, false, repo},
		{"policy test", []string{"policy", "test", "--json", "-"}, false, repo},
	}
	var b strings.Builder
	for _, c := range calls {
		env, out, errb := testEnv(state, c.cwd, "policies: []\ntests:\n  - {name: t, command: ls, expect: allow}\n")
		if c.cwd == repo {
			env.Getenv = getenv
		}
		code := run(t, env, c.args...)
		if code != ExitOK && code != ExitDeny {
			t.Errorf("%q: exit %d: %s", c.args, code, errb)
			continue
		}
		text := out.String()
		if c.lines {
			text = strings.SplitN(text, "\n", 2)[0]
		}
		var v any
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			t.Errorf("%q: not JSON: %v\n%s", c.args, err, text)
			continue
		}
		var s bytes.Buffer
		shape(&s, v, "  ")
		b.WriteString("mandate " + strings.Join(c.args, " ") + "\n" + s.String())
	}
	checkGolden(t, "json-shapes.golden", b.String())
}

// shape writes the keys and value types of a JSON value, one per line.
func shape(w *bytes.Buffer, v any, indent string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			w.WriteString(indent + k + ": " + kind(x[k]) + "\n")
			switch y := x[k].(type) {
			case map[string]any:
				shape(w, y, indent+"  ")
			case []any:
				if len(y) > 0 {
					shape(w, y[0], indent+"  ")
				}
			}
		}
	case []any:
		w.WriteString(indent + "[" + "]\n")
		if len(x) > 0 {
			shape(w, x[0], indent+"  ")
		}
	}
}

func kind(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "object"
	case []any:
		if len(x) == 0 {
			return "array (empty here)"
		}
		return "array of " + kind(x[0])
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}
