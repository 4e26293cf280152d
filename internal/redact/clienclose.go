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
func cliEnclosing(lx *shlex, from, to int, part byte, emit func(span)) {
	s := lx.src
	end := min(len(s), to+maxCLIWindow)
	depth := 0
	for i := to; i < end; i++ {
		c := s[i]
		switch {
		case c == '{' || c == '(':
			depth++
		case c == '}' || c == ')':
			if depth > 0 {
				depth--
				continue
			}
			cliRedirectsAt(lx, i+1, part, emit)
		case isLower(c) && (i == 0 || !isWordByte(s[i-1])):
			w := i
			for w < end && isWordByte(s[w]) {
				w++
			}
			switch s[i:w] {
			case "if", "for", "while", "until", "case", "select":
				depth++
			case "fi", "done", "esac":
				if depth > 0 {
					depth--
				} else {
					cliRedirectsAt(lx, w, part, emit)
				}
			}
			i = w - 1
		}
	}
	if name := enclosingFunction(s, from); name != "" {
		for off := to; off < len(s); {
			k := strings.Index(s[off:], name)
			if k < 0 {
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

// enclosingFunction is the name of the function whose body holds offset
// at (NAME() { … } or function NAME { … }), "" when none is seen.
func enclosingFunction(s string, at int) string {
	depth := 0
	lo := max(0, at-maxCLIWindow)
	for i := at - 1; i >= lo; i-- {
		switch s[i] {
		case '}', ')':
			depth++
		case '{', '(':
			if depth > 0 {
				depth--
				continue
			}
			if s[i] == '(' {
				continue
			}
			t := strings.TrimRight(s[lo:i], " \t\n")
			fn := strings.HasSuffix(t, "()")
			if fn {
				t = strings.TrimRight(t[:len(t)-2], " \t")
			}
			n := len(t)
			for n > 0 && isWordByte(t[n-1]) {
				n--
			}
			if n < len(t) && (fn || strings.HasSuffix(strings.TrimRight(t[:n], " \t"), "function")) {
				return t[n:]
			}
			return ""
		}
	}
	return ""
}
