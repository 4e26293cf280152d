package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"errors"
	"strings"
)

// Terminal multiplexers run commands in sessions that outlive the line:
// what runs there later is not known, so every command that starts or
// feeds a shell is opaque (tmux, the launchers table's screen). The
// commands they are given literally are analysed as code besides, so
// that a rule they break denies rather than asks: tmux run 'rm -rf ~',
// tmux send-keys 'cat .env' Enter, screen -X stuff 'rm -rf ~^M'.

// tmuxKeyText are the key names send-keys types as text; any other key
// name (an arrow, a control key) ends the text typed so far.
var tmuxKeyText = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"Enter": "\n", "C-m": "\n", "KPEnter": "\n", "C-j": "\n",
		"Space": " ", "Tab": "\t", "C-i": "\t",
	}
}}

// tmuxKeyName reports whether s names a key (C-x, M-x, S-Up, F1, Escape,
// BSpace, …) rather than text to type.
func tmuxKeyName(s string) bool {
	if len(s) > 2 && (s[1] == '-') && strings.ContainsRune("CMS", rune(s[0])) {
		return true
	}
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s[1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// typed analyses text typed into a terminal as the shell code it would
// be there. What is typed may be no shell code at all (keys for an
// editor): where it does not parse the command stays opaque only, it is
// no error.
func (c *cmd) typed(f field, via string) error {
	err := c.code(f, via, false)
	if err != nil && !errors.Is(err, ErrLimit) {
		c.opaque("text typed into a terminal that is not shell code Mandate can parse")
		return nil
	}
	return err
}

// screenCommand analyses screen -X CMD ARG…, a command sent to a running
// session: stuff types its argument, exec and screen run their
// arguments as a program.
func (c *cmd) screenCommand(o opts) error {
	xs := o.values("-X")
	if len(xs) == 0 {
		return nil
	}
	via := "screen -X " + xs[0].s
	switch xs[0].s {
	case "stuff":
		if len(o.pos) == 0 {
			return nil
		}
		var text strings.Builder
		dyn := false
		for _, k := range o.pos {
			c.skip[k] = true
			dyn = dyn || c.args[k].dyn
			text.WriteString(screenUnescape(c.s(k)))
		}
		return c.typed(field{s: text.String(), dyn: dyn}, via)
	case "setenv":
		// the environment of every later window of the session
		if len(o.pos) < 2 {
			return nil
		}
		c.skip[o.pos[0]], c.skip[o.pos[1]] = true, true
		return c.envStoreSet(c.args[o.pos[0]], c.args[o.pos[1]], via+" "+c.s(o.pos[0]), screenServer) // envstores.go
	case "exec", "screen":
		if len(o.pos) == 0 {
			return nil
		}
		if xs[0].s == "exec" && strings.IndexAny(c.s(o.pos[0]), ".!|:") == 0 {
			return nil // a file-descriptor pattern first: opaque only
		}
		return c.wrap(o.pos[0], via)
	}
	return nil
}

// screenServer is the directory of screen's session sockets.
const screenServer = "/run/screen/S-$USER"

// screenUnescape reads the escapes of screen's stuff: ^X is control-X
// (^M and ^J a newline), \n \r \t and \\ as in C.
func screenUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if i+1 < len(s) && (ch == '^' || ch == '\\') {
			next := s[i+1]
			i++
			switch {
			case ch == '^' && (next == 'M' || next == 'J' || next == 'm' || next == 'j'):
				b.WriteByte('\n')
			case ch == '^':
				b.WriteByte('\n') // another control key: the text so far ends
			case next == 'n' || next == 'r':
				b.WriteByte('\n')
			case next == 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(next)
			}
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}
