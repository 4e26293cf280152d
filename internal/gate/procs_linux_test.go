package gate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Procs: a running Mandate binary is found by the file it runs (device and
// inode), under whatever name it was started.
func TestMandateProcs(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mandate-engine")
	b, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	alias := filepath.Join(dir, "innocent")
	if err := os.Link(bin, alias); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(alias, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, p := range mandateProcs([]string{bin}) {
			if p.Pid == cmd.Process.Pid {
				// The child shares the test's process group and session.
				// A session led from outside this PID namespace (a
				// container's) reads as 0, so the session is compared
				// with the test's own rather than with zero.
				if len(p.Cmdline) != 2 || p.Cmdline[1] != "30" || p.Uid != os.Getuid() || p.Pgid != syscall.Getpgrp() || p.Sid != selfSid(t) {
					t.Fatalf("process: %+v", p)
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("process %d running %s not found", cmd.Process.Pid, alias)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// selfSid reads the test process's session from /proc/self/stat, field 6.
func selfSid(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	sid, err := strconv.Atoi(f[3])
	if err != nil {
		t.Fatal(err)
	}
	return sid
}

// procStart reads this process's start time from /proc: after boot and
// no later than now, within the second btime is given to.
func TestProcStartIsThisProcesssStart(t *testing.T) {
	st := procStart(os.Getpid())
	if st.IsZero() {
		t.Fatal("procStart of this process: unknown")
	}
	if now := time.Now(); st.After(now.Add(2*time.Second)) || now.Sub(st) > 24*time.Hour {
		t.Fatalf("procStart of this process: %v, now %v", st, now)
	}
	if !procStart(-1).IsZero() {
		t.Fatal("procStart of no process: known")
	}
}
