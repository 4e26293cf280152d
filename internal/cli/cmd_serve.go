package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/resident"
)

// Files the engine keeps in the state directory besides its socket and
// hookwire.FailedName.
const (
	serveLog = "serve.log"
	// serveLogMax is the size at which serve.log is rotated at start.
	serveLogMax = 1 << 20
)

// newServeCmd is "mandate serve": the resident engine that answers the
// hook and check calls the mandate front forwards (see internal/front, and
// internal/resident for the engine's contract). It is started on demand by
// the first hook or check call, with --background; running it in the
// foreground (for a service manager) works the same. Its subcommands
// report it and stop it (serve_ctl.go).
func newServeCmd(env *Env) *cobra.Command {
	var idle time.Duration
	var background bool
	var bound evidence.CheckpointBound
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Run the resident engine that answers forwarded hook and check calls (started on demand)",
		Long: `Run the resident engine: one process per state directory that keeps the policy
compiled and the evidence log open, and answers the hook and check calls
that mandate forwards over a Unix socket in the state directory, running
exactly the code path 'mandate-engine hook' runs in its own process. The
first hook or check call starts it in the background; it exits after --idle
without a call, when its binary is replaced, when its socket is removed, or
on SIGTERM or SIGINT (after answering the calls in flight). Run it in the
foreground under a service manager if you prefer; MANDATE_RESIDENT=off turns
it off.

The engine keeps the evidence log's unsigned tail bounded: it signs a
checkpoint at least every --checkpoint-every records or --checkpoint-interval
of activity (a policy's evidence.checkpoint_every and checkpoint_interval
tighten it; the stricter wins), and signs what is left when it stops.`,
		Example: `  mandate serve status
  mandate serve stop
  mandate serve --idle -1s     # in the foreground, never idle out (systemd, launchd)
  mandate serve --idle -1s --checkpoint-every 200 --checkpoint-interval 10s`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if bound.Every < 0 {
				return usagef(cmd, "--checkpoint-every %d: want a number of records (0: the default, %d)", bound.Every, evidence.DefaultCheckpointEvery)
			}
			if bound.Interval < 0 {
				return usagef(cmd, "--checkpoint-interval %v: want a duration (0: the default, %v)", bound.Interval, evidence.DefaultCheckpointInterval)
			}
			return exitWith(runServe(cmd.Context(), env, idle, background, bound))
		},
	}
	fs := cmd.Flags()
	fs.DurationVar(&idle, "idle", resident.DefaultIdle, "exit after this `DURATION` without a call (0: the default; negative: never)")
	fs.BoolVar(&background, "background", false, "started on demand by mandate: log to serve.log in the state directory, exit quietly if an engine already runs")
	fs.Int64Var(&bound.Every, "checkpoint-every", 0, fmt.Sprintf("sign a checkpoint at least every `N` records (0: %d)", evidence.DefaultCheckpointEvery))
	fs.DurationVar(&bound.Interval, "checkpoint-interval", 0, fmt.Sprintf("sign a checkpoint at least every `DURATION` of activity (0: %v)", evidence.DefaultCheckpointInterval))
	setGroup(fs, "Evidence", "checkpoint-every", "checkpoint-interval")
	cmd.AddCommand(newServeStatusCmd(env), newServeStopCmd(env))
	return cmd
}

func runServe(ctx context.Context, env *Env, idle time.Duration, background bool, bound evidence.CheckpointBound) int {
	dir, err := gate.StateDir(env.Getenv)
	if err != nil {
		return errorf(env, ExitFail, "%v", err)
	}
	exe, _ := os.Executable()

	logf := func(format string, a ...any) {
		fmt.Fprintf(env.Stderr, "%s %s\n", env.Now().UTC().Format(time.RFC3339), fmt.Sprintf(format, a...))
	}
	if background {
		logf = fileLogger(dir, env.Now)
		// Started on demand, by whichever call found no engine: what
		// that caller set for itself is not the engine's to keep. A
		// starter whose limits leave the engine unable to serve gets
		// no engine and no serve.failed (which would hold engines off
		// for everyone for FailedBackoff).
		if err := normaliseInherited(); err != nil {
			logf("not starting: %v", err)
			return ExitFail
		}
	}
	// The engine's live heap is small and each call allocates a little:
	// collect less often than the default, under a hard memory limit.
	debug.SetGCPercent(800)
	debug.SetMemoryLimit(512 << 20)
	eng := &engineState{cache: &gate.Cache{}, workers: newWorkers(8), checkpoints: bound}
	o := serveOptions(dir, eng, idle, exe, logf)
	var sentry engineSentry // serve_sentry.go
	ready, stopping := o.Ready, o.Stopping
	o.Ready = func() { ready(); sentry.start(env, dir, eng.cache, logf) }
	o.Stopping = func() { sentry.stop(); stopping() }
	err = resident.Serve(ctx, o)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, resident.ErrRunning) && background:
		return ExitOK
	case background:
		// mandate reads this and stops starting engines for a while;
		// mandate doctor shows it.
		_ = os.WriteFile(filepath.Join(dir, hookwire.FailedName), []byte(err.Error()+"\n"), 0o600)
		logf("cannot start: %v", err)
		return ExitFail
	}
	return errorf(env, ExitFail, "%v", err)
}

// serveOptions are the resident engine's options: its handler runs the
// forwarded calls with eng, and when it stops, the logs eng's cache holds
// sign what their last calls left unsigned (gate.Cache.Close), so that
// no record waits for the next engine to be signed.
func serveOptions(dir string, eng *engineState, idle time.Duration, exe string, logf func(string, ...any)) resident.Options {
	return resident.Options{
		StateDir:   dir,
		Idle:       idle,
		Executable: exe,
		Logf:       logf,
		Ready:      func() { os.Remove(filepath.Join(dir, hookwire.FailedName)) },
		Handler: func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
			return serveCall(ctx, dir, eng, req)
		},
		Answered: eng.cache.Answered,
		Stopping: func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := eng.cache.Close(ctx); err != nil {
				logf("signing the evidence's unsigned tail at shutdown: %v", err)
			}
		},
	}
}

// serveCall answers one forwarded call by running the hook or check
// command with the call's inputs. A call it must not answer is closed
// unanswered, and the front runs mandate-engine in its own process
// instead: a call the front does not forward either (hookwire.Forwarded:
// any other command, a check that would read stdin), a relative working
// directory, or an environment that names another state directory.
func serveCall(ctx context.Context, dir string, eng *engineState, req *hookwire.Request) *hookwire.Response {
	if !hookwire.Forwarded(req.Args) || !filepath.IsAbs(req.Cwd) {
		return nil
	}
	run := func(ctx context.Context, env *Env, args []string) int { return hookCommand(ctx, env, args, eng) }
	ppid := 0
	var ppidFunc func() int
	if req.Args[0] == "check" {
		run = func(ctx context.Context, env *Env, args []string) int { return runCheckOnly(ctx, env, eng.cache, args) }
		// A check keys nothing by the caller's parent (no session, no
		// in-flight note, no record): the peer stands in, as when its
		// parent cannot be read, and /proc is not read (three system
		// calls and the kernel building the stat line, on every check).
		ppid = checkCaller(req)
	} else {
		// Read when the hook first needs it (an allowed call's in-flight
		// note, while its record is written), before it is answered:
		// the connection, and so the peer's pidfd, is open until then.
		ppidFunc = sync.OnceValue(func() int { return callerParent(req) })
	}
	getenv := lookupIn(req.Env)
	if d, err := gate.StateDir(getenv); err != nil || d != dir {
		return nil
	}
	var stdout, stderr bytes.Buffer
	env := &Env{
		Stdin:     bytes.NewReader(req.Stdin),
		Stdout:    &stdout,
		Stderr:    &stderr,
		Getenv:    getenv,
		Now:       time.Now,
		Cwd:       req.Cwd,
		Environ:   req.Env,
		Ppid:      ppid,
		PpidFunc:  ppidFunc,
		Caller:    req.Peer,
		RequestID: req.ID,
	}
	code := hookwire.ExitCode(req.Args, run(ctx, env, req.Args[1:]))
	return &hookwire.Response{Code: code, Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
}

// callerParent is the parent of the process that forwarded req (the
// agent, for a hook), as the kernel says: a request names a parent of its
// own choosing, and any process of the user can connect to the socket, so
// a script could claim the agent's pid and land the agent's calls
// (internal/gate's inflight.go). When the peer is known but its parent
// cannot be read, the peer itself stands in, which matches no agent. The
// server asks the kernel over the connection first (PeerParent: a pidfd
// of the peer on Linux), and reads /proc/PEER/stat when that cannot say.
// A peer the kernel does not name (the server refuses those: another pid
// namespace, internal/resident) is -1, never the pid the request claims.
func callerParent(req *hookwire.Request) int {
	if req.Peer <= 0 {
		return unknownPeer
	}
	if req.PeerParent != nil {
		if p, ok := req.PeerParent(); ok && p > 0 {
			return p
		}
	}
	if p, ok := procParent(req.Peer); ok && p > 0 {
		return p
	}
	return req.Peer
}

// checkCaller stands in for callerParent on a forwarded check, which
// uses no parent: the peer, as the kernel says, which matches no agent.
func checkCaller(req *hookwire.Request) int {
	if req.Peer <= 0 {
		return unknownPeer
	}
	return req.Peer
}

// unknownPeer stands for a caller the kernel did not name: no process has
// this pid, so it matches no agent.
const unknownPeer = -1

// lookupIn is os.Getenv over a KEY=value list: the first entry wins, as in
// the Go runtime. A call looks up about a dozen names in an agent's
// environment of dozens to a hundred entries: scanning for each is cheaper
// than building a map of all of them (~10 µs) for every call.
func lookupIn(environ []string) func(string) string {
	return func(k string) string {
		if strings.Contains(k, "=") {
			return "" // no entry's name holds one: it ends at the first
		}
		for _, kv := range environ {
			if len(kv) > len(k) && kv[len(k)] == '=' && kv[:len(k)] == k {
				return kv[len(k)+1:]
			}
		}
		return ""
	}
}

// fileLogger appends to serve.log in dir, rotating it once at start when
// it has grown past serveLogMax. It logs what the engine does, never what
// a call contained.
func fileLogger(dir string, now func() time.Time) func(string, ...any) {
	path := filepath.Join(dir, serveLog)
	if st, err := os.Stat(path); err == nil && st.Size() > serveLogMax {
		_ = os.Rename(path, path+".1")
	}
	var mu sync.Mutex
	return func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return
		}
		defer f.Close()
		fmt.Fprintf(f, "%s pid %d: %s\n", now().UTC().Format(time.RFC3339), os.Getpid(), fmt.Sprintf(format, a...))
	}
}
