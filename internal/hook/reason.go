package hook

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/policy"
)

// maxReason bounds the reason text sent to an agent (Claude Code caps hook
// output strings at 10,000 characters; a reason is one readable line).
const maxReason = 2000

// source names the deciding policy and rule, when the decision has them.
func source(d policy.Decision) string {
	switch {
	case d.Policy != "" && d.Rule != "":
		return fmt.Sprintf(" (policy %q, rule %q)", d.Policy, d.Rule)
	case d.Policy != "":
		return fmt.Sprintf(" (policy %q)", d.Policy)
	}
	return ""
}

func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxReason {
		s = s[:maxReason] + "…"
	}
	return s
}

// DenyReason is the one-line text a deny sends to the model and the user:
// what was refused, by which rule, and why (the policy's reason says how to
// adapt).
func DenyReason(d policy.Decision) string {
	r := strings.TrimSpace(d.Reason)
	if r == "" {
		r = "the action is not allowed"
	}
	return clean("Blocked by Mandate" + source(d) + ": " + r)
}

// AskReason is the text of a native ask: shown to the human deciding.
func AskReason(d policy.Decision) string {
	r := strings.TrimSpace(d.Reason)
	if r == "" {
		r = "this action needs human approval"
	}
	return clean("Mandate asks for approval" + source(d) + ": " + r)
}

// ApprovalReason is the text of an ask turned into a deny, for agents that
// cannot ask from a hook: it says that approval is required and how to get
// the work done without bypassing the policy.
func ApprovalReason(d policy.Decision) string {
	r := strings.TrimSpace(d.Reason)
	if r == "" {
		r = "this action needs human approval"
	}
	return clean("Not run: Mandate requires human approval for this action" + source(d) + ": " + r +
		". This agent cannot ask for approval from a hook, so do not retry it unchanged; " +
		"tell the user what you wanted to do and why, so that they can run it themselves or change the policy.")
}

// PostReason is the text of a post-tool failure (the outcome could not be
// recorded): the tool already ran, so it must not read as a block.
func PostReason(d policy.Decision) string {
	r := strings.TrimSpace(d.Reason)
	if r == "" {
		r = "the outcome could not be recorded"
	}
	return clean("Mandate could not record the outcome of this tool call" + source(d) + ": " + r +
		". The tool call already ran and its result stands; tell the user that this change is not in the audit log.")
}

// EventReason is the stderr note of a non-blocking event (post-tool,
// session, other) that could not be recorded.
func EventReason(kind EventKind, d policy.Decision) string {
	if kind == PostTool {
		return PostReason(d)
	}
	r := strings.TrimSpace(d.Reason)
	if r == "" {
		r = "the event could not be recorded"
	}
	return clean("Mandate could not record this " + string(kind) + " event" + source(d) + ": " + r +
		". Tool calls are still checked one by one.")
}
