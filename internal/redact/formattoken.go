package redact

import (
	"bytes"
	"strings"
)

// A vendor token assembled by a format call or a template from literals
// is never whole in the text: f"ghp_{'…'}…", "ghp_%s" % "…",
// fmt.Sprintf("ghp_%s", "…"), `ghp_${'…'}…`, "ghp_{}".format("…"). The
// concatenation view joins literals over operators, not through a
// format. formatTokenRule reads the class whatever the language: a token
// prefix (formatTokenPrefixes) followed, inside its string, by a
// placeholder or an interpolation ({…}, ${…}, %s, %v, %[1]s, {0}) is a
// token under construction; the literal pieces of its statement (the
// rest of the format string between placeholders, and the quoted
// literals after it on the line) that are of the token's alphabet are
// its body. When together they are as long as the token's body, each is
// masked. A format with references only (f"ghp_{token}") or prose
// (f"ghp_{x} is the prefix") has no such body and is kept. Round 23, #14.

// formatTokenPrefix is a vendor token's prefix and its body's shortest
// length (the token rule's).
type formatTokenPrefix struct {
	prefix  string
	minBody int
}

var formatTokenPrefixes = []formatTokenPrefix{
	{"ghp_", 36}, {"gho_", 36}, {"ghu_", 36}, {"ghs_", 36}, {"ghr_", 36}, {"github_pat_", 60},
	{"glpat-", 20}, {"gldt-", 20}, {"glrt-", 20}, {"glptt-", 20},
	{"xoxb-", 10}, {"xoxp-", 10}, {"xoxa-", 10}, {"xoxr-", 10}, {"xoxs-", 10}, {"xoxe-", 10}, {"xapp-", 10},
	{"sk_live_", 10}, {"rk_live_", 10}, {"sk-ant-", 40}, {"sk-proj-", 20}, {"npm_", 36},
	{"hf_", 30}, {"dop_v1_", 40}, {"pypi-", 50}, {"shpat_", 32},
}

// formatTokenReach bounds, in bytes, how far from the prefix the rule
// reads (its line back, the format string and the statement forward), so
// that a long line costs each hit no more: linear.
const formatTokenReach = 1024

// formatTokenLines is how many lines after the prefix's the statement's
// literals may be on (an argument list wrapped).
const formatTokenLines = 2

func formatTokenRule() *rule {
	kw := make([]string, len(formatTokenPrefixes))
	for i, p := range formatTokenPrefixes {
		kw[i] = p.prefix
	}
	return &rule{id: "formatted-token", desc: "a vendor token (ghp_, glpat-, xoxb-, …) assembled by a format call or template from literals: the literal pieces of its body",
		keywords: kw, match: matchFormatTokens}
}

func matchFormatTokens(_ *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	done := -1
	for _, h := range hits {
		if h < done {
			continue
		}
		var tp formatTokenPrefix
		for _, p := range formatTokenPrefixes {
			if bytes.HasPrefix(lower[h:], []byte(p.prefix)) {
				tp = p
				break
			}
		}
		if tp.prefix == "" {
			continue
		}
		// The string holding the prefix: its quote is the nearest one
		// before the prefix on the line.
		ls := max(0, h-formatTokenReach)
		ls += strings.LastIndexByte(s[ls:h], '\n') + 1
		qi := strings.LastIndexAny(s[ls:h], "\"'`")
		if qi < 0 {
			continue
		}
		quote := s[ls+qi]
		p := h + len(tp.prefix)
		var pieces []span
		body := 0
		// The format string: literal runs between placeholders, to its
		// closing quote.
		sawHole := false
		limit := min(len(s), h+formatTokenReach)
		for p < limit && s[p] != quote && s[p] != '\n' {
			if n := placeholderLen(s, p); n > 0 {
				sawHole = true
				// A literal interpolated ({'x'}, ${"x"}) is a piece.
				pieces, body = literalPieces(s, p, p+n, pieces, body)
				p += n
				continue
			}
			r := p
			for r < len(s) && isTokenByte(s[r]) {
				r++
			}
			if r == p {
				// Not the token's alphabet: prose, the token is not here.
				pieces = pieces[:0]
				body = -1 << 30
				p++
				continue
			}
			pieces = append(pieces, span{start: p, end: r})
			body += r - p
			p = r
		}
		if !sawHole || body < 0 {
			continue
		}
		// The statement's quoted literals after the format string.
		to := p
		stop := min(len(s), p+formatTokenReach)
		for n := 0; n <= formatTokenLines && to < stop; n++ {
			if i := strings.IndexByte(s[to:stop], '\n'); i >= 0 {
				to += i + 1
			} else {
				to = stop
			}
		}
		pieces, body = literalPieces(s, p+1, to, pieces, body)
		if body < tp.minBody {
			continue
		}
		for _, sp := range pieces {
			if sp.end > sp.start {
				emit(span{start: sp.start, end: sp.end, id: "formatted-token"})
			}
		}
		done = to
	}
}

// literalPieces appends the quoted literals of s[from:to] that are of a
// token's alphabet (4 bytes or more) to pieces, and their length to body.
func literalPieces(s string, from, to int, pieces []span, body int) ([]span, int) {
	for q := from; q < to; q++ {
		c := s[q]
		if c != '"' && c != '\'' && c != '`' {
			continue
		}
		e := strings.IndexByte(s[q+1:to], c)
		if e < 0 {
			break
		}
		if lit := s[q+1 : q+1+e]; len(lit) >= 4 && allTokenBytes(lit) {
			pieces = append(pieces, span{start: q + 1, end: q + 1 + e})
			body += e
		}
		q += e + 1
	}
	return pieces, body
}

// placeholderLen is the length of a format placeholder or interpolation
// at p: {…} and ${…} (with what they hold, a literal among it: {'x'}),
// %s, %v, %d, %q, %[N]s, %-5s; 0 if none.
func placeholderLen(s string, p int) int {
	switch {
	case s[p] == '{' || s[p] == '$' && p+1 < len(s) && s[p+1] == '{':
		depth := 0
		for i := p; i < len(s) && i-p < 512 && s[i] != '\n'; i++ {
			switch s[i] {
			case '{':
				depth++
			case '}':
				if depth--; depth == 0 {
					return i + 1 - p
				}
			}
		}
	case s[p] == '%':
		i := p + 1
		for i < len(s) && i-p < 12 && (isDigit(s[i]) || strings.IndexByte("-+ #.[]*", s[i]) >= 0) {
			i++
		}
		if i < len(s) && strings.IndexByte("svdqxXr", s[i]) >= 0 {
			return i + 1 - p
		}
	}
	return 0
}

func isTokenByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

func allTokenBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	return true
}
