package shell

import "strings"

// tmux settings that run code later (red-team rounds 6 and 7): every
// window or pane opened after set-option default-command CMD runs CMD,
// default-shell names the program of every later pane, a format with
// #(CMD) runs CMD each time the status line is drawn, a hook's or a
// command alias's command list runs on the event or under the alias's
// name, and set-environment gives every later pane's programs a
// variable. What they run is analysed as code (so that a rule it breaks
// denies) and is opaque besides: it runs outside any hooked call, at a
// time the line does not show.
//
// Option names resolve as tmux resolves them: a unique prefix
// (options_match), an array index (command-alias[3]) and a format in the
// name (the name is expanded) included. set-option -F expands the value
// before storing it: with a format in it, what is stored is not known.
// -a appends to the value already set, which may end in "#": a value
// starting with "(" or "{" is read as the #( or #{ it completes.
//
// The environment (set-environment, and NAME=VALUE in a tmux command
// list) is judged by the table that judges export NAME=VALUE
// (dangerousEnv, envCarriesCode): a code-carrying name set in the
// server's environment reaches every program of every later pane, the
// person's own shells included — their login environment, outside the
// project: it is also a write of the server's state, through its socket,
// which the policy's path rules judge (outside allow_paths: denied).

// tmuxOptKind says what an option's value is.
type tmuxOptKind uint8

const (
	toPlain  tmuxOptKind = iota // a value, possibly a format
	toShell                     // a shell command line or program
	toCmds                      // a tmux command list (hooks, default-client-command)
	toAlias                     // command-alias entries: NAME=COMMANDS
	toEnvSet                    // update-environment: names (fnmatch patterns) copied from the client
)

// tmuxCodeOptions are the options whose value runs, in the order a
// prefix of several is taken: shell code (s), a tmux command list (c),
// aliases (a), environment names (e). Hooks are options too (every name
// of tmuxHooks and after-COMMAND).
const tmuxCodeOptions = "default-command:s default-shell:s lock-command:s copy-command:s editor:s " +
	"default-client-command:c command-alias:a update-environment:e"

// tmuxHooks are tmux's hooks besides after-COMMAND (options-table.c).
const tmuxHooks = "alert-activity alert-bell alert-silence client-active client-attached client-created client-closed " +
	"client-detached client-focus-in client-focus-out client-resized client-session-changed client-light-theme " +
	"client-dark-theme command-error marked-pane-changed pane-activity pane-bell pane-command-finished " +
	"pane-command-started pane-created pane-died pane-exited pane-focus-in pane-focus-out pane-mode-changed " +
	"pane-mode-entered pane-mode-exited pane-moved pane-prompt-closed pane-prompt-opened pane-resized " +
	"pane-set-clipboard pane-shell-prompt pane-title-changed session-closed session-created " +
	"session-added-to-group session-renamed session-removed-from-group session-window-changed window-created " +
	"window-closed window-layout-changed window-linked window-pane-changed window-renamed window-resized " +
	"window-unzoomed window-zoomed window-unlinked"

// tmuxOptionKind is the kind of option name (an index removed): a name
// that is a prefix of an option that runs code is taken as that option
// (tmux takes a unique prefix; an ambiguous one it refuses).
func tmuxOptionKind(name string) tmuxOptKind {
	if name == "" || name[0] == '@' {
		return toPlain
	}
	if strings.HasPrefix(name, "after-") || strings.HasPrefix("after-", name) {
		return toCmds
	}
	for pass := 0; pass < 2; pass++ {
		for _, e := range strings.Fields(tmuxCodeOptions) {
			n, k, _ := strings.Cut(e, ":")
			if n == name || pass == 1 && strings.HasPrefix(n, name) {
				return tmuxOptKind(strings.IndexByte(" scae", k[0]))
			}
		}
	}
	for _, h := range strings.Fields(tmuxHooks) {
		if strings.HasPrefix(h, name) {
			return toCmds
		}
	}
	return toPlain
}

// tmuxSetting analyses set-option, set-window-option and set-hook: their
// operands are c.args[o.pos[0]] (the option or hook) and [o.pos[1]] (the
// value).
func (c *cmd) tmuxSetting(spec *tmuxSpec, o opts, via string) error {
	for _, k := range o.pos {
		if err := c.tmuxFormat(c.args[k], via, false); err != nil {
			return err
		}
	}
	if len(o.pos) < 2 {
		return nil // a query, an unset, a hook run now (set-hook -R: its command was judged when set)
	}
	name, val := c.args[o.pos[0]], c.args[o.pos[1]]
	if name.dyn || strings.Contains(name.s, "#") {
		c.opaque(via + " of an option not known statically: what it runs later is unknown")
		return nil
	}
	base, index, _ := strings.Cut(name.s, "[")
	if base == "" {
		return nil // no option: tmux refuses it
	}
	via += " " + base
	kind := tmuxOptionKind(base)
	if spec.name == "set-hook" {
		kind = toCmds
	}
	if o.is("-a") && (strings.HasPrefix(val.s, "(") || strings.HasPrefix(val.s, "{")) {
		// the value set before may end in "#"
		if err := c.tmuxFormat(field{s: "#" + val.s, dyn: val.dyn}, via, false); err != nil {
			return err
		}
	}
	if o.is("-F") && strings.Contains(val.s, "#") {
		val.dyn = true // expanded now: what is stored is not known
		c.opaque(via + " stores a format's expansion: what tmux runs or draws with it later is not known statically")
	}
	switch kind {
	case toShell:
		if base == "default-shell" && strings.HasPrefix(val.s, "/") && !val.dyn && isShell(progName(val)) {
			return nil // the user's choice of a shell installed on the system
		}
		if val.dyn {
			c.opaque("tmux " + spec.name + " not known statically: what it runs later is unknown")
			return nil
		}
		c.opaque(via + " stores a command tmux runs later, outside any hooked call")
		return c.code(val, via, false)
	case toCmds:
		c.opaque(via + " stores a command tmux runs later, outside any hooked call")
		return c.tmuxString(val, via)
	case toAlias:
		return c.tmuxAliases(val, index != "", via)
	case toEnvSet:
		c.tmuxUpdateEnv(val)
	}
	return nil
}

// tmuxAliases analyses command-alias entries (one with an index, else
// comma-separated), each NAME=COMMANDS: a later tmux NAME … runs
// COMMANDS with the later command's words appended. The commands are
// judged as if typed; the alias is opaque where a later command's words
// complete it (its last command takes operands that are more than names)
// or where it runs anything.
func (c *cmd) tmuxAliases(val field, indexed bool, via string) error {
	if val.dyn {
		c.opaque(via + " not known statically: what a later tmux command runs under the alias is unknown")
		return nil
	}
	entries := []string{val.s}
	if !indexed {
		entries = strings.Split(val.s, ",")
	}
	for _, e := range entries {
		_, cmds, ok := strings.Cut(e, "=")
		if !ok {
			cmds = e // appended to an entry set before
			c.opaque(via + " appends to an alias not shown: what it runs is unknown")
		}
		p := parseTmuxCommands(cmds, c.a.opt.Home)
		if p.bad || len(p.cmds) == 0 || len(p.assigns) > 0 {
			c.opaque(via + " defines an alias Mandate cannot follow")
		} else if last := p.cmds[len(p.cmds)-1]; last[0].dyn {
			c.opaque(via + " defines an alias not known statically")
		} else if spec, _ := tmuxLookup(last[0].s); spec == nil || spec.runs || strings.Trim(spec.ops, "n") != "" {
			c.opaque(via + " defines an alias whose command a later tmux command completes or that runs commands, outside what that later command shows")
		}
		if err := c.tmuxString(field{s: cmds}, via); err != nil {
			return err
		}
	}
	return nil
}

// tmuxUpdateEnv judges update-environment entries: tmux copies each
// variable they name (an fnmatch pattern) from the client's environment
// into the session's on attach and new-session, where formats, panes
// and show-environment read it: a reference of each (a pattern, of every
// variable it may match: a dump).
func (c *cmd) tmuxUpdateEnv(val field) {
	if val.dyn {
		c.a.res.EnvDump = true
		return
	}
	for _, n := range strings.FieldsFunc(val.s, func(r rune) bool { return r == ' ' || r == ',' }) {
		if strings.ContainsAny(n, "*?[\\") {
			c.a.res.EnvDump = true
			continue
		}
		c.a.envRef(c.sc, n)
	}
}

// tmuxSetEnv analyses set-environment [-Fhgru] NAME [VALUE].
func (c *cmd) tmuxSetEnv(o opts, via string) error {
	if len(o.pos) == 0 {
		return nil
	}
	name := c.args[o.pos[0]]
	if len(o.pos) < 2 || o.any("-u", "-r") {
		return nil // a removal
	}
	val := c.args[o.pos[1]]
	if o.is("-F") {
		if err := c.tmuxFormat(val, via, true); err != nil {
			return err
		}
		val.dyn = val.dyn || strings.Contains(val.s, "#")
	}
	return c.envStoreSet(name, val, via, c.a.tmuxServerPath()) // envstores.go
}

// tmuxPaneEnv judges -e NAME=VALUE, the environment of the pane or popup
// the command starts (opaque already): the same table's analysis.
func (c *cmd) tmuxPaneEnv(f field, via string) error {
	n, v, ok := strings.Cut(f.s, "=")
	if !ok || !validName(n) {
		return nil
	}
	return c.a.dangerousEnv(c.sc, c.name, n, v, !f.dyn)
}

// tmuxServerPath is the socket of the server the tmux command being
// analysed talks to.
func (a *analyzer) tmuxServerPath() string {
	if a.tmuxServer == "" {
		return tmuxDefaultServer
	}
	return a.tmuxServer
}
