// Package cli is the mandate command tree: it parses arguments, wires the
// packages that do the work, and maps outcomes to exit codes. It holds no
// policy or evidence logic of its own.
//
// # Contract
//
//   - Every command is a github.com/spf13/cobra command built by a
//     constructor (newLogCmd, newCheckCmd, …) from an *Env, which carries
//     the process's standard streams, environment, clock and time zone,
//     so tests run commands in-process with exact inputs. The tree is
//     built afresh for each invocation (newRoot); nothing is global.
//   - `hook` answers every agent tool call: Main dispatches it before any
//     of the tree is built, and the resident engine runs it (and builds
//     only the check command for a forwarded check), so the framework
//     costs the hot path nothing but its package initialisation.
//   - Exit codes are one table (exitcodes.go) shown in every command's
//     help, in `mandate help exit-codes` and in docs/cli.md: 0 success
//     (check: allow), 1 "the answer is no" (does not verify, a test
//     fails, a hook would not run) or the work could not be done, 2 usage
//     or input error, including input that cannot be read, 3 deny, 4 ask.
//     A command's error is one line on stderr, starting "mandate: ".
//   - Every command that prints data has --json, whose shape is
//     documented in docs/cli.md and pinned by golden tests; human output
//     shows times in the local zone unless --utc.
//   - A file argument or flag value "-" is standard input or output.
//   - A session is named by its id or any unique prefix of it.
//   - Long flags also work with one dash (-json), as with Go's flag
//     package, which this CLI used before.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/termsafe"
)

// Exit codes, in one place (exitcodes.go says what each means per command).
const (
	ExitOK    = 0 // success; for check: allow
	ExitFail  = 1 // a verification or test failed, or the work could not be done
	ExitUsage = 2 // usage or input error; input that cannot be read
	ExitDeny  = 3 // check: deny
	ExitAsk   = 4 // check: ask
)

// Env is what a command may use of its process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// Loc is the time zone of human output (nil: the local zone); --utc
	// overrides it.
	Loc *time.Location
	// Cwd is the working directory; commands never call os.Getwd themselves.
	Cwd string
	// Environ is the whole environment, for programs a command runs; nil
	// means this process's. Ppid is the parent process (0: this
	// process's). The resident engine sets both from the forwarded call.
	Environ []string
	Ppid    int
	// PpidFunc, when set and Ppid is 0, gives Ppid when a command first
	// needs it: the resident engine's forwarded hook, whose caller's
	// parent costs system calls that a call may not need before its
	// answer's record is on its way to the disk (internal/gate's
	// Options.PpidFunc).
	PpidFunc func() int
	// Caller is the process that sent a forwarded call (the resident
	// engine's peer, as the kernel reports it); 0 is this process when
	// Ppid is 0, else unknown (internal/gate's Options.Caller).
	Caller int
	// RequestID is the forwarded call's request id (internal/hookwire);
	// empty means the one in the environment (hookwire.RequestIDEnv), if
	// any.
	RequestID string
}

// OSEnv returns the Env of the running process.
func OSEnv() *Env {
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "/"
	}
	return &Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Now:    time.Now,
		Cwd:    cwd,
	}
}

// Main runs the mandate command line and returns the exit code.
func Main(ctx context.Context, env *Env, args []string) int {
	// The hook answers every agent tool call and takes no flags: it runs
	// before the command tree is built. A check (forwarded to the resident
	// engine, or run here when none answers) builds only its own command.
	if len(args) > 0 {
		switch args[0] {
		case "hook":
			if len(args) != 2 || (args[1] != "-h" && args[1] != "--help") {
				return hookwire.ExitCode(args, hookCommand(ctx, env, args[1:], nil))
			}
		case "check":
			return runCheckOnly(ctx, env, nil, args[1:])
		}
	}
	root := newRoot(env)
	if len(args) == 0 {
		root.SetOut(env.Stdout)
		printHelp(root)
		return ExitUsage
	}
	return execute(ctx, env, root, args)
}

// rawOutput is the annotation of a command whose standard output is
// data for a program, written byte for byte: an agent's hook answer, a
// bundle (export --out -). Every other command's output passes through
// termsafe: what an agent put in the evidence, or in a file a command
// reads, never reaches a terminal as a control character.
const rawOutput = "mandate_raw_output"

// execute runs args through the tree under root and returns the exit
// code.
func execute(ctx context.Context, env *Env, root *cobra.Command, args []string) int {
	root.SetArgs(dashCompat(root, args))
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	out, errw := env.Stdout, env.Stderr
	var safeOut, safeErr *termsafe.Writer
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if cmd.Annotations[rawOutput] == "" {
			safeOut, safeErr = termsafe.NewWriter(out), termsafe.NewWriter(errw)
			env.Stdout, env.Stderr = safeOut, safeErr
		}
		return personOnly(env, cmd) // personcmds.go
	}
	defer func() {
		if safeOut != nil {
			safeOut.Flush()
			safeErr.Flush()
		}
		env.Stdout, env.Stderr = out, errw
	}()
	return exitCode(env, root, root.ExecuteContext(ctx))
}

// exitCode maps a command's outcome to its exit code: its own code, else
// 2 for what cobra refuses (unknown command or flag, wrong arguments),
// reported as one line.
func exitCode(env *Env, root *cobra.Command, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ue usageError
	if errors.As(err, &ue) {
		return errorf(env, ExitUsage, "%s", ue.msg)
	}
	msg := err.Error()
	// cobra's unknown-command error, in this CLI's words and on one line.
	if rest, ok := strings.CutPrefix(msg, "unknown command "); ok {
		name, _, _ := strings.Cut(rest, " for ")
		msg = "unknown command " + name + " (run 'mandate help')"
		if typed, err := strconv.Unquote(name); err == nil {
			if s := root.SuggestionsFor(typed); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
		}
	}
	return errorf(env, ExitUsage, "%s", msg)
}

// exitError ends a command with its exit code; what it had to say is
// already printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// usageError is a usage or input error, printed as one line; exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef is a usage error of cmd: "mandate log: …" with the command's path.
func usagef(cmd *cobra.Command, format string, args ...any) error {
	return usageError{commandName(cmd) + ": " + fmt.Sprintf(format, args...)}
}

// commandName is cmd's path without the root: "policy test".
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()), " ")
}

// exitWith turns a command's exit code into RunE's error.
func exitWith(c int) error {
	if c == ExitOK {
		return nil
	}
	return exitError{c}
}

// errorf prints one clear error line to stderr and returns code.
func errorf(env *Env, code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	msg = termsafe.Line(strings.TrimSpace(strings.ReplaceAll(msg, "\n", " ")))
	fmt.Fprintln(env.Stderr, "mandate: "+msg)
	return code
}

// StateDir is Mandate's state directory (evidence, keys, caches):
// $MANDATE_HOME if set, else $XDG_STATE_HOME/mandate, else
// ~/.local/state/mandate.
func StateDir(env *Env) (string, error) { return gate.StateDir(env.Getenv) }
