package redact

// Red-team round 15 (#30): a command substitution in the words of a
// pipeline's later command runs in that command's process, after the
// fork, so its standard input is the pipe:
//
//	X=PW; echo "$X" | mysql -p"$(cat)" db
//
// prints PW into the password position. When a pipe operator is lexed,
// what the command before it prints (echo's arguments; printf's when its
// format prints only them), rendered with the bindings known, becomes
// the lexer's stdin; a substitution whose command reads its standard
// input with no file operand (substPrinters' "stdin": cat, head, tail)
// prints it. Any other operator ends the pipeline and forgets it.

// pipeText renders what the last command of b.cmd prints, nil when the
// view does not know.
func (b *shBuilder) pipeText() *view {
	lx := b.lx
	start := 0
	for k := len(b.cmd) - 1; k >= 0; k-- {
		if b.cmd[k].op == "|" || b.cmd[k].op == "|&" {
			start = k + 1
			break
		}
	}
	ws := b.cmd[start:]
	for len(ws) > 0 && ws[0].op == "" && isAssignWord(lx.src[ws[0].start:ws[0].end]) {
		ws = ws[1:]
	}
	ws = words(ws)
	if len(ws) < 2 {
		return nil
	}
	args := ws[1:]
	switch progName(lx.text(ws[0])) {
	case "echo", "print":
		for len(args) > 0 && isEchoOpt(lx.text(args[0])) {
			args = args[1:]
		}
	case "printf":
		if len(args) < 2 || !isPrintfFormatOnly(lx.text(args[0])) {
			return nil
		}
		args = args[1:]
	default:
		return nil
	}
	if len(args) == 0 {
		return nil
	}
	out := &view{}
	for k, a := range args {
		if k > 0 {
			out.synthetic(' ')
		}
		out.copyFrom(lx.out, a.t0, a.t1, false)
	}
	return out
}
