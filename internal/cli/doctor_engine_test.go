//go:build linux

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/resident"
)

// Doctor reports the resident engine: not running, running (the process
// holding the state directory's lock runs this binary), off, or failed to
// start recently (an old failure is no longer reported: the front retries).
func TestEngineStatus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	vars := map[string]string{"MANDATE_HOME": dir}
	env := &Env{Getenv: func(k string) string { return vars[k] }, Now: func() time.Time { return now }}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	show := func() string {
		var b bytes.Buffer
		env.Stdout = &b
		printEngine(env, engineStatus(env, self))
		return b.String()
	}
	if got := show(); !strings.Contains(got, "not running") {
		t.Errorf("no engine: %q", got)
	}

	// This test process, holding the lock, is an engine running self.
	lock, err := os.OpenFile(filepath.Join(dir, resident.LockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if st := engineStatus(env, self); !st.Running || st.Pid != os.Getpid() {
		t.Errorf("lock held by this process: %+v", st)
	}
	if st := engineStatus(env, "/bin/sh"); st.Running {
		t.Errorf("a lock holder running another binary counts as the engine: %+v", st)
	}
	unix.Flock(int(lock.Fd()), unix.LOCK_UN)

	failed := filepath.Join(dir, hookwire.FailedName)
	if err := os.WriteFile(failed, []byte("resident: state directory is accessible to other users\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := show(); !strings.Contains(got, "WARNING its last start failed: resident: state directory is accessible") {
		t.Errorf("recent failure: %q", got)
	}
	now = now.Add(hookwire.FailedBackoff + time.Minute)
	if got := show(); !strings.Contains(got, "not running") {
		t.Errorf("old failure still reported: %q", got)
	}
	vars["MANDATE_RESIDENT"] = "off"
	if got := show(); !strings.Contains(got, "off (MANDATE_RESIDENT=off)") {
		t.Errorf("off: %q", got)
	}
}
