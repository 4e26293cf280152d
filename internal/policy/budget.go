package policy

import (
	"time"

	"github.com/mandate-dev/mandate/internal/action"
)

// DecisionBudget is the time a decision made outside the hook may take:
// `mandate check` (each line of --batch), `mandate policy explain` and
// each of a policy's tests. Agents may run these commands in any number
// (red-team round 26 (b), #1: a flood of costly checks held a machine's
// CPUs and pushed hook calls past the agents' hook timeout), so one
// decision is bounded: a quarter of the hook's whole budget
// (hook.DefaultBudget, which also opens the gate and records), where an
// everyday decision takes milliseconds.
const DecisionBudget = 2500 * time.Millisecond

// RuleTimeBudget is the rule of a decision Within made when the budget
// ran out.
const RuleTimeBudget = "time-budget"

// Within returns decide's decision, or, when it is not reached within
// budget, a deny (policy mandate-analysis, rule time-budget) that says
// so: a decision that cannot be made in time is refused, never allowed.
// decide then goes on in the background and its decision is dropped; it
// must not share anything the caller goes on using (Evaluate's action
// is decide's alone). A process that ends after answering ends it.
func (p *Policy) Within(budget time.Duration, decide func() Decision) Decision {
	done := make(chan Decision, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- p.failure("internal error while evaluating")
			}
		}()
		done <- decide()
	}()
	t := time.NewTimer(budget)
	defer t.Stop()
	select {
	case d := <-done:
		return d
	case <-t.C:
		d := p.failure("Mandate did not reach a decision within " + budget.String() +
			" (a command line too costly to analyse, or a machine too loaded to analyse it); the action is refused because governance fails closed")
		d.Rule = RuleTimeBudget
		for i := range d.PolicyChecks {
			if d.PolicyChecks[i].Result == "fail" {
				d.PolicyChecks[i].Rule = RuleTimeBudget
			}
		}
		return d
	}
}

// TimedOut reports whether d is Within's deny for a budget that ran out.
func TimedOut(d Decision) bool { return d.Policy == PolicyAnalysis && d.Rule == RuleTimeBudget }

// EvaluateWithin is Evaluate of a within DecisionBudget (Within).
func (p *Policy) EvaluateWithin(a *action.Action) Decision {
	return p.Within(DecisionBudget, func() Decision { return p.Evaluate(a) })
}
