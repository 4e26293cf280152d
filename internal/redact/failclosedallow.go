package redact

import "strings"

// Red-team round 18 (#21-#25, br18b): an allow-list.
//
// Rounds 16 to 18 masked every literal of a fail-closed input EXCEPT the
// shapes judged harmless (an option word, a binding's name, a
// redirection's file, a brace-expansion member, a path, a URL, a number,
// a file name, a label), and every round found one more shape a secret
// can take and a route ($_, ${_#--}, ${!P*}, ${!A[@]}, alias, ls) that
// hands it to the sink. Once the pass fires (an unresolved sink fed from
// the line, or the shell view gave up), every word is masked now except
// what is plainly no secret whatever its shape could carry:
//
//   - a program the tables know (litKeep) in command position, its
//     directory too when it is a system one (/usr/bin/mysql);
//   - reserved words and the operators (they are no words here);
//   - an option word -x (one letter), --name or --name= where name is one
//     of the program's table options or a short lowercase dictionary word
//     (litOptions); what follows the letter or the '=' is judged as a
//     word of its own;
//   - a word that is only a reference ($X, ${X}, $1) where the shell
//     expands it: unquoted or in double quotes, not escaped (red-team
//     round 20, #27: '$PW', \$PW are literal text);
//   - a one-letter option -x that the program's table knows, and the
//     punctuation words of shell syntax (litPunct).
//
// Red-team round 20 (#29, #30): no word is kept for its length (a secret
// given as 2-byte words, read back by ${BASH_ARGV[*]} or $_, stays in
// order otherwise), and a here-document's delimiter is masked unless it
// is a customary one (litDelims): declare -f and type print it back. A
// single digit is kept only as a descriptor (2>&1): a PIN spelled digit
// by digit is masked like any word. The record's text may then differ
// from what ran: it is redacted.
//
// Nothing else is exempt: not paths, URLs, numbers, file names, labels,
// binding names (NAME=, A[KEY]=), alias names, redirection targets,
// brace members ({PW,} is one word: '{' opens a group only when a blank
// follows it), case patterns. The pass only fires on lines that build a
// secret inline, so over-masking them is the accepted cost.

// allowWord reports a word kept wherever it stands.
func allowWord(w string) bool {
	return litReserved[w] || litPunct[w] || isReference(w)
}

// allowShort reports -x as a one-letter option of program prog's table.
func allowShort(prog string, x byte) bool {
	if prog == "" {
		return false
	}
	for _, sp := range cliSpecs(prog) {
		if strings.IndexByte(sp.valued, x) >= 0 {
			return true
		}
		for _, f := range sp.flags {
			if len(f.name) == 2 && f.name[0] == '-' && f.name[1] == x {
				return true
			}
		}
	}
	return false
}

// quoteState is where a byte of a shell text stands: q is 0 outside
// quotes, '\”, '"' or '$' ($'…'); esc: the previous byte escapes it.
type quoteState struct {
	q   byte
	esc bool
}

// scan moves st over s[a:b].
func (st *quoteState) scan(s string, a, b int) {
	for i := a; i < b; i++ {
		c := s[i]
		if st.esc {
			st.esc = false
			continue
		}
		switch st.q {
		case '\'':
			if c == '\'' {
				st.q = 0
			}
		case '$':
			if c == '\\' {
				st.esc = true
			} else if c == '\'' {
				st.q = 0
			}
		case '"':
			if c == '\\' {
				st.esc = true
			} else if c == '"' {
				st.q = 0
			}
		default:
			switch {
			case c == '\\':
				st.esc = true
			case c == '\'' || c == '"':
				st.q = c
			case c == '$' && i+1 < b && s[i+1] == '\'':
				st.q = '$'
				i++
			}
		}
	}
}

// expands reports a reference at s[at] that the shell expands, the
// quoting state at a being st.
func (st quoteState) expands(s string, a, at int) bool {
	st.scan(s, a, at)
	return !st.esc && (st.q == 0 || st.q == '"')
}

// allowOption reports --name (name without the dashes) as a known option
// of program prog ("" unknown) or a dictionary option.
func allowOption(prog, name string) bool {
	if name == "" || litOptions[name] {
		return true
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isLower(c) && !isDigit(c) && c != '-' {
			return false
		}
	}
	if prog == "" {
		return false
	}
	long := "--" + name
	for _, sp := range cliSpecs(prog) {
		for _, f := range sp.flags {
			if f.name == long {
				return true
			}
		}
		for _, w := range sp.stdin {
			if w == long {
				return true
			}
		}
	}
	return false
}

// allowProgram reports a word in command position that names a program
// the tables know; dir is the length of a directory prefix to mask (0:
// none, or a system directory).
func allowProgram(w string) (ok bool, dir int) {
	if !litKeep(w) {
		return false, 0
	}
	i := strings.LastIndexAny(w, `/\`)
	if i < 0 || litSystemDir(w[:i+1]) {
		return true, 0
	}
	return true, i + 1
}

// litSystemDir reports a directory programs are installed in.
func litSystemDir(d string) bool {
	switch d {
	case "/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "./", "/opt/homebrew/bin/":
		return true
	}
	return false
}

// groupSep reports a '{' or '}' at s[i] that is shell syntax (a group's
// brace: a word of its own) rather than part of a word ({PW,}, ${X}).
func groupSep(s string, i int) bool {
	if i > 0 && !isSpace(s[i-1]) && strings.IndexByte(";&|()`", s[i-1]) < 0 {
		return false
	}
	if s[i] == '{' {
		return i+1 >= len(s) || isSpace(s[i+1])
	}
	return i+1 >= len(s) || litSep(s[i+1])
}

// wordSep ends a word for literalSpans: litSep, braces only as groups.
func wordSep(s string, i int) bool {
	c := s[i]
	if c == '{' || c == '}' {
		return groupSep(s, i)
	}
	return litSep(c)
}

// literalSpans are the literals of s that could be a secret given to a
// sink: every word but those the allow-list keeps. Quotes and
// backslashes are part of a word (so a script inside quotes is read word
// by word at any depth).
func literalSpans(s string) []span {
	return literalWords(s, false, false)
}

// literalWords is literalSpans; anyProg: a program the tables know is
// kept wherever it stands (a text read from the middle of a command,
// where command position is not known).
//
// keepShort keeps words under 3 bytes (round 18's exemption): only for
// an input the shell view gave up on without a sink in it, whose
// redacted text the view may give up on again (markers are longer than
// what they replace), so that Text stays idempotent.
func literalWords(s string, anyProg, keepShort bool) []span {
	var out []span
	mask := func(a, b int) {
		if a < b {
			out = append(out, span{start: a, end: b, id: ruleUnresolved})
		}
	}
	// st: the quoting state at ws, the start of the current word; subs:
	// the states outside the $(…) and `…` open at ws.
	var st quoteState
	ws := 0
	var subs []quoteState
	// word masks s[a:b] (quotes trimmed) unless the allow-list keeps it.
	word := func(a, b int) {
		a, b = trimQuoting(s, a, b)
		if a >= b || strings.HasPrefix(s[a:b], markerPrefix) {
			return
		}
		w := s[a:b]
		if keepShort && len(w) < 3 || litReserved[w] || litPunct[w] || isReference(w) && st.expands(s, ws, a) {
			return
		}
		mask(a, b)
	}
	cmdPos := true
	prog := ""
	// data: the next word is a here-string's (red-team round 17, #21).
	data := false
	// docs: the delimiters of here-documents whose bodies start at the
	// next newline (red-team round 17, #22).
	var docs []string
	var next quoteState
	haveNext := false
	for i := 0; i < len(s); {
		if haveNext {
			st, haveNext = next, false
		}
		c := s[i]
		if wordSep(s, i) {
			switch c {
			case '\n':
				cmdPos, prog = true, ""
				if len(docs) > 0 {
					i = heredocBodies(s, i+1, docs, &out)
					docs = docs[:0]
					continue
				}
			case ';', '|', '&', '(', '{', '`':
				cmdPos, prog = true, ""
			case ')':
				if n := len(subs); n > 0 && st.q == 0 {
					st, subs = subs[n-1], subs[:n-1]
				}
			case '}':
				// A group's end: what follows is its redirections.
				cmdPos = false
			case '<', '>':
				// Red-team round 18 (#23): a redirection's file is a
				// word like any other (its name may be the secret); a
				// here-string's word is data, a here-document's
				// delimiter syntax.
				j := i
				for j < len(s) && (s[j] == '<' || s[j] == '>' || s[j] == '&') {
					j++
				}
				op := s[i:j]
				if op == "<<" && j < len(s) && s[j] == '-' {
					j++
				}
				for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
					j++
				}
				switch {
				case op == "<<<":
					data = true
				case op == "<<":
					w := j
					for j < len(s) && !litSep(s[j]) {
						j++
					}
					if d0, d1 := trimQuoting(s, w, j); d0 < d1 && len(docs) < 64 {
						docs = append(docs, s[d0:d1])
						if !litDelims[s[d0:d1]] {
							mask(d0, d1)
						}
					}
				case j < len(s) && s[j] == '(':
					// <(…), >(…): a command.
				default:
					w := j
					for j < len(s) && !wordSep(s, j) {
						j++
					}
					// A descriptor (>&2, <&0) is syntax.
					if !(j == w+1 && isDigit(s[w]) && strings.HasSuffix(op, "&")) {
						ws = w
						word(w, j)
						st.scan(s, w, j)
					}
				}
				i = j
				continue
			}
			i++
			continue
		}
		j := i
		for j < len(s) && !wordSep(s, j) {
			if s[j] == '$' && j+1 < len(s) && s[j+1] == '(' {
				break
			}
			j++
		}
		if j == i { // "$(" opens a command
			if len(subs) < 64 {
				subs = append(subs, st)
			}
			st = quoteState{}
			i += 2
			cmdPos, prog = true, ""
			continue
		}
		w0, w1 := trimQuoting(s, i, j)
		ws, next, haveNext = i, st, true
		next.scan(s, i, j)
		i = j
		// A descriptor before a redirection (2>&1) is syntax.
		if j == w0+1 && isDigit(s[w0]) && j < len(s) && (s[j] == '>' || s[j] == '<') {
			continue
		}
		if w0 >= w1 {
			data = false
			continue
		}
		w := s[w0:w1]
		switch {
		case strings.HasPrefix(w, markerPrefix):
		case data:
			data = false
			word(w0, w1)
			continue
		case isAssignWord(w):
			// Red-team round 18 (#22): the name is data too (${!P*},
			// compgen -v, alias, declare -p read it back).
			eq := strings.IndexByte(w, '=')
			word(w0, w0+eq)
			word(w0+eq+1, w1)
			// NAME=VALUE before a command keeps command position.
			continue
		case len(w) == 2 && w[0] == '-' && isAlnum(w[1]):
			// Red-team round 20 (#30): -x is kept only as an option the
			// program's table knows.
			if !keepShort && !allowShort(prog, w[1]) {
				mask(w0+1, w1)
			}
		case len(w) > 2 && w[0] == '-':
			// Red-team round 18 (#21): an option word is kept only as
			// -x or a known --name; its value is a word of its own.
			if w[1] == '-' {
				name, _, eq := strings.Cut(w[2:], "=")
				if !allowOption(prog, name) {
					mask(w0+2, w0+2+len(name))
				}
				if eq {
					word(w0+3+len(name), w1)
				}
			} else {
				if !keepShort && !allowShort(prog, w[1]) {
					mask(w0+1, w0+2)
				}
				word(w0+2, w1)
			}
		case cmdPos || anyProg:
			if ok, dir := allowProgram(w); ok {
				mask(w0, w0+dir)
				prog = progName(w)
			} else {
				word(w0, w1)
			}
		default:
			word(w0, w1)
		}
		// The words after for/select/case's "in" are values, not a
		// command (red-team round 17, #21).
		cmdPos = litReserved[w] && w != "in"
		data = false
	}
	return out
}
