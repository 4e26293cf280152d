package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// The file naming the state directory a repository is governed with
// (internal/gate's statemark.go) is Mandate's own: rewritten or deleted, a
// session could name a fresh state directory and leave its tamper locks
// behind (class self-protection/state-mark, red-team round 6b #2).
func TestStateMarkProtected(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	runFSCases(t, p, []fsCase{
		{class: "self-protection/state-mark", cmd: "rm .git/mandate-state", want: Deny, reason: "mandate-self-protection"},
		{class: "self-protection/state-mark", cmd: "echo /tmp/fresh > .git/mandate-state", want: Deny, reason: "mandate-self-protection"},
		{class: "self-protection/state-mark", cmd: "cp src/a .git/worktrees/w/mandate-state", want: Deny, reason: "mandate-self-protection"},
		{class: "self-protection/state-mark", cmd: "rm -rf .git/worktrees/w", want: Deny, reason: "worktrees or submodules"},
		{class: "self-protection/state-mark", cmd: "rm -rf .git/modules", want: Deny, reason: "worktrees or submodules"},
		{class: "benign/everyday", cmd: "rm -rf src/modules", want: Allow},
		{class: "benign/everyday", cmd: "git worktree prune", want: Allow},
	})
}
