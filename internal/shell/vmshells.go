package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Virtual machines that share the host's files and run a command given on
// the line: podman machine mounts $HOME at the same path, vagrant syncs the
// project to /vagrant, minikube's VM drivers mount /home at /hosthome,
// lima, colima and OrbStack mount the home, multipass and WSL mount host
// directories. What the command does to those files is done to the host's,
// under names the analysis cannot map: it is opaque, and the command is
// analysed as shell code here too (its paths are often the host's own).

// vmShell is one such program: sub, the words of its subcommand; code,
// the options whose value is the command (vagrant ssh -c); name, an
// operand before the command names the machine (when more follow).
// vals, the program's options (global or the subcommand's) that take a
// value in the next word, so that the value is not read as the
// subcommand or the command (podman --log-level debug machine ssh,
// minikube -p prof ssh).
type vmShell struct {
	sub  string
	code string
	vals string
	name bool
	why  string
}

var vmShells = &lazy.Value[map[string][]vmShell]{New: func() map[string][]vmShell {
	home := "the machine mounts the host's home directory: the command reads and writes the host's files"
	podman := "--log-level --connection -c --identity --url --root --runroot --storage-driver --storage-opt " +
		"--cgroup-manager --conmon --events-backend --hooks-dir --imagestore --module --network-cmd-path " +
		"--network-config-dir --out --registries-conf --runtime --runtime-flag --ssh --tmpdir --volumepath --config " +
		"--username"
	minikube := "-p --profile -n --node --log_dir --log_file --v -v --vmodule --alsologtostderr --stderrthreshold " +
		"--rootless --user --skip-audit --native-ssh -i --identity"
	lima := "--log-level --log-format --tty --workdir --shell --preserve-env --debug"
	return map[string][]vmShell{
		"podman":    {{sub: "machine ssh", name: true, vals: podman, why: home}},
		"vagrant":   {{sub: "ssh", code: "-c --command", vals: "-c --command", why: "vagrant syncs the project directory into the machine (/vagrant): the command reads and writes the host's files"}},
		"minikube":  {{sub: "ssh", vals: minikube, why: "minikube's VM mounts the host's /home (/hosthome): the command reads and writes the host's files"}},
		"multipass": {{sub: "exec", name: true, vals: "-d --working-directory --verbosity", why: "multipass mounts host directories into the instance: the command may read and write the host's files"}},
		"limactl":   {{sub: "shell", name: true, vals: lima, why: home}},
		"lima":      {{vals: lima, why: home}},
		"colima":    {{sub: "ssh", vals: "-p --profile --layer", why: home}},
		"orb":       {{sub: "run", vals: "-m --machine -u --user -w --workdir -p --path", why: home}, {vals: "-m --machine -u --user -w --workdir -p --path", why: home}},
		"orbctl":    {{sub: "run", vals: "-m --machine -u --user -w --workdir -p --path", why: home}},
		"wsl":       {{code: "-e --exec", vals: "-d --distribution -u --user --cd --shell-type --distribution-id", why: "WSL mounts the Windows drives (/mnt/c): the command reads and writes the host's files"}},
	}
}}

// orbAdmin are orb's subcommands that run no command.
var orbAdmin = map[string]bool{"start": true, "stop": true, "restart": true, "status": true, "list": true, "ls": true, "create": true,
	"delete": true, "info": true, "config": true, "logs": true, "update": true, "version": true, "help": true, "default": true, "push": true, "pull": true}

// vmShellRun analyses the command a vmShells program runs, if any.
func (c *cmd) vmShellRun() error {
	if c.name == "machinectl" {
		return c.machineShell()
	}
	rows := vmShells.Get()[c.name]
	if len(rows) == 0 {
		return nil
	}
	// the operands (the words not options, nor their values), in order
	var ops []int
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case c.args[i].dyn || !strings.HasPrefix(s, "-"):
			ops = append(ops, i)
		case s == "--":
			i = len(c.args)
		case !strings.Contains(s, "=") && inFields(rows[0].vals, s):
			i++
		}
	}
	for _, r := range rows {
		sub := strings.Fields(r.sub)
		if len(ops) < len(sub) {
			continue
		}
		ok := true
		for j, w := range sub {
			if c.args[ops[j]].dyn || c.s(ops[j]) != w {
				ok = false
			}
		}
		if !ok || c.name == "orb" && r.sub == "" && len(ops) > 0 && orbAdmin[c.s(ops[0])] {
			continue
		}
		from := 0
		if len(sub) > 0 {
			from = ops[len(sub)-1] + 1
		}
		return c.vmCommand(r, from)
	}
	// no row matched: an option the table does not know may have taken
	// a word, or a word is not known statically; when the words could
	// still spell a subcommand that runs a command, the run is unknown
	for _, r := range rows {
		if c.mayHaveSub(strings.Fields(r.sub)) {
			c.opaque(c.name + " may run a command in a virtual machine (its options are not all known): " + r.why)
			return nil
		}
	}
	return nil
}

// mayHaveSub reports whether sub's words occur in order in c's words
// (or a word is not known statically).
func (c *cmd) mayHaveSub(sub []string) bool {
	j := 0
	for i := range c.args {
		if c.args[i].dyn {
			return true
		}
		if j < len(sub) && c.s(i) == sub[j] {
			j++
		}
	}
	return len(sub) > 0 && j == len(sub)
}

// vmCommand analyses c.args[from:] as the command of r.
func (c *cmd) vmCommand(r vmShell, from int) error {
	var code []field
	var rest []int
	dash := false
	for i := from; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case dash:
			rest = append(rest, i)
		case s == "--" && !c.args[i].dyn:
			dash = true
			c.skip[i] = true
		case r.code != "" && inFields(r.code, s) && i+1 < len(c.args):
			code = append(code, c.args[i+1])
			c.skip[i], c.skip[i+1] = true, true
			i++
		case r.code != "" && strings.HasPrefix(s, "-") && strings.Contains(s, "=") && inFields(r.code, s[:strings.IndexByte(s, '=')]):
			f := c.args[i] // --command=CODE
			f.s = s[strings.IndexByte(s, '=')+1:]
			code = append(code, f)
			c.skip[i] = true
		case inFields(r.vals, s) && !c.args[i].dyn && i+1 < len(c.args):
			i++ // an option's value
		case strings.HasPrefix(s, "-") && !c.args[i].dyn:
		default:
			rest = append(rest, i)
		}
	}
	if r.name && !dash && len(rest) > 1 {
		c.skip[rest[0]] = true
		rest = rest[1:] // the machine's name
	}
	if len(code) == 0 && len(rest) == 0 {
		// an interactive shell (terminal.go); fed standard input, it
		// runs the fed text in the machine (red-team round 14, #23)
		if c.stdinFed() {
			c.opaque(c.name + " runs the shell code its standard input is fed in a virtual machine: " + r.why)
			if text, known := c.fedText(); known {
				return c.code(field{s: text}, c.name, false) // as a command given on the line
			}
		}
		return nil
	}
	c.opaque(c.name + " runs a command in a virtual machine: " + r.why)
	for _, f := range code {
		if err := c.code(f, c.name, false); err != nil {
			return err
		}
	}
	if len(rest) > 0 {
		return c.joinedCode(rest, c.name)
	}
	return nil
}

// machineShell analyses machinectl shell [USER@]MACHINE [PROG ARGS…]: on
// the host (.host, or none) a login session of USER (root) runs PROG from
// that user's home (wrappers.go runInHome); in a container, what it runs
// there is opaque.
func (c *cmd) machineShell() error {
	o := c.parse(optSpec{short: "pMEH", long: []string{"--property", "--machine", "--setenv", "--host", "--uid"}, stopPos: true})
	if len(o.pos) < 3 || c.s(o.pos[0]) != "shell" {
		return nil
	}
	c.skip[o.pos[0]], c.skip[o.pos[1]] = true, true
	t := c.args[o.pos[1]]
	user, host, at := strings.Cut(t.s, "@")
	if !at {
		user, host = "", t.s
	}
	if t.dyn || host != ".host" && host != "" {
		c.opaque("machinectl shell runs a command in another machine")
		return nil
	}
	var u *field
	if user != "" {
		u = &field{s: user}
	}
	if v := lastValue(o.values("--uid")); v != nil {
		u = v
	}
	c.runInHome(u)
	return c.wrap(o.pos[2], "machinectl shell")
}
