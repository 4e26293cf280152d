package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/resident"
)

// TestServeStatusStop runs an engine in this process, reports it, and
// stops it as `mandate serve stop` does (the signal is replaced by
// cancelling the engine: this test process is the engine).
func TestServeStatusStop(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	env, out, _ := testEnv(state, t.TempDir(), "")
	if code := run(t, env, "serve", "status"); code != ExitOK || !strings.Contains(out.String(), "not running for "+state) {
		t.Errorf("no engine: %d %s", code, out)
	}
	env, out, _ = testEnv(state, t.TempDir(), "")
	if code := run(t, env, "serve", "stop"); code != ExitOK || !strings.Contains(out.String(), "no resident engine") {
		t.Errorf("stop without an engine: %d %s", code, out)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int)
	go func() {
		e, _, _ := testEnv(state, t.TempDir(), "")
		done <- runServe(ctx, e, time.Hour, false, evidence.CheckpointBound{})
	}()
	for i := 0; ; i++ {
		if _, err := os.Stat(resident.SocketPath(state)); err == nil {
			break
		}
		if i == 200 {
			t.Fatal("the engine did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	env, out, _ = testEnv(state, t.TempDir(), "")
	if code := run(t, env, "serve", "status", "--json"); code != ExitOK {
		t.Fatalf("status: exit %d", code)
	}
	var st serveStatus
	if err := json.Unmarshal(out.Bytes(), &st); err != nil || !st.Running || st.Pid != os.Getpid() || st.Socket != resident.SocketPath(state) {
		t.Fatalf("status of a running engine: %v %s", err, out)
	}

	old := stopSignal
	t.Cleanup(func() { stopSignal = old })
	var signalled int
	stopSignal = func(pid int) error { signalled = pid; cancel(); return nil }
	env, out, errb := testEnv(state, t.TempDir(), "")
	if code := run(t, env, "serve", "stop"); code != ExitOK || !strings.Contains(out.String(), "stopped the resident engine") || signalled != os.Getpid() {
		t.Fatalf("stop: exit %d %q %q (signalled %d)", code, out, errb, signalled)
	}
	if code := <-done; code != ExitOK {
		t.Errorf("the engine exited %d", code)
	}
	if _, err := os.Stat(resident.SocketPath(state)); err == nil {
		t.Error("the socket is still there after stop")
	}
}

// TestServeCheckpointFlags: a negative bound on the unsigned tail is a
// usage error, refused before any engine starts.
func TestServeCheckpointFlags(t *testing.T) {
	for _, args := range [][]string{{"serve", "--checkpoint-every", "-1"}, {"serve", "--checkpoint-interval", "-1s"}} {
		env, _, errb := testEnv(t.TempDir(), t.TempDir(), "")
		if code := run(t, env, args...); code != ExitUsage || !strings.Contains(errb.String(), "0: the default") {
			t.Errorf("%q: %d %q", args, code, errb)
		}
	}
}
