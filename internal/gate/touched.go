package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/atomicfile"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Touched repositories. The located policy is found from the call's
// working directory, so a session started elsewhere — the agent launched
// from the home directory or a parent of several repositories, a nested
// agent started in /tmp, a session of another repository given this one
// with --add-dir — would decide actions on a repository's files without
// that repository's policy, whose own file it would not even protect.
// So every repository an action reaches decides it too, as if it were the
// session's (its root is the action's repository root for that policy):
// the strictest decision wins, and its policy file is protected like the
// located one (options).
//
// An action reaches the repository holding each path it names — every
// path the policy's evaluation would judge, for every kind of action,
// listed by the evaluation itself (policy.Reaches: file tools' paths, the
// paths of a command line analysed as the decision analyses it, MCP
// arguments' paths and command lines) — found from the path as given and
// with its symlinks resolved. A path that stands for everything below it
// — a recursive read, a delete, a glob, a part not known statically (cut
// at its static prefix) — reaches every known repository below it too:
// the repositories Mandate has pinned (pins/roots, one root per line,
// noted when a repository is first pinned); and a pattern outside the
// repositories deciding already reaches those it can match on disk
// (globroots.go). A repository without a policy file is governed by the
// default already deciding. A pinned repository's policy decides from its
// pinned copy too (pinnedPolicy), the stricter winning. A touched policy
// that cannot be loaded is an error, which denies the call.

// maxTouched bounds the repositories one call may reach besides its own.
const maxTouched = 16

// maxRootsFile bounds the list of known repository roots.
const maxRootsFile = 1 << 20

// reach is a path an action reaches; below: and everything under it;
// pattern: full is a glob or holds an expansion, of which path is the
// static prefix.
type reach struct {
	path    string
	below   bool
	pattern bool
	full    string
}

// touched adds to ds the policy of every other repository ev's actions
// reach (see above), and returns those repositories' roots (their tamper
// locks decide too: Gate.reachedLock).
func (g *Gate) touched(ev *hook.Event, sess *Session, ds []decider) ([]decider, []string, error) {
	var rs []reach
	lister := g.cfg.Policy
	if g.fsys != nil {
		lister = lister.WithCallFS(g.fsys) // the file system as the decision will see it
	}
	for i := range ev.Actions {
		g.complete(&ev.Actions[i], ev, sess) // as decide will: the same analysis
		rs = appendReaches(rs, lister, &ev.Actions[i])
	}
	if len(rs) == 0 && len(sess.Enclosing) == 0 {
		return ds, nil, nil
	}
	// The repositories deciding already: the session's and the working
	// directory's, compared as given first, resolved only when needed.
	own := []string{sess.Repo, sess.Scope, repoRoot(ev.Cwd)}
	var ownCanon []string
	isOwn := func(r string) bool {
		if slices.Contains(own, r) {
			return true
		}
		if ownCanon == nil {
			for _, d := range own {
				if d != "" {
					ownCanon = append(ownCanon, canonicalDir(d))
				}
			}
		}
		return slices.Contains(ownCanon, canonicalDir(r))
	}
	var roots []string
	var addRoot func(r string)
	addRoot = func(r string) {
		if r == "" {
			return
		}
		if o := gitOwner(r); o != "" {
			addRoot(o) // a linked worktree writes its owner's .git (enclosing.go)
		}
		if slices.Contains(roots, r) || isOwn(r) {
			return
		}
		if c := canonicalDir(r); !slices.Contains(roots, c) {
			roots = append(roots, c)
		}
	}
	for _, e := range sess.Enclosing { // enclosing.go
		addRoot(e)
	}
	rootOf := map[string]string{} // directory: its repository, within this call
	var known []string
	knownRead := false
	seen := map[reach]bool{{path: filepath.Clean(ev.Cwd), full: filepath.Clean(ev.Cwd)}: true} // the located policy's
	for _, r := range rs {
		if seen[r] {
			continue
		}
		seen[r] = true
		for _, p := range pathForms(r.path) {
			d := existingDir(p)
			root, ok := rootOf[d]
			if !ok {
				root = repoRoot(d)
				rootOf[d] = root
			}
			addRoot(root)
			if !r.below {
				continue
			}
			if !knownRead {
				var err error
				if known, err = g.cfg.pins.knownRoots(); err != nil {
					return nil, nil, err
				}
				knownRead = true
			}
			for _, k := range known {
				if within(k, p) {
					addRoot(k)
				}
			}
		}
		if r.pattern {
			// repositories no session has visited, which the pattern can
			// match on disk (globroots.go); below a repository deciding
			// already, only the known ones
			if root := rootOf[existingDir(r.path)]; root == "" || !isOwn(root) {
				found, err := globRoots(r.full, r.path)
				if err != nil {
					return nil, nil, err
				}
				for _, f := range found {
					addRoot(f)
				}
			}
		}
	}
	if len(roots) > maxTouched {
		return nil, nil, fmt.Errorf("the action reaches %d repositories besides its own, more than the %d Mandate decides for one call", len(roots), maxTouched)
	}
	for _, r := range roots {
		path, err := policy.Locate(r, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("the policy of %s, which the action reaches: %w", r, err)
		}
		if path != "" && filepath.Dir(path) == r {
			p, err := g.loadPolicyFile(path)
			if err != nil {
				return nil, nil, fmt.Errorf("the policy of %s, which the action reaches: %w", r, err)
			}
			ds = addDecider(ds, decider{p: p, role: roleTouched, root: r})
		}
		// else no policy of its own: the default decides already.
		pps, err := g.pinnedPolicies(r)
		if err != nil {
			return nil, nil, fmt.Errorf("the pinned policy of %s, which the action reaches: %w", r, err)
		}
		for _, pp := range pps {
			ds = addDecider(ds, decider{p: pp, role: roleTouched, root: r})
		}
	}
	return ds, roots, nil
}

// pinnedPolicies are the pinned copy of the policy of the repository at
// root and, while a change of it is pending, every other text it held
// since it was accepted (pending.go), when the repository is pinned and
// its policy was (none otherwise). They decide with the file: a script
// that empties or removes the policy of a repository it is not in, after
// its call landed, changes what the file says, not what was accepted.
func (g *Gate) pinnedPolicies(root string) ([]*policy.Policy, error) {
	sc := repoScope(root)
	m, err := g.cfg.pins.load(sc)
	if err != nil || m == nil {
		return nil, err
	}
	i := m.find(filepath.Join(sc.root, policy.FileName))
	if i < 0 {
		return nil, nil
	}
	if e := &m.Entries[i]; e.pendingPolicy() {
		return g.acceptedPolicies([]*manifest{{Entries: []pinEntry{*e}, pending: []int{0}}}) // pending.go
	}
	p, err := g.pinnedPolicy(root)
	if err != nil || p == nil {
		return nil, err
	}
	return []*policy.Policy{p}, nil
}

// pinnedPolicy is the pinned (accepted) copy of the policy of the
// repository at root, when the repository is pinned and its policy was
// (nil otherwise).
func (g *Gate) pinnedPolicy(root string) (*policy.Policy, error) {
	sc := repoScope(root)
	m, err := g.cfg.pins.load(sc)
	if err != nil || m == nil {
		return nil, err
	}
	path := filepath.Join(sc.root, policy.FileName)
	i := m.find(path)
	if i < 0 {
		return nil, nil
	}
	dig := m.Entries[i].Pinned
	if !strings.HasPrefix(dig, "sha256:") {
		dig = m.Entries[i].LastPolicy
	}
	if !strings.HasPrefix(dig, "sha256:") {
		return nil, nil
	}
	return g.cfg.pinnedCache.load(g.cfg.pins, path, dig, g.cfg.Policy)
}

// appendReaches appends the paths a reaches: those the policy's
// evaluation would judge, listed by the policy itself (policy.Reaches),
// for every kind of action — so that what a repository's policy decides
// and what reaches the repository are one list.
func appendReaches(rs []reach, p *policy.Policy, a *action.Action) []reach {
	for _, r := range p.Reaches(a) {
		static, cut := staticPrefix(r.Path)
		rs = append(rs, reach{path: static, below: cut || r.Below || r.Pattern, pattern: r.Pattern, full: r.Path})
	}
	return rs
}

// staticPrefix cuts p at its first element holding a glob or expansion
// character, and reports whether it did: what is left is a directory
// under which the path falls.
func staticPrefix(p string) (string, bool) {
	i := strings.IndexAny(p, "*?[{$`")
	if i < 0 {
		return p, false
	}
	d := filepath.Dir(p[:i+1])
	if !filepath.IsAbs(d) {
		return string(filepath.Separator), true
	}
	return d, true
}

// pathForms are p as given and with its symlinks resolved (as far as the
// path exists).
func pathForms(p string) []string {
	out := []string{p}
	d, rest := p, ""
	for i := 0; i < 64; i++ {
		if r, err := filepath.EvalSymlinks(d); err == nil {
			if r = filepath.Join(r, rest); r != p {
				out = append(out, r)
			}
			return out
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		rest = filepath.Join(filepath.Base(d), rest)
		d = parent
	}
	return out
}

// existingDir is p when it is a directory, else its parent: where the
// repository holding p is looked for.
func existingDir(p string) string {
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return p
	}
	return filepath.Dir(p)
}

// rootsName is the list of known repository roots in the pin store.
const rootsName = "roots"

// knownRoots lists the roots of the repositories pinned so far.
func (p *pinStore) knownRoots() ([]string, error) {
	b, err := readRegular(filepath.Join(p.pinsDir(), rootsName), maxRootsFile, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pins: the known repositories: %w", err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if filepath.IsAbs(l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// knownRootsCached is knownRoots, parsed again only when the file's
// identity changed (a resident engine's store; every landing reads it).
func (p *pinStore) knownRootsCached() ([]string, error) {
	if p.cache == nil {
		return p.knownRoots()
	}
	return p.roots.get(filepath.Join(p.pinsDir(), rootsName), "the known repositories", p.knownRoots)
}

// noteRoot adds root to the known repositories, bounded without
// forgetting what protects (scopebounds.go); the caller holds the pin
// store's lock.
func (p *pinStore) noteRoot(root string) error {
	if root == "" || strings.ContainsRune(root, '\n') {
		return nil
	}
	known, err := p.knownRoots()
	if err != nil {
		return err
	}
	for _, k := range known {
		if k == root {
			return nil
		}
	}
	known = append(known, root)
	x, err := p.migratedScopeIndex()
	if err != nil {
		return err
	}
	dir := func(r string) bool {
		i, ok := x.byRoot[r]
		return ok && !x.recs[i].repo // unknown: a repository (the unknown is dangerous)
	}
	if known, err = p.bound(known, dir, root, func(r string) int { return len(r) + 1 }, maxRootsFile); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(filepath.Join(p.pinsDir(), rootsName), []byte(strings.Join(known, "\n")+"\n"), 0o600); err != nil {
		return fmt.Errorf("pins: noting a repository: %w", err)
	}
	return nil
}
