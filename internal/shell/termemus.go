package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"slices"
	"strings"
)

// Terminal emulators run a command given to them (xterm -e CMD ARGS,
// gnome-terminal -- CMD ARGS, kitty CMD ARGS): they are wrappers, as data.
// The command is analysed like any other; the options before it keep the
// generic reading (candidate writes: xterm -lf FILE, st -o FILE).

type termEmu struct {
	// run are the options after which the rest of the line is the
	// command: a program and its arguments (xterm -e), or a command line
	// in one word (gnome-terminal -e "CMD ARGS", --command=CMD): both
	// readings are analysed.
	run []string
	// positional: the operands are the command (kitty, foot, st,
	// wezterm start); valued are the options taking a value before it.
	positional bool
	valued     string
	// sub is a subcommand before which nothing runs (wezterm start).
	sub string
	// cluster: short options cluster (getopt, clap, GOption), so a
	// run option letter may hide inside a word (-he CMD).
	cluster bool
}

var (
	termXterm = termEmu{run: []string{"-e"}}
	termVTE   = termEmu{run: []string{"-e", "-x", "--command", "--execute", "--"}, cluster: true}
	termKitty = termEmu{run: []string{"--"}, positional: true, cluster: true,
		valued: "-c --config -o --override --class --name -T --title -d --directory --working-directory --session " +
			"--instance-group --listen-on --start-as --position --watcher -w --logo --logo-position --logo-alpha --os-window-tag"}
	termWez = termEmu{run: []string{"--"}, positional: true, sub: "start",
		valued: "--cwd --class --workspace --position --domain --config --config-file -n"}
)

var termEmus = &lazy.Value[map[string]termEmu]{New: func() map[string]termEmu {
	return map[string]termEmu{
		"xterm": termXterm, "uxterm": termXterm, "lxterm": termXterm, "koi8rxterm": termXterm, "xterm-kb": termXterm,
		"urxvt": termXterm, "rxvt": termXterm, "urxvtc": termXterm, "urxvtcd": termXterm, "rxvt-unicode": termXterm,
		"aterm": termXterm, "eterm": {run: []string{"-e", "--exec"}}, "Eterm": {run: []string{"-e", "--exec"}},
		"x-terminal-emulator": {run: []string{"-e", "-x", "--"}, cluster: true},
		"gnome-terminal":      termVTE, "mate-terminal": termVTE, "xfce4-terminal": termVTE, "terminator": termVTE,
		"tilix": termVTE, "lxterminal": termVTE, "sakura": {run: []string{"-e", "-x", "--execute", "--xterm-execute", "--"}, cluster: true},
		"roxterm": termVTE, "guake": termVTE, "kgx": termVTE, "ptyxis": termVTE, "gnome-console": termVTE, "deepin-terminal": termVTE,
		"qterminal": termVTE, "terminology": {run: []string{"-e", "--exec", "--"}, cluster: true}, "tilda": {run: []string{"-c", "--command"}, cluster: true},
		"konsole":         {run: []string{"-e", "--"}, cluster: true},
		"cool-retro-term": {run: []string{"-e", "--"}, cluster: true},
		"alacritty":       {run: []string{"-e", "--command"}, cluster: true},
		"ghostty":         {run: []string{"-e"}},
		"st":              {run: []string{"-e"}, positional: true, cluster: true, valued: "-a -c -f -g -n -o -T -t -w -l"},
		"foot":            {run: []string{"-e"}, positional: true, cluster: true, valued: "-c --config -t --term -T --title -a --app-id -o --override -D --working-directory -f --font -w --window-size-pixels -W --window-size-chars -d --log-level -l --log-colorize -s --server -p --pty"},
		"footclient":      {run: []string{"-e"}, positional: true, cluster: true, valued: "-t --term -T --title -a --app-id -o --override -D --working-directory -w --window-size-pixels -W --window-size-chars -d --log-level -l --log-colorize -s --server-socket"},
		"kitty":           termKitty,
		"wezterm":         termWez, "wezterm-gui": termWez,
		"kitten": {}, // its ssh and other kittens: termsettings.go
	}
}}

func isTermEmu(n string) bool {
	_, ok := termEmus.Get()[n]
	return ok
}

// termEmu analyses the command a terminal emulator runs.
func (c *cmd) termEmu() error {
	t := termEmus.Get()[c.name]
	if isInlineCoder(c.name) {
		c.inlineCode() // kitty @ send-text, wezterm cli spawn
	}
	if done, err := c.termExtras(); done || err != nil { // termsettings.go
		return err
	}
	from := 0
	if t.sub != "" {
		from = -1
		for i := range c.args {
			if c.s(i) == t.sub {
				from = i + 1
				break
			}
		}
		if from < 0 {
			return nil
		}
	}
	valued := strings.Fields(t.valued)
	for i := from; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if f.dyn && (s == "" || strings.ContainsAny(s, "$`")) {
			c.opaque("terminal emulator runs a command not known statically")
			return nil
		}
		name, val, eq := strings.Cut(s, "=")
		switch {
		case slices.Contains(t.run, s):
			c.skip[i] = true
			return c.termRun(i+1, nil)
		case eq && strings.HasPrefix(s, "--") && slices.Contains(t.run, name):
			c.skip[i] = true
			v := f
			v.s = val
			return c.termRun(i+1, &v)
		case !strings.HasPrefix(s, "-") || s == "-":
			if !t.positional {
				continue
			}
			if strings.HasPrefix(s, "+") || s == "@" {
				if c.name == "kitty" && s != "@" {
					c.opaque("kitty runs a kitten or Python code")
				}
				return nil
			}
			if i > from {
				if p := c.s(i - 1); strings.HasPrefix(p, "-") && !strings.Contains(p, "=") && !slices.Contains(valued, p) {
					// an option not listed: its value, or the command
					if err := c.termRun(i+1, nil); err != nil {
						return err
					}
				}
			}
			return c.termRun(i, nil)
		case slices.Contains(valued, s):
			i++
		case t.cluster && !strings.HasPrefix(s, "--") && len(s) > 2:
			for _, r := range t.run {
				if len(r) == 2 && strings.Contains(s[1:], r[1:]) {
					c.opaque("terminal emulator option cluster may run a command: " + clip(s))
					return nil
				}
			}
		}
	}
	return nil
}

// termRun analyses the command from argument k on; one, when set, is a
// command given in one option word (--command=CMD).
func (c *cmd) termRun(k int, one *field) error {
	if one != nil {
		if strings.ContainsAny(one.s, " \t\n;&|") {
			if err := c.code(*one, c.name, false); err != nil {
				return err
			}
		}
		args := append([]field{*one}, c.args[k:]...)
		sub := &cmd{a: c.a, sc: c.sc, name: c.name, args: args, skip: make([]bool, len(args))}
		if err := sub.wrap(0, c.name); err != nil {
			return err
		}
		for i := k; i < len(c.args); i++ {
			c.skip[i] = true
		}
		return nil
	}
	if k >= len(c.args) {
		return nil
	}
	if v := c.args[k]; strings.ContainsAny(v.s, " \t\n;&|") {
		if err := c.code(v, c.name, false); err != nil {
			return err
		}
	}
	return c.wrap(k, c.name)
}
