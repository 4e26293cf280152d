package hookwire

import "errors"

// The execution context (red-team round 21 #41, class
// engine/starter-context). Whoever starts the resident engine hands it
// their execution context: namespaces, root directory, limits. An agent's
// `unshare -rm sh -c 'mount -t tmpfs x src; mandate check …'` started an
// engine that then judged every later hook call of the real agent against
// a file system the agent chose, or in a pid namespace where it could not
// see its own pid. So the front uses an engine only when the engine's
// context is the front's own, and the engine answers a peer only when the
// peer's context is the engine's own; each reads both from /proc (Linux).
// Anything that differs, or cannot be read, means "decide in-process":
// slower, never wrong.

// ContextEntries are the /proc/PID entries whose identity (device and
// inode of what they lead to) makes up a process's execution context: its
// namespaces, which decide what it sees of files, processes, users,
// network, control groups, IPC objects and host name, and its root
// directory (a chroot). The first four exist on every kernel Mandate runs
// on (3.8 and later); the rest may be missing from an older or trimmed
// kernel, and a missing entry matches only a missing entry.
//
// The engine compares all of them for every peer. The front compares the
// first FrontEntries: the mount namespace and the root directory, which
// make the engine's view of the file system, /proc included, the front's
// own. That is enough for the engine's own comparison (the engine is the
// very binary the front looked up: same device and inode) to read the
// truth, and each entry costs two system calls on every call.
var ContextEntries = [...]string{"ns/mnt", "root", "ns/pid", "ns/user", "ns/net", "ns/cgroup", "ns/ipc", "ns/uts"}

// FrontEntries is how many of ContextEntries the front compares.
const FrontEntries = 2

// requiredEntries is how many of ContextEntries every kernel has.
const requiredEntries = 4

// contextWhat names each entry in a notice.
var contextWhat = [...]string{"mount namespace", "root directory", "pid namespace", "user namespace",
	"network namespace", "cgroup namespace", "IPC namespace", "UTS namespace"}

// FileKey is a file's identity: device and inode.
type FileKey struct{ Dev, Ino uint64 }

// ExecContext is a process's execution context: the identity of each of
// ContextEntries, the zero key for an entry the kernel does not have.
type ExecContext [len(ContextEntries)]FileKey

// CodeRefused is the code of the engine's answer to a peer in another
// execution context (or one the kernel cannot name): "decide in your own
// process". A front that knows it does; an older front exits with it,
// and an exit code is taken modulo 256: 2, which blocks in every agent.
const CodeRefused = 0x100 | 2

// RefusedText is the stderr of that answer.
const RefusedText = "Mandate refused this action: refused: different execution context (the resident engine does not share this process's namespaces or root directory); governance fails closed\n"

// ReadContext reads the first n entries of the execution context of the
// process whose /proc directory is proc ("/proc/self", "/proc/1234") with
// stat, which follows links and reports a missing file as missing; the
// rest are left zero. It fails when an entry cannot be read, or when a
// required one is missing: a context that cannot be named matches
// nothing.
func ReadContext(proc string, n int, stat func(path string) (key FileKey, missing bool, err error)) (ExecContext, error) {
	var c ExecContext
	for i, e := range ContextEntries[:n] {
		k, missing, err := stat(proc + "/" + e)
		switch {
		case err != nil:
			return c, &ContextError{proc + "/" + e, err}
		case missing && i < requiredEntries:
			return c, &ContextError{proc + "/" + e, errMissing}
		case missing:
			k = FileKey{}
		case k == FileKey{}:
			return c, &ContextError{proc + "/" + e, errMissing}
		}
		c[i] = k
	}
	return c, nil
}

// Differs names the first part of peer's context that is not c's ("its
// mount namespace"), or returns "" when they are the same.
func (c *ExecContext) Differs(peer *ExecContext) string {
	for i := range c {
		if c[i] != peer[i] {
			return "its " + contextWhat[i]
		}
	}
	return ""
}

// ContextError is a context entry that could not be read.
type ContextError struct {
	Path string
	Err  error
}

func (e *ContextError) Error() string { return e.Path + ": " + e.Err.Error() }

var errMissing = errors.New("missing")
