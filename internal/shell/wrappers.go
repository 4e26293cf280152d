package shell

import "strings"

// Wrappers that change where the command they run starts (sudo -D, sudo
// -i, su -, pkexec, nsenter --wd, unshare --wd, systemd-run): its
// relative paths are relative to that directory, or to a directory not
// known statically.

// detach gives c a scope of its own, so that a change of directory for
// the wrapped command does not leak into the line.
func (c *cmd) detach() {
	s := *c.sc
	c.sc = &s
}

// runIn makes the wrapped command start in dirs (applied in turn, as cd
// would).
func (c *cmd) runIn(dirs []field) {
	if len(dirs) == 0 {
		return
	}
	c.detach()
	for _, d := range dirs {
		sub := &cmd{a: c.a, sc: c.sc, name: "cd", args: []field{d}, skip: []bool{false}}
		sub.cd()
	}
}

// runInUnknown makes the wrapped command start in a directory not known
// statically (a login shell's home, a service's directory).
func (c *cmd) runInUnknown() {
	c.detach()
	c.sc.cwdKnown = false
}

// wrapperCwd applies the options of c (a wrapper) that choose the wrapped
// command's directory or root.
func (c *cmd) wrapperCwd(o opts) {
	switch c.name {
	case "sudo":
		c.runIn(o.values("-D", "--chdir"))
		if o.anyOf("-i", "--login") {
			c.runInUnknown()
		}
	case "su", "runuser":
		login := o.anyOf("-l", "--login")
		for _, k := range o.pos {
			if c.s(k) == "-" {
				login = true
			}
		}
		if login {
			c.runInUnknown()
		}
	case "pkexec":
		c.runInUnknown() // runs in the target user's environment
	case "nsenter":
		// -w[DIR] / --wd[=DIR], -r[DIR] / --root[=DIR], value glued
		limit := len(c.args)
		if len(o.pos) > 0 {
			limit = o.pos[0]
		}
		for _, f := range c.args[:limit] {
			s := f.s
			if !strings.HasPrefix(s, "-") {
				continue
			}
			switch {
			case s == "-w" || s == "--wd":
				c.runInUnknown() // the target process's directory
			case strings.HasPrefix(s, "--wd="), strings.HasPrefix(s, "-w") && !strings.HasPrefix(s, "--"):
				d := f
				d.s = strings.TrimPrefix(strings.TrimPrefix(s, "--wd="), "-w")
				c.runIn([]field{d})
			case strings.HasPrefix(s, "-r") && !strings.HasPrefix(s, "--") || strings.HasPrefix(s, "--root"):
				c.opaque("nsenter runs the command under another root directory")
				c.runInUnknown()
			}
		}
	case "unshare":
		c.runIn(o.values("-w", "--wd"))
		if len(o.values("-R", "--root")) > 0 {
			c.opaque("unshare runs the command under another root directory")
			c.runInUnknown()
		}
	case "systemd-run":
		if d := o.values("--working-directory"); len(d) > 0 {
			c.runIn(d)
		} else if !o.anyOf("-d", "--same-dir") {
			c.runInUnknown() // a service starts in / or the user's home
		}
	}
}

// isGlobPattern reports whether a word flagged as holding a glob
// character is a pattern bash expands: * or ?, or a [ closed by a
// later ] ("[" alone, the test command, is itself).
func isGlobPattern(s string) bool {
	if strings.ContainsAny(s, "*?") {
		return true
	}
	i := strings.IndexByte(s, '[')
	return i >= 0 && strings.IndexByte(s[i+1:], ']') >= 0
}
