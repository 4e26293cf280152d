package redact

import (
	"sort"
	"strings"
)

// Red-team round 23 (b) #12: the credential window padded past its
// lines.
//
// The window reads the name's line and credWindowLines more; blank and
// comment lines between the name and its value (a tuple, a joined list,
// a call's argument with "# pad" lines between) must not push the value
// out of it, as the nextline view (nextline.go) already skips them to
// find a value. So the window counts code lines only: a line that is
// blank or starts (after blanks) with a comment of any common language
// (commentLead) does not count, nor does a line inside a block comment
// opened by a line that starts one (/* … */, <!-- … -->, --[[ … ]]).
// The file's language is not known here: a shape that is a comment in
// one language and code in another ("--flag", "* item", "; x") is read
// as a comment, which only widens the window (its lines are read
// anyway, only not counted): the unknown keeps the window open.
//
// There is no bound on the padding (a bound would be the next
// padding's length): a window stays open to the next code line,
// however far. It stays linear: the runs of skipped lines are
// remembered (skipRuns), so a window that meets one again (a later
// name on the same line, or a name inside the comment block) jumps
// over it; every skipped line is classified once per text. The bytes
// of code lines stay bounded by credWindowMax.

// skipRuns are the runs of blank and comment lines the windows of one
// text met, as [start, end) byte ranges sorted by start and disjoint.
type skipRuns struct{ r [][2]int }

// at returns the end of the known run holding the line start p, or p.
func (k *skipRuns) at(p int) int {
	if k == nil || len(k.r) == 0 {
		return p
	}
	i := sort.Search(len(k.r), func(i int) bool { return k.r[i][1] > p })
	if i < len(k.r) && k.r[i][0] <= p {
		return k.r[i][1]
	}
	return p
}

// add remembers the run [a, b), merged with a known run it touches.
func (k *skipRuns) add(a, b int) {
	if k == nil || b <= a {
		return
	}
	i := sort.Search(len(k.r), func(i int) bool { return k.r[i][1] >= a })
	j := i
	for j < len(k.r) && k.r[j][0] <= b {
		a, b = min(a, k.r[j][0]), max(b, k.r[j][1])
		j++
	}
	if j == i {
		k.r = append(k.r, [2]int{})
		copy(k.r[i+1:], k.r[i:])
		k.r[i] = [2]int{a, b}
		return
	}
	k.r[i] = [2]int{a, b}
	k.r = append(k.r[:i+1], k.r[j:]...)
}

// skipLines returns where the run of blank and comment lines starting
// at the line start p ends (p when the line at p is code), jumping over
// the runs known to k and remembering the one it reads.
func skipLines(s string, p int, k *skipRuns) int {
	a := p
	block := "" // the close of an open block comment
	for p < len(s) {
		if q := k.at(p); q > p && block == "" {
			p = q
			continue
		}
		q := p
		for q < len(s) && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r' || s[q] == '\f' || s[q] == '\v') {
			q++
		}
		le := lineEndAt(s, q)
		switch {
		case block != "":
			if indexIn(s, q, le, block) >= 0 {
				block = ""
			}
		case q == le:
			// a blank line
		default:
			open, closing := commentLead(s[q:le])
			if open == 0 {
				k.add(a, p)
				return p
			}
			if closing != "" && indexIn(s, q+open, le, closing) < 0 {
				block = closing
			}
		}
		p = le + 1
	}
	p = min(p, len(s))
	k.add(a, p)
	return p
}

// commentLead returns the length of the comment opener a line (from
// its first non-blank byte) starts with, 0 for none, and the close of
// the block comment it opens ("" for a line comment): a table of the
// common languages' openers, longest first.
func commentLead(line string) (int, string) {
	for _, c := range commentOpeners {
		if strings.HasPrefix(line, c.open) {
			return len(c.open), c.close
		}
	}
	return 0, ""
}

// commentOpeners are the comment openers of common languages (C-like,
// shell, Python, Ruby, YAML, TOML, SQL, Lua, Haskell, INI, Lisp,
// assembly, TeX, Erlang, MATLAB, batch, HTML and XML) and a block
// comment's continuation line ("* ...").
var commentOpeners = []struct{ open, close string }{
	{"<!--", "-->"}, {"--[[", "]]"}, {"--[=[", "]=]"}, {"/*", "*/"}, {"{-", "-}"},
	{"//", ""}, {"--", ""}, {"#", ""}, {";", ""}, {"%", ""}, {"*", ""},
	{"REM ", ""}, {"rem ", ""}, {"::", ""},
}

// indexIn returns the first index of sub in s[a:e] (as an index of s),
// or -1.
func indexIn(s string, a, e int, sub string) int {
	if a > e {
		return -1
	}
	if i := strings.Index(s[a:e], sub); i >= 0 {
		return a + i
	}
	return -1
}
