package shell

import (
	"errors"
	"strings"
)

// tmux (red-team rounds 6 and 7): a tmux command line is a list of tmux
// commands, each judged by what tmux does with its arguments
// (tmuxcmds.go): shell code it runs is analysed as code, formats are
// scanned for #() and environment names (tmuxfmt.go), command lists
// given as strings are parsed with tmux's grammar (tmuxparse.go) and
// analysed the same way, and settings that run code later are judged by
// tmuxopts.go. What starts a shell, a process or typed input (new-session,
// run-shell, send-keys, …) is opaque besides: it runs in a session that
// outlives the line. A command name tmux would not know (an alias the
// server may define) is opaque; an ambiguous prefix runs nothing.

// tmuxDefaultServer is the socket of the server a tmux command talks to
// without -S or -L (tmux-UID below $TMUX_TMPDIR or /tmp): the channel
// through which a setting reaches the person's tmux server.
const tmuxDefaultServer = "/tmp/tmux-$UID/default"

// tmuxCode analyses the tmux commands in c's arguments from index from
// (after tmux's own options). Every word is tmux's: none is a file
// operand of its own (the files a command reads or writes are reported
// by its kind).
func (c *cmd) tmuxCode(from int) error {
	for i := from; i < len(c.args); i++ {
		c.skip[i] = true
	}
	return c.tmuxList(c.args[from:], false)
}

// tmuxList analyses tmux commands given as separate words (tmux's own
// command line, or a binding's words): a word ";" or ending in ";" ends
// a command, "\;" at a word's end is a literal ";"
// (cmd_parse_from_arguments). speculative: only commands tmux knows are
// analysed (the words after a word not known statically, which may end
// in ";").
func (c *cmd) tmuxList(words []field, speculative bool) error {
	var cur []field
	for i := 0; i <= len(words); i++ {
		end := i == len(words)
		if !end {
			w := words[i]
			switch {
			case w.dyn || !strings.HasSuffix(w.s, ";"):
				cur = append(cur, w)
				if w.dyn && len(cur) > 1 && i+1 < len(words) {
					// its value may end in ";": what follows may be a command
					if err := c.tmuxList(words[i+1:], true); err != nil {
						return err
					}
				}
				continue
			case strings.HasSuffix(w.s, "\\;"):
				w.s = w.s[:len(w.s)-2] + ";"
				cur = append(cur, w)
				continue
			}
			if w.s = w.s[:len(w.s)-1]; w.s != "" {
				cur = append(cur, w)
			}
		}
		if len(cur) > 0 {
			if err := c.tmuxOne(cur, speculative); err != nil {
				return err
			}
		}
		cur = nil
	}
	return nil
}

// tmuxOne analyses one tmux command: words[0] is its name.
func (c *cmd) tmuxOne(words []field, speculative bool) error {
	nm := words[0]
	if nm.dyn {
		c.opaque("tmux command not known statically: " + clip(nm.s))
		return nil
	}
	spec, ambiguous := tmuxLookup(nm.s)
	if spec == nil {
		if !ambiguous && !speculative {
			c.opaque("tmux " + clip(nm.s) + " is no tmux command Mandate knows: a command alias of the server may run anything")
		}
		return nil
	}
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: words[1:], skip: make([]bool, len(words)-1)}
	via := "tmux " + spec.name
	if spec.runs {
		c.opaque("runs commands in a terminal multiplexer")
	}
	o := sub.parse(optSpec{short: spec.short, stopPos: true})
	if spec.dump {
		// show-environment NAME prints NAME; alone, or a name not known
		// statically, everything
		if len(o.pos) == 1 && !sub.args[o.pos[0]].dyn {
			c.a.envRef(c.sc, sub.args[o.pos[0]].s)
		} else {
			c.a.res.EnvDump = true
		}
	}
	for _, v := range o.vals {
		if err := sub.tmuxArg(spec.optKind(v.key[len(v.key)-1]), v.f, via+" "+v.key); err != nil {
			return err
		}
	}
	first := tkName
	if len(o.pos) > 0 {
		first = spec.opKind(0)
		if spec.alt != "" && o.is("-"+spec.alt[:1]) {
			first = tmuxKind(spec.alt[1])
		}
	}
	switch first {
	case tkOption, tkHook:
		return sub.tmuxSetting(spec, o, via) // tmuxopts.go
	case tkSetEnv:
		return sub.tmuxSetEnv(o, via) // tmuxopts.go
	case tkKeys:
		return sub.tmuxKeys(o, via)
	case tkMenu:
		return sub.tmuxMenu(o.pos, via)
	}
	for n, k := range o.pos {
		kind := spec.opKind(n)
		if n == 0 {
			kind = first
		}
		switch kind {
		case tkArgv:
			// a new session, window or pane's command: opaque only (the
			// corpus pins tmux new -d 'rm -rf ~' at ask)
			return nil
		case tkRunArgv:
			if len(o.pos)-n > 1 {
				return sub.wrap(k, via)
			}
			kind = tkShell
		case tkCmdArgv:
			if len(o.pos)-n > 1 {
				return sub.tmuxList(sub.args[k:], false)
			}
			kind = tkCmds
		}
		if err := sub.tmuxArg(kind, sub.args[k], via); err != nil {
			return err
		}
	}
	return nil
}

// tmuxArg judges one argument of kind k.
func (c *cmd) tmuxArg(k tmuxKind, f field, via string) error {
	switch k {
	case tkFormat:
		return c.tmuxFormat(f, via, true)
	case tkShell:
		code := f
		if !f.dyn {
			// tmux expands the command as a format before the shell runs it
			code = tmuxJobText(f.s)
			code.dyn = code.dyn && strings.ContainsAny(f.s, "#")
			if strings.Contains(via, "pipe-pane") && strings.Contains(f.s, "%") {
				code.dyn = true // and strftime's sequences
			}
		}
		if err := c.tmuxFormat(f, via, false); err != nil {
			return err
		}
		return c.code(code, via, false)
	case tkCmds:
		return c.tmuxString(f, via)
	case tkEnv:
		return c.tmuxPaneEnv(f, via) // tmuxopts.go
	case tkBuffer:
		// pasted into a pane later (paste-buffer is opaque): a rule the
		// text breaks as shell code denies; text that is no shell code
		// is no error
		if err := c.tmuxFormat(f, via, false); err != nil || f.dyn {
			return err
		}
		if err := c.a.reparse(f.s, c.sc, via, false); err != nil && errors.Is(err, ErrLimit) {
			return err
		}
		return nil
	case tkRead, tkSource:
		if f.s != "-" {
			c.read(f, via+" file")
		}
		if k == tkSource {
			c.opaque(via + " runs the tmux commands of a file")
			if err := c.tmuxWritten(f, via); err != nil {
				return err
			}
		}
		return c.tmuxFormat(f, via, false)
	case tkWrite:
		if f.s != "-" {
			c.write(f, via+" file")
		}
		return c.tmuxFormat(f, via, false)
	}
	return c.tmuxFormat(f, via, false)
}

// tmuxString analyses a tmux command list given as one string.
func (c *cmd) tmuxString(f field, via string) error {
	if f.dyn {
		c.opaque(via + " runs a tmux command list not known statically")
		return nil
	}
	if strings.TrimSpace(f.s) == "" {
		return nil
	}
	sc, err := c.a.enter(c.sc.withVia(via))
	if err != nil {
		return err
	}
	// some commands expand the string as a format before parsing it
	if err := c.tmuxFormat(f, via, false); err != nil {
		return err
	}
	if strings.Contains(f.s, "#{") {
		c.opaque(via + " takes a command list with a format: what it runs is known only when tmux expands it")
	}
	p := parseTmuxCommands(f.s, c.a.opt.Home)
	if p.bad {
		c.opaque(via + " takes a tmux command list tmux would refuse or Mandate cannot follow")
	}
	sub := &cmd{a: c.a, sc: sc, name: c.name, prog: c.prog}
	for _, n := range p.refs {
		c.a.envRef(sc, n)
	}
	for _, s := range p.formats {
		if err := sub.tmuxFormat(field{s: s}, via+" %if", false); err != nil {
			return err
		}
	}
	for _, a := range p.assigns {
		n, v, _ := strings.Cut(a.s, "=")
		if err := sub.envStoreSet(field{s: n}, field{s: v, dyn: a.dyn}, via+" "+n+"=", c.a.tmuxServerPath()); err != nil {
			return err
		}
	}
	for _, w := range p.cmds {
		if err := sub.tmuxList(w, false); err != nil {
			return err
		}
	}
	return nil
}

// tmuxWritten analyses a file of tmux commands the line writes with
// literal text (printf … > t.conf; tmux source t.conf): its commands are
// known.
func (c *cmd) tmuxWritten(f field, via string) error {
	w, ok := c.a.writtenAt(c.sc, f)
	if !ok || !w.known {
		return nil
	}
	return c.tmuxString(field{s: w.text}, via)
}

// tmuxKeys analyses send-keys: the keys it types are shell code where a
// shell reads them (the pane's program is not known: a rule they break
// denies, text that is no shell code is opaque only).
func (c *cmd) tmuxKeys(o opts, via string) error {
	for _, k := range o.pos {
		if err := c.tmuxFormat(c.args[k], via, false); err != nil {
			return err
		}
	}
	if len(o.pos) == 0 || o.any("-H", "-X", "-M") {
		return nil // hex, copy-mode commands, mouse events: opaque only
	}
	literal := o.any("-l")
	var text strings.Builder
	dyn := false
	for _, k := range o.pos {
		f := c.args[k]
		dyn = dyn || f.dyn
		if s, ok := tmuxKeyText.Get()[f.s]; ok && !literal {
			text.WriteString(s)
		} else if !literal && tmuxKeyName(f.s) {
			text.WriteString("\n")
		} else {
			text.WriteString(f.s)
		}
	}
	return c.typed(field{s: text.String(), dyn: dyn}, via)
}

// tmuxMenu analyses display-menu's items: an empty name is a separator;
// otherwise a name (a format), a key and a command list.
func (c *cmd) tmuxMenu(pos []int, via string) error {
	for n := 0; n < len(pos); {
		name := c.args[pos[n]]
		if err := c.tmuxFormat(name, via, true); err != nil {
			return err
		}
		n++
		if name.s == "" && !name.dyn {
			continue
		}
		if n+1 < len(pos) {
			if err := c.tmuxString(c.args[pos[n+1]], via+" item"); err != nil {
				return err
			}
		}
		n += 2
	}
	return nil
}

// tmuxServerOf is the server socket tmux's own options -S and -L name.
func tmuxServerOf(o opts) string {
	if s := o.values("-S"); len(s) > 0 {
		if s[len(s)-1].dyn {
			return tmuxDefaultServer // not known: the person's, at worst
		}
		return s[len(s)-1].s
	}
	if l := o.values("-L"); len(l) > 0 && !l[len(l)-1].dyn && !strings.Contains(l[len(l)-1].s, "/") {
		return strings.TrimSuffix(tmuxDefaultServer, "default") + l[len(l)-1].s
	}
	return tmuxDefaultServer
}
