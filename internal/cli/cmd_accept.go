package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/linediff"
	"github.com/mandate-dev/mandate/internal/termsafe"
)

// Accepting governance changes (internal/gate pending.go, accept.go): a
// policy changed while no agent call was in flight is pending — its last
// accepted text keeps deciding with it — until a person accepts it with
// mandate policy accept; a file Mandate writes itself (install,
// uninstall, policy init) is accepted as it is written, when a person at
// a terminal runs the command (else the next hook call sees the change
// like anyone's: a hook configuration's locks until mandate tamper ack).

func newPolicyAcceptCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "accept [REPO] [flags]",
		Short: "Accept (as a person at a terminal) policy changes no agent call made",
		Long: `A policy changed while no agent tool call was in flight is recorded as a
governance-change, but it does not govern alone: until a person accepts it,
every call (of running and new sessions) is decided by the file as it is and
by the text last accepted, the stricter decision winning. So a stricter edit
is in force at once; a looser one once accepted. This lists the pending
changes (of REPO, else all) and accepts the files as they are now. Only a
person may do this: it refuses to run for an agent and asks for a code
printed on the terminal to be typed back. The acceptance is recorded.`,
		Example: `  mandate policy accept
  mandate policy accept ~/src/app`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(policyAccept(cmd.Context(), env, args))
		},
	}
	return cmd
}

func policyAccept(ctx context.Context, env *Env, args []string) int {
	root := ""
	if len(args) == 1 {
		root = filepath.Clean(absPath(env, args[0]))
	}
	if why := agentSignals(env); len(why) > 0 {
		return errorf(env, ExitFail, "policy accept: refused: this looks run by an agent (%s); a person must run it in a terminal outside any agent", strings.Join(why, "; "))
	}
	tty, ttyName, err := terminal(env)
	if err != nil {
		return errorf(env, ExitFail, "policy accept: refused: %v; a person must run it in a terminal", err)
	}
	defer tty.Close()
	dir, err := StateDir(env)
	if err != nil {
		return errorf(env, ExitFail, "policy accept: %v", err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintln(env.Stdout, "no pending governance change (no Mandate state directory)")
		return ExitOK
	}
	all, err := gate.Pending(dir, env.Getenv("HOME"))
	if err != nil {
		return errorf(env, ExitFail, "policy accept: %v", err)
	}
	var chosen []gate.PendingChange
	expect := map[string]string{}
	for _, p := range all {
		if root != "" && (p.Global || filepath.Clean(p.Root) != root) {
			continue
		}
		chosen = append(chosen, p)
		if !p.Locked {
			expect[p.Path] = p.Found
		}
	}
	if len(chosen) == 0 {
		fmt.Fprintln(env.Stdout, "no pending governance change")
		return ExitOK
	}
	var what strings.Builder
	printPending(&what, chosen)
	if len(expect) == 0 {
		fmt.Fprint(env.Stdout, what.String())
		return errorf(env, ExitFail, "policy accept: every pending change is in a tamper-locked scope: mandate tamper ack decides there")
	}
	for _, p := range chosen {
		if !p.Locked {
			printChange(&what, dir, p)
		}
	}
	what.WriteString("The files as they are now will become the accepted ones.")
	if err := confirmCode(tty, what.String()); err != nil {
		return errorf(env, ExitFail, "policy accept: refused: %v", err)
	}
	log, err := openAckLog(env, dir)
	if err != nil {
		return errorf(env, ExitFail, "policy accept: %v", err)
	}
	defer log.Close()
	rep, err := gate.Accept(ctx, gate.AcceptOptions{StateDir: dir, Root: root, Expect: expect, By: "mandate policy accept",
		Who: ackIdentity(ctx, env, ttyName), Log: log, Now: env.Now, Home: env.Getenv("HOME")})
	if errors.Is(err, gate.ErrNothingPending) {
		fmt.Fprintln(env.Stdout, "no pending governance change")
		return ExitOK
	}
	if err != nil {
		return errorf(env, ExitFail, "policy accept: %v", err)
	}
	for _, f := range rep.Files {
		fmt.Fprintf(env.Stdout, "accepted %s (%s, was %s)\n", f.Path, f.Accepted, f.Previous)
	}
	for _, r := range rep.Retired {
		fmt.Fprintf(env.Stdout, "released %s: its former identity (another directory holds it now) no longer binds it to its old scope\n", termsafe.Line(r))
	}
	for _, l := range rep.Locked {
		fmt.Fprintf(env.Stdout, "left %s as it is: it is tamper-locked (mandate tamper ack)\n", l)
	}
	fmt.Fprintf(env.Stdout, "recorded as governance.accept record %d\n", rep.Record)
	return ExitOK
}

// printPending lists pending policy changes for a person.
func printPending(w io.Writer, ps []gate.PendingChange) {
	if len(ps) == 0 {
		return
	}
	for _, p := range ps {
		fmt.Fprintf(w, "PENDING: %s (%s): the accepted text %s decides with the file's %s", termsafe.Line(p.Path), termsafe.Line(p.Scope()), p.Accepted, p.Found)
		if n := len(p.Since); n > 0 {
			fmt.Fprintf(w, " and %d other text(s) it held since", n)
		}
		fmt.Fprintln(w)
		if p.Locked {
			fmt.Fprintln(w, "  its scope is tamper-locked: mandate tamper ack decides it")
			continue
		}
		arg := ""
		if !p.Global {
			arg = " " + termsafe.Line(p.Root)
		}
		fmt.Fprintf(w, "  a person accepts the file as it is with: mandate policy accept%s\n", arg)
	}
}

// printChange shows a person what accepting p changes: the accepted text
// and the file's, line by line (the texts may be an agent's: linediff
// escapes what a terminal would act on). A text that cannot be shown is
// said so; the digests stay what Accept checks.
func printChange(w io.Writer, stateDir string, p gate.PendingChange) {
	accepted, found, err := gate.PendingTexts(stateDir, p)
	if err != nil {
		fmt.Fprintf(w, "\n%s: the change cannot be shown: %s\n", termsafe.Line(p.Path), termsafe.Line(err.Error()))
		return
	}
	fmt.Fprintf(w, "\n%s, from the accepted text to the file as it is:\n", termsafe.Line(p.Path))
	switch {
	case p.Accepted == "absent":
		fmt.Fprintln(w, "(no file was accepted: the built-in default policy governed)")
	case found == nil:
		fmt.Fprintln(w, "(the file was removed: accepting makes the built-in default policy govern)")
	}
	fmt.Fprintf(w, "--- accepted %s\n+++ now %s\n", p.Accepted, p.Found)
	fmt.Fprint(w, linediff.Unified(accepted, found, 3))
	fmt.Fprintln(w)
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}
