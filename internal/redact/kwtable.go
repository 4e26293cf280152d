package redact

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// kwTable finds the keywords of a set of rules in one pass over a text.
type kwTable struct {
	keywords []keyword // distinct keywords, each with the rules it anchors
	// One-pass keyword scan: pairRow maps the first byte of a keyword to 1 +
	// an index into pairRows (0: no keyword of two or more bytes starts
	// so), whose row maps the second byte to 1 + an index into pairCands
	// (0: none starts with the two); kw1At holds the one-byte keywords.
	// (Two levels rather than one table of every byte pair: that one was
	// 128 KB, written at a few hundred places, that every hook process
	// paid for in page faults.)
	pairRow   [256]uint16
	pairRows  []*[256]uint16
	pairCands [][]int
	kw1At     [256][]int // one-byte keywords by their byte
	hasKW1    bool
	// pairPfx parallels pairCands: each candidate's first (up to) eight
	// bytes as a little-endian word and the mask of its length, so that
	// most candidates are refused with one compare of a word of the text.
	pairPfx [][]kwPrefix
}

// kwPrefix is a keyword's first bytes: (word & mask) == pfx where word is
// the next eight bytes of the text.
type kwPrefix struct{ pfx, mask uint64 }

func prefixOf(kw string) kwPrefix {
	var b [8]byte
	n := copy(b[:], kw)
	mask := ^uint64(0)
	if n < 8 {
		mask = 1<<(8*n) - 1
	}
	return kwPrefix{pfx: binary.LittleEndian.Uint64(b[:]), mask: mask}
}

// index builds the scan tables of t.keywords.
func (t *kwTable) index() {
	t.pairCands = make([][]int, 0, len(t.keywords))
	for ki, kw := range t.keywords {
		if len(kw.text) == 1 {
			t.kw1At[kw.text[0]] = append(t.kw1At[kw.text[0]], ki)
			t.hasKW1 = true
			continue
		}
		c0, c1 := kw.text[0], kw.text[1]
		if t.pairRow[c0] == 0 {
			t.pairRows = append(t.pairRows, new([256]uint16))
			t.pairRow[c0] = uint16(len(t.pairRows))
		}
		row := t.pairRows[t.pairRow[c0]-1]
		if row[c1] == 0 {
			t.pairCands = append(t.pairCands, nil)
			row[c1] = uint16(len(t.pairCands))
		}
		c := row[c1] - 1
		t.pairCands[c] = append(t.pairCands[c], ki)
	}
	t.pairPfx = make([][]kwPrefix, len(t.pairCands))
	for c, kis := range t.pairCands {
		for _, ki := range kis {
			t.pairPfx[c] = append(t.pairPfx[c], prefixOf(t.keywords[ki].text))
		}
	}
}

// keywordHits finds every keyword in s. Short strings (every key and most
// values of a record) are scanned in place, folding ASCII case byte by
// byte, so that a string without keywords allocates nothing; longer ones
// are lowered once and the copy is returned for the rules to use.
func (t *kwTable) keywordHits(s string) (found []kwHit, lower []byte) {
	if len(s) < inPlaceScan {
		if len(s) == 0 {
			return nil, nil
		}
		c1 := lowerASCII(s[0])
		for i := 0; i < len(s); i++ {
			c0 := c1
			if t.hasKW1 {
				for _, ki := range t.kw1At[c0] {
					found = t.addHits(found, ki, i)
				}
			}
			if i+1 == len(s) {
				break
			}
			c1 = lowerASCII(s[i+1])
			row := t.pairRow[c0]
			if row == 0 {
				continue
			}
			c := t.pairRows[row-1][c1]
			if c == 0 {
				continue
			}
			for _, ki := range t.pairCands[c-1] {
				if kw := t.keywords[ki].text; len(kw) <= len(s)-i && equalFoldLower(s[i:i+len(kw)], kw) {
					found = t.addHits(found, ki, i)
				}
			}
		}
		return found, nil
	}
	lower = asciiLower(s)
	if t.hasKW1 {
		for c, kws := range t.kw1At {
			for _, ki := range kws {
				for off := 0; ; {
					i := bytes.IndexByte(lower[off:], byte(c))
					if i < 0 {
						break
					}
					found = t.addHits(found, ki, off+i)
					off += i + 1
				}
			}
		}
	}
	for i := 0; i+1 < len(lower); i++ {
		row := t.pairRow[lower[i]]
		if row == 0 {
			continue
		}
		c := t.pairRows[row-1][lower[i+1]]
		if c == 0 {
			continue
		}
		if i+8 <= len(lower) {
			// The next eight bytes against each candidate's prefix; only
			// a keyword longer than eight bytes is compared further.
			w := binary.LittleEndian.Uint64(lower[i:])
			for k, p := range t.pairPfx[c-1] {
				if w&p.mask != p.pfx {
					continue
				}
				ki := t.pairCands[c-1][k]
				if kw := t.keywords[ki].text; len(kw) <= 8 || len(kw) <= len(lower)-i && string(lower[i+8:i+len(kw)]) == kw[8:] {
					found = t.addHits(found, ki, i)
				}
			}
			continue
		}
		for _, ki := range t.pairCands[c-1] {
			if kw := t.keywords[ki].text; len(kw) <= len(lower)-i && string(lower[i:i+len(kw)]) == kw {
				found = t.addHits(found, ki, i)
			}
		}
	}
	return found, lower
}

// inPlaceScan is the length below which keywordHits scans without a copy.
const inPlaceScan = 256

func (t *kwTable) addHits(found []kwHit, ki, pos int) []kwHit {
	for _, ri := range t.keywords[ki].rules {
		found = append(found, kwHit{ri, pos})
	}
	return found
}

// ruleHits are the offsets of the keyword hits of each rule, grouped by
// rule and sorted within: at[start[ri]:start[ri+1]] are rule ri's.
type ruleHits struct {
	at    []int
	start []int
}

// hitsByRule groups found by rule (a counting sort: there are a few dozen
// rules and up to hundreds of thousands of hits) and sorts each rule's
// offsets; the same offsets, repeats included, as sorting found by rule
// and offset.
func hitsByRule(found []kwHit, rules int) ruleHits {
	start := make([]int, rules+1)
	for _, h := range found {
		start[h.rule+1]++
	}
	for ri := 1; ri <= rules; ri++ {
		start[ri] += start[ri-1]
	}
	at := make([]int, len(found))
	next := make([]int, rules)
	copy(next, start)
	for _, h := range found {
		at[next[h.rule]] = h.pos
		next[h.rule]++
	}
	g := ruleHits{at: at, start: start}
	for ri := range rules {
		// The pair scan finds each rule's hits in order; a rule with one-
		// byte keywords too gets those first, out of order.
		if hs := g.of(ri); !slices.IsSorted(hs) {
			slices.Sort(hs)
		}
	}
	return g
}

// of is rule ri's offsets, capped so that appending to them cannot
// overwrite the next rule's.
func (g ruleHits) of(ri int) []int {
	return g.at[g.start[ri]:g.start[ri+1]:g.start[ri+1]]
}
