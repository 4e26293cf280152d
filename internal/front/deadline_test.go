//go:build linux

package front

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hookwire"
)

// TestDeadlineAnswersDeny: a hook call the engine does not answer (here
// a mandate-engine that never answers) is answered deny by the front at
// its deadline, in the agent's format, before the timeout the agents are
// given (red-team round 26 (b), #1: Claude Code runs the tool call when
// its hook times out); the stuck child is killed, and the deny is
// recorded by a mandate-engine run on the same payload, told the deadline
// passed, under the call's request id made distinct.
func TestDeadlineAnswersDeny(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the front's deadline")
	}
	w := newWorld(t)
	dir := t.TempDir()
	front := filepath.Join(dir, "mandate")
	src, err := os.ReadFile(built.front)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(front, src, 0o755); err != nil {
		t.Fatal(err)
	}
	// The stand-in engine: as the recorder, it keeps what it was given;
	// as the fallback, it notes its pid and request id and hangs.
	script := `#!/bin/sh
if [ "$` + hookwire.DeadlinePassedEnv + `" = 1 ]; then
	cat > "` + dir + `/recorded.tmp"; echo "$` + hookwire.RequestIDEnv + ` $1 $2" > "` + dir + `/recorded.id"
	mv "` + dir + `/recorded.tmp" "` + dir + `/recorded"; exit 0
fi
echo "$$ $` + hookwire.RequestIDEnv + ` $` + hookwire.DeadlineEnv + `" > "` + dir + `/child"
exec sleep 300
`
	if err := os.WriteFile(filepath.Join(dir, hookwire.EngineName), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	p := w.payload("cat infrastructure/prod.yaml")
	start := time.Now()
	got := w.run(t, front, p, []string{"MANDATE_RESIDENT=off"}, "hook", "claude")
	took := time.Since(start)
	wantOut, wantErr := hookwire.DeadlineAnswer("claude")
	if got.code != 2 || got.stdout != wantOut || got.stderr != wantErr {
		t.Errorf("got %+v, want exit 2 with\n%q\n%q", got, wantOut, wantErr)
	}
	if took < hookwire.FrontDeadline || took > hookwire.HookTimeout-2*time.Second {
		t.Errorf("answered after %v: want the deadline %v, well before the agents' %v", took, hookwire.FrontDeadline, hookwire.HookTimeout)
	}
	child, err := os.ReadFile(filepath.Join(dir, "child"))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(child))
	if len(f) != 3 || len(f[1]) != 32 {
		t.Fatalf("the fallback was given %q: want its pid, a request id and a deadline", child)
	}
	if end, ok := hookwire.Deadline(f[2]); !ok || end.Sub(start) > hookwire.FrontDeadline+time.Second || end.Before(start) {
		t.Errorf("the fallback's deadline %q is not the front's", f[2])
	}
	var pid int
	for _, c := range f[0] {
		pid = 10*pid + int(c-'0')
	}
	// killed, it may stay a zombie until whoever inherited it reaps it
	// (a container's init may take its time): dead is gone or state Z
	for i := 0; ; i++ {
		if !running(pid) {
			break
		}
		if i == 50 {
			t.Errorf("the fallback %d still runs after the deadline", pid)
			syscall.Kill(pid, syscall.SIGKILL)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var rec []byte
	for i := 0; i < 100; i++ {
		if rec, err = os.ReadFile(filepath.Join(dir, "recorded")); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if string(rec) != string(p) {
		t.Fatalf("the recorder read %q, want the payload", rec)
	}
	id, _ := os.ReadFile(filepath.Join(dir, "recorded.id"))
	if want := hookwire.DeadlineID(f[1]) + " hook claude\n"; string(id) != want {
		t.Errorf("the recorder ran as %q, want %q", id, want)
	}
}

// TestDeadlinePassedIsRecorded: mandate-engine hook told that the front
// answered deny at its deadline decides nothing (an allowed command
// here) and records the call once as a deny under the id it was given.
func TestDeadlinePassedIsRecorded(t *testing.T) {
	w := newWorld(t)
	p := w.payload("ls -la")
	const id = "0123456789abcdef0123456789abcdefdd"
	env := []string{hookwire.DeadlinePassedEnv + "=1", hookwire.RequestIDEnv + "=" + id}
	for i := 0; i < 2; i++ { // a second run is the same record, refused
		if got := w.run(t, built.engine, p, env, "hook", "claude"); got.code != 2 || !strings.Contains(got.stderr, hookwire.DeadlineReason) {
			t.Fatalf("got %+v, want the deadline's deny", got)
		}
	}
	es, err := evidence.Records(context.Background(), w.state, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Record.RequestID == id {
			n++
			if e.Record.Decision != "deny" || !strings.Contains(e.Record.Reason, "deadline") {
				t.Errorf("recorded %q: %q, want the deadline's deny", e.Record.Decision, e.Record.Reason)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d records of request %s, want 1", n, id)
	}
}

// running reports whether the process pid exists and is not a zombie.
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(b), ')')
	return i < 0 || i+2 >= len(b) || b[i+2] != 'Z'
}
