package gate

import (
	"context"
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
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

const npmPolicy = `policies:
  - name: dependency-control
    rules:
      - block_commands: ["npm install"]
`

// newRepoEnv is newEnv with the policy written to the repository as
// agent-policy.yaml and the gate opened on it as a hook process would.
func newRepoEnv(t *testing.T, policyText string) *env {
	t.Helper()
	e := newEnv(t, "")
	if policyText != "" {
		write(t, filepath.Join(e.repo, policy.FileName), policyText)
	}
	e.g = e.gateAt(t, e.repo)
	return e
}

// accept is a person's mandate policy accept of every pending change.
func (e *env) accept(t *testing.T) *AcceptReport {
	t.Helper()
	rep, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, By: "mandate policy accept", Who: AckIdentity{User: "dev"}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// gateAt is the gate another hook process builds for a call whose working
// directory is cwd: the policy located from there, the same state.
func (e *env) gateAt(t *testing.T, cwd string) *Gate {
	t.Helper()
	p, err := LoadPolicy("", cwd, e.getenv)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Config{
		Policy: p, Log: e.log, StateDir: e.state, Getenv: e.getenv,
		Identity: fixedIdentity{Identity{User: "dev-37@example.com", Home: e.home, Host: "ws-1"}},
		Now:      e.g.cfg.Now,
		bins:     e.g.cfg.bins,
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// call is a pre-tool Bash call with a tool use id, in dir.
func (e *env) call(dir, session, id, cmd string) *hook.Event {
	return &hook.Event{
		Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: session, Cwd: dir,
		Tool: "Bash", ToolUseID: id, Input: map[string]any{"command": cmd},
		Actions: []action.Action{{Kind: action.Exec, Command: cmd}},
	}
}

func (e *env) post(dir, session, id string) *hook.Event {
	ok := true
	return &hook.Event{Kind: hook.PostTool, Name: "PostToolUse", Agent: "claude", SessionID: session, Cwd: dir,
		Tool: "Bash", ToolUseID: id, Success: &ok}
}

func (e *env) ofType(t *testing.T, typ string) []evidence.Record {
	t.Helper()
	var out []evidence.Record
	for _, r := range e.records(t) {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

func mustDecide(t *testing.T, g *Gate, ev *hook.Event, want policy.Effect) policy.Decision {
	t.Helper()
	d := g.Pre(context.Background(), ev)
	if d.Decision != want {
		t.Fatalf("%s: %s (%s/%s: %s), want %s", ev.Actions[0].Command, d.Decision, d.Policy, d.Rule, d.Reason, want)
	}
	return d
}

// Feed: every decision gets the protected set — the policy in force, the
// hook configurations of the repository, the home directory and the
// machine (present or not), Mandate's binaries (own, on PATH, and the
// programs registered in hook configurations), the state directory.
func TestFeedProtectedSet(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	registered := filepath.Join(e.dir, "opt", "mandate")
	write(t, filepath.Join(e.home, ".claude", "settings.json"),
		`{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"`+registered+` hook claude"}]}]}}`)
	write(t, filepath.Join(e.repo, ".github", "hooks", "mandate.json"), `{"version":1}`)
	e.g = e.gateAt(t, e.repo)
	ctx := context.Background()
	ev := e.call(e.repo, "s-1", "t-1", "ls")
	s, err := e.g.session(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.g.watch(ctx, ev, s)
	if err != nil {
		t.Fatal(err)
	}
	opts := e.g.options(v, []decider{{p: e.g.cfg.Policy, role: roleLocated}}, StateDirs(e.g.cfg.Getenv), e.g.cfg.Getenv("PATH"))
	got := map[string]policy.ProtectedKind{}
	for _, p := range opts.Protected {
		got[p.Path] = p.Kind
	}
	want := map[string]policy.ProtectedKind{
		filepath.Join(e.repo, "agent-policy.yaml"):                  policy.ProtectPolicy,
		filepath.Join(e.repo, ".claude/settings.json"):              policy.ProtectHookConfig,
		filepath.Join(e.repo, ".claude/settings.local.json"):        policy.ProtectHookConfig,
		filepath.Join(e.repo, ".codex/hooks.json"):                  policy.ProtectHookConfig,
		filepath.Join(e.repo, ".gemini/settings.json"):              policy.ProtectHookConfig,
		filepath.Join(e.repo, ".cursor/hooks.json"):                 policy.ProtectHookConfig,
		filepath.Join(e.repo, ".github/hooks/mandate.json"):         policy.ProtectHookConfig,
		filepath.Join(e.home, ".claude/settings.json"):              policy.ProtectHookConfig,
		filepath.Join(e.home, ".codex/config.toml"):                 policy.ProtectHookConfig,
		filepath.Join(e.home, ".codex/hooks.json"):                  policy.ProtectHookConfig,
		filepath.Join(e.home, ".gemini/settings.json"):              policy.ProtectHookConfig,
		filepath.Join(e.home, ".cursor/hooks.json"):                 policy.ProtectHookConfig,
		filepath.Join(e.home, ".hermes/config.yaml"):                policy.ProtectHookConfig,
		filepath.Join(e.bin, "mandate"):                             policy.ProtectBinary,
		filepath.Join(e.bin, "mandate-engine"):                      policy.ProtectBinary,
		registered:                                                  policy.ProtectBinary,
		e.state:                                                     policy.ProtectState,
		"/etc/claude-code/managed-settings.json":                    policy.ProtectHookConfig,
		"/etc/gemini-cli/settings.json":                             policy.ProtectHookConfig,
		"/etc/cursor/hooks.json":                                    policy.ProtectHookConfig,
		filepath.Join(e.home, ".local", "state", "mandate"):         policy.ProtectState,
		filepath.Join(e.repo, ".github/copilot/settings.json"):      policy.ProtectHookConfig,
		filepath.Join(e.home, ".copilot/settings.json"):             policy.ProtectHookConfig,
		filepath.Join(e.home, ".claude/settings.local.json"):        policy.ProtectHookConfig,
		filepath.Join(e.home, ".hermes/shell-hooks-allowlist.json"): policy.ProtectHookConfig,
	}
	for p, k := range want {
		if got[p] != k {
			t.Errorf("protected %s: kind %v, want %v", p, got[p], k)
		}
	}
	if opts.PathEnv != e.bin || opts.Procs == nil || len(opts.StateDirs) == 0 {
		t.Errorf("options: PathEnv %q, Procs set %v, StateDirs %v", opts.PathEnv, opts.Procs != nil, opts.StateDirs)
	}
}

// Session pinning, class "a repository created inside the governed one
// drops the policy": after `git init src` (or mkdir src/.git), a call
// whose cwd is src/ locates no policy (the default); the pinned policy
// still decides, the stricter wins, and both digests are on the record.
func TestSessionPolicyPinnedAcrossRepositories(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	repoPolicy := e.g.Policy().Digest()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
	src := filepath.Join(e.repo, "src")
	if err := os.MkdirAll(filepath.Join(src, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	inner := e.gateAt(t, src)
	if inner.Policy().Name() != policy.DefaultName {
		t.Fatalf("the nested repository locates %q, want the built-in default", inner.Policy().Name())
	}
	mustDecide(t, inner, e.call(src, "s-1", "t-2", "npm install left-pad"), policy.Deny)
	recs := e.ofType(t, "decision")
	last := recs[len(recs)-1]
	if last.PolicyDigest != inner.Policy().Digest() || last.PinnedPolicyDigest != repoPolicy {
		t.Errorf("record digests: located %s pinned %s; want %s and %s", last.PolicyDigest, last.PinnedPolicyDigest, inner.Policy().Digest(), repoPolicy)
	}
	// Another repository entirely (cd ../other && ...): decided by both too.
	other := filepath.Join(e.dir, "other")
	os.MkdirAll(filepath.Join(other, ".git"), 0o755)
	mustDecide(t, e.gateAt(t, other), e.call(other, "s-1", "t-3", "npm install x"), policy.Deny)
	// A new session started in src/ is governed by what it locates and by
	// the repository enclosing it (enclosing.go).
	mustDecide(t, inner, e.call(src, "s-2", "t-4", "npm install left-pad"), policy.Deny)
}

// The pinned copy decides when the policy file is gone: a person removed
// it between calls (a governance change, recorded), the session keeps its
// policy; a new session gets the default once a person accepted that.
func TestPinnedCopyDecidesWhenPolicyIsGone(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "npm install x"), policy.Deny)
	if err := os.Remove(filepath.Join(e.repo, policy.FileName)); err != nil {
		t.Fatal(err)
	}
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "t-2", "npm install x"), policy.Deny)
	changes := e.ofType(t, evidence.TypeGovernanceChange)
	if len(changes) != 1 || changes[0].ResourcePath != filepath.Join(e.repo, policy.FileName) || changes[0].Extra["new_digest"] != "absent" {
		t.Fatalf("governance-change records: %+v", changes)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
		t.Fatalf("%d tamper records for a change between calls", n)
	}
	// A new session: the accepted text still decides until a person
	// accepts the removal (round 23 fix), then the default.
	mustDecide(t, g, e.call(e.repo, "s-2", "t-3", "npm install x"), policy.Deny)
	e.accept(t)
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-3", "t-4", "npm install x"), policy.Allow)
}

// Integrity pinning, class "governance switched off by an action that does
// not look like it": a settings.local.json with disableAllHooks created
// while a tool call is in flight is a tamper event naming that call, and
// every later action in the repository is denied, for this session and
// any new one, until a person acknowledges it; another repository is not
// locked.
func TestTamperBetweenPreAndPostLocksRepository(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	cmd := "npm test" // what the call looked like: the test script does the rest
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", cmd), policy.Allow)
	local := filepath.Join(e.repo, ".claude", "settings.local.json")
	write(t, local, `{"disableAllHooks": true}`)
	if err := e.g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	tam := e.ofType(t, evidence.TypeTamper)
	if len(tam) != 1 {
		t.Fatalf("%d tamper records, want 1", len(tam))
	}
	r := tam[0]
	if r.ToolUseID != "toolu_A" || r.Tool != "Bash" || r.Params["command"] != cmd || r.ResourcePath != local ||
		r.Extra["old_digest"] != "absent" || !strings.HasPrefix(r.Extra["new_digest"].(string), "sha256:") || r.Extra["scope"] != "repository" {
		t.Fatalf("tamper record: %+v", r)
	}
	d := mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_B", "ls"), policy.Deny)
	if !strings.Contains(d.Reason, "mandate tamper ack") || !strings.Contains(d.Reason, "changed by an agent action") {
		t.Fatalf("lock reason: %s", d.Reason)
	}
	mustDecide(t, e.g, e.call(e.repo, "s-new", "toolu_C", "ls"), policy.Deny)
	other := filepath.Join(e.dir, "other")
	os.MkdirAll(filepath.Join(other, ".git"), 0o755)
	mustDecide(t, e.gateAt(t, other), e.call(other, "s-other", "toolu_D", "ls"), policy.Allow)

	locks, err := Locks(e.state)
	if err != nil || len(locks) != 1 || locks[0].Root != e.repo || locks[0].Changes[0].Actions[0].ToolUseID != "toolu_A" {
		t.Fatalf("locks: %+v, %v", locks, err)
	}
	rep, err := Ack(ctx, AckOptions{StateDir: e.state, Root: e.repo, Restore: true, Log: e.log,
		Who: AckIdentity{User: "dev", UID: 1000, Terminal: "/dev/pts/3"}})
	if err != nil {
		t.Fatal(err)
	}
	// The file was removed when the tamper was seen (red-team round 28,
	// #303: restored at once); --restore has nothing left to put back.
	if len(rep.Files) != 1 || rep.Files[0].Action != "already removed" || locks[0].Changes[0].Restored != "removed" || r.Extra["restore"] != "removed" {
		t.Fatalf("ack report: %+v, restored at once: %q, record: %v", rep.Files, locks[0].Changes[0].Restored, r.Extra["restore"])
	}
	if _, err := os.Lstat(local); !os.IsNotExist(err) {
		t.Fatalf("restore left %s: %v", local, err)
	}
	acks := e.ofType(t, evidence.TypeTamperAck)
	if len(acks) != 1 || acks[0].User != "dev" || acks[0].Extra["restore"] != true {
		t.Fatalf("tamper.ack records: %+v", acks)
	}
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_E", "ls"), policy.Allow)
	if n := len(e.ofType(t, evidence.TypeTamper)) + len(e.ofType(t, evidence.TypeGovernanceChange)); n != 1 {
		t.Fatalf("the restore itself was recorded as a change: %d records", n)
	}
}

// A policy rewritten during a call (whatever the call looked like) locks
// the repository; ack without --restore accepts the new text as the pin,
// for sessions that start from then on.
func TestTamperOfPolicyAckAccept(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	// A script the analysis cannot see into (the write is this test's).
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "python3 tools/fmt.py"), policy.Allow)
	write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
	// Seen first by another session's pre-tool event, while t-1 runs.
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "u-1", "ls"), policy.Deny)
	if tam := e.ofType(t, evidence.TypeTamper); len(tam) != 1 || tam[0].ToolUseID != "t-1" {
		t.Fatalf("tamper records: %+v", tam)
	}
	if _, err := Ack(ctx, AckOptions{StateDir: e.state, Log: e.log, Who: AckIdentity{User: "dev"}}); err != nil {
		t.Fatal(err)
	}
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-3", "u-2", "npm install x"), policy.Allow)
	// A session that started under the old text keeps it: an accepted
	// looser policy governs from the next session on.
	mustDecide(t, g, e.call(e.repo, "s-1", "t-2", "npm install x"), policy.Deny)
	if _, err := Ack(ctx, AckOptions{StateDir: e.state, Log: e.log}); err != ErrNoLock {
		t.Fatalf("ack with no lock: %v", err)
	}
}

// A change to a file outside any repository (the user's hook settings, a
// Mandate binary) during a call locks every repository.
func TestGlobalTamperLocksEveryRepository(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(e *env)
	}{
		{"user settings", func(e *env) {
			write(t, filepath.Join(e.home, ".claude", "settings.json"), `{"hooks":{}}`)
		}},
		{"binary replaced", func(e *env) {
			p := filepath.Join(e.bin, "mandate")
			os.Remove(p)
			os.WriteFile(p, []byte("#!/bin/sh\nexit 0\n"), 0o755)
		}},
		{"binary rewritten in place, same size", func(e *env) {
			p := filepath.Join(e.bin, "mandate-engine")
			b, _ := os.ReadFile(p)
			b[len(b)-2] ^= 1
			st, _ := os.Stat(p)
			os.WriteFile(p, b, 0o755)
			os.Chtimes(p, st.ModTime(), st.ModTime())
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "true"), policy.Allow)
			tc.change(e)
			e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
			if tam := e.ofType(t, evidence.TypeTamper); len(tam) != 1 || tam[0].Extra["scope"] != "global" {
				t.Fatalf("tamper records: %+v", tam)
			}
			other := filepath.Join(e.dir, "other")
			os.MkdirAll(filepath.Join(other, ".git"), 0o755)
			d := mustDecide(t, e.gateAt(t, other), e.call(other, "s-9", "t-9", "ls"), policy.Deny)
			if !strings.Contains(d.Reason, "every repository") {
				t.Fatalf("reason: %s", d.Reason)
			}
		})
	}
}

// A change seen while nothing is in flight is a governance change: the
// new policy text is recorded with its digest, no lock; the pin keeps the
// accepted text, which decides with the new one until a person accepts it
// (pending.go), so a stricter edit is in force at once.
func TestGovernanceChangeBetweenCalls(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
	text := "policies:\n  - name: stricter\n    rules:\n      - block_commands: [\"npm install\", \"curl\"]\n"
	write(t, filepath.Join(e.repo, policy.FileName), text)
	g := e.gateAt(t, e.repo)
	mustDecide(t, g, e.call(e.repo, "s-1", "t-2", "curl https://example.com"), policy.Deny)
	ch := e.ofType(t, evidence.TypeGovernanceChange)
	if len(ch) != 1 || ch[0].PolicyText != text || ch[0].PolicyDigest != g.Policy().Digest() ||
		!strings.HasPrefix(fmt.Sprint(ch[0].Extra["pin"]), "pending") || ch[0].Extra["accepted_digest"] != e.g.Policy().Digest() {
		t.Fatalf("governance-change: %+v", ch)
	}
	if locks, _ := Locks(e.state); len(locks) != 0 {
		t.Fatalf("locks after a change between calls: %+v", locks)
	}
}

// Claude Code itself writes permission rules into settings.local.json
// when a person answers "don't ask again", during the call: that governs
// no hook and is not a tamper event. Anything else in the file is.
func TestClaudePermissionWriteIsNotTamper(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	local := filepath.Join(e.repo, ".claude", "settings.local.json")
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "npm test"), policy.Allow)
	write(t, local, `{"permissions":{"allow":["Bash(npm test:*)"]}}`)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-2", "ls"), policy.Allow)
	write(t, local, `{"permissions":{"allow":["Bash(npm test:*)"]},"env":{"MANDATE_POLICY":"/tmp/p.yaml"}}`)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-2"))
	if tam := e.ofType(t, evidence.TypeTamper); len(tam) != 1 || tam[0].ToolUseID != "t-2" {
		t.Fatalf("tamper records: %+v", tam)
	}
}

// Parallel tool calls: every call in flight is named, and the change is
// recorded once however many hook processes see it at the same time.
func TestParallelCallsAllNamedOnce(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	for _, id := range []string{"t-1", "t-2", "t-3"} {
		mustDecide(t, e.g, e.call(e.repo, "s-1", id, "sleep 1"), policy.Allow)
	}
	write(t, filepath.Join(e.repo, ".codex", "hooks.json"), `{"hooks":{}}`)
	var wg sync.WaitGroup
	for _, id := range []string{"t-1", "t-2", "t-3"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.gateAt(t, e.repo).Post(context.Background(), e.post(e.repo, "s-1", id))
		}()
	}
	wg.Wait()
	tam := e.ofType(t, evidence.TypeTamper)
	if len(tam) != 1 {
		t.Fatalf("%d tamper records, want 1", len(tam))
	}
	if acts, _ := tam[0].Extra["actions"].([]any); len(acts) != 3 {
		t.Fatalf("the record names %d calls, want 3: %+v", len(acts), tam[0].Extra["actions"])
	}
}

// A call lands at its post-tool event, at a turn boundary of its session
// (a call a person rejected has no post-tool event), or at the session's
// end; one started in the background stays in flight after its post.
func TestCallsInFlightLand(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "rejected", "rm -rf build"), policy.Allow)
	bg := e.call(e.repo, "s-1", "bg", "npm run dev")
	bg.Input["run_in_background"] = true
	mustDecide(t, e.g, bg, policy.Allow)
	e.g.Post(ctx, e.post(e.repo, "s-1", "bg"))
	// the agent's hook process for the turn boundary starts after the
	// person rejected the call (inflight.go: execForkWindow)
	e.g.cfg.CallerStart = func() time.Time { return e.g.cfg.Now().Add(time.Minute) }
	e.g.Session(ctx, &hook.Event{Kind: hook.Other, Name: "UserPromptSubmit", Agent: "claude", SessionID: "s-1", Cwd: e.repo})
	fl := inFlight(e.state, e.g.cfg.Now())
	if len(fl) != 1 || !fl[0].Background {
		t.Fatalf("in flight after the turn boundary: %+v", fl)
	}
	e.g.Session(ctx, &hook.Event{Kind: hook.SessionEnd, Name: "SessionEnd", Agent: "claude", SessionID: "s-1", Cwd: e.repo})
	if fl := inFlight(e.state, e.g.cfg.Now()); len(fl) != 0 {
		t.Fatalf("in flight after the session's end: %+v", fl)
	}
	// Agents that send no tool use id: the post-tool event lands the
	// oldest call of the same tool.
	noID := func(kind hook.EventKind) *hook.Event {
		ev := e.call(e.repo, "g-1", "", "ls")
		ev.Kind, ev.Agent = kind, "gemini"
		return ev
	}
	mustDecide(t, e.g, noID(hook.PreTool), policy.Allow)
	mustDecide(t, e.g, noID(hook.PreTool), policy.Allow)
	e.g.Post(ctx, noID(hook.PostTool))
	if fl := inFlight(e.state, e.g.cfg.Now()); len(fl) != 1 {
		t.Fatalf("in flight: %+v", fl)
	}
	// Calls older than the bound are no longer in flight.
	if fl := inFlight(e.state, e.g.cfg.Now().Add(flightTTL+time.Minute)); len(fl) != 0 {
		t.Fatalf("expired calls still in flight: %+v", fl)
	}
}

// Fail closed, class "a FIFO stalls the call": a protected file replaced
// by a FIFO, a post-tool file that is a FIFO, a session file or the
// repository's HEAD replaced by a FIFO, each answer within a bound.
func TestFIFONeverStalls(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "true"), policy.Allow)
		settings := filepath.Join(e.repo, ".claude", "settings.json")
		os.MkdirAll(filepath.Dir(settings), 0o755)
		if err := unix.Mkfifo(settings, 0o644); err != nil {
			t.Error(err)
			return
		}
		fifo := filepath.Join(e.repo, "src", "out")
		unix.Mkfifo(fifo, 0o644)
		post := e.post(e.repo, "s-1", "t-1")
		post.Tool = "Write"
		post.Actions = []action.Action{{Kind: action.FileWrite, Paths: []string{fifo}}}
		if err := e.g.Post(ctx, post); err != nil {
			t.Error(err)
		}
		tam := e.ofType(t, evidence.TypeTamper)
		if len(tam) != 1 || tam[0].Extra["new_digest"] != "fifo" {
			t.Errorf("tamper records: %+v", tam)
		}
		outs := e.ofType(t, "outcome")
		files, _ := outs[len(outs)-1].Extra["files"].([]any)
		if len(files) != 1 || !strings.Contains(files[0].(map[string]any)["sha256"].(string), "not a regular file") {
			t.Errorf("outcome files: %+v", files)
		}
		// A session file replaced by a FIFO: deny, not a hang.
		sp := e.g.sessionPath("claude", "s-2")
		os.MkdirAll(filepath.Dir(sp), 0o700)
		unix.Mkfifo(sp, 0o600)
		if d := e.g.Pre(ctx, e.call(e.repo, "s-2", "t-2", "ls")); d.Decision != policy.Deny {
			t.Errorf("session FIFO: %s", d.Decision)
		}
		// HEAD as a FIFO: the session opens without reading it.
		other := filepath.Join(e.dir, "o2")
		os.MkdirAll(filepath.Join(other, ".git"), 0o755)
		unix.Mkfifo(filepath.Join(other, ".git", "HEAD"), 0o644)
		e.gateAt(t, other).Pre(ctx, e.call(other, "s-3", "t-3", "ls"))
		// The repository's state mark as a FIFO: deny, not a hang.
		marked := filepath.Join(e.dir, "o3")
		os.MkdirAll(filepath.Join(marked, ".git"), 0o755)
		unix.Mkfifo(filepath.Join(marked, ".git", stateMarkName), 0o644)
		if d := e.gateAt(t, marked).Pre(ctx, e.call(marked, "s-4", "t-4", "ls")); d.Decision != policy.Deny {
			t.Errorf("state mark FIFO: %s", d.Decision)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("a FIFO stalled the gate")
	}
}

// A tamper lock holds even where the policy fails open.
func TestLockOverridesFailOpen(t *testing.T) {
	e := newRepoEnv(t, "fail_mode: open\n"+npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "true"), policy.Allow)
	write(t, filepath.Join(e.repo, ".gemini", "settings.json"), `{"hooksConfig":{"enabled":false}}`)
	e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1"))
	if d := e.g.Failure(context.Background(), e.call(e.repo, "s-1", "t-2", "ls"), os.ErrDeadlineExceeded); d.Decision != policy.Deny {
		t.Fatalf("failure under a lock with fail_mode open: %s", d.Decision)
	}
}

// The per-call check: a few microseconds per pinned file when nothing
// changed.
func BenchmarkWatch(b *testing.B) {
	e := newEnv(b, "")
	write := func(p, s string) { os.MkdirAll(filepath.Dir(p), 0o755); os.WriteFile(p, []byte(s), 0o644) }
	write(filepath.Join(e.repo, policy.FileName), npmPolicy)
	write(filepath.Join(e.repo, ".claude", "settings.json"), `{"hooks":{}}`)
	write(filepath.Join(e.home, ".claude", "settings.json"), `{"hooks":{}}`)
	p, _ := LoadPolicy("", e.repo, e.getenv)
	e.g.cfg.Policy = p
	e.g.cfg.pins.cache = map[string]cachedManifest{}
	ctx := context.Background()
	ev := e.call(e.repo, "s-1", "t-1", "ls")
	s, err := e.g.session(ctx, ev)
	if err != nil {
		b.Fatal(err)
	}
	// Steady state: files older than the racy window, recorded once.
	time.Sleep(racyWindow)
	v, err := e.g.watch(ctx, ev, s)
	if err != nil {
		b.Fatal(err)
	}
	files := 0
	for _, m := range v.manifests {
		files += len(m.Entries)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.g.watch(ctx, ev, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(files), "ns/file")
	b.ReportMetric(float64(files), "files")
}

// Idempotent requests, class "the engine died between append and
// answer": the fallback that decides the same request again (same request
// id) answers with the recorded decision and records nothing more; the
// same id on another action is refused, never answered with the earlier
// decision.
func TestRequestIsRecordedOnce(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	withID := func(id string, faults *Faults) *Gate {
		g := e.gateAt(t, e.repo)
		g.cfg.RequestID, g.cfg.Faults = id, faults
		return g
	}
	type died struct{}
	dying := &Faults{AfterRecord: func() { panic(died{}) }}
	for _, tc := range []struct {
		id, cmd string
		want    policy.Effect
	}{
		{"4f1c0a9e2b7d4c31a8e5f60718293a4b", "npm install left-pad", policy.Deny},
		{"9e1d7c3b5a2f40e6b8d9c0a1f2e3d4c5", "go test ./...", policy.Allow},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					if _, ok := r.(died); !ok {
						panic(r)
					}
				}
			}()
			withID(tc.id, dying).Pre(ctx, e.call(e.repo, "s-1", "t-"+tc.id[:4], tc.cmd))
			t.Fatal("the engine did not die")
		}()
		d := withID(tc.id, nil).Pre(ctx, e.call(e.repo, "s-1", "t-"+tc.id[:4], tc.cmd))
		if d.Decision != tc.want {
			t.Fatalf("%s: the retry answered %s (%s), want %s", tc.cmd, d.Decision, d.Reason, tc.want)
		}
		n := 0
		for _, r := range e.ofType(t, "decision") {
			if r.RequestID == tc.id {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%s: %d decision records carry the request id, want 1", tc.cmd, n)
		}
	}
	// The retry of the allowed call is in flight like the first attempt.
	if fl := inFlight(e.state, e.g.cfg.Now()); len(fl) != 1 {
		t.Fatalf("in flight: %+v", fl)
	}
	// A replayed id on another action: refused.
	d := withID("9e1d7c3b5a2f40e6b8d9c0a1f2e3d4c5", nil).Pre(ctx, e.call(e.repo, "s-1", "t-other", "go test ./..."))
	if d.Decision != policy.Deny || !strings.Contains(d.Reason, "different request") {
		t.Fatalf("replayed id: %s (%s)", d.Decision, d.Reason)
	}
}

// Session files, class "identifiers at rest in clear": the members that
// only end up in records are redacted as records are: the accountable
// identity stays in clear even with PII redaction (the user's e-mail, as
// in every record), a secret in it is masked (a token in a session id);
// the ones decisions use stay usable.
func TestSessionFileRedacted(t *testing.T) {
	e := newRepoEnv(t, "evidence:\n  redact_pii: true\n"+npmPolicy)
	red, err := evidence.NewRedactor(e.state, true)
	if err != nil {
		t.Fatal(err)
	}
	e.g.cfg.Redactor = red
	e.g.cfg.Identity = fixedIdentity{Identity{User: "jane.doe@example.com", Home: e.home, Host: "ws-1"}}
	token := "AKIAQ7XWZ3MNRT2KLP4D" // an agent that puts a key in its session id
	sess := "sess-" + token
	mustDecide(t, e.g, e.call(e.repo, sess, "t-1", "npm install x"), policy.Deny)
	b, err := os.ReadFile(e.g.sessionPath("claude", sess))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), token) {
		t.Errorf("the session file holds the token in clear: %s", b)
	}
	for _, usable := range []string{"jane.doe@example.com", e.repo, e.home, filepath.Join(e.repo, policy.FileName)} {
		if !strings.Contains(string(b), usable) {
			t.Errorf("the session file lost %q: %s", usable, b)
		}
	}
	// Later calls of the session still decide with the pinned policy.
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, sess, "t-2", "npm install y"), policy.Deny)
}

// Fail closed, class "a lock that cannot be read": a damaged lock file (or
// a FIFO in its place) still denies, is listed, and a person lifts it.
func TestDamagedLockStillLocks(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
	dir := filepath.Join(e.state, "tamper")
	os.MkdirAll(dir, 0o700)
	for _, damage := range []func(path string){
		func(path string) { os.WriteFile(path, []byte("{not json"), 0o600) },
		func(path string) { unix.Mkfifo(path, 0o600) },
	} {
		path := lockPath(e.state, scope{root: e.repo})
		damage(path)
		d := mustDecide(t, e.g, e.call(e.repo, "s-1", "t-2", "ls"), policy.Deny)
		if !strings.Contains(d.Reason, "cannot read a tamper lock") {
			t.Fatalf("reason: %s", d.Reason)
		}
		locks, err := Locks(e.state)
		if err != nil || len(locks) != 1 || locks[0].Damaged == "" {
			t.Fatalf("locks: %+v %v", locks, err)
		}
		if _, err := Ack(ctx, AckOptions{StateDir: e.state, Log: e.log, Who: AckIdentity{User: "dev"}}); err != nil {
			t.Fatal(err)
		}
		mustDecide(t, e.g, e.call(e.repo, "s-1", "t-3", "ls"), policy.Allow)
	}
}
