package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
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
// Another process's entry (/proc/PID, /proc/PID/task/TID) is the same
// magic link for every process of the same user (the agent's own, its
// shell's: $PPID), verified for real: its root is "/" (kernelPath, as
// the shell analyser reads it), its cwd is a directory Mandate cannot
// know (judged as each directory the agent's may be, and asked: deny at
// read_only), an open or mapped file of it (fd/N, map_files/X) is asked
// (deny at read_only); never a harmless /proc path.
//
// A command's /proc/self is the command's own process, whose working
// directory is the action's cwd: kernelPath maps it so, and exec actions
// are not read here.

// procEntry is shell.ProcEntry: the process a path goes through (pid
// "self" for the process that opens it, or another's number), the entry's
// name and what follows it. The shell analyser's own walk (physical)
// reads /proc the same way.
func procEntry(p string) (pid, name, tail string, ok bool) { return shell.ProcEntry(p) }

// processPaths returns the paths an agent's file tool (or an MCP server)
// given p may reach, when p goes through its process's own /proc entry
// (ok; otherwise p alone is meant): p itself and, for the process's
// working directory, every directory that may be; it records the ask when
// the target cannot be known for sure (see above). An fd link gives no
// path: what it is open on in Mandate's own process says nothing of the
// agent's.
func (ev *evaluation) processPaths(p string) ([]string, bool) {
	pid, name, tail, ok := procEntry(p)
	if !ok {
		return nil, false
	}
	whose := "the agent's process (or the MCP server's)"
	if pid != "self" {
		whose = "process " + pid
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
		if pid == "self" {
			ev.processUnknown(p, fmt.Sprintf("%q goes through the working directory of %s, which need not be the directory the agent reports (%s) and cannot be known for sure; judged as each directory it may be", oneLine(p, 120), whose, ev.cwd))
		} else {
			ev.processUnknown(p, fmt.Sprintf("%q goes through the working directory of %s, which may be any directory and cannot be known for sure; judged as each directory the agent's may be", oneLine(p, 120), whose))
		}
		return out, true
	case name == "fd" && isDigits(firstComponent(tail)) || name == "map_files" && tail != "":
		ev.processUnknown(p, fmt.Sprintf("%q is a file %s holds open or mapped, which Mandate cannot know", oneLine(p, 120), whose))
		return nil, true
	}
	return nil, false
}

// firstComponent is p's first component.
func firstComponent(p string) string {
	c, _, _ := strings.Cut(p, "/")
	return c
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
