package front

import (
	"os"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Timeout bounds the exchange with the engine: the engine's own budget for
// a call is 10 s (hook.DefaultBudget), after which it answers deny itself.
const Timeout = 12 * time.Second

// withoutRequestID drops an inherited request id from env: only this
// invocation's own id may reach the engine.
func withoutRequestID(env []string) []string {
	const key = hookwire.RequestIDEnv + "="
	for i, e := range env {
		if len(e) >= len(key) && e[:len(key)] == key {
			out := append(env[:i:i], env[i+1:]...)
			return withoutRequestID(out)
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
		os.Stderr.WriteString("Mandate refused this action: mandate " + why + "; governance fails closed\n")
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
