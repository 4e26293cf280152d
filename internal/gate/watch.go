package gate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// view is what the pins say for one call: the manifests the session can
// see, the lock in force (if any), and the policies the session started
// with, as pinned (deciders.go).
type view struct {
	scopes          []scope
	manifests       []*manifest
	lock            *Lock
	lockErr         error
	tampers         []openTamper // the log's open tamper records, read this call
	sessionPolicies []*policy.Policy
	// accepted are the accepted texts of the policies of the call's
	// scopes whose files hold a pending change (pending.go).
	accepted []*policy.Policy
	// lineage are the accepted texts of the repository scopes the call's
	// directories are by path or identity, where not deciding already
	// (lineage.go).
	lineage []*policy.Policy
	// watched: the inotify queue was looked at this call, what its
	// watches vouch for may be used (dirwatch_linux.go).
	watched bool
}

// sessionScope is the scope of the repository a session started in (or
// of its start directory outside any repository).
func sessionScope(s *Session) (scope, bool) {
	switch {
	case s.Scope != "":
		return scope{root: s.Scope, id: s.ScopeID}, true
	case s.Repo != "":
		return repoScope(s.Repo), true
	case s.Cwd != "":
		return repoScope(s.Cwd), true
	}
	return scope{}, false
}

// repoRoot is the nearest directory at or above dir with a .git entry (the
// rule policy.Locate applies), or "".
func repoRoot(dir string) string {
	if dir == "" || !filepath.IsAbs(dir) {
		return ""
	}
	d := filepath.Clean(dir)
	for i := 0; i < 4096; i++ {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
	return ""
}

// scopesOf lists the scopes a call can see: the global one, the session's,
// and the repository of the call's working directory when that is another
// one (a repository created inside the session's, or a cd elsewhere).
func (g *Gate) scopesOf(s *Session, cwd string) []scope {
	out := []scope{globalScope}
	ss, ok := sessionScope(s)
	if ok {
		out = append(out, ss)
	}
	if cwd != "" && cwd != s.Repo && cwd != s.Cwd {
		if r := repoRoot(cwd); r != "" && r != s.Repo {
			if sc := repoScope(r); !ok || !sameScope(sc, ss) {
				out = append(out, sc)
			}
		}
	}
	return out
}

// targets lists the protected files of a scope, for pinning.
func (g *Gate) targets(sc scope, s *Session) []target {
	if sc.global {
		ts := configTargets(nil, s.Home, g.cfg.Getenv, false)
		for _, b := range g.cfg.bins.list(g.cfg.Getenv("PATH"), g.cfg.Now()) {
			ts = append(ts, target{path: b, kind: kindBinary})
		}
		ts = append(ts, shadowTargets(g.cfg.Getenv("PATH"), s.Cwd)...)
		ts = append(ts, manifestTargets(ts)...)           // pluginmanifest.go
		ts = append(ts, scriptTargets(ts, "", s.Home)...) // hookscripts.go
		for _, sp := range s.startPolicies() {
			if p := sp.Path; p != "" && !within(p, s.Repo) {
				ts = append(ts, target{path: p, kind: kindPolicy})
			}
		}
		return keepInUse(dedupTargets(ts), s, s.Repo) // agentsinuse.go
	}
	roots := []string{sc.root}
	if s.Cwd != "" {
		if cwd := canonicalDir(s.Cwd); cwd != sc.root && within(cwd, sc.root) {
			roots = append(roots, cwd)
		}
	}
	ts := []target{{path: filepath.Join(sc.root, policy.FileName), kind: kindPolicy}}
	for _, sp := range s.startPolicies() {
		if p := sp.Path; p != "" && within(p, sc.root) {
			ts = append(ts, target{path: p, kind: kindPolicy})
		}
	}
	ts = append(ts, configTargets(roots, "", nil, true)...)
	ts = append(ts, manifestTargets(ts)...)                // pluginmanifest.go
	ts = append(ts, scriptTargets(ts, sc.root, s.Home)...) // hookscripts.go
	return keepInUse(dedupTargets(ts), s, sc.root)         // agentsinuse.go
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// pin makes sure every protected file a session can see is pinned: at the
// session's start, and when a call reaches a scope first.
func (g *Gate) pin(ctx context.Context, s *Session, scopes []scope) error {
	p := g.cfg.pins
	var missing []scope
	var tss [][]target
	for _, sc := range scopes {
		m, err := p.load(sc)
		if err != nil {
			return err
		}
		ts := g.targets(sc, s)
		if m == nil || hasMissing(m, ts) {
			missing = append(missing, sc)
			tss = append(tss, ts)
		}
	}
	if len(missing) == 0 {
		return g.pinPrograms(s, scopes)
	}
	unlock, err := p.lockPins()
	if err != nil {
		return err
	}
	defer unlock()
	now := wallNow()
	for i, sc := range missing {
		m, err := p.load(sc)
		if err != nil {
			return err
		}
		if m == nil {
			m = &manifest{Scope: "repo", Root: sc.root}
			if sc.global {
				m = &manifest{Scope: "global"}
			} else if err := p.noteRoot(sc.root); err != nil {
				return err
			} else if err := p.noteScope(sc.root); err != nil { // scopeindex.go
				return err
			}
		} else {
			m = m.clone()
		}
		fresh := len(m.Entries) == 0 && !sc.global
		added, err := p.addTargets(m, tss[i], s.Home, now)
		if err != nil {
			return err
		}
		if fresh {
			// a repository Mandate governed under another path or name
			// keeps what a person accepted there (lineage.go)
			if err := g.inherit(m, sc, s); err != nil {
				return err
			}
		}
		if added || len(m.Entries) == 0 {
			if err := p.save(sc, m); err != nil {
				return err
			}
		}
	}
	return g.pinProgramsLocked(s, scopes)
}

func hasMissing(m *manifest, ts []target) bool {
	for _, t := range ts {
		if m.find(t.path) < 0 {
			return true
		}
	}
	return false
}

// pinPrograms pins, in the global scope, every Mandate program the hook
// configurations of scopes register.
func (g *Gate) pinPrograms(s *Session, scopes []scope) error {
	ts, err := g.programTargets(scopes)
	if err != nil || len(ts) == 0 {
		return err
	}
	unlock, err := g.cfg.pins.lockPins()
	if err != nil {
		return err
	}
	defer unlock()
	return g.pinProgramsLocked(s, scopes)
}

// programTargets lists the registered programs the global manifest lacks.
func (g *Gate) programTargets(scopes []scope) ([]target, error) {
	p := g.cfg.pins
	global, err := p.load(globalScope)
	if err != nil || global == nil {
		return nil, err
	}
	var ts []target
	for _, sc := range scopes {
		m, err := p.load(sc)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue
		}
		for _, e := range m.Entries {
			for _, prog := range e.Programs {
				if global.find(prog) < 0 {
					ts = append(ts, target{path: prog, kind: kindBinary})
				}
			}
		}
	}
	return dedupTargets(ts), nil
}

func (g *Gate) pinProgramsLocked(s *Session, scopes []scope) error {
	ts, err := g.programTargets(scopes)
	if err != nil || len(ts) == 0 {
		return err
	}
	p := g.cfg.pins
	global, err := p.load(globalScope)
	if err != nil || global == nil {
		return err
	}
	m := global.clone()
	if added, err := p.addTargets(m, ts, s.Home, wallNow()); err != nil || !added {
		return err
	}
	return p.save(globalScope, m)
}

// watch checks the pins a call can see (a few microseconds per file when
// nothing changed), records what changed, and reports the lock in force
// and the session's pinned policy.
func (g *Gate) watch(ctx context.Context, ev *hook.Event, s *Session) (*view, error) {
	p := g.cfg.pins
	// One look at the inotify queue per call, before anything it vouches
	// for is used (dirwatch_linux.go).
	watched := p.cache != nil && p.dirs.refresh()
	v := &view{scopes: g.scopesOf(s, ev.Cwd)}
	dirty := false
	for i, sc := range v.scopes {
		m, err := p.loadWatched(sc, watched)
		if err != nil {
			return nil, err
		}
		if m == nil {
			// A scope this session had not seen (or pins lost): pin it now.
			if err := g.pin(ctx, s, v.scopes[i:i+1]); err != nil {
				return nil, err
			}
			if m, err = p.load(sc); err != nil {
				return nil, err
			}
			if m == nil {
				return nil, fmt.Errorf("pins: the manifest of %s could not be created", sc)
			}
		}
		if !dirty && !p.cleanWatched(m, s.Home, watched) {
			dirty = true
		}
		v.manifests = append(v.manifests, m)
	}
	// Before a call lands, the pins of every other pinned repository are
	// checked too: a call can change any of them, and a change seen later,
	// by that repository's own next call, would be seen with nothing in
	// flight (red-team round 16, #61). At landing events only (a change
	// made before a call started is told by its time: settle), and not
	// for a call that can write nothing (a read, a fetch): every call in
	// flight lands through an event of its own that looks.
	settleScopes := v.scopes
	if ev.Kind != hook.PreTool && !readOnlyEvent(ev) {
		extra, extraDirty, err := g.otherScopes(v.scopes, s.Home, watched)
		if err != nil {
			return nil, err
		}
		if extraDirty {
			dirty = true
			settleScopes = append(slices.Clip(v.scopes), extra...)
		}
	}
	if dirty {
		if err := g.settle(ctx, ev, s, settleScopes, len(v.scopes)); err != nil {
			return nil, err
		}
		watched = p.cache != nil && p.dirs.refresh() // settle may have written lock files
		v.manifests = v.manifests[:0]
		for _, sc := range v.scopes {
			m, err := p.load(sc)
			if err != nil {
				return nil, err
			}
			if m != nil {
				v.manifests = append(v.manifests, m)
			}
		}
	}
	ts, err := p.logTampers(ctx)
	if err != nil {
		v.lockErr = err
	}
	v.tampers = ts
	var locks dirState // the state of the lock files' directory, when watched
	if watched && v.lockErr == nil {
		locks = p.dirs.state(p.locksDir(), wallNow())
	}
	for _, sc := range v.scopes {
		if v.lockErr != nil {
			break
		}
		l, err := p.lockOfWatched(sc, ts, watched, locks)
		if err != nil {
			v.lockErr = err
			break
		}
		if l != nil {
			v.lock = l
			break
		}
	}
	sp, err := g.sessionPolicies(s)
	if err != nil {
		return nil, err
	}
	v.sessionPolicies = sp
	if v.accepted, err = g.acceptedPolicies(v.manifests); err != nil {
		return nil, err
	}
	if err := g.lineage(s, ev.Cwd, v); err != nil { // lineage.go
		return nil, err
	}
	v.watched = watched
	return v, nil
}

// readOnlyEvent reports whether every action of ev only reads (a file
// tool's read, a fetch): such a call changes no file.
func readOnlyEvent(ev *hook.Event) bool {
	if len(ev.Actions) == 0 {
		return false
	}
	for i := range ev.Actions {
		switch ev.Actions[i].Kind {
		case action.FileRead, action.NetFetch:
		default:
			return false
		}
	}
	return true
}

// otherScopes lists the pinned repositories (pins/roots) other than
// scopes, and reports whether the pins of any of them are not as
// recorded. Each costs what a scope of the call costs: a cached manifest
// under the watches, a stat per present file.
func (g *Gate) otherScopes(scopes []scope, home string, watched bool) ([]scope, bool, error) {
	p := g.cfg.pins
	roots, err := p.knownRootsCached()
	if err != nil || len(roots) == 0 {
		return nil, false, err
	}
	var out []scope
	dirty := false
	for _, r := range roots {
		sc := scope{root: r}
		if slices.ContainsFunc(scopes, func(o scope) bool { return !o.global && o.key() == sc.key() }) {
			continue
		}
		m, err := p.loadWatched(sc, watched)
		if err != nil {
			return nil, false, err
		}
		if m == nil {
			continue
		}
		out = append(out, sc)
		if !dirty && !p.cleanWatched(m, home, watched) {
			dirty = true
		}
	}
	if dirty {
		for i := range out {
			out[i].id = dirID(out[i].root)
		}
	}
	return out, dirty, nil
}

// clean reports whether every file of m is as recorded. A racy entry
// (modified shortly before it was recorded) is read again, without
// writing anything, until it is old enough to be recorded as settled.
func (p *pinStore) clean(m *manifest, home string) bool {
	return p.cleanWatched(m, home, p.cache != nil && p.dirs.refresh())
}

// cleanWatched is clean once the inotify queue was looked at (watched:
// cached directory states may be used; see dirWatch.refresh).
func (p *pinStore) cleanWatched(m *manifest, home string, watched bool) bool {
	now := wallNow()
	// Entries are sorted by path, so the absent files of one directory
	// are neighbours: when two or more of them share a directory, that
	// directory is looked at first, and while it is absent they are too
	// (one system call for the group; an agent that is not installed has
	// no directory). A store that lives across calls (a resident engine's)
	// also remembers which names it found absent in which directory, and
	// looks a name up again only when its directory changed (absent.go).
	// On Linux, that directory's state itself is cached under inotify
	// watches until an event touches it (dirwatch_linux.go).
	//
	// When every such directory's state was cached under watches and the
	// absent names were all still absent, the manifest is noted with the
	// watches' epoch (absentVouched): while no cached state has been
	// dropped since, none of those directories changed, so the next call
	// skips them all.
	parent, parentGone := "", false
	// The state of each directory, looked at once per call, by its index
	// in m.dirs (seen[k]: looked at).
	var stBuf [64]dirState
	var seenBuf [64]bool
	states, seen := stBuf[:], seenBuf[:]
	if len(m.dirs) > len(stBuf) {
		states, seen = make([]dirState, len(m.dirs)), make([]bool, len(m.dirs))
	}
	var epoch uint64
	skipAbsent, allCached := false, watched
	if watched && p.cache != nil {
		epoch = p.dirs.epochNow()
		skipAbsent = p.vouched.has(m, epoch)
	}
	for i := range m.Entries {
		e := &m.Entries[i]
		if e.Missing && p.cache != nil {
			if skipAbsent {
				continue
			}
			k := m.dirOf[i]
			d := m.dirs[k]
			if !seen[k] {
				if watched {
					var gen uint64
					states[k], gen = p.dirs.stateWith(d, now, 0)
					allCached = allCached && gen != 0
				} else {
					states[k] = statDir(d, now)
				}
				seen[k] = true
			}
			if !p.absent.stillAbsentNamed(e, d, m.base[i], states[k]) {
				return false
			}
			continue
		}
		if e.Missing && m.sharedDir[i] {
			if d := m.dirs[m.dirOf[i]]; d != parent {
				parent = d
				parentGone = observe(d).missing
			}
			if parentGone {
				continue
			}
		}
		o := observe(e.Path)
		if !e.unchanged(o) {
			return false
		}
		if e.restat() {
			// pinned by its listing: what it covers is not in its own
			// identity (hooktrees.go)
			if c, err := p.examine(e, o, home, false); err != nil || c.digest != e.Seen {
				return false
			}
			continue
		}
		if !e.racy() {
			continue
		}
		if now-e.modified() >= racyWindow {
			return false // settle records it as no longer racy, once
		}
		c, err := p.examine(e, o, home, false)
		if err != nil || c.digest != e.Seen || c.gov != e.SeenGov {
			return false
		}
	}
	if !skipAbsent && allCached && p.cache != nil {
		p.vouched.note(m, epoch)
	}
	return true
}

// absentVouched notes manifests whose pinned-absent files were all found
// absent in directories whose states were cached under inotify watches,
// with the watches' epoch then (dirWatch.epoch): while the epoch holds,
// no such state was dropped, so no directory of theirs changed, and the
// files are still absent. A manifest is immutable once loaded: another
// manifest is another pointer.
type absentVouched struct {
	mu sync.Mutex
	at map[*manifest]uint64
}

func (a *absentVouched) has(m *manifest, epoch uint64) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.at[m]
	return ok && e == epoch
}

func (a *absentVouched) note(m *manifest, epoch uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.at == nil || len(a.at) >= 64 {
		a.at = make(map[*manifest]uint64)
	}
	a.at[m] = epoch
}

// settle examines, under the pin store's lock, every file of scopes that
// is not as recorded: a change of identity alone is recorded silently, a
// change of content that governs nothing is pinned silently, and a
// governance change is a tamper record and a lock when a tool call was in
// flight, else a governance-change record and a new pin.
//
// The scopes past the first own are other pinned repositories, checked
// for the calls in flight (watch): there a governance change is that of
// the calls in flight that started before it was made (the file's change
// time, less attributeSlack for the coarse clock of file times; a file
// gone or a directory's listing: now), and one that none of them can have
// made is left as it is, for that repository's own sessions to settle
// (its pin, which decides the actions reaching it from elsewhere, is
// not moved by a session of another repository).
func (g *Gate) settle(ctx context.Context, ev *hook.Event, s *Session, scopes []scope, own int) error {
	p := g.cfg.pins
	unlock, err := p.lockPins()
	if err != nil {
		return err
	}
	defer unlock()
	var flights []flight
	flightsRead := false
	now := g.cfg.Now()
	ts, err := p.logTampers(ctx)
	if err != nil {
		return err
	}
	for si, sc := range scopes {
		foreign := si >= own
		m0, err := p.load(sc)
		if err != nil {
			return err
		}
		if m0 == nil {
			continue
		}
		m := m0.clone()
		locked, err := lockOf(g.cfg.StateDir, sc, ts)
		if err != nil {
			return err
		}
		changed := false
		for i := 0; i < len(m.Entries); i++ {
			e := &m.Entries[i]
			o := observe(e.Path)
			if e.unchanged(o) && !e.racy() && !e.restat() {
				continue
			}
			c, err := p.examine(e, o, s.Home, false)
			if err != nil {
				return err
			}
			if e.restat() && e.unchanged(o) && c.digest == e.Seen {
				continue
			}
			if isDirKind(e.Kind) && ((!e.restat() && !strings.HasPrefix(c.digest, digestListing)) || c.digest == e.Seen) {
				changed = true
				e.record(o, c, wallNow())
				// What appeared in it is pinned as absent, so that it shows
				// as a change below.
				appeared(m, *e, wallNow())
				continue
			}
			if c.digest != e.Seen || c.gov != e.SeenGov {
				// A change: read it again keeping a copy (the pin store
				// holds every content it pins or reports); the latest
				// content is what is recorded.
				if c, err = p.examine(e, o, s.Home, true); err != nil {
					return err
				}
			}
			if c.digest == e.Seen && c.gov == e.SeenGov {
				if e.unchanged(o) && wallNow()-e.modified() < racyWindow {
					continue // still racy: nothing to record yet
				}
				changed = true
				e.record(o, c, wallNow()) // touched, not changed
				continue
			}
			changed = true
			old := *e
			e.record(o, c, wallNow())
			if c.gov == old.SeenGov {
				// Nothing that governs changed (a permission rule Claude
				// Code added): pinned as it is.
				if locked == nil {
					e.pin(c)
				}
				continue
			}
			if !flightsRead {
				flights, flightsRead = inFlight(g.cfg.StateDir, now), true
			}
			by := flights
			if foreign {
				if by = flightsBefore(flights, changedAt(e, o)); len(by) == 0 {
					*e = old // not this call's: its own repository settles it
					continue
				}
			}
			routes, why := false, ""
			if len(by) == 0 {
				routes, why = p.routesAround(&old, c) // unattended.go
			}
			if len(by) > 0 || routes {
				var ro restoreOutcome
				if restorable(old.Kind) {
					ro = p.restoreNow(e, s.Home) // restorenow.go
				}
				l, err := g.recordTamper(ctx, ev, s, sc, &old, c, by, why, ro)
				if err != nil {
					return err
				}
				if err := addToLock(g.cfg.StateDir, sc, l); err != nil {
					return err
				}
				if locked == nil {
					locked = &Lock{}
				}
				continue
			}
			if err := g.recordChange(ctx, ev, s, sc, &old, c, locked != nil); err != nil {
				return err
			}
			switch {
			case locked != nil:
			case old.Kind == kindPolicy:
				e.seenSince(c.digest) // pending until a person accepts it (pending.go)
			default:
				e.pin(c)
			}
		}
		if changed {
			if err := p.save(sc, m); err != nil {
				return err
			}
		}
	}
	return g.pinProgramsLocked(s, scopes)
}

// attributeSlack is how much earlier than a call's start a change may be
// dated and still be taken for the call's: file times come from a coarse
// clock (a tick behind), and a person's edit within it is taken for the
// call's (the safe side).
const attributeSlack = int64(time.Second)

// changedAt is when the change of e observed as o was made, at the latest
// (now, when its time cannot be told).
func changedAt(e *pinEntry, o observation) int64 {
	if o.missing || o.err != nil || isDirKind(e.Kind) {
		return wallNow()
	}
	t := max(o.l.Mtime, o.l.Ctime)
	if o.t != nil {
		t = max(t, o.t.Mtime, o.t.Ctime)
	}
	return t
}

// flightsBefore lists the flights that started before at (with the slack).
func flightsBefore(fs []flight, at int64) []flight {
	var out []flight
	for _, f := range fs {
		if f.Started <= at+attributeSlack {
			out = append(out, f)
		}
	}
	return out
}
