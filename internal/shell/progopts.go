package shell

import (
	"strings"
)

// Programs that options (and their environment) name, and configuration
// handed to a program inline: judged by what they say where it is a
// literal (man -P, rsync -e and RSYNC_RSH, scp -S, ssh's LocalCommand and
// KnownHostsCommand, ssh -F and curl -K from a literal process
// substitution or here-document), opaque otherwise. Unix sockets a
// client connects to are read and written.

// maxConfigLines bounds the lines of an inline configuration analysed.
const maxConfigLines = 256

// inlineText returns the text a file argument holds when the line shows
// it: a process substitution of literal output, or standard input (-,
// /dev/stdin) fed a literal here-document or here-string.
func (c *cmd) inlineText(f field) (string, bool) {
	if f.proc {
		return f.doc, f.docKnown
	}
	if n := c.stdinPath(f); n >= 0 {
		if v, ok := c.sc.fd(n); ok && v.kind == fdDoc && v.known {
			return v.doc, true
		}
	}
	if w, ok := c.a.writtenAt(c.sc, f); ok && w.known {
		return w.text, true // a file the line writes with literal text (hostfiles.go)
	}
	return "", false
}

// socket reports a Unix socket a client connects to: it is read and
// written (what is sent there is acted on by whoever listens).
func (c *cmd) socket(f field, why string) {
	c.read(f, why)
	c.write(f, why)
}

// manPager analyses man -P/--pager and -H/--html: a command line man
// runs through the shell.
func (c *cmd) manPager(o opts) error {
	for _, f := range o.values("-P", "--pager", "-H", "--html") {
		if f.dyn {
			c.opaque("man runs a pager or browser command not known statically")
			continue
		}
		if err := c.code(f, "man pager", false); err != nil {
			return err
		}
	}
	return nil
}

// rsyncShell analyses rsync's remote shell, -e/--rsh or RSYNC_RSH: rsync
// runs it (through the shell when it has spaces) with the host and its
// own command appended.
func (c *cmd) rsyncShell(o opts) error {
	vals := o.values("-e", "--rsh")
	if len(vals) == 0 {
		if v, set := c.a.envOrVar(c.sc, "RSYNC_RSH"); set {
			vals = append(vals, field{s: v.val, dyn: !v.known})
		}
	}
	for _, f := range vals {
		if f.dyn {
			c.opaque("rsync runs a remote shell command not known statically")
			continue
		}
		if err := c.code(f, "rsync -e", false); err != nil {
			return err
		}
	}
	if v, set := c.a.envOrVar(c.sc, "RSYNC_CONNECT_PROG"); set {
		if err := c.code(field{s: v.val, dyn: !v.known}, "RSYNC_CONNECT_PROG", false); err != nil {
			return err
		}
	}
	return nil
}

// sshCommandOption analyses an ssh option whose value is a command ssh
// runs locally through the shell.
func (c *cmd) sshCommandOption(key, value string) {
	if strings.EqualFold(value, "none") || value == "" {
		return
	}
	if err := c.code(field{s: value}, "ssh "+key, false); err != nil && c.a.deferred == nil {
		c.a.deferred = err
	}
}

// sshConfig reads ssh -F FILE when the line shows FILE's text: each
// "Key value" line is an -o option.
func (c *cmd) sshConfig(f field) (proxy []string, known bool) {
	text, ok := c.inlineText(f)
	if !ok {
		if _, wrote := c.a.writtenAt(c.sc, f); wrote || f.dyn {
			c.opaque("ssh reads a configuration (hosts, jump hosts, commands) not known statically from " + clip(f.s))
		}
		return nil, false
	}
	for i, line := range strings.Split(text, "\n") {
		if i >= maxConfigLines {
			c.opaque("ssh configuration too long to analyse")
			break
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, _ := strings.Cut(line, " ")
		if strings.Contains(k, "=") {
			k, v, _ = strings.Cut(line, "=")
		}
		if strings.EqualFold(strings.TrimSpace(k), "include") || strings.EqualFold(strings.TrimSpace(k), "match") {
			c.opaque("ssh configuration includes or matches what the line does not show")
			continue
		}
		if pc := sshOption(c, strings.TrimSpace(k)+"="+strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "="))); pc != "" {
			proxy = append(proxy, pc)
		}
	}
	return proxy, true
}

// curlConfig analyses curl -K/--config FILE when the line shows FILE's
// text: its lines are curl's long options ("url = X", "--output f",
// "-o f"), analysed as the arguments of another curl.
func (c *cmd) curlConfig(o opts) (all bool, err error) {
	vals := o.values("-K", "--config")
	if len(vals) == 0 {
		return false, nil
	}
	all = true
	for _, f := range vals {
		text, ok := c.inlineText(f)
		if !ok {
			all = false
			continue
		}
		args := []field{{s: "curl"}}
		for i, line := range strings.Split(text, "\n") {
			if i >= maxConfigLines {
				all = false
				break
			}
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			name, val := line, ""
			if j := strings.IndexAny(line, " \t=:"); j >= 0 {
				name, val = line[:j], strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line[j:]), "=:"))
			}
			val = strings.Trim(val, `"`)
			if !strings.HasPrefix(name, "-") {
				name = "--" + name
			}
			args = append(args, field{s: name})
			if val != "" {
				args = append(args, field{s: val})
			}
			if len(args) > 2*maxConfigLines {
				all = false // the rest is not read: opaque
				break
			}
		}
		sc, err := c.a.enter(c.sc.withVia("curl -K"))
		if err != nil {
			return false, err
		}
		if err := c.a.simple(args, sc); err != nil {
			return false, err
		}
	}
	return all, nil
}

// sqliteInput: sqlite3 reads SQL and dot commands from standard input;
// a literal input is analysed, any other is opaque.
func (c *cmd) sqliteInput(db *dbSession) error {
	text, ok := c.fedText()
	if !ok {
		c.opaque(db.d.name + " reads commands from input")
		return nil
	}
	return db.text(field{s: text})
}
