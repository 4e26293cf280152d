package redact

import "strings"

// shlex is a tolerant, linear shell lexer for redaction: it splits text
// into words and operators the way a POSIX shell would, and renders each
// word as the shell would pass it to a program (quotes removed, escapes
// decoded, known variables expanded) into a view that maps every byte back
// to the input. It never fails: text that is not shell (code, YAML, prose)
// still lexes into something, and an unterminated quote ends its word
// instead of swallowing the rest of the input. A quoted string may span
// lines, but at most maxQuote bytes, which keeps a stray apostrophe in
// prose from joining distant text.
type shlex struct {
	src      string
	pos, end int
	out      *view
	// vars, when not nil, holds variables assigned earlier in the input;
	// $NAME and ${NAME} naming one are replaced by its value.
	vars map[string]shvar
	// budget bounds the bytes that expansions may add, so that
	// A=…; echo $A$A$A… stays linear.
	budget int
	// scan bounds the bytes searched for the end of command substitutions
	// (cmdsubst.go); 0 renders none.
	scan int
	// dq: the text is the content of a "…" string lexed as a script of
	// its own (childsh.go): \$ and \` are the expansions the inner shell
	// sees, \" a quote that only groups.
	dq  bool
	cur *shtok // the word being lexed
	// ci: the text's compound index (cliindex.go), shared by the lexers
	// over the same text.
	ci *cliIndex
	// stdin: what the previous command of the pipeline prints, when the
	// view knows it (shpipe.go): a substitution in this command's words
	// that reads its standard input (mysql -p"$(cat)") prints it.
	stdin *view
	// back: the look-backs of the stdin readers found in this input
	// (clipipe.go).
	back *cliBack
	// fail, when not nil, is set where the view gives up (a budget or a
	// depth bound) on text it could not judge: failclosed.go then masks
	// the input's literals instead of keeping them.
	fail *bool
}

// giveUp records that the view did not judge some text.
func (lx *shlex) giveUp() {
	if lx.fail != nil {
		*lx.fail = true
	}
}

// shvar is a variable's value as a view of its own. A loop's variable
// (for NAME in WORDS) holds all the words joined by blanks: each is one
// word when the body runs, so the value is never split (loop).
type shvar struct {
	v    view
	loop bool
	// ref: a nameref (declare -n NAME=REF) whose expansions are REF's.
	ref string
}

// maxRefHops bounds how many namerefs and indirections are followed.
const maxRefHops = 8

// lookup is the value of variable name, through namerefs.
func (lx *shlex) lookup(name string) (shvar, bool) {
	v, ok := lx.vars[name]
	for i := 0; ok && v.ref != "" && i < maxRefHops; i++ {
		v, ok = lx.vars[v.ref]
	}
	return v, ok && v.ref == ""
}

// shtok is one token: a word or an operator.
type shtok struct {
	op         string // operator (";", "|", "\n", "&&", "<<<", "(", …); "" for a word
	start, end int    // raw extent in the input
	t0, t1     int    // a word's text in the lexer's view
	quoted     bool   // the word is one quoted string and nothing else
	expanded   bool   // a variable's value was substituted into the word
	// cands: an assignment's value holds the candidates of a command
	// substitution whose output is not known (cmdsubst.go).
	cands bool
}

// shSpecial marks bytes that end a literal run inside a word.
var shSpecial = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n;&|()<>'\"\\$`") {
		t[c] = true
	}
	return
}()

func isShBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

func isShOp(c byte) bool {
	switch c {
	case ';', '&', '|', '(', ')', '<', '>', '\n':
		return true
	}
	return false
}

// shOps lists the operators, longest first.
var shOps = []string{"<<<", "<<-", ";;", "&&", "&>", "||", "|&", "<<", "<&", "<>", ">>", ">&", ">|", ";", "&", "|", "(", ")", "<", ">", "\n"}

func (lx *shlex) text(t shtok) string { return string(lx.out.buf[t.t0:t.t1]) }

// next returns the next token; false at the end.
func (lx *shlex) next() (shtok, bool) {
	for {
		for lx.pos < lx.end {
			c := lx.src[lx.pos]
			if isShBlank(c) {
				lx.pos++
				continue
			}
			if c == '\\' && lx.pos+1 < lx.end && lx.src[lx.pos+1] == '\n' {
				lx.pos += 2
				continue
			}
			break
		}
		if lx.pos >= lx.end {
			return shtok{}, false
		}
		c := lx.src[lx.pos]
		if c == '#' && (lx.pos == 0 || isShBlank(lx.src[lx.pos-1]) || lx.src[lx.pos-1] == '\n') {
			for lx.pos < lx.end && lx.src[lx.pos] != '\n' {
				lx.pos++
			}
			continue
		}
		if isShOp(c) {
			for _, op := range shOps {
				if strings.HasPrefix(lx.src[lx.pos:lx.end], op) {
					t := shtok{op: op, start: lx.pos, end: lx.pos + len(op)}
					lx.pos += len(op)
					return t, true
				}
			}
		}
		if t, ok := lx.word(); ok {
			return t, true
		}
	}
}

// maxQuote bounds the length of a quoted string.
const maxQuote = 1024

// quoteEnd is how far a quoted string starting at p may reach.
func (lx *shlex) quoteEnd(p int) int {
	return min(lx.end, p+maxQuote)
}

// word lexes one word; false when it turned out empty (a lone
// unterminated quote).
func (lx *shlex) word() (shtok, bool) {
	v := lx.out
	t := shtok{start: lx.pos, t0: len(v.buf)}
	lx.cur = &t
	segments := 0
	quotedOnly := true
	for lx.pos < lx.end {
		c := lx.src[lx.pos]
		if isShBlank(c) || isShOp(c) {
			break
		}
		segments++
		switch c {
		case '\'':
			le := lx.quoteEnd(lx.pos)
			j := strings.IndexByte(lx.src[lx.pos+1:le], '\'')
			if j < 0 {
				lx.pos++ // unterminated: the quote ends nothing and is dropped
				quotedOnly = false
				continue
			}
			v.lit(lx.src, lx.pos+1, lx.pos+1+j)
			lx.pos += j + 2
		case '"':
			if !lx.double() {
				quotedOnly = false
			}
		case '\\':
			quotedOnly = false
			if lx.dq && lx.pos+1 < lx.end && strings.IndexByte("$`\"", lx.src[lx.pos+1]) >= 0 {
				lx.pos++ // the outer quoting's escape
				if lx.src[lx.pos] == '"' {
					lx.pos++
				}
				continue
			}
			if lx.pos+1 < lx.end && lx.src[lx.pos+1] == '\n' {
				lx.pos += 2 // a line continuation joins the word's parts
				continue
			}
			if lx.pos+1 < lx.end {
				v.decoded([]byte{lx.src[lx.pos+1]}, lx.pos, lx.pos+2)
				lx.pos += 2
			} else {
				v.lit(lx.src, lx.pos, lx.pos+1)
				lx.pos++
			}
		case '$':
			if lx.pos+1 < lx.end && lx.src[lx.pos+1] == '\'' {
				lx.ansiC()
				continue
			}
			if lx.pos+1 < lx.end && lx.src[lx.pos+1] == '"' {
				// $"…": bash's locale quoting, the string itself when no
				// translation is installed.
				lx.pos++
				if !lx.double() {
					quotedOnly = false
				}
				continue
			}
			quotedOnly = false
			if lx.dollarTo(lx.end) || lx.cmdSubst(len(lx.src)) || lx.skipUnknown(lx.end, lx.end) {
				continue
			}
			v.lit(lx.src, lx.pos, lx.pos+1)
			lx.pos++
		case '`':
			quotedOnly = false
			if lx.cmdSubst(len(lx.src)) || lx.skipUnknown(lx.end, lx.end) {
				continue
			}
			v.lit(lx.src, lx.pos, lx.pos+1)
			lx.pos++
		default:
			quotedOnly = false
			s := lx.pos
			for lx.pos < lx.end && !shSpecial[lx.src[lx.pos]] {
				lx.pos++
			}
			v.lit(lx.src, s, lx.pos)
		}
	}
	t.end, t.t1 = lx.pos, len(v.buf)
	t.quoted = quotedOnly && segments == 1
	lx.cur = nil
	return t, t.t1 > t.t0 || t.quoted
}

// double lexes a "…" string at lx.pos. Unterminated on its line, the quote
// is dropped and lexing goes on after it (false).
func (lx *shlex) double() bool {
	v := lx.out
	le := lx.quoteEnd(lx.pos)
	j := lx.pos + 1
	for j < le && lx.src[j] != '"' {
		if lx.src[j] == '\\' && j+1 < le {
			j++
		} else if lx.src[j] == '$' && j+1 < le && lx.src[j+1] == '(' && lx.vars != nil && lx.scan > 0 {
			// "$(…"…")": the quotes of a command substitution are its
			// own (cmdsubst.go).
			end := min(len(lx.src), j+2+maxSubst)
			c := substClose(lx.src, j+2, end)
			if c < 0 {
				lx.scan -= end - j
			} else {
				lx.scan -= c - j
				j = c
				le = max(le, min(len(lx.src), c+1+maxQuote))
			}
		}
		j++
	}
	if j >= le {
		lx.pos++
		return false
	}
	close := j
	p := lx.pos + 1
	for p < close {
		c := lx.src[p]
		switch {
		case c == '\\' && p+1 < close && lx.src[p+1] == '\n':
			p += 2 // a line continuation, removed in double quotes too
		case c == '\\' && p+1 < close && strings.IndexByte("$`\"\\", lx.src[p+1]) >= 0:
			v.decoded([]byte{lx.src[p+1]}, p, p+2)
			p += 2
		case c == '$' || c == '`':
			save := lx.pos
			lx.pos = p
			if c == '$' && lx.dollarTo(close) || lx.cmdSubst(close) || lx.skipUnknown(close, close+1) {
				p = lx.pos
			} else {
				v.lit(lx.src, p, p+1)
				p++
			}
			lx.pos = save
		default:
			s := p
			for p < close && lx.src[p] != '\\' && lx.src[p] != '$' && lx.src[p] != '`' {
				p++
			}
			if p == s {
				p++
			}
			v.lit(lx.src, s, p)
		}
	}
	lx.pos = close + 1
	return true
}

// ansiC lexes a $'…' string at lx.pos, decoding its escapes.
func (lx *shlex) ansiC() {
	v := lx.out
	le := lx.quoteEnd(lx.pos)
	j := lx.pos + 2
	for j < le && lx.src[j] != '\'' {
		if lx.src[j] == '\\' && j+1 < le {
			j++
		}
		j++
	}
	if j >= le {
		v.lit(lx.src, lx.pos, lx.pos+1)
		lx.pos++
		return
	}
	close := j
	p := lx.pos + 2
	for p < close {
		if lx.src[p] != '\\' || p+1 >= close {
			s := p
			for p < close && lx.src[p] != '\\' {
				p++
			}
			if p == s {
				p++
			}
			v.lit(lx.src, s, p)
			continue
		}
		b, n := ansiEscape(lx.src[p:close])
		v.decoded(b, p, p+n)
		p += n
	}
	lx.pos = close + 1
}

// cEscape decodes the C-style escape at the start of s ("\n", "\x41",
// "\101", "\u00e9"), returning its bytes and length.
func cEscape(s string) ([]byte, int) {
	if len(s) < 2 || s[0] != '\\' {
		return []byte{s[0]}, 1
	}
	switch c := s[1]; c {
	case 'n':
		return []byte{'\n'}, 2
	case 't':
		return []byte{'\t'}, 2
	case 'r':
		return []byte{'\r'}, 2
	case 'a':
		return []byte{7}, 2
	case 'b':
		return []byte{8}, 2
	case 'e', 'E':
		return []byte{27}, 2
	case 'f':
		return []byte{12}, 2
	case 'v':
		return []byte{11}, 2
	case 'x':
		n, k := hexDigits(s[2:], 2)
		if k == 0 {
			return []byte(s[:2]), 2
		}
		return []byte{byte(n)}, 2 + k
	case 'u', 'U':
		max := 4
		if c == 'U' {
			max = 8
		}
		n, k := hexDigits(s[2:], max)
		if k == 0 || n > 0x10FFFF {
			return []byte(s[:2]), 2
		}
		return []byte(string(rune(n))), 2 + k
	case '0', '1', '2', '3', '4', '5', '6', '7':
		n, k := 0, 1
		for k < 4 && 1+k <= len(s)-1 && s[k] >= '0' && s[k] <= '7' {
			n = n*8 + int(s[k]-'0')
			k++
		}
		return []byte{byte(n)}, k
	default:
		return []byte{c}, 2
	}
}

// hexDigits reads up to max hex digits at the start of s.
func hexDigits(s string, max int) (int, int) {
	n, k := 0, 0
	for k < max && k < len(s) {
		d := unhex(s[k])
		if d < 0 {
			break
		}
		n = n*16 + d
		k++
	}
	return n, k
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// dollarTo expands $NAME or ${NAME} at lx.pos (not past limit) when NAME
// is a known variable and the budget allows, advancing lx.pos.
func (lx *shlex) dollarTo(limit int) bool {
	if lx.vars == nil {
		return false
	}
	p := lx.pos + 1
	brace := p < limit && lx.src[p] == '{'
	if brace {
		p++
	}
	// ${!NAME}: indirect expansion, the variable NAME's value names.
	indirect := brace && p+1 < limit && lx.src[p] == '!' && lx.src[p+1] != '}'
	if indirect {
		p++
	}
	s := p
	switch {
	case p < limit && (isDigit(lx.src[p]) || lx.src[p] == '@' || lx.src[p] == '*'):
		// A positional parameter ($1, ${10}) or all of them ($@, $*).
		p++
		for brace && isDigit(lx.src[s]) && p < limit && isDigit(lx.src[p]) {
			p++
		}
	default:
		for p < limit && (isAlnum(lx.src[p]) || lx.src[p] == '_') && !(p == s && isDigit(lx.src[p])) {
			p++
		}
	}
	if p == s {
		return false
	}
	name := lx.src[s:p]
	if brace && p < limit && lx.src[p] == '[' {
		// ${NAME[SUB]}: the element when it was set alone, else the
		// whole array (shbind.go).
		e := strings.IndexByte(lx.src[p:limit], ']')
		if e < 0 || p+e+1 >= limit || lx.src[p+e+1] != '}' {
			return false
		}
		if _, ok := lx.vars[lx.src[s:p+e+1]]; ok {
			name = lx.src[s : p+e+1]
		}
		p += e + 1
	}
	if indirect {
		// ${!NAME…}: the variable NAME's value is the name expanded
		// (${!NAME*} and ${!NAME@} list names: nothing to expand).
		ref, ok := lx.lookup(name)
		if !ok || !isIdent(string(ref.v.buf)) || p < limit && (lx.src[p] == '*' || lx.src[p] == '@') {
			return false
		}
		name = string(ref.v.buf)
	}
	if brace {
		if p >= limit || lx.src[p] != '}' {
			return lx.paramOp(name, p, limit)
		}
		p++
	}
	val, ok := lx.lookup(name)
	if ok && len(val.v.buf) > lx.budget {
		lx.giveUp() // round 16 (failclosed.go)
	}
	if !ok || len(val.v.buf) > lx.budget {
		return false
	}
	lx.budget -= len(val.v.buf)
	lx.out.copyFrom(&val.v, 0, len(val.v.buf), true)
	lx.pos = p
	if lx.cur != nil {
		lx.cur.expanded = true
	}
	return true
}

// paramOp expands ${NAME<op>WORD} at lx.pos, where p is at <op>, for the
// operators that can rebuild a split secret from literal text: defaults
// (:- - := = :+ +, WORD when NAME is unset or, for +, set) and, for a
// known NAME, pattern substitution (/PAT/REP, //PAT/REP) and prefix or
// suffix removal (# ## % %%) with literal patterns. Every other form
// with a known NAME (case conversion ,, ^^, substrings :0:12, @Q, a
// glob pattern, a WORD holding quotes or expansions) is over-approximated
// as NAME's whole value: what a password position receives is derived
// from it, so the value is what to mask. An unknown NAME with such a
// form is left unexpanded.
func (lx *shlex) paramOp(name string, p, limit int) bool {
	close, plain := paramEnd(lx.src, p, limit)
	if close < 0 {
		return false
	}
	val, set := lx.lookup(name)
	if set && len(val.v.buf) > lx.budget {
		lx.giveUp()
		return false
	}
	if !plain && !set && paramDefault(lx.src[p:close]) {
		// ${X:-"PW"}, ${X:="$A"B}: the word is lexed as the shell does.
		return lx.paramWord(name, p, close)
	}
	if !plain || !paramModelled(lx.src[p:close]) {
		if !set || p == close {
			return false
		}
		lx.budget -= len(val.v.buf)
		lx.out.copyFrom(&val.v, 0, len(val.v.buf), true)
		lx.pos = close + 1
		if lx.cur != nil {
			lx.cur.expanded = true
		}
		return true
	}
	op := lx.src[p:close]
	switch {
	case strings.HasPrefix(op, ":-"), strings.HasPrefix(op, ":="), strings.HasPrefix(op, ":+"),
		op[0] == '-', op[0] == '=', op[0] == '+':
		w0 := p + 1
		if op[0] == ':' {
			w0++
		}
		plus := lx.src[w0-1] == '+'
		switch {
		case set && !plus:
			lx.budget -= len(val.v.buf)
			lx.out.copyFrom(&val.v, 0, len(val.v.buf), true)
		case set == plus:
			at := len(lx.out.buf)
			lx.out.lit(lx.src, w0, close)
			if lx.src[w0-1] == '=' {
				lx.bindParam(name, at) // ${X:=PW}, ${X=PW}
			}
		}
	case op[0] == '/' && set:
		all := len(op) > 1 && op[1] == '/'
		pat := op[1:]
		if all {
			pat = op[2:]
		}
		pat, rep, _ := strings.Cut(pat, "/")
		if pat == "" {
			return false
		}
		repAt := close - len(rep)
		lx.budget -= len(val.v.buf)
		text := string(val.v.buf)
		from := 0
		for {
			i := strings.Index(text[from:], pat)
			if i < 0 {
				break
			}
			lx.out.copyFrom(&val.v, from, from+i, true)
			lx.out.lit(lx.src, repAt, close)
			from += i + len(pat)
			if !all {
				break
			}
		}
		lx.out.copyFrom(&val.v, from, len(text), true)
	case (op[0] == '#' || op[0] == '%') && set:
		pat := strings.TrimLeft(op, op[:1])
		text := string(val.v.buf)
		a, b := 0, len(text)
		if op[0] == '#' && strings.HasPrefix(text, pat) {
			a = len(pat)
		}
		if op[0] == '%' && strings.HasSuffix(text, pat) {
			b -= len(pat)
		}
		lx.budget -= len(val.v.buf)
		lx.out.copyFrom(&val.v, a, b, true)
	default:
		return false
	}
	lx.pos = close + 1
	if lx.cur != nil {
		lx.cur.expanded = true
	}
	return true
}

// paramEnd is the offset of the "}" closing the ${…} whose operator
// starts at p (nested ${…} and quotes skipped, at most maxQuote bytes),
// -1 when none; plain: the operator and its word hold no quote,
// expansion, glob character or newline.
func paramEnd(src string, p, limit int) (int, bool) {
	limit = min(limit, p+maxQuote)
	plain, depth := true, 0
	for i := p; i < limit; i++ {
		c := src[i]
		if strings.IndexByte("$`'\"\\{*?[\n", c) >= 0 {
			plain = false
		}
		switch c {
		case '\\':
			i++
		case '\'':
			j := strings.IndexByte(src[i+1:limit], '\'')
			if j < 0 {
				return -1, false
			}
			i += j + 1
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i, plain
			}
			depth--
		}
	}
	return -1, false
}

// paramModelled reports an operator paramOp renders exactly.
func paramModelled(op string) bool {
	if op == "" {
		return false
	}
	switch op[0] {
	case '-', '=', '+', '/', '#', '%':
		return true
	case ':':
		return len(op) > 1 && strings.IndexByte("-=+", op[1]) >= 0
	}
	return false
}

// Red-team round 13 (#27): the assigning expansions ${NAME:=WORD} and
// ${NAME=WORD} bind NAME to WORD when it is unset, as NAME=WORD does
// (": ${X:=PW}; mysql -p"$X""); WORD holding quotes or expansions is
// lexed as the shell lexes it (${X:-"PW"}).

// paramDefault reports the operators whose word is used when NAME is
// unset: :- - := =.
func paramDefault(op string) bool {
	op = strings.TrimPrefix(op, ":")
	return op != "" && (op[0] == '-' || op[0] == '=')
}

// bindParam binds name to what the lexer rendered from view offset at on,
// when name is an identifier (not a positional parameter).
func (lx *shlex) bindParam(name string, at int) {
	if !isIdent(name) || len(lx.out.buf) <= at {
		return
	}
	var v shvar
	v.v.copyFrom(lx.out, at, len(lx.out.buf), false)
	lx.vars[name] = v
}

// paramWord renders the word of ${NAME<op>WORD} (the operator at p, "}"
// at close) for an unset NAME: WORD's words, lexed with the known
// variables, joined by blanks; an assigning operator binds NAME to it.
func (lx *shlex) paramWord(name string, p, close int) bool {
	w0 := p + 1
	if lx.src[p] == ':' {
		w0++
	}
	sub := &shlex{src: lx.src, pos: w0, end: close, out: &view{}, vars: lx.vars, fail: lx.fail, budget: lx.budget, scan: lx.scan, dq: lx.dq}
	out := &view{}
	for n := 0; n < maxCLIArgs; n++ {
		t, ok := sub.next()
		if !ok {
			break
		}
		if t.op != "" {
			continue
		}
		if n > 0 {
			out.synthetic(' ')
		}
		out.copyFrom(sub.out, t.t0, t.t1, false)
	}
	lx.scan = sub.scan
	if len(out.buf) > sub.budget {
		lx.giveUp()
		return false
	}
	lx.budget = sub.budget - len(out.buf)
	at := len(lx.out.buf)
	lx.out.copyFrom(out, 0, len(out.buf), false)
	if lx.src[w0-1] == '=' {
		lx.bindParam(name, at)
	}
	lx.pos = close + 1
	if lx.cur != nil {
		lx.cur.expanded = true
	}
	return true
}
