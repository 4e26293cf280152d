package hookwire

import (
	"strconv"
	"time"
)

// A hook call has one deadline, measured from the moment the front
// starts, safely below the timeout every agent is given for Mandate's
// hook (red-team round 26 (b), #1: Claude Code, Codex, Gemini CLI,
// Copilot CLI and Cursor run the tool call when a hook times out; only
// Hermes and Cursor can be told to fail closed). At FrontDeadline the
// front answers deny in the calling agent's format (DeadlineAnswer),
// whatever is still running — the engine's connection, the in-process
// fallback — and has the deny recorded (DeadlineID, DeadlinePassedEnv).
//
// The timeouts, in order:
//
//	hook.DefaultBudget (10 s)  the engine's own budget, cut to what is
//	                           left before Deadline - AnswerMargin
//	FrontDeadline (20 s)       the front answers deny
//	HookTimeout (30 s)         the agent gives up and runs the tool
//
// The margin, HookTimeout - FrontDeadline = 10 s, is what the front may
// lose before it starts (the agent's clock starts before it spawns the
// hook, on a loaded machine) and between its deadline and its answer
// (the watchdog waking up, one write): the watchdog does no work but
// that, and depends on nothing the deadline guards.
const (
	// HookTimeout is the timeout `mandate install` registers for every
	// hook (agent.Timeout, in seconds; Gemini CLI's in milliseconds).
	HookTimeout = 30 * time.Second
	// FrontDeadline is the front's whole bound on one hook call.
	FrontDeadline = HookTimeout * 2 / 3
	// AnswerMargin is what the engine leaves the front between the end
	// of its own budget and FrontDeadline, to relay its answer.
	AnswerMargin = 2 * time.Second
)

// DeadlineEnv carries the hook call's deadline (Unix time in
// milliseconds) from the front to the engine, in-process or resident: the
// engine's budget ends AnswerMargin before it. It can only shorten the
// engine's budget (a later one, or none, leaves hook.DefaultBudget).
const DeadlineEnv = "MANDATE_HOOK_DEADLINE"

// DeadlinePassedEnv, set to "1", tells mandate-engine hook that the
// front answered this call deny at its deadline: it decides nothing and
// records the call as a failure (deny) with DeadlineReason, under the
// request id in RequestIDEnv (DeadlineID of the call's).
const DeadlinePassedEnv = "MANDATE_HOOK_DEADLINE_PASSED"

// DeadlineReason is why the front refused a call at its deadline.
var DeadlineReason = "Mandate did not reach a decision within its deadline of " + FrontDeadline.String() +
	" (the machine may be overloaded, or Mandate's engine stuck: run mandate doctor); the action is refused because governance fails closed"

// DeadlineID is the request id the front's deny at the deadline is
// recorded under: the call's own id, made distinct (the engine may have
// recorded a decision under it that nobody received), still hex.
func DeadlineID(id string) string {
	if id == "" {
		return ""
	}
	return id + "dd"
}

// Deadline is the deadline DeadlineEnv's value v names, if any.
func Deadline(v string) (time.Time, bool) {
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}, false
	}
	return time.UnixMilli(ms), true
}

// denyPrefix is hook.DenyReason's text for a fail-closed deny.
const denyPrefix = `Blocked by Mandate (policy "mandate", rule "fail-closed"): `

// deadlineShapes is each agent's pre-tool deny, %s the reason as a JSON
// string (hook.Deny's output for the agent, TestDeadlineAnswerIsHookDeny).
var deadlineShapes = map[string][2]string{
	"claude":  {`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":`, `}}`},
	"codex":   {`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":`, `}}`},
	"gemini":  {`{"decision":"deny","reason":`, `}`},
	"copilot": {`{"permissionDecision":"deny","permissionDecisionReason":`, `}`},
	"hermes":  {`{"decision":"block","reason":`, `}`},
}

// DeadlineAnswer is the deny the front writes at its deadline for a call
// of `mandate hook AGENT …` (DenyAnswer with DeadlineReason).
func DeadlineAnswer(agent string) (stdout, stderr string) {
	return DenyAnswer(agent, DeadlineReason)
}

// DenyAnswer is a deny the front writes on its own for a call of
// `mandate hook AGENT …` — at its deadline, or when it cannot run the
// engine at all —: stdout and stderr, with exit code 2. Exit code 2 with
// the reason on stderr blocks in most agents but not all (Copilot CLI
// takes it for a warning and runs the tool), so the JSON deny is written
// too, in the agent's shape. An agent not listed (a name the engine
// would have detected) gets Claude Code's shape. A byte of why that is
// not printable ASCII (the reason may quote an error, a path) is
// written as '?'.
func DenyAnswer(agent, why string) (stdout, stderr string) {
	r := []byte(denyPrefix + why)
	for i, c := range r {
		if c < 0x20 || c > 0x7e {
			r[i] = '?'
		}
	}
	reason := string(r)
	js := jsonString(reason)
	if agent == "cursor" {
		return `{"continue":true,"permission":"deny","user_message":` + js + `,"agent_message":` + js + "}\n", reason + "\n"
	}
	shape, ok := deadlineShapes[agent]
	if !ok {
		shape = deadlineShapes["claude"]
	}
	return shape[0] + js + shape[1] + "\n", reason + "\n"
}

// jsonString quotes s (printable ASCII) as a JSON string.
func jsonString(s string) string {
	b := make([]byte, 0, len(s)+8)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(append(b, '"'))
}
