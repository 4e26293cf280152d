//go:build linux

package front

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/hookwire"
)

// The front's decision table on the socket's peer: only this user's
// mandate-engine is asked; a peer the kernel does not name (pid 0: another
// pid namespace) or whose executable cannot be examined makes the call
// decide in-process with a notice. Whether the engine's execution context
// is this process's is the engine's decision (internal/resident's
// contextRefusal, on the context the front sends): the front reads
// nothing of the engine's /proc but its executable.
func TestJudge(t *testing.T) {
	const me, enginePid = 1000, 4242
	isEngine := func(pid int) (bool, error) {
		if pid == 777 {
			return false, os.ErrPermission
		}
		return pid == enginePid, nil
	}
	for _, c := range []struct {
		name     string
		uid, pid int
		want     verdict
		why      string
	}{
		{"this user's engine", me, enginePid, engineOK, ""},
		{"another user's process", 0, enginePid, notEngine, ""},
		{"another program", me, 999, notEngine, ""},
		{"an executable that cannot be examined", me, 777, foreign, "cannot be examined"},
		{"peer pid 0 (another pid namespace)", me, 0, foreign, "pid namespace"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, why := judge(c.uid, c.pid, me, isEngine)
			if v != c.want || !strings.Contains(why, c.why) {
				t.Errorf("judge = %v %q, want %v with %q", v, why, c.want, c.why)
			}
		})
	}
}

// The context the front sends is its own: the same as a child's read from
// /proc, with the host name os.Hostname gives; a child in its own mount
// namespace reads another.
func TestOwnContext(t *testing.T) {
	self := ownContext()
	if self.Differs(self) != "" {
		t.Fatalf("this process's context is incomplete: %+v %q", self, self.Differs(self))
	}
	if h, err := os.Hostname(); err != nil || self.Host != h {
		t.Errorf("host name %q, os.Hostname %q %v", self.Host, h, err)
	}
	child := exec.Command("sleep", "5")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	peer, err := readContext(procDir(child.Process.Pid))
	peer.Host = self.Host
	if err != nil || self.Differs(&peer) != "" {
		t.Fatalf("a child: %v %q", err, self.Differs(&peer))
	}
	if _, err := readContext(procDir(1 << 30)); err == nil {
		t.Error("a process that does not exist has a context")
	}
	needUnshare(t)
	ns := exec.Command("unshare", "-rm", "sleep", "5")
	if err := ns.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ns.Process.Kill(); ns.Wait() })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		peer, err = readContext(procDir(ns.Process.Pid))
		peer.Host = self.Host
		if err == nil && self.Differs(&peer) != "" || time.Now().After(deadline) {
			break
		}
	}
	if d := self.Differs(&peer); err != nil || d != "its mount namespace" {
		t.Errorf("a process in `unshare -rm`: %v %q", err, d)
	}
}

// A process's own root directory is read at "/" (hookwire.EntryPath),
// which must name what /proc/self/root leads to, as a child's
// /proc/PID/root (TestOwnContext) and the engine's own read do.
func TestRootEntry(t *testing.T) {
	if p := hookwire.EntryPath("/proc/self", "root"); p != "/" {
		t.Fatalf("own root read at %q", p)
	}
	if p := hookwire.EntryPath("/proc/42", "root"); p != "/proc/42/root" {
		t.Fatalf("another process's root read at %q", p)
	}
	slash, m1, err1 := statKey("/")
	proc, m2, err2 := statKey("/proc/self/root")
	if err1 != nil || err2 != nil || m1 || m2 || slash != proc || slash == (hookwire.FileKey{}) {
		t.Fatalf(`stat "/" %v %v %v, /proc/self/root %v %v %v`, slash, m1, err1, proc, m2, err2)
	}
	for i, e := range hookwire.ContextEntries {
		if e == "root" && ownContext().Keys[i] != proc {
			t.Errorf("the context's root %v, /proc/self/root %v", ownContext().Keys[i], proc)
		}
	}
}

// Both ends (red-team round 21 #41): a call from another mount namespace
// to an engine of this one is decided in-process with a one-line notice,
// and the engine, which answered a call of its own context just before,
// refuses it (the context the call sends is not the engine's) and stays.
func TestCallFromAnotherContext(t *testing.T) {
	needUnshare(t)
	w := newWorld(t)
	t.Cleanup(func() { w.stopEngine(t) })
	p := w.payload("npm install left-pad")
	want := w.inProcess(t, p)
	w.run(t, built.front, p, nil, "hook", "claude") // starts the engine
	w.waitEngine(t)
	if got := w.run(t, built.front, p, nil, "hook", "claude"); got != want {
		t.Fatalf("through the engine: %+v, want %+v", got, want)
	}
	pid := w.enginePid(t)
	got := w.run(t, "/usr/bin/unshare", p, nil, "-rm", built.front, "hook", "claude")
	if got.code != want.code || got.stdout != want.stdout || !strings.Contains(got.stderr, "not in this process's execution context") {
		t.Errorf("from another mount namespace: %+v, want %+v and a notice", got, want)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(engineLog(w), "refused a call from pid"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the engine did not refuse the call:\n%s", engineLog(w))
		}
	}
	if w.enginePid(t) != pid {
		t.Error("another engine serves")
	}
	if got := w.run(t, built.front, p, nil, "hook", "claude"); got != want {
		t.Errorf("through the engine again: %+v, want %+v", got, want)
	}
}

// An engine started on demand does not keep what its starter set for
// itself: umask, soft resource limits below the hard ones, nice, working
// directory; and a starter whose hard limits leave an engine unable to
// serve starts none (and leaves no serve.failed, which would hold engines
// off for every caller).
func TestEngineNormalisesWhatItInherits(t *testing.T) {
	w := newWorld(t)
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	w.run(t, "/bin/sh", nil, nil, "-c", "ulimit -n 100; exec "+built.front+" check -c true")
	time.Sleep(300 * time.Millisecond)
	if fd, err := connect(filepath.Join(w.state, hookwire.SocketName)); err == nil {
		syscall.Close(fd)
		t.Fatal("an engine started under a hard limit of 100 open files")
	}
	if _, err := os.Stat(filepath.Join(w.state, hookwire.FailedName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("serve.failed: %v", err)
	}
	w.run(t, "/bin/sh", nil, nil, "-c", "umask 0; ulimit -S -n 300; ulimit -S -f 2048; exec nice -n 7 "+built.front+" check -c true")
	w.waitEngine(t)
	t.Cleanup(func() { w.stopEngine(t) })
	proc := procDir(w.enginePid(t))
	limits, _ := os.ReadFile(proc + "/limits")
	for _, l := range strings.Split(string(limits), "\n") {
		if f := strings.Fields(strings.TrimPrefix(strings.TrimPrefix(l, "Max open files"), "Max file size")); len(f) >= 2 && len(l) > 0 && (strings.HasPrefix(l, "Max open files") || strings.HasPrefix(l, "Max file size")) && f[0] != f[1] {
			t.Errorf("soft limit below the hard one: %s", l)
		}
	}
	status, _ := os.ReadFile(proc + "/status")
	if !strings.Contains(string(status), "Umask:\t0077") {
		t.Errorf("umask:\n%s", status)
	}
	if cwd, err := os.Readlink(proc + "/cwd"); err != nil || cwd != "/" {
		t.Errorf("working directory %q %v", cwd, err)
	}
	stat, _ := os.ReadFile(proc + "/stat")
	if f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])); len(f) < 17 || (os.Getuid() == 0 && f[16] != "0") {
		t.Errorf("nice: %v", f)
	}
}

// Started in another user namespace only (`unshare -r`), the engine shares
// the front's mount namespace and root directory, and refuses the front's
// call (hookwire.CodeRefused) for the user namespace it sends: the call is
// decided in-process, with a notice.
func TestEngineRefusesAnotherUserNamespace(t *testing.T) {
	needUnshare(t)
	w := newWorld(t)
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	w.run(t, "/usr/bin/unshare", nil, nil, "-r", built.front, "check", "-c", "true")
	w.waitEngine(t)
	t.Cleanup(func() { w.stopEngine(t) })
	p := w.payload("npm install left-pad")
	want := w.inProcess(t, p)
	got := w.run(t, built.front, p, nil, "hook", "claude")
	if got.code != want.code || got.stdout != want.stdout || !strings.Contains(got.stderr, "found this process's context not its own") {
		t.Errorf("an engine in another user namespace: %+v, want %+v and a notice", got, want)
	}
}

// What the front spends on its context per call: four stats under
// /proc/self and one uname(2). (A fresh process, as every front is, finds
// no /proc/self entry cached: count on more.)
func BenchmarkOwnContext(b *testing.B) {
	for b.Loop() {
		if c := ownContext(); c.Differs(c) != "" {
			b.Fatal(c.Differs(c))
		}
	}
}
