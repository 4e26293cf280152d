package redact

import "bytes"

// Red-team round 28 (#205): a token printed in pieces. What a command line
// prints is the concatenation of what its printers print, and the
// separators between the pieces are easily removed on the way:
//
//	echo -n ghp_ab; echo cd…          (no newline after the first piece)
//	echo ghp_ab cd… | tr -d ' '       (a filter deletes the separator)
//	paste -d '' <(echo ghp_ab) <(echo cd…)
//	printf %s ghp_ab cd…              (the format reused, rendered by printf)
//
// Which separator survives depends on options and filters the view does
// not model, so it assumes none survives: the printed pieces of one line
// range of the shell view (shellLines), in order, are joined with nothing
// into one more item of the view. A format rule's finding there is a
// token the line can print whole; a context rule's is not trusted
// (acceptShell), since joining words makes labels meet values that
// nothing joins.
//
// The printers are substPrinters' "args" and "printf" commands (echo,
// print, printf), at the start of a command, after a pipe or a reserved
// word; a redirection's target is not printed.

// printed collects the pieces the pipeline cmd prints.
func (b *shBuilder) notePrinted(cmd []shtok) {
	lx := b.lx
	for i := 0; i < len(cmd); i++ {
		if cmd[i].op != "" || !b.commandAt(cmd, i) {
			continue
		}
		how := substPrinters[progName(lx.text(cmd[i]))]
		if how != "args" && how != "printf" {
			continue
		}
		var args []shtok
		for j := i + 1; j < len(cmd) && cmd[j].op != "|" && cmd[j].op != "|&"; j++ {
			if cmd[j].op != "" {
				j++ // a redirection and its target
				continue
			}
			args = append(args, cmd[j])
		}
		if b.printed == nil {
			b.printed = &view{}
		}
		switch how {
		case "args":
			for len(args) > 0 && isEchoOpt(lx.text(args[0])) {
				args = args[1:]
			}
			for _, a := range args {
				if bytes.Contains(lx.out.buf[a.t0:a.t1], []byte(markerPrefix)) {
					continue // a marker is never redacted again (idempotence)
				}
				b.printed.copyFrom(lx.out, a.t0, a.t1, false)
				b.pieces++
			}
		case "printf":
			if len(args) > 0 && lx.text(args[0]) == "--" {
				args = args[1:]
			}
			if len(args) > 0 && lx.text(args[0]) != "-v" {
				out := &view{}
				renderPrintf(lx, args[0], args[1:], out)
				if !bytes.Contains(out.buf, []byte(markerPrefix)) {
					b.printed.copyFrom(out, 0, out.len(), false)
					b.pieces++
				}
			}
		}
	}
}

// commandAt reports a word of cmd in command position: first, after a
// pipe, or after reserved words ({ echo …, then echo …).
func (b *shBuilder) commandAt(cmd []shtok, i int) bool {
	for i > 0 && cmd[i-1].op == "" && shLeadKeyword(b.lx.text(cmd[i-1])) {
		i--
	}
	return i == 0 || cmd[i-1].op == "|" || cmd[i-1].op == "|&"
}

// flushPrinted adds the pieces printed since the last call, joined, as an
// item of the view when there are several.
func (b *shBuilder) flushPrinted() {
	if b.printed == nil {
		return
	}
	if b.pieces > 1 {
		start := b.v.len()
		b.v.copyFrom(b.printed, 0, b.printed.len(), false)
		b.v.synthetic('\n')
		b.items = append(b.items, shItem{t0: start, t1: b.v.len() - 1})
	}
	b.printed.buf, b.printed.segs, b.pieces = b.printed.buf[:0], b.printed.segs[:0], 0
}
