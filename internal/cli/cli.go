// Package cli is the mandate command tree: it parses arguments, wires the
// packages that do the work, and maps outcomes to exit codes. It holds no
// policy or evidence logic of its own.
//
// Every command is a func(ctx, *Env, args) int registered in the commands
// table; Env carries the process's standard streams, environment and clock
// so tests run commands in-process with exact inputs.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/gate"
)

// Exit codes, in one place.
const (
	ExitOK    = 0 // success; for check: allow
	ExitFail  = 1 // a verification or test failed
	ExitUsage = 2 // usage or input error
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
	// Cwd is the working directory; commands never call os.Getwd themselves.
	Cwd string
	// Environ is the whole environment, for programs a command runs; nil
	// means this process's. Ppid is the parent process (0: this
	// process's). The resident engine sets both from the forwarded call.
	Environ []string
	Ppid    int
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

type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) int
}

// commands is the command table. Keep one line per command.
var commands = map[string]command{
	"version": {"print the version", runVersion},
	"check":   {"decide one action or command against the policy", runCheck},
	"demo":    {"run recorded agent tool calls through the default policy", runDemo},
	"policy":  {"validate, test or explain a policy", runPolicy},
	"serve":   {"run the resident engine that answers forwarded hook and check calls (started on demand)", runServe},
	// (more commands register here, one line each)

	"init":       {"create the state directory and the evidence signing keys", runInit},
	"log":        {"list and filter evidence records", runLog},
	"sessions":   {"list agent sessions with their allowed, denied and asked counts", runSessions},
	"verify":     {"verify the local evidence log, or a bundle with --bundle", runVerify},
	"export":     {"write a portable, offline-verifiable evidence bundle", runExport},
	"prune":      {"erase record payloads past retention; the chain still verifies", runPrune},
	"checkpoint": {"sign the current evidence tree head", runCheckpoint},

	"hook":      {"answer an agent's hook (run by the agent, see mandate install)", runHook},
	"install":   {"wire Mandate's hooks into an agent's settings", runInstall},
	"uninstall": {"remove Mandate's hooks from an agent's settings", runUninstall},
	"doctor":    {"check that installed agent hooks would actually run", runDoctor},
	"tamper":    {"show or acknowledge (as a person) the locks set when governance files changed during an agent's action", runTamper},
}

// Main runs the mandate command line and returns the exit code.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "mandate: unknown command %q (run 'mandate help')\n", args[0])
		return ExitUsage
	}
	return c.run(ctx, env, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "mandate: one governance layer beneath every AI coding agent")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: mandate <command> [flags]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'mandate <command> -h' for a command's flags.")
}

// newFlags returns a FlagSet that reports errors to env.Stderr as one line.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("mandate "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parseFlags parses args; it returns false (and the exit code) when the
// command must stop: -h was given, or the flags were wrong.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	return 0, true
}

// errorf prints one clear error line to stderr and returns code.
func errorf(env *Env, code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	msg = strings.TrimSpace(strings.ReplaceAll(msg, "\n", " "))
	fmt.Fprintln(env.Stderr, "mandate: "+msg)
	return code
}

// StateDir is Mandate's state directory (evidence, keys, caches):
// $MANDATE_HOME if set, else $XDG_STATE_HOME/mandate, else
// ~/.local/state/mandate.
func StateDir(env *Env) (string, error) { return gate.StateDir(env.Getenv) }
