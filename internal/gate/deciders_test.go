package gate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Class "integrity/session-policy-follows-file" (breaker1 item 1): the
// policies a session started under keep deciding, from their pinned text,
// whatever becomes of the file and whoever changed it. A person's
// stricter edit is in force at once; a looser one from the next session
// after a person accepted it (pending.go).
func TestSessionKeepsItsStartPolicy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env)
	}{
		{"a person loosens it between calls", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, policy.FileName), "policies:\n  - name: relaxed\n    rules:\n      - block_commands: [\"curl\"]\n")
		}},
		{"emptied", func(t *testing.T, e *env) { write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n") }},
		{"replaced by a symlink to a looser file", func(t *testing.T, e *env) {
			loose := filepath.Join(e.dir, "loose.yaml")
			write(t, loose, "policies: []\n")
			pol := filepath.Join(e.repo, policy.FileName)
			if err := os.Remove(pol); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(loose, pol); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T, e *env) { os.Remove(filepath.Join(e.repo, policy.FileName)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			start := e.g.Policy().Digest()
			mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
			e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
			tc.change(t, e)
			g := e.gateAt(t, e.repo)
			mustDecide(t, g, e.call(e.repo, "s-1", "t-2", "npm install left-pad"), policy.Deny)
			recs := e.ofType(t, evidence.TypeDecision)
			last := recs[len(recs)-1]
			if last.PinnedPolicyDigest != start || last.PolicyDigest != g.Policy().Digest() {
				t.Errorf("record digests %s (pinned %s), want %s (pinned %s)", last.PolicyDigest, last.PinnedPolicyDigest, g.Policy().Digest(), start)
			}
			// Every text that decided is in the log.
			texts := map[string]bool{}
			for _, r := range e.ofType(t, evidence.TypePolicyLoad) {
				texts[r.PolicyDigest] = true
			}
			if !texts[start] || !texts[g.Policy().Digest()] {
				t.Errorf("policy texts recorded: %v", texts)
			}
			// The next session too keeps the accepted text deciding until
			// a person accepts the change (round 23 fix: a change with
			// nothing in flight may be a process an agent left behind);
			// accepted, it starts under the file as it is.
			mustDecide(t, g, e.call(e.repo, "s-2", "t-3", "npm install left-pad"), policy.Deny)
			e.accept(t)
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-3", "t-4", "npm install left-pad"), policy.Allow)
		})
	}
	// A stricter edit decides the running session at once.
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "curl https://example.com"), policy.Allow)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy+"      - block_commands: [\"curl\"]\n")
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-1", "t-2", "curl https://example.com"), policy.Deny)
}

// Class "env/policy-override" (breaker1 item 13), the members besides
// $MANDATE_POLICY pointing at an empty file: a policy named by the
// environment or by a flag adds to the repository's — also where the
// repository has none (the built-in default still decides), also for
// fail_mode (an added policy cannot open what the repository's keeps
// closed), and for evidence settings (redact_pii of either applies).
func TestNamedPolicyAddsToTheRepositorys(t *testing.T) {
	ctx := context.Background()
	e := newRepoEnv(t, "evidence:\n  redact_pii: true\n"+npmPolicy)
	open := filepath.Join(e.dir, "open.yaml")
	write(t, open, "fail_mode: open\npolicies: []\n")

	// The flag (Options.PolicyPath) and the variable, through Open.
	for _, o := range []Options{
		{PolicyPath: open},
		{},
	} {
		e.vars["MANDATE_POLICY"] = ""
		if o.PolicyPath == "" {
			e.vars["MANDATE_POLICY"] = open
		}
		o.StateDir, o.Cwd, o.Getenv, o.Now = e.state, e.repo, e.getenv, e.g.cfg.Now
		g, err := Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if g.Policy().Name() != open {
			t.Fatalf("opened on %s", g.Policy().Name())
		}
		mustDecide(t, g, e.call(e.repo, "s-1", "t-1", "npm install x"), policy.Deny)
		if d := g.Failure(ctx, e.call(e.repo, "s-1", "t-2", "ls"), os.ErrDeadlineExceeded); d.Decision != policy.Deny {
			t.Errorf("a failure under an added fail_mode: open policy: %s", d.Decision)
		}
		mustDecide(t, g, e.call(e.repo, "s-1", "t-3", "echo sam.roe@example.com"), policy.Allow)
		recs := e.ofType(t, evidence.TypeDecision)
		if cmd, _ := recs[len(recs)-1].Params["command"].(string); strings.Contains(cmd, "sam.roe@example.com") {
			t.Errorf("the repository's redact_pii was dropped for the added policy's: %q", cmd)
		}
		g.Close()
	}

	// A repository without a policy: the default decides with the added one.
	other := filepath.Join(e.dir, "other")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	e.vars["MANDATE_POLICY"] = open
	g := e.gateAt(t, other)
	d := g.Pre(ctx, &hook.Event{Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: "s-3", Cwd: other,
		Tool: "Bash", ToolUseID: "t-3", Input: map[string]any{"command": "dd if=/dev/zero of=/dev/sda"},
		Actions: e.call(other, "s-3", "t-3", "dd if=/dev/zero of=/dev/sda").Actions})
	if d.Decision == policy.Allow {
		t.Errorf("dd to a disk under an added empty policy in a repository without one: %s (%s)", d.Decision, d.Reason)
	}
}
