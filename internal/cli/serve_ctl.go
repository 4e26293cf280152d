package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/resident"
)

// serveStatus is `mandate serve status --json`.
type serveStatus struct {
	StateDir string `json:"state_dir"`
	Socket   string `json:"socket"`
	Log      string `json:"log"`
	// Running: a process of this user running this mandate-engine holds
	// the state directory's engine lock.
	Running bool `json:"running"`
	Pid     int  `json:"pid,omitempty"`
	// Others are other processes of this user holding the lock: an
	// engine of another mandate-engine binary.
	Others []serveHolder `json:"others,omitempty"`
	// Off is MANDATE_RESIDENT=off: every call runs in its own process.
	Off bool `json:"off,omitempty"`
	// Failed is why the last start failed, while mandate waits before
	// trying again.
	Failed string `json:"failed,omitempty"`
}

type serveHolder struct {
	Pid        int    `json:"pid"`
	Executable string `json:"executable"`
}

// stopSignal ends the engine process pid (a test replaces it).
var stopSignal = terminate

// currentServeStatus reports the resident engine of env's state directory.
func currentServeStatus(env *Env) (*serveStatus, error) {
	dir, err := gate.StateDir(env.Getenv)
	if err != nil {
		return nil, err
	}
	st := &serveStatus{StateDir: dir, Socket: resident.SocketPath(dir), Log: filepath.Join(dir, serveLog)}
	self, err := selfExe()
	if err != nil {
		return nil, err
	}
	es := engineStatus(env, self)
	st.Running, st.Pid, st.Off, st.Failed = es.Running, es.Pid, es.Off, es.Failed
	for _, pid := range lockHolders(dir) {
		if pid != st.Pid {
			exe, _ := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
			st.Others = append(st.Others, serveHolder{pid, exe})
		}
	}
	return st, nil
}

func newServeStatusCmd(env *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status [flags]",
		Short: "Report the resident engine of this state directory",
		Long: `Report the resident engine of this state directory: running (with its pid),
not running (the next hook or check call starts it), off
(MANDATE_RESIDENT=off), or failing to start (with the reason, while mandate
waits before trying again). It looks at the engine's lock; it does not
connect.`,
		Example: `  mandate serve status
  mandate serve status --json | jq .pid`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := currentServeStatus(env)
			if err != nil {
				return exitError{errorf(env, ExitFail, "serve status: %v", err)}
			}
			if asJSON {
				return exitWith(printJSON(env, st))
			}
			w := env.Stdout
			switch {
			case st.Running:
				fmt.Fprintf(w, "running: pid %d serves %s\n", st.Pid, st.Socket)
			case st.Off:
				fmt.Fprintln(w, "off: MANDATE_RESIDENT=off, every hook and check call runs mandate-engine in its own process")
			case st.Failed != "":
				fmt.Fprintf(w, "failing: its last start failed: %s\n", st.Failed)
			default:
				fmt.Fprintf(w, "not running for %s (the next hook or check call starts it)\n", st.StateDir)
			}
			for _, o := range st.Others {
				fmt.Fprintf(w, "note: pid %d (%s) holds the engine lock: an engine of another mandate-engine\n", o.Pid, o.Executable)
			}
			fmt.Fprintf(w, "log: %s\n", st.Log)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status as JSON (see docs/cli.md)")
	return cmd
}

func newServeStopCmd(env *Env) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "stop [flags]",
		Short: "Stop the resident engine cleanly",
		Long: `Stop the resident engine of this state directory: it is sent SIGTERM, answers
the calls in flight, removes its socket and exits; stop waits for that. The
next hook or check call starts a new engine (unless MANDATE_RESIDENT=off).
An engine that is not running is not an error.`,
		Example: `  mandate serve stop
  mandate serve stop --timeout 30s`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := currentServeStatus(env)
			if err != nil {
				return exitError{errorf(env, ExitFail, "serve stop: %v", err)}
			}
			for _, o := range st.Others {
				fmt.Fprintf(env.Stderr, "mandate: serve stop: pid %d (%s) holds the engine lock but runs another mandate-engine: stop it with that one, or kill %d\n", o.Pid, o.Executable, o.Pid)
			}
			if !st.Running {
				fmt.Fprintf(env.Stdout, "no resident engine of this mandate-engine runs for %s\n", st.StateDir)
				return nil
			}
			if err := stopSignal(st.Pid); err != nil {
				return exitError{errorf(env, ExitFail, "serve stop: pid %d: %v", st.Pid, err)}
			}
			deadline := time.Now().Add(timeout)
			for {
				if !holds(st.StateDir, st.Pid) {
					fmt.Fprintf(env.Stdout, "stopped the resident engine (pid %d)\n", st.Pid)
					return nil
				}
				if time.Now().After(deadline) {
					return exitError{errorf(env, ExitFail, "serve stop: pid %d still runs after %v (it answers the calls in flight first; a call takes at most 10s)", st.Pid, timeout)}
				}
				time.Sleep(20 * time.Millisecond)
			}
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 15*time.Second, "wait this `DURATION` for the engine to exit")
	return cmd
}

// holds reports whether pid still holds the engine lock of dir.
func holds(dir string, pid int) bool {
	for _, p := range lockHolders(dir) {
		if p == pid {
			return true
		}
	}
	return false
}
