package gate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// The state directory a repository is governed with is recorded in the
// repository itself, where no state-directory variable reaches: the file
// mandate-state in its git directory (.git/mandate-state; for a worktree
// or submodule, the git directory its .git file names). The variables
// that choose the state directory (MANDATE_HOME, XDG_STATE_HOME, HOME)
// reach the hook from the agent's own environment, which an agent can
// steer (a .env its harness loads). A call whose state directory is not
// the one recorded is denied: the tamper locks, pins and evidence of the
// repository are in the other one, and a session must not escape them by
// naming a fresh directory. The first governed call records it.
//
// A person who moves the state directory on purpose removes the file
// (agents cannot: the file, and the git directories of worktrees and
// submodules that hold theirs, are self-protected in internal/policy);
// the next call records the new one.
// This is the simplest design that fails closed: no search of other state
// directories, one small read per repository per gate (the answer is
// cached while the gate lives).

// stateMarkName is the file, in a repository's git directory, naming the
// state directory it is governed with.
const stateMarkName = "mandate-state"

// maxStateMark bounds the mark: a path, far below it.
const maxStateMark = 64 << 10

// stateMarks caches the repositories whose mark names this gate's state
// directory. A gate's own (a hook process) trusts its answer while it
// lives; a Cache's (the resident engine: Config.stateMarks set by Open)
// lives across calls and trusts an answer only while one stat shows the
// mark still the file it read, settled (see markSeen).
type stateMarks struct {
	mu   sync.Mutex
	ok   map[string]bool     // a gate's: root → its mark names this state directory
	seen map[string]markSeen // a Cache's: root → the mark found naming it
	keep bool                // a Cache's
}

// markSeen is a mark found naming a state directory, and its identity
// (device, inode, size, times) when it was read: while a stat gives the
// same, the content is the same. A mark modified less than racyWindow
// before it was read is not remembered (a rewrite in the same clock tick
// could keep its times), nor one that is not a regular file.
type markSeen struct {
	mark, state string
	id          ident
}

// maxMarksSeen bounds a Cache's marks; past it, it starts over.
const maxMarksSeen = 1024

// checkStateMark returns an error when root's repository is governed with
// another state directory than state; it records state when the
// repository has no mark yet.
func (m *stateMarks) check(root, state string) error {
	if root == "" || state == "" {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ok[root] {
		return nil
	}
	gd := gitDirOf(root)
	if gd == "" {
		return nil // no git directory to hold the mark (nothing to compare)
	}
	mark := filepath.Join(gd, stateMarkName)
	want := filepath.Clean(state)
	var seen markSeen // the mark as stat-ed before it is read, if it may be remembered
	if m.keep {
		var st unix.Stat_t
		if statFollow(mark, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
			id := identOf(&st)
			if s, ok := m.seen[root]; ok && s.mark == mark && s.state == want && s.id == id {
				return nil
			}
			if wallNow()-max(id.Mtime, id.Ctime) >= racyWindow {
				seen = markSeen{mark: mark, state: want, id: id}
			}
		}
		delete(m.seen, root)
	}
	// Read as the gate reads its files (safefile.go): plain system calls,
	// never a FIFO or device opened, bounded.
	data, err := readRegular(mark, maxStateMark, true)
	switch {
	case err == nil:
		got := strings.TrimSpace(string(bytes.TrimSpace(data)))
		if got != want && canonicalDir(got) != canonicalDir(want) {
			return fmt.Errorf("this repository is governed with the state directory %s (recorded in %s), but this call names %s "+
				"(MANDATE_HOME, XDG_STATE_HOME or HOME differ in the hook's environment, which an agent can steer through a .env its harness loads); "+
				"every action is refused: a person who moved the state directory on purpose removes %s", got, mark, want, mark)
		}
	case os.IsNotExist(err):
		if werr := os.WriteFile(mark, []byte(want+"\n"), 0o644); werr != nil {
			return nil // a git directory Mandate cannot write: nothing recorded, nothing to compare
		}
	default:
		return fmt.Errorf("reading %s: %v", mark, err)
	}
	if m.keep {
		if seen.mark != "" && err == nil {
			if m.seen == nil || len(m.seen) >= maxMarksSeen {
				m.seen = map[string]markSeen{}
			}
			m.seen[root] = seen
		}
		return nil
	}
	if m.ok == nil {
		m.ok = map[string]bool{}
	}
	m.ok[root] = true
	return nil
}

// lstatNoFollow is lstat(2), retried on EINTR.
func lstatNoFollow(path string, st *unix.Stat_t) error {
	for {
		err := unix.Lstat(path, st)
		if err != unix.EINTR {
			return err
		}
	}
}

// statFollow is stat(2), retried on EINTR.
func statFollow(path string, st *unix.Stat_t) error {
	for {
		err := unix.Stat(path, st)
		if err != unix.EINTR {
			return err
		}
	}
}

// gitDirOf returns the git directory of the repository at root: root/.git
// when it is a directory, else the directory its "gitdir:" line names.
func gitDirOf(root string) string {
	p := filepath.Join(root, ".git")
	fi, err := os.Lstat(p)
	if err != nil {
		return ""
	}
	if fi.IsDir() {
		return p
	}
	if !fi.Mode().IsRegular() || fi.Size() > 4096 {
		return ""
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	d, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return ""
	}
	d = strings.TrimSpace(d)
	if !filepath.IsAbs(d) {
		d = filepath.Join(root, d)
	}
	if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
		return ""
	}
	return filepath.Clean(d)
}
