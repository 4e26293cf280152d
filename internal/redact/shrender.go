package redact

import "strings"

// Red-team round 14 (br14b #27, #29): shell text the view has rendered
// but the source does not hold literally,
//
//	eval "$(printf 'X=%s' PW)"          eval $'X=PW'
//	source <(printf 'export X=%s\n' PW)  . <(cat <<< 'X=PW')
//	export $(echo X=PW)                  declare $(printf X=PW)
//
// binds names as surely as X=PW written out. Re-lexing the input (the
// round 13 readers) sees printf's format, the $'…' word or cat's
// here-string, never the text the shell runs. Now that text is taken
// from the lexer's view (which already renders printf formats, ANSI-C
// quotes and what a substitution prints, byte for byte mapped to the
// input) and read for its NAME=VALUE words after word splitting: at
// command position, or after an assignment builtin. What is bound keeps
// the view's mapping, so the value is masked where it is written.

// bindText binds the NAME=VALUE words of the shell text v[t0:t1]; decl:
// the text is an assignment builtin's arguments (export $(…)).
func (b *shBuilder) bindText(v *view, t0, t1 int, decl bool) {
	lx := b.lx
	cmdPos := !decl
	var w view
	q := byte(0) // the quote the scan is in
	bound := 0
	word := func() {
		defer func() { w.buf, w.segs = w.buf[:0], w.segs[:0] }()
		if len(w.buf) == 0 {
			return
		}
		s := string(w.buf)
		switch {
		case (cmdPos || decl) && isAssignWord(s) && bound < maxCLIArgs:
			eq := strings.IndexByte(s, '=')
			var val shvar
			val.v.copyFrom(&w, eq+1, len(w.buf), false)
			lx.vars[s[:eq]] = val
			bound++
		case cmdPos && isDeclWord(s):
			cmdPos, decl = false, true
		case decl && s[0] == '-':
		default:
			cmdPos, decl = false, false
		}
	}
	run := t0 // start of the pending run of word bytes
	for i := t0; i < t1; i++ {
		c := v.buf[i]
		switch {
		case q == '\'' && c != '\'', q == '"' && c != '"' && c != '\\':
			continue
		case q != 0 && c == q:
			w.copyFrom(v, run, i, false)
			q, run = 0, i+1
		case c == '\\' && i+1 < t1:
			w.copyFrom(v, run, i, false)
			run = i + 1
			i++
		case q == 0 && (c == '\'' || c == '"'):
			w.copyFrom(v, run, i, false)
			q, run = c, i+1
		case isShBlank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')':
			w.copyFrom(v, run, i, false)
			run = i + 1
			word()
			if !isShBlank(c) {
				cmdPos, decl = true, false
			}
		}
	}
	w.copyFrom(v, run, t1, false)
	word()
}

// joinedArgs is the view of words ws joined by blanks (eval's text).
func (b *shBuilder) joinedArgs(ws []shtok) *view {
	out := &view{}
	for k, t := range ws {
		if k > 0 {
			out.synthetic(' ')
		}
		out.copyFrom(b.lx.out, t.t0, t.t1, false)
	}
	return out
}

// substText renders into out what the substitution at p ("$(" or "<(")
// prints, when the view knows it (substOutput: echo, printf, cat of a
// here-string or here-document). The search for its end is charged to
// the lexer's scan budget, as cmdSubst's is. next is the offset after
// the substitution.
func (b *shBuilder) substText(p int, out *view) (next int, ok bool) {
	lx := b.lx
	src := lx.src
	if lx.vars == nil || p >= len(src) || !strings.HasPrefix(src[p:], "<(") && !strings.HasPrefix(src[p:], "$(") || strings.HasPrefix(src[p:], "$((") {
		return 0, false
	}
	if lx.scan <= 0 {
		lx.giveUp() // round 16 (failclosed.go)
		return 0, false
	}
	b0 := p + 2
	end := min(len(src), b0+maxSubst)
	b1 := substClose(src, b0, end)
	lx.scan -= end - b0
	if b1 < 0 {
		return 0, false
	}
	sub := &shlex{src: src, pos: b0, end: b1, out: &view{}, vars: lx.vars, fail: lx.fail, budget: lx.budget, scan: lx.scan}
	ok = substOutput(sub, out)
	lx.scan = sub.scan
	if ok && len(out.buf) > sub.budget {
		lx.giveUp()
	}
	if !ok || len(out.buf) == 0 || len(out.buf) > sub.budget {
		return 0, false
	}
	lx.budget = sub.budget - len(out.buf)
	return b1 + 1, true
}

// xargsFileInput follows xargs -a <(…) / --arg-file=<(…) (round 14 #30):
// the lexer ends the command at the substitution, so its input is what
// the substitution prints and its template the words after it, lexed
// here into their own view.
func (b *shBuilder) xargsFileInput(w shtok, in *shvar) (tmpl []shtok, tv *view, ok bool) {
	lx := b.lx
	if w.op != "<" || !strings.HasPrefix(lx.src[w.start:], "<(") {
		return nil, nil, false
	}
	next, ok := b.substText(w.start, &in.v)
	if !ok {
		return nil, nil, false
	}
	sub := &shlex{src: lx.src, pos: next, end: len(lx.src), out: &view{}, vars: lx.vars, fail: lx.fail, budget: lx.budget, scan: lx.scan}
	for len(tmpl) < maxCLIArgs {
		t, more := sub.next()
		if !more || t.op != "" {
			break
		}
		tmpl = append(tmpl, t)
	}
	lx.scan, lx.budget = sub.scan, sub.budget
	return tmpl, sub.out, len(tmpl) > 0
}
