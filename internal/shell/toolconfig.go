package shell

import (
	"path"
	"strings"
)

// Command-line configuration of tools other than git (gitconfig.go has
// git's): apt's -o KEY=VALUE, Mercurial's and Sapling's --config
// SECTION.NAME=VALUE, Subversion's --config-option FILE:SECTION:NAME=VALUE,
// jj's --config KEY=VALUE, Breezy's -ONAME=VALUE. Some items are shell
// commands or programs the tool runs (apt's APT::Update::Pre-Invoke, hg's
// alias.x=!cmd and hooks.*, svn's config:tunnels:*, jj's ui.pager), some
// load code or configuration the line does not show (hg extensions.*,
// apt Dir::*). The tables are in toolconfigtables.go: per tool, the
// options and, in order, key patterns with what their value is; a key no
// pattern matches is judged by the tool's unknown kind (ask for the
// version-control tools, whose configurations are full of programs).

// cfgKind is what a configuration value is.
type cfgKind int

const (
	cfgSafe     cfgKind = iota // a setting, not a file or program
	cfgCode                    // shell code the tool runs
	cfgAliasCmd                // an alias: with a leading ! shell code, else the tool's own arguments
	cfgExt                     // an extension: empty (a bundled one by name) is safe, a path is opaque
	cfgOpaque                  // a program, file or directory the analysis does not follow
	cfgDpkgOpts                // dpkg options (--pre-invoke=CMD runs CMD, --root/--instdir/--admindir move it)
)

// cfgKey is one key pattern (path.Match syntax, after the tool's fold).
type cfgKey struct {
	pat  string
	kind cfgKind
}

// cfgTool is a tool's command-line configuration.
type cfgTool struct {
	set     []string // options whose value is KEY=VALUE (separate, or glued after = or, for -o, directly)
	files   []string // options naming a configuration file or directory: opaque
	fold    bool     // keys are case-insensitive
	abbrev  bool     // long options may be abbreviated (Python's getopt)
	keys    []cfgKey // first match wins
	unknown cfgKind  // a key no pattern matches
}

// toolConfig judges the configuration c's command line sets, when c is
// one of cfgTools.
func (c *cmd) toolConfig() error {
	t, ok := cfgTools.Get()[c.name]
	if !ok {
		return nil
	}
	for i := 0; i < len(c.args); i++ {
		s := c.args[i].s
		if s == "--" {
			return nil
		}
		if !strings.HasPrefix(s, "-") || len(s) < 2 {
			continue
		}
		opt, val, glued := cfgOption(t, s)
		if opt == "" {
			continue
		}
		var f field
		switch {
		case glued:
			f = c.args[i]
			f.s = val
		case i+1 < len(c.args):
			i++
			f = c.args[i]
		default:
			continue
		}
		if contains(t.files, opt) {
			c.opaque(c.name + " " + opt + " reads a configuration that can name programs it runs")
			continue
		}
		if err := c.cfgItem(t, opt, f); err != nil {
			return err
		}
	}
	return nil
}

// cfgOption returns which of t's options s is, and its glued value.
func cfgOption(t cfgTool, s string) (opt, val string, glued bool) {
	for _, names := range [][]string{t.set, t.files} {
		for _, n := range names {
			switch {
			case s == n:
				return n, "", false
			case strings.HasPrefix(s, n+"="):
				return n, s[len(n)+1:], true
			case len(n) == 2 && strings.HasPrefix(s, n):
				return n, s[2:], true // -oKEY=VALUE
			}
		}
	}
	if !strings.HasPrefix(s, "--") {
		return cfgCluster(t, s)
	}
	if !t.abbrev {
		return "", "", false
	}
	k, v, eq := strings.Cut(s, "=")
	if len(k) < 5 {
		return "", "", false
	}
	for _, names := range [][]string{t.set, t.files} {
		for _, n := range names {
			if strings.HasPrefix(n, k) {
				return n, v, eq
			}
		}
	}
	return "", "", false
}

// cfgCluster reads the short-option cluster s (-qo, -qoKEY=V, -yqc)
// as getopt does (red-team round 19, #10): the first letter that is one
// of t's short options takes the rest of the word as its value, or the
// next word when it ends the cluster. The letters before it are read as
// flags; one that takes a value itself would have taken the rest, so
// the reading judges at least what the tool sets.
func cfgCluster(t cfgTool, s string) (opt, val string, glued bool) {
	if len(s) < 3 || s[0] != '-' {
		return "", "", false
	}
	for j := 1; j < len(s); j++ {
		for _, names := range [][]string{t.set, t.files} {
			for _, n := range names {
				if len(n) == 2 && n[1] == s[j] {
					return n, s[j+1:], j+1 < len(s)
				}
			}
		}
	}
	return "", "", false
}

// cfgItem judges one KEY=VALUE item given with option opt.
func (c *cmd) cfgItem(t cfgTool, opt string, f field) error {
	via := c.name + " " + opt
	key, val, ok := strings.Cut(f.s, "=")
	if f.dyn && (!ok || dynMarked(key)) {
		c.opaque(via + " sets a configuration item not known statically")
		return nil
	}
	if !ok {
		return nil // not an item: the tool refuses it
	}
	key = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(key), "::")) // apt's KEY::=VALUE appends to a list
	if t.fold {
		key = strings.ToLower(key)
	}
	kind := t.unknown
	for _, k := range t.keys {
		if m, _ := path.Match(k.pat, key); m {
			kind = k.kind
			break
		}
	}
	v := field{s: val, dyn: f.dyn}
	switch kind {
	case cfgSafe:
		return nil
	case cfgExt:
		if strings.TrimSpace(val) == "" && !f.dyn || val == "!" {
			return nil
		}
		c.opaque(via + " " + clip(key) + " loads code from " + clip(val))
		return nil
	case cfgAliasCmd:
		if rest, ok := strings.CutPrefix(strings.TrimSpace(val), "!"); ok {
			v.s = rest
			return c.cfgCode(via+" "+key, v)
		}
		// the tool's own command line: judged as such
		v.s = c.name + " " + val
		return c.cfgCode(via+" "+key, v)
	case cfgCode:
		return c.cfgCode(via+" "+key, v)
	case cfgDpkgOpts:
		return c.dpkgOptions(via, v)
	}
	c.opaque(via + " " + clip(key) + " names a program, a file or a setting the analysis does not model")
	return nil
}

// cfgCode analyses a configuration value that is shell code.
func (c *cmd) cfgCode(via string, v field) error {
	if v.dyn {
		c.opaque(via + " runs a command not known statically")
		return nil
	}
	if strings.TrimSpace(v.s) == "" {
		return nil
	}
	return c.a.reparse(v.s, c.a.newProcess(c.sc, importMaybe), via, false) // a new process (childenv.go)
}

// dpkgOptions judges the dpkg options apt passes (Dpkg::Options::=…).
func (c *cmd) dpkgOptions(via string, v field) error {
	for _, w := range strings.Fields(v.s) {
		k, val, _ := strings.Cut(w, "=")
		switch k {
		case "--pre-invoke", "--post-invoke":
			if err := c.cfgCode(via+" "+k, field{s: val, dyn: v.dyn}); err != nil {
				return err
			}
		case "--root", "--instdir", "--admindir", "--log", "--status-fd", "--status-logger":
			c.opaque(via + " " + k + " moves or extends what dpkg writes or runs")
		}
	}
	return nil
}
