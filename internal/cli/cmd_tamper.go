package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
)

// runTamper is "mandate tamper status" and "mandate tamper ack": what the
// integrity pins locked, and a person's acknowledgement (see
// internal/gate: when a governance file changes during an agent's tool
// call, every action in the repository is refused until then).
func runTamper(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "usage: mandate tamper status [--json]          what is locked, why, since when")
		fmt.Fprintln(env.Stderr, "       mandate tamper ack [--restore] [REPO]    acknowledge the locks (of REPO, else all), as a person at a terminal")
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	switch args[0] {
	case "status":
		return tamperStatus(env, args[1:])
	case "ack":
		return tamperAck(ctx, env, args[1:])
	}
	return errorf(env, ExitUsage, "tamper: unknown subcommand %q (want status or ack)", args[0])
}

func tamperStatus(env *Env, args []string) int {
	fs := newFlags(env, "tamper status")
	jsonOut := fs.Bool("json", false, "print the locks as JSON")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "tamper status: unexpected argument %q", fs.Arg(0))
	}
	dir, err := StateDir(env)
	if err != nil {
		return errorf(env, ExitFail, "tamper status: %v", err)
	}
	locks, err := gate.Locks(dir)
	if err != nil {
		return errorf(env, ExitFail, "tamper status: %v", err)
	}
	if *jsonOut {
		if locks == nil {
			locks = []*gate.Lock{}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(locks); err != nil {
			return errorf(env, ExitFail, "tamper status: %v", err)
		}
		return ExitOK
	}
	printLocks(env.Stdout, locks)
	return ExitOK
}

func printLocks(w io.Writer, locks []*gate.Lock) {
	if len(locks) == 0 {
		fmt.Fprintln(w, "no tamper lock: governance files are as pinned")
		return
	}
	for _, l := range locks {
		fmt.Fprintf(w, "LOCKED: %s, since %s\n", l.Scope(), l.Since.UTC().Format(time.RFC3339))
		if l.Damaged != "" {
			fmt.Fprintf(w, "  the lock file cannot be read (%s): it still locks\n", l.Damaged)
		}
		for _, c := range l.Changes {
			fmt.Fprintf(w, "  %s  %s changed: %s -> %s (tamper record %d)\n", c.Time.UTC().Format(time.RFC3339), c.File, c.Old, c.New, c.Record)
			for _, a := range c.Actions {
				fmt.Fprintf(w, "      while in flight: %s %s %s %s (session %s, decision record %d)\n",
					orDash(a.Agent), orDash(a.Tool), orDash(a.ToolUseID), evCell(a.Summary, 100), orDash(a.SessionID), a.Decision)
			}
		}
		arg := ""
		if !l.Global {
			arg = " " + l.Root
		}
		fmt.Fprintf(w, "  a person lifts it with: mandate tamper ack%s   (add --restore to put the pinned copies back)\n", arg)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func tamperAck(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "tamper ack")
	restore := fs.Bool("restore", false, "put the pinned copy of every changed governance file back (a file pinned absent is removed)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return errorf(env, ExitUsage, "usage: mandate tamper ack [--restore] [REPO]")
	}
	root := ""
	if fs.NArg() == 1 {
		root = fs.Arg(0)
		if !filepath.IsAbs(root) {
			root = filepath.Join(env.Cwd, root)
		}
		root = filepath.Clean(root)
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
		return ExitOK
	}
	var what strings.Builder
	printLocks(&what, chosen)
	if *restore {
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
		StateDir: dir, Root: root, Restore: *restore, Who: ackIdentity(ctx, env, ttyName),
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
