package redact

import "strings"

// Red-team round 11 (#26): a name bound by a command substitution that
// prints a literal,
//
//	X=$(echo PW); mysql -p"$X"        X=`printf %s PW`; sshpass -p "$X" …
//	X=$(cat <<EOF
//	PW
//	EOF
//	); mysql -p"$X"
//
// holds PW as surely as X=PW; the shell view gave X the value "$" (the
// lexer ended the word at "(") so the password position showed nothing.
// The lexer of the shell view now renders a command substitution as what
// it prints when that is written in the input: echo's arguments, printf's
// output, or what cat copies from a here-document or a here-string, each
// byte mapped to where it is written. The first command of the
// substitution decides (echo PW | base64 binds PW: what the pipe makes of
// it derives from PW). Any other substitution is left to the lexer as
// before. Which commands print their input or arguments is data
// (substPrinters).

// substPrinters are the commands whose output a substitution renders, by
// how: "args" (echo: the arguments after its options), "printf" (the
// format applied to the arguments) and "stdin" (cat: a here-document or
// here-string given to it with no file operand).
var substPrinters = map[string]string{
	"echo": "args", "printf": "printf", "print": "args",
	"cat": "stdin", "head": "stdin", "tail": "stdin",
}

// cmdSubst renders the command substitution at lx.pos ("$(" or a
// backquote, ending before limit) as what it prints, and moves lx.pos
// after it. False when there is no such substitution or what it prints
// is not in the input; nothing is consumed then. The bytes searched for
// the substitution's end are charged to lx.scan, so that the search
// stays linear in the input however many substitutions do not close.
func (lx *shlex) cmdSubst(limit int) bool {
	if lx.vars == nil {
		return false
	}
	if lx.scan <= 0 {
		lx.giveUp() // round 16: a substitution not judged (failclosed.go)
		return false
	}
	src, p := lx.src, lx.pos
	limit = min(limit, len(src))
	var b0, b1, next int
	switch {
	case strings.HasPrefix(src[p:limit], "$(") && !strings.HasPrefix(src[p:limit], "$(("):
		b0 = p + 2
		end := min(limit, b0+maxSubst)
		b1 = substClose(src, b0, end)
		lx.scan -= scanned(b0, b1, end)
		if b1 < 0 {
			return false
		}
		next = b1 + 1
	case p < limit && src[p] == '`':
		b0 = p + 1
		b1 = -1
		end := min(limit, b0+maxSubst)
		for i := b0; i < end; i++ {
			if src[i] == '\\' {
				i++
				continue
			}
			if src[i] == '`' {
				b1 = i
				break
			}
		}
		lx.scan -= scanned(b0, b1, end)
		if b1 < 0 {
			return false
		}
		next = b1 + 1
	default:
		return false
	}
	// Substitutions nest ($(echo $(echo PW))): the inner ones draw on
	// the same budgets.
	sub := &shlex{src: src, pos: b0, end: b1, out: &view{}, vars: lx.vars, fail: lx.fail, budget: lx.budget, scan: lx.scan, stdin: lx.stdin}
	out := &view{}
	ok := substOutput(sub, out)
	if !ok && lx.cur != nil && assignValueAt(src, lx.cur.start, p) {
		// Round 13 (#28): what the substitution prints is not known;
		// every literal it holds is a candidate value of the name.
		sub = &shlex{src: src, pos: b0, end: b1, out: &view{}, vars: lx.vars, fail: lx.fail, budget: lx.budget, scan: sub.scan}
		out = &view{}
		ok = substCandidates(sub, out)
		lx.cur.cands = ok
	}
	lx.scan = sub.scan
	if ok && len(out.buf) > sub.budget {
		lx.giveUp()
	}
	if !ok || len(out.buf) == 0 || len(out.buf) > sub.budget {
		return false
	}
	lx.budget = sub.budget - len(out.buf)
	// What the substitution prints is what the input hides, as a
	// variable's value is (postgresql://u:$(echo PW)@h).
	lx.out.copyFrom(out, 0, len(out.buf), true)
	if lx.cur != nil {
		lx.cur.expanded = true
	}
	lx.pos = next
	return true
}

// scanned is what a search from b0 is charged: the bytes it read, up to
// its find b1 or to end when it found nothing, and at least minSubstCharge
// (the fixed cost of rendering a substitution). Charging the whole window
// gave up, and failed closed, on everyday text with a few $(…) per KiB
// (red-team round 28).
func scanned(b0, b1, end int) int {
	if b1 < 0 {
		return max(end-b0, minSubstCharge)
	}
	return max(b1+1-b0, minSubstCharge)
}

// minSubstCharge is the least a substitution costs the scan budget.
const minSubstCharge = 256

// substClose is the offset of the ")" closing a "$(" whose body starts at
// b0, -1 when it does not close before end. Quotes, nested parentheses
// and here-documents inside are skipped.
func substClose(src string, b0, end int) int {
	sc := &shlex{src: src, pos: b0, end: end, out: &view{}}
	depth := 0
	var delims []string
	for {
		t, ok := sc.next()
		if !ok {
			return -1
		}
		switch t.op {
		case "(":
			depth++
		case ")":
			if depth == 0 {
				return t.start
			}
			depth--
		case "<<", "<<-":
			d, ok := sc.next()
			if !ok || d.op != "" {
				return -1
			}
			if len(delims) < 4 {
				delims = append(delims, trimQuotes(src[d.start:d.end]))
			}
		case "\n":
			for _, d := range delims {
				_, nx := heredocBody(src, sc.pos, end, d)
				sc.pos = nx
			}
			delims = delims[:0]
		}
		sc.out.buf, sc.out.segs = sc.out.buf[:0], sc.out.segs[:0]
	}
}

// substOutput appends to out what the first command lexed by sub prints
// when it is one of substPrinters; false otherwise.
func substOutput(sub *shlex, out *view) bool {
	var words []shtok
	redir, target := "", shtok{}
	for len(words) < maxCLIArgs {
		t, ok := sub.next()
		if !ok {
			break
		}
		if t.op == "" {
			if len(words) == 0 && isAssignWord(sub.text(t)) {
				continue // NAME=value before the command
			}
			words = append(words, t)
			continue
		}
		if t.op != "<<<" && t.op != "<<" && t.op != "<<-" {
			break
		}
		if tg, ok := sub.next(); ok && tg.op == "" && redir == "" {
			redir, target = t.op, tg
		}
	}
	if len(words) == 0 {
		return false
	}
	args := words[1:]
	switch substPrinters[progName(sub.text(words[0]))] {
	case "args":
		for len(args) > 0 && isEchoOpt(sub.text(args[0])) {
			args = args[1:]
		}
		for i, a := range args {
			if i > 0 {
				out.synthetic(' ')
			}
			out.copyFrom(sub.out, a.t0, a.t1, false)
		}
	case "printf":
		if len(args) == 0 || sub.text(args[0]) == "-v" {
			return false
		}
		if sub.text(args[0]) == "--" {
			args = args[1:]
		}
		if len(args) > 0 {
			renderPrintf(sub, args[0], args[1:], out)
		}
	case "stdin":
		for _, a := range args {
			if w := sub.text(a); w != "-" && !strings.HasPrefix(w, "-") {
				return false // a file operand: its content is not here
			}
		}
		switch redir {
		case "<<<":
			out.copyFrom(sub.out, target.t0, target.t1, false)
		case "<<", "<<-":
			d := trimQuotes(sub.src[target.start:target.end])
			nl := strings.IndexByte(sub.src[target.end:sub.end], '\n')
			if nl < 0 || d == "" {
				return false
			}
			body, _ := heredocBody(sub.src, target.end+nl+1, sub.end, d)
			out.lit(sub.src, body.start, body.end)
		default:
			if sub.stdin == nil {
				return false
			}
			// Red-team round 15 (#30): the pipe (shpipe.go).
			out.copyFrom(sub.stdin, 0, len(sub.stdin.buf), false)
		}
	default:
		return false
	}
	return true
}

// Red-team round 13 (#28): a name bound by a substitution whose first
// command is none of substPrinters (a filter fed a here-string, tr -d
// '\n' <<< PW; an interpreter printing a literal, python3 -c
// 'print("PW")'; awk 'BEGIN{print "PW"}') holds what the command makes of
// the literals written in the substitution, which no table can say.
// Over-approximated: every literal of the substitution (its words but
// the commands' names and bare options, here-string targets and
// here-document bodies) is a candidate value of the name, so that where
// the name reaches a credential position (mysql -p"$X") the literals are
// masked where they are written. The assignment shows only its name in
// the view (shtok.cands): the name alone says nothing of its value.

// assignValueAt reports a substitution at p that starts the value of an
// assignment word starting at w (NAME=$(…), NAME+="$(…)", NAME[i]=`…`).
func assignValueAt(src string, w, p int) bool {
	pre := strings.TrimSuffix(src[w:p], "\"")
	pre, ok := strings.CutSuffix(pre, "=")
	if !ok {
		return false
	}
	pre = strings.TrimSuffix(pre, "+")
	if i := strings.IndexByte(pre, '['); i > 0 && strings.HasSuffix(pre, "]") {
		pre = pre[:i]
	}
	return isIdent(pre)
}

// substCandidates appends to out the literals of the commands sub lexes,
// joined by blanks: false when there is none.
func substCandidates(sub *shlex, out *view) bool {
	first := true // the next word names a command
	n := 0
	add := func(src *view, a, b int) {
		if n > 0 {
			out.synthetic(' ')
		}
		out.copyFrom(src, a, b, false)
		n++
	}
	for k := 0; k < 4*maxCLIArgs && n < maxCLIArgs; k++ {
		t, ok := sub.next()
		if !ok {
			break
		}
		switch t.op {
		case "":
		case "<<", "<<-":
			tg, ok := sub.next()
			if !ok || tg.op != "" {
				continue
			}
			d := trimQuotes(sub.src[tg.start:tg.end])
			nl := strings.IndexByte(sub.src[tg.end:sub.end], '\n')
			if nl < 0 || d == "" {
				continue
			}
			body, _ := heredocBody(sub.src, tg.end+nl+1, sub.end, d)
			var lit view
			lit.lit(sub.src, body.start, body.end)
			if len(lit.buf) > 0 {
				add(&lit, 0, len(lit.buf))
			}
			continue
		case "<<<", "<", ">", ">>", "&>", ">&", "<&", "<>", ">|":
			continue // the target is a word like any other
		default:
			first = true
			continue
		}
		w := sub.text(t)
		switch {
		case first && isAssignWord(w):
			add(sub.out, t.t0, t.t1)
		case first:
			first = false
		case len(w) > 1 && w[0] == '-' && !strings.Contains(w, "="):
		default:
			add(sub.out, t.t0, t.t1)
		}
	}
	return n > 0
}
