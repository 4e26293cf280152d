package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// recordChecks is the part of verification that reads what the records
// say, one verifier for the local log (Verify) and for bundles
// (VerifyBundle):
//
//   - checkpoint, prune and erasure records are well-formed and whole;
//   - every erased payload is covered by a later prune record (index at
//     most its through_index, timestamp before its cut-off) or named by a
//     later erasure record;
//   - every pseudonymized identity is named, with that pseudonym, by a
//     later erasure record;
//   - every policy digest a v2 envelope names has its text in a
//     policy.load record (a v1 record's missing text is a warning: v1
//     writers did not guarantee it).
//
// The caller feeds records in index order (add), then calls finish.
type recordChecks struct {
	bundle bool // a bundle: also collect v1 payloads' policy digests

	pruned   []int64 // indexes of erased payloads
	prunedTS []string
	pseud    []pseudRec
	prunes   []pruneRec
	erasures []erasureRec
	cpRecs   []cpRec

	texts    map[string]bool  // digests whose text is present
	wanted   map[string]int64 // digest → first v2 record naming it
	wantedV1 map[string]int64 // digest → first v1 record naming it
	warnings []string

	problem  string
	firstBad int64
}

type pruneRec struct {
	index, through int64
	before         string // timeFormat
}

type erasureRec struct {
	index, through      int64
	pseudonym           string
	identities, payload []indexRange
}

type pseudRec struct {
	index     int64
	pseudonym string
}

type cpRec struct {
	index, seq, size int64
	digest           string
}

// indexRange is an inclusive range of record indexes.
type indexRange [2]int64

func newRecordChecks(bundle bool) *recordChecks {
	return &recordChecks{bundle: bundle, texts: map[string]bool{}, wanted: map[string]int64{}, wantedV1: map[string]int64{}, firstBad: -1}
}

func (c *recordChecks) fail(index int64, format string, args ...any) {
	if c.problem == "" {
		c.firstBad = index
		c.problem = fmt.Sprintf(format, args...)
	}
}

// add checks one parsed record; false means verification failed (see
// problem).
func (c *recordChecks) add(l *line) bool {
	i := l.env.Index
	typ := l.env.Type
	if l.pseudonym != "" {
		c.pseud = append(c.pseud, pseudRec{index: i, pseudonym: l.pseudonym})
	}
	c.want(l.env.PolicyDigest, i, c.wanted)
	c.want(l.env.PinnedPolicyDigest, i, c.wanted)
	if l.payload == nil {
		if writtenByLog.Get()[typ] {
			c.fail(i, "the payload of a %s record was erased", typ)
			return false
		}
		c.pruned = append(c.pruned, i)
		c.prunedTS = append(c.prunedTS, l.env.Timestamp)
		return true
	}
	v1Digest := c.bundle && l.env.V == RecordFormatV1 && containsDigestMember(l.payload)
	if !writtenByLog.Get()[typ] && typ != TypePolicyLoad && typ != TypeGovernanceChange && !v1Digest {
		return true
	}
	e, err := l.entry()
	if err != nil {
		c.fail(i, "%v", err)
		return false
	}
	r := &e.Record
	if l.env.V == RecordFormatV1 {
		c.want(r.PolicyDigest, i, c.wantedV1)
		c.want(r.PinnedPolicyDigest, i, c.wantedV1)
	}
	switch typ {
	case TypePolicyLoad, TypeGovernanceChange: // a governance change of a policy carries its new text
		if r.PolicyText != "" && r.PolicyDigest != "" {
			c.texts[r.PolicyDigest] = true
			if sum := sha256.Sum256([]byte(r.PolicyText)); "sha256:"+hex.EncodeToString(sum[:]) != r.PolicyDigest {
				c.warnings = append(c.warnings, fmt.Sprintf("record %d: the stored text of policy %s does not hash to its digest (a secret in it was masked before storage)", i, r.PolicyDigest))
			}
		}
	case TypePrune:
		through, ok := r.extraInt("through_index")
		before := r.extraString("before")
		if _, err := time.Parse(timeFormat, before); !ok || err != nil || through >= i || through < 0 {
			c.fail(i, "malformed prune record")
			return false
		}
		c.prunes = append(c.prunes, pruneRec{index: i, through: through, before: before})
	case TypeErasure:
		er, ok := parseErasure(i, r)
		if !ok {
			c.fail(i, "malformed erasure record")
			return false
		}
		c.erasures = append(c.erasures, er)
	case TypeCheckpoint:
		seq, ok1 := r.extraInt("seq")
		size, ok2 := r.extraInt("tree_size")
		if !ok1 || !ok2 || size != i {
			c.fail(i, "malformed checkpoint record")
			return false
		}
		c.cpRecs = append(c.cpRecs, cpRec{index: i, seq: seq, size: size, digest: r.extraString("note_digest")})
	}
	return true
}

func (c *recordChecks) want(d string, i int64, m map[string]int64) {
	if d == "" {
		return
	}
	if _, ok := m[d]; !ok {
		m[d] = i
	}
}

// containsDigestMember reports whether a v1 payload may name a policy
// digest (a cheap test before decoding it).
func containsDigestMember(p []byte) bool {
	const k = `policy_digest"`
	for i := 0; i+len(k) <= len(p); i++ {
		if p[i] == 'p' && string(p[i:i+len(k)]) == k {
			return true
		}
	}
	return false
}

// parseErasure reads an erasure record's extra members.
func parseErasure(i int64, r *Record) (erasureRec, bool) {
	er := erasureRec{index: i, pseudonym: r.extraString("pseudonym")}
	through, ok := r.extraInt("through_index")
	if !ok || through < 0 || through >= i || !validPseudonym(er.pseudonym) {
		return er, false
	}
	er.through = through
	for _, k := range []string{"identities", "payloads"} {
		rs, ok := parseRanges(r.Extra[k], through)
		if !ok {
			return er, false
		}
		if k == "identities" {
			er.identities = rs
		} else {
			er.payload = rs
		}
	}
	return er, true
}

// parseRanges reads [[a,b],...]: sorted, disjoint, inclusive, within
// [0, through].
func parseRanges(v any, through int64) ([]indexRange, bool) {
	list, ok := v.([]any)
	if !ok && v != nil {
		return nil, false
	}
	out := make([]indexRange, 0, len(list))
	prev := int64(-1)
	for _, e := range list {
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			return nil, false
		}
		var r indexRange
		for j, x := range pair {
			n, ok := x.(json.Number)
			if !ok {
				return nil, false
			}
			v, err := n.Int64()
			if err != nil {
				return nil, false
			}
			r[j] = v
		}
		if r[0] <= prev || r[1] < r[0] || r[1] > through {
			return nil, false
		}
		prev = r[1]
		out = append(out, r)
	}
	return out, true
}

// inRanges reports whether i is in one of the sorted ranges rs.
func inRanges(rs []indexRange, i int64) bool {
	k := sort.Search(len(rs), func(k int) bool { return rs[k][1] >= i })
	return k < len(rs) && rs[k][0] <= i
}

// finish runs the cross-checks that need every record.
func (c *recordChecks) finish() {
	if c.problem != "" {
		return
	}
	for k, i := range c.pruned {
		if !c.payloadCovered(i, c.prunedTS[k]) {
			c.fail(i, "payload erased but no prune or erasure record covers it")
			return
		}
	}
	for _, p := range c.pseud {
		ok := false
		for _, er := range c.erasures {
			if er.index > p.index && er.pseudonym == p.pseudonym && inRanges(er.identities, p.index) {
				ok = true
				break
			}
		}
		if !ok {
			c.fail(p.index, "identity replaced by a pseudonym but no erasure record names it")
			return
		}
	}
	var missing []string
	for d := range c.wanted {
		if !c.texts[d] {
			missing = append(missing, d)
		}
	}
	if len(missing) > 0 {
		sort.Slice(missing, func(a, b int) bool { return c.wanted[missing[a]] < c.wanted[missing[b]] })
		d := missing[0]
		c.fail(c.wanted[d], "names policy %s, but no policy.load record holds its text (%d policy texts missing)", d, len(missing))
		return
	}
	var v1 []string
	for d := range c.wantedV1 {
		if !c.texts[d] {
			v1 = append(v1, d)
		}
	}
	sort.Strings(v1)
	for _, d := range v1 {
		c.warnings = append(c.warnings, fmt.Sprintf("policy text for %s is not in the evidence (first named by v1 record %d, written before policy texts were guaranteed)", d, c.wantedV1[d]))
	}
}

func (c *recordChecks) payloadCovered(i int64, ts string) bool {
	for _, pr := range c.prunes {
		if pr.index > i && pr.through >= i && ts < pr.before {
			return true
		}
	}
	for _, er := range c.erasures {
		if er.index > i && inRanges(er.payload, i) {
			return true
		}
	}
	return false
}

// chainNext checks that cp may follow prev (nil for the first) as
// checkpoint number k of a log: seq k, more records, not dated earlier.
func chainNext(prev *Checkpoint, cp *Checkpoint, k int64) error {
	if cp.Seq != k {
		return fmt.Errorf("checkpoint %d has seq %d (checkpoints deleted, duplicated or reordered)", k, cp.Seq)
	}
	if prev == nil {
		return nil
	}
	if cp.Tree.N <= prev.Tree.N {
		return fmt.Errorf("checkpoint %d signs %d records, not more than checkpoint %d's %d", k, cp.Tree.N, k-1, prev.Tree.N)
	}
	if cp.Time.Before(prev.Time) {
		return fmt.Errorf("checkpoint %d is dated before checkpoint %d", k, k-1)
	}
	return nil
}

// checkpointRecords ties checkpoint records to the checkpoints: each
// names one that exists, with its tree size and note digest; with all
// (the whole log, nr records), every checkpoint signing fewer than nr
// records also has its record, at index = tree size.
func (c *recordChecks) checkpointRecords(cps []Checkpoint, nr int64, all bool) {
	if c.problem != "" {
		return
	}
	bySeq := make(map[int64]*Checkpoint, len(cps))
	for k := range cps {
		bySeq[cps[k].Seq] = &cps[k]
	}
	for _, r := range c.cpRecs {
		cp := bySeq[r.seq]
		if cp == nil {
			c.fail(r.index, "records checkpoint %d, which is missing from the checkpoints (checkpoints deleted)", r.seq)
			return
		}
		if cp.Tree.N != r.size || payloadDigest(cp.Note) != r.digest {
			c.fail(r.index, "records checkpoint %d, but the checkpoints hold a different one (checkpoints altered or replaced)", r.seq)
			return
		}
	}
	if !all {
		return
	}
	for k, cp := range cps {
		if cp.Tree.N >= nr {
			continue // its record was not written yet (a crash right after signing)
		}
		if k >= len(c.cpRecs) || c.cpRecs[k].seq != int64(k) || c.cpRecs[k].index != cp.Tree.N {
			c.fail(cp.Tree.N, "should record checkpoint %d but does not", k)
			return
		}
	}
}
