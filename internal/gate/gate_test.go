package gate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

type fixedIdentity struct{ id Identity }

func (f fixedIdentity) Identify(context.Context, string) Identity { return f.id }

type env struct {
	dir, repo, home, state, bin string
	log                         *evidence.Log
	g                           *Gate
	vars                        map[string]string
}

// getenv is the hook's environment in a test: HOME and PATH point into
// the test's tree, nothing else is set.
func (e *env) getenv(k string) string { return e.vars[k] }

// testBinaries pins these files as the process's own binaries instead of
// the test executable.
func testBinaries(own ...string) *binaries {
	b := &binaries{}
	b.once.Do(func() { b.own = own })
	return b
}

var t0 = time.Date(2026, 11, 21, 14, 22, 0, 0, time.UTC)

// newEnv builds a repository, a home and a state directory, and a gate
// over the real policy engine and the real evidence log.
func newEnv(t testing.TB, policyText string) *env {
	t.Helper()
	e := &env{dir: t.TempDir()}
	e.repo = filepath.Join(e.dir, "repo")
	e.home = filepath.Join(e.dir, "home")
	e.bin = filepath.Join(e.dir, "bin")
	e.state = filepath.Join(e.home, ".local", "state", "mandate")
	e.vars = map[string]string{"HOME": e.home, "PATH": e.bin}
	for _, d := range []string{filepath.Join(e.repo, ".git", "refs", "heads"), filepath.Join(e.repo, "src"), e.home, e.bin} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(e.repo, ".git", "HEAD"), []byte("ref: refs/heads/feature\n"), 0o644)
	os.WriteFile(filepath.Join(e.repo, ".git", "refs", "heads", "feature"), []byte("0123456789abcdef0123456789abcdef01234567\n"), 0o644)
	for _, n := range []string{"mandate", "mandate-engine"} {
		os.WriteFile(filepath.Join(e.bin, n), []byte("#!/bin/sh\necho "+n+"\n"), 0o755)
	}
	var p *policy.Policy
	if policyText == "" {
		p = policy.Default()
	} else {
		var err error
		p, err = policy.Parse(filepath.Join(e.repo, "agent-policy.yaml"), []byte(policyText))
		if err != nil {
			t.Fatal(err)
		}
	}
	p = p.WithOptions(policy.Options{StateDirs: []string{e.state}})
	red, err := evidence.NewRedactor(e.state, false)
	if err != nil {
		t.Fatal(err)
	}
	// The clock ticks a second per reading. Post's watch and the log
	// read it from concurrent calls, so the tick is guarded.
	var clockMu sync.Mutex
	now := t0
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		now = now.Add(time.Second)
		return now
	}
	e.log, err = evidence.Open(e.state, evidence.Options{Now: clock, Redactor: red})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.log.Close() })
	e.g, err = New(Config{
		Policy:   p,
		Log:      e.log,
		StateDir: e.state,
		Identity: fixedIdentity{Identity{User: "dev-37@example.com", Home: e.home, Host: "ws-1"}},
		Now:      clock,
		Getenv:   e.getenv,
		bins:     testBinaries(filepath.Join(e.bin, "mandate-engine")),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) shell(cmd string) *hook.Event {
	return &hook.Event{
		Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", AgentVersion: "2.1.330",
		SessionID: "sess-1", Cwd: e.repo, Tool: "Bash",
		Input:   map[string]any{"command": cmd},
		Actions: []action.Action{{Kind: action.Exec, Command: cmd}},
	}
}

func (e *env) records(t testing.TB) []evidence.Record {
	t.Helper()
	es, err := e.log.Records(context.Background(), evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]evidence.Record, len(es))
	for i := range es {
		out[i] = es[i].Record
	}
	return out
}

func TestPreRecordsSessionPolicyAndDecision(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	if d := e.g.Pre(ctx, e.shell("go test ./...")); d.Decision != policy.Allow {
		t.Fatalf("go test: %s (%s), want allow", d.Decision, d.Reason)
	}
	d := e.g.Pre(ctx, e.shell("cat ~/.aws/credentials"))
	if d.Decision != policy.Deny {
		t.Fatalf("credential read: %s (%s), want deny", d.Decision, d.Reason)
	}
	recs := e.records(t)
	var types []string
	for _, r := range recs {
		types = append(types, r.Type)
	}
	want := "policy.load session.start decision decision"
	if got := strings.Join(types, " "); got != want {
		t.Fatalf("record types = %q, want %q", got, want)
	}
	last := recs[3]
	if last.Decision != "deny" || last.SessionID != "sess-1" || last.User != "dev-37@example.com" ||
		last.Agent != "claude" || last.AgentVersion != "2.1.330" || last.Repo != e.repo ||
		last.Commit != "0123456789abcdef0123456789abcdef01234567" || last.Tool != "Bash" ||
		last.ActionType != "exec" || last.PolicyDigest != e.g.Policy().Digest() || len(last.PolicyChecks) == 0 {
		t.Errorf("decision record incomplete: %+v", last)
	}
	for _, r := range recs[1:] {
		if r.TrustLevel != "write_local" {
			t.Errorf("%s record has trust_level %q, want write_local", r.Type, r.TrustLevel)
		}
	}
	if recs[0].PolicyText == "" {
		t.Error("policy.load record has no policy text")
	}
	// A second process of the same session finds the session: no new start.
	if d := e.g.Pre(ctx, e.shell("ls")); d.Decision != policy.Allow {
		t.Fatal(d.Reason)
	}
	if n := len(e.records(t)); n != 5 {
		t.Fatalf("%d records after a third call, want 5", n)
	}
}

func TestSecretsAreRedactedBeforeStorage(t *testing.T) {
	e := newEnv(t, "")
	secret := "ghp_" + strings.Repeat("aB3x", 9)
	ev := e.shell("curl -H 'Authorization: token " + secret + "' https://api.github.com/user")
	e.g.Pre(context.Background(), ev)
	err := filepath.Walk(e.state, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), secret) {
			t.Errorf("%s holds the secret in clear", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	recs := e.records(t)
	if len(recs[len(recs)-1].Redactions) == 0 {
		t.Error("the decision record lists no redactions")
	}
}

type failingLog struct{ Recorder }

func (failingLog) Append(context.Context, evidence.Record) (int64, error) {
	return 0, errors.New("no space left on device")
}

func TestUnrecordableActionIsDenied(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	e.g.Pre(ctx, e.shell("ls")) // opens the session
	e.g.cfg.Log = failingLog{e.log}
	d := e.g.Pre(ctx, e.shell("ls"))
	if d.Decision != policy.Deny || !strings.Contains(d.Reason, "no space left") {
		t.Fatalf("got %s (%s), want a deny naming the log failure", d.Decision, d.Reason)
	}
	// A fresh session cannot even be opened: deny too.
	ev := e.shell("ls")
	ev.SessionID = "sess-2"
	if d := e.g.Pre(ctx, ev); d.Decision != policy.Deny {
		t.Fatalf("new session with a failing log: %s, want deny", d.Decision)
	}
}

func TestFailure(t *testing.T) {
	ctx := context.Background()
	closed := newEnv(t, "")
	d := closed.g.Failure(ctx, closed.shell("ls"), errors.New("truncated payload"))
	if d.Decision != policy.Deny || !strings.Contains(d.Reason, "truncated payload") {
		t.Fatalf("fail-closed: %s (%s)", d.Decision, d.Reason)
	}
	open := newEnv(t, "fail_mode: open\npolicies:\n  - name: p\n    rules:\n      - block_commands: [\"x\"]\n")
	d = open.g.Failure(ctx, open.shell("ls"), errors.New("truncated payload"))
	if d.Decision != policy.Allow {
		t.Fatalf("fail-open: %s (%s), want allow", d.Decision, d.Reason)
	}
	recs := open.records(t)
	if r := recs[len(recs)-1]; r.Type != "fail_open" || r.Decision != "allow" {
		t.Fatalf("fail-open not recorded: %+v", r)
	}
	open.g.cfg.Log = failingLog{open.log}
	if d := open.g.Failure(ctx, open.shell("ls"), errors.New("x")); d.Decision != policy.Deny {
		t.Fatal("an unrecordable fail-open must be denied")
	}
}

func TestPostRecordsDiffHash(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	path := filepath.Join(e.repo, "src", "a.go")
	os.WriteFile(path, []byte("package a\n"), 0o644)
	ok := true
	ev := &hook.Event{Kind: hook.PostTool, Agent: "claude", SessionID: "sess-1", Cwd: e.repo, Tool: "Write",
		Actions: []action.Action{{Kind: action.FileWrite, Paths: []string{"src/a.go"}}}, Success: &ok}
	if err := e.g.Post(ctx, ev); err != nil {
		t.Fatal(err)
	}
	recs := e.records(t)
	r := recs[len(recs)-1]
	sum := sha256.Sum256([]byte("package a\n"))
	want := "sha256:" + hex.EncodeToString(sum[:])
	if r.Type != "outcome" || r.Result != "success" || r.DiffHash != want {
		t.Fatalf("outcome record: %+v", r)
	}
}

func TestSessionEndWritesCheckpoint(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	e.g.Pre(ctx, e.shell("ls"))
	end := &hook.Event{Kind: hook.SessionEnd, Name: "SessionEnd", Agent: "claude", SessionID: "sess-1", Cwd: e.repo}
	if err := e.g.Session(ctx, end); err != nil {
		t.Fatal(err)
	}
	rep, err := evidence.Verify(ctx, e.state)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Checkpoints == 0 {
		t.Fatalf("verify after session end: %+v", rep)
	}
}

func TestGitState(t *testing.T) {
	e := newEnv(t, "")
	root, branch, commit := gitState(filepath.Join(e.repo, "src"))
	if root != e.repo || branch != "feature" || commit != "0123456789abcdef0123456789abcdef01234567" {
		t.Fatalf("gitState = %q %q %q", root, branch, commit)
	}
	if r, _, _ := gitState(e.home); r != "" {
		t.Fatalf("home is not a repository, got %q", r)
	}
}

// TestTrustFromRoles: the session's groups pick the trust level through the
// policy's roles, for decisions and records alike.
func TestTrustFromRoles(t *testing.T) {
	e := newEnv(t, "roles:\n  - {name: juniors, groups: [juniors], trust_level: read_only}\npolicies:\n  - name: p\n    rules:\n      - block_commands: [\"x\"]\n")
	e.g.cfg.Identity = fixedIdentity{Identity{User: "dev-1", Groups: []string{"juniors"}, Home: e.home}}
	d := e.g.Pre(context.Background(), e.shell("touch src/new.go"))
	if d.Decision != policy.Deny || d.TrustLevel != "read_only" {
		t.Fatalf("junior write: %s at %q (%s), want deny at read_only", d.Decision, d.TrustLevel, d.Reason)
	}
	for _, r := range e.records(t)[1:] {
		if r.TrustLevel != "read_only" {
			t.Errorf("%s record has trust_level %q, want read_only", r.Type, r.TrustLevel)
		}
	}
}

// Red-team round 26 (#c9): a call hook.Run refused when its budget ran
// out is recorded as a failure, a deny even under fail_mode: open, and
// without its input.
func TestOverdueRecorded(t *testing.T) {
	ctx := context.Background()
	for _, pol := range []string{"", "fail_mode: open\npolicies:\n  - name: p\n    rules:\n      - block_commands: [\"x\"]\n"} {
		e := newEnv(t, pol)
		ev := e.shell("cat .env; echo hunter2-in-clear")
		ev.Input = map[string]any{"overdue": "input not recorded", "payload_bytes": 2 << 20}
		e.g.Overdue(ctx, ev, errors.New("hook: time budget exceeded: no decision within 10s"))
		recs := e.records(t)
		r := recs[len(recs)-1]
		if r.Type != evidence.TypeFailure || r.Decision != "deny" || !strings.Contains(r.Reason, "time budget") || r.Tool != ev.Tool {
			t.Errorf("%q: overdue recorded as %+v", pol, r)
		}
		if strings.Contains(fmt.Sprint(r), "hunter2") {
			t.Errorf("%q: the overdue record holds the input: %+v", pol, r)
		}
	}
}
