package shell

import "strings"

// The kernel's links of a process, as a path names them. physical (the
// shell's own walk, procpath.go) also tracks the descriptors the line
// opens; ProcEntry is the walk without a line, for the agents' file and
// search tools and the MCP servers (policy's kernelPath and
// processPaths). Both read a process the same way: /proc/self,
// /proc/thread-self, /dev/fd and /dev/std* are the process's own entry;
// /proc/PID (a number) and /proc/PID/task/TID are another process's; its
// root, cwd and exe are links into the file system, fd/N and map_files/X
// links to files it holds.

// ProcEntry splits a path into the /proc entry of a process it goes
// through (pid "self" for the process that opens the path, otherwise the
// number), the entry's name (cwd, root, fd, exe, environ, map_files, …)
// and what follows it: /proc/self/NAME, /proc/thread-self/NAME,
// /proc/PID/NAME, /proc/PID/task/TID/NAME (and self's), /dev/fd/REST
// (self's fd/REST), /dev/stdin, stdout and stderr (self's fd/0, 1, 2).
// The directories on the way are real ones, so ".." among them is lexical
// ("/proc/self/task/1/../../cwd", "/dev/fd/../cwd" and
// "/proc/self/../self/cwd" are self's cwd); after a link (cwd, root, exe,
// fd/N, map_files/X) it is kept in tail, for the kernel to apply after
// the link. "." components and repeated slashes are dropped. A path that
// reaches no process's entry (/proc itself, /proc/sys, /dev/null) is not
// one.
func ProcEntry(p string) (pid, name, tail string, ok bool) {
	if !strings.Contains(p, "/proc") && !strings.Contains(p, "/dev") {
		return "", "", "", false
	}
	// st is the directory reached, from "/": "$self" stands for the
	// process's own /proc/PID, a number for another's, "$tid" for one of
	// its threads. Only its first levels matter; below them only the depth
	// is kept (no allocation for an ordinary path).
	var st procStack
	for rest := p; rest != ""; {
		var c string
		c, rest, _ = strings.Cut(rest, "/")
		if c == "" || c == "." {
			continue
		}
		if c == ".." {
			st.pop()
			continue
		}
		switch n := st.n; {
		case n == 1 && st.s[0] == "dev" && c == "fd":
			st.set("proc", "$self", "fd", "")
			continue
		case n == 1 && st.s[0] == "dev" && stdFdNumber(c) != "":
			st.set("proc", "$self", "fd", stdFdNumber(c))
		case n == 1 && st.s[0] == "proc" && c == "self":
			st.push("$self")
			continue
		case n == 1 && st.s[0] == "proc" && c == "thread-self":
			st.set("proc", "$self", "task", "$tid")
			continue
		case n == 3 && procPid(st.s[1]) && st.s[2] == "task" && allDigits(c):
			st.push("$tid")
			continue
		default:
			st.push(c)
		}
		if lo, hi, ok := st.entry(); ok && (hi-lo == 1 && ProcLink(st.s[lo]) || hi-lo == 2 && procHeld(st.s[lo], st.s[lo+1])) {
			// A link of the process: what follows is the kernel's.
			parts := append([]string{}, st.s[lo+1:hi]...)
			for _, r := range strings.Split(rest, "/") {
				if r != "" && r != "." {
					parts = append(parts, r)
				}
			}
			return st.pid(), st.s[lo], strings.Join(parts, "/"), true
		}
	}
	if lo, hi, ok := st.entry(); ok && hi > lo {
		return st.pid(), st.s[lo], strings.Join(st.s[lo+1:hi], "/"), true
	}
	return "", "", "", false
}

// ProcLink reports the entries of a process's /proc directory that are
// symbolic links into the file system.
func ProcLink(name string) bool { return name == "cwd" || name == "root" || name == "exe" }

// procHeld reports a link to a file the process holds: fd/N, and
// map_files/RANGE (a file it has mapped).
func procHeld(dir, name string) bool {
	return dir == "fd" && allDigits(name) || dir == "map_files" && name != ""
}

// procPid reports a process component of the walk: "$self" or a number.
func procPid(c string) bool { return c == "$self" || allDigits(c) }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// stdFdNumber is the descriptor /dev/stdin, stdout and stderr link to.
func stdFdNumber(name string) string {
	switch name {
	case "stdin":
		return "0"
	case "stdout":
		return "1"
	case "stderr":
		return "2"
	}
	return ""
}

// procDepth is how many levels of a path ProcEntry keeps: /proc, the
// process, task, the thread, fd, the number, and one more.
const procDepth = 7

// procStack is a directory as ProcEntry walks it: its first procDepth
// components and its depth n.
type procStack struct {
	s [procDepth]string
	n int
}

func (st *procStack) push(c string) {
	if st.n < procDepth {
		st.s[st.n] = c
	}
	st.n++
}

func (st *procStack) pop() {
	if st.n > 0 {
		st.n--
	}
}

// set makes the directory the first of cs that are not "".
func (st *procStack) set(cs ...string) {
	st.n = 0
	for _, c := range cs {
		if c != "" {
			st.push(c)
		}
	}
}

// entry reports the components of st below a process's /proc entry (or
// below one of its threads'): st.s[lo:hi].
func (st *procStack) entry() (lo, hi int, ok bool) {
	if st.n > procDepth || st.n < 2 || st.s[0] != "proc" || !procPid(st.s[1]) {
		return 0, 0, false
	}
	lo, hi = 2, st.n
	if hi >= 4 && st.s[2] == "task" && st.s[3] == "$tid" {
		lo = 4
	}
	return lo, hi, true
}

// pid is the process st is in: "self" or its number.
func (st *procStack) pid() string {
	if st.s[1] == "$self" {
		return "self"
	}
	return st.s[1]
}
