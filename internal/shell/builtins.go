package shell

import (
	"path"
	"strings"
)

// Shell builtins that change the shell itself: eval, source, cd.

func (c *cmd) eval() error {
	var parts []string
	f := field{}
	for k := range c.args {
		if k == 0 && c.s(k) == "--" {
			continue
		}
		c.skip[k] = true
		parts = append(parts, c.s(k))
		f.dyn = f.dyn || c.args[k].dyn
	}
	if len(parts) == 0 {
		return nil
	}
	f.s = strings.Join(parts, " ")
	return c.code(f, "eval", false)
}

func (c *cmd) source() error {
	if len(c.args) == 0 {
		return nil
	}
	f := c.args[0]
	switch {
	case f.proc && !f.docKnown:
		c.opaque("sources code from a process substitution")
	case f.dyn && !f.proc && c.stdinPath(f) < 0:
		c.opaque("sources a file whose name is not known statically")
	default:
		return c.scriptCode(0, c.name)
	}
	return nil
}

func (c *cmd) cd() {
	sc := c.sc
	o := c.parse(optSpec{})
	if c.name == "popd" {
		sc.cwdKnown = false
		return
	}
	var target field
	if k, ok := c.pos(o, 0); ok {
		target = c.args[k]
		c.skip[k] = true
		if target.s != "-" {
			c.read(target, c.name+" directory")
		}
	} else if c.name == "pushd" {
		sc.cwdKnown = false
		return
	} else {
		h, ok := c.a.lookup(sc, "HOME")
		if !ok {
			sc.cwdKnown = false
			return
		}
		target = field{s: h}
	}
	if target.s == "-" {
		if sc.oldpwd == "" {
			sc.cwdKnown = false
			return
		}
		target.s = sc.oldpwd
	}
	if target.dyn || target.glob {
		sc.oldpwd = sc.cwd
		sc.cwdKnown = false
		return
	}
	next := target.s
	if alts, unknown := c.cdSearch(next); len(alts) > 0 || unknown {
		c.cdAmbiguous(alts, unknown)
		return
	}
	if !path.IsAbs(next) {
		if sc.cwd == "" {
			sc.cwdKnown = false
			return
		}
		next = sc.cwd + "/" + next
	} else {
		sc.cwdKnown = true // an absolute cd makes the cwd known again
	}
	sc.oldpwd = sc.cwd
	ph := c.a.physical(sc, next) // cd /dev/fd is cd /proc/self/fd
	if ph.dyn || ph.stream {
		sc.cwdKnown = false
		return
	}
	c.setCwd(ph.path)
}
