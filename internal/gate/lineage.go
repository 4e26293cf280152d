package gate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Scope lineage (red-team round 24 (c), #1). A scope's manifest is named
// after its root's path, and a directory is a repository only while a
// .git entry is in it; so a process an allowed command left behind could
// loosen the policy, then move the repository (leaving a symlink at the
// old path, or not), or rename its .git away, and the next session there
// saw a fresh scope, which accepted the loosened policy (or the built-in
// default) as if it were the first one ever seen.
//
// So a repository Mandate governed keeps its accepted policy however it
// is renamed, moved, linked or un-gitted. On every call, each directory
// the call is in — the working directory as given and resolved, the
// session's repository, start directory and scope — and each of their
// ancestors is looked up in the scope index (scopeindex.go) by path and
// by identity (rootIdentity); every repository scope matched by either
// governs the call with its accepted text, as a pending change would
// (pending.go): its accepted text and every text it held since decide
// with the file as it is, the stricter winning; an accepted "no policy"
// makes the built-in default decide when a policy file is there now. Its
// tamper lock holds too. And a scope pinned for the first time whose root
// is such a match (by identity, or by the path the session named)
// inherits that scope's accepted state: a file that differs from it is a
// pending change a person accepts (mandate policy accept), which also
// retires the old scope's identity once another scope holds it
// (retireIdentities): a repository moved on purpose is governed by its
// new scope from then on, and a directory reusing a deleted repository's
// inode (where no birth time tells them apart) is not bound forever.
//
// A copy (cp -a, a clone, a tar round trip, a move to another file
// system) is a new directory: nothing of it can be trusted to name its
// origin (the process that copied it can rewrite any of it), and a copy a
// person makes on purpose must not carry the original's scope forever;
// its first session pins what it holds, as any new repository's does —
// except when an indexed repository's path now resolves, through a
// symlink, to the copy or a directory above it (linkedTo: the original
// replaced by the copy behind a symlink, red-team round 27, #1): then the
// copy inherits, as a move does. A copy with nothing at the old path is
// followed by nothing (a person's cd to the old path fails: they see it).
// A start directory outside any repository ("dir" scopes) governs
// nothing by lineage until its root holds a .git entry (noteOwnRoots
// makes it a repository then: red-team round 27, #4; a move between the
// git init and the next call of a session there is not followed).
//
// What the index records of a root is only what the root is itself
// (ownRootIdentity: never through a symlink the root was turned into),
// and never the identity of the root directory or an ancestor of home
// (boundless), which would bind every directory below (red-team round
// 27, #3); the lists are bounded without forgetting what protects
// (scopebounds.go, red-team round 27, #2).

// maxLineageDepth bounds the ancestors looked up per directory.
const maxLineageDepth = 64

// lineageMatch is an indexed repository scope a call's directory is.
type lineageMatch struct {
	sc scope
	at string // the directory that matched: where the repository is now
}

// lineageOf lists the repository scopes the directories of a call of s
// from cwd, or their ancestors, are by path or identity. ids are the
// identities looked at, by directory.
func (g *Gate) lineageOf(s *Session, cwd string) ([]lineageMatch, map[string]string, error) {
	x, err := g.cfg.pins.scopeIndexNow()
	if err != nil || x == nil || x.repos == 0 {
		return nil, nil, err
	}
	var out []lineageMatch
	ids := map[string]string{}
	add := func(i int, at string) {
		r := x.recs[i]
		if !r.repo || slices.ContainsFunc(out, func(m lineageMatch) bool { return m.sc.root == r.root }) {
			return
		}
		out = append(out, lineageMatch{sc: scope{root: r.root}, at: at})
	}
	dirs := []string{cwd, s.Repo, s.Cwd, s.Scope}
	if cwd != "" {
		dirs = append(dirs, canonicalDir(cwd))
	}
	for _, d := range dirs {
		if d == "" || !filepath.IsAbs(d) {
			continue
		}
		d = filepath.Clean(d)
		for range maxLineageDepth {
			if _, seen := ids[d]; seen {
				break // its ancestors were walked already
			}
			if i, ok := x.byRoot[d]; ok {
				add(i, d)
			}
			id := ""
			if !boundless(d, s.Home) {
				id = rootIdentity(d)
			}
			ids[d] = id
			if id != "" {
				for _, i := range x.byID[id] {
					add(i, d)
				}
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return out, ids, nil
}

// lineagePolicies are the accepted texts of the matched scopes ms (see
// above) that do not decide already: have are the digests of the
// policies deciding, skip the scopes whose pending texts do (the call's
// own).
func (g *Gate) lineagePolicies(ms []lineageMatch, have []string, skip []scope) ([]*policy.Policy, error) {
	var out []*policy.Policy
	for _, lm := range ms {
		m, err := g.cfg.pins.load(lm.sc)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue
		}
		i := m.find(filepath.Join(lm.sc.root, policy.FileName))
		if i < 0 {
			continue
		}
		e := &m.Entries[i]
		if e.pendingPolicy() {
			if slices.ContainsFunc(skip, func(o scope) bool { return !o.global && o.key() == lm.sc.key() }) {
				continue // acceptedPolicies has them
			}
			ps, err := g.acceptedPolicies([]*manifest{{Entries: []pinEntry{*e}, pending: []int{0}}})
			if err != nil {
				return nil, err
			}
			out = append(out, ps...)
			continue
		}
		if e.Pinned == digestAbsent {
			// no policy was accepted: the default decides when one is
			// there now (a policy created where none was is pending)
			if _, err := os.Lstat(filepath.Join(lm.at, policy.FileName)); err == nil {
				out = append(out, g.cfg.pinnedCache.defaultPolicy())
			}
			continue
		}
		dig := e.Pinned
		if !strings.HasPrefix(dig, "sha256:") {
			dig = e.LastPolicy
		}
		if slices.Contains(have, dig) {
			continue
		}
		p, err := g.acceptedPolicy(e)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// lineage is what the scope lineage adds to a call's view: the matched
// scopes' accepted texts (v.lineage), and their tamper locks; it also
// notes a call's own scope root's identity when the index lacks it (a
// root replaced in place, or gone when the index was built).
func (g *Gate) lineage(s *Session, cwd string, v *view) error {
	ms, ids, err := g.lineageOf(s, cwd)
	if err != nil {
		return err
	}
	if err := g.noteOwnRoots(v.scopes, ids, s.Home); err != nil {
		return err
	}
	if ms == nil && ids == nil {
		return nil
	}
	have := []string{g.cfg.Policy.Digest()}
	for _, p := range v.sessionPolicies {
		have = append(have, p.Digest())
	}
	if v.lineage, err = g.lineagePolicies(ms, have, v.scopes); err != nil {
		return err
	}
	if v.lock != nil || v.lockErr != nil {
		return nil
	}
	for _, lm := range ms {
		if slices.ContainsFunc(v.scopes, func(o scope) bool { return !o.global && o.key() == lm.sc.key() }) {
			continue
		}
		l, err := lockOf(g.cfg.StateDir, lm.sc, v.tampers)
		if err != nil {
			v.lockErr = err
			return nil
		}
		if l != nil {
			v.lock = l
			return nil
		}
	}
	return nil
}

// noteOwnRoots brings the index's records of the call's own scopes up to
// date: a repository root with an identity its record lacks (a root
// replaced in place, or gone when the index was built) has it added, and
// a "dir" root that holds a .git entry now (a project whose first session
// came before its git init: red-team round 27, #4) becomes a repository.
// An identity is recorded only as ownRootIdentity reads it (never through
// a symlink the root was turned into: red-team round 27, #3), and never
// one of a boundless directory. ids are the identities lineageOf read.
func (g *Gate) noteOwnRoots(scopes []scope, ids map[string]string, home string) error {
	x, err := g.cfg.pins.scopeIndexCached()
	if err != nil || x == nil {
		return err
	}
	for _, sc := range scopes {
		if sc.global {
			continue
		}
		i, ok := x.byRoot[sc.root]
		if !ok {
			continue
		}
		r := x.recs[i]
		upgrade := false
		if !r.repo {
			if _, err := os.Lstat(filepath.Join(sc.root, ".git")); err == nil {
				upgrade = true
			}
		}
		id := ""
		if r.repo || upgrade {
			if seen, ok := ids[sc.root]; !ok || !slices.Contains(r.ids, seen) {
				id = ownRootIdentity(sc.root)
			}
			if id != "" && (boundless(sc.root, home) || slices.Contains(r.ids, id)) {
				id = ""
			}
		}
		if id == "" && !upgrade {
			continue
		}
		if err := g.cfg.pins.noteRootNow(sc.root, id, upgrade); err != nil {
			return err
		}
	}
	return nil
}

// boundless reports whether dir is a directory no scope's identity may
// name: the root directory or an ancestor of the home directory (the
// lineage would bind every directory below it: red-team round 27, #3).
func boundless(dir, home string) bool {
	if dir == "/" {
		return true
	}
	return home != "" && dir != filepath.Clean(home) && within(home, dir)
}

// lineageFor is the lineage's texts for a call of s from cwd without a
// view (failOpen).
func (g *Gate) lineageFor(s *Session, cwd string) ([]*policy.Policy, error) {
	ms, _, err := g.lineageOf(s, cwd)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return g.lineagePolicies(ms, []string{g.cfg.Policy.Digest()}, nil)
}

// inherit gives the policy entry of m, the manifest of the scope sc
// being pinned for the first time, the accepted state of the indexed
// repository scope sc's root is by identity, or s's repository or start
// directory is by path (see above): a file that differs from what was
// accepted there is pending. The caller holds the pin store's lock.
func (g *Gate) inherit(m *manifest, sc scope, s *Session) error {
	p := g.cfg.pins
	x, err := p.migratedScopeIndex()
	if err != nil || x == nil {
		return err
	}
	var from []int
	if id := rootIdentity(sc.root); id != "" {
		from = append(from, x.byID[id]...)
	}
	for _, d := range []string{s.Repo, s.Cwd} {
		if i, ok := x.byRoot[filepath.Clean(d)]; ok && d != "" && canonicalDir(d) == sc.root {
			from = append(from, i)
		}
	}
	from = slices.DeleteFunc(from, func(i int) bool { return !x.recs[i].repo || x.recs[i].root == sc.root })
	k := m.find(filepath.Join(sc.root, policy.FileName))
	if k < 0 {
		return nil
	}
	if len(from) == 0 {
		from = linkedTo(x, sc.root)
	}
	e := &m.Entries[k]
	for _, i := range from {
		r := x.recs[i]
		if !r.repo || r.root == sc.root {
			continue
		}
		om, err := p.load(scope{root: r.root})
		if err != nil {
			return err
		}
		if om == nil {
			continue
		}
		j := om.find(filepath.Join(r.root, policy.FileName))
		if j < 0 {
			continue
		}
		o := &om.Entries[j]
		e.Pinned, e.PinnedGov, e.Perm, e.LastPolicy = o.Pinned, o.PinnedGov, o.Perm, o.LastPolicy
		e.Since = slices.Clone(o.Since)
		if o.Seen != o.Pinned {
			e.seenSince(o.Seen)
		}
		return nil
	}
	return nil
}

// maxLinkScan bounds the indexed roots linkedTo looks at.
const maxLinkScan = 1 << 14

// linkedTo lists the indexed repository roots whose path resolves now,
// through a symlink, to root or to a directory root is below (red-team
// round 27, #1: the repository replaced by a copy — cp -a, a tar round
// trip, a move to another file system — with a symlink at the old path:
// a person's cd and git work as before, and every agent reports the
// copy's physical path, which neither a path nor an identity of the index
// names). It reads every indexed root: only a scope pinned for the first
// time, and matched by nothing else, asks.
func linkedTo(x *scopeIndex, root string) []int {
	var out []int
	for i, r := range x.recs {
		if i >= maxLinkScan {
			break
		}
		if !r.repo || r.root == root {
			continue
		}
		if _, err := os.Lstat(r.root); err != nil {
			continue
		}
		if t := canonicalDir(r.root); t != r.root && (t == root || within(root, t)) {
			out = append(out, i)
		}
	}
	return out
}
