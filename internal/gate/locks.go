package gate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/evidence"
)

// A tamper lock: the scope's governance files changed while an agent's
// tool call was in flight. While it holds, every pre-tool action in the
// scope (a repository, or every repository for the global scope) is
// denied, for every session, until a person acknowledges it with `mandate
// tamper ack` (Ack). It holds while the evidence log has a tamper record
// for the scope that no tamper.ack answered (locklog.go), or while
// tamper/<scope>.json exists in the state directory (written with the
// record, for people and as a first answer; a damaged one still locks).

// Lock is a tamper lock.
type Lock struct {
	Global bool   `json:"global,omitempty"`
	Root   string `json:"root,omitempty"`
	// ID is the root directory's "device:inode" (scopes.go).
	ID      string       `json:"id,omitempty"`
	Since   time.Time    `json:"since"`
	Changes []LockChange `json:"changes"`
	// Damaged says why the lock file could not be read: it still locks
	// (its scope is known only by the file's name), and `mandate tamper
	// ack` without a repository lifts it.
	Damaged string `json:"damaged,omitempty"`

	key string
}

// LockChange is one change to a governance file that holds a lock.
type LockChange struct {
	Time time.Time `json:"time"`
	File string    `json:"file"`
	Kind string    `json:"kind"`
	Old  string    `json:"old"`
	New  string    `json:"new"`
	// Record is the index of the tamper evidence record.
	Record  int64        `json:"record"`
	Actions []LockAction `json:"actions"`
	// Attribution is "no call in flight" for a change of what routes
	// the agents' calls to Mandate made when none of their calls was in
	// flight (unattended.go); "" when Actions name the calls.
	Attribution string `json:"attribution,omitempty"`
	// Sessions are, for such a change, the sessions of the scope seen
	// last (their session files), the likeliest to have left a process
	// behind that made it.
	Sessions []LockAction `json:"sessions,omitempty"`
	// Restored says whether the pinned copy was put back at once
	// (restorenow.go): "restored", "removed", "failed: why", or "" (not
	// tried: a policy, a directory's listing).
	Restored string `json:"restored,omitempty"`
}

// LockAction is a tool call that was in flight when the file changed.
type LockAction struct {
	SessionID string `json:"session_id,omitempty"`
	Agent     string `json:"agent,omitempty"`
	Tool      string `json:"tool,omitempty"`
	ToolUseID string `json:"tool_use_id,omitempty"`
	// Decision is the index of the call's decision record.
	Decision int64 `json:"decision"`
	// Summary is the call's command or path, as its (redacted) decision
	// record has it.
	Summary string `json:"summary,omitempty"`
}

// Scope describes what the lock covers.
func (l *Lock) Scope() string {
	switch {
	case l.Global:
		return "every repository"
	case l.Root == "":
		return "the repository of lock " + l.key
	}
	return l.Root
}

func (l *Lock) scope() scope {
	switch {
	case l.Global:
		return globalScope
	case l.Root == "":
		return scope{name: l.key}
	}
	return scope{root: l.Root, id: l.ID}
}

// lockOf returns the lock in force on sc: its lock file, else what the
// log's open tamper records ts say.
func lockOf(stateDir string, sc scope, ts []openTamper) (*Lock, error) {
	l, err := readLock(stateDir, sc)
	if err != nil || l != nil {
		return l, err
	}
	return logLock(sc, ts), nil
}

// lockOfWatched is lockOf for the per-call check of a resident engine's
// pin store, where locks is the state of the lock files' directory taken
// this call (watched: after the inotify queue was looked at). A lock file
// found absent while that directory had the same settled identity is
// still absent (absent.go: a name cannot appear without the directory's
// times changing), and is not looked up again; the log's open tamper
// records decide as in lockOf.
func (p *pinStore) lockOfWatched(sc scope, ts []openTamper, watched bool, locks dirState) (*Lock, error) {
	if !watched {
		return lockOf(p.dir, sc, ts)
	}
	dir, name := p.locksDir(), sc.key()+".json"
	if locks.gone || locks.trusted && p.absent.known(dir, locks.id, name) {
		return logLock(sc, ts), nil
	}
	l, err := readLock(p.dir, sc)
	if err != nil || l != nil {
		return l, err
	}
	if locks.trusted {
		p.absent.note(dir, locks.id, name)
	}
	return logLock(sc, ts), nil
}

// locksDir is the directory of the lock files.
func (p *pinStore) locksDir() string { return filepath.Join(p.dir, "tamper") }

func lockPath(stateDir string, s scope) string {
	return filepath.Join(stateDir, "tamper", s.key()+".json")
}

// maxLock bounds a lock file.
const maxLock = 4 << 20

// readLock returns the lock of s, or nil.
func readLock(stateDir string, s scope) (*Lock, error) {
	path := lockPath(stateDir, s)
	b, err := readRegular(path, maxLock, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		// A lock that cannot be read is still a lock.
		return nil, fmt.Errorf("gate: tamper lock %s: %w", filepath.Base(path), err)
	}
	var l Lock
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("gate: tamper lock %s is corrupt: %w", filepath.Base(path), err)
	}
	l.key = s.key()
	return &l, nil
}

// addToLock adds a change to the lock of s, creating it. Called with the
// pin store's lock held.
func addToLock(stateDir string, s scope, c LockChange) error {
	l, err := readLock(stateDir, s)
	if err != nil {
		return err
	}
	if l == nil {
		l = &Lock{Global: s.global, Root: s.root, ID: s.id, Since: c.Time}
	}
	l.Changes = append(l.Changes, c)
	if len(l.Changes) > 1000 { // keep the first and the latest
		l.Changes = append(l.Changes[:1], l.Changes[len(l.Changes)-999:]...)
	}
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(lockPath(stateDir, s))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("gate: %w", err)
	}
	if err := atomicfile.WriteFile(lockPath(stateDir, s), b, 0o600); err != nil {
		return fmt.Errorf("gate: writing the tamper lock: %w", err)
	}
	return nil
}

// Locks lists the tamper locks in force in a state directory, the global
// one first: those of the lock files and those of the evidence log's
// unanswered tamper records, one per scope. It writes nothing but the
// log index's copy (locklog.go), and creates nothing: a state directory
// that does not exist is an error, and one without an evidence directory
// (the log was never initialised) has only its lock files
// (red-team round 18 #63: tamper status run with MANDATE_HOME naming
// another directory made it and its keys there).
func Locks(stateDir string) ([]*Lock, error) {
	if st, err := os.Stat(stateDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("no Mandate state directory at %s (nothing is recorded there; this command creates none)", stateDir)
	}
	var ts []openTamper
	if st, err := os.Stat(filepath.Dir(evidence.RedactKeyPath(stateDir))); err == nil && st.IsDir() {
		if ts, err = (&pinStore{dir: stateDir}).logTampers(context.Background()); err != nil {
			return nil, err
		}
	}
	fromLog := logLocks(ts)
	out, err := fileLocks(stateDir)
	if err != nil {
		return nil, err
	}
	for _, l := range out {
		ll := fromLog[l.key]
		if ll == nil {
			continue
		}
		delete(fromLog, l.key)
		have := map[int64]bool{}
		for _, c := range l.Changes {
			have[c.Record] = true
		}
		for _, c := range ll.Changes {
			if !have[c.Record] {
				l.Changes = append(l.Changes, c)
			}
		}
	}
	for _, l := range fromLog {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Global != out[j].Global {
			return out[i].Global
		}
		return out[i].Root < out[j].Root
	})
	return out, nil
}

// fileLocks lists the locks of the lock files.
func fileLocks(stateDir string) ([]*Lock, error) {
	d, err := os.Open(filepath.Join(stateDir, "tamper"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gate: %w", err)
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return nil, fmt.Errorf("gate: %w", err)
	}
	var out []*Lock
	for _, n := range names {
		key, ok := strings.CutSuffix(n, ".json")
		if !ok || strings.HasPrefix(n, ".") {
			continue
		}
		var l Lock
		b, err := readRegular(filepath.Join(stateDir, "tamper", n), maxLock, false)
		if err == nil {
			err = json.Unmarshal(b, &l)
		}
		if err != nil {
			// Still a lock; listed so that a person can lift it.
			l = Lock{Global: key == "global", Damaged: err.Error()}
		}
		l.key = key
		out = append(out, &l)
	}
	return out, nil
}

// lockReason is the deny reason of a call refused by l.
func lockReason(l *Lock) string {
	what := "governance files were changed"
	by := "by an agent action"
	if len(l.Changes) > 0 {
		c := l.Changes[0]
		what = fmt.Sprintf("%s was changed", c.File)
		if c.Kind == KindUndecided && len(c.Actions) > 0 {
			// undecided.go: no file changed, a call ran past the hook.
			a := c.Actions[0]
			return fmt.Sprintf("a %s call ran without a decision at %s (its pre-tool hook did not run: hooks switched off, a hook that failed open), and the policy refuses or asks it: %s%s; every action in %s is refused until a person runs `mandate tamper ack` (see `mandate tamper status`)",
				a.Tool, l.Since.UTC().Format(time.RFC3339), oneLineText(a.Summary, 120), moreChanges(len(l.Changes)), l.Scope())
		}
		if len(c.Actions) > 0 {
			a := c.Actions[0]
			what += fmt.Sprintf(" by the %s call %s", a.Tool, oneLineText(a.Summary, 120))
		}
		if c.Attribution != "" && len(c.Actions) == 0 {
			// unattended.go: what routes calls to Mandate, with no call
			// in flight (a process an agent left behind can do that)
			by = "outside any agent call (" + c.Attribution + "), in a way that changes what routes agents' calls to Mandate,"
		}
		what += moreChanges(len(l.Changes))
	}
	return fmt.Sprintf("governance files were changed %s at %s: %s; every action in %s is refused until a person runs `mandate tamper ack` (see `mandate tamper status`)",
		by, l.Since.UTC().Format(time.RFC3339), what, l.Scope())
}

// moreChanges says how many changes follow a lock's first.
func moreChanges(n int) string {
	if n > 1 {
		return fmt.Sprintf(" (and %d more changes)", n-1)
	}
	return ""
}

func oneLineText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(no command)"
	}
	return "`" + truncate(s, n) + "`"
}
