package redact

import "strings"

// Red-team round 28 (#204): an expansion that may print nothing, between
// two pieces of one word. ghp_ab$()cd, ghp_ab`:`cd, ghp_ab${_:0:0}cd,
// ghp_ab"$(true)"cd and ghp_ab$(</dev/null)cd are the word ghp_abcd to
// the program; the quote view joined "ab"'cd' but rendered these
// expansions as their text.
//
// Contract: in the shell view, a command substitution ($(…) or `…`) or a
// parameter expansion (${…}) whose value the lexer does not know
// (cmdsubst.go, shlex.go dollarTo) and which stands inside a word, with
// text of the word before and after it, is rendered as nothing: its value
// is unknown, and the empty value is the one that rebuilds a token. The
// join leaves a gap in the view, so the shell view looks at the word
// (shview.go tokenGap), and the mask covers both pieces and the
// expansion. Not skipped: arithmetic $((…)) and ${#…}, which always print
// a number.

// maxParamExp bounds the length of a ${…} skipped this way.
const maxParamExp = 256

// skipUnknown moves lx.pos past the expansion at lx.pos (ending before
// limit) when it stands inside the word being lexed; after is where the
// word goes on when the expansion ends at limit (after a closing quote).
func (lx *shlex) skipUnknown(limit, after int) bool {
	if lx.vars == nil || lx.cur == nil || len(lx.out.buf) <= lx.cur.t0 || lx.scan <= 0 {
		return false
	}
	src, p := lx.src, lx.pos
	limit = min(limit, len(src))
	end := -1
	switch {
	case strings.HasPrefix(src[p:limit], "$(("), strings.HasPrefix(src[p:limit], "${#"):
		return false
	case strings.HasPrefix(src[p:limit], "$("):
		e := min(limit, p+2+maxSubst)
		c := substClose(src, p+2, e)
		lx.scan -= scanned(p, c, e)
		if c >= 0 {
			end = c + 1
		}
	case strings.HasPrefix(src[p:limit], "${"):
		e := min(limit, p+maxParamExp)
		if c := strings.IndexAny(src[p+2:e], "}\n"); c >= 0 && src[p+2+c] == '}' {
			end = p + 2 + c + 1
		}
	case src[p] == '`':
		e := min(limit, p+1+maxSubst)
		for i := p + 1; i < e; i++ {
			if src[i] == '\\' {
				i++
				continue
			}
			if src[i] == '`' {
				end = i + 1
				break
			}
		}
		lx.scan -= scanned(p, end-1, e)
	}
	if end < 0 {
		return false
	}
	next := end
	if end == limit {
		next = after
	}
	if next >= len(src) || isShBlank(src[next]) || isShOp(src[next]) {
		return false
	}
	lx.pos = end
	return true
}
