package hook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/agent/agents"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Every fixture of every adapter is detected as the agent that sent it.
func TestDetectEveryFixture(t *testing.T) {
	n := 0
	for _, agent := range agent.Names() {
		files, _ := filepath.Glob(filepath.Join("..", "agent", agent, "testdata", "fixtures", "*.json"))
		if len(files) == 0 {
			t.Errorf("no fixtures for %s", agent)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := hook.Detect(b); got != agent {
				t.Errorf("%s: Detect = %q, want %q", f, got, agent)
			}
			n++
		}
	}
	t.Logf("%d fixtures", n)
}

func TestDetectShapes(t *testing.T) {
	cases := []struct{ payload, want string }{
		{`{"hook_event_name":"PreToolUse","session_id":"s","tool_name":"Bash","tool_input":{}}`, hook.Claude},
		{`{"hook_event_name":"PreToolUse","session_id":"s","turn_id":"t","tool_name":"Bash","tool_input":{}}`, hook.Codex},
		{`{"hook_event_name":"SessionStart","session_id":"s","transcript_path":"/h/.codex/sessions/x.jsonl","source":"startup"}`, hook.Codex},
		{`{"hook_event_name":"BeforeTool","timestamp":"2026-01-01T00:00:00Z","tool_name":"x"}`, hook.Gemini},
		{`{"hook_event_name":"SessionStart","timestamp":"2026-01-01T00:00:00Z","transcript_path":"/t"}`, hook.Gemini},
		{`{"hook_event_name":"PreToolUse","session_id":"s","timestamp":"2026-01-01T00:00:00Z","tool_name":"view","tool_input":{}}`, hook.Copilot},
		{`{"timestamp":1704614600000,"cwd":"/p","source":"new"}`, hook.Copilot},
		{`{"hook_event_name":"preToolUse","conversation_id":"c","tool_name":"Shell","tool_input":{}}`, hook.Cursor},
		{`{"hook_event_name":"on_session_start","session_id":"s"}`, hook.Hermes},
		{`{"session_id":"s"}`, ""},
		{`not json`, ""},
	}
	for _, c := range cases {
		if got := hook.Detect([]byte(c.payload)); got != c.want {
			t.Errorf("Detect(%s) = %q, want %q", c.payload, got, c.want)
		}
	}
}

// mandate hook claude receiving a Copilot or Cursor payload answers in the
// real caller's format.
func TestRunAnswersTheRealCaller(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	cases := []struct {
		fixture, key, want string
	}{
		{"../agent/copilot/testdata/fixtures/shell.pre.json", "permissionDecision", "deny"},
		{"../agent/cursor/testdata/fixtures/shell.pre.json", "permission", "deny"},
		{"../agent/gemini/testdata/fixtures/shell.pre.json", "decision", "deny"},
	}
	for _, c := range cases {
		g := &hooktest.Gate{Decision: hooktest.Deny}
		var out, errb bytes.Buffer
		code := hook.Run(context.Background(), claude, g, bytes.NewReader(hooktest.Read(t, c.fixture)), &out, &errb, hook.RunOptions{Lookup: agents.Lookup})
		var v map[string]any
		if err := json.Unmarshal(out.Bytes(), &v); err != nil || v[c.key] != c.want || code != 2 {
			t.Errorf("%s: exit %d stdout %q", c.fixture, code, out.String())
		}
		if len(g.Events) != 1 || g.Events[0].Agent != strings.Split(c.fixture, "/")[2] {
			t.Errorf("%s: gate saw %+v", c.fixture, g.Events)
		}
	}
}

// Without a registry the command-line adapter answers.
func TestRunWithoutLookupKeepsAdapter(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	g := &hooktest.Gate{Decision: hooktest.Deny}
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), claude, g, bytes.NewReader(hooktest.Read(t, "../agent/claude/testdata/fixtures/shell.pre.json")), &out, &errb, hook.RunOptions{})
	if code != 2 || !strings.Contains(out.String(), `"permissionDecision":"deny"`) {
		t.Errorf("exit %d stdout %q", code, out.String())
	}
}

// A nil gate (the gate could not be built) still answers a deny.
func TestRunNilGate(t *testing.T) {
	for _, n := range agent.Names() {
		ad, _ := agents.Lookup(n)
		var out, errb bytes.Buffer
		code := hook.Run(context.Background(), ad, nil, strings.NewReader("{"), &out, &errb, hook.RunOptions{})
		if code != 2 || out.Len() == 0 || errb.Len() == 0 {
			t.Errorf("%s: exit %d stdout %q stderr %q", n, code, out.String(), errb.String())
		}
	}
}

// TestPatchActions: every path of the envelope is an action, as Codex
// reads it and as the trimmed header says (the parser's own cases are in
// internal/codexpatch).
func TestPatchActions(t *testing.T) {
	acts, err := hook.PatchActions("apply_patch", "/w", "*** Begin Patch\n*** Add File:  a\n+x\n*** Update File: b\n*** Move to: c\n@@\n-1\n+2\n*** Delete File: /d\n*** End Patch\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range acts {
		got = append(got, string(a.Kind)+" "+strings.Join(a.Paths, ","))
	}
	want := []string{"file.write /w/a,/w/ a", "file.write /w/c", "file.delete /w/b", "file.delete /d"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := hook.PatchActions("apply_patch", "/w", "--- a\n+++ b\n"); err == nil {
		t.Error("a text that is not an envelope gave actions")
	}
}

func FuzzPatchActions(f *testing.F) {
	f.Add("*** Begin Patch\n*** Add File: a\n+x\n*** Update File: b\n*** Move to: c\n@@\n-1\n+2\n*** Delete File: d\n*** End Patch\n")
	f.Add("*** Begin Patch\n*** End Patch")
	f.Fuzz(func(t *testing.T, text string) {
		acts, err := hook.PatchActions("apply_patch", "/w", text)
		if err != nil {
			return
		}
		if len(acts) == 0 {
			t.Fatal("no actions without error")
		}
		for _, a := range acts {
			a.V = 1
			if err := a.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte(`{"hook_event_name":"PreToolUse"}`))
	f.Add([]byte(`{"timestamp":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := hook.Detect(b)
		if got == "" {
			return
		}
		if _, ok := agents.Lookup(got); !ok {
			t.Fatalf("Detect named unknown agent %q", got)
		}
	})
}

// Without a gate (the policy could not be loaded), a pre-tool event is a
// deny that names the reason, and a session event is not blocked (a
// blocked Stop or SessionStart would wedge the agent) but reported.
func TestRunNoGateReason(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	why := errors.New("policy: agent-policy.yaml:3:1: unknown key")
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), claude, nil, bytes.NewReader(hooktest.Read(t, "../agent/claude/testdata/fixtures/shell.pre.json")), &out, &errb, hook.RunOptions{NoGate: why})
	if code != 2 || !strings.Contains(out.String(), `"permissionDecision":"deny"`) || !strings.Contains(errb.String(), "unknown key") {
		t.Errorf("pre: exit %d stdout %q stderr %q", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	code = hook.Run(context.Background(), claude, nil, strings.NewReader(`{"session_id":"s","hook_event_name":"Stop","cwd":"/p"}`), &out, &errb, hook.RunOptions{NoGate: why})
	if code != 0 || out.Len() != 0 || !strings.Contains(errb.String(), "unknown key") {
		t.Errorf("stop: exit %d stdout %q stderr %q", code, out.String(), errb.String())
	}
}

// BenchmarkRunClaude measures the hook path without the gate: read, detect,
// decode, encode a deny.
func BenchmarkRunClaude(b *testing.B) {
	claude, _ := agents.Lookup(hook.Claude)
	payload := hooktest.Read(b, "../agent/claude/testdata/fixtures/write.pre.json")
	g := &hooktest.Gate{Decision: hooktest.Deny}
	for b.Loop() {
		var out, errb bytes.Buffer
		hook.Run(context.Background(), claude, g, bytes.NewReader(payload), &out, &errb, hook.RunOptions{Lookup: agents.Lookup})
	}
}

// Open builds the gate from the decoded event (its cwd), inside the budget;
// an Open error denies with the reason; an undecodable payload still gets a
// gate so that the failure is recorded.
func TestRunOpensGateFromEvent(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	payload := hooktest.Read(t, "../agent/claude/testdata/fixtures/shell.pre.json")
	var sawCwd string
	g := &hooktest.Gate{Decision: hooktest.Deny}
	open := func(ctx context.Context, ev *hook.Event) (hook.Gate, error) {
		sawCwd = ev.Cwd
		return g, nil
	}
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), claude, nil, bytes.NewReader(payload), &out, &errb, hook.RunOptions{Open: open})
	if code != 2 || sawCwd != "/home/dev/project" || len(g.Calls()) != 1 || g.Calls()[0] != "pre" {
		t.Errorf("exit %d cwd %q calls %q", code, sawCwd, g.Calls())
	}

	g2 := &hooktest.Gate{}
	open2 := func(ctx context.Context, ev *hook.Event) (hook.Gate, error) { return g2, nil }
	out.Reset()
	errb.Reset()
	code = hook.Run(context.Background(), claude, nil, strings.NewReader(`{"hook_event_name":`), &out, &errb, hook.RunOptions{Open: open2})
	if code != 2 || len(g2.Calls()) != 1 || !strings.HasPrefix(g2.Calls()[0], "failure") {
		t.Errorf("undecodable: exit %d calls %q", code, g2.Calls())
	}

	bad := func(ctx context.Context, ev *hook.Event) (hook.Gate, error) {
		return nil, errors.New("evidence: log directory is not writable")
	}
	out.Reset()
	errb.Reset()
	code = hook.Run(context.Background(), claude, nil, bytes.NewReader(payload), &out, &errb, hook.RunOptions{Open: bad})
	if code != 2 || !strings.Contains(errb.String(), "not writable") || !strings.Contains(out.String(), `"deny"`) {
		t.Errorf("open error: exit %d stdout %q stderr %q", code, out.String(), errb.String())
	}

	stuck := func(ctx context.Context, ev *hook.Event) (hook.Gate, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	out.Reset()
	errb.Reset()
	code = hook.Run(context.Background(), claude, nil, bytes.NewReader(payload), &out, &errb, hook.RunOptions{Open: stuck, Budget: 50 * time.Millisecond})
	if code != 2 || !strings.Contains(out.String(), `"deny"`) {
		t.Errorf("stuck open: exit %d stdout %q", code, out.String())
	}
}

// A stuck gate behind a Copilot payload sent to "mandate hook claude" is
// answered, after the budget, in Copilot's format.
func TestBudgetAnswerInCallersFormat(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	g := &hooktest.Gate{Stall: true}
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), claude, g, bytes.NewReader(hooktest.Read(t, "../agent/copilot/testdata/fixtures/shell.pre.json")), &out, &errb,
		hook.RunOptions{Lookup: agents.Lookup, Budget: 50 * time.Millisecond})
	if code != 2 || !strings.Contains(out.String(), `{"permissionDecision":"deny"`) {
		t.Errorf("exit %d stdout %q", code, out.String())
	}
}

// An older Codex payload (no turn_id) looks like Claude Code's; sent to
// "mandate hook codex" it stays with the Codex adapter (apply_patch).
func TestClaudeShapeNeverOverridesCommandLine(t *testing.T) {
	codex, _ := agents.Lookup(hook.Codex)
	payload := `{"session_id":"s","cwd":"/w","hook_event_name":"PreToolUse","tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\n"}}`
	g := &hooktest.Gate{}
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), codex, g, strings.NewReader(payload), &out, &errb, hook.RunOptions{Lookup: agents.Lookup})
	if code != 0 || len(g.Events) != 1 || g.Events[0].Agent != hook.Codex || g.Events[0].Actions[0].Kind != "file.write" {
		t.Errorf("exit %d events %+v", code, g.Events)
	}
}

func TestResolvePath(t *testing.T) {
	cases := []struct{ cwd, p, want string }{
		{"/w", "a/b", "/w/a/b"},
		// ".." stays for the policy to resolve as the kernel does: only the
		// file system knows whether the directory before it is a symlink.
		{"/w", "../etc/passwd", "/w/../etc/passwd"},
		{"/w", "/dev/fd/../environ", "/dev/fd/../environ"},
		{"/w", "/abs/./x//y/", "/abs/x/y"},
		{"/w", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519"},
		{"/w", "~", "~"},
		// another user's home to Python's expanduser, a relative name to
		// Node: kept for the policy, which judges both (toolpaths.go)
		{"/w", "~user/x", "~user/x"},
		{"", "rel", "rel"},
		{"/w", "", ""},
	}
	for _, c := range cases {
		if got := hook.ResolvePath(c.cwd, c.p); got != c.want {
			t.Errorf("ResolvePath(%q, %q) = %q, want %q", c.cwd, c.p, got, c.want)
		}
	}
}

// Fields.String answers exactly as json.Unmarshal into a string does,
// through its fast path or not.
func FuzzFieldsString(f *testing.F) {
	for _, s := range []string{`"plain"`, `"esc\"aped"`, `"\u00e9t\u00e9"`, "\"bad\xff\"", `12`, `null`, `"tab\tin"`, `""`, `{"a":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		fs, err := hook.Object([]byte(`{"k":` + raw + `}`))
		if err != nil {
			return
		}
		got, gerr := fs.String("k")
		var want string
		werr := json.Unmarshal(fs["k"], &want)
		if string(bytes.TrimSpace(fs["k"])) == "null" {
			want, werr = "", nil
		}
		if got != want || (gerr != nil) != (werr != nil) {
			t.Fatalf("String(%q) = %q, %v; json.Unmarshal: %q, %v", fs["k"], got, gerr, want, werr)
		}
	})
}

// exitingGate ends the worker's goroutine from inside Pre, as
// runtime.Goexit (or a library calling it) would.
type exitingGate struct{}

func (exitingGate) Pre(context.Context, *hook.Event) policy.Decision {
	runtime.Goexit()
	return policy.Decision{}
}
func (exitingGate) Post(context.Context, *hook.Event) error    { return nil }
func (exitingGate) Session(context.Context, *hook.Event) error { return nil }
func (exitingGate) Failure(context.Context, *hook.Event, error) policy.Decision {
	return policy.Decision{Decision: policy.Deny, Reason: "failure"}
}

// A worker that stops without returning (runtime.Goexit) must not leave
// the zero answer — empty output and exit 0, an allow to most agents.
// Class: fail-closed/worker-exit.
func TestRunWorkerGoexitDenies(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), claude, exitingGate{}, bytes.NewReader(hooktest.Read(t, "../agent/claude/testdata/fixtures/shell.pre.json")), &out, &errb, hook.RunOptions{})
	if code != 2 || !strings.Contains(errb.String(), "without an answer") {
		t.Fatalf("exit %d stdout %q stderr %q; want a deny", code, out.String(), errb.String())
	}
}

// TestPaths: every key present counts, strings and arrays alike, once.
func TestPaths(t *testing.T) {
	in := map[string]any{"file_path": "a", "absolute_path": "/b", "paths": []any{"a", "c", 3.0}, "empty": ""}
	got := hook.Paths(in, "file_path", "absolute_path", "paths", "empty", "missing")
	if strings.Join(got, "|") != "a|/b|c" {
		t.Errorf("Paths = %q", got)
	}
	if _, err := hook.NeedPaths("Read", in, "missing", "empty"); err == nil {
		t.Error("NeedPaths without a path gave no error")
	}
	acts := hook.Execs("run_shell_command", "/w", "ls", []string{"src", "/x"})
	if len(acts) != 2 || acts[0].Cwd != "/w/src" || acts[1].Cwd != "/x" {
		t.Errorf("Execs = %+v", acts)
	}
	if acts := hook.Execs("run_shell_command", "/w", "ls", nil); len(acts) != 1 || acts[0].Cwd != "/w" {
		t.Errorf("Execs without a directory = %+v", acts)
	}
}

// Red-team round 26 (#c9): a call refused because the budget ran out is
// recorded (the gate's Overdue), with its identity and size but never
// its input.
func TestBudgetDenyIsRecorded(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	g := &hooktest.Gate{Stall: true}
	payload := `{"session_id":"s1","cwd":"/w","hook_event_name":"PreToolUse","tool_name":"Bash","tool_use_id":"t1","tool_input":{"command":"cat .env; echo hunter2-in-clear"}}`
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), claude, g, strings.NewReader(payload), &out, &errb, hook.RunOptions{Budget: 50 * time.Millisecond})
	if code != 2 || !strings.Contains(out.String(), `"deny"`) {
		t.Fatalf("exit %d stdout %q", code, out.String())
	}
	var ev *hook.Event
	for i, c := range g.Calls() {
		if strings.HasPrefix(c, "overdue: ") && strings.Contains(c, hook.ErrBudget.Error()) {
			ev = g.Events[i]
		}
	}
	if ev == nil {
		t.Fatalf("the overdue call is not recorded: %q", g.Calls())
	}
	if ev.Tool != "Bash" || ev.SessionID != "s1" || ev.ToolUseID != "t1" || ev.Kind != hook.PreTool || len(ev.Actions) != 0 {
		t.Errorf("overdue event %+v", ev)
	}
	if strings.Contains(fmt.Sprint(ev.Input), "hunter2") {
		t.Errorf("the overdue record holds the input: %v", ev.Input)
	}
	if n, _ := ev.Input["payload_bytes"].(int); n != len(payload) {
		t.Errorf("payload size %v, want %d", ev.Input["payload_bytes"], len(payload))
	}
}

// A gate that answers in time records no overdue call.
func TestNoOverdueInTime(t *testing.T) {
	claude, _ := agents.Lookup(hook.Claude)
	g := &hooktest.Gate{}
	payload := `{"session_id":"s1","cwd":"/w","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}`
	var out, errb bytes.Buffer
	hook.Run(context.Background(), claude, g, strings.NewReader(payload), &out, &errb, hook.RunOptions{})
	for _, c := range g.Calls() {
		if strings.HasPrefix(c, "overdue") {
			t.Errorf("calls %q", g.Calls())
		}
	}
}
