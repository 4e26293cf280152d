package redact

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"unsafe"
)

// An argument vector given as a JSON list ({"argv": ["mysql", "-pPW"]},
// {"command": ["sshpass", "-p", "PW", "ssh", "h"]}, {"cmd": "mysql",
// "args": ["-u", "root", "-pPW"]}) is a command line the command-line
// detectors never see whole when each element is scanned alone: a
// password flag and its value, or a program and its glued password flag,
// are in different strings. So every run of two or more strings (and
// numbers) of a list is also rendered as ONE shell command line, each
// element a word quoted as needed, and scanned with every detector; a
// finding is masked in the elements whose bytes it covers. A program and
// its arguments in sibling keys (argvHeadKeys, argvTailKeys) are joined
// the same way. Work is linear: a long list is scanned in windows of at
// most maxArgvLine bytes and maxArgvWords elements (the command-line
// detectors read a call's first 64 arguments) that overlap by argvOverlap
// elements, each led by the list's first element (the program).

const (
	maxArgvLine   = 32 << 10
	maxArgvWords  = 48
	argvOverlap   = 8
	maxArgvLeader = 256
)

// argvPiece maps line[t:t+n] to items[item][off:off+n].
type argvPiece struct{ t, item, off, n int }

// safeWord reports an element that needs no quoting as a shell word.
func safeWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && strings.IndexByte("_@%+=:,./-", c) < 0 {
			return false
		}
	}
	return true
}

// rawHead reports a program string that can be written as shell text as
// it is ("docker exec db mysql"): no quoting, expansion or separator.
func rawHead(s string) bool {
	return s != "" && !strings.ContainsAny(s, "'\"\\#;&|<>(){}$`\n\r")
}

// renderArgv writes items[idx...] as one shell line: a safe element as
// it is, any other in single quotes (a quote in it closes the quotes,
// is escaped with a backslash and opens them again); with raw,
// items[0] is shell text of its own (an object's program string).
// The pieces are built only when asked for (a line with a finding).
func renderArgv(items []string, idx []int, raw, mapped bool) (string, []argvPiece) {
	var b strings.Builder
	size := 0
	for _, i := range idx {
		size += len(items[i]) + 3
	}
	b.Grow(size)
	var pieces []argvPiece
	if mapped {
		pieces = make([]argvPiece, 0, len(idx))
	}
	for k, i := range idx {
		if k > 0 {
			b.WriteByte(' ')
		}
		s := items[i]
		if safeWord(s) || raw && i == 0 && rawHead(s) {
			if mapped {
				pieces = append(pieces, argvPiece{t: b.Len(), item: i, off: 0, n: len(s)})
			}
			b.WriteString(s)
			continue
		}
		b.WriteByte('\'')
		for off := 0; off <= len(s); {
			q := strings.IndexByte(s[off:], '\'')
			end := len(s)
			if q >= 0 {
				end = off + q
			}
			if end > off {
				if mapped {
					pieces = append(pieces, argvPiece{t: b.Len(), item: i, off: off, n: end - off})
				}
				b.WriteString(s[off:end])
			}
			if q < 0 {
				break
			}
			b.WriteString(`'\`) // close the quote, then an escaped quote: the element's own
			if mapped {
				pieces = append(pieces, argvPiece{t: b.Len(), item: i, off: end, n: 1})
			}
			b.WriteString(`''`) // and open again
			off = end + 1
		}
		b.WriteByte('\'')
	}
	return b.String(), pieces
}

// argvSpans scans items as a command line and returns, per item, the
// spans of it to mask (nil if none).
func (r *Redactor) argvSpans(items []string, raw bool) [][]span {
	var out [][]span
	n := len(items)
	idx := make([]int, 0, min(n, maxArgvWords)+1)
	for i := 0; i < n; {
		j, size := i, 0
		for j < n && (j == i || size+len(items[j]) <= maxArgvLine && j-i < maxArgvWords) {
			size += len(items[j]) + 1
			j++
		}
		idx = idx[:0]
		if i > 0 && len(items[0]) <= maxArgvLeader {
			idx = append(idx, 0)
		}
		for k := i; k < j; k++ {
			idx = append(idx, k)
		}
		if len(idx) >= 2 {
			out = r.argvWindow(items, idx, raw, out)
		}
		if j >= n {
			break
		}
		next := j - argvOverlap
		if next <= i {
			next = j
		}
		i = next
	}
	return out
}

// argvWindow scans one window and adds its findings to out.
func (r *Redactor) argvWindow(items []string, idx []int, raw bool, out [][]span) [][]span {
	line, _ := renderArgv(items, idx, raw, false)
	found := r.detect(line)
	if len(found) == 0 {
		return out
	}
	_, pieces := renderArgv(items, idx, raw, true)
	if out == nil {
		out = make([][]span, len(items))
	}
	type hit struct {
		item int
		sp   span
	}
	for _, sp := range found {
		if sp.id == ruleAssignEntropy && !flagBefore(line, sp.start) {
			// A weak name and a random-looking word after it are a
			// name=value pair in one element or after an option; two
			// elements of a list of names are not (["…Authentication",
			// "…EncryptionInTransit"]).
			continue
		}
		first := sort.Search(len(pieces), func(k int) bool { return pieces[k].t+pieces[k].n > sp.start })
		var hits []hit
		for k := first; k < len(pieces) && pieces[k].t < sp.end; k++ {
			p := pieces[k]
			lo, hi := max(p.t, sp.start), min(p.t+p.n, sp.end)
			a, b := p.off+lo-p.t, p.off+hi-p.t
			if h := len(hits); h > 0 && hits[h-1].item == p.item && hits[h-1].sp.end == a {
				hits[h-1].sp.end = b // the same element past an escaped quote
				continue
			}
			hits = append(hits, hit{item: p.item, sp: span{start: a, end: b, id: sp.id}})
		}
		sec := sp.secret
		if sec == "" {
			parts := make([]string, len(hits))
			for k, h := range hits {
				parts[k] = items[h.item][h.sp.start:h.sp.end]
			}
			sec = strings.Join(parts, " ")
		}
		for _, h := range hits {
			h.sp.secret = sec
			out[h.item] = append(out[h.item], h.sp)
		}
	}
	return out
}

// argvScalar renders a list element that can be a word: a string, or a
// number as JSON writes it.
func argvScalar(v any) (string, bool) {
	switch v.(type) {
	case string, json.Number, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return scalarString(v), true
	}
	return "", false
}

// scanArgvList scans each run of two or more words of x (at least one a
// string) as a command line.
func (t *treeRun) scanArgvList(x []any) {
	for a := 0; a < len(x); {
		b, str := a, false
		for b < len(x) {
			if _, ok := argvScalar(x[b]); !ok {
				break
			}
			_, s := x[b].(string)
			str = str || s
			b++
		}
		if b-a >= 2 && str {
			items := make([]string, b-a)
			for i := range items {
				items[i], _ = argvScalar(x[a+i])
			}
			t.keepArgv(items, t.r.argvSpans(items, false), func(i int) *any { return &x[a+i] })
		}
		a = b + 1
	}
}

// keepArgv records per-element findings for build and learns them.
func (t *treeRun) keepArgv(items []string, spans [][]span, elem func(i int) *any) {
	for i, sps := range spans {
		if len(sps) == 0 {
			continue
		}
		if t.extra == nil {
			t.extra = map[*any][]span{}
		}
		p := elem(i)
		t.extra[p] = append(t.extra[p], sps...)
		for _, sp := range sps {
			t.learn(items[i][sp.start:sp.end], sp.id)
		}
	}
}

// scanArgvPair scans a program and its arguments in sibling keys of m as
// one command line: {"cmd": "mysql", "args": ["-pPW"]}, {"command":
// ["sshpass"], "args": ["-p", "PW"]}.
func (t *treeRun) scanArgvPair(m map[string]any) {
	// One pass over the keys: the best-ranked tail key holding a list,
	// then the best-ranked other head key.
	var buf [32]byte
	tailRank, tailKey := len(argvTailKeys), ""
	var tail []any
	var tailStr string // a tail given as one string of arguments
	for k, v := range m {
		if len(k) > len(buf) {
			continue
		}
		var l []any
		var str string
		switch x := v.(type) {
		case []any:
			l = x
		case string:
			str = x
		}
		if len(l) == 0 && strings.TrimSpace(str) == "" {
			continue // only a non-empty list or string is a tail: no lookup
		}
		r, ok := argvTailRank[lowerBuf(&buf, k)]
		if ok && (r < tailRank || r == tailRank && k < tailKey) {
			tailRank, tailKey, tail, tailStr = r, k, l, str
		}
	}
	if tail == nil && tailStr == "" {
		return
	}
	headRank, headKey := len(argvHeadKeys), ""
	var head any
	for k, v := range m {
		if k == tailKey || len(k) > len(buf) {
			continue
		}
		r, ok := argvHeadRank[lowerBuf(&buf, k)]
		if !ok || r > headRank || r == headRank && k > headKey {
			continue
		}
		switch v.(type) {
		case string, []any:
			headRank, headKey, head = r, k, v
		}
	}
	if head == nil {
		return
	}
	var items []string
	var elems []*any
	switch h := head.(type) {
	case string:
		items, elems = append(items, h), append(elems, nil)
	case []any:
		for i := range h {
			s, ok := argvScalar(h[i])
			if !ok {
				return
			}
			items, elems = append(items, s), append(elems, &h[i])
		}
	}
	for i := range tail {
		s, ok := argvScalar(tail[i])
		if !ok {
			return
		}
		items, elems = append(items, s), append(elems, &tail[i])
	}
	// A string of arguments ({"cmd": "mysql", "args": "-u root -pPW"})
	// is read as its words, each span mapped back into the string.
	nHead := len(items)
	var offs []int
	if tailStr != "" {
		for i, w := range argWords(tailStr) {
			if i >= maxArgvWords {
				break
			}
			items, elems, offs = append(items, tailStr[w[0]:w[1]]), append(elems, nil), append(offs, w[0])
		}
	}
	if len(items) < 2 {
		return
	}
	_, str := head.(string)
	spans := t.r.argvSpans(items, str)
	if str && len(spans) > 0 && len(spans[0]) > 0 {
		if t.heads == nil {
			t.heads = map[headRef][]span{}
		}
		ref := headRef{mapPointer(m), headKey}
		t.heads[ref] = append(t.heads[ref], spans[0]...)
		for _, sp := range spans[0] {
			t.learn(items[0][sp.start:sp.end], sp.id)
		}
		spans[0] = nil
	}
	if tailStr != "" {
		ref := headRef{mapPointer(m), tailKey}
		for i := nHead; i < len(spans) && i-nHead < len(offs); i++ {
			for _, sp := range spans[i] {
				if t.heads == nil {
					t.heads = map[headRef][]span{}
				}
				t.learn(items[i][sp.start:sp.end], sp.id)
				sp.start, sp.end = sp.start+offs[i-nHead], sp.end+offs[i-nHead]
				t.heads[ref] = append(t.heads[ref], sp)
			}
			spans[i] = nil
		}
	}
	t.keepArgv(items, spans, func(i int) *any { return elems[i] })
}

// argWords are the byte ranges of the white-space separated words of s,
// a quoted stretch ('…', "…") kept inside its word.
func argWords(s string) [][2]int {
	var out [][2]int
	start, quote := -1, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
			continue
		case c == '\'' || c == '"':
			quote = c
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// argvHeadRank and argvTailRank give each key of argvHeadKeys and
// argvTailKeys its place in the list.
var argvHeadRank, argvTailRank = rankOf(argvHeadKeys), rankOf(argvTailKeys)

func rankOf(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// lowerBuf lowercases k (at most len(buf) bytes) in buf; the result is
// for a map lookup only (the compiler does not copy it there).
func lowerBuf(buf *[32]byte, k string) string {
	for i := 0; i < len(k); i++ {
		buf[i] = lowerASCII(k[i])
	}
	return string(buf[:len(k)])
}

// mapPointer identifies an object for the length of one Tree call.
func mapPointer(m map[string]any) unsafe.Pointer { return reflect.ValueOf(m).UnsafePointer() }

// flagBefore reports whether the value at line[at:] is given in its own
// word to an option (--auth X) or in the same word as its name.
func flagBefore(line string, at int) bool {
	i := at
	for i > 0 && line[i-1] == '\'' {
		i--
	}
	if i == 0 {
		return false
	}
	if !isSpace(line[i-1]) {
		return true // name=value, name:value: one element
	}
	if line[i-1] == '\n' {
		return false // the first word of a line
	}
	for i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
		i--
	}
	j := i
	for j > 0 && !isSpace(line[j-1]) {
		j--
	}
	for j < i && line[j] == '\'' {
		j++
	}
	return j < i && line[j] == '-'
}
