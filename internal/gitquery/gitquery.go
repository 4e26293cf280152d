// Package gitquery runs the few git queries a policy decision may ask of
// a repository — which blob a revision holds at a path, which paths two
// trees differ in, what the configuration says about pushes — without
// letting the repository run anything.
//
// # Contract
//
//   - Only read-only plumbing runs, and only in the forms listed in
//     allowed: rev-parse, diff-tree -r --name-only -z, diff-index
//     --cached --name-only -z, ls-tree, ls-files
//     -z (-s, or -o [-i] [--directory] --exclude-standard), config --get-regexp
//     (optionally of one --file), check-attr -z, merge-base, cat-file -t
//     and rev-list [-n N] [--objects] [--all|--branches|--tags|--remotes|
//     --reflog]. Any other subcommand or option is
//     refused before git starts (ErrRefused), so that no caller can make
//     a query write a file (--output), run a program (textconv, external
//     diff) or reach the network. A revision or path argument must not
//     start with "-".
//   - git runs with -c core.fsmonitor=false -c core.hooksPath=/dev/null
//     -c core.pager=cat -c diff.external= -c protocol.allow=never
//     --no-pager, GIT_CONFIG_NOSYSTEM=1, GIT_CONFIG_GLOBAL=/dev/null,
//     GIT_TERMINAL_PROMPT=0, GIT_ALLOW_PROTOCOL= and GIT_OPTIONAL_LOCKS=0,
//     in an environment built from scratch (PATH=/usr/bin:/bin, LC_ALL=C
//     and those variables only: no GIT_DIR or GIT_WORK_TREE leaks in from
//     the caller, and no directory of the caller's PATH), with standard
//     input empty.
//   - git itself is found at a fixed system location (Program), never on
//     $PATH: a git planted on the agent's PATH (or on the resident
//     engine's, which the call that started it chose) never runs.
//   - Every query is bounded: Timeout (default 2 s) kills git and its
//     process group; output beyond MaxOutput (default 8 MiB) kills it too.
//     Both are errors, never truncated answers.
//   - Runner.Query has the shape of policy.GitQuery; it never changes
//     the repository.
package gitquery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Defaults for a Runner's zero fields.
const (
	DefaultTimeout   = 2 * time.Second
	DefaultMaxOutput = 8 << 20
)

// Errors a query returns besides git's own failure.
var (
	ErrRefused  = errors.New("gitquery: query not allowed")
	ErrTooLarge = errors.New("gitquery: output over the limit")
	ErrTimeout  = errors.New("gitquery: timed out")
)

// Runner runs queries. The zero value is ready to use.
type Runner struct {
	// Git is the git program; empty means Program: the first of the usual
	// system locations that exists. $PATH is never searched.
	Git       string
	Timeout   time.Duration
	MaxOutput int
}

// New returns a Runner with the defaults.
func New() *Runner { return &Runner{} }

// hardening comes before the subcommand on every query.
var hardening = []string{
	"--no-pager",
	"-c", "core.fsmonitor=false",
	"-c", "core.hooksPath=/dev/null",
	"-c", "core.pager=cat",
	"-c", "diff.external=",
	"-c", "protocol.allow=never",
	"-c", "core.untrackedCache=false",
}

// systemGits are where Mandate looks for git, in order. $PATH is never
// searched: the hook's PATH is the agent's, and the resident engine's is
// whatever the call that started it had, so a git planted in a directory
// on either would run inside Mandate, unseen by any hook.
var systemGits = []string{"/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git", "/bin/git"}

// ErrNoGit is a machine with git in none of the system locations.
var ErrNoGit = errors.New("gitquery: no git in " + strings.Join(systemGits, ", ") + " ($PATH is not searched)")

// Program returns the git Mandate runs: the first of the system locations
// holding a regular, executable file.
func Program() (string, error) {
	for _, g := range systemGits {
		if fi, err := os.Stat(g); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return g, nil
		}
	}
	return "", ErrNoGit
}

func (r *Runner) git() (string, error) {
	if r.Git != "" {
		return r.Git, nil
	}
	return Program()
}

// SafePath is the PATH every program Mandate runs gets: system
// directories only, never the caller's.
const SafePath = "/usr/bin:/bin"

// Query runs `git args...` in the repository (or work-tree directory)
// repo and returns its standard output.
func (r *Runner) Query(ctx context.Context, repo string, args ...string) ([]byte, error) {
	if err := Check(args); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(repo, "/") {
		return nil, fmt.Errorf("%w: repository %q is not absolute", ErrRefused, repo)
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limit := r.MaxOutput
	if limit <= 0 {
		limit = DefaultMaxOutput
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	git, err := r.git()
	if err != nil {
		return nil, err
	}
	argv := append(append([]string(nil), hardening...), args...)
	cmd := exec.CommandContext(ctx, git, argv...)
	cmd.Dir = repo
	cmd.Env = environ()
	cmd.Stdin = nil
	out := &boundedBuffer{max: limit}
	stderr := &truncBuffer{max: 4096}
	cmd.Stdout, cmd.Stderr = out, stderr
	KillGroupOnCancel(cmd)
	// After git exits (or is killed) its output is drained; a loaded machine
	// can take longer than a tenth of a second to do so.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case out.over:
		return nil, fmt.Errorf("%w (%d bytes): git %s", ErrTooLarge, limit, args[0])
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%w after %s: git %s", ErrTimeout, timeout, args[0])
	case err != nil:
		msg := strings.TrimSpace(stderr.b.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return nil, &ExitError{Args: args, Msg: msg, Err: err}
	}
	return out.b.Bytes(), nil
}

// ExitError is git's own failure: a revision that does not exist, a path
// that is not in a repository.
type ExitError struct {
	Args []string
	Msg  string // first line of git's standard error
	Err  error
}

func (e *ExitError) Error() string {
	if e.Msg != "" {
		return fmt.Sprintf("git %s: %s", e.Args[0], e.Msg)
	}
	return fmt.Sprintf("git %s: %v", e.Args[0], e.Err)
}

func (e *ExitError) Unwrap() error { return e.Err }

// Status is git's exit status, or -1 when it did not exit normally.
func (e *ExitError) Status() int {
	var xe *exec.ExitError
	if errors.As(e.Err, &xe) {
		return xe.ExitCode()
	}
	return -1
}

func environ() []string {
	env := []string{
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_TERMINAL_PROMPT=0",
		"GIT_ALLOW_PROTOCOL=",
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_ASKPASS=/bin/false",
		"SSH_ASKPASS=/bin/false",
		"HOME=/nonexistent",
		"LC_ALL=C",
		"PATH=" + SafePath,
	}
	return env
}

type boundedBuffer struct {
	b    bytes.Buffer
	max  int
	over bool
}

func (w *boundedBuffer) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		w.over = true
		return 0, ErrTooLarge
	}
	return w.b.Write(p)
}

// truncBuffer keeps the first max bytes and drops the rest without failing
// the writer (git's standard error is only for the error message).
type truncBuffer struct {
	b   bytes.Buffer
	max int
}

func (w *truncBuffer) Write(p []byte) (int, error) {
	if room := w.max - w.b.Len(); room > 0 {
		w.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
