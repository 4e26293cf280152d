//go:build linux

package front

import (
	"errors"
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

// The front's decision table on the socket's peer (red-team round 21 #41,
// engine/starter-context): only this user's mandate-engine in this
// process's execution context answers; each part of the context that
// differs, an entry that cannot be read on either side, and a peer the
// kernel does not name (pid 0) make the call decide in-process.
func TestJudge(t *testing.T) {
	self := hookwire.ExecContext{}
	for i := range self {
		self[i] = hookwire.FileKey{Dev: 4, Ino: uint64(4026531800 + i)}
	}
	const me, enginePid = 1000, 4242
	isEngine := func(pid int) (bool, error) {
		if pid == 777 {
			return false, os.ErrPermission
		}
		return pid == enginePid, nil
	}
	ctxs := func(peer hookwire.ExecContext, selfErr, peerErr error) func(string) (hookwire.ExecContext, error) {
		return func(proc string) (hookwire.ExecContext, error) {
			if proc == "/proc/self" {
				return self, selfErr
			}
			if proc != "/proc/"+strconv.Itoa(enginePid) {
				t.Fatalf("read %s", proc)
			}
			return peer, peerErr
		}
	}
	unreadable := &hookwire.ContextError{Path: "/proc/x/ns/mnt", Err: os.ErrPermission}
	type tc struct {
		name     string
		uid, pid int
		ctx      func(string) (hookwire.ExecContext, error)
		want     verdict
		why      string
	}
	cases := []tc{
		{"the engine in this context", me, enginePid, ctxs(self, nil, nil), engineOK, ""},
		{"another user's process", 0, enginePid, ctxs(self, nil, nil), notEngine, ""},
		{"another program", me, 999, ctxs(self, nil, nil), notEngine, ""},
		{"an executable that cannot be examined", me, 777, ctxs(self, nil, nil), foreign, "cannot be examined"},
		{"peer pid 0 (another pid namespace)", me, 0, ctxs(self, nil, nil), foreign, "pid namespace"},
		{"this process's context unreadable", me, enginePid, ctxs(self, unreadable, nil), foreign, "this process's context cannot be read"},
		{"the engine's context unreadable", me, enginePid, ctxs(self, nil, unreadable), foreign, "its context cannot be read"},
	}
	for i, what := range []string{"mount namespace", "root directory", "pid namespace", "user namespace",
		"network namespace", "cgroup namespace", "IPC namespace", "UTS namespace"} {
		peer := self
		peer[i].Ino++
		cases = append(cases, tc{"its " + what + " differs", me, enginePid, ctxs(peer, nil, nil), foreign, "its " + what})
		peer = self
		peer[i] = hookwire.FileKey{} // missing on one side only
		cases = append(cases, tc{"its " + what + " missing", me, enginePid, ctxs(peer, nil, nil), foreign, "its " + what})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, why := judge(c.uid, c.pid, me, isEngine, c.ctx)
			if v != c.want || !strings.Contains(why, c.why) {
				t.Errorf("judge = %v %q, want %v with %q", v, why, c.want, c.why)
			}
		})
	}
}

// This process and a child share their context, as read from /proc; a
// child in its own mount namespace does not.
func TestReadContext(t *testing.T) {
	self, err := readContext("/proc/self")
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command("sleep", "5")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	peer, err := readContext(procDir(child.Process.Pid))
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
		if err == nil && self.Differs(&peer) != "" || time.Now().After(deadline) {
			break
		}
	}
	if d := self.Differs(&peer); err != nil || d != "its mount namespace" {
		t.Errorf("a process in `unshare -rm`: %v %q", err, d)
	}
}

// Both ends (red-team round 21 #41): a call from another mount namespace
// to an engine of this one is decided in-process with a one-line notice,
// and the engine, which answered a call of its own context just before,
// refuses it (serve.log: by then the caller may be gone, its context
// unreadable) and stays.
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

// The engine's end alone: started in another user namespace only (`unshare
// -r`), the engine shares the front's mount namespace and root, which is
// all the front compares, and refuses the front's call itself
// (hookwire.CodeRefused): the call is decided in-process, with a notice.
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
