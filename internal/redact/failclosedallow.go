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
//   - a word of fewer than 3 bytes, and a word that is only a reference
//     ($X, ${X}, $1);
//   - a here-document's delimiter (syntax: no command sees it as data).
//
// Nothing else is exempt: not paths, URLs, numbers, file names, labels,
// binding names (NAME=, A[KEY]=), alias names, redirection targets,
// brace members ({PW,} is one word: '{' opens a group only when a blank
// follows it), case patterns. The pass only fires on lines that build a
// secret inline, so over-masking them is the accepted cost.

// allowWord reports a word kept wherever it stands.
func allowWord(w string) bool {
	return len(w) < 3 || litReserved[w] || isReference(w)
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
	return literalWords(s, false)
}

// literalWords is literalSpans; anyProg: a program the tables know is
// kept wherever it stands (a text read from the middle of a command,
// where command position is not known).
func literalWords(s string, anyProg bool) []span {
	var out []span
	mask := func(a, b int) {
		if a < b {
			out = append(out, span{start: a, end: b, id: ruleUnresolved})
		}
	}
	// word masks s[a:b] (quotes trimmed) unless the allow-list keeps it.
	word := func(a, b int) {
		if a, b = trimQuoting(s, a, b); a < b && !allowWord(s[a:b]) && !strings.HasPrefix(s[a:b], markerPrefix) {
			mask(a, b)
		}
	}
	cmdPos := true
	prog := ""
	// data: the next word is a here-string's (red-team round 17, #21).
	data := false
	// docs: the delimiters of here-documents whose bodies start at the
	// next newline (red-team round 17, #22).
	var docs []string
	for i := 0; i < len(s); {
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
					}
				case j < len(s) && s[j] == '(':
					// <(…), >(…): a command.
				default:
					w := j
					for j < len(s) && !wordSep(s, j) {
						j++
					}
					word(w, j)
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
			i += 2
			cmdPos, prog = true, ""
			continue
		}
		w0, w1 := trimQuoting(s, i, j)
		i = j
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
