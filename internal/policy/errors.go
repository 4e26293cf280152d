package policy

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is matched (errors.Is) by every error that reports a problem in
// the text of a policy file, as opposed to an I/O error reading it.
var ErrInvalid = errors.New("policy: invalid policy file")

// Error is one problem in a policy file, at a position.
type Error struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based; 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// ErrorList is every problem found in one policy file, in file order. Parse
// stops collecting after maxErrors.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (l ErrorList) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the individual errors.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// suggest returns the candidate closest to s when it is close enough to be a
// plausible typo, or "".
func suggest(s string, candidates []string) string {
	best, bestD := "", len(s)/2+2
	if bestD > 4 {
		bestD = 4
	}
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD || (d == bestD && best == "" && d <= 2) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance, bounded to short strings.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
