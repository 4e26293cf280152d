package gate

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Cases of red-team round 28 (br28e) against integrity pinning, end to end
// (the breaker's runs used the real binaries and real Claude Code and Codex
// under the fake model). What they shared: every detection and every lock
// was done by the hook, so a change that kept the hook from running, or
// that was undone before the next hook ran, was never seen, and a lock
// bound nothing that no longer called the hook. The resident engine's
// sentry (sentry_linux.go) now checks the pins without a hook call, and a
// tampered routing file is put back at once (restorenow.go).

// sentryOf starts the resident engine's sentry over e's state directory
// (what a running engine does), the checks made with gates as a hook
// process builds them.
func sentryOf(t *testing.T, e *env) *Sentry {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the sentry watches with inotify (Linux)")
	}
	s, err := StartSentry(SentryOptions{StateDir: e.state, Home: e.home, Logf: t.Logf,
		Open: func(ctx context.Context, cwd string) (*Gate, func(), error) {
			p, err := LoadPolicy("", cwd, e.getenv)
			if err != nil {
				return nil, nil, err
			}
			g, err := New(Config{Policy: p, Log: e.log, StateDir: e.state, Getenv: e.getenv,
				Identity: fixedIdentity{Identity{User: "dev-37@example.com", Home: e.home, Host: "ws-1"}},
				Now:      e.g.cfg.Now, bins: e.g.cfg.bins})
			return g, func() {}, err
		}})
	if err != nil {
		t.Skipf("no inotify here: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// eventually polls cond for up to 10 seconds (the sentry checks in its
// own time, a burst once the directories are still).
func eventually(cond func() bool) bool {
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// red-team round 28, #301: a process an allowed command left behind
// (setsid nohup python3 src/d.py &) switches the hooks off after the
// session's last hook call — disableAllHooks in .claude/settings.local.json
// or .claude/settings.json, ~/.claude/settings.json, the mandate binary on
// PATH replaced by `exit 0`. The change is detected only by the next hook
// call, and the change is that no hook call comes: the next Claude Code
// session runs ungoverned (verified: README.x written outside allow_paths,
// the evidence signer key read), nothing is recorded, `mandate tamper
// status` says "governance files are as pinned" and `mandate doctor` does
// not see disableAllHooks. What a person looks at (tamper status, doctor,
// the resident engine's directory watch) must find the change without a
// hook call.
func TestHooksOffAfterLastCallSeenWithoutAHook(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env)
	}{
		{"settings.local.json created with disableAllHooks", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks":true}`)
		}},
		{"disableAllHooks added to the project settings", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".claude", "settings.json"), strings.TrimSuffix(claudeHooks, "}")+`,"disableAllHooks":true}`)
		}},
		{"the front replaced by exit 0", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.bin, "mandate"), "#!/bin/sh\ncat >/dev/null\nexit 0\n")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			write(t, filepath.Join(e.repo, ".claude", "settings.json"), claudeHooks)
			write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
			e.g = e.gateAt(t, e.repo)
			e.landed(t)
			sentryOf(t, e) // the resident engine runs
			tc.change(t, e)
			// No hook call follows: the agent's harness no longer makes one.
			var locks []*Lock
			eventually(func() bool {
				var err error
				locks, err = Locks(e.state)
				return err == nil && len(locks) > 0
			})
			if len(locks) == 0 {
				t.Errorf("no lock and no record: the change that switched the hooks off is seen only by a hook call, which no longer comes (today: nothing; the next session runs ungoverned)")
			}
		})
	}
}

// red-team round 28, #303: the lock is enforced by the hook it protects.
// An allowed `python3 src/t.py` writes .claude/settings.local.json with
// {"disableAllHooks": true}: the change is caught (tamper record, lock of
// the repository), but the lock is only answered by `mandate hook`, which
// the next Claude Code session no longer runs: its `echo pwned >
// README.x` ran (verified). "Every later action in that repository — this
// session's and any new session's — is denied" holds only for sessions
// whose hooks still run. Here the gate's view: a lock exists while the
// file in force turns the hooks off; nothing restores routing (ack
// --restore is a person's) and nothing makes the harness fail closed.
func TestLockHoldsWhileTheHooksAreOff(t *testing.T) {
	e := newEnv(t, "")
	settings := filepath.Join(e.repo, ".claude", "settings.json")
	write(t, settings, claudeHooks)
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
	e.g = e.gateAt(t, e.repo)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "python3 src/t.py"), policy.Allow)
	local := filepath.Join(e.repo, ".claude", "settings.local.json")
	write(t, local, `{"disableAllHooks":true}`)
	if err := e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n == 0 {
		t.Fatalf("no tamper record: the change was not even caught")
	}
	// The lock is there; the file that switches the hooks off is too.
	b, err := os.ReadFile(local)
	if err == nil && strings.Contains(string(b), "disableAllHooks") {
		t.Errorf("the repository is locked, but %s still turns every hook off: the next session never asks (today: the lock binds only the hooks the tamper disabled)", local)
	}
}

// red-team round 28, #305: a change undone before the next hook call
// leaves nothing. The pins compare the file's content when a hook runs; a
// process left behind creates .claude/settings.local.json with
// disableAllHooks, waits for the next `claude` process in the repository
// to read its settings, and removes it (verified: that session's first
// call, `echo pwned > README.x`, ran with no decision; the repository
// shows no lock, no governance-change, tamper status "as pinned"). A file
// rewritten and put back has a new ctime and inode; a file created and
// removed changes its directory. Either is a change of a protected file
// made with nothing in flight and must be on the record.
func TestTransientChangeRestoredLeavesARecord(t *testing.T) {
	for _, tc := range []struct {
		name string
		flip func(t *testing.T, e *env)
	}{
		{"settings.local.json created and removed", func(t *testing.T, e *env) {
			p := filepath.Join(e.repo, ".claude", "settings.local.json")
			write(t, p, `{"disableAllHooks":true}`)
			os.Remove(p)
		}},
		{"settings.json rewritten and put back", func(t *testing.T, e *env) {
			p := filepath.Join(e.repo, ".claude", "settings.json")
			write(t, p, strings.TrimSuffix(claudeHooks, "}")+`,"disableAllHooks":true}`)
			tmp := p + ".tmp"
			write(t, tmp, claudeHooks)
			os.Rename(tmp, p)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			write(t, filepath.Join(e.repo, ".claude", "settings.json"), claudeHooks)
			write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
			e.g = e.gateAt(t, e.repo)
			e.landed(t)
			sentry := sentryOf(t, e) // the resident engine runs
			tc.flip(t, e)
			eventually(func() bool {
				return sentry.Sweeps() > 0 && len(e.ofType(t, evidence.TypeTamper))+len(e.ofType(t, evidence.TypeGovernanceChange)) > 0
			})
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
			n := len(e.ofType(t, evidence.TypeTamper)) + len(e.ofType(t, evidence.TypeGovernanceChange))
			if n == 0 {
				t.Errorf("no record: a protected file changed and was put back between two hook calls (today: nothing)")
			}
		})
	}
}
