package gate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/evidence"
)

// AckOptions say which tamper locks a person acknowledges, and how.
type AckOptions struct {
	StateDir string
	// Root is the repository whose lock is acknowledged; "" acknowledges
	// every lock in force.
	Root string
	// Restore puts back the pinned copy of every file of the acknowledged
	// scopes that differs from its pin (removing a file that was pinned
	// absent), durably, checking each copy's digest before and after.
	// Without it, the files as they are now become the pins.
	Restore bool
	// Who ran the acknowledgement, for the record.
	Who AckIdentity
	// Log records the tamper.ack record.
	Log Recorder
	Now func() time.Time
	// Home expands ~ in registered programs of hook configurations.
	Home string
}

// AckIdentity is who acknowledged a lock, as the tamper.ack record says.
type AckIdentity struct {
	User     string // the OS user (name)
	UID      int
	Email    string // git's user.email, when set
	Host     string
	Terminal string // the terminal the code was typed on
}

// AckFile is what an acknowledgement did to one pinned file.
type AckFile struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Pinned string `json:"pinned"` // the pinned digest
	Found  string `json:"found"`  // the digest found
	// Action is "restored", "removed" (pinned absent), "accepted" (the
	// file as found is the new pin), "reapplied" (a change restored at
	// once, restorenow.go, put back and pinned), or "already restored" /
	// "already removed" (--restore of a change restored at once; Found is
	// what the change wrote).
	Action string `json:"action"`
}

// AckReport is the outcome of Ack.
type AckReport struct {
	Locks  []*Lock
	Files  []AckFile
	Record int64
}

// ErrNoLock is Ack with nothing to acknowledge.
var ErrNoLock = errors.New("gate: no tamper lock to acknowledge")

// Ack acknowledges tamper locks: it restores or accepts the files of their
// scopes, records a tamper.ack evidence record, and lifts the locks. It is
// for a person: the caller (mandate tamper ack) makes sure no agent runs
// it. A lock is lifted only after its record is durable; a file that
// cannot be restored fails the whole acknowledgement, and the lock stays.
func Ack(ctx context.Context, o AckOptions) (*AckReport, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		return nil, errors.New("gate: no evidence log to record the acknowledgement")
	}
	p := &pinStore{dir: o.StateDir}
	unlock, err := p.lockPins()
	if err != nil {
		return nil, err
	}
	defer unlock()
	all, err := Locks(o.StateDir)
	if err != nil {
		return nil, err
	}
	rep := &AckReport{}
	var want scope
	if o.Root != "" {
		want = repoScope(o.Root)
	}
	for _, l := range all {
		if o.Root == "" || (!l.Global && (filepath.Clean(l.Root) == filepath.Clean(o.Root) || sameScope(l.scope(), want))) {
			rep.Locks = append(rep.Locks, l)
		}
	}
	if len(rep.Locks) == 0 {
		return nil, ErrNoLock
	}
	now := o.Now()
	saved := map[scope]*manifest{}
	for _, l := range rep.Locks {
		sc := l.scope()
		m0, err := p.load(sc)
		if err != nil {
			return nil, err
		}
		if m0 == nil {
			continue // nothing pinned: only the lock to lift
		}
		m := m0.clone()
		undone := restoredChanges(l)
		for i := range m.Entries {
			e := &m.Entries[i]
			if isDirKind(e.Kind) {
				continue
			}
			o1 := observe(e.Path)
			c, err := p.examine(e, o1, o.Home, true)
			if err != nil {
				return nil, err
			}
			if to, ok := undone[e.Path]; ok && !o.Restore && c.digest == e.Pinned && to != e.Pinned {
				// restored at once (restorenow.go): accepting the change
				// as it was made puts it back
				f, err := p.reapply(e, to, o.Home)
				if err != nil {
					return nil, err
				}
				rep.Files = append(rep.Files, f)
				continue
			}
			if to, ok := undone[e.Path]; ok && o.Restore && c.digest == e.Pinned {
				// restored at once: said, nothing left to put back
				rep.Files = append(rep.Files, AckFile{Path: e.Path, Kind: e.Kind, Pinned: e.Pinned, Found: to, Action: "already " + undoneAction(e.Pinned)})
			}
			if c.digest == e.Pinned {
				e.record(o1, c, wallNow())
				e.Since = nil // a person decided (pending.go)
				continue
			}
			f := AckFile{Path: e.Path, Kind: e.Kind, Pinned: e.Pinned, Found: c.digest}
			if !o.Restore {
				e.record(o1, c, wallNow())
				e.pin(c)
				f.Action = "accepted"
				rep.Files = append(rep.Files, f)
				continue
			}
			if err := p.restore(e); err != nil {
				return nil, err
			}
			o2 := observe(e.Path)
			c2, err := p.examine(e, o2, o.Home, false)
			if err != nil {
				return nil, err
			}
			if c2.digest != e.Pinned {
				return nil, fmt.Errorf("gate: restoring %s: it holds %s after the restore, not the pinned %s", e.Path, c2.digest, e.Pinned)
			}
			e.record(o2, c2, wallNow())
			e.Since = nil // a person decided: the accepted text is back
			f.Action = "restored"
			if e.Pinned == digestAbsent {
				f.Action = "removed"
			}
			rep.Files = append(rep.Files, f)
		}
		saved[sc] = m
	}
	rec := ackRecord(o, rep, now)
	idx, err := o.Log.Append(ctx, rec)
	if err != nil {
		return nil, fmt.Errorf("evidence: recording the acknowledgement (the locks stay): %w", err)
	}
	rep.Record = idx
	for sc, m := range saved {
		if err := p.save(sc, m); err != nil {
			return nil, err
		}
	}
	for _, l := range rep.Locks {
		if err := os.Remove(lockPath(o.StateDir, l.scope())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("gate: lifting the lock of %s: %w", l.Scope(), err)
		}
	}
	if err := atomicfile.SyncDir(filepath.Join(o.StateDir, "tamper")); err != nil {
		return nil, err
	}
	return rep, nil
}

func ackRecord(o AckOptions, rep *AckReport, now time.Time) evidence.Record {
	var locks, files, records []any
	for _, l := range rep.Locks {
		var changes []any
		for _, c := range l.Changes {
			records = append(records, c.Record)
			changes = append(changes, map[string]any{"file": c.File, "old_digest": c.Old, "new_digest": c.New, "record": c.Record,
				"time": c.Time.UTC().Format(time.RFC3339Nano)})
		}
		locks = append(locks, map[string]any{"scope": l.Scope(), "since": l.Since.UTC().Format(time.RFC3339Nano), "changes": changes})
	}
	for _, f := range rep.Files {
		files = append(files, map[string]any{"path": f.Path, "kind": f.Kind, "pinned_digest": f.Pinned, "found_digest": f.Found, "action": f.Action})
	}
	return personRecord(evidence.TypeTamperAck, now, o.Who, o.Root, map[string]any{
		"locks":   locks,
		"records": records,
		"restore": o.Restore,
		"files":   files,
	})
}

// personRecord is the record of what a person did (a tamper.ack, a
// governance.accept): who, from which terminal, in which repository
// (root; "" every scope), with extra, to which it adds uid, terminal
// and email.
func personRecord(typ string, now time.Time, who AckIdentity, root string, extra map[string]any) evidence.Record {
	extra["uid"], extra["terminal"] = who.UID, who.Terminal
	if who.Email != "" {
		extra["email"] = who.Email
	}
	return evidence.Record{Type: typ, Timestamp: now.UTC(), User: who.User, Host: who.Host, Repo: root, Extra: extra}
}

// restore puts e's pinned state back at its path, durably: the pinned
// copy (checked against its digest) written whole in its place, or the
// file removed when it was pinned absent.
func (p *pinStore) restore(e *pinEntry) error {
	switch {
	case e.Pinned == digestAbsent:
		var st fs.FileInfo
		st, err := os.Lstat(e.Path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("gate: restoring %s: %w", e.Path, err)
		}
		if st.IsDir() {
			return fmt.Errorf("gate: restoring %s: it was absent when pinned and is now a directory; remove it by hand and run mandate tamper ack again", e.Path)
		}
		if err := os.Remove(e.Path); err != nil {
			return fmt.Errorf("gate: restoring %s: %w", e.Path, err)
		}
		return atomicfile.SyncDir(filepath.Dir(e.Path))
	case len(e.Pinned) > 7 && e.Pinned[:7] == "sha256:":
		max := int64(maxConfigSize)
		if e.Kind == kindBinary {
			max = maxBinarySize
		}
		data, err := p.readObject(e.Pinned, max)
		if err != nil && NoCopy(e.Path) {
			return fmt.Errorf("gate: restoring %s: Mandate keeps no copy of it (it may hold secrets: pinned by digest only); put it back by hand, or acknowledge without --restore to accept it as it is", e.Path)
		}
		if err != nil {
			return fmt.Errorf("gate: restoring %s: %w", e.Path, err)
		}
		perm := os.FileMode(e.Perm & 0o777)
		if perm == 0 {
			perm = 0o644
		}
		if err := os.MkdirAll(filepath.Dir(e.Path), 0o755); err != nil {
			return fmt.Errorf("gate: restoring %s: %w", e.Path, err)
		}
		if st, err := os.Lstat(e.Path); err == nil && st.IsDir() {
			return fmt.Errorf("gate: restoring %s: a directory is in its place; remove it by hand and run mandate tamper ack again", e.Path)
		}
		if err := atomicfile.WriteFile(e.Path, data, perm); err != nil {
			return fmt.Errorf("gate: restoring %s: %w", e.Path, err)
		}
		return nil
	}
	return fmt.Errorf("gate: restoring %s: it was pinned as %q, which has no copy to put back", e.Path, e.Pinned)
}

// restoredChanges maps each file of l whose change was restored at once
// (restorenow.go) to the digest the change wrote (the last change's).
func restoredChanges(l *Lock) map[string]string {
	out := map[string]string{}
	for _, c := range l.Changes {
		if c.Restored == "restored" || c.Restored == "removed" {
			out[c.File] = c.New
		}
	}
	return out
}

// reapply puts back the content to (a digest, or absent) that a change
// restored at once wrote, and pins it: a person acknowledging a lock
// without --restore accepts the change as it was made, as when it had
// not been restored. Content Mandate kept no copy of cannot be put back:
// the file stays as pinned, and the report says so.
func (p *pinStore) reapply(e *pinEntry, to, home string) (AckFile, error) {
	f := AckFile{Path: e.Path, Kind: e.Kind, Pinned: e.Pinned, Found: to, Action: "reapplied"}
	tmp := *e
	tmp.Pinned = to
	if err := p.restore(&tmp); err != nil {
		if NoCopy(e.Path) || !strings.HasPrefix(to, "sha256:") {
			f.Action = "kept as pinned (the change restored at once cannot be put back: no copy of it is kept)"
			return f, nil
		}
		return f, err
	}
	o := observe(e.Path)
	c, err := p.examine(e, o, home, false)
	if err != nil {
		return f, err
	}
	if c.digest != to {
		return f, fmt.Errorf("gate: putting back %s: it holds %s, not %s", e.Path, c.digest, to)
	}
	e.record(o, c, wallNow())
	e.pin(c)
	return f, nil
}

func undoneAction(pinned string) string {
	if pinned == digestAbsent {
		return "removed"
	}
	return "restored"
}
