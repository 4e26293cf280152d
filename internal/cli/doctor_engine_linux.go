package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/resident"
)

// engineUnsupported is empty: Linux has the resident engine.
const engineUnsupported = ""

// platformLimits: none on Linux.
func platformLimits() []string { return nil }

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
