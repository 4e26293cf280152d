package hookwire

import "time"

// The facts below are the front's and the engine's alike. Each is stated
// here once: a front and an engine that disagreed on one would still
// answer every call (the front falls back to running the engine in its own
// process), only slowly, and no test of either side alone would notice.

// EngineName is the base name of the binary that holds Mandate's logic,
// mandate-engine (with ".exe" on Windows). The front looks for it beside
// itself, else on PATH.
const EngineName = "mandate-engine"

// Files in the state directory that both sides name.
const (
	// SocketName is the resident engine's socket.
	SocketName = "serve.sock"
	// FailedName holds why the last background start of an engine failed.
	// The engine writes it and removes it once it listens; while it is
	// younger than FailedBackoff, the front starts no engine (and mandate
	// doctor shows the reason).
	FailedName = "serve.failed"
)

// FailedBackoff is how long the front waits after a failed engine start
// before it tries again.
const FailedBackoff = 10 * time.Minute

// Forwarded reports whether a call with these arguments (after the program
// name) goes to the resident engine: hook, and check when it reads no
// standard input. Any argument mentioning batch (check --batch reads
// stdin) keeps the call out, whatever the flag parser would make of it: a
// false positive only costs time. The front forwards only these calls and
// the engine answers only these; everything else runs in mandate-engine's
// own process.
func Forwarded(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "hook":
		return true
	case "check":
		for _, a := range args[1:] {
			if contains(a, "batch") {
				return false
			}
		}
		return true
	}
	return false
}

// ExitCode is the exit code an agent may see for an invocation that
// answered code: a hook's 1, which lets the tool run in most agents,
// becomes 2, which blocks in all of them. Every other code is unchanged.
func ExitCode(args []string, code int) int {
	if code == 1 && len(args) > 0 && args[0] == "hook" {
		return 2
	}
	return code
}

// StateDir is the state-directory rule, the one directory the front
// forwards to and the engine serves: $MANDATE_HOME (a relative one is
// taken from cwd), else $XDG_STATE_HOME/mandate when that is absolute,
// else $HOME/.local/state/mandate. isAbs and join are the platform's path
// functions (path/filepath's in the engine; the front, which links no
// path/filepath, passes its own); the result is clean, as join's is. ok
// is false when the rule needs HOME and it is not set: the front then
// runs the engine in its own process, which may know the home directory
// another way.
func StateDir(getenv func(string) string, cwd string, isAbs func(string) bool, join func(elem ...string) string) (dir string, ok bool) {
	if d := getenv("MANDATE_HOME"); d != "" {
		if !isAbs(d) {
			return join(cwd, d), true
		}
		return join(d), true
	}
	if d := getenv("XDG_STATE_HOME"); d != "" && isAbs(d) {
		return join(d, "mandate"), true
	}
	if h := getenv("HOME"); h != "" {
		return StateDirUnder(h, join), true
	}
	return "", false
}

// StateDirUnder is the state directory under a home directory, when
// neither MANDATE_HOME nor XDG_STATE_HOME names one.
func StateDirUnder(home string, join func(elem ...string) string) string {
	return join(home, ".local", "state", "mandate")
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
