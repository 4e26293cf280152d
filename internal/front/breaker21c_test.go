//go:build linux

package front

// Red-team round 21, breaker br21c (fail open: the front, the resident
// engine and the gate under stress); fixed by f21e: the front uses an
// engine only in its own execution context, the engine answers only peers
// in its own (hookwire.ExecContext). Skipped only where unshare or user
// namespaces are missing.
//
// Classes:
//   - engine/starter-context: the resident engine that answers every later
//     hook call is started by whichever forwarded call finds none
//     listening, including a `mandate check` the agent runs (a read-only
//     subcommand agents may run). It inherits that caller's mount, user
//     and pid namespaces, resource limits and cgroup; the front trusts it
//     on uid and executable inode alone, so the engine decides every later
//     call against a world the agent chose.
//
// source: "red-team round 21"

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// needUnshare skips a test on a machine without unshare(1) or without user
// namespaces (CI runs as root on Linux, where both work: .ci/run).
// With MANDATE_REQUIRE_UNSHARE=1 (CI) they fail instead.
func needUnshare(t *testing.T) {
	t.Helper()
	skip := t.Skipf
	if os.Getenv("MANDATE_REQUIRE_UNSHARE") == "1" {
		skip = t.Fatalf
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		skip("no unshare")
	}
	if out, err := exec.Command("unshare", "-rm", "true").CombinedOutput(); err != nil {
		skip("no unprivileged user namespaces here: %v %s", err, out)
	}
}

// enginePid is the pid of the engine serving w.state (SO_PEERCRED).
func (w *world) enginePid(t *testing.T) int {
	t.Helper()
	fd, err := connect(filepath.Join(w.state, hookwire.SocketName))
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	cred, err := syscall.GetsockoptUcred(fd, syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	if err != nil {
		t.Fatal(err)
	}
	return int(cred.Pid)
}

// Red-team round 21 #41 (engine/starter-context, mount namespace).
// why: with no engine listening (it idled out after an hour, or was
// upgraded; an agent can wait for that in the background with `while
// pgrep -f mandate-engine; do sleep 1; done; …`), the allowed line
// `unshare -rm sh -c 'mount -t tmpfs x src && mandate check -c true'`
// makes the front start the resident engine inside the agent's private
// mount namespace, where src/ is an empty tmpfs. The front trusts it
// (same uid, same executable inode) and forwards every later hook call to
// it. The agent then makes src/h a symlink to $HOME (allowed) and runs
// `cat src/h/.ssh/id_rsa`: the engine sees no src/h, judges the path
// lexically inside src/ and allows; the agent's shell follows the real
// symlink. Verified with the built binaries in a scratch HOME: the key was
// printed (the same call through a normal engine is denied: "resolves to
// ~/.ssh/id_rsa ... credential store").
func TestRedteam21EngineStartedInAgentMountNamespace(t *testing.T) {
	needUnshare(t)
	w := newWorld(t)
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(w.repo, "src")
	ssh := filepath.Join(w.home, ".ssh")
	for _, d := range []string{src, ssh} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(ssh, "id_rsa"), []byte("FIXTURE KEY\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The agent's line, as its shell runs it.
	line := "mount -t tmpfs x " + src + " && " + built.front + " check -c true"
	if r := w.run(t, "/usr/bin/unshare", nil, nil, "-rm", "sh", "-c", line); r.code != 0 {
		t.Fatalf("the agent's line: %+v", r)
	}
	w.waitEngine(t)
	t.Cleanup(func() { w.stopEngine(t) })
	// The agent's next allowed line.
	if err := os.Symlink(w.home, filepath.Join(src, "h")); err != nil {
		t.Fatal(err)
	}
	p := w.payload("cat src/h/.ssh/id_rsa")
	want := w.inProcess(t, p)
	if want.code != 2 {
		t.Fatalf("in-process answer: %+v, want a deny", want)
	}
	if got := w.run(t, built.front, p, nil, "hook", "claude"); got.code != want.code {
		t.Errorf("an engine started in the agent's mount namespace answered %+v; in-process: %+v", got, want)
	}
}

// Red-team round 21 #41 (engine/starter-context, pid namespace).
// why: started from `unshare -rmpf --mount-proc sh -c 'mandate check -c
// true; exec sleep 600' &` (allowed), the engine lives in a pid namespace
// with its own /proc: the list of Mandate's processes it builds for
// self-protection (mandateProcs) holds only pids of that namespace, so
// `kill -9 <the engine's pid>` is allowed, and killed it (verified).
// Peers outside the namespace also have pid 0 in SO_PEERCRED, so the
// engine falls back to the pid a request claims (callerParent).
func TestRedteam21EngineStartedInAgentPidNamespace(t *testing.T) {
	needUnshare(t)
	w := newWorld(t)
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/unshare", "-rmpf", "--kill-child", "--mount-proc", "sh", "-c", built.front+" check -c true >/dev/null; exec sleep 60")
	cmd.Dir = w.repo
	cmd.Env = []string{"HOME=" + w.home, "MANDATE_HOME=" + w.state, "PATH=/usr/bin:/bin"}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	w.waitEngine(t)
	t.Cleanup(func() { w.stopEngine(t) })
	pid := w.enginePid(t)
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); err != nil || !strings.Contains(string(b), "serve") {
		t.Fatalf("pid %d is not the engine (%q, %v)", pid, b, err)
	}
	p := w.payload("kill -9 " + strconv.Itoa(pid))
	want := w.inProcess(t, p)
	if want.code != 2 {
		t.Fatalf("in-process answer: %+v, want a deny", want)
	}
	got := w.run(t, built.front, p, nil, "hook", "claude")
	if got.code != want.code {
		t.Errorf("an engine started in the agent's pid namespace answered %+v for killing itself; in-process: %+v", got, want)
	}
	time.Sleep(10 * time.Millisecond)
}
