package policy

// Effect is the outcome of a decision.
type Effect string

// The three effects. Deny wins over Ask, Ask wins over Allow.
const (
	Allow Effect = "allow"
	Ask   Effect = "ask"
	Deny  Effect = "deny"
)

// rank orders effects so that the strictest wins when several rules hit.
func (e Effect) rank() int {
	switch e {
	case Allow:
		return 0
	case Ask:
		return 1
	}
	return 2 // Deny, and anything unrecognised, is the strictest.
}

// Stricter returns the stricter of e and o.
func (e Effect) Stricter(o Effect) Effect {
	if o.rank() > e.rank() {
		return o
	}
	return e
}

// Check is the result of one policy for one action, in the shape of the
// policy_checks list of seed 001's audit log example.
type Check struct {
	Policy string `json:"policy"`
	Result string `json:"result"` // "pass", "fail" (deny) or "ask"
	Rule   string `json:"rule,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Finding is one rule that hit an action; Explain lists them all.
type Finding struct {
	Policy string `json:"policy"`
	Rule   string `json:"rule"`
	Effect Effect `json:"effect"`
	Reason string `json:"reason"`
	// Subject is what matched: a simple command, a path, a host, a name.
	Subject string `json:"subject,omitempty"`
	// Source is where the rule is written, "file:line:col", or "built-in".
	Source string `json:"source,omitempty"`
}

// Decision is the engine's answer for one action. The deciding Policy and
// Rule are those of the strictest finding; Reason is one line written for
// both the developer and the agent. PolicyChecks may be shared with other
// decisions of the same policy: read it, copy it to change it.
type Decision struct {
	Decision     Effect    `json:"decision"`
	Policy       string    `json:"policy"`
	Rule         string    `json:"rule"`
	Reason       string    `json:"reason"`
	PolicyChecks []Check   `json:"policy_checks"`
	PolicyDigest string    `json:"policy_digest"` // "sha256:<hex>" of the policy text
	TrustLevel   string    `json:"trust_level"`
	Findings     []Finding `json:"findings,omitempty"`
	// EndCwds are the directories an exec action's shell may be in when
	// its line ends (shell.Analysis.EndCwds), EndCwdUnknown that it may
	// be anywhere: an agent that keeps its shell across calls runs the
	// next call there (endcwds.go).
	EndCwds       []string `json:"-"`
	EndCwdUnknown bool     `json:"-"`
	// KeepsState lists what an exec action's lines' own shell may leave
	// for the next call of an agent that keeps its shell's functions,
	// aliases and exported variables (shell.Analysis.KeepsState): the
	// caller refuses such a call for that agent (endcwds.go).
	KeepsState []string `json:"-"`
}
