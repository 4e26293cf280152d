package redact

import "strings"

// Red-team round 17 (#27): a compound command's redirection feeds the
// stdin readers inside it:
//
//	{ docker login --password-stdin; } <<< PW     ( … ) < p.txt
//	if …; then …; fi <<EOF … EOF                   for …; do …; done <<< PW
//	f() { docker login --password-stdin; }; f <<< PW
//
// From a reader, the text after it is scanned for the closer of each
// compound enclosing it (}, ), fi, done, esac at nesting depth 0); the
// redirections after a closer are lexed as those of a command and masked
// as the reader's own. A reader inside a function body is fed by the
// redirections of every call of the function.

// cliEnclosing masks what the compounds around the reader (its pipeline
// from offset from to offset to) and the calls of the function it is in
// give their standard input.
//
// The compounds are found in the text's compound index (cliIndex), not by
// scanning 8 KB after and before each reader: a line of 20000 readers
// (x; a | docker login --password-stdin r …) paid 20000 × 16 KB.
func cliEnclosing(lx *shlex, from, to int, part byte, emit func(span)) {
	s := lx.src
	ix := lx.compounds()
	end := min(len(s), to+maxCLIWindow)
	for k := ix.firstCloser(to); k >= 0 && ix.fwd[k].pos < end; k = ix.fwd[k].link {
		cliRedirectsAt(lx, ix.fwd[k].after, part, emit)
	}
	name := ix.enclosingFunction(s, from)
	if name == "" {
		return
	}
	// The calls after to of the function the reader is in: a call once
	// masked for part is not masked again (the readers of a text come in
	// offset order, so a later reader's calls were its predecessor's).
	key := cliCallKey{name, part}
	stop := len(s)
	if d, ok := ix.calls[key]; ok {
		stop = d
	}
	if to >= stop {
		return
	}
	if ix.calls == nil {
		ix.calls = map[cliCallKey]int{}
	}
	ix.calls[key] = to
	for off := to; off < len(s); {
		k := strings.Index(s[off:], name)
		if k < 0 || off+k >= stop {
			break
		}
		k += off
		off = k + len(name)
		if (k > 0 && isWordByte(s[k-1])) || (off < len(s) && isWordByte(s[off])) {
			continue
		}
		lx2 := &shlex{src: s, out: &view{}, pos: k, end: min(len(s), k+maxCLIWindow)}
		if cmds := lexPipeline(lx2); len(cmds) > 0 {
			cliOwnStdin(lx2, &cmds[0], part, emit)
		}
	}
}

// cliRedirectsAt masks the input the redirections at offset at (after a
// compound's closer) give.
func cliRedirectsAt(lx *shlex, at int, part byte, emit func(span)) {
	s := lx.src
	j := at
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || isDigit(s[j])) {
		j++
	}
	if j >= len(s) || s[j] != '<' || j+1 < len(s) && s[j+1] == '(' {
		return
	}
	lx2 := &shlex{src: s, out: &view{}, pos: j, end: min(len(s), j+maxCLIWindow)}
	if cmds := lexPipeline(lx2); len(cmds) > 0 {
		cliOwnStdin(lx2, &cmds[0], part, emit)
	}
}
