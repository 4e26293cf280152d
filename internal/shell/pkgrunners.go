package shell

import (
	"path"
	"strings"
)

// Package runners: the commands package managers run by name (npx X,
// npm exec X, uv run X, …). What the managers install and write is in
// pkgwrites.go and pkghosts.go.

// runnerPrograms run a package's command.
func runnerPrograms() []program {
	return []program{
		{"npx bunx pnpx uvx corepack", (*cmd).packageRunnerCmd},
		{"npm pnpm yarn bun uv poetry pipx bundle pdm hatch rye", (*cmd).managerRun},
	}
}

func (c *cmd) packageRunnerCmd() error {
	n := c.name
	o := c.parse(optSpec{short: "pc", long: []string{"--package", "--call", "--from", "--with", "--python"}, stopPos: true})
	if cs := o.values("-c", "--call"); len(cs) > 0 && n == "npx" {
		return c.code(cs[0], "npx -c", false)
	}
	if k, ok := c.pos(o, 0); ok {
		if n != "corepack" {
			c.packageRunner(o, k)
			c.args[k] = binOfSpec(c.args[k])
		}
		return c.wrap(k, n)
	}
	return nil
}

// managerRun: "npm exec X", "pnpm dlx X", "yarn dlx X", "bun x X", "uv
// run X", "poetry run X", "pipx run X", "bundle exec X" run the command X.
func (c *cmd) managerRun() error {
	n := c.name
	if len(c.args) == 0 {
		return nil
	}
	npmSpecHosts(c)
	c.createRunner()
	pm := pkgManagers.Get()[n]
	at, dirs := c.managerGlobals(pm)
	if at >= len(c.args) {
		return nil
	}
	sub, from := c.s(at), at+1
	if n == "uv" && sub == "tool" && from < len(c.args) && c.s(from) == "run" {
		sub, from = "tool run", from+1 // uv tool run X is uvx X
	}
	switch {
	case sub == "exec" || sub == "x" || sub == "dlx" || sub == "tool run" || sub == "run" && (n == "uv" || n == "poetry" || n == "pipx" || n == "pdm" || n == "hatch" || n == "rye"):
		rest := &cmd{a: c.a, sc: c.sc, name: n, args: c.args[from:], skip: c.skip[from:]}
		long := []string{"--package", "--call", "--workspace", "--with", "--from", "--python", "--spec", "--env-file"}
		long = append(long, strings.Fields(pm.valued)...)
		o := rest.parse(optSpec{short: "pcw", long: long, stopPos: true})
		for i := 0; i < from; i++ {
			c.skip[i] = true
		}
		dirs = append(dirs, o.values(strings.Fields(pm.cwdOpts)...)...)
		rest.runIn(dirs)
		if cs := o.values("-c", "--call"); len(cs) > 0 && n == "npm" {
			rest.w.shellWords = c.args // --script-shell before exec (codeshells.go)
			c.shellOptsNotCandidate(codeShells[n].opts)
			return rest.code(cs[0], n+" exec -c", false)
		}
		k, ok := rest.pos(o, 0)
		c.managerRunner(sub, rest, o, k, ok)
		if ok {
			if sub != "run" {
				rest.args[k] = binOfSpec(rest.args[k])
			}
			return rest.wrap(k, n+" "+sub)
		}
	}
	return nil
}

// managerGlobals reads the options of package manager c before its
// subcommand: the index of the subcommand, and the values of the options
// that make the commands it runs start elsewhere (pnpm -C DIR exec, uv
// --directory DIR run). A word not known statically is taken as the
// subcommand, as before this reading (it names no runner subcommand).
func (c *cmd) managerGlobals(pm pkgManager) (at int, dirs []field) {
	return c.cwdOptions(0, len(c.args), pm.valued, pm.cwdOpts, true)
}

// cwdOptions reads c.args[from:to] as options, and returns the index of
// the first operand and the values of the options of cwd (each in the
// forms --opt=DIR, --opt DIR, -oDIR, -o DIR), which make the command run
// start in DIR: the one reader of the directory options of the managers
// and runners (pkgManagers' cwdOpts, envRunners' cwd). valued are the
// other options that take a separate value. With stop false the operands
// are skipped over (the subcommand was found by name). A word not known
// statically is taken as the first operand. valued and cwd are lists of
// option names separated by blanks, read in place (hasField) instead of
// split on every call: npm's list alone is 25 names.
func (c *cmd) cwdOptions(from, to int, valued, cwd string, stop bool) (at int, dirs []field) {
	for at = from; at < to; at++ {
		f := c.args[at]
		if f.dyn || !strings.HasPrefix(f.s, "-") || f.s == "-" {
			if stop || f.dyn {
				return at, dirs
			}
			continue
		}
		if f.s == "--" {
			return at, dirs
		}
		name, val, eq := strings.Cut(f.s, "=")
		switch {
		case eq && hasField(cwd, name):
			d := f
			d.s = val
			dirs = append(dirs, d)
		case !eq && (hasField(valued, name) || hasField(cwd, name)):
			if at+1 < to && hasField(cwd, name) {
				dirs = append(dirs, c.args[at+1])
			}
			at++
		case len(name) > 2 && name[1] != '-' && hasField(cwd, name[:2]):
			d := f
			d.s = f.s[2:] // -CDIR
			dirs = append(dirs, d)
		}
	}
	return at, dirs
}

// registryFetch reports that runner may fetch package spec from a
// registry and run it. For npx and npm exec, a program already installed
// in node_modules/.bin of the cwd or an ancestor runs instead: the part is
// not opaque when one exists.
func (c *cmd) registryFetch(runner string, spec field, local bool) {
	if spec.dyn {
		c.opaque(runner + " may fetch and run a package named at run time from the registry")
		return
	}
	s := spec.s
	if s == "" || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/") {
		return // a local path
	}
	reason := runner + " may fetch and run package " + clip(s) + " from the registry"
	var unless []string
	if local && c.sc.cwdKnown && path.IsAbs(c.sc.cwd) {
		bin := s
		if strings.HasPrefix(bin, "@") {
			if _, b, ok := strings.Cut(bin, "/"); ok {
				bin = b
			}
		}
		if !strings.ContainsAny(bin, "@/:#") && bin != "" {
			for d := c.sc.cwd; ; d = path.Dir(d) {
				unless = append(unless, path.Join(d, "node_modules/.bin", bin))
				if d == "/" || len(unless) > 64 {
					break
				}
			}
		}
	}
	c.a.opaqueUnless(c.name, reason, unless)
}

// packageRunner handles npx, bunx, pnpx, uvx: the command they run is
// analysed (by the caller) and the fetch is reported.
func (c *cmd) packageRunner(o opts, k int) {
	if o.anyOf("--no-install", "--no", "--offline") {
		return
	}
	pkg := c.args[k]
	explicit := o.values("-p", "--package", "--from", "--with")
	switch c.name {
	case "npx":
		if len(explicit) > 0 {
			for _, p := range explicit {
				c.registryFetch("npx", p, false)
			}
			return
		}
		c.registryFetch("npx", pkg, true)
	default: // bunx, pnpx, uvx always fetch
		for _, p := range explicit {
			c.registryFetch(c.name, p, false)
		}
		c.registryFetch(c.name, pkg, false)
	}
}

// managerRunner handles "npm exec X", "pnpm dlx X", "yarn dlx X", "bun x
// X", "uv tool run X", "pipx run X", "npm init X", "npm create X": name
// is the package manager, sub its subcommand, rest what follows it.
func (c *cmd) managerRunner(sub string, rest *cmd, o opts, k int, hasCmd bool) {
	n := c.name
	var pkg field
	if hasCmd {
		pkg = rest.args[k]
	}
	explicit := o.values("-p", "--package", "--from", "--with", "--spec")
	switch {
	case n == "npm" && (sub == "exec" || sub == "x"):
		if o.anyOf("--no", "--offline", "--no-install") {
			return
		}
		if len(explicit) > 0 {
			for _, p := range explicit {
				c.registryFetch("npm exec", p, false)
			}
		} else if hasCmd {
			c.registryFetch("npm exec", pkg, true)
		}
	case sub == "dlx" || sub == "tool run" || n == "bun" && sub == "x" || n == "pipx" && sub == "run":
		for _, p := range explicit {
			c.registryFetch(n+" "+sub, p, false)
		}
		if hasCmd {
			c.registryFetch(n+" "+sub, pkg, false)
		}
	case sub == "run" && (n == "uv" || n == "pdm" || n == "hatch" || n == "rye" || n == "poetry"):
		for _, p := range explicit {
			c.registryFetch(n+" run --with", p, false)
		}
	}
}

// bunManager reports whether bun is run as a package manager (bun x,
// bun create, bun install, …) rather than as a JavaScript runtime.
func (c *cmd) bunManager() bool {
	if c.name != "bun" {
		return false
	}
	at, _ := c.managerGlobals(pkgManagers.Get()["bun"]) // bun --cwd=DIR x
	if at >= len(c.args) || c.args[at].dyn {
		return false
	}
	switch c.s(at) {
	case "x", "create", "exec", "install", "i", "add", "a", "remove", "rm", "update", "link", "unlink", "pm", "init", "outdated", "publish", "patch":
		return true
	}
	return false
}

// createRunner handles "npm init X", "npm create X", "yarn create X",
// "pnpm create X", "bun create X": they fetch and run create-X.
func (c *cmd) createRunner() {
	if len(c.args) < 2 {
		return
	}
	sub := c.s(0)
	if sub != "create" && !(sub == "init" && c.name == "npm") {
		return
	}
	for i := 1; i < len(c.args); i++ {
		s := c.s(i)
		if strings.HasPrefix(s, "-") {
			if s == "--" {
				continue
			}
			continue
		}
		c.registryFetch(c.name+" "+sub, c.args[i], false)
		return
	}
}
