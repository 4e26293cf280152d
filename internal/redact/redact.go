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
	// one of them (matched ASCII-case-insensitively). At least one, each at
	// least 3 bytes; a keyword should be part of what the pattern matches.
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
	key      []byte
	rules    []*rule
	infos    []RuleInfo
	enabled  map[string]bool
	keywords []keyword // distinct keywords, each with the rules it anchors
	digits   []int     // indexes of rules fed by the digit-run scanner (PII numbers)
}

type keyword struct {
	text  []byte // lowercase ASCII
	rules []int
}

var ruleIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`)

// New compiles the rule set once.
func New(cfg Config) (*Redactor, error) {
	if len(cfg.Key) < MinKeyLen {
		return nil, fmt.Errorf("%w: key is %d bytes, need at least %d", ErrConfig, len(cfg.Key), MinKeyLen)
	}
	r := &Redactor{key: slices.Clone(cfg.Key), enabled: map[string]bool{}}
	all := builtinRules()
	known := map[string]bool{}
	for _, in := range builtinInfos() {
		known[in.ID] = true
	}
	for _, id := range cfg.Disable {
		if !known[id] {
			return nil, fmt.Errorf("%w: cannot disable unknown rule %q", ErrConfig, id)
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
	for _, in := range builtinInfos() {
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
	byKW := map[string]int{}
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
				r.keywords = append(r.keywords, keyword{text: []byte(kw)})
			}
			r.keywords[k].rules = append(r.keywords[k].rules, idx)
		}
	}
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
	if !ruleIDRe.MatchString(x.ID) {
		return nil, fmt.Errorf("%w: extra rule id %q must match %s", ErrConfig, x.ID, ruleIDRe)
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
	spans := r.detect(s)
	if len(spans) == 0 {
		return s, nil
	}
	spans = r.recur(s, spans, nil)
	out, ids := r.apply(s, spans)
	return out, ids
}

// span is a byte range of the input to mask, and the rule that found it.
type span struct {
	start, end int
	id         string
}

// marker renders the replacement for secret.
func (r *Redactor) marker(id, secret string) string {
	m := hmac.New(sha256.New, r.key)
	m.Write([]byte(secret))
	sum := m.Sum(nil)
	return "[REDACTED:" + id + ":" + hex.EncodeToString(sum[:6]) + "]"
}

// apply merges overlapping spans and renders the output. The merged span
// keeps the ID of its first (earliest, then longest) part; ids lists every
// rule that contributed.
func (r *Redactor) apply(s string, spans []span) (string, []string) {
	sortSpans(spans)
	var b strings.Builder
	b.Grow(len(s))
	idset := map[string]bool{}
	last := 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		idset[cur.id] = true
		j := i + 1
		for ; j < len(spans) && spans[j].start < cur.end; j++ {
			idset[spans[j].id] = true
			if spans[j].end > cur.end {
				cur.end = spans[j].end
			}
		}
		b.WriteString(s[last:cur.start])
		b.WriteString(r.marker(cur.id, s[cur.start:cur.end]))
		last = cur.end
		i = j
	}
	b.WriteString(s[last:])
	ids := make([]string, 0, len(idset))
	for id := range idset {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return b.String(), ids
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
		if ga, gb := genericRule[a.id], genericRule[b.id]; ga != gb {
			return gb // the specific rule names the merged span
		}
		return a.id < b.id
	})
}

// genericRule marks context rules that yield to a format-specific rule
// (github-token, jwt, ...) matching the same bytes.
var genericRule = map[string]bool{ruleAssignPassword: true, ruleAssignCred: true, ruleAssignEntropy: true,
	ruleAuthzHeader: true, "bearer-token": true, "url-credentials": true, ruleSensitiveKey: true,
	"basic-auth-flag": true, "cli-password-flag": true}

// minRecur is the shortest detected secret that is also masked wherever else
// it recurs in the same input (shorter ones would mask common words).
const minRecur = 6

// recur adds a span for every other occurrence in s of a secret already
// found (in s, or in known: secrets found elsewhere in the same Tree).
func (r *Redactor) recur(s string, spans []span, known map[string]string) []span {
	secrets := map[string]string{}
	for _, sp := range spans {
		if sp.end-sp.start >= minRecur {
			secrets[s[sp.start:sp.end]] = sp.id
		}
	}
	for v, id := range known {
		if _, ok := secrets[v]; !ok {
			secrets[v] = id
		}
	}
	if len(secrets) == 0 {
		return spans
	}
	var marks []span
	extra := spans[:len(spans):len(spans)]
	// Deterministic order: sort secret values.
	vals := make([]string, 0, len(secrets))
	for v := range secrets {
		vals = append(vals, v)
	}
	sort.Strings(vals)
	for _, v := range vals {
		for off := 0; ; {
			i := strings.Index(s[off:], v)
			if i < 0 {
				break
			}
			st := off + i
			if marks == nil {
				marks = findMarkers(s)
				if marks == nil {
					marks = []span{}
				}
			}
			for _, p := range subtract(span{st, st + len(v), secrets[v]}, marks, s) {
				extra = append(extra, p)
			}
			off = st + len(v)
		}
	}
	return extra
}
