package policy

import (
	"os/exec"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestBreaker5StashKeepIndexAfterReadTree is red-team round 5, #9
// (write/git-worktree-rewrite): two allowed calls replace the policy. The
// first, `git read-tree feature` (no -u), puts the feature branch's empty
// policy in the index and leaves the work tree alone; the second, `git
// stash -k`, stashes the work tree and then checks the index out, which
// writes `policies: []` over agent-policy.yaml (checked with git 2.39).
// stash --keep-index is decided from the index it checks out, so the call
// is denied (the index holds another policy) like `git checkout .` in the
// same state.
func TestBreaker5StashKeepIndexAfterReadTree(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	tr := fixture.Standard(t)
	p := fixturePolicy(t, tr)
	run := exec.Command("git", "read-tree", "feature")
	run.Dir = tr.Real(testRoot)
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("git read-tree feature: %v %s", err, out)
	}
	for _, cmd := range []string{"git stash -k", "git stash --keep-index", "git stash push -k -m wip"} {
		if d := p.Evaluate(execAction(cmd, action.WriteLocal)); d.Decision != Deny {
			t.Errorf("after git read-tree feature, %q: got %s, want deny (it checks the index's empty policy out over agent-policy.yaml)\n    reason: %s", cmd, d.Decision, d.Reason)
		}
	}
	// The same state's other rewrites are already denied: the control.
	if d := p.Evaluate(execAction("git checkout .", action.WriteLocal)); d.Decision != Deny {
		t.Errorf("control: git checkout . got %s, want deny", d.Decision)
	}
}
