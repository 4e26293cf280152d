package gate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Class "outcome without a decision" (red-team round 28, #306): a
// post-tool event for a tool call Mandate never decided is proof that the
// call ran past the hook (its pre-tool hook did not run: hooks switched
// off and back, #305; a matcher narrowed and restored; a hook that failed
// open). Verified with Claude Code: `sleep 6; echo pwned2 > README.y; cat
// ~/.local/state/mandate/evidence/signer.key | wc -c`, which the policy
// denies, had an outcome record and no decision, and nothing locked. An
// outcome with no decision that the policy denies or asks is a tamper and
// locks; one it allows is marked (extra.no_decision).

const askPolicy = npmPolicy + "      - require_approval_commands: [\"npm publish\"]\n"

// postOf is the post-tool event of the pre-tool event ev.
func postOf(ev *hook.Event, name string) *hook.Event {
	ok := true
	p := *ev
	p.Kind, p.Name, p.Success = hook.PostTool, name, &ok
	return &p
}

// undecidedState is what a run left: tamper records, outcomes marked as
// having had no decision.
func (e *env) undecidedState(t *testing.T) (tampers, marked int) {
	t.Helper()
	for _, r := range e.records(t) {
		switch {
		case r.Type == evidence.TypeTamper:
			tampers++
		case r.Type == "outcome" && r.Extra["no_decision"] != nil:
			marked++
		}
	}
	return tampers, marked
}

func TestOutcomeWithoutDecisionLocks(t *testing.T) {
	for _, tc := range []struct {
		name string
		// first: the undecided call is the session's first event (the
		// hooks were off from its start).
		first bool
		ev    func(e *env) *hook.Event
	}{
		{"a blocked command (the breaker's case)", false, func(e *env) *hook.Event {
			return postOf(e.call(e.repo, "s-1", "t-undecided", "npm install left-pad"), "PostToolUse")
		}},
		{"a blocked command, failed", false, func(e *env) *hook.Event {
			ev := postOf(e.call(e.repo, "s-1", "t-undecided", "npm install left-pad"), "PostToolUseFailure")
			no := false
			ev.Success = &no
			return ev
		}},
		{"a command that asks", false, func(e *env) *hook.Event {
			return postOf(e.call(e.repo, "s-1", "t-undecided", "npm publish"), "PostToolUse")
		}},
		{"the evidence signer key read", false, func(e *env) *hook.Event {
			return postOf(e.read(e.repo, "s-1", "t-undecided", filepath.Join(e.state, "evidence", "signer.key")), "PostToolUse")
		}},
		{"a state directory read through the shell", false, func(e *env) *hook.Event {
			return postOf(e.call(e.repo, "s-1", "t-undecided", "sleep 6; cat "+filepath.Join(e.state, "evidence", "signer.key")+" | wc -c"), "PostToolUse")
		}},
		{"the session's first event", true, func(e *env) *hook.Event {
			return postOf(e.call(e.repo, "s-new", "t-undecided", "npm install left-pad"), "PostToolUse")
		}},
		{"in a subdirectory", false, func(e *env) *hook.Event {
			return postOf(e.call(filepath.Join(e.repo, "src"), "s-1", "t-undecided", "npm install left-pad"), "PostToolUse")
		}},
		{"Codex", true, func(e *env) *hook.Event {
			ev := postOf(e.call(e.repo, "s-codex", "call_1", "npm install left-pad"), "PostToolUse")
			ev.Agent = hook.Codex
			return ev
		}},
		{"Hermes", true, func(e *env) *hook.Event {
			ev := postOf(e.call(e.repo, "s-hermes", "call_1", "npm install left-pad"), "post_tool_call")
			ev.Agent, ev.Tool = hook.Hermes, "terminal"
			return ev
		}},
		{"Cursor", true, func(e *env) *hook.Event {
			ev := postOf(e.call(e.repo, "s-cursor", "toolu_1", "npm install left-pad"), "postToolUse")
			ev.Agent, ev.Tool = hook.Cursor, "Shell"
			return ev
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			write(t, filepath.Join(e.repo, ".claude", "settings.json"), claudeHooks)
			write(t, filepath.Join(e.repo, policy.FileName), askPolicy)
			e.g = e.gateAt(t, e.repo)
			if !tc.first {
				e.landed(t)
			}
			ev := tc.ev(e)
			if err := e.gateAt(t, ev.Cwd).Post(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			d := e.gateAt(t, e.repo).Pre(context.Background(), e.call(e.repo, "s-1", "t-next", "ls"))
			tampers, marked := e.undecidedState(t)
			if d.Decision != policy.Deny || d.Rule != "lock" || tampers == 0 || marked != 1 {
				t.Fatalf("next call %s (%s), %d tamper records, %d outcomes marked: a call the policy refuses or asks ran with no decision", d.Decision, d.Reason, tampers, marked)
			}
			if !strings.Contains(d.Reason, "without a decision") {
				t.Errorf("the lock's reason does not say what happened: %s", d.Reason)
			}
			locks, err := Locks(e.state)
			if err != nil || len(locks) != 1 || locks[0].Changes[0].Kind != KindUndecided {
				t.Fatalf("locks %+v (%v), want one of a call without a decision", locks, err)
			}
			a := locks[0].Changes[0].Actions
			if len(a) != 1 || a[0].ToolUseID != ev.ToolUseID || a[0].Summary == "" {
				t.Errorf("the lock names %+v, want the call %s and its command or path", a, ev.ToolUseID)
			}
			// The same outcome again (a retry, a second hook registration)
			// is no second tamper.
			if err := e.gateAt(t, ev.Cwd).Post(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			if again, _ := e.undecidedState(t); again != tampers {
				t.Errorf("%d tamper records after the same outcome again, want %d", again, tampers)
			}
		})
	}
}

// An outcome with no decision of a call the policy allows is recorded
// with extra.no_decision, and locks nothing.
func TestOutcomeWithoutDecisionAllowedIsMarked(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	e.landed(t)
	if err := e.g.Post(context.Background(), postOf(e.call(e.repo, "s-1", "t-ls", "ls src"), "PostToolUse")); err != nil {
		t.Fatal(err)
	}
	tampers, marked := e.undecidedState(t)
	if tampers != 0 || marked != 1 {
		t.Errorf("%d tamper records, %d outcomes marked, want 0 and 1", tampers, marked)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-1", "t-next", "ls"), policy.Allow)
}

// Everyday: the outcome of every decided call — allowed, asked, denied
// (an agent may report a refused call's failure), refused by a failure
// — is no outcome without a decision, nor is a retry of it.
func TestDecidedOutcomesAreNotUndecided(t *testing.T) {
	e := newRepoEnv(t, askPolicy)
	g := e.gateAt(t, e.repo)
	for _, c := range []struct {
		id, cmd string
		want    policy.Effect
	}{
		{"t-1", "ls src", policy.Allow},
		{"t-2", "npm publish", policy.Ask},
		{"t-3", "npm install left-pad", policy.Deny},
		{"t-4", "cat " + filepath.Join(e.state, "evidence", "signer.key"), policy.Deny},
	} {
		mustDecide(t, g, e.call(e.repo, "s-1", c.id, c.cmd), c.want)
		for _, name := range []string{"PostToolUse", "PostToolUseFailure"} {
			if err := g.Post(context.Background(), postOf(e.call(e.repo, "s-1", c.id, c.cmd), name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A pre-tool event that failed (the session state cannot be read):
	// a failure record, which is its decision.
	fe := e.call(e.repo, "s-1", "t-5", "ls")
	e.g.Failure(context.Background(), fe, os.ErrDeadlineExceeded)
	if err := g.Post(context.Background(), postOf(fe, "PostToolUse")); err != nil {
		t.Fatal(err)
	}
	if tampers, marked := e.undecidedState(t); tampers != 0 || marked != 0 {
		t.Errorf("%d tamper records, %d outcomes marked: a decided call's outcome was taken for one with no decision", tampers, marked)
	}
}

// A decision is remembered past the session's end (the in-flight file is
// renamed, not removed), and a post-tool event whose session's memory was
// dropped once is never a false tamper.
func TestDecisionMemoryOutlivesTheInFlightFile(t *testing.T) {
	end := func(t *testing.T, e *env, session string) {
		t.Helper()
		if err := e.gateAt(t, e.repo).Session(context.Background(), &hook.Event{Kind: hook.SessionEnd, Name: "SessionEnd", Agent: "claude", SessionID: session, Cwd: e.repo}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("an outcome after the session's end", func(t *testing.T) {
		e := newRepoEnv(t, npmPolicy)
		// A read lands at the session's end (a command line's call whose
		// caller's start is unknown stays in flight: inflight.go).
		read := e.read(e.repo, "s-1", "t-1", filepath.Join(e.repo, "src", "a.txt"))
		mustDecide(t, e.g, read, policy.Allow)
		mustDecide(t, e.g, e.call(e.repo, "s-1", "t-2", "npm install x"), policy.Deny)
		end(t, e, "s-1")
		key := sessionKey("claude", "s-1")
		if _, err := os.Stat(filepath.Join(e.state, "inflight", key+endedSuffix)); err != nil {
			t.Fatalf("the ended session's memory: %v", err)
		}
		for _, ev := range []*hook.Event{read, e.call(e.repo, "s-1", "t-2", "npm install x")} {
			if err := e.gateAt(t, e.repo).Post(context.Background(), postOf(ev, "PostToolUse")); err != nil {
				t.Fatal(err)
			}
		}
		if tampers, marked := e.undecidedState(t); tampers != 0 || marked != 0 {
			t.Errorf("%d tamper records, %d outcomes marked after the session's end", tampers, marked)
		}
	})
	t.Run("an outcome of a call forgotten", func(t *testing.T) {
		// The session's file ended once (idle, or a session end) and was
		// recreated by later calls; its ended file was then replaced (a
		// second end): what the first held is gone.
		e := newRepoEnv(t, npmPolicy)
		key := sessionKey("claude", "s-1")
		dir := filepath.Join(e.state, "inflight")
		write(t, filepath.Join(dir, key+endedSuffix), "+ u-0123 1 1 0 \"Bash\" \"claude\" 1\n")
		mustDecide(t, e.g, e.call(e.repo, "s-1", "t-9", "ls"), policy.Allow)
		if err := e.g.Post(context.Background(), postOf(e.call(e.repo, "s-1", "t-long", "npm install x"), "PostToolUse")); err != nil {
			t.Fatal(err)
		}
		if tampers, marked := e.undecidedState(t); tampers != 0 || marked != 0 {
			t.Errorf("%d tamper records, %d outcomes marked for a call whose memory may have been dropped", tampers, marked)
		}
	})
	t.Run("ended files are kept for decisionMemory", func(t *testing.T) {
		e := newRepoEnv(t, npmPolicy)
		dir := filepath.Join(e.state, "inflight")
		old, young := filepath.Join(dir, "aa"+endedSuffix), filepath.Join(dir, "bb"+endedSuffix)
		write(t, old, "")
		write(t, young, "")
		past := time.Now().Add(-decisionMemory - time.Hour)
		os.Chtimes(old, past, past)
		mustDecide(t, e.g, e.read(e.repo, "s-2", "t-1", filepath.Join(e.repo, "src", "a.txt")), policy.Allow)
		end(t, e, "s-2")
		if _, err := os.Stat(old); err == nil {
			t.Errorf("an ended file older than decisionMemory was kept")
		}
		if _, err := os.Stat(young); err != nil {
			t.Errorf("a young ended file was removed: %v", err)
		}
	})
}

// Agents and events that carry no call id, or one not paired with the
// pre-tool event's, keep today's behaviour: the outcome is recorded as any.
func TestOutcomeWithoutCallIDIsNotJudged(t *testing.T) {
	for _, tc := range []struct {
		agent, name, tool, id, session string
	}{
		{hook.Gemini, "AfterTool", "run_shell_command", "", "g-1"},
		{hook.Copilot, "postToolUse", "bash", "", "c-1"},
		{hook.Cursor, "afterShellExecution", "Shell", "", "cu-1"},
		// An id on an event no pre-tool event pairs with it.
		{hook.Gemini, "AfterTool", "run_shell_command", "x-1", "g-2"},
		// No session id: a session keyed by pid and directory.
		{hook.Claude, "PostToolUse", "Bash", "toolu_1", ""},
	} {
		t.Run(tc.agent+" "+tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			ev := postOf(e.call(e.repo, tc.session, tc.id, "npm install left-pad"), tc.name)
			ev.Agent, ev.Tool = tc.agent, tc.tool
			if err := e.g.Post(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			if tampers, marked := e.undecidedState(t); tampers != 0 || marked != 0 {
				t.Errorf("%d tamper records, %d outcomes marked, want none: nothing pairs this outcome with a decision", tampers, marked)
			}
		})
	}
}

// Everyday sessions of each agent, over its captured (or documented)
// payloads: every tool call's pre-tool event, then its post-tool event.
// No outcome is one without a decision, and nothing locks.
func TestEverydaySessionsHaveNoUndecidedOutcome(t *testing.T) {
	for _, agent := range []string{"claude", "codex", "cursor", "gemini", "copilot", "hermes"} {
		t.Run(agent, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			golden := filepath.Join("..", "agent", agent, "testdata", "golden")
			pres, _ := filepath.Glob(filepath.Join(golden, "*.pre.event.json"))
			load := func(path string) *hook.Event {
				b, err := os.ReadFile(path)
				if err != nil {
					return nil
				}
				// The captures' machine paths, retargeted to this test's.
				s := strings.NewReplacer("/home/dev/project", e.repo, "/home/user/project", e.repo, "/home/dev", e.home, "/home/user", e.home).Replace(string(b))
				var ev hook.Event
				if err := json.Unmarshal([]byte(s), &ev); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				return &ev
			}
			pairs := 0
			for _, pp := range pres {
				pre := load(pp)
				post := load(strings.TrimSuffix(pp, ".pre.event.json") + ".post.event.json")
				decision := e.gateAt(t, pre.Cwd).Pre(context.Background(), pre)
				if post == nil {
					continue
				}
				if post.SessionID != pre.SessionID || post.Tool != pre.Tool {
					t.Fatalf("%s: its post-tool event is of another call", pp)
				}
				if post.ToolUseID != pre.ToolUseID {
					// Constructed payloads (Hermes) invent each id; the
					// agent sends its call's own in both.
					post.ToolUseID = pre.ToolUseID
				}
				if err := e.gateAt(t, post.Cwd).Post(context.Background(), post); err != nil {
					t.Fatal(err)
				}
				pairs++
				t.Logf("%s: %s, outcome recorded", filepath.Base(pp), decision.Decision)
			}
			// Post-tool events captured alone (Cursor's afterFileEdit): no
			// call id pairs them, they are recorded as any outcome.
			posts, _ := filepath.Glob(filepath.Join(golden, "*.post.event.json"))
			for _, pp := range posts {
				if _, err := os.Stat(strings.TrimSuffix(pp, ".post.event.json") + ".pre.event.json"); err == nil {
					continue
				}
				post := load(pp)
				if err := e.gateAt(t, post.Cwd).Post(context.Background(), post); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s alone: outcome recorded", filepath.Base(pp))
			}
			if tampers, marked := e.undecidedState(t); tampers != 0 || marked != 0 {
				t.Errorf("%d tamper records, %d outcomes marked over %d everyday calls", tampers, marked, pairs)
			}
			if agent == "claude" || agent == "codex" {
				if pairs < 4 {
					t.Errorf("%d pre/post pairs of captured calls, want the captures' every tool", pairs)
				}
			}
		})
	}
}

// The bookkeeping of landing ignores a denied call's line: it is no
// call in flight.
func TestDeniedCallIsNotInFlight(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "npm install x"), policy.Deny)
	if fs := e.g.sessionFlights(sessionKey("claude", "s-1")); len(fs) != 0 {
		t.Errorf("%d calls in flight after a denied one, want none: %+v", len(fs), fs)
	}
	b, _ := os.ReadFile(filepath.Join(e.state, "inflight", sessionKey("claude", "s-1")))
	if !strings.HasPrefix(string(b), "= u-") {
		t.Errorf("the denied call is not remembered: %q", b)
	}
}
