package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"
)

// What terminal emulators run besides the command given to them: the
// settings that name the program a window runs (kitty -o shell=CMD, foot
// -o shell=CMD, alacritty -o terminal.shell={program=…}, ghostty
// --command=CMD, wezterm --config default_prog={…}), configuration files
// that may set any of them (opaque: the file is not read), and their SSH
// clients (wezterm ssh HOST, kitten ssh HOST: ssh). As data; termEmu
// (termemus.go) calls termExtras first.

type termSetting struct {
	// set: options whose value is one KEY=VALUE setting; with lang 'g'
	// every --KEY=VALUE option is a setting.
	set string
	// lang says how a value is written: 'c' a command line (kitty, foot),
	// 't' TOML (alacritty), 'l' a Lua expression wezterm evaluates, 'g'
	// ghostty's flags.
	lang byte
	// run: setting names (the last dotted part of the key) whose value is
	// the command a window runs; opaque: names whose value makes what runs
	// unknown (included files, watchers, key maps that launch programs).
	run, opaque string
	// files: options naming a configuration file, which may set any of
	// these ("NONE" names none).
	files string
	// spaced: a setting is also KEY VALUE (kitty reads -o as a line of
	// kitty.conf, its first '=' made a space).
	spaced bool
	// after: settings whose value holds a command line after a keyword
	// (kitty's notify_on_cmd_finish WHEN DURATION command CMD).
	after map[string]string
}

var termSettings = &lazy.Value[map[string]termSetting]{New: func() map[string]termSetting {
	kitty := termSetting{set: "-o --override", lang: 'c', run: "shell editor open_url_with command_on_bell",
		opaque: "watcher startup_session map mouse_map action_alias kitten_alias include globinclude envinclude geninclude exe_search_path env",
		files:  "-c --config --session", spaced: true, after: map[string]string{"notify_on_cmd_finish": "command"}}
	foot := termSetting{set: "-o --override", lang: 'c', run: "shell launch command notify command-focused", opaque: "include", files: "-c --config"}
	wez := termSetting{set: "--config", lang: 'l', run: "default_prog", opaque: "set_environment_variables default_gui_startup_args", files: "--config-file"}
	return map[string]termSetting{
		"kitty": kitty, "foot": foot, "footclient": {set: "-o --override", lang: 'c', run: foot.run, opaque: foot.opaque},
		"alacritty": {set: "-o --option", lang: 't', run: "shell program args command", opaque: "import", files: "--config-file"},
		"ghostty":   {lang: 'g', run: "command initial-command", opaque: "config-file", files: "--config-file"},
		"wezterm":   wez, "wezterm-gui": wez,
	}
}}

// termSSH are terminal emulators' SSH clients: the subcommand, and the
// options of the client's own (value-taking) that are not ssh's.
var termSSH = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{"wezterm": "ssh", "wezterm-gui": "ssh", "kitten": "ssh", "kitty": "+kitten ssh"}
}}

// kittens run by kitten (and kitty +kitten) that run nothing and reach no
// host; another kitten is opaque.
const plainKittens = "icat diff themes unicode_input show_key query_terminal clipboard notify ask hyperlinked_grep choose-fonts choose-files"

// termExtras analyses a terminal emulator's settings and its SSH client;
// done says the command is fully analysed.
func (c *cmd) termExtras() (done bool, err error) {
	if done, err := c.termSSHClient(); done || err != nil {
		return true, err
	}
	ts, ok := termSettings.Get()[c.name]
	if !ok {
		return false, nil
	}
	t := termEmus.Get()[c.name]
	valued := strings.Fields(t.valued)
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if s == "--" || inStrings(t.run, s) {
			return false, nil
		}
		name, val, eq := strings.Cut(s, "=")
		var v field
		hasV := false
		switch {
		case inFields(ts.files, s) || eq && strings.HasPrefix(s, "--") && inFields(ts.files, name):
			file := val
			if !eq && i+1 < len(c.args) {
				i++
				file = c.s(i)
			}
			if file != "NONE" {
				c.opaque(c.name + " reads a configuration file, which may name the program it runs")
			}
			continue
		case ts.set != "" && inFields(ts.set, s) && i+1 < len(c.args):
			i++
			v, hasV = c.args[i], true
		case ts.set != "" && eq && strings.HasPrefix(s, "--") && inFields(ts.set, name):
			v, hasV = f, true
			v.s = val
		case ts.set != "" && len(s) > 2 && s[1] != '-' && s[0] == '-' && inFields(ts.set, s[:2]):
			v, hasV = f, true
			v.s = s[2:]
		case ts.lang == 'g' && eq && strings.HasPrefix(s, "--"):
			v, hasV = f, true
			v.s = name[2:] + "=" + val
		case inStrings(valued, s):
			i++
		case !strings.HasPrefix(s, "-") && t.positional && s != t.sub:
			return false, nil // the command
		}
		if hasV {
			if err := c.termSetting(ts, v); err != nil {
				return true, err
			}
		}
	}
	return false, nil
}

func inStrings(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// termSetting analyses one KEY=VALUE setting.
func (c *cmd) termSetting(ts termSetting, v field) error {
	key, val, ok := strings.Cut(v.s, "=")
	if v.dyn {
		c.opaque(c.name + " setting not known statically: " + clip(v.s))
		return nil
	}
	if sk, sv, sok := strings.Cut(strings.TrimSpace(v.s), " "); ts.spaced && sok && (!ok || len(sk) < len(key)) {
		key, val, ok = sk, sv, true // kitty: "shell CMD" is shell=CMD
	}
	if !ok {
		return nil
	}
	key = strings.TrimSpace(key)
	last := key[strings.LastIndexByte(key, '.')+1:]
	if i := strings.IndexAny(last, " \t"); i >= 0 {
		last = last[:i] // kitty: map KEY ACTION
	}
	val = strings.TrimSpace(val)
	via := c.name + " setting " + key
	if inFields(ts.opaque, last) || inFields(ts.opaque, strings.Fields(key)[0]) {
		c.opaque(via + " makes what " + c.name + " runs unknown")
		return nil
	}
	switch ts.lang {
	case 'l':
		argv, literal := luaLiteralStrings(val)
		if !literal {
			c.opaque(c.name + " evaluates the setting " + key + " as Lua code")
			return nil
		}
		if inFields(ts.run, last) {
			return c.termArgv(argv, via)
		}
	case 't':
		if !inFields(ts.run, last) && !strings.Contains(val, "program") && !strings.Contains(val, "command") {
			return nil
		}
		prog, args, known := tomlCommand(last, val)
		if !known {
			c.opaque(via + " names a program the analysis cannot read")
			return nil
		}
		return c.termArgv(append([]string{prog}, args...), via)
	default: // 'c', 'g': a command line
		if kw, ok := ts.after[last]; ok {
			words := strings.Fields(val)
			for i, w := range words {
				if w == kw && i+1 < len(words) {
					return c.code(field{s: strings.Join(words[i+1:], " ")}, via, false)
				}
			}
			return nil
		}
		if !inFields(ts.run, last) || val == "" || val == "." {
			return nil
		}
		return c.code(field{s: val}, via, false)
	}
	return nil
}

// termArgv analyses a program and its arguments a setting names.
func (c *cmd) termArgv(argv []string, via string) error {
	if len(argv) == 0 || argv[0] == "" {
		return nil
	}
	fs := make([]field, len(argv))
	for i, a := range argv {
		fs[i] = field{s: a}
	}
	sc, err := c.a.enter(c.sc.withVia(via))
	if err != nil {
		return err
	}
	return c.a.simple(fs, sc)
}

// tomlCommand reads alacritty's command value: "PROG", {program="PROG",
// args=["A", …]}, or (key args) ["A", …] for the default shell.
func tomlCommand(key, val string) (prog string, args []string, known bool) {
	strs, ok := quotedStrings(val)
	if !ok {
		return "", nil, false
	}
	switch {
	case strings.HasPrefix(val, "\"") || strings.HasPrefix(val, "'"):
		if len(strs) != 1 {
			return "", nil, false
		}
		return strs[0], nil, true
	case key == "args" && strings.HasPrefix(val, "["):
		return "sh", strs, true // the user's shell, given these arguments
	case strings.HasPrefix(val, "{"):
		p, okP := tomlValue(val, "program")
		a, okA := tomlValue(val, "args")
		if !okP {
			return "", nil, false
		}
		ps, _ := quotedStrings(p)
		if len(ps) != 1 {
			return "", nil, false
		}
		var as []string
		if okA {
			as, _ = quotedStrings(a)
		}
		return ps[0], as, true
	}
	return "", nil, false
}

// tomlValue returns the text after "name =" in an inline table, up to the
// matching end of a string, array or the next comma.
func tomlValue(s, name string) (string, bool) {
	for i := 0; i+len(name) <= len(s); i++ {
		if s[i:i+len(name)] != name || i > 0 && isOptByte(s[i-1]) {
			continue
		}
		rest := strings.TrimLeft(s[i+len(name):], " \t")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t")
		if strings.HasPrefix(rest, "[") {
			if j := strings.IndexByte(rest, ']'); j >= 0 {
				return rest[:j+1], true
			}
			return "", false
		}
		if j := strings.IndexAny(rest, ",}"); j >= 0 {
			return rest[:j], true
		}
		return rest, true
	}
	return "", false
}

// quotedStrings returns the "…" and '…' strings of s (TOML and Lua basic
// escapes undone); ok is false when a string is not closed.
func quotedStrings(s string) ([]string, bool) {
	var out []string
	for i := 0; i < len(s); i++ {
		q := s[i]
		if q != '"' && q != '\'' {
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(s) && s[j] != q; j++ {
			if s[j] == '\\' && q == '"' && j+1 < len(s) {
				j++
			}
			b.WriteByte(s[j])
		}
		if j >= len(s) {
			return out, false
		}
		out = append(out, b.String())
		i = j
	}
	return out, true
}

// luaLiteralStrings reads a Lua expression that is only a literal (a
// string, number, boolean, nil, or a table of those with NAME= keys) and
// returns its strings in order; literal is false for anything wezterm
// would have to evaluate (a call, a variable, an operator).
func luaLiteralStrings(s string) (strs []string, literal bool) {
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '{' || ch == '}' || ch == ',' || ch == ';':
			i++
		case ch == '"' || ch == '\'':
			j := i + 1
			var b strings.Builder
			for ; j < len(s) && s[j] != ch && s[j] != '\n'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) || s[j] != ch {
				return nil, false
			}
			strs = append(strs, b.String())
			i = j + 1
		case ch >= '0' && ch <= '9' || ch == '.' || ch == '-' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && (isOptByte(s[j]) || s[j] == '.') {
				j++
			}
			i = j
		case isOptByte(ch) || ch == '_':
			j := i
			for j < len(s) && (isOptByte(s[j]) || s[j] == '_') {
				j++
			}
			word := s[i:j]
			rest := strings.TrimLeft(s[j:], " \t")
			switch {
			case word == "true" || word == "false" || word == "nil":
			case strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "=="):
				rest = rest[1:] // a table key
				j = len(s) - len(rest)
			default:
				return nil, false // a variable or a call
			}
			i = j
		default:
			return nil, false
		}
	}
	return strs, true
}

// termSSHClient analyses wezterm ssh, kitten ssh and kitty +kitten ssh
// as ssh with the same destination, options and remote command, and other
// kittens; done says c is analysed.
func (c *cmd) termSSHClient() (done bool, err error) {
	sub, ok := termSSH.Get()[c.name]
	if !ok {
		return false, nil
	}
	words := strings.Fields(sub)
	// the subcommand: the first operands (after the emulator's own options)
	at := -1
	t := termEmus.Get()[c.name]
	valued := strings.Fields(t.valued + " " + termSettings.Get()[c.name].set + " " + termSettings.Get()[c.name].files)
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if strings.HasPrefix(s, "-") && s != "-" {
			if inStrings(valued, s) {
				i++
			}
			continue
		}
		if c.name == "kitty" && s != "+kitten" && s != "kitten" {
			return false, nil
		}
		at = i
		break
	}
	if at < 0 {
		return false, nil
	}
	k := at
	if c.name == "kitty" {
		k++ // +kitten or kitten
		words = words[1:]
	}
	if k >= len(c.args) {
		return false, nil
	}
	name := c.s(k)
	if name != words[0] {
		if c.name == "kitten" || c.name == "kitty" {
			if !inFields(plainKittens, name) && name != "@" {
				c.opaque("kitten " + clip(name) + " runs what the analysis does not model")
			}
			return c.name == "kitty", nil // kitty +kitten X: nothing else to read
		}
		return false, nil
	}
	// the ssh command line: the client's own options dropped (wezterm
	// -o/--ssh-option NAME=VALUE are ssh -o; kitten's --kitten K=V)
	var argv []field
	argv = append(argv, field{s: "ssh"})
	rest := c.args[k+1:]
	for i := 0; i < len(rest); i++ {
		f := rest[i]
		s := f.s
		switch {
		case c.name != "kitty" && c.name != "kitten" && (s == "-o" || s == "--ssh-option") && i+1 < len(rest):
			argv = append(argv, field{s: "-o"}, rest[i+1])
			i++
		case c.name != "kitty" && c.name != "kitten" && (s == "--class" || s == "--position"):
			i++
		case c.name != "kitty" && c.name != "kitten" && strings.HasPrefix(s, "--ssh-option="):
			v := f
			v.s = strings.TrimPrefix(s, "--ssh-option=")
			argv = append(argv, field{s: "-o"}, v)
		case (c.name == "kitty" || c.name == "kitten") && s == "--kitten" && i+1 < len(rest):
			i++
		case (c.name == "kitty" || c.name == "kitten") && strings.HasPrefix(s, "--kitten="):
		default:
			argv = append(argv, f)
		}
	}
	for i := k; i < len(c.args); i++ {
		c.skip[i] = true
	}
	sc, err := c.a.enter(c.sc.withVia(c.name + " " + sub))
	if err != nil {
		return true, err
	}
	return true, c.a.simple(argv, sc)
}
