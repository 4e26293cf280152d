package policy

import "github.com/mandate-dev/mandate/internal/lazy"

// Programs that act on a running process named by its pid (red-team
// round 18 #61), other than the ones signals.go, sigservices.go and
// proccontrol.go read: profilers and tracers that attach to it (perf,
// bpftrace, py-spy, uftrace, the BCC tools), stack and memory dumpers
// (eu-stack, gstack, pmap, jstack, jmap), programs that change it (choom,
// schedtool) or enter its namespaces (nsenter), listers of its open
// files and state (lsof, pwdx, pidstat, top). A value of these options or
// operands that is Mandate's process, or not known before the line runs,
// is denied (livepids.go); any other program given a live Mandate pid in
// any word is caught by the structural check there.

// pidSpec says where a program takes pids.
type pidSpec struct {
	short    string   // short options whose value is a pid (or a comma list)
	long     []string // long options whose value is a pid, without "--"
	operands bool     // every operand may be a pid
}

var pidPrograms = &lazy.Value[map[string]pidSpec]{New: func() map[string]pidSpec {
	p := pidSpec{short: "p", long: []string{"pid"}}
	ops := pidSpec{operands: true}
	bcc := pidSpec{short: "p", long: []string{"pid"}}
	m := map[string]pidSpec{
		"perf":     {short: "pt", long: []string{"pid", "tid"}},
		"choom":    p,
		"lsof":     {short: "pg"},
		"eu-stack": p,
		"py-spy":   p,
		"rbspy":    p,
		"uftrace":  p,
		"bpftrace": {short: "p"},
		"dtrace":   {short: "p"},
		"pidstat":  {short: "p"},
		"top":      p,
		"htop":     p,
		"iotop":    p,
		"atop":     p,
		"nsenter":  {short: "t", long: []string{"target"}},
		"lsns":     {short: "p", long: []string{"task"}},
		"tail":     {long: []string{"pid"}},
		"pmap":     ops, "pwdx": ops, "gstack": ops, "pstack": ops,
		"jstack": ops, "jmap": ops, "jinfo": ops, "jcmd": ops, "jhsdb": {long: []string{"pid"}, operands: true},
		"pyrasite": ops, "memray": ops, "dlv": ops, "gdbserver": ops, "schedtool": ops,
		"vmmap": ops, "heap": ops, "leaks": ops, "sample": ops, "spindump": ops, "procstat": ops,
		"cgclassify": ops, "migratepages": ops,
	}
	for _, n := range []string{"opensnoop", "execsnoop", "trace", "funccount", "funclatency", "profile",
		"offcputime", "offwaketime", "wakeuptime", "stackcount", "memleak", "syscount", "argdist",
		"ustat", "uflow", "ucalls", "uobjnew", "filetop", "fileslower", "tcpconnect", "tcplife", "deadlock"} {
		m[n] = bcc
		m[n+"-bpfcc"] = bcc
		m[n+".bt"] = bcc
	}
	return m
}}

// pidListers only print what they are told about a process (its line in
// the process table, its pid): a live Mandate pid in their arguments is
// not an action on it.
var pidListers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"ps": true, "pgrep": true, "pidof": true, "pstree": true, "echo": true, "printf": true,
		"test": true, "[": true}
}}
