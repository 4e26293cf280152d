package gate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// secretsPolicy blocks .env files and curl.
const secretsPolicy = `policies:
  - name: secrets
    rules:
      - block_paths: [".env*"]
      - block_commands: ["curl"]
`

// read is a Claude Code Read of path, in dir.
func (e *env) read(dir, session, id, path string) *hook.Event {
	return &hook.Event{
		Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: session, Cwd: dir,
		Tool: "Read", ToolUseID: id, Input: map[string]any{"file_path": path},
		Actions: []action.Action{{Kind: action.FileRead, Paths: []string{path}}},
	}
}

// landed takes off and lands an allowed call of session s-1 that runs a
// script (what it leaves behind is not seen).
func (e *env) landed(t *testing.T) {
	t.Helper()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-run", "bash src/x.sh"), policy.Allow)
	if err := e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-run")); err != nil {
		t.Fatal(err)
	}
}

// Class "delayed-governance-change" (red-team round 23 (c), #1): a
// process an allowed command left behind (setsid, nohup, a fork) rewrites
// the policy after the call landed, with nothing in flight. The change is
// a governance-change, not a lock, but it is pending: the accepted text
// keeps deciding for the running session and for every new one, until a
// person accepts the file as it is.
func TestPolicyChangedWithNothingInFlightIsPending(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env)
	}{
		{"loosened", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, policy.FileName), "policies:\n  - name: relaxed\n    rules:\n      - block_commands: [\"rm -rf /\"]\n")
		}},
		{"emptied", func(t *testing.T, e *env) { write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n") }},
		{"removed", func(t *testing.T, e *env) { os.Remove(filepath.Join(e.repo, policy.FileName)) }},
		{"replaced by a symlink to a looser file", func(t *testing.T, e *env) {
			loose := filepath.Join(e.dir, "loose.yaml")
			write(t, loose, "policies: []\n")
			pol := filepath.Join(e.repo, policy.FileName)
			os.Remove(pol)
			if err := os.Symlink(loose, pol); err != nil {
				t.Fatal(err)
			}
		}},
		{"renamed over by a looser file", func(t *testing.T, e *env) {
			tmp := filepath.Join(e.repo, "src", ".p.tmp")
			write(t, tmp, "policies: []\n")
			if err := os.Rename(tmp, filepath.Join(e.repo, policy.FileName)); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, secretsPolicy)
			accepted := e.g.Policy().Digest()
			e.landed(t)
			tc.change(t, e)
			g := e.gateAt(t, e.repo)
			env := filepath.Join(e.repo, ".env")
			mustDecide(t, g, e.call(e.repo, "s-1", "t-1", "cat .env"), policy.Deny)
			// A new session, after the change: the accepted text decides.
			mustDecide(t, g, e.call(e.repo, "s-2", "t-2", "cat .env"), policy.Deny)
			mustDecide(t, g, e.read(e.repo, "s-3", "t-3", env), policy.Deny)
			mustDecide(t, g, e.call(e.repo, "s-3", "t-4", "curl https://example.com"), policy.Deny)
			if locks, err := Locks(e.state); err != nil || len(locks) != 0 {
				t.Fatalf("locks: %+v, %v (a policy's change is pending, not a lock)", locks, err)
			}
			ch := e.ofType(t, evidence.TypeGovernanceChange)
			if len(ch) != 1 || !strings.HasPrefix(ch[0].Extra["pin"].(string), "pending") || ch[0].Extra["accepted_digest"] != accepted {
				t.Fatalf("governance-change records: %+v", ch)
			}
			// The decision names the accepted text as a deciding policy,
			// and its text is in the log.
			recs := e.ofType(t, evidence.TypeDecision)
			if !decidedBy(recs[len(recs)-1], roleAccepted, accepted) {
				t.Errorf("the last decision's policies: %v", recs[len(recs)-1].Extra["policies"])
			}
			pend, err := Pending(e.state, e.home)
			if err != nil || len(pend) != 1 || pend[0].Path != filepath.Join(e.repo, policy.FileName) || pend[0].Accepted != accepted {
				t.Fatalf("pending: %+v, %v", pend, err)
			}
			// A person accepts it: new sessions start under it.
			rep := e.accept(t)
			if len(rep.Files) != 1 || rep.Files[0].Previous != accepted {
				t.Fatalf("accept report: %+v", rep.Files)
			}
			if acc := e.ofType(t, evidence.TypeGovernanceAccept); len(acc) != 1 || acc[0].User != "dev" {
				t.Fatalf("governance.accept records: %+v", acc)
			}
			g = e.gateAt(t, e.repo)
			mustDecide(t, g, e.call(e.repo, "s-4", "t-5", "cat .env"), policy.Allow)
			// The sessions that started before keep their start policy.
			mustDecide(t, g, e.call(e.repo, "s-1", "t-6", "cat .env"), policy.Deny)
			if pend, _ := Pending(e.state, e.home); len(pend) != 0 {
				t.Fatalf("pending after acceptance: %+v", pend)
			}
		})
	}
}

// decidedBy reports whether r names a deciding policy of role with digest.
func decidedBy(r evidence.Record, role, digest string) bool {
	ps, _ := r.Extra["policies"].([]any)
	for _, p := range ps {
		m, _ := p.(map[string]any)
		if m["role"] == role && m["digest"] == digest {
			return true
		}
	}
	return false
}

// A person's stricter edit decides at once, for running and new
// sessions, and stays in force when a process writes the accepted text
// back: every text the file held since the last acceptance decides until
// a person accepts one.
func TestStricterEditStaysUntilAccepted(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	pol := filepath.Join(e.repo, policy.FileName)
	e.landed(t)
	write(t, pol, npmPolicy+"      - block_commands: [\"curl\"]\n")
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "t-1", "curl https://example.com"), policy.Deny)
	mustDecide(t, g, e.call(e.repo, "s-2", "t-2", "curl https://example.com"), policy.Deny)
	// The accepted text, written back by something nobody attends.
	write(t, pol, npmPolicy)
	g = e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-3", "t-3", "curl https://example.com"), policy.Deny)
	mustDecide(t, g, e.call(e.repo, "s-3", "t-4", "npm install x"), policy.Deny)
	pend, err := Pending(e.state, e.home)
	if err != nil || len(pend) != 1 || len(pend[0].Since) != 2 {
		t.Fatalf("pending: %+v, %v", pend, err)
	}
	// A person accepts the file as it is: curl is allowed again for new
	// sessions; the ones that saw the stricter text keep what they
	// started with.
	e.accept(t)
	g = e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-4", "t-5", "curl https://example.com"), policy.Allow)
	mustDecide(t, g, e.call(e.repo, "s-4", "t-6", "npm install x"), policy.Deny)
}

// Everyday: a session that changes nothing governing is not touched by
// the pending machinery; a person's edit accepted at once (policy init,
// install) is no pending change at all.
func TestAcceptedChangeIsNotPending(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	pol := filepath.Join(e.repo, policy.FileName)
	e.landed(t)
	write(t, pol, "policies: []\n")
	// Mandate wrote it itself (policy init run by a person).
	if _, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{pol}, Expect: asWritten(t, pol),
		By: "mandate policy init", Who: AckIdentity{User: "dev"}}); err != nil {
		t.Fatal(err)
	}
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-2", "t-1", "npm install x"), policy.Allow)
	if n := len(e.ofType(t, evidence.TypeGovernanceChange)); n != 0 {
		t.Errorf("%d governance-change records for a change Mandate made itself", n)
	}
	if _, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, By: "mandate policy accept"}); !errors.Is(err, ErrNothingPending) {
		t.Errorf("accept with nothing pending: %v", err)
	}
}

// Acceptance is of what the person was shown, and never of a locked
// scope (mandate tamper ack decides there); a damaged accepted copy
// denies, it never lets the file alone decide.
func TestAcceptRefusals(t *testing.T) {
	ctx := context.Background()
	e := newRepoEnv(t, npmPolicy)
	pol := filepath.Join(e.repo, policy.FileName)
	accepted := e.g.Policy().Digest()
	e.landed(t)
	write(t, pol, "policies: []\n")
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "npm install x"), policy.Deny)
	pend, err := Pending(e.state, e.home)
	if err != nil || len(pend) != 1 {
		t.Fatalf("pending: %+v, %v", pend, err)
	}
	// Changed again after it was shown.
	write(t, pol, "policies: []\n# again\n")
	_, err = Accept(ctx, AcceptOptions{StateDir: e.state, Log: e.log, By: "mandate policy accept",
		Expect: map[string]string{pol: pend[0].Found}})
	if err == nil || !strings.Contains(err.Error(), "changed since it was shown") {
		t.Fatalf("accept of a file changed since: %v", err)
	}
	if n := len(e.ofType(t, evidence.TypeGovernanceAccept)); n != 0 {
		t.Fatalf("%d acceptance records after a refusal", n)
	}
	// The accepted copy damaged: every call the policy decides is denied.
	obj := (&pinStore{dir: e.state}).objectPath(accepted)
	if err := os.WriteFile(obj, []byte("policies: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-3", "t-2", "ls"), policy.Deny)
	if !strings.Contains(d.Reason, "damaged") && !strings.Contains(d.Reason, "accepted") {
		t.Errorf("reason: %s", d.Reason)
	}
}

// A locked scope's pending policy is the tamper lock's to decide: accept
// leaves it, tamper ack accepts (or restores) it with the rest.
func TestAcceptLeavesLockedScopes(t *testing.T) {
	ctx := context.Background()
	e := newRepoEnv(t, npmPolicy)
	pol := filepath.Join(e.repo, policy.FileName)
	e.landed(t)
	write(t, pol, "policies: []\n")
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
	// Now a call in flight changes a hook configuration: a lock.
	write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks": true}`)
	e.g.Post(ctx, e.post(e.repo, "s-2", "t-1"))
	if locks, _ := Locks(e.state); len(locks) != 1 {
		t.Fatalf("locks: %+v", locks)
	}
	rep, err := Accept(ctx, AcceptOptions{StateDir: e.state, Log: e.log, By: "mandate policy accept"})
	if !errors.Is(err, ErrNothingPending) || len(rep.Locked) != 1 {
		t.Fatalf("accept in a locked scope: %+v, %v", rep, err)
	}
	if _, err := Ack(ctx, AckOptions{StateDir: e.state, Log: e.log, Restore: true, Who: AckIdentity{User: "dev"}}); err != nil {
		t.Fatal(err)
	}
	if pend, _ := Pending(e.state, e.home); len(pend) != 0 {
		t.Fatalf("pending after a restoring ack: %+v", pend)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-3", "t-2", "npm install x"), policy.Deny)
}

// A session of another repository reaching this one is decided by this
// repository's accepted text too (and by every text held since), not by
// its file alone.
func TestPendingPolicyDecidesForSessionsReachingIt(t *testing.T) {
	e := newRepoEnv(t, secretsPolicy)
	e.landed(t)
	write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
	// seen by a call of the repository: pending
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
	other := filepath.Join(e.dir, "other")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	g := e.gateAt(t, other)
	mustDecide(t, g, e.call(other, "s-9", "t-2", "cat "+filepath.Join(e.repo, ".env")), policy.Deny)
	mustDecide(t, g, e.read(other, "s-9", "t-3", filepath.Join(e.repo, ".env.local")), policy.Deny)
	mustDecide(t, g, e.call(other, "s-9", "t-4", "cat "+filepath.Join(e.repo, "README.md")), policy.Allow)
	e.accept(t)
	mustDecide(t, e.gateAt(t, other), e.call(other, "s-9", "t-5", "cat "+filepath.Join(e.repo, ".env")), policy.Allow)
}
