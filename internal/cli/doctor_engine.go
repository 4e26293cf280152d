package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/front"
	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/install"
	"github.com/mandate-dev/mandate/internal/resident"
)

// engineStatus looks at the resident engine of env's state directory: is
// it off, running (a process of this user running this binary holds its
// lock), or did its last start fail.
func engineStatus(env *Env, self string) *install.EngineStatus {
	dir, err := gate.StateDir(env.Getenv)
	if err != nil {
		return nil
	}
	st := &install.EngineStatus{StateDir: dir, Off: env.Getenv("MANDATE_RESIDENT") == "off"}
	if fi, err := os.Stat(filepath.Join(dir, serveFailed)); err == nil && env.Now().Sub(fi.ModTime()) < front.FailedBackoff {
		b, _ := os.ReadFile(filepath.Join(dir, serveFailed))
		st.Failed = strings.TrimSpace(string(b))
		if st.Failed == "" {
			st.Failed = "unknown (see " + filepath.Join(dir, serveLog) + ")"
		}
	}
	st.Pid = enginePid(dir, self)
	st.Running = st.Pid > 0
	return st
}

// enginePid is the pid of the engine holding the state directory's lock
// (from /proc/locks) when that process is this user's and runs self, else
// 0. It does not connect: a probe would be logged as a bad request.
func enginePid(dir, self string) int {
	var want unix.Stat_t
	if unix.Stat(self, &want) != nil {
		return 0
	}
	for _, pid := range lockHolders(dir) {
		var peer unix.Stat_t
		if unix.Stat("/proc/"+strconv.Itoa(pid)+"/exe", &peer) == nil && peer.Dev == want.Dev && peer.Ino == want.Ino {
			return pid
		}
	}
	return 0
}

// lockHolders lists the processes of this user that hold the engine lock
// of state directory dir, read from /proc/locks.
func lockHolders(dir string) []int {
	var lock unix.Stat_t
	if unix.Stat(filepath.Join(dir, resident.LockName), &lock) != nil {
		return nil
	}
	locks, err := os.ReadFile("/proc/locks")
	if err != nil {
		return nil
	}
	// "1: FLOCK  ADVISORY  WRITE 1234 00:1f:5678 0 EOF": pid, then
	// major:minor:inode of the locked file.
	suffix := ":" + strconv.FormatUint(lock.Ino, 10)
	var out []int
	for _, line := range strings.Split(string(locks), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[1] != "FLOCK" || !strings.HasSuffix(f[5], suffix) {
			continue
		}
		pid, err := strconv.Atoi(f[4])
		if err != nil || pid <= 0 {
			continue
		}
		var st unix.Stat_t
		if unix.Stat("/proc/"+f[4], &st) == nil && st.Uid == uint32(os.Getuid()) {
			out = append(out, pid)
		}
	}
	return out
}

func printEngine(env *Env, st *install.EngineStatus) {
	if st == nil {
		return
	}
	w := env.Stdout
	switch {
	case st.Off:
		fmt.Fprintf(w, "\nresident engine: off (MANDATE_RESIDENT=off): every hook and check call runs mandate-engine in its own process\n")
	case st.Failed != "":
		fmt.Fprintf(w, "\nresident engine: WARNING its last start failed: %s\n", st.Failed)
		fmt.Fprintf(w, "          calls are decided in their own process (slower) until a start succeeds; see %s, or run mandate serve in the foreground\n", filepath.Join(st.StateDir, serveLog))
	case st.Running:
		fmt.Fprintf(w, "\nresident engine: running (pid %d) for %s\n", st.Pid, st.StateDir)
	default:
		fmt.Fprintf(w, "\nresident engine: not running for %s (the next hook or check call starts it)\n", st.StateDir)
	}
}
