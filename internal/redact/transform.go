package redact

import (
	"bytes"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// The transform view (red-team round 2, finding 33): text that the shell
// or a filter in the same command line rebuilds from pieces that hide a
// secret, undone statically so the secret is found and masked in the
// input:
//
//   - brace expansion: ghp_{ABC…,}abc… expands to ghp_ABC…abc…;
//   - rev: echo …_phg | rev, rev <<< …;
//   - tr: echo … | tr a-zA-Z n-za-mN-ZA-M (any translation tr's sets
//     describe: ROT13, swapped cases, digits), tr -d 'X' (deleted padding);
//   - sed (round 3): s/LITERAL/REP/[g] (a removed separator) and y/…/…/.
//
// rev and tr are applied, in the order the line names them, to every word
// of a line on which they run as commands (a word's quotes dropped); the
// whole word is masked when the result holds a secret. Cost: one scan for
// the trigger bytes, then each line and word at most once.

// Bounds on the transform view.
const (
	maxTransformLine = 1 << 16 // longest line transformed
	maxBraceWord     = 4096    // longest word brace-expanded
	maxBraceProduct  = 16      // most words one brace word expands to
	maxFilters       = 8       // most filters applied to one line
)

func transformView(s string) *view {
	var v *view
	get := func() *view {
		if v == nil {
			v = &view{}
		}
		return v
	}
	filterLines(s, get)
	braceWords(s, get)
	return v
}

// A filter is rev, a tr translation (or sed y), or a sed substitution of
// a literal pattern.
type filter struct {
	rev  bool
	tmap *[256]int16 // tr: byte -> byte, -1 deletes it
	// sed s/PAT/REP/[g] with PAT literal
	pat, rep []byte
	all      bool
}

// filterLines transforms the lines on which rev or tr run.
func filterLines(s string, get func() *view) {
	done := 0
	ff := newFilterFinder(s)
	for i := 0; i < len(s); {
		j, n := ff.next(i)
		if j < 0 {
			return
		}
		i = j + n
		if j < done {
			continue
		}
		// The line, or on a long line the text around the filter.
		ls, le := lineBounds(s, j)
		if j-ls > maxTransformLine {
			ls = j - maxTransformLine
			for ls < j && !isSpace(s[ls]) {
				ls++
			}
		}
		if le-j > maxTransformLine {
			le = j + maxTransformLine
			for le > j && !isSpace(s[le-1]) {
				le--
			}
		}
		done = le
		fs := lineFilters(s, ls, le)
		if len(fs) == 0 {
			continue
		}
		v := get()
		applyFilters(s, ls, le, fs, v)
		v.synthetic('\n')
	}
}

// filterFinder finds the next rev or tr that filters text the line
// gives it: a command after a pipe (… | rev), or one given a here-string
// or here-document (rev <<< …). It scans s forward once for '|' and '<'.
type filterFinder struct {
	s       string
	bar, lt int // next occurrence of each at or after the last search; -1: none left
	from    int // the search goes on after the operator last used
}

func newFilterFinder(s string) *filterFinder { return &filterFinder{s: s, bar: -2, lt: -2} }

// next returns the offset of the filter's program word and the length of
// its name, or -1.
func (f *filterFinder) next(i int) (int, int) {
	s := f.s
	i = max(i, f.from)
	for i < len(s) {
		f.from = i
		if f.bar != -1 && f.bar < i {
			f.bar = indexByteFrom(s, i, '|')
		}
		if f.lt != -1 && f.lt < i {
			f.lt = indexByteFrom(s, i, '<')
		}
		at := f.bar
		if at < 0 || (f.lt >= 0 && f.lt < at) {
			at = f.lt
		}
		if at < 0 {
			return -1, 0
		}
		i = at + 1
		f.from = i
		if s[at] == '|' {
			if at+1 < len(s) && s[at+1] == '|' || at > 0 && s[at-1] == '|' {
				continue // ||
			}
			q := at + 1
			if q < len(s) && s[q] == '&' {
				q++
			}
			for q < len(s) && (s[q] == ' ' || s[q] == '\t') {
				q++
			}
			if w, n := filterWord(s, q); n > 0 {
				return w, n
			}
			continue
		}
		if at+1 >= len(s) || s[at+1] != '<' || at > 0 && s[at-1] == '<' {
			continue
		}
		// The command the here-string is given to starts the segment.
		q := at
		for q > 0 && at-q < 256 && strings.IndexByte("|;&(`\n", s[q-1]) < 0 {
			q--
		}
		for q < at && (s[q] == ' ' || s[q] == '\t') {
			q++
		}
		if w, n := filterWord(s, q); n > 0 {
			return w, n
		}
	}
	return -1, 0
}

// filterWord reports rev or tr (possibly by path) as the word at q: the
// offset of its base name and the name's length.
func filterWord(s string, q int) (int, int) {
	e := q
	for e < len(s) && e-q < 64 && !isSpace(s[e]) && strings.IndexByte("|;&)<`", s[e]) < 0 {
		e++
	}
	b := q
	if i := strings.LastIndexByte(s[q:e], '/'); i >= 0 {
		b = q + i + 1
	}
	switch s[b:e] {
	case "rev":
		return b, 3
	case "tr":
		return b, 2
	case "sed":
		return b, 3
	}
	return -1, 0
}

func indexByteFrom(s string, i int, c byte) int {
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return -1
}

func lineBounds(s string, i int) (int, int) {
	ls := strings.LastIndexByte(s[:i], '\n') + 1
	le := strings.IndexByte(s[i:], '\n')
	if le < 0 {
		return ls, len(s)
	}
	return ls, i + le
}

// lineFilters parses the rev and tr commands of the line s[ls:le] in
// order (the first maxFilters).
func lineFilters(s string, ls, le int) []filter {
	var fs []filter
	ff := newFilterFinder(s[:le])
	for i := ls; i < le; {
		j, n := ff.next(i)
		if j < 0 || j >= le || len(fs) == maxFilters {
			break
		}
		i = j + n
		if s[j:j+n] == "sed" {
			fs = append(fs, parseSed(lineWords(s, j+3, le))...)
			if len(fs) > maxFilters {
				fs = fs[:maxFilters]
			}
			continue
		}
		if n == 3 {
			fs = append(fs, filter{rev: true})
			continue
		}
		if m := parseTr(lineWords(s, j+2, le)); m != nil {
			fs = append(fs, filter{tmap: m})
		}
	}
	return fs
}

// lineWords returns the words of s[p:end] up to the end of the command
// (a pipe or separator), their quotes removed.
func lineWords(s string, p, end int) []string {
	var out []string
	for p < end {
		for p < end && (s[p] == ' ' || s[p] == '\t') {
			p++
		}
		if p >= end || strings.IndexByte("|;&)<>`\n", s[p]) >= 0 {
			break
		}
		var b []byte
		var q byte
		for p < end {
			c := s[p]
			if q != 0 {
				if c == q {
					q = 0
				} else {
					b = append(b, c)
				}
				p++
				continue
			}
			if c == '\'' || c == '"' {
				q = c
				p++
				continue
			}
			if c == ' ' || c == '\t' || strings.IndexByte("|;&)<>`\n", c) >= 0 {
				break
			}
			if c == '\\' && p+1 < end {
				p++
				c = s[p]
			}
			b = append(b, c)
			p++
		}
		out = append(out, string(b))
	}
	return out
}

// parseTr builds the byte map of tr ARGS; nil when tr would not
// translate or delete (complemented sets, classes it cannot map).
func parseTr(args []string) *[256]int16 {
	del := false
	var sets []string
	for _, a := range args {
		switch {
		case a == "-d" || a == "--delete":
			del = true
		case a == "-s" || a == "--squeeze-repeats" || a == "-t" || a == "--truncate-set1":
		case a == "-ds" || a == "-sd":
			del = true
		case len(a) > 1 && a[0] == '-' && len(sets) == 0:
			return nil // -c, -C and anything unknown
		default:
			sets = append(sets, a)
		}
	}
	var m [256]int16
	for i := range m {
		m[i] = int16(i)
	}
	if len(sets) == 0 {
		return nil
	}
	from, ok := expandTrSet(sets[0])
	if !ok || len(from) == 0 {
		return nil
	}
	if del {
		for _, c := range from {
			m[c] = -1
		}
		return &m
	}
	if len(sets) < 2 {
		return nil
	}
	to, ok := expandTrSet(sets[1])
	if !ok || len(to) == 0 {
		return nil
	}
	for i, c := range from {
		m[c] = int16(to[min(i, len(to)-1)])
	}
	return &m
}

// trClasses are the character classes a tr set may name.
var trClasses = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"lower": "abcdefghijklmnopqrstuvwxyz",
		"upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"digit": "0123456789",
	}
}}

// expandTrSet expands ranges (a-z), classes ([:lower:]) and escapes (\n,
// \\, \NNN) of a tr set.
func expandTrSet(set string) ([]byte, bool) {
	var out []byte
	for i := 0; i < len(set); i++ {
		c := set[i]
		if c == '[' && strings.HasPrefix(set[i:], "[:") {
			e := strings.Index(set[i:], ":]")
			if e < 0 {
				return nil, false
			}
			cl, ok := trClasses.Get()[set[i+2:i+e]]
			if !ok {
				return nil, false
			}
			out = append(out, cl...)
			i += e + 1
			continue
		}
		if c == '\\' && i+1 < len(set) {
			i++
			switch set[i] {
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			case 'r':
				c = '\r'
			default:
				c = set[i]
			}
		}
		if i+2 < len(set) && set[i+1] == '-' {
			hi := set[i+2]
			if hi < c {
				return nil, false
			}
			for x := int(c); x <= int(hi); x++ {
				out = append(out, byte(x))
			}
			i += 2
			continue
		}
		out = append(out, c)
		if len(out) > 1024 {
			return nil, false
		}
	}
	return out, true
}

// applyFilters appends every word of the line, quotes dropped, with the
// filters applied, each mapped as a block to the word.
func applyFilters(s string, ls, le int, fs []filter, v *view) {
	var b []byte
	for p := ls; p < le; {
		for p < le && (isSpace(s[p]) || strings.IndexByte("|;&()<>`", s[p]) >= 0) {
			p++
		}
		ws := p
		b = b[:0]
		for p < le && !isSpace(s[p]) && strings.IndexByte("|;&()<>`", s[p]) < 0 {
			if c := s[p]; c != '\'' && c != '"' && c != '\\' {
				b = append(b, c)
			}
			p++
		}
		if len(b) == 0 {
			continue
		}
		for _, f := range fs {
			b = f.apply(b)
		}
		if len(b) > 0 {
			v.decoded(b, ws, p)
			v.synthetic(' ')
		}
	}
}

func (f filter) apply(b []byte) []byte {
	if len(f.pat) > 0 {
		i := bytes.Index(b, f.pat)
		if i < 0 {
			return b
		}
		if f.all {
			return bytes.ReplaceAll(b, f.pat, f.rep)
		}
		return append(append(append([]byte{}, b[:i]...), f.rep...), b[i+len(f.pat):]...)
	}
	if f.rev {
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return b
	}
	out := b[:0]
	for _, c := range b {
		if m := f.tmap[c]; m >= 0 {
			out = append(out, byte(m))
		}
	}
	return out
}

// braceWords appends the brace expansions of the words of s that hold a
// comma alternation ({a,b}), each piece mapped to its bytes in s.
func braceWords(s string, get func() *view) {
	done := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '{')
		if j < 0 {
			return
		}
		j += i
		i = j + 1
		if j < done {
			continue
		}
		// A comma, then a closing brace, in the same word.
		we, comma, closed := j+1, false, false
		for we < len(s) && we-j < maxBraceWord && braceWordByte[s[we]] {
			comma = comma || s[we] == ','
			closed = closed || comma && s[we] == '}'
			we++
		}
		done = we
		if !closed {
			continue
		}
		ws := j
		for ws > 0 && j-ws < maxBraceWord && braceWordByte[s[ws-1]] {
			ws--
		}
		expandBraces(s, ws, we, get)
	}
}

// braceWordByte: bytes of an unquoted shell word that may hold a token.
var braceWordByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c)) || strings.IndexByte("_-./+=:@~%{},", byte(c)) >= 0
	}
	return t
}()

// braceGroup is one {a,b,…} of a word: the input ranges of its
// alternatives.
type braceGroup struct {
	alts [][2]int
}

// expandBraces expands the word s[ws:we] if it holds comma groups (one
// level; a nested group leaves the word alone) and the product is small.
func expandBraces(s string, ws, we int, get func() *view) {
	type part struct {
		lit   [2]int
		group *braceGroup
	}
	var parts []part
	product := 1
	p := ws
	for p < we {
		if s[p] != '{' {
			q := p
			for q < we && s[q] != '{' {
				q++
			}
			parts = append(parts, part{lit: [2]int{p, q}})
			p = q
			continue
		}
		g := &braceGroup{}
		a := p + 1
		q := a
		for ; q < we && s[q] != '}'; q++ {
			if s[q] == '{' {
				return
			}
			if s[q] == ',' {
				g.alts = append(g.alts, [2]int{a, q})
				a = q + 1
			}
		}
		if q >= we || len(g.alts) == 0 {
			parts = append(parts, part{lit: [2]int{p, p + 1}})
			p++
			continue
		}
		g.alts = append(g.alts, [2]int{a, q})
		if product *= len(g.alts); product > maxBraceProduct {
			return
		}
		parts = append(parts, part{group: g})
		p = q + 1
	}
	if product == 1 {
		return
	}
	v := get()
	for n := 0; n < product; n++ {
		k := n
		for _, pt := range parts {
			if pt.group == nil {
				v.lit(s, pt.lit[0], pt.lit[1])
				continue
			}
			alt := pt.group.alts[k%len(pt.group.alts)]
			k /= len(pt.group.alts)
			v.lit(s, alt[0], alt[1])
		}
		v.synthetic(' ')
	}
	v.synthetic('\n')
}

// parseSed returns the filters of sed ARGS: its expressions (-e EXPR,
// --expression=EXPR, or the first argument), split at ';', each
// s<d>PAT<d>REP<d>[g] with a literal PAT and REP, or y<d>SET<d>SET<d>. An
// expression it cannot read stops the list there (what follows would
// see text it cannot render).
func parseSed(args []string) []filter {
	var exprs []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-e" || a == "--expression":
			if i+1 < len(args) {
				exprs = append(exprs, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "--expression="):
			exprs = append(exprs, a[len("--expression="):])
		case strings.HasPrefix(a, "-e") && len(a) > 2:
			exprs = append(exprs, a[2:])
		case strings.HasPrefix(a, "-"):
		case len(exprs) == 0:
			exprs = append(exprs, a)
		}
	}
	var fs []filter
	for _, e := range exprs {
		for _, x := range strings.Split(e, ";") {
			f, ok := parseSedExpr(strings.TrimSpace(x))
			if !ok {
				return fs
			}
			fs = append(fs, f)
		}
	}
	return fs
}

func parseSedExpr(x string) (filter, bool) {
	if len(x) < 4 || (x[0] != 's' && x[0] != 'y') {
		return filter{}, false
	}
	d := x[1]
	if isAlnum(d) || d == '\\' || d == ' ' {
		return filter{}, false
	}
	parts := strings.Split(x[2:], string(d))
	if len(parts) != 3 {
		return filter{}, false
	}
	if x[0] == 'y' {
		if len(parts[0]) != len(parts[1]) || parts[2] != "" || strings.ContainsRune(parts[0]+parts[1], '\\') {
			return filter{}, false
		}
		var m [256]int16
		for i := range m {
			m[i] = int16(i)
		}
		for i := 0; i < len(parts[0]); i++ {
			m[parts[0][i]] = int16(parts[1][i])
		}
		return filter{tmap: &m}, true
	}
	pat, rep, flags := parts[0], parts[1], parts[2]
	if pat == "" || strings.ContainsAny(pat, `.[]*^$\+?(){}|`) || strings.ContainsAny(rep, `\&`) || strings.Trim(flags, "g") != "" {
		return filter{}, false
	}
	return filter{pat: []byte(pat), rep: []byte(rep), all: flags == "g"}, true
}
