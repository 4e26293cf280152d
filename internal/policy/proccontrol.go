package policy

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Process control other than signals. Changing the limits, priority, I/O
// class or CPUs of Mandate's processes (prlimit --pid, renice, ionice -p,
// taskset -p, chrt -p, cpulimit -p) can starve the engine of file
// descriptors or time and so stall or break every decision; a target not
// known before the line runs ($(pgrep mandate)) could be Mandate's, and
// a user's processes include Mandate's. Read as signals are (signals.go).
//
// Reading what Mandate's processes hold open is reading its state:
// /proc/PID/fd/N opens the file descriptor N is open on (the evidence
// log, the signing key), /proc/PID/fd and fdinfo list them, mem, maps and
// map_files reach its memory. A /proc path whose process is a glob, not
// known statically or one of Mandate's (Options.Procs) is denied; the
// agent's own (self, thread-self, a pid not Mandate's) is not.

func (ev *evaluation) procControlCmd(c *shell.Command) {
	var pids []string
	users := false
	switch c.Name {
	case "prlimit":
		opts, _ := parseOpts(c.Args, optSet{shortVal: "po", longVal: []string{"pid", "output"}})
		pids = optVals(opts, "-p", "--pid")
	case "renice":
		opts, pos := parseOpts(c.Args, optSet{shortVal: "n", longVal: []string{"priority", "relative"}})
		switch {
		case hasOpt(opts, "-u", "--user"):
			users = true
		case hasOpt(opts, "-g", "--pgrp"):
			for _, p := range pos {
				pids = append(pids, "-"+p)
			}
		default:
			pids = pos
		}
	case "ionice":
		opts, pos := parseOpts(c.Args, optSet{shortVal: "cn", longVal: []string{"class", "classdata"}, stopAtFirst: true})
		switch {
		case hasOpt(opts, "-u", "--uid"):
			users = true
		case hasOpt(opts, "-P", "--pgid"):
			for _, p := range pos {
				pids = append(pids, "-"+p)
			}
		case hasOpt(opts, "-p", "--pid"):
			pids = pos
		}
	case "taskset", "chrt":
		opts, pos := parseOpts(c.Args, optSet{stopAtFirst: true})
		if hasOpt(opts, "-p", "--pid") && len(pos) > 0 {
			pids = pos[len(pos)-1:]
		}
	case "cpulimit":
		opts, _ := parseOpts(c.Args, optSet{shortVal: "pelP", longVal: []string{"pid", "exe", "limit", "path"}})
		pids = optVals(opts, "-p", "--pid")
		for _, n := range optVals(opts, "-e", "--exe", "-P", "--path") {
			if dynamicWord(n) || ev.pidTarget(n, true) != "" || mandateNames.Get()[strings.TrimSuffix(n[strings.LastIndexByte(n, '/')+1:], "")] {
				ev.denySignal(c, "limits the program "+n+", which could be Mandate's")
				return
			}
		}
	default:
		return
	}
	if users {
		ev.denySignal(c, "changes every process of a user, Mandate's included")
		return
	}
	for _, p := range pids {
		for _, one := range strings.FieldsFunc(p, func(r rune) bool { return r == ',' }) {
			if w := ev.pidTarget(one, false); w != "" {
				ev.denySignal(c, "changes the limits or scheduling of "+strings.TrimPrefix(w, "signals "))
				return
			}
		}
	}
}

// procStateRead reports why reading t reaches into a Mandate process's
// open files or memory, or "".
func (ev *evaluation) procStateRead(t *target) string {
	if !strings.HasPrefix(t.abs, "/proc/") {
		return ""
	}
	segs := splitSegs(strings.TrimPrefix(t.abs, "/")) // as written: a dynamic pid keeps what follows it
	if len(segs) < 3 || segs[0] != "proc" {
		return ""
	}
	switch segs[2] {
	case "fd", "fdinfo", "map_files", "mem", "maps", "smaps", "pagemap", "root", "cwd":
	default:
		return ""
	}
	pid := segs[1]
	switch {
	case pid == "self" || pid == "thread-self":
		return ""
	case t.glob || dynamicWord(pid) || strings.ContainsAny(pid, "*?[") || pid == "**":
		return fmt.Sprintf("/proc/%s/%s of processes not known before the line runs, Mandate's among them", pid, segs[2])
	}
	if !isDigits(pid) {
		return ""
	}
	if w := ev.pidTarget(pid, false); w != "" {
		return fmt.Sprintf("/proc/%s/%s: %s", pid, segs[2], strings.TrimPrefix(w, "signals "))
	}
	return ""
}
