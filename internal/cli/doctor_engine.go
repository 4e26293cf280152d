package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/install"
)

// engineStatus looks at the resident engine of env's state directory: is
// it off, running (a process of this user running this binary holds its
// lock), or did its last start fail.
func engineStatus(env *Env, self string) *install.EngineStatus {
	dir, err := gate.StateDir(env.Getenv)
	if err != nil {
		return nil
	}
	st := &install.EngineStatus{StateDir: dir, Off: env.Getenv("MANDATE_RESIDENT") == "off", Unsupported: engineUnsupported}
	if fi, err := os.Stat(filepath.Join(dir, hookwire.FailedName)); err == nil && env.Now().Sub(fi.ModTime()) < hookwire.FailedBackoff {
		b, _ := os.ReadFile(filepath.Join(dir, hookwire.FailedName))
		st.Failed = strings.TrimSpace(string(b))
		if st.Failed == "" {
			st.Failed = "unknown (see " + filepath.Join(dir, serveLog) + ")"
		}
	}
	st.Pid = enginePid(dir, self)
	st.Running = st.Pid > 0
	return st
}

func printEngine(env *Env, st *install.EngineStatus) {
	if st == nil {
		return
	}
	w := env.Stdout
	switch {
	case st.Unsupported != "":
		fmt.Fprintf(w, "\nresident engine: not supported on this platform (%s): every hook and check call runs mandate-engine in its own process\n", st.Unsupported)
	case st.Off:
		fmt.Fprintf(w, "\nresident engine: off (MANDATE_RESIDENT=off): every hook and check call runs mandate-engine in its own process\n")
	case st.Failed != "":
		fmt.Fprintf(w, "\nresident engine: WARNING its last start failed: %s\n", st.Failed)
		fmt.Fprintf(w, "          calls are decided in their own process (slower) until a start succeeds; see %s, or run mandate serve in the foreground\n", filepath.Join(st.StateDir, serveLog))
	case st.Running:
		fmt.Fprintf(w, "\nresident engine: running (pid %d) for %s\n", st.Pid, st.StateDir)
	default:
		fmt.Fprintf(w, "\nresident engine: not running for %s (the next hook or check call starts it)\n", st.StateDir)
	}
}

// printLimits lists what this platform does not protect yet, and what
// Mandate does instead.
func printLimits(env *Env, limits []string) {
	if len(limits) == 0 {
		return
	}
	fmt.Fprintf(env.Stdout, "\nplatform (%s/%s): not everything Mandate does on Linux is implemented here yet; instead:\n", runtime.GOOS, runtime.GOARCH)
	for _, l := range limits {
		fmt.Fprintf(env.Stdout, "  - %s\n", l)
	}
}

func printPinLimits(env *Env, pins []string) {
	if len(pins) == 0 {
		return
	}
	fmt.Fprintf(env.Stdout, "\nintegrity pins not file by file (each still compared on every call):\n")
	for _, l := range pins {
		fmt.Fprintf(env.Stdout, "  - %s\n", l)
	}
}

// printPendingLines lists the policy changes no person accepted yet
// (mandate policy accept), from doctor's report.
func printPendingLines(env *Env, pending []string) {
	if len(pending) == 0 {
		return
	}
	fmt.Fprintf(env.Stdout, "\npolicy changes no person accepted yet (the accepted text decides with each; `mandate policy accept`):\n")
	for _, l := range pending {
		fmt.Fprintf(env.Stdout, "  - %s\n", l)
	}
}
