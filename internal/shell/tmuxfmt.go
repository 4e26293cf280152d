package shell

import "strings"

// tmux formats (red-team round 7 #5, #7). Many tmux arguments are
// formats, expanded by the tmux server when the command runs or the
// status line is drawn (format.c format_expand1):
//
//   - #(CMD) runs CMD with /bin/sh in the server, now, outside any hooked
//     call; CMD is itself expanded first (#{…} and the one-letter
//     aliases #S, #W, … are replaced, ## is #, #, is , and #} is }), and
//     where the format expands times, strftime's % sequences too;
//   - #{NAME} (and NAME in a condition #{?NAME,…}, a comparison, a
//     modifier's operand) is looked up among tmux's variables and
//     options, then in the session's and the global environment
//     (format_find): PROD_API_KEY, not a tmux variable, prints the
//     server's copy of the variable;
//   - #{E:NAME} and #{T:NAME} expand NAME's value as a format again: a
//     value the agent can set (a pane title any program prints, an
//     option) becomes code;
//   - #{V:…} loops over every environment variable.
//
// Every tmux argument is scanned (any #( or #{ in any argument, whatever
// the command: a format tmux does not expand is merely over-reported):
// a #() command is analysed as shell code and is opaque (it runs in the
// server, in a directory and environment the line does not show); every
// name in #{…} is a reference to that variable (a name tmux knows
// shadows the environment, so only an environment variable's name is
// ever a real read); E: and T: are opaque; V: is an environment dump.

// tmuxFormatFacts is what a format does when tmux expands it.
type tmuxFormatFacts struct {
	jobs     []field  // #() commands; dyn where tmux fills in part of them
	names    []string // names looked up, the environment's among them
	reexpand bool     // E: or T: expands a value as a format
	envLoop  bool     // V: prints every environment variable
}

// tmuxAliasLetters are the one-letter aliases #D, #F, … (format_upper,
// format_lower).
const tmuxAliasLetters = "DFHIPSTWh"

// scanTmuxFormat reports what format s does when expanded.
func scanTmuxFormat(s string, ff *tmuxFormatFacts) {
	if strings.IndexByte(s, '#') < 0 {
		return
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '#' && i+1 < len(s):
			switch s[i+1] {
			case '(':
				j := tmuxJobEnd(s, i+2)
				body := s[i+2 : j]
				ff.jobs = append(ff.jobs, tmuxJobText(body))
				// the command is expanded as a format before it runs
				inner := tmuxFormatFacts{}
				scanTmuxFormat(body, &inner)
				ff.names = append(ff.names, inner.names...)
				ff.reexpand = ff.reexpand || inner.reexpand
				ff.envLoop = ff.envLoop || inner.envLoop
				i = j
			case '{':
				depth++
				tmuxModifiers(s[i+2:], ff)
				i++
			case ',', '#', '}', ':':
				i++ // an escaped character
			}
		case ch == '}' && depth > 0:
			depth--
		case depth > 0 && isNameStart(ch) && (i == 0 || !isNameChar(s[i-1]) && s[i-1] != '@'):
			j := i + 1
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			// a one-letter modifier (E:, s/…/…/) is no name
			if !(j == i+1 && j < len(s) && strings.IndexByte(":;/", s[j]) >= 0) {
				ff.names = append(ff.names, s[i:j])
			}
			i = j - 1
		}
	}
}

func isNameStart(ch byte) bool {
	return ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
}

func isNameChar(ch byte) bool { return isNameStart(ch) || ch >= '0' && ch <= '9' }

// tmuxJobEnd returns the index of the ")" that closes the #( whose body
// starts at from, counting parentheses as tmux does; unclosed, the end
// of s (tmux then runs nothing, but an appended value may close it).
func tmuxJobEnd(s string, from int) int {
	n := 1
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '(':
			n++
		case ')':
			n--
			if n == 0 {
				return j
			}
		}
	}
	return len(s)
}

// tmuxJobText is the command a #() runs: its body after tmux expands it
// (without jobs or times): ##, #, and #} are one character; #{…}, an
// alias (#S) or a % (a strftime sequence where times are expanded) make
// it not known statically.
func tmuxJobText(body string) field {
	if !strings.ContainsAny(body, "#%") {
		return field{s: body}
	}
	var b strings.Builder
	dyn := false
	for i := 0; i < len(body); i++ {
		ch := body[i]
		if ch == '%' {
			dyn = true
		}
		if ch != '#' || i+1 >= len(body) {
			b.WriteByte(ch)
			continue
		}
		switch n := body[i+1]; {
		case n == ',' || n == '#' || n == '}':
			b.WriteByte(n)
			i++
		case n == '{' || n == '(' || strings.IndexByte(tmuxAliasLetters, n) >= 0:
			dyn = true
			b.WriteByte('#')
		default:
			b.WriteByte('#')
		}
	}
	return field{s: b.String(), dyn: dyn}
}

// tmuxModifiers reads the modifiers of the #{ whose text starts s: up to
// the "}" that closes it (format_skip1), any E, T or V among the
// modifier-like words, cut at ";" and ":" — an over-approximation of
// format_build_modifiers that an argument hiding a ":" cannot escape.
func tmuxModifiers(s string, ff *tmuxFormatFacts) {
	end, n := len(s), 1
	for j := 0; j < len(s); j++ {
		if s[j] == '#' && j+1 < len(s) {
			if s[j+1] == '{' {
				n++
			}
			if strings.IndexByte(",#{}:", s[j+1]) >= 0 {
				j++
				continue
			}
		}
		if s[j] == '}' {
			n--
			if n == 0 {
				end = j
				break
			}
		}
	}
	region := s[:end]
	if !strings.ContainsAny(region, "ETV") {
		return
	}
	for k := 0; k < len(region); k++ {
		ch := region[k]
		if ch != 'E' && ch != 'T' && ch != 'V' {
			continue
		}
		if k > 0 && region[k-1] != ';' && region[k-1] != ':' {
			continue
		}
		next := byte(':')
		if k+1 < len(region) {
			next = region[k+1]
		} else if end == len(s) {
			next = 0
		}
		switch {
		case ch == 'V' && (next == ':' || next == ';' || next == '/' || next == 0):
			ff.envLoop = true
		case ch != 'V' && (next == ':' || next == ';'):
			ff.reexpand = true
		}
	}
}

// tmuxFormat judges one tmux argument as a format (whatever the command
// does with it: see the comment at the top). dynFormat says the argument
// is a format of the command's: not known statically, it may hold any
// #() or #{NAME}.
func (c *cmd) tmuxFormat(f field, via string, dynFormat bool) error {
	if f.dyn && dynFormat {
		c.opaque(via + " takes a format not known statically: a #() in it would run a shell command in the tmux server")
	}
	if strings.IndexByte(f.s, '#') < 0 {
		return nil
	}
	var ff tmuxFormatFacts
	scanTmuxFormat(f.s, &ff)
	for _, n := range ff.names {
		c.a.envRef(c.sc, n)
	}
	if ff.envLoop {
		c.a.res.EnvDump = true
	}
	if ff.reexpand {
		c.opaque(via + " expands a value as a format again (#{E:…}, #{T:…}): what it runs or reads is not known statically")
	}
	for _, j := range ff.jobs {
		c.opaque(via + " runs a #() shell command in the tmux server, outside any hooked call")
		if !c.a.mark(markKey{'j', j.s, ""}) {
			continue // the same command, already analysed
		}
		if err := c.code(j, via+" #()", false); err != nil {
			return err
		}
	}
	return nil
}
