package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/mandate-dev/mandate/internal/agent"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/agent/agents"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/hookwire"
)

// hookMemoryLimit is the heap size at which a hook process collects garbage
// after all (it runs with GC otherwise off).
const hookMemoryLimit = 768 << 20

// newHookCmd is "mandate hook <agent> [event]", the command every agent
// runs on every tool call, in the tree for its help, completion and
// manual page. Main runs it before the tree is built (hookCommand), and
// so does the resident engine: it must stay fast. Nothing is loaded
// before the payload is read, and the gate (policy, evidence log) is
// opened by the runner from the payload's cwd, inside its time budget.
// Every failure, including a wrong agent name, is answered as a deny in
// the real caller's format (see internal/hook).
func newHookCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use: "hook <agent> [event]",
		// The answer is the agent's protocol, byte for byte.
		Annotations: map[string]string{rawOutput: "true"},
		Short:       "Answer an agent's hook (run by the agent, see mandate install)",
		Long: `Answer one hook call of an agent: read the agent's hook JSON on standard
input, decide the tool call against the policy, record the decision in the
evidence log, and answer in the agent's own protocol. Agents run it on every
tool call ('mandate install' registers it); people do not. Every failure,
including an unknown agent name, is answered as a deny in the calling agent's
format: the hook fails closed.

Agents: ` + strings.Join(agent.Names(), ", ") + `.`,
		Example: `  echo "$PAYLOAD" | mandate hook claude
  mandate hook copilot preToolUse < payload.json`,
		DisableFlagParsing: true,
		ValidArgs:          agent.Names(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
				printHelp(cmd)
				return nil
			}
			return exitWith(hookCommand(cmd.Context(), env, args, nil))
		},
	}
}

// engineState is what the resident engine keeps between calls.
type engineState struct {
	cache   *gate.Cache
	workers *workers
	// checkpoints is the engine's bound on the evidence's unsigned tail
	// (serve --checkpoint-every, --checkpoint-interval; zero: the default).
	checkpoints evidence.CheckpointBound
	// faults injects failures into every call's gate, for tests only.
	faults *gate.Faults
}

// requestID is the invocation's request id: the forwarded call's, else
// the one the front gave its in-process fallback. Anything but 8 to 64
// hex digits is ignored (the call is then simply not idempotent).
func requestID(env *Env) string {
	id := env.RequestID
	if id == "" && env.Getenv != nil {
		id = env.Getenv(hookwire.RequestIDEnv)
	}
	if len(id) < 8 || len(id) > 64 {
		return ""
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return id
}

// callBudget is the hook call's budget and, when the front already
// answered it deny at its deadline, the cause to record instead of a
// decision (hookwire.DeadlineEnv, DeadlinePassedEnv). The front's
// deadline only shortens the budget: it ends hookwire.AnswerMargin before
// it, so that the engine's deny, recorded, reaches the agent in time; a
// deadline already passed leaves a tenth of a second, for the deny.
func callBudget(env *Env) (time.Duration, error) {
	if env.Getenv == nil {
		return 0, nil
	}
	if env.Getenv(hookwire.DeadlinePassedEnv) == "1" {
		return 0, errors.New(hookwire.DeadlineReason)
	}
	end, ok := hookwire.Deadline(env.Getenv(hookwire.DeadlineEnv))
	if !ok {
		return 0, nil // hook.DefaultBudget
	}
	left := time.Until(end.Add(-hookwire.AnswerMargin)) // the front's clock: the machine's
	return min(max(left, 100*time.Millisecond), hook.DefaultBudget), nil
}

// hookCommand runs the hook; eng is the resident engine's state (nil: this
// is a hook process of its own, which runs with the collector off).
func hookCommand(ctx context.Context, env *Env, args []string, eng *engineState) int {
	var cache *gate.Cache
	var faults *gate.Faults
	var bound evidence.CheckpointBound
	if eng != nil {
		cache, faults, bound = eng.cache, eng.faults, eng.checkpoints
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(env.Stderr, "usage: mandate hook <agent> [event]   (agents: %s)\n", strings.Join(agent.Names(), ", "))
		fmt.Fprintln(env.Stderr, "Reads the agent's hook JSON on stdin and answers in the agent's protocol; installed by mandate install.")
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	// A hook process lives for a few milliseconds: collecting garbage in it
	// is wasted time on every tool call. The payload is bounded (32 MiB), and
	// the memory limit still makes the collector run if a pathological
	// input pushes the heap towards it.
	if cache == nil {
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(hookMemoryLimit))
	}
	opts := hook.RunOptions{
		Lookup: agents.Lookup,
		Open: func(ctx context.Context, ev *hook.Event) (hook.Gate, error) {
			cwd := ev.Cwd
			if cwd == "" {
				cwd = env.Cwd
			}
			g, err := gate.Open(ctx, gate.Options{Cwd: cwd, Getenv: env.Getenv, Environ: env.Environ, Ppid: env.Ppid, PpidFunc: env.PpidFunc, Caller: env.Caller, Now: env.Now, Cache: cache,
				RequestID: requestID(env), Faults: faults, Checkpoints: bound})
			if err != nil {
				return nil, err
			}
			return g, nil
		},
	}
	if len(args) > 1 {
		opts.Event = args[1]
	}
	opts.Budget, opts.Refuse = callBudget(env)
	if eng != nil {
		opts.Go = eng.workers.Go
	}
	ad, ok := agents.Lookup(args[0])
	if !ok || len(args) > 2 {
		// A misconfigured hook command still governs: every tool call is
		// denied, in the detected caller's format, saying how to fix it.
		ad, _ = agents.Lookup(hook.Claude)
		opts.Open = nil
		opts.NoGate = fmt.Errorf("the hook command is \"mandate hook %s\", which names no known agent (want one of %s); reinstall it with mandate install <agent>",
			strings.Join(args, " "), strings.Join(agent.Names(), ", "))
	}
	return hook.Run(ctx, ad, nil, env.Stdin, env.Stdout, env.Stderr, opts)
}

// workers is a pool of goroutines that run hook invocations in the
// resident engine. A new goroutine starts with a small stack and grows it,
// copying it each time, on every call's deep path through analysis and
// evidence; the pool's goroutines keep theirs.
type workers struct{ ch chan func() }

func newWorkers(n int) *workers {
	w := &workers{ch: make(chan func())}
	for i := 0; i < n; i++ {
		go func() {
			for f := range w.ch {
				f()
			}
		}()
	}
	return w
}

// Go runs f on an idle worker, or on a new goroutine when all are busy.
func (w *workers) Go(f func()) {
	select {
	case w.ch <- f:
	default:
		go f()
	}
}
