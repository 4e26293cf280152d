package policy

import (
	"testing"
	"time"
)

// TestWithinDeniesPastTheBudget: a decision not reached within the budget
// is a deny that says why (red-team round 26 (b), #1), never the late
// decision; one reached in time is returned as it is.
func TestWithinDeniesPastTheBudget(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	d := p.Within(50*time.Millisecond, func() Decision {
		<-release
		return Decision{Decision: Allow}
	})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Within answered after %v", took)
	}
	if d.Decision != Deny || !TimedOut(d) || d.PolicyDigest != p.Digest() {
		t.Errorf("past the budget: %+v, want deny by %s/%s", d, PolicyAnalysis, RuleTimeBudget)
	}
	failed := false
	for _, c := range d.PolicyChecks {
		failed = failed || c.Result == "fail" && c.Rule == RuleTimeBudget
	}
	if !failed {
		t.Errorf("no failed check names the budget: %+v", d.PolicyChecks)
	}
	if d := p.Within(time.Minute, func() Decision { return Decision{Decision: Allow, Rule: "x"} }); d.Decision != Allow || d.Rule != "x" {
		t.Errorf("in time: %+v, want the decision itself", d)
	}
	if d := p.Within(time.Minute, func() Decision { panic("boom") }); d.Decision != Deny {
		t.Errorf("a panicking decision: %+v, want deny", d)
	}
}
