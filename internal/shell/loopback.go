package shell

import (
	"path"
	"strings"
)

// A remote command sent to this machine runs here: ssh localhost CMD,
// ssh 127.0.0.1 CMD, ssh ::1 CMD and ssh to a destination not known
// statically ($(hostname) is this machine) run CMD with this user's files,
// so its paths are local; scp and rsync to such a host:path copy to a
// local path (relative to the home directory).

// loopbackHost reports whether the canonical host h is this machine.
func loopbackHost(h string) bool {
	switch {
	case h == "localhost", strings.HasSuffix(h, ".localhost"), h == "localhost.localdomain",
		h == "ip6-localhost", h == "ip6-loopback", h == "0.0.0.0", h == "::1", h == "::", h == "0":
		return true
	case strings.HasPrefix(h, "127.") && strings.Count(h, ".") == 3:
		return true
	}
	return false
}

// destLocal reports whether an ssh-style destination ([user@]host[:port],
// ssh://…) is this machine, or may be (not known statically).
func destLocal(f field) bool {
	if f.dyn {
		return true
	}
	h := strings.TrimPrefix(f.s, "ssh://")
	if i := strings.IndexByte(h, '/'); i >= 0 {
		h = h[:i]
	}
	c, ok := normHost(h)
	return ok && loopbackHost(c)
}

// loopbackPath returns the local path of a host:path copy operand whose
// host is this machine (a relative path is relative to the home).
func (c *cmd) loopbackPath(f field) (field, bool) {
	h, ok := scpHost(f.s)
	if !ok {
		return f, false
	}
	ch, ok := normHost(h)
	if !ok || !loopbackHost(ch) {
		return f, false
	}
	p := f.s[len(h)+1:]
	if strings.HasPrefix(h, "[") {
		p = f.s[len(h)+1:]
	}
	g := f
	switch {
	case path.IsAbs(p):
		g.s = p
	case strings.HasPrefix(p, "~/"):
		g = c.homeField(p[2:])
	default:
		g = c.homeField(p)
	}
	g.dyn = g.dyn || f.dyn
	return g, true
}

// parallelLines: parallel with no command runs each of its ::: arguments
// as a command line; arguments from files (::::) or input are not known.
func (c *cmd) parallelLines(sep int) error {
	if sep >= len(c.args) {
		c.opaque("parallel runs command lines read from input")
		return nil
	}
	if c.s(sep) != ":::" {
		c.opaque("parallel runs command lines read from a file")
		return nil
	}
	for i := sep + 1; i < len(c.args); i++ {
		s := c.s(i)
		c.skip[i] = true
		if strings.HasPrefix(s, "::::") {
			c.opaque("parallel runs command lines read from a file")
			return nil
		}
		if s == ":::" || s == ":::+" {
			continue // more arguments: each source's lines are combined
		}
		if err := c.code(c.args[i], "parallel", false); err != nil {
			return err
		}
	}
	return nil
}

// sshHere analyses the command ssh runs on this machine: in the home
// directory, with this user's files.
func (c *cmd) sshHere(code, dest field) error {
	sub := *c.sc
	sub.cwd, sub.cwdKnown = "", false
	if h, ok := c.a.lookup(&sub, "HOME"); ok && path.IsAbs(h) {
		sub.cwd, sub.cwdKnown = path.Clean(h), true
	}
	sub.setArgs(nil, true)
	cc := *c
	cc.sc = &sub
	return cc.code(code, "ssh "+dest.s, false)
}

// binOfSpec returns the program a package runner runs for a package
// specification: npm@latest runs npm, @scope/tool@1 runs tool,
// ruff==0.4 runs ruff.
func binOfSpec(f field) field {
	s := f.s
	if f.dyn || strings.Contains(s, "/") && !strings.HasPrefix(s, "@") || strings.HasPrefix(s, ".") {
		return f
	}
	if a := agentOfNpmSpec(s); a != "" {
		f.s = a // npx opencode-ai is opencode (agentscripts.go)
		return f
	}
	if strings.HasPrefix(s, "@") {
		if _, rest, ok := strings.Cut(s, "/"); ok {
			s = rest
		}
	}
	if i := strings.IndexAny(s, "@="); i > 0 {
		s = s[:i]
	}
	if i := strings.IndexAny(s, "<>~!["); i > 0 {
		s = s[:i]
	}
	f.s = s
	return f
}
