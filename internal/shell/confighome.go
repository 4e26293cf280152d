package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Programs that read a configuration file below $HOME or
// $XDG_CONFIG_HOME which can make them run commands (git's core.pager
// and aliases, npm's script-shell, cargo's runners, psql's \!, sqlite3's
// .shell, gdb's init file, …), as data. A line that points HOME or
// XDG_CONFIG_HOME elsewhere for one of them hands it a configuration the
// line does not show, as GIT_CONFIG_GLOBAL does: opaque.
var homeConfigPrograms = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"git": true, "tig": true, "lazygit": true, "gh": true, "glab": true, "hg": true, "svn": true,
		"npm": true, "npx": true, "pnpm": true, "yarn": true, "cargo": true, "pip": true, "pip3": true,
		"mysql": true, "mariadb": true, "psql": true, "sqlite3": true, "gdb": true, "lldb": true,
		"vim": true, "nvim": true, "vi": true, "emacs": true, "R": true, "Rscript": true, "irb": true,
		"curl": true, "wget": true, "aws": true, "kubectl": true, "docker": true,
	}
}}

// configHome reports c as opaque when the line sets HOME or
// XDG_CONFIG_HOME to another directory for a program of
// homeConfigPrograms.
func (c *cmd) configHome() {
	if !homeConfigPrograms.Get()[c.name] {
		return
	}
	for _, v := range []string{"HOME", "XDG_CONFIG_HOME"} {
		val, set := c.a.envOrVar(c.sc, v)
		if !set {
			continue
		}
		if val.known {
			p := val.val
			if p == "/dev/null" || p == "" {
				continue
			}
			if home := c.a.opt.Home; home != "" && v == "HOME" && path.Clean(p) == path.Clean(home) {
				continue
			}
			if home := c.a.opt.Home; home != "" && v == "XDG_CONFIG_HOME" && path.Clean(p) == path.Join(home, ".config") {
				continue
			}
		}
		c.opaque(c.name + " reads its configuration from the " + v + " the line sets, whose settings can run commands (as GIT_CONFIG_GLOBAL)")
		return
	}
}

// gitProgramKeys are git configuration keys (lower case) beyond
// indirect.go's gitConfigKind whose value is a command git runs.
var gitProgramKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"gpg.ssh.defaultkeycommand": true, "core.alternaterefscommand": true, "interactive.difffilter": true,
		"instaweb.httpd": true,
	}
}}

// gitProgramKey reports whether git configuration key k (lower case)
// names a command: gitProgramKeys, trailer.<token>.command,
// man.<tool>.path and submodule.<name>.update (a "!command" value).
func gitProgramKey(k string) bool {
	switch {
	case gitProgramKeys.Get()[k]:
		return true
	case strings.HasPrefix(k, "trailer.") && strings.HasSuffix(k, ".command"),
		strings.HasPrefix(k, "man.") && strings.HasSuffix(k, ".path"),
		strings.HasPrefix(k, "submodule.") && strings.HasSuffix(k, ".update"):
		return true
	}
	return false
}
