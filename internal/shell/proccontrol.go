package shell

import "strings"

// Commands that act on a running process (its limits, priority, CPUs,
// memory or system calls) rather than run a program: prlimit --pid,
// renice, taskset -p, ionice -p, chrt -p, strace/ltrace -p, gcore. A pid
// the line gives is the policy's to judge (it knows Mandate's processes);
// which process a $(pgrep …) names is known only at run time, and it may
// be Mandate's own: opaque.

// processControl reports a command that acts on running processes.
func (c *cmd) processControl() {
	has := func(opts ...string) bool {
		for _, f := range c.args {
			k, _, _ := strings.Cut(f.s, "=")
			for _, o := range opts {
				if k == o || len(o) == 2 && strings.HasPrefix(k, o) && !strings.HasPrefix(k, "--") {
					return true
				}
			}
		}
		return false
	}
	act := false
	switch c.name {
	case "renice", "gcore", "criu", "reptyr", "gdbserver", "pmap", "pidstat":
		act = c.name != "pmap" && c.name != "pidstat"
	case "prlimit":
		act = has("-p", "--pid")
	case "taskset", "chrt":
		act = has("-p", "--pid", "-a", "--all-tasks")
	case "ionice":
		act = has("-p", "--pid", "-P", "--pgid", "-u", "--uid")
	case "strace", "ltrace", "perf", "bpftrace", "ptrace":
		act = has("-p", "--pid", "--attach")
	}
	// a pid the line names is judged by the policy (it knows Mandate's
	// processes); one not known statically ($(pgrep …)) may be any
	dyn := false
	for _, f := range c.args {
		dyn = dyn || f.dyn
	}
	if act && dyn {
		c.opaque(c.name + " acts on a running process not known statically, which may be Mandate's")
	}
}
