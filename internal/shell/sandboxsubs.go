package shell

import "strings"

// A runner's other subcommands that run a command in the image
// (red-team round 17, #4): apptainer shell IMG runs a shell in the image,
// which reads its code from standard input, and apptainer run IMG ARGS…
// of an OCI image runs ARGS in place of the image's command. Both bind the
// home directory and the working directory at their own paths by default,
// as exec does: they are analysed as exec IMG SHELL and exec IMG ARGS…
// (envInheritor.shellSubs, argsSubs). A plain run IMG runs the image's
// own runscript, which the line does not show, and is left as it was.

// sandboxSub analyses c, whose subcommand at sub is one of ei's
// shellSubs or argsSubs, as ei's first subcommand (exec) with the
// command it runs.
func (c *cmd) sandboxSub(ei envInheritor, sub int) error {
	shell := inFields(ei.shellSubs, c.s(sub))
	prog := field{s: "sh"}
	var opts []field
	i := sub + 1
	for ; i < len(c.args); i++ {
		f := c.args[i]
		if f.s == "--" || !strings.HasPrefix(f.s, "-") || f.s == "-" {
			break
		}
		if f.dyn {
			c.opaque(c.name + " option not known statically: the command it runs cannot be found")
			return nil
		}
		name, val, eq := strings.Cut(f.s, "=")
		if shell && inFields(ei.shellOpts, name) {
			switch {
			case eq:
				prog = field{s: val}
			case i+1 < len(c.args):
				i++
				prog = c.args[i]
			}
			continue
		}
		opts = append(opts, f)
		if inFields(ei.flags, name) {
			continue
		}
		n, ok := ei.arity[name]
		if !ok {
			c.opaque(c.name + " option " + clip(name) + " not known: the command it runs cannot be found")
			return nil
		}
		for k := 0; !eq && k < n && i+1 < len(c.args); k++ {
			i++
			opts = append(opts, c.args[i])
		}
	}
	if i < len(c.args) && c.s(i) == "--" {
		i++
	}
	if i >= len(c.args) || !shell && i+1 >= len(c.args) {
		return nil // run IMAGE: its own runscript
	}
	exec, _, _ := strings.Cut(ei.subs, " ")
	args := append(append([]field(nil), c.args[:sub]...), field{s: exec})
	args = append(append(args, opts...), c.args[i])
	if shell {
		args = append(args, prog)
	}
	args = append(args, c.args[i+1:]...)
	for k := range c.args {
		c.skip[k] = true
	}
	c.handed = true
	rc := &cmd{a: c.a, sc: c.sc, name: c.name, args: args, skip: make([]bool, len(args)), w: c.w}
	return rc.inheritRun(ei, -1)
}
