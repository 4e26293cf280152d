package policy

import (
	"slices"
	"strconv"
)

// The texts and lists a decision is made of, built only as far as the
// findings need them.

// checks is the PolicyChecks of a decision with the sorted hits hs: the
// index's shared all-pass list when no hit fails or asks a policy, else a
// copy of it where the first strictest hit of each policy sets its result.
func (p *Policy) checks(hs []hit) []Check {
	pass := p.idx.passChecks
	var out []Check
	for i := range hs {
		h := &hs[i]
		ci := -1
		if h.group == groupUser {
			ci = int(h.ref.pol)
		} else {
			for j, b := range builtinPolicies {
				if b == h.f.Policy {
					ci = len(p.policies) + j
				}
			}
		}
		if ci < 0 || h.f.Effect == Allow {
			continue
		}
		if out == nil {
			out = slices.Clone(pass)
		}
		c := &out[ci]
		if c.Result == "pass" || (c.Result == "ask" && h.f.Effect.rank() > Ask.rank()) {
			c.Result, c.Rule, c.Reason = checkResult(h.f.Effect), h.f.Rule, h.f.Reason
		}
	}
	if out == nil {
		return pass[:len(pass):len(pass)]
	}
	return out
}

// userReason is a user policy finding's reason: the verb, the policy's
// name, the detail and the policy's description.
func userReason(up *userPolicy, e Effect, detail string) string {
	reason := verb(e) + " " + strconv.Quote(up.name) + ": " + oneLine(detail, 400)
	if up.desc != "" {
		reason += " — " + oneLine(lowerFirst(up.desc), 200)
	}
	return reason
}

// source is the position "file:line:col" of the policy's text.
func (ev *evaluation) source(line, col int) string {
	return ev.p.name + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}
