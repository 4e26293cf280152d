package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"slices"
	"strings"
)

// Persistent settings, as data: commands that store a setting in a file
// outside the line (a user configuration, a trust list, an extension or
// plugin directory, a version file) so that a later everyday call (npm
// test, gh pr list, cargo build, cd src in the user's shell, opening the
// editor) runs code the agent chose, outside any hooked call. Each is a
// write of the files it changes, which the policy judges (allow_paths,
// credential stores, protected paths); a setting whose value is a command
// run later (npm's script-shell, a gh alias, a pager, an extension, a
// trusted .envrc) is also opaque: what it will run is not known.

// persister is one command of a program that stores a setting.
type persister struct {
	sub   string // leading operands, space-separated ("config set"); "" none
	flag  string // options of which one must be present (space-separated); "" none
	files string // files written, space-separated: "~/…" below the home, else below the cwd
	opt   string // options whose value is the file written instead (--userconfig)
	keys  string // keys (the operand after sub) whose value runs later, space-separated; "*" any; "" none
}

const (
	npmCodeKeys = "script-shell node-options shell editor browser viewer git init-module onload-script userconfig globalconfig"
	ghCodeKeys  = "pager editor browser"
)

var persisters = &lazy.Value[map[string][]persister]{New: func() map[string][]persister {
	npm := func(files string) []persister {
		var out []persister
		for _, sub := range []string{"config set", "set", "c set", "config delete", "config edit", "config fix"} {
			out = append(out, persister{sub: sub, files: files, opt: "--userconfig", keys: npmCodeKeys})
		}
		return out
	}
	editor := func(dir string) []persister {
		return []persister{{flag: "--install-extension", files: dir, opt: "--extensions-dir", keys: "*"}}
	}
	version := func(local, global string) []persister {
		return []persister{{sub: "local", files: local}, {sub: "global", files: global}}
	}
	return map[string][]persister{
		"npm":  npm("~/.npmrc"),
		"pnpm": npm("~/.config/pnpm/rc ~/.npmrc"),
		"yarn": {{sub: "config set", files: "~/.yarnrc ~/.yarnrc.yml .yarnrc.yml", keys: "script-shell yarn-path yarnPath shell"},
			{sub: "config delete", files: "~/.yarnrc ~/.yarnrc.yml .yarnrc.yml"}},
		"bun": {{sub: "pm trust", files: "package.json", keys: "*"}},
		"gh": {{sub: "alias set", files: "~/.config/gh/config.yml", keys: "*"}, {sub: "alias import", files: "~/.config/gh/config.yml", keys: "*"},
			{sub: "alias delete", files: "~/.config/gh/config.yml"}, {sub: "config set", files: "~/.config/gh/config.yml", keys: ghCodeKeys},
			{sub: "extension install", files: "~/.local/share/gh/extensions", keys: "*"}, {sub: "extensions install", files: "~/.local/share/gh/extensions", keys: "*"},
			{sub: "ext install", files: "~/.local/share/gh/extensions", keys: "*"}, {sub: "extension upgrade", files: "~/.local/share/gh/extensions", keys: "*"},
			{sub: "ext upgrade", files: "~/.local/share/gh/extensions", keys: "*"}},
		"glab": {{sub: "alias set", files: "~/.config/glab-cli/aliases.yml", keys: "*"}, {sub: "config set", files: "~/.config/glab-cli/config.yml", keys: ghCodeKeys}},
		// editors' extensions run inside the user's editor
		"code": editor("~/.vscode/extensions"), "code-insiders": editor("~/.vscode-insiders/extensions"),
		"codium": editor("~/.vscode-oss/extensions"), "code-oss": editor("~/.vscode-oss/extensions"),
		"cursor": editor("~/.cursor/extensions"), "windsurf": editor("~/.windsurf/extensions"),
		"positron": editor("~/.positron/extensions"),
		// toolchains: every later cargo, rustc, python, node runs the one chosen
		"rustup": {{sub: "toolchain link", files: "~/.rustup/toolchains ~/.rustup/settings.toml", keys: "*"},
			{sub: "override set", files: "~/.rustup/settings.toml"}, {sub: "override unset", files: "~/.rustup/settings.toml"},
			{sub: "default", files: "~/.rustup/settings.toml"}, {sub: "set", files: "~/.rustup/settings.toml"}},
		"uv":     {{sub: "python pin", flag: "--global", files: "~/.config/uv/.python-version"}, {sub: "python pin", files: ".python-version"}},
		"pyenv":  version(".python-version", "~/.pyenv/version"),
		"rbenv":  version(".ruby-version", "~/.rbenv/version"),
		"nodenv": version(".node-version", "~/.nodenv/version"),
		"goenv":  version(".go-version", "~/.goenv/version"),
		"jenv":   version(".java-version", "~/.jenv/version"),
		"asdf":   {{sub: "local", files: ".tool-versions"}, {sub: "set", files: ".tool-versions"}, {sub: "global", files: "~/.tool-versions"}},
		"volta":  {{sub: "pin", files: "package.json"}},
		// trust lists: the user's shell runs the trusted file's code on cd
		"direnv": {{sub: "allow", files: "~/.local/share/direnv/allow", keys: "*"}, {sub: "permit", files: "~/.local/share/direnv/allow", keys: "*"},
			{sub: "grant", files: "~/.local/share/direnv/allow", keys: "*"}},
		"mise": {{sub: "trust", files: "~/.local/state/mise/trusted-configs", keys: "*"}, {sub: "settings set", files: "~/.config/mise/config.toml"},
			{sub: "use", flag: "-g --global", files: "~/.config/mise/config.toml"}},
		// plugins that later calls of the program run
		"helm":    {{sub: "plugin install", files: "~/.local/share/helm/plugins", keys: "*"}, {sub: "repo add", files: "~/.config/helm/repositories.yaml"}},
		"kubectl": {{sub: "krew install", files: "~/.krew", keys: "*"}},
		"krew":    {{sub: "install", files: "~/.krew", keys: "*"}},
		// clouds' and tools' user configurations
		"aws":    {{sub: "configure set", files: "~/.aws/config ~/.aws/credentials"}, {sub: "configure import", files: "~/.aws/credentials"}, {sub: "configure sso", files: "~/.aws/config"}},
		"gcloud": {{sub: "config set", files: "~/.config/gcloud/configurations"}, {sub: "config configurations activate", files: "~/.config/gcloud/active_config"}},
		"az":     {{sub: "config set", files: "~/.azure/config"}},
		"docker": {{sub: "context use", files: "~/.docker/config.json"}},
		"pip":    {{sub: "config set", files: "~/.config/pip/pip.conf"}, {sub: "config edit", files: "~/.config/pip/pip.conf"}},
		"pip3":   {{sub: "config set", files: "~/.config/pip/pip.conf"}, {sub: "config edit", files: "~/.config/pip/pip.conf"}},
		"conda":  {{sub: "config", flag: "--set --add --append --prepend --remove --remove-key", files: "~/.condarc"}},
		"bundle": {{sub: "config set", files: "~/.bundle/config"}},
		// the service manager's unit files: a unit linked, enabled or
		// given properties runs later, outside any hooked call (also
		// through D-Bus: dbus.go)
		"systemctl": systemdUnitFiles(),
	}
}}

// systemdUnitFiles are systemctl's verbs that change unit files, in the
// user's and the system's unit directories.
func systemdUnitFiles() []persister {
	const files = "~/.config/systemd/user ~/.config/systemd/user.control /etc/systemd/system /etc/systemd/system.control"
	var out []persister
	for _, sub := range strings.Fields("link enable reenable preset preset-all unmask set-default add-wants add-requires set-property") {
		out = append(out, persister{sub: sub, files: files, keys: "*"})
	}
	for _, sub := range strings.Fields("disable mask revert") {
		out = append(out, persister{sub: sub, files: files})
	}
	return out
}

// persistentSettings reports the files a command that stores a setting
// writes, and makes it opaque when the setting is a command run later.
func (c *cmd) persistentSettings() {
	ps := persisters.Get()[c.name]
	if more := hookPersisters.Get()[c.name]; len(more) > 0 { // persisthooks.go
		ps = append(slices.Clip(ps), more...)
	}
	if len(ps) == 0 {
		return
	}
	// most calls of these programs store nothing: look for a
	// subcommand's first word or a flag before building anything
	if !slices.ContainsFunc(ps, c.mayPersist) {
		return
	}
	var ops []field
	var has []string
	skippable := 0 // ops[:skippable] may be values of global options
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		if s == "--" {
			ops = append(ops, c.args[i+1:]...)
			break
		}
		if strings.HasPrefix(s, "-") && len(s) > 1 {
			k, _, _ := strings.Cut(s, "=")
			has = append(has, k)
			continue
		}
		if len(ops) == skippable && i > 0 && strings.HasPrefix(c.s(i-1), "-") && !strings.Contains(c.s(i-1), "=") {
			skippable++
		}
		ops = append(ops, c.args[i])
	}
	for _, p := range ps {
		sub := strings.Fields(p.sub)
		// the subcommand words, found in order after any global options'
		// values (npm --registry R config set …)
		at := subAt(ops, sub, skippable)
		match := at >= 0
		if match && p.flag != "" {
			match = false
			for _, h := range has {
				if inFields(p.flag, h) {
					match = true
				}
			}
		}
		if !match {
			continue
		}
		why := c.name + " " + strings.TrimSpace(p.sub+" "+p.flag) + " stores a setting a later call reads"
		c.persistWrites(p, why)
		key, k := "", at+len(sub)
		if k < len(ops) {
			key, _, _ = strings.Cut(ops[k].s, "=")
		}
		switch {
		case p.keys == "*", p.keys != "" && (inFields(p.keys, key) || inFields(p.keys, strings.ReplaceAll(key, "_", "-"))),
			p.keys != "" && k < len(ops) && ops[k].dyn:
			c.opaque(c.name + " " + strings.TrimSpace(p.sub+" "+p.flag) + " stores a command that a later call runs, outside any hooked call")
		}
		return
	}
}

// mayPersist reports whether c's arguments hold p's first subcommand
// word, or one of its flags.
func (c *cmd) mayPersist(p persister) bool {
	first, _, _ := strings.Cut(p.sub, " ")
	for _, f := range c.args {
		k, _, _ := strings.Cut(f.s, "=")
		if f.dyn || first != "" && f.s == first || p.flag != "" && inFields(p.flag, k) {
			return true
		}
	}
	return first == "" && p.flag == ""
}

// subAt returns where the words of sub start in ops (0 when sub is
// empty), or -1: at the start, or after words that may be values of
// global options (ops[:skippable]).
func subAt(ops []field, sub []string, skippable int) int {
	if len(sub) == 0 {
		return 0
	}
	for i := 0; i <= skippable && i+len(sub) <= len(ops); i++ {
		ok := true
		for j, w := range sub {
			if ops[i+j].dyn || ops[i+j].s != w {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// persistWrites reports the files p writes (or those its file option
// names).
func (c *cmd) persistWrites(p persister, why string) {
	if p.opt != "" {
		own := &cmd{a: c.a, sc: c.sc, name: c.name, prog: c.prog, args: c.args, skip: make([]bool, len(c.args))}
		o := own.parseOpts(optSpec{long: longOnly(p.opt), short: codeShorts(p.opt)})
		if fs := o.values(strings.Fields(p.opt)...); len(fs) > 0 {
			for _, f := range fs {
				c.write(f, why)
			}
			return
		}
	}
	for _, f := range strings.Fields(p.files) {
		if rest, ok := strings.CutPrefix(f, "~/"); ok {
			g := c.homeField(rest)
			g.s = path.Clean(g.s)
			c.write(g, why)
			continue
		}
		c.write(field{s: f}, why)
	}
}
