package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// tmux options and hooks that run commands later (red-team round 6 #6):
// every window or pane opened after set-option default-command CMD runs
// CMD, default-shell names the program of every later pane, a format with
// #(CMD) runs CMD each time the status line is drawn, and set-hook's
// command runs on the event. What they run is analysed as code (so that
// a rule it breaks denies) and is opaque besides: it runs outside any
// hooked call, at a time the line does not show.

// tmuxSetCommands are tmux's commands that set an option or a hook, with
// their short options taking a value.
var tmuxSetCommands = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"set-option": "t", "set": "t", "set-window-option": "t", "setw": "t", "set-hook": "t",
	}
}}

// tmuxCodeOptions are the options whose value is a shell command line
// (default-shell: a program, run as such).
const tmuxCodeOptions = "default-command default-shell lock-command copy-command editor"

// tmuxSetting analyses tmux's set-option and set-hook commands in
// c.args[from:to]; done says the command was one of them.
func (c *cmd) tmuxSetting(from, to int) (done bool, err error) {
	short, ok := tmuxSetCommands.Get()[c.s(from)]
	if !ok {
		return false, nil
	}
	hook := strings.HasSuffix(c.s(from), "-hook")
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: c.args[from+1 : to], skip: c.skip[from+1 : to]}
	o := sub.parse(optSpec{short: short, stopPos: true})
	for _, k := range o.pos {
		sub.skip[k] = true
	}
	if len(o.pos) < 2 {
		return true, nil // a query, an unset, or a value not given
	}
	name, val := sub.args[o.pos[0]], sub.args[o.pos[1]]
	if name.dyn || val.dyn {
		c.opaque("tmux " + c.s(from) + " not known statically: what it runs later is unknown")
		return true, nil
	}
	via := "tmux " + c.s(from) + " " + name.s
	switch {
	case hook:
		c.opaque(via + " stores a command tmux runs later, outside any hooked call")
		// the hook's value is a tmux command list
		return true, c.code(field{s: "tmux " + val.s}, via, false)
	case name.s == "default-shell" && strings.HasPrefix(val.s, "/") && isShell(progName(val)):
		return true, nil // the user's choice of a shell installed on the system
	case inFields(tmuxCodeOptions, name.s):
		c.opaque(via + " stores a command tmux runs later, outside any hooked call")
		return true, c.code(val, via, false)
	}
	for rest := val.s; ; {
		i := strings.Index(rest, "#(")
		if i < 0 {
			break
		}
		rest = rest[i+2:]
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			j = len(rest)
		}
		c.opaque(via + " runs a #() command each time tmux draws it, outside any hooked call")
		if err := c.code(field{s: rest[:j]}, via, false); err != nil {
			return true, err
		}
		rest = rest[j:]
	}
	return true, nil
}
