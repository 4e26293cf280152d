//go:build linux

package front

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/hookwire"
	"github.com/mandate-dev/mandate/internal/resident"
)

// stateDir must find the directory gate.StateDir finds: otherwise the
// engine refuses the call (it serves one directory) and every call pays
// the in-process price.
func TestStateDirMirrorsGate(t *testing.T) {
	cases := []map[string]string{
		{"MANDATE_HOME": "/srv/mandate"},
		{"MANDATE_HOME": "/srv/mandate/../m/./", "HOME": "/home/dev"},
		{"MANDATE_HOME": "rel/state", "HOME": "/home/dev"},
		{"XDG_STATE_HOME": "/home/dev/.state", "HOME": "/home/dev"},
		{"XDG_STATE_HOME": "relative", "HOME": "/home/dev"},
		{"HOME": "/home/dev"},
		{"HOME": "/home/dev/", "XDG_STATE_HOME": ""},
	}
	cwd, _ := os.Getwd()
	for _, env := range cases {
		for _, k := range []string{"MANDATE_HOME", "XDG_STATE_HOME", "HOME"} {
			t.Setenv(k, env[k])
		}
		got, ok := stateDir(cwd)
		want, err := gate.StateDir(os.Getenv)
		if !ok || err != nil || got != want {
			t.Errorf("env %v: client %q (%v), gate %q (%v)", env, got, ok, want, err)
		}
	}
}

// bins is a directory with the real mandate and mandate-engine built in it.
type bins struct{ dir, front, engine string }

var built bins

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mh")
	if err != nil {
		panic(err)
	}
	built = bins{dir: dir, front: filepath.Join(dir, "mandate"), engine: filepath.Join(dir, hookwire.EngineName)}
	for bin, pkg := range map[string]string{built.front: "./cmd/mandate", built.engine: "./cmd/mandate-engine"} {
		cmd := exec.Command("go", "build", "-o", bin, pkg)
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			panic("build " + pkg + ": " + err.Error() + "\n" + string(out))
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// world is a repository with a policy and a private state directory, with
// short paths (a Unix socket path is at most 107 bytes).
type world struct {
	repo, state, home string
}

const policy = `policies:
  - name: dependency-control
    rules:
      - block_commands: ["npm install"]
`

func newWorld(t *testing.T) *world {
	t.Helper()
	d, err := os.MkdirTemp("", "mw")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	w := &world{repo: filepath.Join(d, "repo"), state: filepath.Join(d, "st"), home: filepath.Join(d, "home")}
	for _, p := range []string{filepath.Join(w.repo, ".git"), w.home} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(w.repo, "agent-policy.yaml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) payload(command string) []byte {
	return []byte(`{"session_id":"s-1","transcript_path":"/t.jsonl","cwd":"` + w.repo + `","permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"` + command + `"},"tool_use_id":"toolu_1"}`)
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs prog with args, the payload on stdin, in the repository.
func (w *world) run(t *testing.T, prog string, stdin []byte, extraEnv []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = w.repo
	cmd.Env = append([]string{"HOME=" + w.home, "MANDATE_HOME=" + w.state, "PATH=/usr/bin:/bin", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"}, extraEnv...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", prog, err)
	}
	return result{code, out.String(), errb.String()}
}

// inProcess is the answer of mandate-engine hook, in its own process.
func (w *world) inProcess(t *testing.T, payload []byte) result {
	return w.run(t, built.engine, payload, nil, "hook", "claude")
}

func (w *world) waitEngine(t *testing.T) {
	t.Helper()
	sock := filepath.Join(w.state, hookwire.SocketName)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if fd, err := connect(sock); err == nil {
			syscall.Close(fd)
			return
		}
	}
	t.Fatalf("no engine started: nothing accepts on %s", sock)
}

// stopEngine stops the engine serving w.state, if any (SIGTERM, as a
// service manager would), and waits for it to give up its lock.
func (w *world) stopEngine(t *testing.T) {
	t.Helper()
	// The engine's pid, from the socket's peer credentials.
	if fd, err := connect(filepath.Join(w.state, hookwire.SocketName)); err == nil {
		if cred, err := syscall.GetsockoptUcred(fd, syscall.SOL_SOCKET, syscall.SO_PEERCRED); err == nil && cred.Pid > 0 {
			syscall.Kill(int(cred.Pid), syscall.SIGTERM)
		}
		syscall.Close(fd)
	}
	lock, err := os.OpenFile(filepath.Join(w.state, resident.LockName), os.O_RDWR, 0)
	if err != nil {
		return
	}
	defer lock.Close()
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the engine did not stop")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func engineLog(w *world) string {
	b, _ := os.ReadFile(filepath.Join(w.state, "serve.log"))
	return string(b)
}

// mandate hook answers byte for byte what mandate-engine hook answers in
// its own process, whether the call is forwarded to the engine or decided
// in-process (the first call, which starts the engine).
func TestSameAnswerAsInProcess(t *testing.T) {
	w := newWorld(t)
	t.Cleanup(func() { w.stopEngine(t) })
	for i, command := range []string{"npm install left-pad", "ls -la", "npm install x", "git status", "cat .git/config"} {
		p := w.payload(command)
		want := w.inProcess(t, p)
		got := w.run(t, built.front, p, nil, "hook", "claude")
		if got != want {
			t.Errorf("call %d (%s): mandate hook %+v, mandate-engine hook %+v", i, command, got, want)
		}
		if i == 0 {
			w.waitEngine(t)
		}
	}
	w.stopEngine(t)
	if log := engineLog(w); !strings.Contains(log, "(answered 4 calls)") {
		t.Errorf("the engine did not answer the 4 calls after the first:\n%s", log)
	}
	// The engine recorded its calls in the same log as the in-process ones.
	out := w.run(t, built.front, nil, nil, "log", "--json")
	if n := strings.Count(out.stdout, `"decision"`); n < 10 {
		t.Errorf("evidence has %d decisions, want 10:\n%s", n, out.stdout)
	}
}

// With MANDATE_RESIDENT=off no engine is started and the answer is the
// in-process one.
func TestResidentOff(t *testing.T) {
	w := newWorld(t)
	p := w.payload("npm install x")
	got := w.run(t, built.front, p, []string{"MANDATE_RESIDENT=off"}, "hook", "claude")
	if want := w.inProcess(t, p); got != want || got.code != 2 {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(w.state, hookwire.SocketName)); err == nil {
		t.Error("an engine was started with MANDATE_RESIDENT=off")
	}
}

// impostor serves the socket from a process that is not mandate-engine
// (this test binary) and answers every call with an allow.
func impostor(t *testing.T, w *world, handle resident.Handler) {
	t.Helper()
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- resident.Serve(ctx, resident.Options{StateDir: w.state, Handler: handle, Ready: func() { close(ready) }})
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); <-done })
}

// A process that binds the socket but is not this user's mandate-engine
// is not believed: its allow is ignored and the call is decided
// in-process (a deny here).
func TestImpostorIsNotBelieved(t *testing.T) {
	w := newWorld(t)
	var calls atomic.Int32
	impostor(t, w, func(ctx context.Context, req *hookwire.Request) *hookwire.Response {
		calls.Add(1)
		return &hookwire.Response{Code: 0}
	})
	p := w.payload("npm install x")
	got := w.run(t, built.front, p, nil, "hook", "claude")
	if want := w.inProcess(t, p); got != want || got.code != 2 {
		t.Fatalf("got %+v, want the in-process deny %+v", got, want)
	}
	for deadline := time.Now().Add(2 * time.Second); calls.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if calls.Load() != 1 {
		t.Errorf("the impostor got %d calls, want 1: the deny must come from the peer check", calls.Load())
	}
}

// An engine that fails after reading the call (closes unanswered, answers
// garbage or a truncated frame) never decides the call: mandate-engine
// decides in-process on the payload it sent, and the answer is exactly
// the in-process one.
func TestBrokenEngineFallsBack(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  []byte // written instead of an answer; nil closes unanswered
	}{
		{"closed", nil},
		{"garbage", []byte("HTTP/1.1 200 OK\r\n\r\n")},
		{"truncated allow", hookwire.AppendResponse(nil, &hookwire.Response{Code: 0, Stdout: []byte("{}")})[:9]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			// dir/mandate-engine is a fake that serves the socket brokenly
			// and, run any other way, is the real mandate-engine: it passes
			// the peer check and does the in-process fallback.
			dir := t.TempDir()
			front := filepath.Join(dir, "mandate")
			copyFile(t, built.front, front)
			copyFile(t, built.engine, filepath.Join(dir, "mandate-real"))
			fake := buildFakeEngine(t, dir, tc.raw)
			if err := os.MkdirAll(w.state, 0o700); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(fake, "fake-serve", filepath.Join(w.state, hookwire.SocketName))
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			w.waitEngine(t)
			for _, command := range []string{"npm install x", "ls"} {
				p := w.payload(command)
				got := w.run(t, front, p, nil, "hook", "claude")
				if want := w.inProcess(t, p); got != want {
					t.Fatalf("%s: got %+v, want the in-process answer %+v", command, got, want)
				}
			}
		})
	}
}

// buildFakeEngine builds dir/mandate-engine: "fake-serve SOCKET" listens there
// and, to every caller, reads its request and writes raw (or closes when
// raw is nil); run any other way it execs dir/mandate-real.
func buildFakeEngine(t *testing.T, dir string, raw []byte) string {
	t.Helper()
	src := filepath.Join(dir, "fake.go")
	code := `package main

import (
	"net"
	"os"
	"path/filepath"
	"syscall"
)

var raw = ` + goBytes(raw) + `

func main() {
	if len(os.Args) == 3 && os.Args[1] == "fake-serve" {
		ln, err := net.Listen("unix", os.Args[2])
		if err != nil {
			os.Exit(3)
		}
		for {
			c, err := ln.Accept()
			if err != nil {
				os.Exit(3)
			}
			buf := make([]byte, 1<<16)
			c.Read(buf)
			if raw != nil {
				c.Write(raw)
			}
			c.Close()
		}
	}
	exe, _ := os.Executable()
	real := filepath.Join(filepath.Dir(exe), "mandate-real")
	syscall.Exec(real, append([]string{real}, os.Args[1:]...), os.Environ())
	os.Exit(4)
}
`
	if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, hookwire.EngineName)
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build fake engine: %v\n%s", err, out)
	}
	return bin
}

func goBytes(b []byte) string {
	if b == nil {
		return "[]byte(nil)"
	}
	return "[]byte(" + strconv.Quote(string(b)) + ")"
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

// A payload larger than a pipe's buffer still reaches the in-process
// fallback whole (through a child), and an oversized one is denied.
func TestLargePayloadFallback(t *testing.T) {
	w := newWorld(t)
	pad := strings.Repeat("a", 3<<20)
	p := w.payload("npm install x # " + pad)
	got := w.run(t, built.front, p, []string{}, "hook", "claude")
	if want := w.inProcess(t, p); got != want || got.code != 2 {
		t.Fatalf("3 MiB payload: got code %d %q, want %d %q", got.code, got.stderr, want.code, want.stderr)
	}
	w.waitEngine(t)
	t.Cleanup(func() { w.stopEngine(t) })
	// Through the engine now.
	if got2 := w.run(t, built.front, p, nil, "hook", "claude"); got2 != got {
		t.Fatalf("3 MiB payload via the engine: %+v", got2)
	}
	big := w.payload(strings.Repeat("b", 33<<20))
	if got := w.run(t, built.front, big, nil, "hook", "claude"); got.code != 2 || !strings.Contains(got.stderr, "too large") {
		t.Fatalf("33 MiB payload: %d %q", got.code, got.stderr)
	}
}

// Without mandate-engine beside it or on PATH, mandate refuses every
// call: exit 2 with the reason on stderr, and for a hook the agent's
// JSON deny too (exit 2 alone lets Copilot CLI run the tool).
func TestNoEngineBinary(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	front := filepath.Join(dir, "mandate")
	copyFile(t, built.front, front)
	got := w.run(t, front, w.payload("ls"), nil, "hook", "claude")
	if got.code != 2 || !strings.Contains(got.stderr, "Mandate refused this action") || !strings.Contains(got.stderr, "cannot find mandate-engine") {
		t.Fatalf("hook: %+v", got)
	}
	if got.stdout != `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":`+strconv.Quote(strings.TrimSuffix(got.stderr, "\n"))+"}}\n" {
		t.Fatalf("hook claude: stdout %q", got.stdout)
	}
	got = w.run(t, front, w.payload("ls"), nil, "hook", "copilot", "preToolUse")
	if got.code != 2 || !strings.HasPrefix(got.stdout, `{"permissionDecision":"deny","permissionDecisionReason":"Blocked by Mandate`) {
		t.Fatalf("hook copilot: %+v", got)
	}
	for _, args := range [][]string{nil, {"check", "--command", "ls"}, {"version"}} {
		if got := w.run(t, front, nil, nil, args...); got.code != 2 || !strings.HasPrefix(got.stderr, "mandate: cannot find mandate-engine") {
			t.Fatalf("%q: %+v", args, got)
		}
	}
}

// mandate check answers exactly as mandate-engine check, forwarded or
// not: the first call, which starts the engine, and every one after it.
func TestCheck(t *testing.T) {
	w := newWorld(t)
	if err := os.MkdirAll(w.state, 0o700); err != nil { // an installation's
		t.Fatal(err)
	}
	cases := [][]string{
		{"check", "--command", "npm install left-pad"},
		{"check", "--json", "--command", "ls -la"},
		{"check", "--command", "ls", "--policy", "agent-policy.yaml"},
		{"check", "--action", "{"},
		{"check", "ls"},
	}
	want := make([]result, len(cases))
	for i, args := range cases {
		want[i] = w.run(t, built.engine, nil, nil, args...)
	}
	if got := w.run(t, built.front, nil, nil, cases[0]...); got != want[0] {
		t.Errorf("%q without an engine: %+v, want %+v", cases[0], got, want[0])
	}
	w.waitEngine(t) // the first check started it
	t.Cleanup(func() { w.stopEngine(t) })
	for i, args := range cases {
		if got := w.run(t, built.front, nil, nil, args...); got != want[i] {
			t.Errorf("%q via the engine: %+v, want %+v", args, got, want[i])
		}
	}
	// --batch reads stdin: mandate-engine answers it in this process.
	batch := []byte(`{"v":1,"kind":"exec","command":"npm install x"}` + "\n" + `{"v":1,"kind":"exec","command":"ls"}` + "\n")
	got := w.run(t, built.front, batch, nil, "check", "--batch", "-")
	if wantB := w.run(t, built.engine, batch, nil, "check", "--batch", "-"); got != wantB || strings.Count(got.stdout, "\n") != 2 {
		t.Errorf("--batch: %+v, want %+v", got, wantB)
	}
	w.stopEngine(t)
	if log := engineLog(w); !strings.Contains(log, fmt.Sprintf("(answered %d calls)", len(cases))) {
		t.Errorf("the engine did not answer the %d checks:\n%s", len(cases), log)
	}
}

// Every other command is mandate-engine's, with the same streams.
func TestOtherCommands(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"version"}, nil, {"help"}, {"policy", "validate"}, {"nosuch"}} {
		got := w.run(t, built.front, nil, nil, args...)
		if want := w.run(t, built.engine, nil, nil, args...); got != want {
			t.Errorf("%q: %+v, want %+v", args, got, want)
		}
	}
}

// The quick start's `go run ./cmd/mandate demo` works from the source
// tree: go run builds the front alone, which has go run the engine from
// the same tree. A hook is never answered that way.
func TestGoRunFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with go run")
	}
	run := func(args ...string) result {
		cmd := exec.Command("go", append([]string{"run", "./cmd/mandate"}, args...)...)
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		var ee *exec.ExitError
		code := 0
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return result{code, out.String(), errb.String()}
	}
	got := run("version")
	want, err := exec.Command(built.engine, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// go run never stamps version control information, and go build does
	// unless -buildvcs=false: the two agree on everything but the
	// version field, which go run leaves as "devel".
	gf, wf := strings.Fields(got.stdout), strings.Fields(string(want))
	if got.code != 0 || len(gf) != len(wf) || len(gf) < 3 || gf[0] != wf[0] || (gf[1] != wf[1] && gf[1] != "devel") ||
		strings.Join(gf[2:], " ") != strings.Join(wf[2:], " ") {
		t.Errorf("go run ./cmd/mandate version: %+v, want %q (or its devel form)", got, want)
	}
	if got := run("hook", "claude"); got.code == 0 || !strings.Contains(got.stderr, "cannot find mandate-engine") {
		t.Errorf("go run ./cmd/mandate hook claude: %+v, want a refusal", got)
	}
}

// Idempotent requests, class "the engine died between recording and
// answering", with real processes: an engine that records each call (with
// the front's request id) and closes the connection unanswered. The front
// decides in its own process with the same id: the same answer as
// in-process, and every call's decision is recorded once.
func TestEngineDiesAfterRecording(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	front := filepath.Join(dir, "mandate")
	copyFile(t, built.front, front)
	copyFile(t, built.engine, filepath.Join(dir, "mandate-real"))
	fake := filepath.Join(dir, hookwire.EngineName)
	build := exec.Command("go", "build", "-o", fake, "./internal/front/testdata/dyingengine")
	build.Dir = "../.."
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	srv := exec.Command(fake, "fake-serve", filepath.Join(w.state, hookwire.SocketName))
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	w.waitEngine(t)
	commands := []string{"npm install x", "ls", "git status"}
	for _, command := range commands {
		p := w.payload(command)
		got := w.run(t, front, p, nil, "hook", "claude")
		if want := w.inProcess(t, p); got != want {
			t.Fatalf("%s: got %+v, want the in-process answer %+v", command, got, want)
		}
	}
	es, err := evidence.Records(context.Background(), w.state, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	decisions := 0
	for _, e := range es {
		if e.Record.Type == "decision" {
			decisions++
			if e.Record.RequestID != "" {
				ids[e.Record.RequestID]++
			}
		}
	}
	// One per front call (recorded by the dying engine) and one per
	// in-process comparison run: the fallback recorded nothing.
	if decisions != 2*len(commands) {
		t.Errorf("%d decision records, want %d", decisions, 2*len(commands))
	}
	if len(ids) != len(commands) {
		t.Fatalf("%d request ids among the decisions, want %d: %v", len(ids), len(commands), ids)
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("request %s recorded %d times", id, n)
		}
	}
}

// Class "engine/started-with-agent-environment" (breaker1 item 4): the
// engine lives on after the call that started it and serves every later
// one, so it starts with an environment of its own: the state directory,
// the home directory and a PATH of system directories, nothing else of
// the starter's (an agent's `env PATH=src/bin:… mandate check` chose that
// one). Each call still answers with its own environment.
func TestEngineStartsWithItsOwnEnvironment(t *testing.T) {
	w := newWorld(t)
	if err := os.MkdirAll(w.state, 0o700); err != nil {
		t.Fatal(err)
	}
	evil := filepath.Join(w.repo, "src", "bin")
	agentEnv := []string{"PATH=" + evil + ":/usr/bin:/bin", "LD_PRELOAD=/tmp/x.so", "GIT_EXEC_PATH=" + evil, "MANDATE_POLICY_EXTRA=x"}
	want := w.run(t, built.engine, nil, agentEnv, "check", "--command", "ls")
	if got := w.run(t, built.front, nil, agentEnv, "check", "--command", "ls"); got != want {
		t.Errorf("first check: %+v, want %+v", got, want)
	}
	w.waitEngine(t)
	t.Cleanup(func() { w.stopEngine(t) })
	fd, err := connect(filepath.Join(w.state, hookwire.SocketName))
	if err != nil {
		t.Fatal(err)
	}
	cred, err := syscall.GetsockoptUcred(fd, syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	syscall.Close(fd)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(int(cred.Pid)) + "/environ")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, kv := range strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00") {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = v
	}
	if got["PATH"] != "/usr/bin:/bin" || got["MANDATE_HOME"] != w.state || got["HOME"] != w.home {
		t.Errorf("the engine's environment: %v", got)
	}
	for _, k := range []string{"LD_PRELOAD", "GIT_EXEC_PATH", "MANDATE_POLICY_EXTRA", "GIT_CONFIG_GLOBAL"} {
		if _, ok := got[k]; ok {
			t.Errorf("the engine inherited %s from the call that started it", k)
		}
	}
	// Calls through it still answer as in-process.
	if got := w.run(t, built.front, nil, agentEnv, "check", "--command", "ls"); got != want {
		t.Errorf("check via the engine: %+v, want %+v", got, want)
	}
}

// Red-team round 18 #63: a check names its state directory by the
// environment (MANDATE_HOME, XDG_STATE_HOME); where that directory does
// not exist the check is answered in-process and nothing is created —
// no directory, no engine with its socket, lock and log.
func TestCheckCreatesNoStateDirectory(t *testing.T) {
	w := newWorld(t)
	want := w.run(t, built.engine, nil, nil, "check", "--command", "ls")
	if got := w.run(t, built.front, nil, nil, "check", "--command", "ls"); got != want {
		t.Errorf("check: %+v, want %+v", got, want)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Lstat(w.state); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("check made the state directory %s (%v)", w.state, err)
	}
}
