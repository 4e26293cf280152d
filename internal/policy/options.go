package policy

import (
	"context"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// Options are the environment facts Evaluate needs beyond the Action. The
// zero value evaluates against the real file system with nothing known of
// Mandate's binaries or processes.
type Options struct {
	// StateDirs are Mandate's resolved state directories ($MANDATE_HOME,
	// $XDG_STATE_HOME/mandate, ...). <home>/.local/state/mandate is always
	// protected as well.
	StateDirs []string
	// Resolve resolves symlinks in an absolute path. Nil means
	// fsview.Resolve over FS. An error denies the action.
	Resolve func(string) (string, error)
	// Walk lists the files below dir, for recursive reads (grep -r, cp -r,
	// tar c, …), calling visit for each until it returns false. Nil means
	// fsview.Walk over FS, bounded by a count of files and of file-system
	// calls (.git skipped; symlinks below dir followed only for readers
	// that follow them).
	Walk func(dir string, visit func(path string) bool) error
	// FS answers the file-system questions a decision asks at decision
	// time: which file a path is (device and inode, so that a hard link to
	// a protected file is seen), what a glob matches on disk, whether a
	// target is a FIFO or a directory. Nil is fsview.OS.
	FS fsview.FS
	// Protected lists members of the protected set that the policy cannot
	// derive itself: Mandate's binaries (the front, the engine, what
	// `mandate install` registered), policies pinned by the session, hook
	// configurations found outside the usual places. The policy file in
	// force, agent-policy.yaml at the repository root, the state
	// directories and the agents' usual hook configurations are always
	// protected whether or not they are listed here.
	Protected []Protected
	// Procs lists Mandate's running processes, for commands that signal
	// processes (kill, pkill, killall, fuser -k, …). Nil means none is
	// known: a signal whose target is not known statically is still
	// denied, since it could reach them.
	Procs func() []Proc
	// LiveIDs: this machine's processes are Procs' (not a test's), so a
	// number in any command's words is looked up as a process id by one
	// stat of /proc/N/exe against the protected binaries (livepids.go).
	// False: no word is checked against Mandate's processes but the pids
	// of the programs known to take them.
	LiveIDs bool
	// Git runs one bounded, side-effect-free git query in a repository,
	// for decisions on git operations that rewrite the work tree (checkout,
	// merge, stash pop, reset --hard, …) and on pushes whose refs come
	// from configuration. Nil runs no query: such an operation is then
	// decided as "cannot tell".
	Git GitQuery
	// PathEnv is the $PATH the agent's commands run with, to find which
	// file a program name such as "mandate" names. Empty means none.
	PathEnv string
	// TempDir is the agent's $TMPDIR, when known: the $TMPDIR entry of
	// require_approval_outside_paths stands for it. Empty means unknown.
	TempDir string
	// UserHome returns the home directory of a user by login name, for
	// paths a tool reads as ~NAME/… (Python's expanduser). Nil reads
	// /etc/passwd, then the system's user database.
	UserHome func(name string) (home string, ok bool)
}

// ProtectedKind says what a member of the protected set is.
type ProtectedKind int

// The kinds of protected files.
const (
	// ProtectPolicy is a policy file in force: never written, deleted,
	// renamed onto, truncated, chmod-ed or hard-linked.
	ProtectPolicy ProtectedKind = iota + 1
	// ProtectHookConfig is an agent's hook configuration: as a policy.
	ProtectHookConfig
	// ProtectBinary is a Mandate binary: as a policy, and never copied;
	// run by an agent under any name, only its read-only subcommands run.
	ProtectBinary
	// ProtectState is Mandate's state directory (keys, log, sessions,
	// socket): never written, and never read by an agent either.
	ProtectState
)

// Protected is one member of the protected set.
type Protected struct {
	// Path is absolute and clean; it need not exist (a hook configuration
	// an agent could create is protected before it exists).
	Path string
	Kind ProtectedKind
	// Tree: Path is a directory every file of which, at any depth, is
	// protected as Kind, those that do not exist yet included (a tree of
	// an agent's configuration in a directory an environment variable
	// names, which no built-in pattern covers).
	Tree bool
}

// Proc is one running Mandate process.
type Proc struct {
	Pid, Pgid, Sid, Uid int
	// Exe is the absolute path of its executable.
	Exe string
	// Cmdline is its argument vector, as /proc/PID/cmdline has it.
	Cmdline []string
	// Unknown marks the entry that stands for processes that could not be
	// listed (a platform without /proc): every pid and process group may
	// then be Mandate's, so a signal to any is denied. Its other fields
	// are zero.
	Unknown bool
}

// UnknownProcs is what Options.Procs returns where Mandate's processes
// cannot be listed.
func UnknownProcs() []Proc { return []Proc{{Unknown: true}} }

// GitQuery runs git with args in the repository repo and returns its
// standard output. Implementations bound its time and output, run no
// hooks, filters, pagers, fsmonitors or external diff programs, never
// touch the network and never change the repository.
type GitQuery func(ctx context.Context, repo string, args ...string) ([]byte, error)

// WithCallFS returns p looking at the file system through fsys when p
// looks at the real one (neither Options.FS nor Options.Resolve set),
// else p itself: the gate hands the evaluations of one hook call a file
// system that answers each question once for the call.
func (p *Policy) WithCallFS(fsys fsview.FS) *Policy {
	if fsys == nil || p.opt.FS != nil || p.opt.Resolve != nil {
		return p
	}
	q := *p
	q.opt.FS = fsys
	return &q
}
