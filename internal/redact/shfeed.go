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
				body, ok = substPrinted(lx.src, w.start)
				break
			}
			if w.op != "" || !stdinFiles[lx.text(w)] {
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

// shellStdin follows a shell run with no script operand and no -c: it
// runs its standard input (bash <<< 'X=PW; mysql -p"$X"').
func (b *shBuilder) shellStdin(words, args, cmd []shtok, prev int) {
	lx := b.lx
	if b.depth >= shCallDepth || !shShells[progName(lx.text(words[0]))] || progName(lx.text(words[0])) == "busybox" {
		return
	}
	for _, a := range args[1:] {
		if w := lx.text(a); w == "-s" {
			break // the rest are positional parameters
		} else if len(w) < 2 || w[0] != '-' && w[0] != '+' || strings.Contains(w, "c") && w[0] == '-' && w[1] != '-' {
			return // a script file, or -c
		}
	}
	if body, dq, ok := b.stdinSpan(words, cmd, prev); ok && body.end > body.start {
		b.calls = append(b.calls, shCall{body: body, dq: dq, zero: true})
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
	src := words(cmd[prev:])
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
	for ; i < len(args); i++ {
		w := lx.text(args[i])
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
		}
		kind, ok := xargsValued[name]
		if !ok {
			continue
		}
		if !has && !strings.Contains(kind, "optional") && i+1 < len(args) {
			i++
			val = lx.text(args[i])
		}
		switch {
		case strings.HasPrefix(kind, "replace"):
			repl = val
			if repl == "" {
				repl = "{}"
			}
		case kind == "file":
			return // the input is a file's
		}
	}
	tmpl := args[i:]
	if len(tmpl) == 0 {
		return
	}
	var in shvar
	if !b.readInput(false, words, cmd, prev, &in) {
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
				b.wordRange(t.t0, t.t1)
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
				text := string(lx.out.buf[t.t0:t.t1])
				if !strings.Contains(text, repl) {
					b.wordRange(t.t0, t.t1)
					continue
				}
				w := &view{}
				from := 0
				for {
					j := strings.Index(text[from:], repl)
					if j < 0 {
						break
					}
					w.copyFrom(lx.out, t.t0+from, t.t0+from+j, false)
					w.copyFrom(&in.v, pt[0], pt[1], true)
					from += j + len(repl)
				}
				w.copyFrom(lx.out, t.t0+from, t.t1, false)
				b.wordView(w, 0, len(w.buf))
			}
		})
	}
}
