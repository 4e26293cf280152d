package gate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// Accepting governance changes. A policy's change seen with no call in
// flight is pending (pending.go) until a person accepts it; a change
// Mandate makes itself (install, uninstall, policy init, run by a person)
// is accepted as it is made: by the digest of what it wrote, so that a
// file another process replaced between Mandate's write and the
// acceptance is refused and changes as anyone's change does (red-team
// round 24 (c), #3); the command holds the pins lock across its write and
// the acceptance (LockPins), so nobody can hold the acceptance back while
// they swap the file. Either way the files, as shown or as written,
// become the pins, and a governance.accept record says who accepted
// what. A locked scope is left to mandate tamper ack.

// PendingChange is a policy whose file holds a change no person accepted.
type PendingChange struct {
	Global bool   `json:"global,omitempty"`
	Root   string `json:"root,omitempty"`
	Path   string `json:"path"`
	// Accepted is the digest of the accepted text ("absent": none was),
	// Found that of the file now.
	Accepted string `json:"accepted"`
	Found    string `json:"found"`
	// Since are the other texts the file held since (each decides too).
	Since []string `json:"since,omitempty"`
	// Locked: the scope is tamper-locked; mandate tamper ack decides.
	Locked bool `json:"locked,omitempty"`
}

// Scope describes the scope of the change.
func (c PendingChange) Scope() string {
	if c.Global {
		return "every repository"
	}
	return c.Root
}

// AcceptOptions say what is accepted, by whom.
type AcceptOptions struct {
	StateDir string
	// Root limits acceptance to one repository; "" is every scope.
	Root string
	// Paths, when set, are the files Mandate itself just wrote (install,
	// uninstall, policy init): each is accepted, whatever its kind, with
	// the directories of hook configurations holding it, if it holds what
	// Expect says Mandate wrote (each path must have its digest there,
	// WrittenDigest). Without Paths, the pending policies are accepted.
	Paths []string
	// Expect is the digest each pending policy was shown to the person
	// with (optional), or each of Paths was written with (required): a
	// file that holds anything else is refused, and nothing is accepted.
	Expect map[string]string
	// Held is set when the caller holds the pins lock (LockPins) across
	// its write and this acceptance.
	Held bool
	// By names what accepts: "mandate policy accept", "mandate install".
	By  string
	Who AckIdentity
	Log Recorder
	Now func() time.Time
	// Home expands ~ in registered programs of hook configurations.
	Home string
}

// AcceptFile is one file accepted.
type AcceptFile struct {
	Path     string `json:"path"`
	Kind     string `json:"kind"`
	Previous string `json:"previous"` // the digest accepted before
	Accepted string `json:"accepted"` // the digest accepted now
	// Since are the other texts the policy held since it was last
	// accepted, which stop deciding.
	Since []string `json:"since,omitempty"`
}

// AcceptReport is the outcome of Accept.
type AcceptReport struct {
	Files  []AcceptFile
	Record int64
	// Locked are the scopes left as they are: tamper-locked.
	Locked []string
	// Retired are the repositories whose former identities stop
	// governing the directories now holding them (another scope, which
	// inherited their accepted texts, governs those: lineage.go).
	Retired []string
}

// ErrNothingPending is Accept with nothing to accept.
var ErrNothingPending = errors.New("gate: no pending governance change to accept")

// pinnedScopes lists the global scope and every known repository's.
func (p *pinStore) pinnedScopes() ([]scope, error) {
	roots, err := p.knownRoots()
	if err != nil {
		return nil, err
	}
	out := []scope{globalScope}
	for _, r := range roots {
		out = append(out, scope{root: r})
	}
	return out, nil
}

// lockedKeys are the keys of the scopes tamper-locked now.
func lockedKeys(stateDir string) (map[string]bool, error) {
	ls, err := Locks(stateDir)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, l := range ls {
		out[l.scope().key()] = true
	}
	return out, nil
}

// wanted reports whether sc is one root (when set) names.
func wanted(sc scope, root string) bool {
	if root == "" {
		return true
	}
	return !sc.global && (filepath.Clean(sc.root) == filepath.Clean(root) || sameScope(repoScope(sc.root), repoScope(root)))
}

// Pending lists the policies whose files hold a change no person
// accepted, as the files are now.
func Pending(stateDir, home string) ([]PendingChange, error) {
	p := &pinStore{dir: stateDir}
	scopes, err := p.pinnedScopes()
	if err != nil {
		return nil, err
	}
	locked, err := lockedKeys(stateDir)
	if err != nil {
		return nil, err
	}
	var out []PendingChange
	for _, sc := range scopes {
		m, err := p.load(sc)
		if err != nil || m == nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		for i := range m.Entries {
			e := &m.Entries[i]
			if e.Kind != kindPolicy {
				continue
			}
			c, err := p.examine(e, observe(e.Path), home, false)
			if err != nil {
				return nil, err
			}
			if c.digest == e.Pinned && len(e.Since) == 0 {
				continue
			}
			out = append(out, PendingChange{Global: sc.global, Root: sc.root, Path: e.Path, Accepted: e.Pinned, Found: c.digest,
				Since: e.Since, Locked: locked[sc.key()]})
		}
	}
	return out, nil
}

// Accept makes the files as they are now the accepted pins (see above),
// records a governance.accept record, and only then saves the pins.
func Accept(ctx context.Context, o AcceptOptions) (*AcceptReport, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		return nil, errors.New("gate: no evidence log to record the acceptance")
	}
	for _, q := range o.Paths {
		if _, ok := o.Expect[q]; !ok {
			return nil, fmt.Errorf("gate: %s: no digest of what was written: nothing was accepted", q)
		}
	}
	p := &pinStore{dir: o.StateDir}
	if !o.Held {
		unlock, err := p.lockPins()
		if err != nil {
			return nil, err
		}
		defer unlock()
	}
	scopes, err := p.pinnedScopes()
	if err != nil {
		return nil, err
	}
	locked, err := lockedKeys(o.StateDir)
	if err != nil {
		return nil, err
	}
	rep := &AcceptReport{}
	saved := map[scope]*manifest{}
	now := wallNow()
	var retire []string // the scopes whose identities a person's acceptance may retire
	for _, sc := range scopes {
		if !wanted(sc, o.Root) {
			continue
		}
		if o.Paths == nil && !sc.global && !locked[sc.key()] {
			retire = append(retire, sc.root)
		}
		m0, err := p.load(sc)
		if err != nil {
			return nil, err
		}
		if m0 == nil {
			continue
		}
		if locked[sc.key()] {
			if relevant(m0, o.Paths) {
				rep.Locked = append(rep.Locked, sc.String())
			}
			continue
		}
		m := m0.clone()
		dirty := false
		if o.Paths != nil {
			// A file written in a pinned directory of hook
			// configurations: the directory's listing first (what
			// appeared in it is pinned absent, then accepted below).
			for i := range m.Entries {
				e := &m.Entries[i]
				if !isDirKind(e.Kind) || !slices.ContainsFunc(o.Paths, func(q string) bool { return q != e.Path && within(q, e.Path) }) {
					continue
				}
				ob := observe(e.Path)
				c, err := p.examine(e, ob, o.Home, false)
				if err != nil {
					return nil, err
				}
				e.record(ob, c, now)
				e.pin(c)
				appeared(m, *e, now)
				dirty = true
			}
		}
		var files []AcceptFile
		for i := range m.Entries {
			e := &m.Entries[i]
			if isDirKind(e.Kind) {
				continue
			}
			if o.Paths != nil && !slices.Contains(o.Paths, e.Path) || o.Paths == nil && e.Kind != kindPolicy {
				continue
			}
			ob := observe(e.Path)
			c, err := p.examine(e, ob, o.Home, true)
			if err != nil {
				return nil, err
			}
			if c.digest == e.Pinned && c.gov == e.PinnedGov && c.digest == e.Seen && len(e.Since) == 0 {
				continue
			}
			if want, ok := o.Expect[e.Path]; o.Expect != nil && (!ok || want != c.digest) {
				if o.Paths != nil {
					return nil, fmt.Errorf("gate: %s holds %s, not what %s wrote (%s): another process changed it; nothing was accepted", e.Path, c.digest, o.By, want)
				}
				return nil, fmt.Errorf("gate: %s changed since it was shown (it holds %s now): nothing was accepted; run it again", e.Path, c.digest)
			}
			if c.digest != e.Pinned || len(e.Since) > 0 {
				files = append(files, AcceptFile{Path: e.Path, Kind: e.Kind, Previous: e.Pinned, Accepted: c.digest, Since: e.Since})
			}
			e.record(ob, c, now)
			e.pin(c)
			dirty = true
		}
		if dirty {
			saved[sc] = m
		}
		rep.Files = append(rep.Files, files...)
	}
	index, retired, err := p.retirement(retire, o.Home) // scopeindex.go
	if err != nil {
		return nil, err
	}
	rep.Retired = retired
	if len(rep.Files) == 0 && len(rep.Retired) == 0 {
		return rep, ErrNothingPending
	}
	idx, err := o.Log.Append(ctx, acceptRecord(o, rep))
	if err != nil {
		return nil, fmt.Errorf("evidence: recording the acceptance (nothing was accepted): %w", err)
	}
	rep.Record = idx
	if index != nil {
		if err := p.writeScopeIndex(index); err != nil {
			return nil, err
		}
	}
	for sc, m := range saved {
		if err := p.save(sc, m); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

func acceptRecord(o AcceptOptions, rep *AcceptReport) evidence.Record {
	var files []any
	for _, f := range rep.Files {
		m := map[string]any{"path": f.Path, "kind": f.Kind, "previous_digest": f.Previous, "accepted_digest": f.Accepted}
		if len(f.Since) > 0 {
			var ss []any
			for _, d := range f.Since {
				ss = append(ss, d)
			}
			m["since_digests"] = ss
		}
		files = append(files, m)
	}
	extra := map[string]any{"by": o.By, "files": files}
	if len(rep.Retired) > 0 {
		var rs []any
		for _, r := range rep.Retired {
			rs = append(rs, r)
		}
		extra["retired_identities"] = rs
	}
	return personRecord(evidence.TypeGovernanceAccept, o.Now(), o.Who, o.Root, extra)
}

// LockPins takes the lock of the state directory's pins, which Accept
// otherwise takes itself: a command of Mandate's holds it across its
// write and Accept (AcceptOptions.Held). unlock releases it.
func LockPins(stateDir string) (unlock func(), err error) {
	return (&pinStore{dir: stateDir}).lockPins()
}

// WrittenDigest is the digest Accept compares a file Mandate wrote with
// (AcceptOptions.Expect): that of the bytes written, or of no file when
// the command removed it.
func WrittenDigest(b []byte, removed bool) string {
	if removed {
		return digestAbsent
	}
	return digestBytes(b)
}

// relevant reports whether m pins one of paths (without paths: a policy).
func relevant(m *manifest, paths []string) bool {
	for i := range m.Entries {
		e := &m.Entries[i]
		if paths == nil && e.Kind == kindPolicy || slices.Contains(paths, e.Path) {
			return true
		}
	}
	return false
}

// Pinned reports whether a manifest of the state directory pins one of
// paths (without creating anything: a state directory that does not
// exist pins nothing).
func Pinned(stateDir string, paths []string) (bool, error) {
	p := &pinStore{dir: stateDir}
	scopes, err := p.pinnedScopes()
	if err != nil {
		return false, err
	}
	for _, sc := range scopes {
		m, err := p.load(sc)
		if err != nil {
			return false, err
		}
		if m != nil && relevant(m, paths) {
			return true, nil
		}
		if m == nil {
			continue
		}
		for i := range m.Entries {
			e := &m.Entries[i]
			if isDirKind(e.Kind) && slices.ContainsFunc(paths, func(q string) bool { return within(q, e.Path) }) {
				return true, nil
			}
		}
	}
	return false, nil
}
