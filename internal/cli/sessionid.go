package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// minSessionPrefix is the shortest session id prefix the tables show.
const minSessionPrefix = 8

// maxCandidates bounds the sessions an ambiguous prefix error lists.
const maxCandidates = 8

// resolveSession returns the session named by id, a session id or a
// unique prefix of one, among the sessions of src. Every command that
// names a session accepts a prefix; "" stays "".
func resolveSession(ctx context.Context, src evidence.Source, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	ss, err := evidence.SessionsFrom(ctx, src, evidence.Filter{})
	if err != nil {
		return "", err
	}
	return matchSession(ss, id)
}

// matchSession finds the session id is, or is the unique prefix of,
// among ss. No match, or several, is an input error naming the
// candidates (with agent and last activity, to choose between them).
func matchSession(ss []evidence.SessionSummary, id string) (string, error) {
	var matches []evidence.SessionSummary
	for _, s := range ss {
		if s.ID == id {
			return id, nil
		}
		if strings.HasPrefix(s.ID, id) {
			matches = append(matches, s)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0].ID, nil
	case 0:
		return "", fmt.Errorf("no session %q in the evidence log (mandate sessions lists them)", id)
	}
	slices.SortFunc(matches, func(a, b evidence.SessionSummary) int { return b.Last.Compare(a.Last) })
	var c []string
	for i, s := range matches {
		if i == maxCandidates {
			c = append(c, fmt.Sprintf("and %d more", len(matches)-i))
			break
		}
		c = append(c, fmt.Sprintf("%s (%s, last %s)", cell(s.ID, 0), cell(s.Agent, 0), s.Last.UTC().Format("2006-01-02 15:04Z")))
	}
	return "", fmt.Errorf("session prefix %q is ambiguous: %d sessions match: %s; give more of the id", id, len(matches), strings.Join(c, ", "))
}

// shortIDs returns, for the distinct ids given, the shortest prefix
// length of at least minSessionPrefix that tells them all apart, as git
// abbreviates commits: a table shows ids cut to it, and every command
// accepts the cut id back.
func shortIDs(ids []string) int {
	uniq := slices.Clone(ids)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	n := minSessionPrefix
	for i := 1; i < len(uniq); i++ {
		// Sorted: the longest common prefix is with a neighbour.
		a, b := uniq[i-1], uniq[i]
		k := 0
		for k < len(a) && k < len(b) && a[k] == b[k] {
			k++
		}
		n = max(n, k+1)
	}
	return n
}

// shortID is id cut to n bytes (never inside a UTF-8 sequence), shown
// as a table cell (escaped: an agent chooses its session ids).
func shortID(id string, n int) string {
	if id == "" {
		return "-"
	}
	if len(id) <= n {
		return cell(id, 0)
	}
	for n > 0 && id[n]&0xC0 == 0x80 {
		n--
	}
	return cell(id[:n], 0)
}
