package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// MinKeyLen is the minimum length of Config.Key.
const MinKeyLen = 16

// ErrConfig is wrapped by every error New returns.
var ErrConfig = errors.New("redact: invalid config")

// Config configures a Redactor.
type Config struct {
	// Key is the HMAC-SHA256 key for the short hash in markers. Required,
	// at least MinKeyLen bytes. Keep it secret: with the key, a guessed
	// secret can be confirmed against a marker.
	Key []byte
	// PII enables the personal-data detectors (email, payment card numbers
	// with a Luhn check, US SSN, phone numbers). Off by default.
	PII bool
	// Disable lists built-in rule IDs to turn off. An unknown ID is an error,
	// so a typo cannot silently leave a rule on or off.
	Disable []string
	// Extra are additional (policy-supplied) rules, matched like built-ins.
	Extra []Rule
}

// Rule is a policy-supplied detector.
type Rule struct {
	// ID names the rule in markers and findings: lowercase letters, digits
	// and '-', 2 to 64 bytes, not the ID of a built-in rule.
	ID          string
	Description string
	// Keywords anchor the rule: the pattern only runs near an occurrence of
	// one of them (matched ASCII-case-insensitively). At least one, each
	// ASCII and at least 3 bytes; a keyword should be part of what the
	// pattern matches (the pattern runs from 256 bytes before a keyword to
	// MaxLen bytes after it).
	Keywords []string
	// Pattern is an RE2 regexp. If it has a capture group named "secret",
	// only that group is redacted; otherwise the whole match is.
	Pattern string
	// MinEntropy, if > 0, is the minimum Shannon entropy (bits per byte) of
	// the secret for a match to count.
	MinEntropy float64
	// MaxLen bounds how far after a keyword a match may extend (default 1024,
	// at most 65536).
	MaxLen int
}

// RuleInfo describes a rule for documentation and `mandate` output.
type RuleInfo struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	PII         bool   `json:"pii,omitempty"`
}

// Finding says where Tree redacted something and which rule fired. It never
// holds the value.
type Finding struct {
	Path string `json:"path"`
	Rule string `json:"rule"`
}

// Redactor detects and masks secrets. It is immutable after New and safe for
// concurrent use.
type Redactor struct {
	key     []byte
	rules   []*rule
	infos   []RuleInfo
	enabled map[string]bool
	kwTable       // every rule's keywords (kwtable.go)
	digits  []int // indexes of rules fed by the digit-run scanner (PII numbers)

	sinkOnce sync.Once
	sinkKW   *kwTable // the keywords of the rules that can emit a sink (probe.go)

	keyMu   sync.Mutex
	keyMemo map[string]keyInfo // see keyInfoOf

	cleanMu   sync.Mutex
	cleanMemo map[string]struct{} // see detect
}

type keyword struct {
	text  string // lowercase ASCII
	rules []int
}

// validRuleID reports whether id is 2 to 64 bytes of [a-z0-9-] starting
// with a letter or digit. (A regexp with {1,63} would cost every process
// ~0.4 ms to compile at start-up.)
func validRuleID(id string) bool {
	if len(id) < 2 || len(id) > 64 || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// New compiles the rule set once.
func New(cfg Config) (*Redactor, error) {
	if len(cfg.Key) < MinKeyLen {
		return nil, fmt.Errorf("%w: key is %d bytes, need at least %d", ErrConfig, len(cfg.Key), MinKeyLen)
	}
	r := &Redactor{key: slices.Clone(cfg.Key), enabled: map[string]bool{}}
	all := builtinRules()
	infos := builtinInfos(all)
	known := map[string]bool{}
	for _, in := range infos {
		known[in.ID] = true
	}
	for _, id := range cfg.Disable {
		if !known[id] {
			return nil, fmt.Errorf("%w: cannot disable unknown rule %q", ErrConfig, id)
		}
		if id == ruleUnsupported {
			return nil, fmt.Errorf("%w: rule %q fails closed and cannot be disabled", ErrConfig, id)
		}
	}
	for _, x := range cfg.Extra {
		ru, err := compileExtra(x, known)
		if err != nil {
			return nil, err
		}
		known[x.ID] = true
		all = append(all, ru)
	}
	for _, in := range infos {
		if in.PII && !cfg.PII {
			continue
		}
		if slices.Contains(cfg.Disable, in.ID) {
			continue
		}
		r.enabled[in.ID] = true
		r.infos = append(r.infos, in)
	}
	for _, x := range cfg.Extra {
		r.enabled[x.ID] = true
		r.infos = append(r.infos, RuleInfo{ID: x.ID, Description: x.Description})
	}
	nkw := 0
	for _, ru := range all {
		nkw += len(ru.keywords)
	}
	byKW := make(map[string]int, nkw)
	r.keywords = make([]keyword, 0, nkw)
	for _, ru := range all {
		if !r.ruleOn(ru) {
			continue
		}
		idx := len(r.rules)
		r.rules = append(r.rules, ru)
		if ru.digits {
			r.digits = append(r.digits, idx)
		}
		for _, kw := range ru.keywords {
			kw = strings.ToLower(kw)
			k, ok := byKW[kw]
			if !ok {
				k = len(r.keywords)
				byKW[kw] = k
				r.keywords = append(r.keywords, keyword{text: kw})
			}
			r.keywords[k].rules = append(r.keywords[k].rules, idx)
		}
	}
	r.kwTable.index()
	return r, nil
}

// ruleOn reports whether any ID the rule can emit is enabled.
func (r *Redactor) ruleOn(ru *rule) bool {
	for _, id := range ru.ids() {
		if r.enabled[id] {
			return true
		}
	}
	return false
}

func compileExtra(x Rule, known map[string]bool) (*rule, error) {
	if !validRuleID(x.ID) {
		return nil, fmt.Errorf("%w: extra rule id %q must be 2 to 64 of a-z, 0-9 and -, not starting with -", ErrConfig, x.ID)
	}
	if known[x.ID] {
		return nil, fmt.Errorf("%w: extra rule id %q is already defined", ErrConfig, x.ID)
	}
	if len(x.Keywords) == 0 {
		return nil, fmt.Errorf("%w: extra rule %q has no keywords", ErrConfig, x.ID)
	}
	for _, k := range x.Keywords {
		if len(k) < 3 {
			return nil, fmt.Errorf("%w: extra rule %q: keyword %q is shorter than 3 bytes", ErrConfig, x.ID, k)
		}
		for i := 0; i < len(k); i++ {
			if k[i] >= 0x80 {
				return nil, fmt.Errorf("%w: extra rule %q: keyword %q is not ASCII", ErrConfig, x.ID, k)
			}
		}
	}
	re, err := regexp.Compile(x.Pattern)
	if err != nil {
		return nil, fmt.Errorf("%w: extra rule %q: %w", ErrConfig, x.ID, err)
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("%w: extra rule %q: pattern matches the empty string", ErrConfig, x.ID)
	}
	maxLen := x.MaxLen
	if maxLen == 0 {
		maxLen = 1024
	}
	if maxLen < 0 || maxLen > 65536 {
		return nil, fmt.Errorf("%w: extra rule %q: MaxLen %d out of range", ErrConfig, x.ID, x.MaxLen)
	}
	ru := &rule{id: x.ID, keywords: x.Keywords, re: re, before: 256, after: maxLen, minEntropy: x.MinEntropy}
	if g := re.SubexpIndex("secret"); g > 0 {
		ru.groups = []int{g}
	}
	return ru, nil
}

// Rules lists the enabled rules.
func (r *Redactor) Rules() []RuleInfo { return slices.Clone(r.infos) }

// Text returns s with every detected secret replaced by a marker, and the
// sorted, deduplicated IDs of the rules that fired. It never returns values.
func (r *Redactor) Text(s string) (string, []string) {
	return r.text(s, nil)
}

// maxPasses bounds the fixpoint loop in text.
const maxPasses = 4

// maxRequote bounds the text a later pass re-scans to the end after a
// mask changed the quoting (cutsQuote): past it, as for any text, only
// the lines around the markers, so a long text stays linear.
const maxRequote = 8192

// text redacts s, also masking recurrences of known secrets. Masking can
// change what a neighbour looks like ("...0(200)" becomes "...](200)"), so
// it repeats until nothing more is found: that makes the output a fixpoint
// (redacting it again changes nothing) and masks strictly more.
func (r *Redactor) text(s string, known map[string]string) (string, []string) {
	return r.textExtra(s, known, nil)
}

// textExtra is text with extra spans to mask, found in a view of s the
// detectors cannot build from s alone (an argument vector's other
// elements, a tree's structure).
func (r *Redactor) textExtra(s string, known map[string]string, extra []span) (string, []string) {
	spans := r.detect(s)
	if len(extra) > 0 {
		marks := findMarkers(s)
		for _, sp := range extra {
			spans = append(spans, subtract(sp, marks, s)...)
		}
	}
	spans = r.recur(s, spans, known)
	if len(spans) == 0 {
		return s, nil
	}
	cut := cutsQuote(s, spans)
	out, all, marks := r.apply(s, spans)
	// Later passes only re-scan the lines around the new markers: nothing
	// else changed, unless a masked span held an unpaired quote or ended
	// in a backslash: then the quoting of every later line may read
	// differently, and the pass re-scans from the first marker's line to
	// the end (up to maxRequote bytes).
	for pass := 1; pass < maxPasses; pass++ {
		var more []span
		var existing []span
		regs := regionsAround(out, marks)
		if cut && len(regs) > 0 && len(out)-regs[0].start <= maxRequote {
			regs = []span{{start: regs[0].start, end: len(out)}}
		}
		for _, reg := range regs {
			for _, sp := range r.detect(out[reg.start:reg.end]) {
				if existing == nil {
					existing = findMarkers(out)
				}
				sp.start += reg.start
				sp.end += reg.start
				more = append(more, subtract(sp, existing, out)...)
			}
		}
		if len(more) == 0 {
			break
		}
		var ids []string
		more = r.recur(out, more, nil)
		cut = cutsQuote(out, more)
		out, ids, marks = r.apply(out, more)
		all = append(all, ids...)
	}
	sort.Strings(all)
	return out, slices.Compact(all)
}

// regionContext is how far around a new marker a later pass re-scans (the
// region is widened to whole lines within that bound).
const regionContext = 1024

// regionsAround returns merged regions of s around the marks, on line or
// word boundaries.
// cutsQuote reports whether a span of s holds an odd number of one kind
// of quote, or ends in a backslash: masking it changes how the rest of s
// is quoted. (A span with its quotes in pairs leaves the rest as it was.)
func cutsQuote(s string, spans []span) bool {
	for _, sp := range spans {
		t := s[sp.start:sp.end]
		if strings.Count(t, `"`)%2 == 1 || strings.Count(t, "'")%2 == 1 || strings.Count(t, "`")%2 == 1 || strings.HasSuffix(t, `\`) {
			return true
		}
	}
	return false
}

func regionsAround(s string, marks []span) []span {
	var out []span
	for _, m := range marks {
		a := m.start - regionContext
		if nl := strings.LastIndexByte(s[max(0, a):m.start], '\n'); nl >= 0 {
			a = max(0, a) + nl + 1
		} else {
			a = snapBack(s, a)
		}
		b := min(len(s), m.end+regionContext)
		if nl := strings.IndexByte(s[m.end:b], '\n'); nl >= 0 {
			b = m.end + nl
		} else {
			b = snapFwd(s, b)
		}
		if n := len(out); n > 0 && a <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, b)
			continue
		}
		out = append(out, span{start: a, end: b})
	}
	return out
}

// span is a byte range of the input to mask, and the rule that found it.
type span struct {
	start, end int
	id         string
	// secret, when set, is what the marker's hash is of: the secret as a
	// program sees it (quotes removed, pieces joined, encoding decoded),
	// so that every piece of a split secret, and the secret in clear
	// elsewhere, carry the same marker.
	secret string
	// local: masked where it stands only, not searched for elsewhere
	// (recur): a word masked because it was not read, not because it
	// is known to be a secret (the rest of a command past the window).
	local bool
}

// marker renders the replacement for secret.
func (r *Redactor) marker(id, secret string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(secret))
	sum := m.Sum(nil)
	return "[REDACTED:" + id + ":" + hex.EncodeToString(sum[:6]) + "]"
}

// apply merges overlapping spans and renders the output. The merged span
// keeps the ID of its first (earliest, then longest, then most specific)
// part; ids lists every rule that contributed; marks are the markers'
// positions in the output.
func (r *Redactor) apply(s string, spans []span) (string, []string, []span) {
	sortSpans(spans)
	var b strings.Builder
	b.Grow(len(s))
	var ids []string
	var marks []span
	cache := map[string]string{}
	last := 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		ids = append(ids, cur.id)
		j := i + 1
		for ; j < len(spans) && spans[j].start < cur.end; j++ {
			ids = append(ids, spans[j].id)
			if spans[j].end > cur.end {
				cur.end = spans[j].end
			}
		}
		b.WriteString(s[last:cur.start])
		secret := s[cur.start:cur.end]
		if spans[i].secret != "" && spans[i].end == cur.end {
			secret = spans[i].secret
		}
		key := cur.id + "\x00" + secret
		m, ok := cache[key]
		if !ok {
			m = r.marker(cur.id, secret)
			cache[key] = m
		}
		marks = append(marks, span{start: b.Len(), end: b.Len() + len(m), id: cur.id})
		b.WriteString(m)
		last = cur.end
		i = j
	}
	b.WriteString(s[last:])
	sort.Strings(ids)
	return b.String(), slices.Compact(ids), marks
}

func sortSpans(spans []span) {
	sort.Slice(spans, func(i, j int) bool {
		a, b := spans[i], spans[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end > b.end
		}
		if ra, rb := spanRank(a.id), spanRank(b.id); ra != rb {
			return ra < rb // the specific rule names the merged span
		}
		return a.id < b.id
	})
}

// spanRank orders the rules that found the same bytes: a format-specific
// rule names the marker, then a context rule, then the fail-closed passes
// (the credential window, red-team round 23: it now reads command lines
// too, where the context rules name most of what it finds).
func spanRank(id string) int {
	switch {
	case id == ruleUnresolved:
		return 2
	case genericRule.Get()[id]:
		return 1
	}
	return 0
}

// genericRule marks context rules that yield to a format-specific rule
// (github-token, jwt, ...) matching the same bytes.
var genericRule = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{ruleAssignPassword: true, ruleAssignCred: true, ruleAssignEntropy: true,
		ruleAuthzHeader: true, "bearer-token": true, "url-credentials": true, ruleSensitiveKey: true,
		"basic-auth-flag": true, ruleCLIFlag: true, ruleCLIStdin: true, ruleCapabilityURL: true, ruleOracleLogon: true}
}}

// minRecur is the shortest detected secret that is also masked wherever else
// it recurs in the same input (shorter ones would mask common words).
const minRecur = 6

// Recurrence bounds: values longer than maxRecurLen are not searched for
// elsewhere, and at most maxRecurLens distinct lengths are searched per
// 6-byte head, so adversarial input cannot make the search quadratic.
const (
	maxRecurLen  = 4096
	maxRecurLens = 16
)

// recur adds a span for every other occurrence in s of a secret already
// found (in s, or in known: secrets found elsewhere in the same Tree).
func (r *Redactor) recur(s string, spans []span, known map[string]string) []span {
	if len(spans) == 0 && len(known) == 0 {
		return spans // nothing found to look for again
	}
	secrets := map[string]string{}
	for _, sp := range spans {
		if n := sp.end - sp.start; n >= minRecur && n <= maxRecurLen && !sp.local {
			if _, ok := secrets[s[sp.start:sp.end]]; !ok {
				secrets[s[sp.start:sp.end]] = sp.id
			}
		}
	}
	for v, id := range known {
		if _, ok := secrets[v]; !ok && len(v) <= maxRecurLen {
			secrets[v] = id
		}
	}
	if len(secrets) == 0 {
		return spans
	}
	covered := mergedCover(spans)
	var marks []span
	out := spans[:len(spans):len(spans)]
	for _, occ := range findAll(s, secrets, covered) {
		if marks == nil {
			marks = findMarkers(s)
			if marks == nil {
				marks = []span{}
			}
		}
		out = append(out, subtract(occ, marks, s)...)
	}
	return out
}

// mergedCover returns the union of spans as sorted disjoint intervals.
func mergedCover(spans []span) []span {
	c := slices.Clone(spans)
	sort.Slice(c, func(i, j int) bool { return c[i].start < c[j].start })
	var out []span
	for _, sp := range c {
		if n := len(out); n > 0 && sp.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, sp.end)
			continue
		}
		out = append(out, span{start: sp.start, end: sp.end})
	}
	return out
}

type lenGroup struct {
	n    int
	vals map[string]string
}

// findAll finds occurrences in s of the keys of vals (each at least minRecur
// bytes) that start outside the covered intervals, in one pass: a rolling
// window of the last minRecur bytes is checked against a bitset, then a map
// of heads, then a map per candidate length.
func findAll(s string, vals map[string]string, covered []span) []span {
	const mask = 1<<(8*minRecur) - 1
	hash := func(x uint64) uint64 { return (x * 0x9E3779B97F4A7C15) >> 48 }
	var bits [1 << 10]uint64
	heads := map[uint64][]lenGroup{}
	for v, id := range vals {
		var x uint64
		for i := 0; i < minRecur; i++ {
			x = x<<8 | uint64(v[i])
		}
		h := hash(x)
		bits[h>>6] |= 1 << (h & 63)
		gs := heads[x]
		k := slices.IndexFunc(gs, func(g lenGroup) bool { return g.n == len(v) })
		if k < 0 {
			gs = append(gs, lenGroup{n: len(v), vals: map[string]string{}})
			k = len(gs) - 1
		}
		gs[k].vals[v] = id
		heads[x] = gs
	}
	for x, gs := range heads {
		// Longest first; keep the longest maxRecurLens lengths.
		sort.Slice(gs, func(i, j int) bool { return gs[i].n > gs[j].n })
		if len(gs) > maxRecurLens {
			gs = gs[:maxRecurLens]
		}
		heads[x] = gs
	}
	var out []span
	var x uint64
	ci := 0
	for i := 0; i < len(s); i++ {
		x = (x<<8 | uint64(s[i])) & mask
		if i < minRecur-1 {
			continue
		}
		h := hash(x)
		if bits[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		st := i - (minRecur - 1)
		for ci < len(covered) && covered[ci].end <= st {
			ci++
		}
		if ci < len(covered) && covered[ci].start <= st {
			continue // already masked
		}
		for _, g := range heads[x] {
			if st+g.n > len(s) {
				continue
			}
			if id, ok := g.vals[s[st:st+g.n]]; ok {
				out = append(out, span{start: st, end: st + g.n, id: id})
				break // shorter ones at st are inside this one
			}
		}
	}
	return out
}
