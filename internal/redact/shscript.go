package redact

import "strings"

// Red-team round 15 (#23, #24, #27): the script a shell runs and the
// positional parameters it is given, read by one option parser.
//
//	bash -O extglob -s PW <<< '…"$1"…'   sh -s PW <<'EOF' … "$1" … EOF
//	bash /dev/stdin PW <<< '…"$1"…'       bash <(echo '…"$1"…') PW
//	printf '…"$1"…' > s.sh; sh s.sh PW     echo '…$X…' > s.sh; X=PW sh s.sh
//
// A shell's options are a table (shellValued: the options that take the
// next word, as one-letter options anywhere in a cluster or as long
// options); the first word that is not an option is the script operand,
// the words after it its positional parameters. The script's text is
// known when it is the shell's standard input (-s, no operand, or an
// operand naming standard input), a process substitution that prints it,
// or a file the same line wrote earlier (shBuilder.written).

// shellValued are the shells' options that take the next word.
var shellValued = map[string]bool{
	"-o": true, "+o": true, "-O": true, "+O": true,
	"--rcfile": true, "--init-file": true,
}

// shellStdin follows a shell that runs text the line supplies (words[0]
// is the shell, args its words before any operator).
func (b *shBuilder) shellStdin(words, args, cmd []shtok, prev int) {
	lx := b.lx
	if b.depth >= shCallDepth {
		if _, _, ok := b.written.run(lx.text(words[0])); ok || shShells[progName(lx.text(words[0]))] {
			lx.giveUp() // round 16 (#21): a shell past the depth bound (failclosed.go)
		}
		return
	}
	if body, dq, ok := b.written.run(lx.text(words[0])); ok && body.end > body.start {
		// ./s.sh PW: a file the line wrote, run as a program.
		b.calls = append(b.calls, shCall{body: body, dq: dq, zero: true, args: b.wordVars(args[1:])})
		return
	}
	if !shShells[progName(lx.text(words[0]))] || progName(lx.text(words[0])) == "busybox" {
		return
	}
	stdin := false
	i := 1
options:
	for ; i < len(args); i++ {
		w := lx.text(args[i])
		switch {
		case w == "--" || w == "-":
			i++
			break options
		case strings.HasPrefix(w, "--"):
			if shellValued[w] {
				i++
			}
		case len(w) > 1 && (w[0] == '-' || w[0] == '+'):
			for _, c := range w[1:] {
				switch {
				case c == 'c' && w[0] == '-':
					return // -c SCRIPT: childsh.go
				case c == 's' && w[0] == '-':
					stdin = true
				case shellValued[string(w[0])+string(c)]:
					i++ // -o NAME, -O NAME, -eo pipefail
				}
			}
		default:
			break options
		}
	}
	var body span
	dq, ok := false, false
	var params []shtok
	var vals []shvar
	switch {
	case stdin || i >= len(args) && len(words) == len(args) || i >= len(args) && words[len(args)].op != "<":
		// bash -s ARGS, or no operand: the script is standard input.
		params = args[min(i, len(args)):]
		body, dq, ok = b.stdinSpan(words, cmd, prev)
	case i >= len(args):
		// bash <(echo '…') ARGS: the operand is a process substitution
		// (the lexer ends the command at it).
		body, dq, vals, ok = b.substScript(words[len(args)])
	case stdinFiles[lx.text(args[i])]:
		// bash /dev/stdin ARGS <<< '…'
		params = args[i+1:]
		body, dq, ok = b.stdinSpan(words, cmd, prev)
	default:
		// sh FILE ARGS, FILE written earlier in the line.
		params = args[i+1:]
		body, dq, ok = b.written.script(lx.text(args[i]))
	}
	if !ok || body.end <= body.start {
		return
	}
	call := shCall{body: body, dq: dq, zero: true}
	if len(params) > 0 {
		vals = b.wordVars(params)
	}
	call.args = vals
	b.calls = append(b.calls, call)
}

// substScript is the script a process substitution operand prints
// (<(echo '…'), <(printf '…')) and the words after it, lexed here: the
// shell's positional parameters.
func (b *shBuilder) substScript(w shtok) (span, bool, []shvar, bool) {
	lx := b.lx
	if w.op != "<" || !strings.HasPrefix(lx.src[w.start:], "<(") {
		return span{}, false, nil, false
	}
	sp, ok := substPrinted(lx.src, w.start)
	if !ok {
		return span{}, false, nil, false
	}
	body, dq := unquoteSpan(lx.src, sp)
	end := substClose(lx.src, w.start+2, min(len(lx.src), w.start+2+maxSubst))
	if end < 0 {
		return body, dq, nil, true
	}
	sub := &shlex{src: lx.src, pos: end + 1, end: lx.end, out: &view{}, vars: lx.vars, fail: lx.fail, budget: lx.budget}
	var vals []shvar
	for len(vals) < maxCLIArgs {
		t, more := sub.next()
		if !more || t.op != "" {
			break
		}
		var v shvar
		v.v.copyFrom(sub.out, t.t0, t.t1, false)
		vals = append(vals, v)
	}
	lx.budget = sub.budget
	return body, dq, vals, true
}

// unquoteSpan is the content of sp when it is one quoted string ('…' or
// "…"; dq: in double quotes), else sp.
func unquoteSpan(src string, sp span) (span, bool) {
	if sp.end-sp.start >= 2 {
		if c := src[sp.start]; (c == '\'' || c == '"') && src[sp.end-1] == c && strings.IndexByte(src[sp.start+1:sp.end-1], c) < 0 {
			return span{start: sp.start + 1, end: sp.end - 1}, c == '"'
		}
	}
	return sp, false
}

// shWritten maps a file name to the text the line wrote to it (echo or
// printf > FILE, cat > FILE with a here-document or here-string).
type shWritten map[string]shWrite

type shWrite struct {
	body span
	dq   bool
}

// maxWritten bounds the files remembered.
const maxWritten = 16

// script is the text written to name earlier in the line.
func (w shWritten) script(name string) (span, bool, bool) {
	t, ok := w[name]
	return t.body, t.dq, ok
}

// run is the text written to the file a command word runs (./s.sh,
// s.sh written as ./s.sh, a path ending in it).
func (w shWritten) run(prog string) (span, bool, bool) {
	if !strings.ContainsRune(prog, '/') {
		return span{}, false, false // a bare name is looked up in PATH
	}
	if t, ok := w[prog]; ok {
		return t.body, t.dq, true
	}
	for name, t := range w {
		if strings.TrimPrefix(prog, "./") == strings.TrimPrefix(name, "./") {
			return t.body, t.dq, true
		}
	}
	return span{}, false, false
}

// noteWritten records what the command words (words[0] its name) write
// to a file with > or >>.
func (b *shBuilder) noteWritten(words, cmd []shtok, prev int) {
	lx := b.lx
	file := ""
	end := len(words)
	for k, t := range words {
		if t.op == "|" || t.op == "|&" {
			end = k
			break
		}
		if (t.op == ">" || t.op == ">>" || t.op == ">|") && k+1 < len(words) && words[k+1].op == "" {
			file = lx.text(words[k+1])
		}
	}
	if file == "" || len(b.written) >= maxWritten && b.written[file] == (shWrite{}) {
		return
	}
	var body span
	dq, ok := false, false
	switch progName(lx.text(words[0])) {
	case "echo", "print", "printf":
		var ws []shtok
		for _, t := range words[:end] {
			if t.op != "" {
				break
			}
			ws = append(ws, t)
		}
		body, dq, ok = b.printedBy(ws)
	case "cat", "tee":
		body, dq, ok = b.stdinSpan(words, cmd, prev)
	}
	if !ok {
		return
	}
	if b.written == nil {
		b.written = shWritten{}
	}
	b.written[file] = shWrite{body: body, dq: dq}
}

// shLineWrites remembers, for shellLines, the files lines write (> NAME,
// >> NAME): a later line that names one may run the script it holds
// (cat > s.sh <<'EOF' …"$1"… EOF, then bash s.sh PW), so the lines from
// the write to it are lexed together even when nothing else on the later
// line triggers the view.
type shLineWrites struct {
	names  []string
	starts []int
}

// note records the files line (starting at offset ls) writes.
func (w *shLineWrites) note(line string, ls int) {
	if strings.IndexByte(line, '>') < 0 || !mayWrite(line) {
		return
	}
	for i := 0; i < len(line); i++ {
		j := strings.IndexByte(line[i:], '>')
		if j < 0 {
			return
		}
		i += j
		k := i
		for k < len(line) && (line[k] == '>' || line[k] == '|' || isShBlank(line[k])) {
			k++
		}
		if k < len(line) && (line[k] == '&' || line[k] == '(') {
			continue // >&2, >(…)
		}
		e := k
		for e < len(line) && !isShBlank(line[e]) && strings.IndexByte(";&|)<>", line[e]) < 0 {
			e++
		}
		name := trimQuotes(line[k:e])
		if name == "" || strings.HasPrefix(name, "/dev/") {
			continue
		}
		if len(w.names) >= maxWritten {
			w.names, w.starts = w.names[1:], w.starts[1:]
		}
		w.names = append(w.names, name)
		w.starts = append(w.starts, ls)
		i = e - 1
	}
}

// mayWrite reports whether a command that ends on line could be one
// noteWritten records: its name (progName, any case, any path) is echo,
// print, printf, cat or tee. The name is on line unless the command
// began on an earlier line, which the line then shows: the quote that
// closes a string ('"), the bracket that closes $(…), ${…}, $[…] or a
// group, or a backquote; a name built by quoting, escaping or an
// expansion (c"a"t, \cat, $C) shows a quote, backslash or $. A line
// without any of these (a -> b in Python, x >= 0 in code) writes no
// file the builder would remember, so noting it would only make
// shellLines lex everything from it to a later line naming the word.
func mayWrite(line string) bool {
	depth := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case '\'', '"', '\\', '$', '`':
			return true
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			if depth == 0 {
				return true // closes what an earlier line opened
			}
			depth--
		case 'e', 'E', 'p', 'P', 'c', 'C', 't', 'T':
			if n := len(line) - i; n >= 3 {
				l := [5]byte{lowerASCII(c), lowerASCII(line[i+1]), lowerASCII(line[i+2])}
				if n >= 4 {
					l[3] = lowerASCII(line[i+3])
				}
				if n >= 5 {
					l[4] = lowerASCII(line[i+4])
				}
				switch {
				case string(l[:3]) == "cat", string(l[:3]) == "tee",
					n >= 4 && string(l[:4]) == "echo", n >= 5 && string(l[:5]) == "print":
					return true
				}
			}
		}
	}
	return false
}

// reader is the start of the earliest line that wrote a file line names
// as a word, -1 when it names none.
func (w *shLineWrites) reader(line string) int {
	first := -1
	for n, name := range w.names {
		for off := 0; off < len(line); {
			q := strings.Index(line[off:], name)
			if q < 0 {
				break
			}
			q += off
			e := q + len(name)
			if (q == 0 || strings.IndexByte(" \t/'\"=", line[q-1]) >= 0) && (e == len(line) || strings.IndexByte(" \t'\";&|)", line[e]) >= 0) {
				if first < 0 || w.starts[n] < first {
					first = w.starts[n]
				}
				break
			}
			off = q + 1
		}
	}
	return first
}

// addFrom adds the range [a, b) to the sorted, disjoint ranges of list,
// merging those it reaches back to.
func addFrom(list []span, a, b int) []span {
	for len(list) > 0 && list[len(list)-1].end+1 >= a {
		last := list[len(list)-1]
		a, b = min(a, last.start), max(b, last.end)
		list = list[:len(list)-1]
	}
	return append(list, span{start: a, end: b})
}
