package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Environments of long-lived processes (red-team round 7 #6): a service
// manager, a session bus or a terminal multiplexer keeps an environment
// that every program it starts later inherits — the person's services,
// applications and terminal panes, outside any hooked call. Setting a
// variable there is judged by the table that judges export NAME=VALUE
// (dangerousEnv): a literal command line in it is analysed, a name that
// carries code (envCarriesCode) is opaque, and is also a write of the
// process's state through the socket it is told through, which the
// policy's path rules judge (outside allow_paths: denied). tmux's
// set-environment is in tmuxopts.go; copying the caller's variables by
// name (import-environment) is in envpass.go.

// envStore is a command that sets variables in a long-lived process.
type envStore struct {
	sub   string // the subcommand, found as the first word equal to it
	pairs bool   // its operands are NAME=VALUE (else NAME VALUE)
	path  string // the socket the setting travels through ("" none known: a Mach port)
	user  string // the socket with --user
}

var envStores = &lazy.Value[map[string]envStore]{New: func() map[string]envStore {
	return map[string]envStore{
		"systemctl": {sub: "set-environment", pairs: true, path: "/run/systemd/private", user: "/run/user/$UID/systemd/private"},
		// the session bus (and with --systemd the user manager)
		"dbus-update-activation-environment": {pairs: true, path: "/run/user/$UID/bus"},
		"launchctl":                          {sub: "setenv"},
	}
}}

// envStoreSets judges the variables c sets in a long-lived process.
func (c *cmd) envStoreSets() error {
	st, ok := envStores.Get()[c.name]
	if !ok {
		return nil
	}
	from := 0
	if st.sub != "" {
		from = -1
		for i := range c.args {
			if !c.args[i].dyn && c.s(i) == st.sub {
				from = i + 1
				break
			}
		}
		if from < 0 {
			return nil
		}
	}
	path := st.path
	if st.user != "" && c.hasArg("--user") {
		path = st.user
	}
	via := strings.TrimSpace(c.name + " " + st.sub)
	for i := from; i < len(c.args); i++ {
		f := c.args[i]
		if strings.HasPrefix(f.s, "-") && !f.dyn {
			continue
		}
		if !st.pairs {
			if i+1 >= len(c.args) {
				return nil
			}
			c.skip[i], c.skip[i+1] = true, true
			if err := c.envStoreSet(f, c.args[i+1], via, path); err != nil {
				return err
			}
			return nil // launchctl setenv NAME VALUE: one pair
		}
		n, v, eq := strings.Cut(f.s, "=")
		if !eq {
			continue // a name copied from the caller (envpass.go)
		}
		c.skip[i] = true
		if err := c.envStoreSet(field{s: n, dyn: f.dyn}, field{s: v, dyn: f.dyn}, via, path); err != nil {
			return err
		}
	}
	return nil
}

// envStoreSet judges name=val set in a long-lived process's environment,
// told through path.
func (c *cmd) envStoreSet(name, val field, via, path string) error {
	if name.dyn {
		c.opaque(via + " sets a variable not known statically in an environment later programs inherit")
		if path != "" {
			c.write(field{s: path}, via+" of a variable not known statically")
		}
		return nil
	}
	if envCarriesCode(name.s) {
		c.opaque(via + " stores " + name.s + " in an environment the programs it starts later inherit, outside any hooked call")
		if path != "" {
			c.write(field{s: path}, via+": "+name.s+" in the environment of every program it starts later")
		}
	}
	return c.a.dangerousEnv(c.sc, c.name, name.s, val.s, !val.dyn)
}
