package gate

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// PinLimits lists, for mandate doctor, the pinned entries of the state
// directory's manifests that are not pinned file by file (red-team round
// 16, #63/#64): a directory pinned by its listing (too many names), a tree
// pinned by a digest of everything under it (past the tree's bound),
// truncated past maxDigestEntries, a file too large to hash, pinned by its
// identity. Each is still compared on every call; they are said loudly
// because they cost a call more, and a truncated one covers less.
func PinLimits(stateDir string) []string {
	p := &pinStore{dir: stateDir}
	names, err := filepath.Glob(filepath.Join(p.pinsDir(), "*.pins"))
	if err != nil {
		return nil
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		if fi, err := os.Lstat(n); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		m, err := readManifest(n)
		if err != nil || m == nil {
			continue
		}
		for _, e := range m.Entries {
			switch {
			case strings.HasSuffix(e.Seen, ":truncated"):
				out = append(out, fmt.Sprintf("%s: a tree too large to pin (more than %d entries); what lies past them is not compared", e.Path, maxDigestEntries))
			case strings.HasPrefix(e.Seen, digestListing+"tree:"):
				out = append(out, fmt.Sprintf("%s: past the tree's bound (%d entries), pinned by a digest of everything under it, compared on every call", e.Path, maxTreeEntries))
			case strings.HasPrefix(e.Seen, digestListing):
				out = append(out, fmt.Sprintf("%s: more than %d names, pinned by a digest of its listing, compared on every call", e.Path, maxListed))
			case strings.HasPrefix(e.Seen, digestUnhashable):
				out = append(out, fmt.Sprintf("%s: too large to hash (over %d bytes), pinned by its identity (size, times, inode) only", e.Path, maxBinarySize))
			}
		}
	}
	return out
}
