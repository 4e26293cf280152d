package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/atomicfile"
)

// The scope index: every known scope's root (pins/roots lists them, by
// path) with what kind of directory it was when first pinned and the
// identities its root directory has had (rootIdentity: device, inode and,
// where the file system keeps it, birth time). It lets a call find the
// scope of a directory by what the directory is, not only by its path
// (lineage.go): a repository moved, renamed, reached through a symlink
// or a bind mount, or stripped of its .git, is still the scope Mandate
// governed.
//
// The file is pins/scopes, one scope a line:
//
//	<kind> TAB <identity>[,<identity>…] TAB <root>
//
// kind is "repo" (the root held a .git entry when first pinned) or "dir"
// (a session's start directory outside any repository); identity "-" is
// none known. It is written under the pin store's lock, like pins/roots,
// and bounded like it, forgetting nothing that protects (scopebounds.go). Migration: a state directory of an earlier version
// has pins/roots and no pins/scopes; the first call that finds it so
// builds the index from the roots as they are then (a root whose
// directory is gone then is indexed by its path only).

// scopesName is the scope index in the pin store.
const scopesName = "scopes"

// maxRootIDs bounds the identities kept per root (a root replaced in
// place has a new one each time; the first is kept, the oldest of the
// others dropped: mergeIDs).
const maxRootIDs = 4

// scopeRec is one indexed scope.
type scopeRec struct {
	root string
	repo bool
	ids  []string
}

// scopeIndex is the scope index as read.
type scopeIndex struct {
	recs   []scopeRec
	byRoot map[string]int
	byID   map[string][]int
	repos  int // how many records are repositories
}

func parseScopeIndex(b []byte) *scopeIndex {
	x := &scopeIndex{byRoot: map[string]int{}, byID: map[string][]int{}}
	for _, l := range strings.Split(string(b), "\n") {
		kind, rest, ok := strings.Cut(l, "\t")
		if !ok {
			continue
		}
		ids, root, ok := strings.Cut(rest, "\t")
		if !ok || !filepath.IsAbs(root) {
			continue
		}
		r := scopeRec{root: root, repo: kind != "dir"} // unknown kinds govern (the unknown is dangerous)
		if ids != "-" {
			r.ids = strings.Split(ids, ",")
		}
		x.add(r)
	}
	return x
}

// add indexes r (replacing a record of the same root).
func (x *scopeIndex) add(r scopeRec) {
	if i, ok := x.byRoot[r.root]; ok {
		x.recs[i] = r
		x.reindex()
		return
	}
	x.recs = append(x.recs, r)
	i := len(x.recs) - 1
	x.byRoot[r.root] = i
	for _, id := range r.ids {
		x.byID[id] = append(x.byID[id], i)
	}
	if r.repo {
		x.repos++
	}
}

func (x *scopeIndex) reindex() {
	recs := x.recs
	*x = scopeIndex{byRoot: map[string]int{}, byID: map[string][]int{}}
	for _, r := range recs {
		x.add(r)
	}
}

func (x *scopeIndex) encode() []byte {
	var b strings.Builder
	for _, r := range x.recs {
		kind, ids := "repo", "-"
		if !r.repo {
			kind = "dir"
		}
		if len(r.ids) > 0 {
			ids = strings.Join(r.ids, ",")
		}
		b.WriteString(kind + "\t" + ids + "\t" + r.root + "\n")
	}
	return []byte(b.String())
}

func (p *pinStore) scopesPath() string { return filepath.Join(p.pinsDir(), scopesName) }

// readScopeIndex reads the index; nil (no error) when there is none yet.
func (p *pinStore) readScopeIndex() (*scopeIndex, error) {
	b, err := readRegular(p.scopesPath(), maxScopesFile, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pins: the scope index: %w", err)
	}
	return parseScopeIndex(b), nil
}

// scopeIndexCached is readScopeIndex, parsed again only when the file's
// identity changed (a resident engine's store).
func (p *pinStore) scopeIndexCached() (*scopeIndex, error) {
	if p.cache == nil {
		return p.readScopeIndex()
	}
	return p.index.get(p.scopesPath(), "the scope index", p.readScopeIndex)
}

// scopeIndexNow is the index a call looks scopes up in: built from
// pins/roots first when there is none yet (migration; it takes the pin
// store's lock).
func (p *pinStore) scopeIndexNow() (*scopeIndex, error) {
	x, err := p.scopeIndexCached()
	if err != nil || x != nil {
		return x, err
	}
	if _, err := os.Lstat(filepath.Join(p.pinsDir(), rootsName)); errors.Is(err, fs.ErrNotExist) {
		return nil, nil // nothing pinned yet
	}
	unlock, err := p.lockPins()
	if err != nil {
		return nil, err
	}
	defer unlock()
	if x, err = p.migratedScopeIndex(); err != nil {
		return nil, err
	}
	return x, p.writeScopeIndex(x)
}

// migratedScopeIndex is the index as it is, or, when there is none, built
// from pins/roots as the directories are now; the caller holds the pin
// store's lock.
func (p *pinStore) migratedScopeIndex() (*scopeIndex, error) {
	x, err := p.readScopeIndex()
	if err != nil || x != nil {
		return x, err
	}
	roots, err := p.knownRoots()
	if err != nil {
		return nil, err
	}
	x = parseScopeIndex(nil)
	for _, r := range roots {
		x.add(scopeRecOf(r))
	}
	return x, nil
}

// scopeRecOf is the record of root as it is now.
func scopeRecOf(root string) scopeRec {
	r := scopeRec{root: root}
	if _, err := os.Lstat(filepath.Join(root, ".git")); err == nil {
		r.repo = true
	}
	if id := ownRootIdentity(root); id != "" {
		r.ids = []string{id}
	}
	return r
}

// boundScopeIndex bounds x (scopebounds.go), never forgetting keep, the
// scope being added.
func (p *pinStore) boundScopeIndex(x *scopeIndex, keep string) error {
	roots := make([]string, len(x.recs))
	size := map[string]int{}
	dir := map[string]bool{}
	for i, r := range x.recs {
		roots[i] = r.root
		size[r.root] = len(r.root) + 8
		for _, id := range r.ids {
			size[r.root] += len(id) + 1
		}
		dir[r.root] = !r.repo
	}
	kept, err := p.bound(roots, func(r string) bool { return dir[r] }, keep, func(r string) int { return size[r] }, maxScopesFile)
	if err != nil || len(kept) == len(roots) {
		return err
	}
	recs := x.recs[:0:0]
	for _, r := range kept {
		recs = append(recs, x.recs[x.byRoot[r]])
	}
	x.recs = recs
	x.reindex()
	return nil
}

func (p *pinStore) writeScopeIndex(x *scopeIndex) error {
	if err := atomicfile.WriteFile(p.scopesPath(), x.encode(), 0o600); err != nil {
		return fmt.Errorf("pins: the scope index: %w", err)
	}
	return nil
}

// noteScope indexes root (a scope pinned for the first time) as it is
// now; the caller holds the pin store's lock.
func (p *pinStore) noteScope(root string) error {
	if root == "" || strings.ContainsAny(root, "\n\t") {
		return nil
	}
	x, err := p.migratedScopeIndex()
	if err != nil {
		return err
	}
	r := scopeRecOf(root)
	if i, ok := x.byRoot[root]; ok {
		old := x.recs[i]
		r.repo = r.repo || old.repo
		r.ids = mergeIDs(old.ids, r.ids)
	}
	x.add(r)
	if err := p.boundScopeIndex(x, root); err != nil {
		return err
	}
	return p.writeScopeIndex(x)
}

// noteRootNow adds id (when not "") to the identities of root's record
// (a root replaced in place, a root the migration found without a
// directory) and, with repo, makes the record a repository's; it takes
// the pin store's lock.
func (p *pinStore) noteRootNow(root, id string, repo bool) error {
	unlock, err := p.lockPins()
	if err != nil {
		return err
	}
	defer unlock()
	x, err := p.migratedScopeIndex()
	if err != nil {
		return err
	}
	i, ok := x.byRoot[root]
	if !ok {
		return nil
	}
	r := x.recs[i]
	if (id == "" || slices.Contains(r.ids, id)) && (!repo || r.repo) {
		return nil
	}
	if id != "" {
		r.ids = mergeIDs(r.ids, []string{id})
	}
	r.repo = r.repo || repo
	x.add(r)
	return p.writeScopeIndex(x)
}

// mergeIDs is a followed by what of b it lacks, bounded to maxRootIDs:
// the first (the directory the root was when first indexed) is always
// kept, and the newest of the others (red-team round 27, #2: a root
// replaced in place by copies, one call after each, flushed the
// original's identity when the oldest was dropped). Only a person's
// acceptance drops the first (retirement).
func mergeIDs(a, b []string) []string {
	out := slices.Clone(a)
	for _, id := range b {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) > maxRootIDs {
		out = append(out[:1], out[len(out)-maxRootIDs+1:]...)
	}
	return out
}

// retirement drops, from the records of roots, every identity that
// another indexed scope's root holds now (the repository was moved there,
// or the inode was reused by another directory: either way that scope,
// which inherited the accepted texts when it was first pinned
// (lineage.go), governs it from now on). A person's acceptance does it
// (accept.go), which writes the index returned once the acceptance is
// recorded; the caller holds the pin store's lock. It returns the roots
// whose identities were dropped (none: a nil index).
//
// It also drops every identity a boundless directory (lineage.go: the
// root directory, an ancestor of home) holds now, which no scope may
// name: a person's way out of such a binding, however it was recorded.
func (p *pinStore) retirement(roots []string, home string) (*scopeIndex, []string, error) {
	x, err := p.migratedScopeIndex()
	if err != nil || x == nil {
		return nil, nil, err
	}
	now := map[string]string{} // root: its identity now
	idOf := func(root string) string {
		id, ok := now[root]
		if !ok {
			id = rootIdentity(root)
			now[root] = id
		}
		return id
	}
	wide := map[string]bool{}
	for d := filepath.Clean(home); ; d = filepath.Dir(d) {
		if boundless(d, home) {
			if id := rootIdentity(d); id != "" {
				wide[id] = true
			}
		}
		if d == "/" || !filepath.IsAbs(d) || d == filepath.Dir(d) {
			break
		}
	}
	if id := rootIdentity("/"); id != "" {
		wide[id] = true
	}
	var retired []string
	for _, root := range roots {
		i, ok := x.byRoot[root]
		if !ok {
			continue
		}
		r := x.recs[i]
		keep := r.ids[:0:0]
		for _, id := range r.ids {
			held := wide[id]
			if !held && idOf(root) != id {
				for _, j := range x.byID[id] {
					if o := x.recs[j].root; o != root && idOf(o) == id {
						held = true
						break
					}
				}
			}
			if !held {
				keep = append(keep, id)
			}
		}
		if len(keep) != len(r.ids) {
			r.ids = keep
			x.recs[i] = r
			retired = append(retired, root)
		}
	}
	if len(retired) == 0 {
		return nil, nil, nil
	}
	x.reindex()
	return x, retired, nil
}
