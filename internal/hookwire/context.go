package hookwire

import "errors"

// The execution context (red-team round 21 #41, class
// engine/starter-context). Whoever starts the resident engine hands it
// their execution context: namespaces, root directory, limits. An agent's
// `unshare -rm sh -c 'mount -t tmpfs x src; mandate check …'` started an
// engine that then judged every later hook call of the real agent against
// a file system the agent chose, or in a pid namespace where it could not
// see its own pid.
//
// So the front reads its own context (/proc/self, Linux) and sends it in
// the request; the engine read its own once, at start, and answers only a
// request whose context is the engine's, from a peer the kernel names by a
// pid (SO_PEERCRED: 0 is a peer in a pid namespace the engine's does not
// contain, such as an engine started inside `unshare -p` answering the
// agent outside). Anything that differs or is missing gets CodeRefused:
// the front decides in its own process, slower, never wrong.
//
// The harm is a foreign engine answering a normal front: the front
// reports the normal context, which the foreign engine finds not its own.
// A client that lies about its context (not the front: a program writing
// to the socket) only has its own request judged in the engine's real
// context, which it could have had anyway by connecting from there.

// ContextEntries are the /proc/PID entries whose identity (device and
// inode of what they lead to) makes up the part of a process's execution
// context that decides what Mandate sees: its mount namespace and root
// directory (the files it judges, /proc included), its pid namespace (the
// processes a command names: `kill PID`) and its user namespace (who owns
// what, and the capabilities behind every other namespace: an
// unprivileged process makes a new namespace of any other kind only
// inside a new user namespace). All four exist on every kernel Mandate
// runs on (3.8 and later). The network, IPC and cgroup namespaces change
// no decision; the UTS namespace changes the host name the engine puts on
// a session's record (os.Hostname, internal/gate), and that is compared
// itself (ExecContext.Host, one uname(2)) instead of its namespace (one
// more /proc lookup on every call).
var ContextEntries = [...]string{"ns/mnt", "root", "ns/pid", "ns/user"}

// contextWhat names each entry in a notice.
var contextWhat = [...]string{"mount namespace", "root directory", "pid namespace", "user namespace"}

// MaxHost bounds ExecContext.Host on the wire (HOST_NAME_MAX is 64).
const MaxHost = 255

// FileKey is a file's identity: device and inode.
type FileKey struct{ Dev, Ino uint64 }

// ExecContext is a process's execution context: the identity of each of
// ContextEntries, and its host name (uname's nodename, as os.Hostname
// reads it).
type ExecContext struct {
	Keys [len(ContextEntries)]FileKey
	Host string
}

// CodeRefused is the code of the engine's answer to a request from
// another execution context (or one that does not say, or a peer the
// kernel cannot name): "decide in your own process". A front that knows
// it does; an older front exits with it, and an exit code is taken modulo
// 256: 2, which blocks in every agent.
const CodeRefused = 0x100 | 2

// RefusedText is the stderr of that answer.
const RefusedText = "Mandate refused this action: refused: different execution context (the resident engine does not share this process's namespaces or root directory); governance fails closed\n"

// ReadContext reads the identity of ContextEntries of the process whose
// /proc directory is proc ("/proc/self"; at EntryPath) with stat, which follows links
// and reports a missing file as missing. It fails when an entry cannot be
// read or is missing: a context that cannot be named matches nothing.
// The host name is left to the caller.
func ReadContext(proc string, stat func(path string) (key FileKey, missing bool, err error)) (ExecContext, error) {
	var c ExecContext
	for i, e := range ContextEntries {
		p := EntryPath(proc, e)
		k, missing, err := stat(p)
		switch {
		case err != nil:
			return c, &ContextError{p, err}
		case missing || k == FileKey{}:
			return c, &ContextError{p, errMissing}
		}
		c.Keys[i] = k
	}
	return c, nil
}

// EntryPath is the path ReadContext stats for entry e of the process
// whose /proc directory is proc. A process's own root directory is "/":
// "/" and /proc/self/root both lead to the kernel's one root of the
// process (fs->root; chroot changes both), so stat(2) of either gives the
// same device and inode, and "/" needs no procfs lookup (one of the four
// on every front call: about 7 us of a fresh process's 40). Both ends read
// their own context with proc "/proc/self", so both read "/".
func EntryPath(proc, e string) string {
	if e == "root" && proc == "/proc/self" {
		return "/"
	}
	return proc + "/" + e
}

// Differs names the first part of a request's context (claimed) that is
// not c's ("its mount namespace"), or returns "" when they are the same. A
// request without a context, or with an entry missing (the zero key: the
// front could not read it) or a host name missing, differs.
func (c *ExecContext) Differs(claimed *ExecContext) string {
	if claimed == nil {
		return "its context (the request names none)"
	}
	for i := range c.Keys {
		if claimed.Keys[i] == (FileKey{}) {
			return "its " + contextWhat[i] + " (missing from the request)"
		}
		if c.Keys[i] != claimed.Keys[i] {
			return "its " + contextWhat[i]
		}
	}
	if claimed.Host == "" || c.Host != claimed.Host {
		return "its host name (UTS namespace)"
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
