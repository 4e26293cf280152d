package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Inert programs that run what their configuration names (red-team round
// 11 #5, #6). A program judged inert (coderuns.go) runs no file of the
// project, but some read configuration that can name a command for them
// to run: cargo metadata and cargo tree ask rustc for the target through
// build.rustc-wrapper, rustup's proxies run the toolchain a
// rust-toolchain.toml points at, less runs the LESSOPEN a lesskey file's
// #env section sets, kubectl runs a kubeconfig's exec credential plugin.
// The program stays inert only while no such configuration is of the
// line's making: a file the line writes that the program finds by name,
// or that an option names, makes it a runner of that file (opaque); an
// option carrying configuration text that can name a command does too.
// The same settings in the environment (RUSTC_WRAPPER, LESSOPEN,
// LESSKEYIN, KUBECONFIG) are judged where they are assigned
// (envprograms.go, indirect.go).

// inertConfig is what configuration of an inert program may run a
// command.
type inertConfig struct {
	names  string // files it finds by name (fileRunners patterns: a "/" matches the path's end)
	opts   string // options whose value is such a file
	inline string // options whose value is such configuration text
	// dirOpts and dirEnv name a configuration directory (docker --config,
	// DOCKER_CONFIG): any file the line writes under it is such
	// configuration (config.json's cliPluginsExtraDirs, credsStore and
	// credHelpers name programs; cli-plugins/ holds them).
	dirOpts, dirEnv string
}

var inertConfigs = &lazy.Value[map[string]inertConfig]{New: func() map[string]inertConfig {
	rustup := "rust-toolchain rust-toolchain.toml"
	lesskey := inertConfig{names: ".lesskey lesskey .lessfilter", opts: "-k --lesskey-file --lesskey-src", inline: "--lesskey-content"}
	return map[string]inertConfig{
		"cargo":   {names: ".cargo/config .cargo/config.toml cargo/config.toml " + rustup, opts: "--config"},
		"rustup":  {names: rustup},
		"rustc":   {names: rustup},
		"less":    lesskey,
		"zless":   lesskey,
		"bzless":  lesskey,
		"xzless":  lesskey,
		"kubectl": {names: ".kube/config", opts: "--kubeconfig"},
		"bat":     {names: "bat/config"},
		// docker runs the plugins of its config.json's cliPluginsExtraDirs
		// (and cli-plugins/) to list them, and docker-credential-NAME for
		// credsStore/credHelpers (a NAME with "/" is a path)
		"docker": {names: ".docker/config.json .docker/cli-plugins/", dirOpts: "--config", dirEnv: "DOCKER_CONFIG"},
		"podman": {names: "containers/auth.json", dirOpts: "--config"},
		"buildx": {names: ".docker/config.json .docker/cli-plugins/", dirEnv: "DOCKER_CONFIG"},
	}
}}

// inertConfigRuns judges c, an inert program, by the configuration of
// the line's making it reads: opaque when it may run a command that
// configuration names.
func (c *cmd) inertConfigRuns() {
	ic, ok := inertConfigs.Get()[c.name]
	if !ok || c.handed || c.sc.remote {
		return
	}
	for i, f := range c.args {
		if ic.inline == "" || f.dyn {
			continue
		}
		if _, ok := optionValue(ic.inline, c.args, i); ok {
			c.opaque(c.name + " reads configuration given on its command line, which can name a command it runs")
			return
		}
	}
	names := strings.Fields(ic.names)
	dirs := c.inertConfigDirs(ic)
	for i := range c.a.written {
		w := &c.a.written[i]
		if w.seq > c.seq0 || int(w.rec) == c.recIdx || !c.inScope(w.path) || w.known && w.text == "" {
			continue
		}
		match := false
		for _, p := range names {
			if nameMatch(p, w.path) {
				match = true
				break
			}
		}
		if !match && ic.opts != "" && c.namesOpt(ic.opts, w.path) {
			match = true
		}
		for _, d := range dirs {
			match = match || d == "" || strings.HasPrefix(w.path, strings.TrimSuffix(d, "/")+"/")
		}
		if match {
			c.opaque(c.name + " reads " + clip(w.path) + ", which the line writes, as configuration that can name a command it runs")
			return
		}
	}
	if c.a.writtenOverflow {
		c.opaque(c.name + " may read configuration the line writes (more files written than are kept)")
	}
}

// inertConfigDirs returns the configuration directories the line names
// for c (absolute; "" for one not known statically).
func (c *cmd) inertConfigDirs(ic inertConfig) []string {
	var out []string
	add := func(v string, known bool) {
		if !known {
			out = append(out, "")
			return
		}
		if abs, ok := c.a.absField(c.sc, field{s: v}); ok {
			out = append(out, c.a.physical(c.sc, abs).path)
		} else {
			out = append(out, "")
		}
	}
	if ic.dirEnv != "" {
		if _, set := c.sc.cmdEnv[ic.dirEnv]; set || c.a.exported[ic.dirEnv] {
			v, known := c.a.lookup(c.sc, ic.dirEnv)
			add(v, known)
		}
	}
	if ic.dirOpts != "" {
		for i := range c.args {
			if v, ok := optionValue(ic.dirOpts, c.args, i); ok && v != "" {
				add(v, !c.args[i].dyn && (i+1 >= len(c.args) || !c.args[i+1].dyn))
			}
		}
	}
	return out
}

// namesOpt reports whether one of opts (space separated) of c has the
// file p as its value.
func (c *cmd) namesOpt(opts, p string) bool {
	for i := range c.args {
		v, ok := optionValue(opts, c.args, i)
		if !ok || v == "" {
			continue
		}
		if abs, known := c.a.absField(c.sc, field{s: v}); known && c.a.physical(c.sc, abs).path == p {
			return true
		}
	}
	return false
}

// cargoConfigArgs judges cargo's --config KEY=VALUE as the variable
// cargo reads the same setting from (build.rustc-wrapper="/tmp/w" is
// CARGO_BUILD_RUSTC_WRAPPER=/tmp/w): a program it names is analysed, or
// opaque, as there.
func (c *cmd) cargoConfigArgs() error {
	if c.name != "cargo" && c.name != "cross" {
		return nil
	}
	for i := range c.args {
		v, ok := optionValue("--config", c.args, i)
		if !ok {
			continue
		}
		if c.args[i].dyn || c.args[i].s == "--config" && (i+1 >= len(c.args) || c.args[i+1].dyn) {
			c.opaque("cargo --config value not known statically")
			continue
		}
		key, val, ok := strings.Cut(v, "=")
		if !ok {
			continue // a file: inertConfigRuns, or the runner's own judgement
		}
		name := "CARGO_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(strings.TrimSpace(key)))
		val = strings.Trim(strings.TrimSpace(val), `"'`)
		if err := c.a.dangerousEnv(c.sc, c.name, name, val, true); err != nil {
			return err
		}
	}
	return nil
}
