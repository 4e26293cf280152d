package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Variables passed on by name: a container runtime's -e NAME (no "="),
// systemd-run -E NAME, ssh -o SendEnv=NAME copy the caller's value of
// NAME into another process, container, service or host, which can then
// print it — a reference to NAME, as $NAME is. Programs that copy the
// whole environment into a service manager's (dbus-update-activation-
// environment --all, systemctl import-environment with no names), where
// every service started later sees it, dump it. As data: which
// subcommands take the options, which options pass a name, which pass
// everything, and the options that take no value (any other option is
// taken to take one, so that an unknown flag makes the scan read on,
// never stop early).

type envPasser struct {
	// subs are the subcommands after which the options apply ("run
	// create exec"), found as the first such word (docker container
	// run, docker compose -f x.yml run). Empty: the options follow the
	// program name.
	subs string
	// env: options whose value NAME, without "=", passes the caller's
	// NAME; NAME* (podman) passes every variable starting with NAME.
	env string
	// all: options that pass the whole environment.
	all string
	// flags: long options taking no value; shortFlags: short letters
	// taking no value (the others take one).
	flags, shortFlags string
	// interspersed: options may follow operands (kubectl's pflag);
	// otherwise the first operand (the image, the command) ends them.
	interspersed bool
}

const containerFlags = "--rm --detach --interactive --tty --privileged --read-only --init --publish-all " +
	"--no-healthcheck --oom-kill-disable --sig-proxy --disable-content-trust --quiet --help --use-api-socket " +
	"--env-host --http-proxy --no-hosts --replace --rmi --read-only-tmpfs --passwd --no-deps --service-ports " +
	"--use-aliases --build --remove-orphans --no-TTY --quiet-pull --dry-run --tls-verify --debug --tls --tlsverify"

var containerPasser = envPasser{subs: "run create exec", env: "-e --env", all: "--env-host",
	flags: containerFlags, shortFlags: "ditPqT"}

var envPassers = &lazy.Value[map[string]envPasser]{New: func() map[string]envPasser {
	return map[string]envPasser{
		"docker": containerPasser, "podman": containerPasser, "nerdctl": containerPasser, "finch": containerPasser,
		"docker-compose": containerPasser, "podman-compose": containerPasser,
		"kubectl": {subs: "run", env: "--env", interspersed: true},
		"systemd-run": {env: "-E --setenv", flags: "--user --system --scope --remain-after-exit --send-sighup --same-dir " +
			"--pty --pipe --quiet --collect --wait --no-block --no-ask-password --shell --verbose --slice-inherit",
			shortFlags: "rdtPqGSv"},
	}
}}

// envPass reports the variables c passes on by name, and the whole
// environment copied into a service manager's.
func (c *cmd) envPass() {
	switch c.name {
	case "dbus-update-activation-environment":
		// NAME… or NAME=VALUE…; --all copies everything
		for i := range c.args {
			s := c.s(i)
			switch {
			case s == "--all":
				c.a.res.EnvDump = true
			case !strings.HasPrefix(s, "-") && !strings.Contains(s, "="):
				c.a.envRef(c.sc, s)
			}
		}
		return
	case "systemctl":
		// systemctl [--user] import-environment [NAME…]: no names (or a
		// glob) copies everything
		at := -1
		for i := range c.args {
			if c.s(i) == "import-environment" {
				at = i
				break
			}
		}
		if at < 0 {
			return
		}
		names := 0
		for _, f := range c.args[at+1:] {
			if strings.HasPrefix(f.s, "-") {
				continue
			}
			names++
			c.passName(f)
		}
		if names == 0 {
			c.a.res.EnvDump = true
		}
		return
	case "ssh", "autossh", "scp", "sftp", "rsync":
		c.sshSendEnv()
		return
	}
	ep, ok := envPassers.Get()[c.name]
	if !ok {
		return
	}
	i := 0
	if ep.subs != "" {
		i = -1
		for k := range c.args {
			s := c.s(k)
			if s == "--" {
				break
			}
			if inFields(ep.subs, s) {
				i = k + 1
				break
			}
		}
		if i < 0 {
			return
		}
	}
	for ; i < len(c.args); i++ {
		f := c.args[i]
		s := f.s
		if s == "--" {
			return
		}
		if !strings.HasPrefix(s, "-") || s == "-" {
			if ep.interspersed {
				continue
			}
			return // the image, the container, the command
		}
		if strings.HasPrefix(s, "--") {
			name, val, eq := strings.Cut(s, "=")
			switch {
			case inFields(ep.all, name):
				c.a.res.EnvDump = true
			case inFields(ep.env, name) && eq:
				v := f
				v.s = val
				c.passName(v)
			case inFields(ep.env, name) && i+1 < len(c.args):
				i++
				c.passName(c.args[i])
			case eq || inFields(ep.flags, name):
			default:
				i++ // its value
			}
			continue
		}
		for j := 1; j < len(s); j++ {
			if strings.IndexByte(ep.shortFlags, s[j]) >= 0 {
				continue
			}
			// a short option taking a value: the rest of the word, or the next
			var v field
			if j+1 < len(s) {
				v = f
				v.s = strings.TrimPrefix(s[j+1:], "=")
			} else if i+1 < len(c.args) {
				i++
				v = c.args[i]
			}
			if inFields(ep.env, shortOpt(s[j])) {
				c.passName(v)
			}
			break
		}
	}
}

// passName reports the variable an option passes by name: NAME without a
// value is the caller's NAME; NAME* (podman, systemctl's globs) is every
// variable it matches, which the analysis cannot list: a dump.
func (c *cmd) passName(f field) {
	if f.dyn {
		if !strings.Contains(f.s, "=") {
			c.opaque("passes an environment variable whose name is not known statically: " + clip(f.s))
		}
		return
	}
	name := f.s
	if strings.Contains(name, "=") {
		return // NAME=VALUE: its own value (a $REF in it is read where it expands)
	}
	if strings.ContainsAny(name, "*?[") {
		c.a.res.EnvDump = true
		return
	}
	c.a.envRef(c.sc, name)
}

// sshSendEnv reports the variables ssh -o SendEnv=NAMES sends to the
// remote host (names and patterns, separated by spaces or commas).
func (c *cmd) sshSendEnv() {
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		var v field
		switch {
		case s == "-o" && i+1 < len(c.args):
			i++
			v = c.args[i]
		case strings.HasPrefix(s, "-o") && len(s) > 2:
			v = c.args[i]
			v.s = s[2:]
		default:
			continue
		}
		k, rest, ok := strings.Cut(strings.TrimSpace(v.s), "=")
		if !ok {
			k, rest, ok = strings.Cut(strings.TrimSpace(v.s), " ")
		}
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "SendEnv") {
			continue
		}
		for _, n := range strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
			if strings.HasPrefix(n, "-") {
				continue // SendEnv -NAME removes a name sent
			}
			c.passName(field{s: n, dyn: v.dyn})
		}
	}
}

// inFields reports whether s is one of the space-separated words of list.
func inFields(list, s string) bool {
	for list != "" {
		var w string
		w, list, _ = strings.Cut(list, " ")
		if w == s && w != "" {
			return true
		}
	}
	return false
}
