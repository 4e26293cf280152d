package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// A file tool runs in the agent's own process, and an MCP tool in its
// server's, not in a process whose working directory is the action's
// cwd: Claude Code reports as cwd the directory its Bash tool last cd'ed
// to, while Read and Grep run in its process, whose working directory is
// still the one it was started in; an IDE's agent runs wherever the IDE
// was started. So the links of that process's own /proc entry (/proc/self,
// /proc/thread-self, /proc/self/task/N, /dev/fd, /dev/stdin) name things
// Mandate cannot know for sure when such a tool is handed them:
//
//   - its cwd is judged as every directory it may be (the action's cwd,
//     each directory above it, the repository root), and, since the
//     process may have been started anywhere else, it asks (deny at
//     read_only);
//   - an open file of its (fd/N) is whatever the process opened: it asks
//     (deny at read_only), and is not judged by what the number is open on
//     in Mandate's own process;
//   - its root is "/" (kernelPath), and its other entries (environ, maps,
//     exe) are judged by name.
//
// A command's /proc/self is the command's own process, whose working
// directory is the action's cwd: kernelPath maps it so, and exec actions
// are not read here.

// procSelfEntry splits a path into the name of its process's own /proc
// entry (cwd, root, fd, exe, environ, …) and what follows it, when the
// path goes through one: /proc/self/NAME, /proc/thread-self/NAME,
// /proc/self/task/TID/NAME, /dev/fd/REST (fd/REST), /dev/stdin, stdout
// and stderr (fd/0, 1, 2). The directories on the way are real ones, so
// ".." among them is lexical ("/proc/self/task/1/../../cwd",
// "/dev/fd/../cwd" and "/proc/self/../self/cwd" are the cwd); after a
// link (cwd, root, exe, fd/N) it is kept in tail, for the kernel to apply
// after the link. "." components and repeated slashes are dropped. A path
// that reaches no entry of the process's own (another /proc/PID, /proc
// itself, /dev/null) is not one.
func procSelfEntry(p string) (name, tail string, ok bool) {
	if !strings.Contains(p, "/proc") && !strings.Contains(p, "/dev") {
		return "", "", false
	}
	// st is the directory reached, from "/": "$pid" stands for the
	// process's own /proc/PID, "$tid" for one of its threads. Only its
	// first levels matter; below them only the depth is kept (no
	// allocation for an ordinary path).
	var st selfStack
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
			st.set("proc", "$pid", "fd", "")
			continue
		case n == 1 && st.s[0] == "dev" && stdFd(c) != "":
			st.set("proc", "$pid", "fd", stdFd(c))
		case n == 1 && st.s[0] == "proc" && c == "self":
			st.push("$pid")
			continue
		case n == 1 && st.s[0] == "proc" && c == "thread-self":
			st.set("proc", "$pid", "task", "$tid")
			continue
		case n == 3 && st.s[1] == "$pid" && st.s[2] == "task" && isDigits(c):
			st.push("$tid")
			continue
		default:
			st.push(c)
		}
		if lo, hi, ok := st.self(); ok && (hi-lo == 1 && selfLink(st.s[lo]) || hi-lo == 2 && st.s[lo] == "fd" && isDigits(st.s[lo+1])) {
			// A link of the process: what follows is the kernel's.
			parts := append([]string{}, st.s[lo+1:hi]...)
			for _, r := range strings.Split(rest, "/") {
				if r != "" && r != "." {
					parts = append(parts, r)
				}
			}
			return st.s[lo], strings.Join(parts, "/"), true
		}
	}
	if lo, hi, ok := st.self(); ok && hi > lo {
		return st.s[lo], strings.Join(st.s[lo+1:hi], "/"), true
	}
	return "", "", false
}

// selfDepth is how many levels of a path procSelfEntry keeps: /proc,
// the process, task, the thread, fd, the number, and one more.
const selfDepth = 7

// selfStack is a directory as procSelfEntry walks it: its first
// selfDepth components and its depth n.
type selfStack struct {
	s [selfDepth]string
	n int
}

func (st *selfStack) push(c string) {
	if st.n < selfDepth {
		st.s[st.n] = c
	}
	st.n++
}

func (st *selfStack) pop() {
	if st.n > 0 {
		st.n--
	}
}

// set makes the directory the first of cs that are not "".
func (st *selfStack) set(cs ...string) {
	st.n = 0
	for _, c := range cs {
		if c != "" {
			st.push(c)
		}
	}
}

// self reports the components of st below the process's own /proc entry
// (or below one of its threads'): st.s[lo:hi].
func (st *selfStack) self() (lo, hi int, ok bool) {
	if st.n > selfDepth || st.n < 2 || st.s[0] != "proc" || st.s[1] != "$pid" {
		return 0, 0, false
	}
	lo, hi = 2, st.n
	if hi >= 4 && st.s[2] == "task" && st.s[3] == "$tid" {
		lo = 4
	}
	return lo, hi, true
}

// selfLink reports the entries of a process's /proc directory that are
// symbolic links into the file system.
func selfLink(name string) bool { return name == "cwd" || name == "root" || name == "exe" }

// stdFd is the descriptor /dev/stdin, stdout and stderr link to.
func stdFd(name string) string {
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

// processPaths returns the paths an agent's file tool (or an MCP server)
// given p may reach, when p goes through its process's own /proc entry
// (ok; otherwise p alone is meant): p itself and, for the process's
// working directory, every directory that may be; it records the ask when
// the target cannot be known for sure (see above). An fd link gives no
// path: what it is open on in Mandate's own process says nothing of the
// agent's.
func (ev *evaluation) processPaths(p string) ([]string, bool) {
	name, tail, ok := procSelfEntry(p)
	if !ok {
		return nil, false
	}
	switch {
	case name == "cwd":
		out := []string{p}
		for _, dir := range ev.processCwds() {
			q := dir
			if tail != "" {
				q = strings.TrimSuffix(dir, "/") + "/" + tail
			}
			out = append(out, q)
		}
		ev.processUnknown(p, fmt.Sprintf("%q goes through the working directory of the agent's process (or the MCP server's), which need not be the directory the agent reports (%s) and cannot be known for sure; judged as each directory it may be", oneLine(p, 120), ev.cwd))
		return out, true
	case name == "fd" && tail != "" && isDigits(strings.SplitN(tail, "/", 2)[0]):
		ev.processUnknown(p, fmt.Sprintf("%q is a file the agent's process (or the MCP server) holds open, which Mandate cannot know", oneLine(p, 120)))
		return nil, true
	}
	return nil, false
}

// processCwds are the directories an agent's process may run in, as far
// as Mandate can tell: the cwd it reports and every directory above it
// (where it was started, if it has cd'ed since; an agent keeps its shell
// below its start directory), and the repository root.
func (ev *evaluation) processCwds() []string {
	var out []string
	for d := ev.cwd; d != ""; {
		out = append(out, d)
		up := path.Dir(d)
		if up == d || !path.IsAbs(d) {
			break
		}
		d = up
	}
	if ev.root != "" && !strings.HasPrefix(ev.cwd+"/", ev.root+"/") {
		out = append(out, ev.root)
	}
	return out
}

// processUnknown records what a link of the agent's process leaves
// unknown: ask, deny at read_only.
func (ev *evaluation) processUnknown(subject, why string) {
	if ev.trust == action.ReadOnly {
		ev.deny(groupAnalysis, "agent-process-link", subject, why+" (trust level read_only)")
		return
	}
	ev.builtin(groupAnalysis, Ask, "agent-process-link", subject, why)
}
