package front

import (
	"os"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Timeout bounds each read and write of the exchange with the engine: the
// engine's own budget for a call is 10 s (hook.DefaultBudget), after which
// it answers deny itself. A hook call as a whole is bounded by its
// deadline (hookwire.FrontDeadline, deadline.go).
const Timeout = 12 * time.Second

// withoutFrontVars drops what only the front may tell the engine from
// env: an inherited request id (only this invocation's own may reach
// the engine), deadline, or deadline passed.
func withoutFrontVars(env []string) []string {
	for _, key := range []string{hookwire.RequestIDEnv, hookwire.DeadlineEnv, hookwire.DeadlinePassedEnv} {
		env = without(env, key+"=")
	}
	return env
}

// without drops every entry of env that starts with key.
func without(env []string, key string) []string {
	for i, e := range env {
		if len(e) >= len(key) && e[:len(key)] == key {
			out := append(env[:i:i], env[i+1:]...)
			return without(out, key)
		}
	}
	return env
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// refuse is the answer when Mandate cannot run at all.
func refuse(args []string, why string) int {
	if len(args) > 0 && args[0] == "hook" {
		// in the agent's format: exit code 2 alone does not block in
		// every agent (Copilot CLI runs the tool)
		agent := "claude"
		if len(args) > 1 {
			agent = args[1]
		}
		out, errOut := hookwire.DenyAnswer(agent, "Mandate refused this action: mandate "+why+"; governance fails closed")
		os.Stdout.WriteString(out)
		os.Stderr.WriteString(errOut)
	} else {
		os.Stderr.WriteString("mandate: " + why + "\n")
	}
	return 2
}

// lookPath finds an executable named name in the absolute directories of
// PATH (a relative entry would resolve against whatever directory the
// agent runs the hook in), or returns "".
func lookPath(name string) string {
	dirs := os.Getenv("PATH")
	for len(dirs) > 0 {
		i := 0
		for i < len(dirs) && dirs[i] != pathListSep {
			i++
		}
		d := dirs[:i]
		if i < len(dirs) {
			dirs = dirs[i+1:]
		} else {
			dirs = ""
		}
		if isAbs(d) {
			if p := join(d, name); isExecutable(p) {
				return p
			}
		}
	}
	return ""
}
