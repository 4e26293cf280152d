package redact

import (
	"encoding/binary"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// rule is a compiled detector. A regexp rule runs its pattern over windows
// around keyword hits; a custom rule (match != nil) gets the hits directly.
type rule struct {
	id, desc  string
	pii       bool
	keywords  []string // lowercase ASCII anchors
	digits    bool     // anchored by the digit-run scanner instead of keywords
	minDigits int      // digit rules: skip runs with fewer digits

	// pattern is compiled on first use (compileOnce), so that building a
	// Redactor costs nothing for rules whose keywords never occur: the hook
	// process builds one per tool call.
	pattern     string
	compileOnce sync.Once
	re          *regexp.Regexp
	// groups are candidate secret groups, the first non-empty wins; none
	// means the whole match is the secret.
	groups        []int
	starts        *litStarts // the literals every match starts with, if known (litstart.go)
	before, after int        // window around a hit, in bytes
	minEntropy    float64
	valid         func(s string, start, end int) bool // extra check on the secret at s[start:end]
	// notGlued: the secret must not follow an ASCII letter or digit. It
	// stands for a leading \b that would also refuse '_', so that a token
	// glued after an identifier ("MY_TOKEN_ghp_…") is still found.
	notGlued bool

	// match replaces the regexp path: it gets s, the lowercased s and the
	// sorted hit offsets, and emits spans.
	match func(r *Redactor, s string, lower []byte, hits []int, emit func(span))
	// window runs after match with the same hits, on the top-level text
	// only: not on its views, which hold the same bytes again
	// (credwindow.go).
	window func(s string, hits []int, emit func(span))
	emits  []string // IDs a custom matcher may emit (default: id)
}

// regexp returns the rule's compiled pattern. Built-in patterns are
// constants checked by TestRulesCompile; Extra rules are compiled eagerly by
// compileExtra, which reports their errors.
func (ru *rule) regexp() *regexp.Regexp {
	ru.compileOnce.Do(func() {
		if ru.re != nil {
			return
		}
		ru.re = regexp.MustCompile(ru.pattern)
		ru.groups = secretGroups(ru.re)
		if prefix, _ := ru.re.LiteralPrefix(); prefix == "" {
			// No literal for the regexp package to look for: runWindows
			// looks for the literals the matches start with (litstart.go).
			ru.starts = analyzeStarts(ru.pattern)
		}
	})
	return ru.re
}

// secretGroups lists the capture groups named s… (candidate secrets).
func secretGroups(re *regexp.Regexp) []int {
	var out []int
	for i, name := range re.SubexpNames() {
		if strings.HasPrefix(name, "s") && name != "" {
			out = append(out, i)
		}
	}
	return out
}

func (ru *rule) ids() []string {
	if len(ru.emits) > 0 {
		return ru.emits
	}
	return []string{ru.id}
}

// maxSnap bounds how far a window edge moves to reach a word boundary.
const maxSnap = 256

// detect finds the spans to mask in s (before recurrence expansion).
func (r *Redactor) detect(s string) []span {
	if len(s) == 0 {
		return nil
	}
	if len(s) > maxCleanMemo {
		return r.detectScan(s)
	}
	r.cleanMu.Lock()
	_, clean := r.cleanMemo[s]
	r.cleanMu.Unlock()
	if clean {
		return nil
	}
	spans := r.detectScan(s)
	if len(spans) == 0 {
		r.cleanMu.Lock()
		if r.cleanMemo == nil || len(r.cleanMemo) >= maxCleanMemoEntries {
			r.cleanMemo = make(map[string]struct{})
		}
		r.cleanMemo[strings.Clone(s)] = struct{}{}
		r.cleanMu.Unlock()
	}
	return spans
}

// The clean-string memo: detect remembers short strings in which it found
// nothing, since a record's keys, policy names, reasons, users, hosts and
// tools recur on every call. Only strings without a finding are kept, so
// the memo holds no secret; a hit answers exactly what a scan would, since
// detection depends on the string and the Redactor's fixed rules alone.
const (
	maxCleanMemo        = 1024
	maxCleanMemoEntries = 4096
)

// detectScan is detect without the memo.
func (r *Redactor) detectScan(s string) []span { return r.detectDepth(s, 0, true) }

// detectDepth finds the spans of s, in s itself and in its views (see
// viewSpans), depth views deep.
func (r *Redactor) detectDepth(s string, depth int, shell bool) []span {
	spans, any := r.ruleSpans(&r.kwTable, s, true, depth == 0)
	var oc shOutcome
	spans = append(spans, r.viewSpans(s, depth, shell, &oc)...)
	if shell && depth == 0 && (any || oc.gaveUp) {
		// Red-team round 16: fail closed (failclosed.go). A sink needs
		// a keyword of its rule in the input (a program, a header, a
		// scheme): none, no probe.
		spans = append(spans, r.failClosedSpans(s, spans, &oc)...)
	}
	if depth == 0 && r.enabled[ruleUnresolved] {
		// Red-team round 23 (b) #3, #7: a patch's lone values and
		// secret files; a command line that writes a secret file, where
		// no rule found its value (secretfiles.go, patchtext.go).
		patchSpans(s, func(sp span) { spans = append(spans, sp) })
		// A file the line also hands to a credential-file option is one
		// even when a rule masked that option's path (round 28 #208).
		if shell && (strings.IndexByte(s, '>') >= 0 || strings.Contains(s, "tee")) &&
			(len(spans) == 0 && writesSecretFile(s) || writesConsumedCredFile(s)) {
			spans = append(spans, literalWords(s, false, false)...)
		}
	}
	return subtractMarkers(s, spans)
}

// ruleSpans runs the rules of t's keywords found in s (and, with digits,
// the digit-run rules) over s; any: a keyword was found. top: s is the
// top-level text, not a view (the rules' window passes run).
func (r *Redactor) ruleSpans(t *kwTable, s string, digits, top bool) (spans []span, any bool) {
	found, lower := t.keywordHits(s)
	any = len(found) > 0
	emit := func(sp span) {
		if sp.end > sp.start && r.enabled[sp.id] {
			if sp.secret == "" {
				// $'s3cr\x33t': the marker of the secret in clear.
				sp.secret, _ = dollarQuotedSecret(s, sp)
			}
			spans = append(spans, sp)
		}
	}
	if digits && len(r.digits) > 0 {
		// PII number rules run over each whole run of digits and separators.
		if runs := digitRuns(s); len(runs) > 0 {
			for _, ri := range r.digits {
				ru := r.rules[ri]
				var wins [][2]int
				for _, run := range runs {
					if run.digits >= ru.minDigits {
						wins = append(wins, [2]int{run.start, run.end})
					}
				}
				if len(wins) > 0 {
					r.runWindows(ru, s, wins, emit)
				}
			}
		}
	}
	if any {
		if lower == nil {
			lower = asciiLower(s)
		}
		// Rules run in index order, each over its hits in position order.
		// A window's spans are kept apart until every rule has run: one
		// that another rule's finding covers says nothing more.
		var win []span
		winEmit := func(sp span) {
			if sp.end > sp.start && r.enabled[sp.id] {
				win = append(win, sp)
			}
		}
		defer func() {
			if len(win) > 0 {
				spans = append(spans, uncovered(win, spans)...)
			}
		}()
		run := func(ri int, hs []int) {
			ru := r.rules[ri]
			if ru.match != nil {
				ru.match(r, s, lower, hs, emitChecked(ru, emit))
				if top && ru.window != nil {
					ru.window(s, hs, emitChecked(ru, winEmit))
				}
				return
			}
			r.runRegexp(ru, s, hs, emit)
		}
		if len(found) >= manyHits {
			byRule := hitsByRule(found, len(r.rules))
			for ri := range r.rules {
				if hs := byRule.of(ri); len(hs) > 0 {
					run(ri, hs)
				}
			}
			return spans, any
		}
		slices.SortFunc(found, func(a, b kwHit) int {
			if a.rule != b.rule {
				return a.rule - b.rule
			}
			return a.pos - b.pos
		})
		for len(found) > 0 {
			ri, n := found[0].rule, 1
			for n < len(found) && found[n].rule == ri {
				n++
			}
			hs := make([]int, n)
			for j := range hs {
				hs[j] = found[j].pos
			}
			found = found[n:]
			run(ri, hs)
		}
	}
	return spans, any
}

// uncovered returns the spans of win (sorted by start, as a window emits
// them) that no span of found covers whole.
func uncovered(win, found []span) []span {
	if len(found) == 0 {
		return win
	}
	c := mergedCover(found)
	out := win[:0]
	k := 0
	for _, w := range win {
		for k < len(c) && c[k].end <= w.start {
			k++
		}
		if k < len(c) && c[k].start <= w.start && c[k].end >= w.end {
			continue
		}
		out = append(out, w)
	}
	return out
}

// manyHits is the number of keyword hits from which ruleSpans groups them
// by rule with a counting sort (hitsByRule) rather than a comparison sort.
const manyHits = 256

// subtractMarkers drops from spans the markers of s: existing markers are
// never re-redacted (idempotence); a span that covers a marker and more
// keeps the rest.
func subtractMarkers(s string, spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	marks := findMarkers(s)
	if len(marks) == 0 {
		return spans
	}
	var out []span
	for _, sp := range spans {
		out = append(out, subtract(sp, marks, s)...)
	}
	return out
}

// runRegexp runs ru's pattern over merged windows around hits.
func (r *Redactor) runRegexp(ru *rule, s string, hits []int, emit func(span)) {
	wins := make([][2]int, 0, len(hits))
	for _, h := range hits {
		wins = append(wins, [2]int{h, h})
	}
	r.runWindows(ru, s, wins, emit)
}

// runWindows runs ru's pattern over the ranges [a-before, b+after] of wins
// (sorted by a), snapped to word boundaries and merged where they overlap.
func (r *Redactor) runWindows(ru *rule, s string, wins [][2]int, emit func(span)) {
	ws, we := -1, -1
	flush := func() {
		if ws < 0 {
			return
		}
		win := s[ws:we]
		var ms [][]int
		if re := ru.regexp(); ru.starts != nil {
			ms = ru.starts.findAll(win)
		} else {
			ms = re.FindAllStringSubmatchIndex(win, -1)
		}
		for _, m := range ms {
			st, en := m[0], m[1]
			for _, g := range ru.groups {
				if m[2*g] >= 0 && m[2*g+1] > m[2*g] {
					st, en = m[2*g], m[2*g+1]
					break
				}
			}
			if en <= st {
				continue
			}
			st += ws
			en += ws
			if ru.notGlued && st > 0 && isAlnum(s[st-1]) {
				continue
			}
			if ru.minEntropy > 0 && entropy(s[st:en]) < ru.minEntropy {
				continue
			}
			if ru.valid != nil && !ru.valid(s, st, en) {
				continue
			}
			emit(span{start: st, end: en, id: ru.id})
		}
	}
	for _, w := range wins {
		a := snapBack(s, w[0]-ru.before)
		b := snapFwd(s, w[1]+ru.after)
		if ws >= 0 && a <= we {
			if b > we {
				we = b
			}
			continue
		}
		flush()
		ws, we = a, b
	}
	flush()
}

// snapBack moves i back to a position preceded by a non-word byte (or 0),
// so \b and \B at the window start mean what they mean in the full text.
func snapBack(s string, i int) int {
	if i <= 0 {
		return 0
	}
	for n := 0; i > 0 && n < maxSnap && isWordByte(s[i-1]); n++ {
		i--
	}
	return i
}

// snapFwd moves i forward to a position followed by a non-word byte (or len).
func snapFwd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	for n := 0; i < len(s) && n < maxSnap && isWordByte(s[i]); n++ {
		i++
	}
	return i
}

// kwHit is a keyword of rule found at pos.
type kwHit struct{ rule, pos int }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFoldLower reports whether s equals the lowercase kw with ASCII case
// folded.
func equalFoldLower(s, kw string) bool {
	for i := range kw {
		if lowerASCII(s[i]) != kw[i] {
			return false
		}
	}
	return true
}

// asciiLower lowercases ASCII letters; other bytes (UTF-8 included) are
// kept, so offsets in the result are offsets in s.
func asciiLower(s string) []byte {
	b := make([]byte, len(s))
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// Eight bytes at a time: 0x20 added to each byte in A-Z.
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		binary.LittleEndian.PutUint64(b[i:], w|upperMask(w)>>2)
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}

// upperMask has the high bit of each byte of w that is an ASCII upper
// case letter set, every other bit clear.
func upperMask(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	low := w &^ highs              // each byte's low seven bits
	geA := low + ones*(0x80-'A')   // high bit: low >= 'A'
	gtZ := low + ones*(0x80-'Z'-1) // high bit: low > 'Z'
	return geA &^ gtZ &^ w & highs // and the byte itself below 0x80
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if len(s) == 0 {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

const markerPrefix = "[REDACTED:"

// findMarkers returns the byte ranges of well-formed markers in s.
func findMarkers(s string) []span {
	var out []span
	for off := 0; ; {
		i := strings.Index(s[off:], markerPrefix)
		if i < 0 {
			return out
		}
		st := off + i
		if n := markerLen(s[st:]); n > 0 {
			out = append(out, span{start: st, end: st + n, id: ""})
			off = st + n
		} else {
			off = st + 1
		}
	}
}

// markerLen returns the length of the marker at the start of s, or 0:
// "[REDACTED:" id ":" 12 lowercase hex "]", id = [a-z0-9-]{2,64}.
func markerLen(s string) int {
	if !strings.HasPrefix(s, markerPrefix) {
		return 0
	}
	i := len(markerPrefix)
	j := i
	for j < len(s) && j-i <= 64 && (isLower(s[j]) || isDigit(s[j]) || s[j] == '-') {
		j++
	}
	if j-i < 2 || j-i > 64 || j >= len(s) || s[j] != ':' {
		return 0
	}
	j++
	if len(s) < j+13 {
		return 0
	}
	for k := j; k < j+12; k++ {
		if !isDigit(s[k]) && !(s[k] >= 'a' && s[k] <= 'f') {
			return 0
		}
	}
	if s[j+12] != ']' {
		return 0
	}
	return j + 13
}

// subtract removes marker ranges from sp and returns the remaining pieces,
// trimmed of surrounding whitespace.
// marks must be sorted and non-overlapping (as findMarkers returns them).
func subtract(sp span, marks []span, s string) []span {
	pieces := []span{sp}
	cut := false
	first := sort.Search(len(marks), func(i int) bool { return marks[i].end > sp.start })
	// The marks are sorted and disjoint: the pieces are the gaps between
	// them, in one pass (a span as long as the input, cut by every
	// marker of it, stays linear).
	cur := sp.start
	for _, m := range marks[first:] {
		if m.start >= sp.end {
			break
		}
		if !cut {
			cut, pieces = true, pieces[:0]
		}
		if m.start > cur {
			pieces = append(pieces, span{start: cur, end: m.start, id: sp.id, local: sp.local})
		}
		cur = max(cur, m.end)
	}
	if cut && cur < sp.end {
		pieces = append(pieces, span{start: cur, end: sp.end, id: sp.id, local: sp.local})
	}
	out := pieces[:0]
	for _, p := range pieces {
		for p.start < p.end && isSpace(s[p.start]) {
			p.start++
		}
		for p.end > p.start && isSpace(s[p.end-1]) {
			p.end--
		}
		if p.end > p.start && !(cut && onlyQuotes(s[p.start:p.end])) {
			out = append(out, p)
		}
	}
	return out
}

// onlyQuotes reports text of quote characters only: beside a marker, the
// quoting of the secret it replaced ("[REDACTED:…]'), not a secret.
func onlyQuotes(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] != '\'' && t[i] != '"' && t[i] != '`' {
			return false
		}
	}
	return true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
