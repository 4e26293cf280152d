package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs that run ssh with options of their command line, as data:
// their -o values are ssh options (a ProxyCommand is code run here, a
// HostName or ProxyJump a host), and some name the ssh program itself.
// sftp's and scp's own are in netopts.go, netprograms.go and fileops.go.
var sshClients = &lazy.Value[map[string]struct {
	opt    string // the option whose value is one ssh option ("-o")
	hosts  string // options whose value is a host
	sshCmd string // -o keys (KEY=VALUE) whose value is the ssh program run
}]{New: func() map[string]struct {
	opt    string // the option whose value is one ssh option ("-o")
	hosts  string // options whose value is a host
	sshCmd string // -o keys (KEY=VALUE) whose value is the ssh program run
} {
	return map[string]struct {
		opt    string // the option whose value is one ssh option ("-o")
		hosts  string // options whose value is a host
		sshCmd string // -o keys (KEY=VALUE) whose value is the ssh program run
	}{
		"check_by_ssh": {opt: "-o", hosts: "-H --hostname"},
		"sshfs":        {opt: "-o", sshCmd: "ssh_command sshfs_sync_command"},
	}
}}

// sshClientArgs analyses c's ssh options when c is one of sshClients.
func (c *cmd) sshClientArgs() error {
	sc, ok := sshClients.Get()[c.name]
	if !ok {
		return nil
	}
	hosts := strings.Fields(sc.hosts)
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		var val field
		has := false
		switch {
		case s == sc.opt && i+1 < len(c.args):
			i++
			val, has = c.args[i], true
		case strings.HasPrefix(s, sc.opt) && len(s) > len(sc.opt) && !strings.HasPrefix(s, "--"):
			val, has = c.args[i], true
			val.s = s[len(sc.opt):]
		case contains(hosts, s) && i+1 < len(c.args):
			i++
			c.host(c.s(i), c.name+" "+s)
			continue
		}
		if !has {
			continue
		}
		if val.dyn {
			c.opaque(c.name + " ssh options not known statically")
			continue
		}
		// sshfs -o takes a comma-separated list of options
		parts := []string{val.s}
		if c.name == "sshfs" {
			parts = strings.Split(val.s, ",")
		}
		for _, p := range parts {
			k, v, _ := strings.Cut(p, "=")
			if contains(strings.Fields(sc.sshCmd), strings.ToLower(k)) {
				if err := c.code(field{s: v}, c.name+" "+k, false); err != nil {
					return err
				}
				continue
			}
			if pc := sshOption(c, p); pc != "" {
				// ssh runs it as $SHELL -c "exec COMMAND"
				if err := c.code(field{s: "exec " + pc}, c.name+" ssh ProxyCommand", false); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
