package shell

import (
	"strings"
	"unicode/utf8"
)

// tmux command lists given as strings (red-team round 7 #5, #6): the
// command of a key binding, a hook, a command alias, if-shell's and
// confirm-before's commands, a menu item, a prompt's template. tmux
// parses them with its own grammar (cmd-parse.y), not the shell's:
// words split at blanks; ";" and newlines end a command; '…' is literal;
// "…" and bare words take \ escapes, $NAME or ${NAME} from the server's
// global environment and ~ (the home directory); { … } is a command list
// as one argument; # starts a comment; NAME=VALUE alone sets a variable
// in the global environment (%hidden NAME=VALUE a hidden one); %if,
// %elif take a format, %else and %endif none.

// tmuxParsed is a tmux command string, parsed.
type tmuxParsed struct {
	cmds    [][]field // each command's words; a { … } block is its text
	blocks  []string  // the blocks, each a command list of its own
	assigns []field   // NAME=VALUE statements, in the global environment
	refs    []string  // $NAME expansions: the server's environment
	formats []string  // %if and %elif conditions
	bad     bool      // a syntax tmux refuses (an unclosed quote or brace): nothing runs
}

// parseTmuxCommands parses s as tmux does; home stands for ~ ("" not
// known).
func parseTmuxCommands(s, home string) tmuxParsed {
	var p tmuxParsed
	var cur []field
	endCmd := func() {
		if len(cur) > 0 {
			if len(p.cmds) < MaxTmuxCommands {
				p.cmds = append(p.cmds, cur)
			} else {
				p.bad = true
			}
		}
		cur = nil
	}
	cond := false
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\r':
			i++
			continue
		case ch == '\n' || ch == ';':
			endCmd()
			i++
			cond = false
			continue
		case ch == '{':
			j, ok := tmuxBlockEnd(s, i+1)
			if !ok {
				p.bad = true
				return p
			}
			p.blocks = append(p.blocks, s[i+1:j])
			cur = append(cur, field{s: s[i+1 : j]})
			i = j + 1
			continue
		case ch == '}':
			p.bad = true // unmatched
			return p
		case ch == '#':
			if cond && i+1 < len(s) && s[i+1] == '{' {
				j, ok := tmuxBlockEnd(s, i+2)
				if !ok {
					p.bad = true
					return p
				}
				p.formats = append(p.formats, s[i:j+1])
				i = j + 1
				cond = false
				continue
			}
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case ch == '%' && len(cur) == 0:
			j := i + 1
			for j < len(s) && !strings.ContainsRune(" \t\r\n;}", rune(s[j])) {
				j++
			}
			w := s[i:j]
			if strings.Trim(w, "%0123456789") != "" {
				switch w {
				case "%if", "%elif":
					cond = true
				case "%else", "%endif", "%hidden":
				default:
					p.bad = true
					return p
				}
				i = j
				continue
			}
		}
		f, j, ok := tmuxToken(s, i, home, &p)
		if !ok {
			p.bad = true
			return p
		}
		i = j
		cond = false
		if len(cur) == 0 && tmuxAssignment(f.s) {
			p.assigns = append(p.assigns, f)
			continue
		}
		cur = append(cur, f)
	}
	endCmd()
	return p
}

// MaxTmuxCommands bounds the commands kept of one tmux command string.
const MaxTmuxCommands = 256

// tmuxAssignment reports whether a command's first word is NAME=VALUE.
func tmuxAssignment(w string) bool {
	n, _, ok := strings.Cut(w, "=")
	return ok && n != "" && isNameStart(n[0]) && strings.IndexFunc(n, func(r rune) bool {
		return r >= utf8.RuneSelf || !isNameChar(byte(r))
	}) < 0
}

// tmuxBlockEnd returns the index of the "}" that closes a block whose
// text starts at from, skipping quoted text and escapes.
func tmuxBlockEnd(s string, from int) (int, bool) {
	n := 1
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '\'':
			k := strings.IndexByte(s[j+1:], '\'')
			if k < 0 {
				return 0, false
			}
			j += k + 1
		case '"':
			for j++; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' {
					j++
				}
			}
			if j >= len(s) {
				return 0, false
			}
		case '{':
			n++
		case '}':
			n--
			if n == 0 {
				return j, true
			}
		}
	}
	return 0, false
}

// tmuxToken reads one word from s[i:] (yylex_token): it ends at a blank,
// a newline, ";" or "}" outside quotes.
func tmuxToken(s string, i int, home string, p *tmuxParsed) (field, int, bool) {
	var b strings.Builder
	var f field
	const (
		none = iota
		single
		double
	)
	state, last := none, -1
	for ; i < len(s); i++ {
		ch := s[i]
		if state == none && strings.IndexByte(" \t\r\n;}", ch) >= 0 {
			break
		}
		switch {
		case ch == '\\' && state != single:
			if i+1 >= len(s) {
				return f, i, false
			}
			i++
			b.WriteString(tmuxEscape(s, &i))
			last = state
			continue
		case ch == '~' && last != state && state != single:
			j := i + 1
			for j < len(s) && strings.IndexByte("/ \t\n\"'", s[j]) < 0 {
				j++
			}
			if j > i+1 || home == "" {
				f.dyn = true // ~user, or no home known
				b.WriteString(s[i:j])
			} else {
				b.WriteString(home)
			}
			i = j - 1
			last = state
			continue
		case ch == '$' && state != single:
			j, name := tmuxVarName(s, i+1)
			if name == "" {
				b.WriteByte('$')
				last = state
				continue
			}
			if !validName(name) {
				return f, i, false
			}
			p.refs = append(p.refs, name)
			f.dyn = true
			b.WriteString("${" + name + "}")
			i = j - 1
			last = state
			continue
		case ch == '\'' && state != double:
			if state == none {
				state = single
			} else {
				state = none
			}
			continue
		case ch == '"' && state != single:
			if state == none {
				state = double
			} else {
				state = none
			}
			continue
		}
		b.WriteByte(ch)
		last = state
	}
	if state != none {
		return f, i, false
	}
	f.s = b.String()
	return f, i, true
}

// tmuxVarName reads $NAME or ${NAME} after the "$" at s[from-1]; end is
// the index after it.
func tmuxVarName(s string, from int) (end int, name string) {
	if from < len(s) && s[from] == '{' {
		k := strings.IndexByte(s[from:], '}')
		if k < 0 {
			return from, "{" // invalid: tmux refuses the line
		}
		return from + k + 1, s[from+1 : from+k]
	}
	j := from
	if j < len(s) && isNameStart(s[j]) {
		for j++; j < len(s) && isNameChar(s[j]); j++ {
		}
	}
	return j, s[from:j]
}

// tmuxEscape decodes the escape after the "\" at s[*i-1], leaving *i on
// its last character.
func tmuxEscape(s string, i *int) string {
	ch := s[*i]
	switch ch {
	case 'a':
		return "\a"
	case 'b':
		return "\b"
	case 'e':
		return "\033"
	case 'f':
		return "\f"
	case 's':
		return " "
	case 'v':
		return "\v"
	case 'r':
		return "\r"
	case 'n':
		return "\n"
	case 't':
		return "\t"
	case 'u', 'U':
		n := 4
		if ch == 'U' {
			n = 8
		}
		if *i+n < len(s) {
			var r rune
			for _, h := range s[*i+1 : *i+1+n] {
				d := strings.IndexRune("0123456789abcdef", h|0x20)
				if d < 0 {
					return string(ch)
				}
				r = r<<4 | rune(d)
			}
			*i += n
			return string(r)
		}
	}
	if ch >= '0' && ch <= '3' && *i+2 < len(s) && s[*i+1] >= '0' && s[*i+1] <= '7' && s[*i+2] >= '0' && s[*i+2] <= '7' {
		v := (ch-'0')*64 + (s[*i+1]-'0')*8 + (s[*i+2] - '0')
		*i += 2
		return string([]byte{v})
	}
	return string(ch)
}
