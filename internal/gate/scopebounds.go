package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Bounding the lists of known scopes (pins/roots, pins/scopes) without
// forgetting what protects (red-team round 27, #2: both kept the newest
// 4,096 and dropped the oldest, so 4,097 sessions started in new empty
// directories by a process an allowed command left behind flushed a
// long-governed repository's record — its lineage, and its place in
// mandate policy accept's listing).
//
// When a list grows past its bound, the scopes forgotten are, in this
// order: start directories outside any repository ("dir" records) that
// hold nothing, oldest first; then repositories that hold nothing,
// newest first (a flood forgets itself, not what came before it). A scope
// holds something when its manifest has an accepted policy (not "no
// policy"), a pending policy change, or it has a tamper lock; such a
// scope is never forgotten to make room, nor is the scope being added:
// past the bound with nothing to forget, the new scope is refused (its
// session's calls are denied with the reason) — a denial, never a
// silent forgetting.

// maxScopes bounds the scopes pins/roots and pins/scopes list; a
// variable so tests can lower it.
var maxScopes = maxRootsFile / 256

// maxScopesFile bounds the scope index's size in bytes (pins/roots is
// bounded by maxRootsFile).
const maxScopesFile = 8 << 20

// errScopesFull is a new scope refused: every known one holds something.
var errScopesFull = errors.New("pins: too many known scopes, each holding an accepted policy, a pending change or a tamper lock; a new scope is refused rather than one of them forgotten (a person may remove the state of directories no longer used)")

// forgettable lists, in the order they may be forgotten, the roots (in
// the lists' order, oldest first) that hold nothing, except keep; dir
// reports whether a root is a start directory outside any repository.
func forgettable(roots []string, dir func(string) bool, keep string) []string {
	var dirs, repos []string
	for _, r := range roots {
		if r == keep {
			continue
		}
		if dir(r) {
			dirs = append(dirs, r)
		} else {
			repos = append(repos, r)
		}
	}
	for i, j := 0, len(repos)-1; i < j; i, j = i+1, j-1 {
		repos[i], repos[j] = repos[j], repos[i] // newest first
	}
	return append(dirs, repos...)
}

// bound drops from roots (oldest first) what must be forgotten for it to
// hold at most maxScopes roots of at most maxBytes in all (size is the
// bytes a root takes), as the order above says; errScopesFull when what
// may be forgotten does not suffice.
func (p *pinStore) bound(roots []string, dir func(string) bool, keep string, size func(string) int, maxBytes int) ([]string, error) {
	n, total := len(roots), 0
	for _, r := range roots {
		total += size(r)
	}
	if n <= maxScopes && total <= maxBytes {
		return roots, nil
	}
	// make some room at once: the next scopes do not scan again
	wantN, wantBytes := maxScopes-maxScopes/16, maxBytes-maxBytes/16
	drop := map[string]bool{}
	for _, r := range forgettable(roots, dir, keep) {
		if n <= wantN && total <= wantBytes {
			break
		}
		holds, err := p.holds(r)
		if err != nil {
			return nil, err
		}
		if holds {
			continue
		}
		drop[r] = true
		n--
		total -= size(r)
	}
	if n > maxScopes || total > maxBytes {
		return nil, errScopesFull
	}
	out := roots[:0:0]
	for _, r := range roots {
		if !drop[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// holds reports whether the scope at root holds something a person must
// not lose: an accepted policy, a pending policy change, a tamper lock.
func (p *pinStore) holds(root string) (bool, error) {
	sc := scope{root: root}
	if _, err := os.Lstat(lockPath(p.dir, sc)); err == nil {
		return true, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("pins: %w", err)
	}
	m, err := p.load(sc)
	if err != nil || m == nil {
		return false, err
	}
	i := m.find(filepath.Join(root, policy.FileName))
	if i < 0 {
		return false, nil
	}
	e := &m.Entries[i]
	return e.Pinned != digestAbsent || e.pendingPolicy(), nil
}
