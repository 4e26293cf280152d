package redact

import (
	"sort"
	"strings"
)

// The shell view renders commands the way the programs they run see
// them, so that a secret split by the shell's own syntax is whole again:
//
//   - quote- and backslash-split words: gh”p_…, "ghp_"'abc…', gh\p_…,
//     $'\x67hp_…';
//   - variables: A=ghp_abc; B=def…; echo $A$B, and
//     T=…; curl -H "Authorization: Bearer $T" (the value is masked where it
//     was assigned, since the reference is no secret);
//   - printf: printf '%s%s' ghp_abc def… renders its output;
//   - adjacent string literals: "ghp_" "abc…", "ghp_" + "abc…";
//   - a credential label and its value in two arguments:
//     -H "Authorization: Bearer" -H "$T".
//
// Only commands the shell changes in a way that can matter are rendered:
// a variable was expanded, printf has arguments, literals are adjacent, a
// label lacks its value, or a gap (a removed quote, a decoded escape)
// falls inside a credential name or within a token's reach after a token
// prefix. Everything else costs one lexing pass.
type shItem struct {
	t0, t1 int
	// joinAt > 0: the item joins a label and the next argument; a context
	// rule's finding from joinAt on is trusted.
	joinAt int
	// nameGap: a credential name was split (pass''word=…), so context
	// rules' findings in the item are trusted.
	nameGap bool
	// contGap: a line continuation (backslash-newline) is removed inside
	// a word (DB_PASSWORD=ab\⏎cd), so context rules' findings in the item
	// are trusted too.
	contGap bool
	// valueGap: the value of a credential name is split by quoting or an
	// escape (API_KEY=ab'cd', --token ab\cd), so a context rule's finding
	// with a gap inside it is trusted: the direct scan saw only a piece.
	valueGap bool
}

// maxTokenReach is how far after a token prefix a gap still splits the
// token.
const maxTokenReach = 300

// shellView builds the view of s; nil when the shell would change nothing
// that matters.
func (r *Redactor) shellView(s string, oc *shOutcome) (*view, []shItem) {
	if !strings.ContainsAny(s, "'\"\\$`") && !strings.Contains(s, "xargs") && !strings.Contains(s, "printf") && !strings.Contains(s, "echo") {
		return nil, nil
	}
	ranges := shellLines(s)
	if len(ranges) == 0 {
		return nil, nil
	}
	b := &shBuilder{
		r:  r,
		lx: &shlex{src: s, out: &view{}, vars: map[string]shvar{}, fail: &oc.gaveUp, budget: min(max(4096, len(s)), 1<<20), scan: max(4096, len(s))},
		v:  &view{},
	}
	defer func() { oc.vars = b.lx.vars }()
	for _, rg := range ranges {
		// A command substitution may end on a later line (cmdsubst.go):
		// lexing goes on after it.
		b.lx.pos, b.lx.end = max(rg.start, b.lx.pos), rg.end
		b.run()
		b.flushPrinted() // shprinted.go
	}
	b.runDeferred() // shdefer.go
	if len(b.items) == 0 {
		return nil, nil
	}
	return b.v, b.items
}

type shBuilder struct {
	r     *Redactor
	lx    *shlex
	v     *view
	items []shItem
	cmd   []shtok // words and in-pipeline operators of the current pipeline
	// shbind.go: the positional parameters, the functions defined (their
	// bodies), the one being defined, calls to follow after the pipeline,
	// how deep in calls the lexer is and how much it lexed again.
	pos      []shvar
	funcs    map[string]span
	fnName   string
	fnStart  int
	fnDepth  int
	calls    []shCall
	deferred []shCall  // shdefer.go: trap actions, run at the end
	written  shWritten // shscript.go: files the line wrote
	// shprinted.go: what the line range prints, and in how many pieces.
	printed      *view
	pieces       int
	depth, relex int
}

func (b *shBuilder) run() {
	lx := b.lx
	cmdPos, declArgs, declRef, declExport := true, false, false, false
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.op != "" {
			switch t.op {
			case "|", "|&", "<", ">", ">>", "<<<", "<<", "<<-", "&>", ">&", "<&", "<>", ">|":
				if t.op == "|" || t.op == "|&" {
					cmdPos, declArgs, declRef = true, false, false
					lx.stdin = b.pipeText() // shpipe.go
				}
				b.cmd = append(b.cmd, t)
				continue
			}
			arr := b.arrayName(t)
			b.defineFunc(t)
			b.flush()
			// Nothing refers to the lexer's text of a finished pipeline
			// (variables keep copies): reuse its buffer.
			lx.out.buf, lx.out.segs = lx.out.buf[:0], lx.out.segs[:0]
			cmdPos, declArgs, declRef = true, false, false
			lx.stdin = nil
			if arr != "" {
				b.arrayWords(arr) // shbind.go
			}
			continue
		}
		b.cmd = append(b.cmd, t)
		b.funcBrace(t, cmdPos)
		switch {
		case (cmdPos || declArgs) && b.assign(t, declRef):
		case declArgs && strings.HasPrefix(lx.text(t), "-"):
			// declare/local/typeset -n NAME=REF: a nameref (export -n
			// unexports).
			declRef = declRef || strings.IndexByte(lx.text(t), 'n') > 0 && !declExport
		case declArgs && t.expanded:
			// export $(echo X=PW): the words of the expansion (round 14
			// #29, shrender.go).
			b.bindText(lx.out, t.t0, t.t1, true)
		case (cmdPos || len(b.cmd) == 3 && b.cmd[0].op == "" && lx.text(b.cmd[0]) == "function") && !t.quoted && !t.expanded && shLeadKeyword(lx.text(t)):
			cmdPos = true
			// Red-team round 15 (#21): a reserved word ({, then, do, else,
			// !, time …) keeps command position, as bind() reads it:
			// { X=PW; …; } assigns X.
		case cmdPos && isDeclWord(lx.text(t)):
			cmdPos, declArgs, declRef = false, true, false
			declExport = lx.text(t) == "export"
		default:
			cmdPos, declArgs, declRef = false, false, false
		}
	}
	b.flush()
}

// shellLines returns the lines of s (merged where adjacent) that hold
// something the shell view can join: a quote or backslash inside a word
// (gh”p_, gh\p_), a variable reference or $'…', printf, a quoted label
// followed by another argument ("Authorization: Bearer" "…"), adjacent
// quoted literals; and, when s refers to variables, the lines that
// assign them. The rest of s is not lexed at all.
func shellLines(s string) []span {
	var out []span
	var assigns []span
	refs := false
	hdStart := -1 // the last line that opens a here-document
	var writes shLineWrites
	add := func(list *[]span, a, b int) {
		if n := len(*list); n > 0 && (*list)[n-1].end+1 >= a {
			(*list)[n-1].end = max((*list)[n-1].end, b)
			return
		}
		*list = append(*list, span{start: a, end: b})
	}
	for ls := 0; ls < len(s); {
		le := strings.IndexByte(s[ls:], '\n')
		if le < 0 {
			le = len(s)
		} else {
			le += ls
		}
		// A backslash-newline continues the line: the shell removes both,
		// joining the word it splits (ghp_ab\⏎cd…).
		for le < len(s) && continued(s[ls:le]) {
			n := strings.IndexByte(s[le+1:], '\n')
			if n < 0 {
				le = len(s)
				break
			}
			le += 1 + n
		}
		line := s[ls:le]
		hit, assign := shellTrigger(line)
		if w := writes.reader(line); hit == 0 && w >= 0 {
			out = addFrom(out, w, le) // shscript.go: bash s.sh PW
		}
		writes.note(line, ls)
		switch {
		case hit > 0:
			if hdStart >= 0 {
				// Red-team round 15 (#27): the command a here-document
				// with a trigger is given to (sh -s PW <<'EOF' …"$1"…).
				add(&out, hdStart, le)
				hdStart = -1
			}
			add(&out, ls, le)
			if hit == 2 {
				refs = true
			}
		case assign:
			add(&assigns, ls, le)
		}
		if h := strings.Index(line, "<<"); h >= 0 && !strings.HasPrefix(line[h:], "<<<") {
			hdStart = ls
		}
		ls = le + 1
	}
	if !refs {
		return out
	}
	assigns = bindingLines(s, out, assigns) // shbind.go
	if len(assigns) == 0 {
		return out
	}
	// Merge the assignment lines in, in order.
	all := append(out, assigns...)
	sort.Slice(all, func(i, j int) bool { return all[i].start < all[j].start })
	out = nil
	for _, r := range all {
		add(&out, r.start, r.end)
	}
	return out
}

// shellTrigger classifies one line: 2 when it refers to a variable, 1 when
// it holds another trigger of shellLines, 0 otherwise; assign reports a
// NAME=value at the start of a word.
func shellTrigger(line string) (hit int, assign bool) {
	isW := func(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }
	// pipeBefore(i) reports a '|' before offset i: the line's first pipe,
	// found once, so a line of many openers stays linear (red-team round
	// 26, #c9: a rescan of the prefix at every opener was quadratic).
	firstPipe := strings.IndexByte(line, '|')
	pipeBefore := func(i int) bool { return firstPipe >= 0 && firstPipe < i }
	for i := 0; i < len(line); i++ {
		for i < len(line) && !shTriggerByte[line[i]] {
			i++
		}
		if i >= len(line) {
			break
		}
		c := line[i]
		switch c {
		case '\'', '"', '\\':
			if i == 0 || !isW(line[i-1]) && (c == '\\' || line[i-1] != ':' && line[i-1] != '=') {
				if c != '\\' && afterLiteral(line, i) {
					hit = max(hit, 1) // adjacent literals: "a" "b", "a" + "b"
				}
				continue
			}
			j := i
			for j < len(line) && (line[j] == '\'' || line[j] == '"' || line[j] == '\\') {
				j++
			}
			if j < len(line) && isW(line[i-1]) && (isW(line[j]) || c == '\\' && line[j] > ' ') {
				hit = max(hit, 1) // inside a word: gh''p_, "ghp_"'x', gh\p_, pw\!x
			}
			if j+1 < len(line) && line[j] == '\n' && line[j-1] == '\\' && (isW(line[j+1]) || line[j+1] == '\'' || line[j+1] == '"') && isW(line[i-1]) {
				hit = max(hit, 1) // a line continuation inside a word
				j++
			}
			if j == len(line) || line[j] == ' ' || line[j] == '\t' {
				if line[i-1] == ':' || line[i-1] == '=' || endsWithScheme(line[:i]) {
					hit = max(hit, 1) // a label closing its argument: "Authorization: Bearer" …
				}
			}
			i = j - 1
		case '$':
			if i+1 < len(line) && (line[i+1] == '\'' || line[i+1] == '"' || line[i+1] == '{' || line[i+1] == '_' || isUpper(line[i+1]) || isLower(line[i+1]) ||
				isDigit(line[i+1]) || line[i+1] == '@' || line[i+1] == '*') {
				hit = 2
			} else if i > 0 && i+1 < len(line) && line[i+1] == '(' && (isAlnum(line[i-1]) || strings.IndexByte(":/@.", line[i-1]) >= 0) {
				hit = max(hit, 1) // a command substitution inside a word: u:$(echo PW)@h (cmdsubst.go)
			} else if i+1 < len(line) && line[i+1] == '(' && pipeBefore(i) {
				hit = max(hit, 1) // a substitution after a pipe may read it: … | mysql -p"$(cat)" (shpipe.go)
			}
		case '`':
			if pipeBefore(i) {
				hit = max(hit, 1) // … | mysql -p`cat` (shpipe.go)
			} else if k := strings.IndexByte(line[i+1:], '`'); k >= 0 {
				// A substitution inside a word, text on both sides:
				// ab`:`cd (shempty.go). The pair is skipped whole, so a
				// closing backquote is never read as an opening one.
				j := i + 1 + k
				if i > 0 && isW(line[i-1]) && j+1 < len(line) && isW(line[j+1]) {
					hit = max(hit, 1)
				}
				i = j
			}
		case 'p':
			if strings.HasPrefix(line[i:], "printf") {
				hit = max(hit, 1)
			}
		case 'x':
			if strings.HasPrefix(line[i:], "xargs") {
				hit = max(hit, 1) // shfeed.go: the command xargs builds
			}
		case '=':
			if !assign && i > 0 {
				e := i
				if line[e-1] == '+' {
					e-- // NAME+=value
				}
				k := e
				for k > 0 && (isAlnum(line[k-1]) || line[k-1] == '_') {
					k--
				}
				if k < e && (k == 0 || line[k-1] == ' ' || line[k-1] == '\t' || line[k-1] == ';' || line[k-1] == '&' || line[k-1] == '(') {
					assign = true
				}
			}
		}
	}
	if hit == 0 && strings.Contains(line, "echo") && (strings.ContainsAny(line, ";&|") || strings.Contains(line, "<(")) {
		hit = 1 // a line printing in pieces (shprinted.go)
	}
	return hit, assign
}

// continued reports a line ending in an unescaped backslash.
func continued(line string) bool {
	n := 0
	for n < len(line) && line[len(line)-1-n] == '\\' {
		n++
	}
	return n%2 == 1
}

// afterLiteral reports a quote at i that follows another quote, with only
// blanks and one concatenation operator (+ or .) between.
func afterLiteral(line string, i int) bool {
	j := i - 1
	for j >= 0 && (line[j] == ' ' || line[j] == '\t') {
		j--
	}
	if j >= 0 && (line[j] == '+' || line[j] == '.') {
		j--
		for j >= 0 && (line[j] == ' ' || line[j] == '\t') {
			j--
		}
	}
	return j >= 0 && j < i-1 && (line[j] == '"' || line[j] == '\'')
}

var shTriggerByte = func() (t [256]bool) {
	for _, c := range []byte("'\"\\$p=x`") {
		t[c] = true
	}
	return
}()

// endsWithScheme reports whether s ends with an Authorization scheme word.
func endsWithScheme(s string) bool {
	i := len(s)
	for i > 0 && (isAlnum(s[i-1]) || s[i-1] == '-') {
		i--
	}
	return i < len(s) && i > 0 && s[i-1] == ' ' && isScheme(s[i:])
}

func isDeclWord(w string) bool {
	switch w {
	case "export", "local", "declare", "typeset", "readonly":
		return true
	}
	return false
}

// assign records NAME=value (or NAME+=value) written unquoted at command
// position; ref: NAME is declared a nameref (declare -n NAME=REF), so its
// expansions are REF's. Assigning a nameref assigns the variable it
// refers to.
func (b *shBuilder) assign(t shtok, ref bool) bool {
	src := b.lx.src[t.start:t.end]
	i := 0
	for i < len(src) && (isAlnum(src[i]) || src[i] == '_') && !(i == 0 && isDigit(src[i])) {
		i++
	}
	if i == 0 || i >= len(src) {
		return false
	}
	nameEnd := i
	if src[i] == '[' {
		// NAME[SUB]=value: ${NAME[SUB]} (shbind.go).
		e := strings.IndexByte(src[i:], ']')
		if e < 0 {
			return false
		}
		i += e + 1
		nameEnd = i
		if i >= len(src) {
			return false
		}
	}
	appendTo := false
	if src[i] == '+' && i+1 < len(src) && src[i+1] == '=' {
		appendTo = true
		i++
	}
	if src[i] != '=' {
		return false
	}
	name := src[:nameEnd]
	text := b.lx.out.buf[t.t0:t.t1]
	eq := strings.IndexByte(string(text), '=')
	if eq < 0 {
		return false
	}
	if target := string(text[eq+1:]); ref && !appendTo && isIdent(target) {
		b.lx.vars[name] = shvar{ref: target}
		return true
	}
	for i := 0; i < maxRefHops && b.lx.vars[name].ref != ""; i++ {
		name = b.lx.vars[name].ref
	}
	var val shvar
	if appendTo {
		if old, ok := b.lx.vars[name]; ok {
			val.v.copyFrom(&old.v, 0, len(old.v.buf), false)
		}
	}
	val.v.copyFrom(b.lx.out, t.t0+eq+1, t.t1, false)
	if len(val.v.buf) > 0 {
		b.lx.vars[name] = val
	}
	return true
}

// flush renders the pending pipeline when it is worth examining.
func (b *shBuilder) flush() {
	cmd := b.cmd
	b.cmd = b.cmd[:0]
	if len(cmd) == 0 {
		return
	}
	lx := b.lx
	gapped, expanded := false, false
	for _, t := range cmd {
		if t.op != "" {
			continue
		}
		if t.expanded {
			expanded = true
		}
		if !gapped {
			lx.out.gaps(t.t0, t.t1, func(int) { gapped = true })
		}
	}
	b.bind(cmd)
	defer b.runCalls()
	b.printf(cmd)
	if b.depth == 0 {
		b.notePrinted(cmd) // shprinted.go
	}
	b.literals(cmd)
	b.labels(cmd)
	if !gapped && !expanded {
		return
	}
	start := b.v.len()
	b.render(cmd)
	it := shItem{t0: start, t1: b.v.len()}
	it.nameGap = b.nameGap(cmd)
	it.contGap = b.contGap(cmd)
	it.valueGap = b.valueGap(cmd)
	if !expanded && !it.nameGap && !it.contGap && !it.valueGap && !b.tokenGap(start) {
		b.v.truncate(start)
		return
	}
	b.v.synthetic('\n')
	b.items = append(b.items, it)
}

// render appends the pipeline as the programs see it: words separated by
// blanks, quoted where they hold blanks or shell syntax so that the view
// lexes back into the same words.
func (b *shBuilder) render(cmd []shtok) {
	for i, t := range cmd {
		if i > 0 {
			b.v.synthetic(' ')
		}
		if t.op != "" {
			b.v.buf = append(b.v.buf, t.op...)
			continue
		}
		b.word(t)
	}
}

func (b *shBuilder) word(t shtok) {
	if t.cands {
		// The candidates of a substitution bind the name only
		// (cmdsubst.go): the assignment shows its name.
		raw := b.lx.src[t.start:t.end]
		b.v.lit(b.lx.src, t.start, t.start+strings.IndexByte(raw, '=')+1)
		return
	}
	if t.expanded && b.fields(t) {
		return // shbind.go: "$@", unquoted $NAME
	}
	b.wordRange(t.t0, t.t1)
}

// wordRange appends the lexer's view bytes [t0, t1) as one word.
func (b *shBuilder) wordRange(t0, t1 int) { b.wordView(b.lx.out, t0, t1) }

// wordView appends the bytes [t0, t1) of src as one word.
func (b *shBuilder) wordView(src *view, t0, t1 int) {
	text := src.buf[t0:t1]
	if !needsQuotes(text) {
		b.v.copyFrom(src, t0, t1, false)
		return
	}
	if strings.IndexByte(string(text), '\'') < 0 {
		b.v.synthetic('\'')
		b.v.copyFrom(src, t0, t1, false)
		b.v.synthetic('\'')
		return
	}
	b.v.synthetic('"')
	for i := t0; i < t1; i++ {
		switch src.buf[i] {
		case '"', '\\', '$', '`':
			b.v.synthetic('\\')
		}
		b.v.copyFrom(src, i, i+1, false)
	}
	b.v.synthetic('"')
}

func needsQuotes(text []byte) bool {
	if len(text) == 0 {
		return true
	}
	for _, c := range text {
		if shSpecial[c] || c == '#' {
			return true
		}
	}
	return false
}

// tokenGap reports whether the rendered text from start on holds a token
// prefix (a keyword of a format rule, or a program of the CLI table) with
// a gap within a token's reach after it.
func (b *shBuilder) tokenGap(start int) bool {
	text := string(b.v.buf[start:])
	hits, _ := b.r.keywordHits(text)
	var gaps []int
	b.v.gaps(start, b.v.len(), func(at int) { gaps = append(gaps, at-start) })
	if len(gaps) == 0 {
		return false
	}
	for _, h := range hits {
		if genericRule.Get()[b.r.rules[h.rule].id] && b.r.rules[h.rule].id != ruleCLIFlag {
			continue
		}
		// gaps is sorted: the first gap after the hit decides.
		if k := sort.SearchInts(gaps, h.pos+1); k < len(gaps) && gaps[k]-h.pos <= maxTokenReach {
			return true
		}
	}
	return false
}

// contGap reports a word of cmd with a line continuation inside it.
func (b *shBuilder) contGap(cmd []shtok) bool {
	for _, t := range cmd {
		if t.op == "" && t.end-t.start > 2 && strings.Contains(b.lx.src[t.start+1:t.end-1], "\\\n") {
			return true
		}
	}
	return false
}

// valueGap reports a word split inside by quoting or an escape that is
// the value of a credential name: NAME=VALUE, NAME:VALUE, or the word
// after a --NAME option.
func (b *shBuilder) valueGap(cmd []shtok) bool {
	lx := b.lx
	for i, t := range cmd {
		if t.op != "" {
			continue
		}
		last := -1 // the last gap with a letter or digit after it
		lx.out.gaps(t.t0, t.t1, func(g int) {
			if hasAlnum(lx.out.buf[g:t.t1]) {
				last = g
			}
		})
		if last < 0 {
			continue
		}
		text := string(lx.out.buf[t.t0:t.t1])
		name := ""
		if eq := strings.IndexAny(text, "=:"); eq > 0 {
			if last-t.t0 <= eq+1 {
				continue // the quotes are around the name or the whole value
			}
			name = text[:eq]
		} else if i > 0 && cmd[i-1].op == "" && strings.HasPrefix(lx.text(cmd[i-1]), "-") {
			name = lx.text(cmd[i-1])
		}
		if name = strings.TrimLeft(name, "-"); name != "" && len(name) <= maxKeyLen && credName(name) {
			return true
		}
	}
	return false
}

// credName reports a name the assignment rule reads as a credential's.
func credName(name string) bool {
	if classifyKey(name) != keyNone || isPwdName(name) {
		return true
	}
	pn := classifyPwName(name)
	return pn.ok && !pn.verb && (!pn.ambiguous || pn.words > 1)
}

// nameGap reports a gap strictly inside a name that says "credential"
// (pass”word, Author"iz"ation).
func (b *shBuilder) nameGap(cmd []shtok) bool {
	lx := b.lx
	found := false
	for _, t := range cmd {
		if t.op != "" || found {
			continue
		}
		text := lx.out.buf
		lx.out.gaps(t.t0, t.t1, func(g int) {
			if found {
				return
			}
			a, e := g, g
			for a > t.t0 && g-a < maxKeyLen && isKeyByte(text[a-1]) {
				a--
			}
			for e < t.t1 && e-g < maxKeyLen && isKeyByte(text[e]) {
				e++
			}
			if a < g && e > g {
				switch classifyKey(string(text[a:e])) {
				case keyPassword, keyStrong, keyAuthz:
					found = true
				}
			}
		})
	}
	return found
}

// printf renders the output of printf FORMAT ARGS… (and records
// printf -v NAME … as an assignment).
func (b *shBuilder) printf(cmd []shtok) {
	lx := b.lx
	for i := 0; i < len(cmd); i++ {
		if cmd[i].op != "" || lx.text(cmd[i]) != "printf" {
			continue
		}
		// The arguments end at the next printf word, so that a line of
		// many printf words is rendered in linear time (red-team round
		// 28: the printf trigger of shellView exposed it).
		end := i + 1
		for end < len(cmd) && (cmd[end].op != "" || lx.text(cmd[end]) != "printf") {
			end++
		}
		args := words(cmd[i+1 : end])
		name := ""
		if len(args) > 2 && lx.text(args[0]) == "-v" {
			name = lx.text(args[1])
			args = args[2:]
		}
		if len(args) < 2 && name == "" {
			continue
		}
		if len(args) == 0 {
			continue
		}
		out := &view{}
		renderPrintf(lx, args[0], args[1:], out)
		if name != "" {
			lx.vars[name] = shvar{v: *out}
		}
		start := b.v.len()
		b.v.copyFrom(out, 0, out.len(), false)
		if b.v.len() > start {
			b.v.synthetic('\n')
			b.items = append(b.items, shItem{t0: start, t1: b.v.len() - 1})
		}
	}
}

// renderPrintf appends what printf prints for format f and args: %s and
// %b take the next argument, other conversions too, escapes are decoded.
// As printf does, the format is used again while arguments remain
// (printf %s ghp_abc def prints ghp_abcdef).
func renderPrintf(lx *shlex, f shtok, args []shtok, out *view) {
	for pass := 0; pass < maxCLIArgs; pass++ {
		n := len(args)
		args = renderPrintfOnce(lx, f, args, out)
		if len(args) == 0 || len(args) == n {
			return
		}
	}
}

// renderPrintfOnce renders one pass of format f and returns the
// arguments it left.
func renderPrintfOnce(lx *shlex, f shtok, args []shtok, out *view) []shtok {
	buf := lx.out.buf
	for i := f.t0; i < f.t1; i++ {
		c := buf[i]
		switch {
		case c == '%' && i+1 < f.t1 && buf[i+1] == '%':
			out.copyFrom(lx.out, i, i+1, false)
			i++
		case c == '%':
			j := i + 1
			for j < f.t1 && strings.IndexByte("-+ #0123456789.", buf[j]) >= 0 {
				j++
			}
			i = j
			if len(args) > 0 {
				out.copyFrom(lx.out, args[0].t0, args[0].t1, false)
				args = args[1:]
			}
		case c == '\\' && i+1 < f.t1:
			e, n := cEscape(string(buf[i:f.t1]))
			ss, se := lx.segSource(i, i+n)
			out.decoded(e, ss, se)
			i += n - 1
		default:
			out.copyFrom(lx.out, i, i+1, false)
		}
	}
	return args
}

// segSource is the input range of view bytes [a, b) of the lexer's view.
func (lx *shlex) segSource(a, b int) (int, int) {
	ps := lx.out.source(lx.src, a, b)
	if len(ps) == 0 {
		return 0, 0
	}
	return ps[0].start, ps[len(ps)-1].end
}

func words(toks []shtok) []shtok {
	var out []shtok
	for _, t := range toks {
		if t.op != "" {
			break
		}
		out = append(out, t)
	}
	return out
}

// literals joins runs of adjacent quoted words ("ghp_" "abc", "ghp_" +
// "abc") into one item.
func (b *shBuilder) literals(cmd []shtok) {
	lx := b.lx
	for i := 0; i < len(cmd); {
		if cmd[i].op != "" || !cmd[i].quoted {
			i++
			continue
		}
		run := []shtok{cmd[i]}
		j := i + 1
		for j < len(cmd) && cmd[j].op == "" {
			if w := lx.text(cmd[j]); (w == "+" || w == "." || w == "..") && !cmd[j].quoted && j+1 < len(cmd) && cmd[j+1].op == "" && cmd[j+1].quoted {
				j++
			}
			if !cmd[j].quoted {
				break
			}
			run = append(run, cmd[j])
			j++
		}
		if len(run) > 1 {
			start := b.v.len()
			for _, t := range run {
				b.v.copyFrom(lx.out, t.t0, t.t1, false)
			}
			b.v.synthetic('\n')
			b.items = append(b.items, shItem{t0: start, t1: b.v.len() - 1})
		}
		i = j
	}
}

// labels joins an argument that is a credential label without its value
// ("Authorization: Bearer", "password=") with the next argument (skipping
// a repeated option such as the second -H).
func (b *shBuilder) labels(cmd []shtok) {
	lx := b.lx
	for i, t := range cmd {
		// Only a quoted argument: unquoted, "password: x" is one line that
		// the direct scan reads whole.
		if t.op != "" || !t.quoted || !isBareLabel(lx.text(t)) {
			continue
		}
		j := i + 1
		if j < len(cmd) && i > 0 && cmd[j].op == "" && cmd[i-1].op == "" && lx.text(cmd[j]) == lx.text(cmd[i-1]) && strings.HasPrefix(lx.text(cmd[j]), "-") {
			j++
		}
		if j >= len(cmd) || cmd[j].op != "" {
			continue
		}
		// Unquoted: the item reads as the header line the program sends.
		start := b.v.len()
		b.v.copyFrom(lx.out, t.t0, t.t1, false)
		b.v.synthetic(' ')
		at := b.v.len()
		b.v.copyFrom(lx.out, cmd[j].t0, cmd[j].t1, false)
		b.v.synthetic('\n')
		b.items = append(b.items, shItem{t0: start, t1: b.v.len() - 1, joinAt: at})
	}
}

// isBareLabel reports a credential label with no value: "Authorization:",
// "Authorization: Bearer", "password=", "token:".
func isBareLabel(w string) bool {
	w = strings.TrimSpace(w)
	if w == "" || len(w) > maxKeyLen+16 {
		return false
	}
	if i := strings.LastIndexAny(w, " \t"); i > 0 && isScheme(w[i+1:]) {
		w = strings.TrimSpace(w[:i])
	}
	last := w[len(w)-1]
	if last != ':' && last != '=' {
		return false
	}
	key := strings.TrimRight(strings.TrimLeft(w[:len(w)-1], "-"), " \t")
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		if !isKeyByte(key[i]) {
			return false
		}
	}
	switch classifyKey(key) {
	case keyPassword, keyStrong, keyAuthz:
		return true
	}
	return false
}
