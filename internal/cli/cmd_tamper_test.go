package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// fakeTTY stands in for the controlling terminal: it answers the code it
// is shown (a person reading and typing it), or what answer says.
type fakeTTY struct {
	mu     sync.Mutex
	shown  bytes.Buffer
	answer func(prompt string) string
	in     *strings.Reader
}

func (f *fakeTTY) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shown.Write(p)
}

func (f *fakeTTY) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.in == nil {
		f.in = strings.NewReader(f.answer(f.shown.String()) + "\n")
	}
	return f.in.Read(p)
}

func (f *fakeTTY) Close() error { return nil }

var codeRe = regexp.MustCompile(`type the code ([A-Z0-9]+)`)

// typesTheCode is a person who types what the terminal shows.
func typesTheCode(prompt string) string {
	if m := codeRe.FindStringSubmatch(prompt); m != nil {
		return m[1]
	}
	return ""
}

// withPerson makes the tamper command see a terminal and the given
// ancestors for the duration of a test.
func withPerson(t *testing.T, tty *fakeTTY, ancestors []proc) {
	t.Helper()
	oldT, oldA := terminal, ancestry
	terminal = func(*Env) (io.ReadWriteCloser, string, error) {
		if tty == nil {
			return nil, "", errors.New("its standard input is not a terminal")
		}
		return tty, "/dev/pts/7", nil
	}
	ancestry = func(int) []proc { return ancestors }
	t.Cleanup(func() { terminal, ancestry = oldT, oldA })
}

func (e *hookEnv) tamper(t *testing.T, environ []string, args ...string) cliRun {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Cwd: e.repo, Environ: environ, Ppid: 1,
		Now: func() time.Time { return time.Date(2026, 11, 21, 12, 5, 0, 0, time.UTC) },
		Getenv: func(k string) string {
			switch k {
			case "HOME":
				return e.home
			case "MANDATE_HOME":
				return e.state
			}
			return ""
		}}
	code := Main(context.Background(), env, append([]string{"tamper"}, args...))
	return cliRun{code, out.String(), errb.String()}
}

func claudePost(command string) string {
	return `{"session_id":"s-1","transcript_path":"/t.jsonl","cwd":"REPO","permission_mode":"default","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"` + command + `"},"tool_response":{"stdout":""},"tool_use_id":"toolu_1"}`
}

// tamperedRepo runs an agent call during which .claude/settings.local.json
// appears with disableAllHooks: the repository is locked.
func tamperedRepo(t *testing.T) *hookEnv {
	t.Helper()
	e := newHookEnv(t, hookPolicy)
	if r := e.run(t, claudePre("make"), "claude"); r.code != 0 {
		t.Fatalf("pre: %+v", r)
	}
	local := filepath.Join(e.repo, ".claude", "settings.local.json")
	os.MkdirAll(filepath.Dir(local), 0o755)
	os.WriteFile(local, []byte(`{"disableAllHooks":true}`), 0o644)
	e.run(t, claudePost("make"), "claude")
	if r := e.run(t, claudePre("ls"), "claude"); r.code != 2 || !strings.Contains(r.stderr, "mandate tamper ack") {
		t.Fatalf("a call after the tamper event: %+v", r)
	}
	return e
}

// tamper ack refuses to run for an agent, whatever the route: an agent's
// variables in its environment, an agent among its ancestors, no
// terminal, a wrong code. Nothing is acknowledged.
func TestTamperAckRefusesAgents(t *testing.T) {
	e := tamperedRepo(t)
	cases := []struct {
		name      string
		environ   []string
		ancestors []proc
		tty       *fakeTTY
		why       string
	}{
		{"claude code's variable", []string{"CLAUDECODE=1"}, nil, &fakeTTY{answer: typesTheCode}, "CLAUDECODE"},
		{"codex sandbox", []string{"CODEX_SANDBOX=seatbelt"}, nil, &fakeTTY{answer: typesTheCode}, "CODEX_SANDBOX"},
		{"gemini cli", []string{"GEMINI_CLI=1"}, nil, &fakeTTY{answer: typesTheCode}, "GEMINI_CLI"},
		{"copilot", []string{"COPILOT_AGENT_SESSION=x"}, nil, &fakeTTY{answer: typesTheCode}, "COPILOT_AGENT_SESSION"},
		{"cursor", []string{"CURSOR_TRACE_ID=x"}, nil, &fakeTTY{answer: typesTheCode}, "CURSOR_TRACE_ID"},
		{"claude ancestor", nil, []proc{{pid: 40, comm: "bash"}, {pid: 41, comm: "claude"}}, &fakeTTY{answer: typesTheCode}, "ancestor process 41"},
		{"node running codex", nil, []proc{{pid: 50, exe: "/usr/bin/node", comm: "node", cmdline: []string{"node", "/usr/lib/node_modules/@openai/codex/bin/codex.js"}}}, &fakeTTY{answer: typesTheCode}, "@openai/codex"},
		{"no terminal", nil, nil, nil, "not a terminal"},
		{"wrong code", nil, nil, &fakeTTY{answer: func(string) string { return "AAAAAA" }}, "does not match"},
		{"no code", nil, nil, &fakeTTY{answer: func(string) string { return "" }}, "does not match"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withPerson(t, tc.tty, tc.ancestors)
			r := e.tamper(t, append([]string{"HOME=" + e.home, "CODEX_HOME=/x"}, tc.environ...), "ack", "--restore")
			if r.code == 0 || !strings.Contains(r.stderr, "refused") || !strings.Contains(r.stderr, tc.why) {
				t.Fatalf("%+v, want a refusal naming %q", r, tc.why)
			}
		})
	}
	if r := e.run(t, claudePre("ls"), "claude"); r.code != 2 {
		t.Fatalf("the lock was lifted by a refused ack: %+v", r)
	}
}

// A person at a terminal acknowledges with --restore: the pinned state is
// back (the file created during the call is gone: removed when the tamper
// was seen, red-team round 28, #303), the acknowledgement
// is on the record with who ran it, and calls are decided again.
func TestTamperAckByPerson(t *testing.T) {
	e := tamperedRepo(t)
	st := e.tamper(t, []string{"HOME=" + e.home}, "status")
	local := filepath.Join(e.repo, ".claude", "settings.local.json")
	if st.code != 0 || !strings.Contains(st.stdout, "LOCKED: "+e.repo) || !strings.Contains(st.stdout, local) ||
		!strings.Contains(st.stdout, "toolu_1") || !strings.Contains(st.stdout, "make") {
		t.Fatalf("status: %+v", st)
	}
	tty := &fakeTTY{answer: typesTheCode}
	withPerson(t, tty, []proc{{pid: 10, comm: "bash", exe: "/usr/bin/bash"}, {pid: 9, comm: "sshd"}})
	r := e.tamper(t, []string{"HOME=" + e.home, "CODEX_HOME=/home/dev/.codex"}, "ack", "--restore", e.repo)
	if r.code != 0 || !strings.Contains(r.stdout, "already removed "+local) || !strings.Contains(r.stdout, "lifted the lock of "+e.repo) {
		t.Fatalf("ack: %+v\nterminal: %s", r, tty.shown.String())
	}
	if !strings.Contains(tty.shown.String(), local) {
		t.Errorf("the terminal did not show what is acknowledged: %s", tty.shown.String())
	}
	if _, err := os.Lstat(local); !os.IsNotExist(err) {
		t.Fatalf("%s after --restore: %v", local, err)
	}
	es, err := evidence.Records(context.Background(), e.state, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var ack *evidence.Record
	for i := range es {
		if es[i].Record.Type == evidence.TypeTamperAck {
			ack = &es[i].Record
		}
	}
	if ack == nil || ack.User == "" || ack.Extra["terminal"] != "/dev/pts/7" || ack.Extra["restore"] != true {
		t.Fatalf("tamper.ack record: %+v", ack)
	}
	if r := e.run(t, claudePre("ls"), "claude"); r.code != 0 {
		t.Fatalf("after the acknowledgement: %+v", r)
	}
	if st := e.tamper(t, nil, "status"); !strings.Contains(st.stdout, "no tamper lock") {
		t.Fatalf("status after ack: %+v", st)
	}
}

// The real checks: a reader is not a terminal; the ancestry walk finds
// this process with its executable.
func TestPersonChecksOnThisMachine(t *testing.T) {
	if _, _, err := openTerminal(&Env{Stdin: strings.NewReader("ABCDEF\n")}); err == nil {
		t.Fatal("a string reader was taken for a terminal")
	}
	ps := procAncestry(os.Getpid())
	exe, _ := os.Executable()
	if len(ps) == 0 || ps[0].pid != os.Getpid() || ps[0].exe != exe {
		t.Fatalf("ancestry of this process: %+v", ps)
	}
}
