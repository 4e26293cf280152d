package redact

import "strings"

// Red-team round 21 (#25, #24): a value made of several string literals.
//
// Adjacent literals ('Qz7v' 'Rk4T', Python and C), literals joined by
// an operator ("a" + "b", 'a' . 'b', "a" .. "b", "a" ~ "b", 'a' || 'b',
// "a" & "b"), over line breaks too, are one string to the program. The
// concatenation view renders every such chain as one literal, so that
// every detector reads the value whole ('pass' + 'word' as a name, the
// halves of a secret as one value); a finding there masks every piece.
//
// An identifier joined into a chain by an operator ("root:"+k+"@tcp…"),
// and an interpolation in an f-string or template literal
// (f"…:{k}@…", `…:${k}@…`), is rendered as the probe word: a finding
// that covers it makes the identifier a secret name (secretname.go),
// whose bound literals are masked, while the identifier itself stays.

// litTok is a string literal of s: s[a:b] with its prefix and quotes,
// s[cs:ce] its text.
type litTok struct {
	a, b, cs, ce int
	interp       bool // f"…" or `…`: {name} / ${name} interpolate
}

// lexLiteral reads the string literal whose opening quote is at q (a
// prefix of one or two letters may stand before it).
func lexLiteral(s string, q int) (litTok, bool) {
	a := q
	for a > 0 && q-a < 2 && strings.IndexByte("frbuFRBU", s[a-1]) >= 0 {
		a--
	}
	if a > 0 && isWordByte(s[a-1]) {
		a = q // part of a word: "don't", not a prefix
	}
	quote := s[q]
	interp := quote == '`' || strings.ContainsAny(s[a:q], "fF")
	if q+2 < len(s) && s[q+1] == quote && s[q+2] == quote && quote != '`' {
		e := strings.Index(s[q+3:min(len(s), q+3+maxValueLen)], s[q:q+3])
		if e < 0 {
			return litTok{}, false
		}
		return litTok{a: a, b: q + 3 + e + 3, cs: q + 3, ce: q + 3 + e, interp: interp}, true
	}
	limit := min(len(s), q+1+maxValueLen)
	for i := q + 1; i < limit; i++ {
		switch c := s[i]; {
		case c == '\\' && quote != '`':
			i++
		case c == quote:
			return litTok{a: a, b: i + 1, cs: q + 1, ce: i, interp: interp}, true
		case (c == '\n' || c == '\r') && quote != '`':
			return litTok{}, false
		}
	}
	return litTok{}, false
}

// chainPiece is a literal or an identifier of a concatenation chain.
type chainPiece struct {
	lit   litTok
	ident bool
	a, b  int // the identifier
}

// concatJoin returns the start of the next piece of a chain after a
// piece ending at e: blanks and line breaks, at most one operator; op
// reports an operator was seen.
func concatJoin(s string, e int) (next int, op bool) {
	i, lines := e, 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' && lines < 2 || s[i] == '\\' && i+1 < len(s) && s[i+1] == '\n') {
			if s[i] == '\n' {
				lines++
			}
			i++
		}
	}
	skip()
	if i >= len(s) {
		return i, false
	}
	switch {
	case strings.HasPrefix(s[i:], ".."), strings.HasPrefix(s[i:], "||"):
		i += 2
		op = true
	case s[i] == '+' || s[i] == '.' || s[i] == '~' || s[i] == '&':
		if i+1 < len(s) && (s[i+1] == '=' || s[i+1] == s[i]) {
			return i, false // +=, ++, &&
		}
		i++
		op = true
	}
	skip()
	return i, op
}

// concatChain reads the chain that starts with the literal first.
func concatChain(s string, first litTok) []chainPiece {
	out := []chainPiece{{lit: first}}
	e := first.b
	// Without an operator, literals join only where an expression
	// starts (adjacent shell words are two arguments: printf '%s' "$x"):
	// the first starts its line or follows ( = , [ { : or return; over a
	// line break, only in an open parenthesis (its line's start, ( or =).
	b := skipBlanksBack(s, first.a, 64)
	multiline := b == 0 || strings.IndexByte("\n\r(=", s[b-1]) >= 0
	adjacent := multiline || strings.IndexByte(",[{:", s[b-1]) >= 0 || b >= 6 && s[b-6:b] == "return"
	for len(out) < 64 {
		i, op := concatJoin(s, e)
		if i >= len(s) {
			break
		}
		if q := i + prefixLen(s, i); q < len(s) && (s[q] == '"' || s[q] == '\'' || s[q] == '`') {
			if !op && (!adjacent || !multiline && strings.IndexByte(s[e:i], '\n') >= 0) {
				break
			}
			lt, ok := lexLiteral(s, q)
			if !ok || lt.a != i {
				break
			}
			if !op && strings.IndexByte(s[e:i], '\n') >= 0 {
				if f := skipBlanks(s, lt.b, 64); f < len(s) && (s[f] == ':' || s[f] == '=') {
					break // the next line's key, not a piece
				}
			}
			out = append(out, chainPiece{lit: lt})
			e = lt.b
			continue
		}
		if !op {
			break
		}
		j := i
		if j < len(s) && s[j] == '$' {
			j++
		}
		k := j
		for k < len(s) && (isAlnum(s[k]) || s[k] == '_') {
			k++
		}
		if k == j || isDigit(s[j]) || k < len(s) && (s[k] == '(' || s[k] == '[') {
			break
		}
		out = append(out, chainPiece{ident: true, a: i, b: k})
		e = k
	}
	// A chain ending in an operator without a piece is no longer than
	// its pieces; one ending in identifiers keeps them (they are probes).
	return out
}

// mayJoin reports whether what follows a literal ending at e could
// continue a chain (a quick test before concatChain).
func mayJoin(s string, e int) bool {
	e = skipBlanks(s, e, 64)
	if e >= len(s) {
		return false
	}
	return joinByte[s[e]]
}

// joinCandidate reports a quote at q after which a chain may continue
// (blanks, then a quote, an operator or a line break), or that opens
// an interpolating literal (`, f", f').
func joinCandidate(s string, q int) bool {
	if s[q] == '`' || q > 0 && (s[q-1] == 'f' || s[q-1] == 'F') {
		return true
	}
	e := q + 1
	for e < len(s) && (s[e] == ' ' || s[e] == '\t') {
		e++
	}
	return e < len(s) && joinByte[s[e]] && !isLower(s[e]) && !isUpper(s[e])
}

// quoteByte: the bytes that open a literal; joinByte: the bytes that
// may follow a literal that a chain continues.
var quoteByte, joinByte = func() (q, j [256]bool) {
	for _, c := range []byte("\"'`") {
		q[c] = true
	}
	for _, c := range []byte("\"'`+.~&|\n\r\\frbuFRBU") {
		j[c] = true
	}
	return q, j
}()

// prefixLen is the length of a string prefix (f, rb, …) at i.
func prefixLen(s string, i int) int {
	n := 0
	for i+n < len(s) && n < 2 && strings.IndexByte("frbuFRBU", s[i+n]) >= 0 {
		n++
	}
	if i+n < len(s) && (s[i+n] == '"' || s[i+n] == '\'' || s[i+n] == '`') {
		return n
	}
	return 0
}

// concatView renders s with every chain of two or more pieces as one
// literal and every interpolation as a probe; probes are the view
// ranges of the probes and the identifiers they stand for. nil when s
// has neither.
func concatView(s string) (v *view, probes []probePiece) {
	last, i, regionEnd := 0, 0, 0
	// Only the lines where a quote is followed by what joins (a quote, an
	// operator, a line break) or that interpolate are lexed, from their
	// start: lexing every literal of a text costs more than this test.
	lexedTo, lexEnd := 0, 0
	for i < len(s) {
		q := i
		for q < len(s) && !quoteByte[s[q]] {
			q++
		}
		if q >= len(s) {
			break
		}
		if q >= lexEnd {
			if !joinCandidate(s, q) {
				i = q + 1
				continue
			}
			lexEnd = lineEnd(s, q, len(s))
			if ls := strings.LastIndexByte(s[lexedTo:q], '\n') + 1 + lexedTo; ls < q {
				i = ls
				continue
			}
		}
		lt, ok := lexLiteral(s, q)
		if !ok {
			i = q + 1
			continue
		}
		lexedTo = lt.b
		if !mayJoin(s, lt.b) && !lt.interp {
			i = lt.b
			continue
		}
		chain := concatChain(s, lt)
		hasInterp := false
		for _, p := range chain {
			hasInterp = hasInterp || !p.ident && p.lit.interp && interpAt(s, p.lit) >= 0
		}
		if len(chain) < 2 && !hasInterp {
			i = lt.b
			continue
		}
		// The view holds the lines around each chain (two before, one
		// after), so that its cost follows the chains, not the text.
		if v == nil || lt.a > regionEnd {
			if v == nil {
				v = &view{}
			} else {
				v.lit(s, last, regionEnd)
				v.synthetic('\n')
			}
			last = max(regionEnd, linesBack(s, lt.a, 2))
		}
		v.lit(s, last, lt.cs) // up to the first literal's text
		for _, p := range chain {
			if p.ident {
				probes = append(probes, probePiece{t: v.len(), name: strings.TrimPrefix(s[p.a:p.b], "$")})
				v.decoded([]byte(probeWord), p.a, p.b)
				continue
			}
			probes = appendInterp(v, s, p.lit, probes)
		}
		end := chain[len(chain)-1]
		if end.ident {
			v.synthetic(s[lt.cs-1])
			last = end.b
		} else {
			last = end.lit.ce
		}
		i = max(end.b, end.lit.b)
		lexedTo = i
		regionEnd = max(i, linesFwd(s, i, 1))
	}
	if v == nil {
		return nil, nil
	}
	v.lit(s, last, regionEnd)
	return v, probes
}

// linesBack returns the start of the line n lines before the one
// holding i (bounded).
func linesBack(s string, i, n int) int {
	lo := max(0, i-maxValueLen)
	for k := 0; k <= n && i > lo; k++ {
		j := strings.LastIndexByte(s[lo:i], '\n')
		if j < 0 {
			return lo
		}
		i = lo + j
		if k == n {
			return i + 1
		}
	}
	return i
}

// linesFwd returns the end of the line n lines after the one holding i
// (bounded).
func linesFwd(s string, i, n int) int {
	hi := min(len(s), i+maxValueLen)
	for k := 0; k <= n && i < hi; k++ {
		j := strings.IndexByte(s[i:hi], '\n')
		if j < 0 {
			return hi
		}
		i += j
		if k < n {
			i++
		}
	}
	return i
}

// probePiece is a probe word of the concatenation view at t, standing
// for the identifier name.
type probePiece struct {
	t    int
	name string
}

// interpAt returns the offset of the first interpolation of an
// interpolating literal ({name} in f"…", ${name} in `…`), or -1.
func interpAt(s string, lt litTok) int {
	if !lt.interp {
		return -1
	}
	for i := lt.cs; i < lt.ce; i++ {
		if s[i] == '{' && (i+1 >= lt.ce || s[i+1] != '{') {
			if _, _, ok := interpName(s, i, lt.ce); ok {
				return i
			}
		}
	}
	return -1
}

// interpName reads "{name}" (or "{name!r}", "{name:fmt}") at the brace
// at i: the name's range and the offset past the closing brace.
func interpName(s string, i, end int) (int, int, bool) {
	j := i + 1
	for j < end && s[j] == ' ' {
		j++
	}
	k := j
	for k < end && (isAlnum(s[k]) || s[k] == '_' || s[k] == '.') {
		k++
	}
	if k == j || isDigit(s[j]) {
		return 0, 0, false
	}
	c := strings.IndexByte(s[k:end], '}')
	if c < 0 {
		return 0, 0, false
	}
	return j, k + c + 1, true
}

// appendInterp appends a literal's text to v, its interpolations as
// probes.
func appendInterp(v *view, s string, lt litTok, probes []probePiece) []probePiece {
	from := lt.cs
	if lt.interp {
		for i := lt.cs; i < lt.ce; i++ {
			if s[i] != '{' {
				continue
			}
			if i+1 < lt.ce && s[i+1] == '{' {
				i++
				continue
			}
			ns, e, ok := interpName(s, i, lt.ce)
			if !ok {
				continue
			}
			a := i
			if a > lt.cs && s[a-1] == '$' {
				a--
			}
			ne := ns
			for ne < e && (isAlnum(s[ne]) || s[ne] == '_') {
				ne++
			}
			v.lit(s, from, a)
			probes = append(probes, probePiece{t: v.len(), name: s[ns:ne]})
			v.decoded([]byte(probeWord), a, e)
			from = e
			i = e - 1
		}
	}
	v.lit(s, from, lt.ce)
	return probes
}

// concatSpans detects in the concatenation view of s: findings mask
// the pieces they cover; a finding covering a probe makes its
// identifier a secret name, resolved in s (secretname.go).
func (r *Redactor) concatSpans(s string, depth int) []span {
	if !strings.ContainsAny(s, "\"'`") {
		return nil
	}
	v, probes := concatView(s)
	if v == nil {
		return nil
	}
	vt := string(v.buf)
	var out []span
	var names []secretRef
	for _, sp := range r.detectDepth(vt, depth+1, true) {
		sec := sp.secret
		if sec == "" {
			sec = vt[sp.start:sp.end]
		}
		var skip []span
		for _, p := range probes {
			if p.t < sp.end && p.t+len(probeWord) > sp.start {
				names = append(names, secretRef{name: p.name, id: sp.id})
				skip = append(skip, span{start: p.t, end: p.t + len(probeWord)})
			}
		}
		for _, part := range cutOut(sp, skip) {
			for _, p := range v.source(s, part.start, part.end) {
				p.id, p.secret = sp.id, sec
				out = append(out, p)
			}
		}
	}
	if len(names) > 0 {
		out = append(out, secretNameSpans(s, names)...)
	}
	return out
}

// cutOut returns the parts of sp outside the sorted ranges cut.
func cutOut(sp span, cut []span) []span {
	var out []span
	at := sp.start
	for _, c := range cut {
		if c.start > at {
			out = append(out, span{start: at, end: min(c.start, sp.end)})
		}
		at = max(at, c.end)
	}
	if at < sp.end {
		out = append(out, span{start: at, end: sp.end})
	}
	return out
}
