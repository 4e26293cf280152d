package redact

import "strings"

// What reaches the standard input of a program that reads a secret there
// (cliTable's stdin column). Red-team round 15 (#48, #49):
//
//	echo PW | tr -d '\n' | docker login --password-stdin    { echo PW; } | passwd --stdin u
//	(echo PW) | docker login --password-stdin               echo PW | (tr -d x | gh auth login --with-token)
//	exec 3<<< PW; docker login --password-stdin <&3         printf 'root:%s\n' PW | chpasswd
//	printf 'password=%s\n' PW | git credential approve
//
// Data flows through every earlier stage of a pipeline: a stage may pass
// its input on (tr, sed, head, base64 …) or print its own, and where it
// is unsure what a stage prints the analysis masks what went into it. So
// the sources of all the stages before the reader are masked (echo's,
// printf's and yes's data, a filter's here-string or here-document, the
// writes of a file cat reads), not only the one right before it.
//
// The pipeline a program anchors (lexPipeline) starts at its name; when
// that name is itself preceded by a pipe (a group's output: { …; } |,
// ( … ) |, or a stage the anchor did not reach), or the reader's input is
// a descriptor an earlier exec opened (exec 3<<< PW; … <&3), the text
// before it is lexed again by cliStages, which knows groups: a group's
// commands all write to the group's output, a separator inside a group
// ends a pipeline of the group, not the group.
//
// printf's output is rendered (renderPrintf) with each byte mapped to the
// word it comes from, so that a %s conversion's output is masked in its
// argument, not in the format: printf 'root:%s\n' PW | chpasswd masks PW.

// cliStdin masks what reaches command k's standard input.
func cliStdin(lx *shlex, cmds []cliCmd, k int, part byte, emit func(span)) {
	c := &cmds[k]
	cliOwnStdin(lx, c, part, emit)
	fd := c.dupIn
	j := k
	for j > 0 && cmds[j].pipeIn {
		j--
		cliFeedData(lx, &cmds[j], part, emit)
		if fd == "" {
			fd = cmds[j].dupIn
		}
	}
	head := &cmds[j]
	if len(c.words) > 0 && len(head.words) > 0 {
		// Red-team round 17 (#27): the enclosing compounds' input.
		cliEnclosing(lx, head.words[0].start, c.words[len(c.words)-1].end, part, emit)
	}
	if len(head.words) == 0 || head.pipeIn {
		return
	}
	cliLookback(lx, head.words[0].start, fd, part, emit)
}

// cliOwnStdin masks the input a command's own redirections give it: its
// here-strings and here-documents, the writes of the files it reads, a
// process substitution that prints into it.
func cliOwnStdin(lx *shlex, c *cliCmd, part byte, emit func(span)) {
	for _, w := range c.herestr {
		cliStdinWord(lx, w, part, emit)
	}
	for _, b := range c.heredoc {
		cliStdinRange(lx.src, b, part, emit)
	}
	for _, f := range c.inFiles {
		cliFileWrites(lx.src, lx.text(f), f.start, part, emit)
	}
	cliStdinSubst(lx, c, emit) // clishape.go: < <(echo PW)
}

// cliFeedData masks what an earlier stage of the reader's pipeline
// prints or passes on.
func cliFeedData(lx *shlex, c *cliCmd, part byte, emit func(span)) {
	cliSourceData(lx, c, part, emit)
	if len(c.words) == 0 {
		return
	}
	name := progName(lx.text(c.words[0]))
	if name == "cat" || name == "tac" {
		for _, w := range c.words[1:] {
			if t := lx.text(w); t != "" && t[0] != '-' {
				cliFileWrites(lx.src, t, w.start, part, emit)
			}
		}
	}
	if cliFilters[name] {
		for _, f := range c.inFiles {
			cliFileWrites(lx.src, lx.text(f), f.start, part, emit)
		}
		cliStdinSubst(lx, c, emit)
	}
}

// cliSourceData masks what command src writes to its standard output
// when it is a source: echo's and yes's data arguments, what printf
// prints (in the words it comes from), a filter's (cliFilters)
// here-strings and here-documents.
func cliSourceData(lx *shlex, src *cliCmd, part byte, emit func(span)) {
	if len(src.words) == 0 {
		return
	}
	args := src.words[1:]
	name := progName(lx.text(src.words[0]))
	switch name {
	case "echo", "print":
		for len(args) > 0 && isEchoOpt(lx.text(args[0])) {
			args = args[1:]
		}
		for _, w := range args {
			cliStdinWord(lx, w, part, emit)
		}
	case "printf":
		if len(args) > 1 && lx.text(args[0]) == "-v" {
			args = args[2:]
		}
		if len(args) > 0 && lx.text(args[0]) == "--" {
			args = args[1:]
		}
		if len(args) == 0 {
			return
		}
		out := &view{}
		renderPrintf(lx, args[0], args[1:], out)
		cliStdinLines(string(out.buf), func(a, b int) []span { return out.source(lx.src, a, b) }, part, emit)
	case "yes":
		for _, w := range args {
			cliStdinWord(lx, w, part, emit)
		}
	default:
		if !cliFilters[name] {
			return
		}
		for _, w := range src.herestr {
			cliStdinWord(lx, w, part, emit)
		}
		for _, b := range src.heredoc {
			cliStdinRange(lx.src, b, part, emit)
		}
	}
}

func cliStdinWord(lx *shlex, w shtok, part byte, emit func(span)) {
	if part == 0 {
		cliEmit(lx, w, 0, 0, ruleCLIStdin, emit)
		return
	}
	cliStdinLines(lx.text(w), func(a, b int) []span { return lx.out.source(lx.src, w.t0+a, w.t0+b) }, part, emit)
}

// cliStdinRange masks a here-document body (input offsets).
func cliStdinRange(s string, b span, part byte, emit func(span)) {
	cliStdinLines(s[b.start:b.end], func(x, y int) []span { return []span{{start: b.start + x, end: b.start + y}} }, part, emit)
}

// cliStdinLines masks the secret of each line of text, whose bytes [a, b)
// are the input's src(a, b): the line (part 0); after the first ':'
// (user:pw; a line without one is taken whole); the value of a KEY=VALUE
// line whose key cliPlainKeys does not list ('=').
func cliStdinLines(text string, src func(a, b int) []span, part byte, emit func(span)) {
	for off := 0; off <= len(text); {
		end := len(text)
		if le := strings.IndexByte(text[off:], '\n'); le >= 0 {
			end = off + le
		}
		a := off
		line := text[off:end]
		switch part {
		case ':':
			if i := strings.IndexByte(line, ':'); i >= 0 {
				a = off + i + 1
			}
		case '=':
			i := strings.IndexByte(line, '=')
			if i < 0 || cliPlainKeys[strings.TrimSpace(line[:i])] {
				a = end
			} else {
				a = off + i + 1
			}
		}
		for a < end && isSpace(text[a]) {
			a++
		}
		e := end
		for e > a && isSpace(text[e-1]) {
			e--
		}
		if e > a && !isPlaceholder(text[a:e]) {
			for _, p := range src(a, e) {
				p.id, p.secret = ruleCLIStdin, text[a:e]
				emit(p)
			}
		}
		off = end + 1
	}
}

// cliReadsStdin reports an argument that makes sp's program read its
// standard input: one naming it as a file (@stdin: /dev/stdin,
// --from-file=k=/dev/stdin) or ending in one of sp's suffixes.
func cliReadsStdin(lx *shlex, sp *cliSpec, args []shtok) bool {
	if !sp.stdinFile && len(sp.stdinSuffix) == 0 {
		return false
	}
	for _, a := range args {
		t := lx.text(a)
		for _, suf := range sp.stdinSuffix {
			if strings.HasSuffix(t, suf) {
				return true
			}
		}
		if !sp.stdinFile {
			continue
		}
		for _, n := range cliStdinNames {
			if rest, ok := strings.CutSuffix(t, n); ok && (rest == "" || strings.IndexByte("=:@,", rest[len(rest)-1]) >= 0 || strings.HasSuffix(rest, "file://")) {
				return true
			}
		}
	}
	return false
}

// stdinDup reports that the duplication op (<&), after the words of its
// command so far, applies to standard input: no descriptor is written
// before it, or 0.
func stdinDup(lx *shlex, words []shtok, op shtok) bool {
	n := len(words)
	if n == 0 || words[n-1].end != op.start {
		return true
	}
	t := lx.text(words[n-1])
	return !allDigits(t) || t == "0"
}

// maxLookback bounds how far before a reader the text is lexed again.
const maxLookback = 4096

// cliBack is the look-back state of one lexer: the bytes lexed again,
// and the end of the last region, below which later regions start once
// the budget is spent (so that a line of many readers stays linear).
type cliBack struct{ spent, floor int }

// cliLookback masks what reaches the standard input of the command at
// offset at from the text before it: the output of an earlier pipeline
// stage when a pipe precedes the command, and the data of descriptor fd
// ("" none) when an exec opened it.
func cliLookback(lx *shlex, at int, fd string, part byte, emit func(span)) {
	s := lx.src
	if at <= 0 || at > len(s) {
		return
	}
	if lx.back == nil {
		lx.back = &cliBack{}
	}
	bk := lx.back
	lo := max(0, at-maxLookback)
	if bk.spent > max(1<<16, 4*len(s)) {
		lo = max(lo, min(bk.floor, at))
	}
	if lo > 0 {
		if i := strings.IndexByte(s[lo:at], '\n'); i >= 0 {
			lo += i + 1
		}
	}
	bk.spent += at - lo
	bk.floor = max(bk.floor, at)
	pipe := pipeBefore(s, lo, at)
	if pipe < 0 && fd == "" {
		// exec <<< PW: the shell's own input, which every later command
		// inherits.
		if !strings.Contains(s[lo:at], "exec") {
			return
		}
		fd = "0"
	}
	end := at
	if pipe >= 0 {
		end = pipe
	}
	cliStages(lx.src, lo, end, pipe >= 0, fd, part, emit)
}

// pipeBefore is the offset of the pipe operator whose output is the
// standard input of the command at offset at (its words before at, group
// openers and blanks skipped), -1 when a separator comes first. Quotes are
// counted from at back, as commandStart does.
func pipeBefore(s string, lo, at int) int {
	single, double := 0, 0
	for i := at - 1; i >= lo; i-- {
		c := s[i]
		switch c {
		case '\'':
			single++
			continue
		case '"':
			double++
			continue
		}
		if single%2 != 0 || double%2 != 0 {
			continue
		}
		switch c {
		case '|':
			if i > lo && s[i-1] == '|' {
				return -1 // ||
			}
			return i
		case '&':
			if i > lo && s[i-1] == '|' {
				return i - 1 // |&
			}
			if i > lo && (s[i-1] == '>' || s[i-1] == '<') {
				continue // 2>&1, <&3
			}
			return -1
		case '\n':
			// a |⏎ b: the pipeline goes on; so does a line continued
			// with a backslash.
			j := i
			for j > lo && isShBlank(s[j-1]) {
				j--
			}
			if j > lo && (s[j-1] == '|' || s[j-1] == '\\') {
				continue
			}
			return -1
		case ';', ')', '`':
			return -1
		}
	}
	return -1
}

// cliFrame is one level of groups in cliStages: in, the commands whose
// output is the group's input; pipe, those of the group's current
// pipeline; all, every command of the group (the group's output).
type cliFrame struct{ in, pipe, all []int }

// maxStageCmds bounds the commands cliStages keeps.
const maxStageCmds = 64

// cliGroupWords open and close compound commands; cliKeepWords keep
// command position.
var (
	cliGroupOpen  = map[string]bool{"{": true, "if": true, "while": true, "until": true, "for": true, "select": true, "case": true}
	cliGroupClose = map[string]bool{"}": true, "fi": true, "done": true, "esac": true}
	cliKeepWords  = map[string]bool{"then": true, "do": true, "else": true, "elif": true, "!": true, "time": true}
)

// cliStages lexes s[lo:end] and masks, when piped, the data of every
// command whose output flows into a pipe at end (the last pipeline, the
// groups in it and around end), and the data descriptor fd was opened
// on by an exec.
func cliStages(s string, lo, end int, piped bool, fd string, part byte, emit func(span)) {
	lx := &shlex{src: s, pos: lo, end: end, out: &view{}}
	var cmds []cliCmd
	stack := []cliFrame{{}}
	cur := -1
	fds := map[string]int{}
	var substs map[string][]span
	var heredocs []shtok
	var heredocCmd []int
	prevOp := "\n"
	newCmd := func() {
		if cur >= 0 || len(cmds) >= maxStageCmds {
			return
		}
		cur = len(cmds)
		cmds = append(cmds, cliCmd{})
		top := &stack[len(stack)-1]
		top.pipe = append(top.pipe, cur)
		top.all = append(top.all, cur)
	}
	push := func() {
		top := stack[len(stack)-1]
		in := append(append([]int(nil), top.in...), top.pipe...)
		stack = append(stack, cliFrame{in: in})
		cur = -1
	}
	pop := func() {
		cur = -1
		if len(stack) < 2 {
			return
		}
		child := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		top := &stack[len(stack)-1]
		top.pipe = append(top.pipe, child.all...)
		top.all = append(top.all, child.all...)
	}
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		op := t.op
		if op == "" {
			w := lx.text(t)
			if cur < 0 && !t.quoted {
				switch {
				case cliGroupOpen[w]:
					push()
					prevOp = "\n"
					continue
				case cliGroupClose[w]:
					pop()
					continue
				case cliKeepWords[w]:
					continue
				}
			}
			newCmd()
			if cur >= 0 {
				cmds[cur].words = append(cmds[cur].words, t)
			}
			prevOp = ""
			continue
		}
		switch op {
		case "(":
			push()
		case ")":
			pop()
		case "|", "|&":
			cur = -1
		case "<<<", "<<", "<<-", "<", "<&", "<>", ">", ">>", "&>", ">&", ">|":
			newCmd()
			f, ok := lx.next()
			if cur < 0 || !ok {
				break
			}
			c := &cmds[cur]
			n := fd0(lx, c, t)
			if f.op == "<" && op == "<" {
				// exec 3< <(echo PW): the substitution prints the data.
				if sp, ok := substPrinted(s, f.start); ok && c.isExec(lx) {
					if substs == nil {
						substs = map[string][]span{}
					}
					substs[n] = append(substs[n], sp)
				}
				break
			}
			if f.op != "" {
				break
			}
			switch op {
			case "<<<":
				c.herestr = append(c.herestr, f)
			case "<<", "<<-":
				heredocs = append(heredocs, f)
				heredocCmd = append(heredocCmd, cur)
			case "<&":
				if n == "0" {
					c.dupIn = lx.text(f)
				}
			default:
				cliRedirect(c, op, f)
			}
			if (op == "<<<" || op == "<<" || op == "<<-" || op == "<") && c.isExec(lx) {
				fds[n] = cur
			}
		default:
			// A separator: here-documents start after the newline.
			if op == "\n" && len(heredocs) > 0 {
				p := t.end
				for i, d := range heredocs {
					var body span
					body, p = heredocBody(s, p, end, trimQuotes(lx.text(d)))
					cmds[heredocCmd[i]].heredoc = append(cmds[heredocCmd[i]].heredoc, body)
					if p < end {
						p++
					}
				}
				heredocs, heredocCmd = heredocs[:0], heredocCmd[:0]
				lx.pos = max(lx.pos, p)
			}
			if op == "\n" && (prevOp == "|" || prevOp == "|&" || prevOp == "&&" || prevOp == "||") {
				continue // the pipeline or list goes on on the next line
			}
			cur = -1
			top := &stack[len(stack)-1]
			top.pipe = top.pipe[:0]
		}
		prevOp = op
	}
	top := stack[len(stack)-1]
	if piped {
		for _, list := range [][]int{top.in, top.pipe} {
			for _, i := range list {
				cliFeedData(lx, &cmds[i], part, emit)
				if fd == "" {
					fd = cmds[i].dupIn
				}
			}
		}
	}
	if fd == "" {
		return
	}
	if i, ok := fds[fd]; ok {
		cliOwnStdin(lx, &cmds[i], part, emit)
	}
	for _, sp := range substs[fd] {
		sp.id = ruleCLIStdin
		emit(sp)
	}
}

// fd0 is the descriptor a redirection op of c names ("0" or "1" by
// default), taking a number written right before it off c's words.
func fd0(lx *shlex, c *cliCmd, op shtok) string {
	if n := len(c.words); n > 0 && c.words[n-1].end == op.start {
		if t := lx.text(c.words[n-1]); allDigits(t) {
			c.words = c.words[:n-1]
			return t
		}
	}
	if strings.HasPrefix(op.op, ">") || op.op == "&>" {
		return "1"
	}
	return "0"
}

// isExec reports a command that is the exec builtin without a program:
// its redirections stay open in the shell.
func (c *cliCmd) isExec(lx *shlex) bool {
	return len(c.words) == 1 && lx.text(c.words[0]) == "exec"
}
