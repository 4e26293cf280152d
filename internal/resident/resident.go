// Package resident is the transport and lifecycle of the resident engine
// (mandate-engine serve): one long-lived process per state directory that
// answers the hook and check calls the front (mandate, internal/front)
// forwards to it, so that the process an agent spawns on every tool call
// does no more than start, forward and answer, while the policy stays
// compiled and the redactor built.
//
// # Contract
//
//   - One engine per state directory: it holds an exclusive lock
//     (serve.lock) for its whole life; a second Serve returns ErrRunning.
//   - It listens on serve.sock in the state directory, which must be a
//     directory owned by this user and closed to everyone else (mode
//     0700): anyone able to create that socket could answer for Mandate.
//     The socket itself is 0600.
//   - Every connection's peer is checked with SO_PEERCRED (Linux) or
//     LOCAL_PEERCRED, what getpeereid reads (macOS): only this user's
//     processes are served; others are closed unanswered. The peer's pid
//     (SO_PEERCRED, LOCAL_PEERPID) is handed to the handler
//     (Request.Peer), not taken from the request.
//   - A request is answered only in the engine's own execution context
//     (Linux: mount, pid and user namespaces, root directory and host
//     name, hookwire.ExecContext). The engine reads its own once, at
//     start; the front reads its own and sends it in the request. A
//     request whose context is not the engine's, or names none, or a
//     peer the kernel names by no pid (another pid namespace), gets
//     hookwire.CodeRefused, and the front decides in its own process.
//     What this guards against is a foreign engine (started by an
//     agent's `mandate check` inside `unshare`) answering a normal
//     front: the front reports the normal context, which the foreign
//     engine finds not its own. A client that lies about its context (a
//     program writing to the socket, not the front) gets only its own
//     request judged in the engine's real context: what it could have
//     had by connecting from there, as any process of this user could
//     before. An engine that answered no call of its own context for
//     StepAside then stops (StepAsideDelay later, decided from the
//     refused requests), so that the next call starts an engine where
//     the calls come from: one an agent started inside `unshare` leaves
//     (red-team round 21 #41).
//   - A connection carries one hookwire.Request, bounded in size and read
//     within a deadline, and gets one hookwire.Response. A malformed or
//     slow request is closed unanswered: the client then decides in its own
//     process, so no failure here can turn into an allow.
//   - The engine exits when idle for Options.Idle, when its executable is
//     replaced (an upgrade: the next call starts the new one), when its
//     socket is removed or replaced, or when ctx ends; in-flight calls are
//     answered first.
//
// The handler is the caller's (internal/cli runs the same code path
// `mandate-engine hook` runs in its own process). This package links no
// networking package: the socket is driven with blocking x/sys/unix calls
// from a fixed set of workers, each blocked in accept(2) until the kernel
// hands it a connection. A call is then served start to end by the thread
// the kernel woke: no poller, no hand-off between goroutines, which on a
// small virtual machine costs more than deciding a call.
//
// # Platforms
//
// Linux and macOS serve (serve_unix.go; the calls that differ are in
// sock_linux.go and sock_darwin.go). The macOS front does not forward to
// the engine yet (see internal/front), so there an engine only answers
// whoever connects by hand. Elsewhere, Windows included, Serve returns
// ErrUnsupported and every call is decided in-process.
package resident

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// Files in the state directory. The socket's name is the front's too.
const (
	SocketName = hookwire.SocketName
	LockName   = "serve.lock"
)

// Defaults for Options.
const (
	DefaultIdle        = time.Hour
	DefaultReadTimeout = 5 * time.Second
	// DefaultWriteTimeout bounds writing an answer back: a client that
	// stopped reading is not waited for.
	DefaultWriteTimeout = 5 * time.Second
	// MaxConcurrent is the number of workers, and so bounds the calls
	// handled at once; more wait to be accepted.
	MaxConcurrent = 16
)

// ErrRunning is returned by Serve when another engine holds the state
// directory.
var ErrRunning = errors.New("resident: an engine is already serving this state directory")

// Handler answers one forwarded call. It must not keep req after it
// returns.
type Handler func(ctx context.Context, req *hookwire.Request) *hookwire.Response

// Options configure Serve.
type Options struct {
	StateDir string
	Handler  Handler
	// Idle is how long the engine waits for a call before it exits
	// (DefaultIdle); negative never exits for idleness.
	Idle time.Duration
	// Executable is the engine's own binary. When the file at that path is
	// replaced or removed, the engine exits after the current calls. Empty
	// disables the check.
	Executable string
	// ReadTimeout bounds reading one request (DefaultReadTimeout).
	ReadTimeout time.Duration
	// StepAside and StepAsideDelay: a refused call makes an engine that
	// answered none of its own context's calls for StepAside stop
	// StepAsideDelay later (the constants of the same names, which tests
	// shorten).
	StepAside, StepAsideDelay time.Duration
	// Ready, if set, is called once the socket accepts connections.
	Ready func()
	// Logf reports what the engine does (start, stop, refused peers).
	Logf func(format string, args ...any)
	// Tick is how often the engine checks its socket and executable while
	// idle (default 10 s).
	Tick time.Duration
	// Stopping, if set, is called once when the engine stops, after its
	// last call was answered and before Serve returns (the engine still
	// holds its lock): the place to sign what the calls left unsigned.
	Stopping func()
	// Answered, if set, is called after each call that was answered, on
	// the call's goroutine, once the answer is written and the connection
	// closed: the place for work the caller need not wait for (caches
	// warmed for the next call). The engine is not idle while it runs.
	Answered func()
}

// SocketPath is the engine's socket for a state directory.
func SocketPath(stateDir string) string { return filepath.Join(stateDir, SocketName) }
