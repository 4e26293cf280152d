package policy

import "testing"

// TestProcessControl: changing the limits or scheduling of Mandate's
// processes, or reading their open files and memory through /proc, is
// denied like a signal (self-protection/process-control); the agent's own
// processes and others' are not Mandate's.
func TestProcessControl(t *testing.T) {
	p := mustParse(t, "policies: []").WithOptions(mandateFixture(t))
	const c, r, ok = "self-protection/process-control", "self-protection/state-read proc", "ordinary-process-control"
	runLines(t, p, "", []lineCase{
		{c, "prlimit --pid 4242 --nofile=0:0", Deny, "no-disable"},
		{c, "prlimit --pid $(pgrep -f mandate-engine) --nofile=0:0", Deny, "no-disable"},
		{c, "renice -n 19 -p $(pgrep mandate)", Deny, "no-disable"},
		{c, "renice -n 19 4242", Deny, "no-disable"},
		{c, "renice -n 19 -g 4990", Deny, "no-disable"},
		{c, "renice -n 5 -u dev", Deny, "no-disable"},
		{c, "ionice -c3 -p 5000", Deny, "no-disable"},
		{c, "taskset -p 0x1 4242", Deny, "no-disable"},
		{c, "chrt -p 0 4242", Deny, "no-disable"},
		{c, "cpulimit -l 1 -e mandate-engine", Deny, "no-disable"},
		{r, "ls -l /proc/*/fd/", Deny, "protected-read"},
		{r, "cat /proc/4242/fd/3", Deny, "protected-read"},
		{r, "cat /proc/$(pgrep mandate-engine)/mem", Deny, "protected-read"},
		{ok, "renice -n 5 -p 1234", Allow, ""},
		{ok, "ionice -c3 make", Allow, ""},
		{ok, "prlimit --nofile=100 make", Allow, ""},
		{ok, "cat /proc/self/maps", Allow, ""},
		{ok, "ls /proc/self/fd", Allow, ""},
		{ok, "cat /proc/1234/status", Allow, ""},
	})
}
