package redact

import "strings"

// Red-team round 13 (#29, #30): text the shell runs or feeds that the
// view did not follow.
//
//	eval X=PW; mysql -p"$X"                source <(echo X=PW); …"$X"…
//	. /dev/stdin <<< 'X=PW'; …"$X"…         bash <<< 'X=PW; mysql -p"$X"'
//	printf '%s\n' PW | xargs -I % mysql -p%  echo PW | xargs sshpass -p
//
// Text that eval, source or . runs in the current shell is lexed again,
// after the pipeline, as shell with the current variables and positional
// parameters, so that what it binds is bound after it (eval's arguments;
// source's file when it is a process substitution of echo or printf or
// the command's standard input: a here-string, a here-document or a piped
// echo or printf). A shell given no script but its standard input runs
// that text the same way. xargs builds a command from its input: the
// template after its options is rendered with the replacement string
// (-I R, -i, --replace) replaced by each line of the input, or with the
// input's words appended, and examined as one more command. Which
// commands evaluate and which xargs options take a value is data
// (shfeedtables.go).

// evalFeed follows eval ARGS and source FILE (words[0] is the command,
// of kind "args" or "file"; args its words before any operator).
func (b *shBuilder) evalFeed(kind string, words, args, cmd []shtok, prev int) {
	lx := b.lx
	if b.depth >= shCallDepth {
		lx.giveUp() // round 16 (#21): text past the depth bound (failclosed.go)
		return
	}
	var body span
	dq, ok := false, false
	switch kind {
	case "args":
		if len(args) == 0 {
			return
		}
		body, dq = wordsSpan(lx.src, args)
		ok = true
		// Round 14 (#27): the text as the view renders it ($'…', a
		// printf format applied, what a substitution prints).
		j := b.joinedArgs(args)
		if !b.relexRendered(j) { // round 15 (#22): shrelex.go
			b.bindText(j, 0, len(j.buf), false)
		}
		if len(args) == 1 {
			// eval "$(echo X=PW)": the text is what the substitution prints.
			p := args[0].start
			if lx.src[p] == '"' {
				p++
			}
			if sp, printed := substPrinted(lx.src, p); printed {
				body, dq = sp, false
			}
		}
	case "file":
		for _, w := range words[1:] {
			// source <(echo X=PW): the operand is a process substitution.
			if w.op == "<" && strings.HasPrefix(lx.src[w.start:], "<(") {
				// Round 14 (#27): what it prints, rendered (printf's
				// format applied, cat's here-string).
				var out view
				if _, ok := b.substText(w.start, &out); ok && !b.relexRendered(&out) {
					b.bindText(&out, 0, len(out.buf), false)
				}
				body, ok = substPrinted(lx.src, w.start)
				break
			}
			if w.op != "" {
				continue
			}
			if !stdinFiles[lx.text(w)] {
				// Red-team round 15 (#24): a file the line wrote.
				if body, dq, ok = b.written.script(lx.text(w)); ok {
					break
				}
				continue
			}
			body, dq, ok = b.stdinSpan(words, cmd, prev)
			break
		}
	}
	if ok && body.end > body.start {
		b.calls = append(b.calls, shCall{body: body, dq: dq, keep: true})
	}
}

// wordsSpan is the text that words hold as shell: a single quoted word's
// content (dq: in double quotes), else the words as written.
func wordsSpan(src string, ws []shtok) (span, bool) {
	if len(ws) == 1 && ws[0].quoted && ws[0].end-ws[0].start >= 2 {
		if c := src[ws[0].start]; (c == '\'' || c == '"') && src[ws[0].end-1] == c {
			return span{start: ws[0].start + 1, end: ws[0].end - 1}, c == '"'
		}
	}
	return span{start: ws[0].start, end: ws[len(ws)-1].end}, false
}

// stdinSpan is the text of the command's standard input where it is
// written: a here-string, a here-document, a process substitution of echo
// or printf after <, or the arguments of an echo or printf piped into it.
func (b *shBuilder) stdinSpan(cw, cmd []shtok, prev int) (span, bool, bool) {
	lx := b.lx
	end := len(cw)
	for k := range cw {
		if cw[k].op == "|" || cw[k].op == "|&" {
			end = k
			break
		}
	}
	for k := 0; k < end; k++ {
		switch cw[k].op {
		case "<<<":
			if k+1 < end && cw[k+1].op == "" {
				sp, dq := wordsSpan(lx.src, cw[k+1:k+2])
				return sp, dq, true
			}
		case "<<", "<<-":
			if k+1 >= end || cw[k+1].op != "" {
				return span{}, false, false
			}
			d := trimQuotes(lx.text(cw[k+1]))
			p := cw[k+1].end
			nl := strings.IndexByte(lx.src[p:], '\n')
			if nl < 0 || d == "" {
				return span{}, false, false
			}
			body, _ := heredocBody(lx.src, p+nl+1, min(len(lx.src), p+nl+1+maxQuote), d)
			return body, false, true
		case "<":
			if sp, ok := substPrinted(lx.src, skipBlanks(lx.src, cw[k].end, 4)); ok {
				return sp, false, true
			}
		}
	}
	if prev < 0 {
		return span{}, false, false
	}
	return b.printedBy(words(cmd[prev:]))
}

// printedBy is the text echo or printf (src[0]) prints, where it is
// written: its arguments (printf: the format, or the arguments of a
// format that prints only them).
func (b *shBuilder) printedBy(src []shtok) (span, bool, bool) {
	lx := b.lx
	if len(src) < 2 {
		return span{}, false, false
	}
	args := src[1:]
	switch progName(lx.text(src[0])) {
	case "echo", "print":
		for len(args) > 0 && isEchoOpt(lx.text(args[0])) {
			args = args[1:]
		}
	case "printf":
		if len(args) > 1 && isPrintfFormatOnly(lx.text(args[0])) {
			args = args[1:]
		} else {
			args = args[:1]
		}
	default:
		return span{}, false, false
	}
	if len(args) == 0 {
		return span{}, false, false
	}
	sp, dq := wordsSpan(lx.src, args)
	return sp, dq, true
}

// xargs renders the command xargs builds (words[0] is xargs) from the
// input it is given, as one more item of the view.
func (b *shBuilder) xargs(words, args, cmd []shtok, prev int) {
	lx := b.lx
	repl, i := "", 1
	var in shvar
	ws, tv := args, lx.out // the words read and the view they are in
	text := func(t shtok) string { return string(tv.buf[t.t0:t.t1]) }
	for ; i < len(ws); i++ {
		w := text(ws[i])
		if w == "--" {
			i++
			break
		}
		if len(w) < 2 || w[0] != '-' {
			break
		}
		name, val, has := w[:2], w[2:], len(w) > 2
		if strings.HasPrefix(w, "--") {
			name, val, has = strings.Cut(w, "=")
		} else {
			// Red-team round 15 (#27): a cluster of switches ends at the
			// first letter that takes a value (-0a FILE, -raFILE, -0I{}).
			for k := 1; k < len(w); k++ {
				if _, valued := xargsValued["-"+w[k:k+1]]; valued {
					name, val, has = "-"+w[k:k+1], w[k+1:], k+1 < len(w)
					break
				}
			}
		}
		kind, ok := xargsValued[name]
		if !ok {
			continue
		}
		if !has && !strings.Contains(kind, "optional") && i+1 < len(ws) {
			i++
			val = text(ws[i])
		}
		switch {
		case strings.HasPrefix(kind, "replace"):
			repl = val
			if repl == "" {
				repl = "{}"
			}
		case kind == "file":
			if val != "" || tv != lx.out || i+1 != len(ws) || len(words) <= len(ws) {
				return // the input is a file's
			}
			// -a <(echo PW): the rest of the options and the template
			// follow the substitution (round 14 #30).
			var ok bool
			if ws, tv, ok = b.xargsFileInput(words[len(args)], &in); !ok {
				return
			}
			i = -1
		}
	}
	tmpl := ws[min(i, len(ws)):]
	if len(tmpl) == 0 || tv == lx.out && !b.readInput(false, words, cmd, prev, &in) {
		return
	}
	inb := in.v.buf
	// The input's lines (-I) or words (appended), as ranges of in.
	var parts [][2]int
	for p := 0; p < len(inb) && len(parts) < maxCLIArgs; {
		q := p
		for q < len(inb) && inb[q] != '\n' && (repl != "" || !isShBlank(inb[q])) {
			q++
		}
		a := p
		for a < q && isShBlank(inb[a]) {
			a++
		}
		if q > a {
			parts = append(parts, [2]int{a, q})
		}
		p = q + 1
	}
	if len(parts) == 0 {
		return
	}
	emit := func(render func()) {
		start := b.v.len()
		render()
		b.v.synthetic('\n')
		b.items = append(b.items, shItem{t0: start, t1: b.v.len() - 1})
	}
	if repl == "" {
		emit(func() {
			for k, t := range tmpl {
				if k > 0 {
					b.v.synthetic(' ')
				}
				b.wordView(tv, t.t0, t.t1)
			}
			for _, pt := range parts {
				b.v.synthetic(' ')
				b.wordView(&in.v, pt[0], pt[1])
			}
		})
		return
	}
	for _, pt := range parts {
		emit(func() {
			for k, t := range tmpl {
				if k > 0 {
					b.v.synthetic(' ')
				}
				text := string(tv.buf[t.t0:t.t1])
				if !strings.Contains(text, repl) {
					b.wordView(tv, t.t0, t.t1)
					continue
				}
				w := &view{}
				from := 0
				for {
					j := strings.Index(text[from:], repl)
					if j < 0 {
						break
					}
					w.copyFrom(tv, t.t0+from, t.t0+from+j, false)
					w.copyFrom(&in.v, pt[0], pt[1], true)
					from += j + len(repl)
				}
				w.copyFrom(tv, t.t0+from, t.t1, false)
				b.wordView(w, 0, len(w.buf))
			}
		})
	}
}
