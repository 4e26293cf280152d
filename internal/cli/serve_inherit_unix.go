//go:build unix

package cli

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// inheritedLimits are the resource limits an engine started on demand
// raises from what its starter set (soft to hard): whoever starts the
// engine may be an agent's `ulimit -f 1; mandate check …`, and the engine
// then serves every later call (red-team round 21 #41).
var inheritedLimits = []struct {
	res   int
	name  string
	floor uint64 // the hard limit below which the engine does not serve (0: none)
}{
	{unix.RLIMIT_FSIZE, "file size (ulimit -f)", 1 << 30},
	{unix.RLIMIT_NOFILE, "open files (ulimit -n)", 256},
	{unix.RLIMIT_CPU, "CPU time (ulimit -t)", 0},
	{unix.RLIMIT_DATA, "data size (ulimit -d)", 0},
	{unix.RLIMIT_AS, "address space (ulimit -v)", 0},
	{unix.RLIMIT_NPROC, "processes (ulimit -u)", 0},
}

// normaliseInherited undoes what an engine started on demand inherited
// from its starter and can undo: the umask (077: its files are private),
// soft resource limits below the hard ones, a raised nice value (lowered
// back to 0 when permitted), and the working directory (/). It fails when
// a hard limit is below what the engine needs to serve: the calls are
// then decided in-process, under their own limits, and the next call
// from elsewhere starts an engine. What it cannot undo — namespaces, root
// directory, cgroup, seccomp or Landlock — every call checks instead: the
// front uses an engine only in its own execution context, and the engine
// answers only peers in its own (internal/resident).
func normaliseInherited() error {
	unix.Umask(0o077)
	for _, l := range inheritedLimits {
		var r unix.Rlimit
		if unix.Getrlimit(l.res, &r) != nil {
			continue
		}
		if r.Cur < r.Max {
			r.Cur = r.Max
			_ = unix.Setrlimit(l.res, &r)
		}
		if l.floor > 0 && r.Max != unix.RLIM_INFINITY && r.Max < l.floor {
			return fmt.Errorf("the hard limit on %s is %d, below the %d an engine needs: not serving (calls are decided in-process)", l.name, r.Max, l.floor)
		}
	}
	resetNice()
	return os.Chdir("/")
}

// resetNice sets the nice value back to 0, where permitted (lowering it
// needs CAP_SYS_NICE or RLIMIT_NICE). On Linux a nice value is per
// thread, and the runtime's threads already run: each is set (threads
// made later inherit from one of them); elsewhere it is per process.
func resetNice() {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		_ = unix.Setpriority(unix.PRIO_PROCESS, 0, 0)
		return
	}
	for _, t := range tasks {
		if tid, err := strconv.Atoi(t.Name()); err == nil {
			_ = unix.Setpriority(unix.PRIO_PROCESS, tid, 0)
		}
	}
}
