package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
)

// newTamperCmd is "mandate tamper status" and "mandate tamper ack": what
// the integrity pins locked, and a person's acknowledgement (see
// internal/gate: when a governance file changes during an agent's tool
// call, every action in the repository is refused until then).
func newTamperCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tamper",
		Short: "Show or acknowledge (as a person) the locks set when governance files changed during an agent's action",
		Long: `When a governance file (the policy, an agent's hook configuration, Mandate's
own binaries) changes while one of an agent's tool calls runs, that call
changed it, whatever its command looked like: Mandate records a tamper event
and refuses every later action in that repository (everywhere, for a
user-level file or a binary) until a person acknowledges it. So does a change
of what routes the agents' calls to Mandate (a hook configuration's hooks, a
binary) seen while no call runs: a process an agent's command left behind can
make it. A policy changed while no call runs is pending instead (see mandate
policy accept); status lists those too.`,
		Example: `  mandate tamper status
  mandate tamper ack ~/src/app --restore`,
		Args:        cobra.ArbitraryArgs,
		RunE:        subcommandsOnly,
		Annotations: map[string]string{groupOnly: "true"},
	}
	cmd.AddCommand(newTamperStatusCmd(env), newTamperAckCmd(env))
	return cmd
}

func newTamperStatusCmd(env *Env) *cobra.Command {
	var asJSON bool
	var c clock
	cmd := &cobra.Command{
		Use:   "status [flags]",
		Short: "What is locked, why, and since when",
		Long: `List the tamper locks in force: the repository (or everything), since when,
which file changed from which pinned digest to which, during which agent
tool call, and the command a person runs to lift the lock.`,
		Example: `  mandate tamper status
  mandate tamper status --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return exitWith(tamperStatus(env, asJSON, c.in(env))) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the locks as JSON (see docs/cli.md)")
	c.addFlags(cmd.Flags())
	return cmd
}

func newTamperAckCmd(env *Env) *cobra.Command {
	var restore, utc bool
	cmd := &cobra.Command{
		Use:   "ack [REPO] [flags]",
		Short: "Acknowledge the locks (of REPO, else all), as a person at a terminal",
		Long: `Lift the tamper locks of REPO (else every lock): the files as they are now
become the pinned ones, or with --restore the pinned copies are put back. Only
a person may do this: it refuses to run for an agent (its environment, its
ancestor processes) and asks for a code printed on the terminal to be typed
back. The acknowledgement is recorded in the evidence log, with who made it.`,
		Example: `  mandate tamper ack
  mandate tamper ack . --restore`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(tamperAck(cmd.Context(), env, restore, args, (&clock{utc: utc}).in(env)))
		},
	}
	cmd.Flags().BoolVar(&restore, "restore", false, "put the pinned copy of every changed governance file back (a file pinned absent is removed)")
	cmd.Flags().BoolVar(&utc, "utc", false, "show times in UTC (default: the local time zone)")
	return cmd
}

func tamperStatus(env *Env, asJSON bool, c *clock) int {
	dir, err := StateDir(env)
	if err != nil {
		return errorf(env, ExitFail, "tamper status: %v", err)
	}
	locks, err := gate.Locks(dir)
	if err != nil {
		return errorf(env, ExitFail, "tamper status: %v", err)
	}
	if asJSON {
		if locks == nil {
			locks = []*gate.Lock{}
		}
		return printJSON(env, locks)
	}
	ds, derr := gate.Drifts(dir, homeOf(env))
	if len(locks) == 0 && (derr != nil || len(ds) > 0) {
		fmt.Fprintln(env.Stdout, "no tamper lock")
	} else {
		printLocks(env.Stdout, locks, c)
	}
	printDrifts(env.Stdout, ds, derr)
	if ps, err := gate.Pending(dir, env.Getenv("HOME")); err == nil && len(ps) > 0 {
		fmt.Fprintln(env.Stdout)
		printPending(env.Stdout, ps) // cmd_accept.go
	}
	return ExitOK
}

func printLocks(w io.Writer, locks []*gate.Lock, c *clock) {
	if len(locks) == 0 {
		fmt.Fprintln(w, "no tamper lock: governance files are as pinned")
		return
	}
	for _, l := range locks {
		fmt.Fprintf(w, "LOCKED: %s, since %s\n", l.Scope(), c.format(l.Since, time.RFC3339, ""))
		if l.Damaged != "" {
			fmt.Fprintf(w, "  the lock file cannot be read (%s): it still locks\n", l.Damaged)
		}
		for _, ch := range l.Changes {
			if ch.Kind == gate.KindUndecided {
				// A call that ran with no decision (its pre-tool hook did
				// not run), which the policy refuses or asks.
				fmt.Fprintf(w, "  %s  a call ran without a decision, past the pre-tool hook (tamper record %d)\n", c.format(ch.Time, time.RFC3339, ""), ch.Record)
				for _, a := range ch.Actions {
					fmt.Fprintf(w, "      ran with no decision: %s %s %s %s (session %s)\n",
						orDash(a.Agent), orDash(a.Tool), orDash(a.ToolUseID), cell(a.Summary, 100), orDash(a.SessionID))
				}
				continue
			}
			fmt.Fprintf(w, "  %s  %s changed: %s -> %s (tamper record %d)\n", c.format(ch.Time, time.RFC3339, ""), ch.File, ch.Old, ch.New, ch.Record)
			if ch.Restored != "" {
				fmt.Fprintf(w, "      put back when the tamper was seen: %s\n", ch.Restored)
			}
			if gate.NoCopy(ch.File) {
				fmt.Fprintf(w, "      no copy kept (it may hold secrets: pinned by digest only): --restore cannot put it back\n")
			}
			for _, a := range ch.Actions {
				fmt.Fprintf(w, "      while in flight: %s %s %s %s (session %s, decision record %d)\n",
					orDash(a.Agent), orDash(a.Tool), orDash(a.ToolUseID), cell(a.Summary, 100), orDash(a.SessionID), a.Decision)
			}
			if ch.Attribution != "" && len(ch.Actions) == 0 {
				fmt.Fprintf(w, "      %s: it changes what routes agents' calls to Mandate (a process an agent left behind can do that)\n", ch.Attribution)
				for _, a := range ch.Sessions {
					fmt.Fprintf(w, "      session of this scope seen last: %s %s\n", orDash(a.Agent), orDash(a.SessionID))
				}
			}
		}
		arg := ""
		if !l.Global {
			arg = " " + l.Root
		}
		fmt.Fprintf(w, "  a person lifts it with: mandate tamper ack%s   (add --restore to put the pinned copies back)\n", arg)
	}
}

// printDrifts says which pinned files differ from the pins now: status
// compares them itself, read-only (gate.Drifts), since a change that
// switched the agents' hooks off is one no hook call comes to compare.
func printDrifts(w io.Writer, ds []gate.Drift, err error) {
	if err != nil {
		fmt.Fprintf(w, "\nthe pinned files could not be compared: %v\n", err)
		return
	}
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "\nNOT AS PINNED: %d governance file(s) changed since a check last saw them (no hook call compared them yet; this command records nothing):\n", len(ds))
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", d.Describe())
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func tamperAck(ctx context.Context, env *Env, restore bool, args []string, c *clock) int {
	root := ""
	if len(args) == 1 {
		root = filepath.Clean(absPath(env, args[0]))
	}
	// Only a person acknowledges: not an agent, by any means it has.
	if why := agentSignals(env); len(why) > 0 {
		return errorf(env, ExitFail, "tamper ack: refused: this looks run by an agent (%s); a person must run it in a terminal outside any agent", strings.Join(why, "; "))
	}
	tty, ttyName, err := terminal(env)
	if err != nil {
		return errorf(env, ExitFail, "tamper ack: refused: %v; a person must run it in a terminal", err)
	}
	defer tty.Close()
	dir, err := StateDir(env)
	if err != nil {
		return errorf(env, ExitFail, "tamper ack: %v", err)
	}
	locks, err := gate.Locks(dir)
	if err != nil {
		return errorf(env, ExitFail, "tamper ack: %v", err)
	}
	var chosen []*gate.Lock
	for _, l := range locks {
		if root == "" || (!l.Global && l.Root == root) {
			chosen = append(chosen, l)
		}
	}
	if len(chosen) == 0 {
		if root != "" && len(locks) > 0 {
			return errorf(env, ExitFail, "tamper ack: %s is not locked (run mandate tamper status)", root)
		}
		fmt.Fprintln(env.Stdout, "no tamper lock to acknowledge")
		if ps, err := gate.Pending(dir, env.Getenv("HOME")); err == nil && len(ps) > 0 {
			printPending(env.Stdout, ps) // cmd_accept.go: mandate policy accept
		}
		return ExitOK
	}
	var what strings.Builder
	printLocks(&what, chosen, c)
	if restore {
		what.WriteString("The pinned copy of every changed file will be put back.")
	} else {
		what.WriteString("The files as they are now will become the pinned ones.")
	}
	if err := confirmCode(tty, what.String()); err != nil {
		return errorf(env, ExitFail, "tamper ack: refused: %v", err)
	}
	log, err := openAckLog(env, dir)
	if err != nil {
		return errorf(env, ExitFail, "tamper ack: %v", err)
	}
	defer log.Close()
	rep, err := gate.Ack(ctx, gate.AckOptions{
		StateDir: dir, Root: root, Restore: restore, Who: ackIdentity(ctx, env, ttyName),
		Log: log, Now: env.Now, Home: env.Getenv("HOME"),
	})
	if errors.Is(err, gate.ErrNoLock) {
		fmt.Fprintln(env.Stdout, "no tamper lock to acknowledge")
		return ExitOK
	}
	if err != nil {
		return errorf(env, ExitFail, "tamper ack: %v", err)
	}
	for _, f := range rep.Files {
		fmt.Fprintf(env.Stdout, "%s %s (pinned %s, found %s)\n", f.Action, f.Path, f.Pinned, f.Found)
	}
	for _, l := range rep.Locks {
		fmt.Fprintf(env.Stdout, "lifted the lock of %s\n", l.Scope())
	}
	fmt.Fprintf(env.Stdout, "recorded as tamper.ack record %d\n", rep.Record)
	return ExitOK
}

// openAckLog opens the evidence log with the redaction the policy of the
// working directory asks for.
func openAckLog(env *Env, dir string) (*evidence.Log, error) {
	pii := false
	if p, err := gate.LoadPolicy("", env.Cwd, env.Getenv); err == nil {
		pii = p.RedactPII()
	}
	red, err := evidence.NewRedactor(dir, pii)
	if err != nil {
		return nil, err
	}
	return evidence.Open(dir, evidence.Options{Now: env.Now, Redactor: red})
}

// ackIdentity is who is acknowledging, for the record.
func ackIdentity(ctx context.Context, env *Env, tty string) gate.AckIdentity {
	id := gate.AckIdentity{UID: os.Getuid(), Terminal: tty}
	if u, err := user.Current(); err == nil {
		id.User = u.Username
	}
	idn := gate.LocalIdentity{Getenv: env.Getenv, Environ: env.Environ}.Identify(ctx, env.Cwd)
	id.Host = idn.Host
	if strings.Contains(idn.User, "@") {
		id.Email = idn.User
	}
	if id.User == "" {
		id.User = idn.User
	}
	return id
}
