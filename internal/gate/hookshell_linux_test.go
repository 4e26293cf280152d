package gate

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// pastHookShells walks from a hook's parent past a shell that only runs
// the hook to the agent (this test process), and stops at a shell that
// runs more, which then stands for the agent and matches none.
func TestPastHookShells(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mandate"), []byte("#!/bin/sh\nsleep 5\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cmd       string
		walksPast bool
	}{
		{"mandate hook claude", true},
		{"mandate hook claude; true", false},
		{"true; mandate hook claude", false},
	} {
		sh := exec.Command("/bin/sh", "-c", tc.cmd)
		sh.Env = []string{"PATH=" + dir + ":/usr/bin:/bin"}
		if err := sh.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		agent, top := pastHookShells(sh.Process.Pid)
		sh.Process.Kill()
		sh.Wait()
		want, wantTop := sh.Process.Pid, 0
		if tc.walksPast {
			want, wantTop = os.Getpid(), sh.Process.Pid
		}
		if agent != want || top != wantTop {
			t.Errorf("sh -c %q: agent %d, top %d; want %d, %d (this process %d)", tc.cmd, agent, top, want, wantTop, os.Getpid())
		}
	}
}
