package redact

import (
	"sort"
	"strconv"
	"strings"
)

// Red-team round 9 (#12): names bound without NAME=value. The shell view
// expanded only variables assigned NAME=value (also after export,
// declare, local, typeset, readonly and their options) and by printf -v,
// so a secret bound another way and used later at a password position
// was stored:
//
//	set -- PW; mysql -p"$1"            read -r p <<< PW; sshpass -p "$p" …
//	for pw in PW; do mysql -p"$pw"; done
//
// Every binding form of the shell now gives the name its literal value
// in the view, so that what the program sees is masked where the value
// was written:
//
//   - set [OPTIONS] [--] WORDS: the positional parameters ($1 … ${10},
//     "$@", "$*"); shift [N] drops the first N;
//   - read [OPTIONS] NAME… and mapfile/readarray [OPTIONS] [NAME] with a
//     here-string, a here-document or a piped echo or printf as input
//     (every name gets the whole input: which part lands in which name
//     depends on IFS, and the whole errs towards masking);
//   - for NAME in WORDS and select NAME in WORDS (all the words: the body
//     runs with each of them); for NAME without in: the positionals;
//   - NAME=(WORDS) and NAME[SUB]=WORD: ${NAME[SUB]}, ${NAME[@]} and $NAME
//     (the named element when it is known, else all of them);
//   - a function's positional parameters where it is called with
//     arguments (f() { mysql -p"$1"; }; f PW), and those of the script
//     of sh -c 'SCRIPT' NAME ARGS….
//
// A while or until loop whose condition reads takes the here-string or
// the echo or printf process substitution after its done. Unquoted $NAME
// and $@ are split into words (mysql $OPTS), a loop's variable never.
// Which options take a value is cliTable's data (the assigns rows of
// read and mapfile). Arithmetic (let, (( ))) and getopts bind no literal
// text; a here-document after done is not followed.

// shBinders are the commands that bind names, by kind.
var shBinders = map[string]string{
	"set": "set", "shift": "shift",
	"read": "read", "mapfile": "mapfile", "readarray": "mapfile",
	"for": "for", "select": "for",
	"eval": "eval", "source": "eval", ".": "eval", // shfeed.go
	"xargs": "xargs",
	"trap":  "trap", // shdefer.go
}

// shFuncMax bounds the functions remembered; shCallDepth how deeply calls
// are followed.
const (
	shFuncMax   = 64
	shCallDepth = 2
)

// bind applies the binding commands of the pipeline cmd.
func (b *shBuilder) bind(cmd []shtok) {
	lx := b.lx
	start, prev := 0, -1
	for i := 0; i <= len(cmd); i++ {
		if i < len(cmd) && (cmd[i].op != "|" && cmd[i].op != "|&") {
			continue
		}
		words := cmd[start:i]
		// Skip NAME=value prefixes and the keywords a command follows.
		j, loop := 0, false
		for j < len(words) && words[j].op == "" && (shLeadKeyword(lx.text(words[j])) || isAssignWord(lx.text(words[j]))) {
			if w := lx.text(words[j]); w == "while" || w == "until" {
				loop = true
			}
			j++
		}
		if j < len(words) && words[j].op == "" {
			b.bindCommand(words[j:], cmd, prev, loop)
			b.noteWritten(words[j:], cmd, prev) // shscript.go
		}
		prev, start = start, i+1
	}
}

// shLeadKeyword reports a reserved word a command may follow.
func shLeadKeyword(w string) bool {
	switch w {
	case "do", "then", "else", "elif", "if", "while", "until", "!", "{", "time":
		return true
	}
	return false
}

// isAssignWord reports NAME=… (as written, before expansion).
func isAssignWord(w string) bool {
	i := 0
	for i < len(w) && (isAlnum(w[i]) || w[i] == '_') {
		i++
	}
	return i > 0 && i < len(w) && w[i] == '=' && !isDigit(w[0])
}

// bindCommand applies one command (words[0] is its name); cmd is its
// pipeline, prev the start in cmd of the command piped into it (-1:
// none); loop: the command is a while or until condition.
func (b *shBuilder) bindCommand(words, cmd []shtok, prev int, loop bool) {
	lx := b.lx
	args := words[1:]
	for k, w := range args {
		if w.op != "" {
			args = args[:k]
			break
		}
	}
	switch shBinders[string(lx.out.buf[words[0].t0:words[0].t1])] {
	case "set":
		b.bindSet(args)
	case "shift":
		n := 1
		if len(args) > 0 {
			if v, err := strconv.Atoi(lx.text(args[0])); err == nil && v >= 0 {
				n = v
			}
		}
		b.setPositionals(b.pos[min(n, len(b.pos)):])
	case "for":
		if len(args) == 0 || !isIdent(lx.text(args[0])) {
			return
		}
		name := lx.text(args[0])
		if len(args) > 1 && lx.text(args[1]) == "in" {
			b.setWords(name, args[2:])
		} else if v, ok := lx.vars["@"]; ok {
			lx.vars[name] = v
		}
		if v, ok := lx.vars[name]; ok {
			v.loop = true
			lx.vars[name] = v
		}
	case "read", "mapfile":
		b.bindRead(lx.text(words[0]), words, cmd, prev, loop)
	case "eval":
		b.evalFeed(shEvaluators[lx.text(words[0])], words, args, cmd, prev) // shfeed.go
	case "xargs":
		b.xargs(words, words[:1+len(args)], cmd, prev)
	case "trap":
		b.trap(args) // shdefer.go
	default:
		b.call(words[0], args)
		b.childShell(words[:1+len(args)]) // childsh.go
		b.shellStdin(words, words[:1+len(args)], cmd, prev)
	}
}

// bindSet: set [-/+OPTIONS] [-o NAME] [--] [WORDS]: with words, or with
// --, the words are the new positional parameters.
func (b *shBuilder) bindSet(args []shtok) {
	lx := b.lx
	for i := 0; i < len(args); i++ {
		w := lx.text(args[i])
		switch {
		case w == "--":
			b.setPositionals(b.wordVars(args[i+1:]))
			return
		case w == "-o" || w == "+o":
			i++
		case len(w) > 0 && (w[0] == '-' || w[0] == '+'):
		default:
			b.setPositionals(b.wordVars(args[i:]))
			return
		}
	}
}

// wordVars returns the values of words (the first maxCLIArgs).
func (b *shBuilder) wordVars(words []shtok) []shvar {
	words = words[:min(len(words), maxCLIArgs)]
	vals := make([]shvar, len(words))
	for i, w := range words {
		vals[i].v.copyFrom(b.lx.out, w.t0, w.t1, false)
	}
	return vals
}

// setPositionals makes vals the positional parameters.
func (b *shBuilder) setPositionals(vals []shvar) {
	lx := b.lx
	for i := range b.pos {
		delete(lx.vars, strconv.Itoa(i+1))
	}
	delete(lx.vars, "@")
	delete(lx.vars, "*")
	b.pos = vals
	var all shvar
	for i, v := range vals {
		if len(v.v.buf) > 0 {
			lx.vars[strconv.Itoa(i+1)] = v
		}
		if i > 0 {
			all.v.synthetic(' ')
		}
		all.v.copyFrom(&v.v, 0, len(v.v.buf), false)
	}
	if len(all.v.buf) > 0 {
		lx.vars["@"], lx.vars["*"] = all, all
	}
}

// setWords binds name to words joined by blanks.
func (b *shBuilder) setWords(name string, words []shtok) {
	lx := b.lx
	var v shvar
	for i, w := range words {
		if i > 0 {
			v.v.synthetic(' ')
		}
		v.v.copyFrom(lx.out, w.t0, w.t1, false)
	}
	if len(v.v.buf) > 0 {
		lx.vars[name] = v
	}
}

// bindRead binds the names of read or mapfile to the input the command
// is given: a here-string, a here-document, or what a piped echo or
// printf prints.
func (b *shBuilder) bindRead(prog string, words, cmd []shtok, prev int, loop bool) {
	lx := b.lx
	valued := ""
	for _, sp := range cliSpecs(prog) {
		if opts, ok := strings.CutPrefix(sp.pos, "assigns:"); ok {
			valued = opts
		}
	}
	var names []string
	for j := 1; j < len(words) && words[j].op == ""; j++ {
		w := lx.text(words[j])
		if len(w) > 1 && w[0] == '-' && len(names) == 0 {
			for i := 1; i < len(w); i++ {
				if strings.IndexByte(valued, w[i]) < 0 {
					continue
				}
				v := w[i+1:]
				if v == "" && j+1 < len(words) && words[j+1].op == "" {
					j++
					v = lx.text(words[j])
				}
				if w[i] == 'a' || w[i] == 'A' {
					names = append(names, v) // read -a NAME
				}
				break
			}
			continue
		}
		if w == "--" {
			continue
		}
		if i := strings.IndexByte(w, '?'); i > 0 {
			w = w[:i] // zsh: read NAME?PROMPT
		}
		names = append(names, w)
	}
	if len(names) == 0 {
		names = []string{"REPLY"}
		if prog != "read" {
			names[0] = "MAPFILE"
		}
	}
	var in shvar
	if !b.readInput(prog == "read", words, cmd, prev, &in) && !(loop && b.doneInput(&in)) {
		return
	}
	for _, n := range names {
		if isIdent(n) {
			lx.vars[n] = in
		}
	}
}

// readInput sets in to the input of the command: the word after <<<, the
// here-document's body (its first line for read), or the data of a piped
// echo or printf.
func (b *shBuilder) readInput(line bool, words, cmd []shtok, prev int, in *shvar) bool {
	lx := b.lx
	// The command's own redirections follow its words.
	end := len(words)
	for k := range words {
		if words[k].op == "|" || words[k].op == "|&" {
			end = k
			break
		}
	}
	for k := 0; k < end; k++ {
		// read NAME < <(echo PW)
		if words[k].op != "<" {
			continue
		}
		if sp, ok := substPrinted(lx.src, skipBlanks(lx.src, words[k].end, 4)); ok {
			in.v.lit(lx.src, sp.start, sp.end)
			return len(in.v.buf) > 0
		}
	}
	for k := 0; k+1 < end; k++ {
		switch words[k].op {
		case "<<<":
			in.v.copyFrom(lx.out, words[k+1].t0, words[k+1].t1, false)
			return len(in.v.buf) > 0
		case "<<", "<<-":
			d := trimQuotes(lx.text(words[k+1]))
			p := words[k+1].end
			nl := strings.IndexByte(lx.src[p:], '\n')
			if nl < 0 || d == "" {
				return false
			}
			body, _ := heredocBody(lx.src, p+nl+1, min(len(lx.src), p+nl+1+maxQuote), d)
			e := body.end
			if line {
				if i := strings.IndexByte(lx.src[body.start:body.end], '\n'); i >= 0 {
					e = body.start + i
				}
			}
			in.v.lit(lx.src, body.start, e)
			return len(in.v.buf) > 0
		}
	}
	if prev < 0 {
		return false
	}
	src := cmd[prev:]
	for k, w := range src {
		if w.op != "" {
			src = src[:k]
			break
		}
	}
	if len(src) < 2 {
		return false
	}
	switch progName(lx.text(src[0])) {
	case "echo":
		args := src[1:]
		for len(args) > 0 && isEchoOpt(lx.text(args[0])) {
			args = args[1:]
		}
		for i, a := range args {
			if i > 0 {
				in.v.synthetic(' ')
			}
			in.v.copyFrom(lx.out, a.t0, a.t1, false)
		}
	case "printf":
		renderPrintf(lx, src[1], src[2:], &in.v)
	}
	return len(in.v.buf) > 0
}

// arrayName is NAME when op is the "(" of NAME=( or NAME+=( just lexed.
func (b *shBuilder) arrayName(op shtok) string {
	if op.op != "(" || len(b.cmd) == 0 {
		return ""
	}
	last := b.cmd[len(b.cmd)-1]
	w := b.lx.src[last.start:last.end]
	if last.op != "" || last.end != op.start || !strings.HasSuffix(w, "=") {
		return ""
	}
	name := strings.TrimSuffix(strings.TrimSuffix(w, "="), "+")
	if !isIdent(name) {
		return ""
	}
	return name
}

// arrayWords lexes the words of an array assignment up to its ")" and
// binds name to them.
func (b *shBuilder) arrayWords(name string) {
	var words []shtok
	for len(words) < maxCLIArgs {
		t, ok := b.lx.next()
		if !ok || t.op == ")" {
			break
		}
		if t.op == "\n" {
			continue
		}
		if t.op != "" {
			break
		}
		words = append(words, t)
	}
	b.setWords(name, words)
	for i, w := range words {
		var v shvar
		v.v.copyFrom(b.lx.out, w.t0, w.t1, false)
		b.lx.vars[name+"["+strconv.Itoa(i)+"]"] = v
	}
}

// bindingLines adds to assigns the lines of s, in neither out nor
// assigns, on which a command binds names without NAME=value: a word of
// shBinders, a function's definition ("()"), or a call of a function
// defined in s. It runs only when s refers to a variable.
func bindingLines(s string, out, assigns []span) []span {
	var funcs map[string]bool
	for ls := 0; ls < len(s); {
		le := lineEndAt(s, ls)
		if name := funcDefName(s[ls:le]); name != "" && len(funcs) < shFuncMax {
			if funcs == nil {
				funcs = map[string]bool{}
			}
			funcs[name] = true
		}
		ls = le + 1
	}
	var add []span
	oi, ai := 0, 0
	for ls := 0; ls < len(s); {
		le := lineEndAt(s, ls)
		for oi < len(out) && out[oi].end < ls {
			oi++
		}
		for ai < len(assigns) && assigns[ai].end < ls {
			ai++
		}
		in := oi < len(out) && out[oi].start <= ls || ai < len(assigns) && assigns[ai].start <= ls
		if !in && bindsName(s[ls:le], funcs) {
			add = append(add, span{start: ls, end: le})
		}
		ls = le + 1
	}
	if len(add) == 0 {
		return assigns
	}
	all := append(assigns, add...)
	sort.Slice(all, func(i, j int) bool { return all[i].start < all[j].start })
	return all
}

func lineEndAt(s string, ls int) int {
	if le := strings.IndexByte(s[ls:], '\n'); le >= 0 {
		return ls + le
	}
	return len(s)
}

// funcDefName is the name of a function a line defines (NAME() or
// function NAME), "" when none.
func funcDefName(line string) string {
	line = strings.TrimLeft(line, " \t")
	rest, kw := strings.CutPrefix(line, "function ")
	if kw {
		line = strings.TrimLeft(rest, " \t")
	}
	e := 0
	for e < len(line) && (isAlnum(line[e]) || line[e] == '_') {
		e++
	}
	after := strings.TrimLeft(line[e:], " \t")
	if e == 0 || !strings.HasPrefix(after, "(") && !(kw && strings.HasPrefix(after, "{")) {
		return ""
	}
	return line[:e]
}

// bindsName reports a line with a word of shBinders or of funcs at a
// word's start, a function definition's "()", or a line starting with
// "}" when s defines functions.
func bindsName(line string, funcs map[string]bool) bool {
	if strings.Contains(line, "()") || len(funcs) > 0 && strings.HasPrefix(strings.TrimLeft(line, " \t"), "}") {
		return true // a definition, or the end of a function's body
	}
	for i := 0; i < len(line); i++ {
		if i > 0 && line[i-1] != ' ' && line[i-1] != '\t' && line[i-1] != ';' && line[i-1] != '&' && line[i-1] != '|' {
			continue
		}
		if line[i] == '.' && i+1 < len(line) && isShBlank(line[i+1]) {
			return true // . FILE (shfeed.go)
		}
		e := i
		for e < len(line) && (isAlnum(line[e]) || line[e] == '_') {
			e++
		}
		if e > i && (e == len(line) || line[e] == ' ' || line[e] == '\t' || line[e] == ';') && (shBinders[line[i:e]] != "" || funcs[line[i:e]]) {
			return true
		}
		if e > i {
			i = e - 1
		}
	}
	return false
}

// fields renders a word that is one expansion the shell splits into
// several words: "$@" and "${@}" (one word per positional parameter),
// and an unquoted $NAME, ${NAME}, $@ or $* (split at blanks, as with the
// default IFS). False when t is no such word.
func (b *shBuilder) fields(t shtok) bool {
	lx := b.lx
	src := lx.src[t.start:t.end]
	quoted := len(src) > 2 && src[0] == '"' && src[len(src)-1] == '"'
	if quoted {
		src = src[1 : len(src)-1]
	}
	if len(src) < 2 || src[0] != '$' {
		return false
	}
	name := src[1:]
	if len(name) > 2 && name[0] == '{' && name[len(name)-1] == '}' {
		name = name[1 : len(name)-1]
	}
	all := name == "@" || name == "*"
	if !all && (quoted || !isIdent(name) || lx.vars[name].loop) {
		return false
	}
	text := lx.out.buf[t.t0:t.t1]
	var cuts [][2]int // word bounds in text
	if quoted && name == "@" {
		at := 0
		for _, p := range b.pos {
			n := len(p.v.buf)
			if at+n > len(text) {
				return false
			}
			cuts = append(cuts, [2]int{at, at + n})
			at += n + 1
		}
	} else {
		for i := 0; i < len(text); {
			for i < len(text) && isShBlank(text[i]) || i < len(text) && text[i] == '\n' {
				i++
			}
			j := i
			for j < len(text) && !isShBlank(text[j]) && text[j] != '\n' {
				j++
			}
			if j > i {
				cuts = append(cuts, [2]int{i, j})
			}
			i = j
		}
	}
	if len(cuts) < 2 {
		return false
	}
	for k, c := range cuts {
		if k > 0 {
			b.v.synthetic(' ')
		}
		b.wordRange(t.t0+c[0], t.t0+c[1])
	}
	return true
}

// doneInput sets in to the input of a while or until loop whose
// condition reads it: the here-string or the process substitution of
// echo or printf after the loop's done (while read -r p; do …; done <<< PW).
func (b *shBuilder) doneInput(in *shvar) bool {
	lx := b.lx
	src := lx.src
	lim := min(len(src), lx.pos+maxCLIWindow)
	for p := lx.pos; p < lim; {
		i := strings.Index(src[p:lim], "done")
		if i < 0 {
			return false
		}
		i += p
		p = i + 4
		if i > 0 && strings.IndexByte(" \t;\n&", src[i-1]) < 0 || p < len(src) && isAlnum(src[p]) {
			continue
		}
		q := skipBlanks(src, p, 8)
		switch {
		case strings.HasPrefix(src[q:], "<<<"):
			sub := &shlex{src: src, pos: q + 3, end: lim, out: &view{}, vars: lx.vars, fail: lx.fail, budget: min(lx.budget, 1<<16)}
			t, ok := sub.next()
			if !ok || t.op != "" {
				return false
			}
			in.v.copyFrom(sub.out, t.t0, t.t1, false)
		case strings.HasPrefix(src[q:], "<"):
			sp, ok := substPrinted(src, skipBlanks(src, q+1, 4))
			if !ok {
				return false
			}
			in.v.lit(src, sp.start, sp.end)
		}
		return len(in.v.buf) > 0 // the first done decides
	}
	return false
}

// call follows a call of a function defined earlier in the input: its
// body is lexed again, after the pipeline, with ARGS as $1, $2, …
// (sh -c 'SCRIPT' NAME ARGS… is followed by childShell, childsh.go).
func (b *shBuilder) call(name shtok, args []shtok) {
	lx := b.lx
	if len(args) == 0 {
		return
	}
	if body, ok := b.funcs[string(lx.out.buf[name.t0:name.t1])]; ok {
		if b.depth >= shCallDepth {
			lx.giveUp() // round 16: a call past the depth bound (failclosed.go)
			return
		}
		b.calls = append(b.calls, shCall{body: body, args: b.wordVars(args)})
	}
}

// shCall is a pending call: shell text and its positional parameters.
type shCall struct {
	body span
	args []shvar
	zero bool // sh -c: the text is a script of its own
	// zeroArg: args[0] is the script's $0 (sh -c SCRIPT NAME ARGS…).
	zeroArg bool
	// keep: the text runs in the current shell with its positional
	// parameters (eval, source: evalsrc.go).
	keep bool
	dq   bool // the script is written inside "…" (childsh.go)
}

// runCalls lexes the pending calls' text with their parameters.
func (b *shBuilder) runCalls() {
	calls := b.calls
	b.calls = nil
	lx := b.lx
	for _, c := range calls {
		n := c.body.end - c.body.start
		if n <= 0 {
			continue
		}
		if b.relex+n > max(4096, len(lx.src)) {
			lx.giveUp() // round 16: text over the re-lexing budget (failclosed.go)
			continue
		}
		b.relex += n
		saved := b.pos
		pos, end, cmd, dq := lx.pos, lx.end, b.cmd, lx.dq
		zero, hadZero := lx.vars["0"]
		args := c.args
		if c.zeroArg && len(args) > 0 {
			if len(args[0].v.buf) > 0 {
				lx.vars["0"] = args[0]
			}
			args = args[1:]
		}
		if !c.keep {
			b.setPositionals(args)
		}
		b.cmd = nil
		lx.pos, lx.end, lx.dq = c.body.start, c.body.end, c.dq
		b.depth++
		b.run()
		b.depth--
		lx.pos, lx.end, b.cmd, lx.dq = pos, end, cmd, dq
		if !c.keep {
			b.setPositionals(saved)
		}
		if c.zeroArg {
			delete(lx.vars, "0")
			if hadZero {
				lx.vars["0"] = zero
			}
		}
	}
}

// defineFunc notes a function definition: NAME () or function NAME
// followed by a { … } body, whose extent run finds (see funcBrace).
func (b *shBuilder) defineFunc(op shtok) {
	lx := b.lx
	if op.op != "(" || b.fnName != "" {
		return
	}
	var words []shtok
	for _, t := range b.cmd {
		if t.op == "" {
			words = append(words, t)
		}
	}
	if len(words) == 2 && lx.text(words[0]) == "function" {
		words = words[1:]
	}
	if len(words) != 1 || !isIdent(lx.text(words[0])) {
		return
	}
	p := skipBlanks(lx.src, op.end, 4)
	if p >= len(lx.src) || lx.src[p] != ')' {
		return
	}
	b.fnName, b.fnDepth = lx.text(words[0]), 0
}

// funcBrace tracks the braces of the function being defined: t is a
// word, at command position when cmdPos.
func (b *shBuilder) funcBrace(t shtok, cmdPos bool) {
	lx := b.lx
	if n := len(b.cmd); b.fnName == "" && n == 3 && lx.text(t) == "{" && b.cmd[0].op == "" && b.cmd[1].op == "" &&
		lx.text(b.cmd[0]) == "function" && isIdent(lx.text(b.cmd[1])) {
		b.fnName, b.fnDepth = lx.text(b.cmd[1]), 0 // function NAME {
	}
	if b.fnName == "" || !cmdPos && b.fnDepth > 0 {
		return
	}
	switch b.lx.text(t) {
	case "{":
		if b.fnDepth == 0 {
			b.fnStart = t.end
		}
		b.fnDepth++
	case "}":
		b.fnDepth--
		if b.fnDepth == 0 {
			if b.funcs == nil {
				b.funcs = map[string]span{}
			}
			if len(b.funcs) < shFuncMax {
				b.funcs[b.fnName] = span{start: b.fnStart, end: t.start}
			}
			b.fnName = ""
		}
	}
}

// forInValues masks the words of for NAME in WORDS and select NAME in
// WORDS when NAME (s[ks:ke]) names a credential: each is the variable's
// value in turn. False when the name is not a loop's.
func forInValues(s string, ks, ke int, cls keyClass, emit func(span)) bool {
	b := ks
	for b > 0 && (s[b-1] == ' ' || s[b-1] == '\t') {
		b--
	}
	kw := b
	for kw > 0 && isLower(s[kw-1]) {
		kw--
	}
	if b == ks || shBinders[s[kw:b]] != "for" || kw > 0 && strings.IndexByte(" \t;&|\n({", s[kw-1]) < 0 {
		return false
	}
	p := skipBlanks(s, ke, 4)
	if !strings.HasPrefix(s[p:], "in") || p+2 >= len(s) || !isShBlank(s[p+2]) {
		return false
	}
	id := ""
	switch cls {
	case keyPassword:
		id = ruleAssignPassword
	case keyStrong, keyAuthz:
		id = ruleAssignCred
	default:
		id = ruleAssignEntropy
	}
	// Shell, not Python's "for token in tokens:": the words end at ; or a
	// newline before do.
	lx := &shlex{src: s, out: &view{}, pos: p + 2, end: min(len(s), p+2+maxCLIWindow)}
	var words []shtok
	for {
		t, ok := lx.next()
		if !ok || len(words) == maxCLIArgs {
			return false
		}
		if t.op == "" {
			words = append(words, t)
			continue
		}
		if t.op != ";" && t.op != "\n" {
			return false
		}
		q := t.end
		for q < len(s) && (isShBlank(s[q]) || s[q] == '\n') {
			q++
		}
		if !strings.HasPrefix(s[q:], "do") || q+2 < len(s) && isAlnum(s[q+2]) {
			return false
		}
		break
	}
	for _, t := range words {
		v := lx.text(t)
		if isPlaceholder(v) || strings.ContainsAny(s[t.start:t.end], "$`") || id == ruleAssignEntropy && !highEntropy(v) {
			continue
		}
		for _, sp := range lx.out.source(s, t.t0, t.t1) {
			sp.id, sp.secret = id, v
			emit(sp)
		}
	}
	return true
}
