package shell

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
	sub, from := c.s(0), 1
	if n == "uv" && sub == "tool" && len(c.args) > 1 && c.s(1) == "run" {
		sub, from = "tool run", 2 // uv tool run X is uvx X
	}
	switch {
	case sub == "exec" || sub == "x" || sub == "dlx" || sub == "tool run" || sub == "run" && (n == "uv" || n == "poetry" || n == "pipx" || n == "pdm" || n == "hatch" || n == "rye"):
		rest := &cmd{a: c.a, sc: c.sc, name: n, args: c.args[from:], skip: c.skip[from:]}
		o := rest.parse(optSpec{short: "pcw", long: []string{"--package", "--call", "--workspace", "--with", "--from", "--python", "--spec"}, stopPos: true})
		for i := 0; i < from; i++ {
			c.skip[i] = true
		}
		if cs := o.values("-c", "--call"); len(cs) > 0 && n == "npm" {
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
