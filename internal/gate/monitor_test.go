package gate

import (
	"context"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Claude Code's Monitor runs its command in the background: its post-tool
// event arrives while the command still runs, so the call stays in flight
// after it, whatever its input says (red-team round 23 (c): a Monitor
// command that changed the policy seconds later was recorded as a
// governance-change, not a tamper).
func TestMonitorStaysInFlight(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	mon := e.call(e.repo, "s-1", "mon", "sh src/w.sh")
	mon.Tool = "Monitor"
	mon.Input["persistent"] = true
	mustDecide(t, e.g, mon, policy.Allow)
	post := e.post(e.repo, "s-1", "mon")
	post.Tool = "Monitor"
	e.g.Post(ctx, post)
	fl := inFlight(e.state, e.g.cfg.Now())
	if len(fl) != 1 || !fl[0].Background {
		t.Fatalf("a Monitor call after its post-tool event: in flight %+v, want it in flight in the background", fl)
	}
	// a Bash call without run_in_background lands at its post
	mustDecide(t, e.g, e.call(e.repo, "s-1", "fg", "ls"), policy.Allow)
	e.g.Post(ctx, e.post(e.repo, "s-1", "fg"))
	if fl := inFlight(e.state, e.g.cfg.Now()); len(fl) != 1 {
		t.Fatalf("in flight after a foreground call landed: %+v", fl)
	}
}
