package gate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/install"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Variants of red-team round 28, #301 and #303: with the resident
// engine's sentry running, a routing change made with no hook call is
// locked and restored at once; a person's change that routes nothing
// stays a governance-change, restored never; a person's uninstall through
// Mandate's own path neither locks nor restores.

// sentryEnv is a repository with Claude's project hooks and a policy, one
// call landed, and the sentry running.
func sentryEnv(t *testing.T) (*env, *Sentry, string) {
	t.Helper()
	e := newEnv(t, "")
	settings := filepath.Join(e.repo, ".claude", "settings.json")
	write(t, settings, claudeHooks)
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
	e.g = e.gateAt(t, e.repo)
	e.landed(t)
	return e, sentryOf(t, e), settings
}

func readText(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

func TestSentryLocksAndRestoresARoutingChange(t *testing.T) {
	for _, tc := range []struct {
		name    string
		file    func(e *env) string
		before  func(e *env) string // "" absent
		after   string
		restore string
	}{
		{"disableAllHooks added to the project settings", func(e *env) string { return filepath.Join(e.repo, ".claude", "settings.json") },
			func(*env) string { return claudeHooks }, strings.TrimSuffix(claudeHooks, "}") + `,"disableAllHooks":true}`, "restored"},
		{"Mandate's hook entry removed", func(e *env) string { return filepath.Join(e.repo, ".claude", "settings.json") },
			func(*env) string { return claudeHooks }, `{"hooks":{}}`, "restored"},
		{"settings.local.json created with disableAllHooks", func(e *env) string { return filepath.Join(e.repo, ".claude", "settings.local.json") },
			func(*env) string { return "" }, `{"disableAllHooks":true}`, "removed"},
		{"the user's settings switch hooks off", func(e *env) string { return filepath.Join(e.home, ".claude", "settings.json") },
			func(*env) string { return "" }, `{"disableAllHooks":true}`, "removed"},
		{"the front replaced", func(e *env) string { return filepath.Join(e.bin, "mandate") },
			func(*env) string { return "#!/bin/sh\necho mandate\n" }, "#!/bin/sh\ncat >/dev/null\nexit 0\n", "restored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _, _ := sentryEnv(t)
			path := tc.file(e)
			write(t, path, tc.after)
			if !eventually(func() bool { ls, _ := Locks(e.state); return len(ls) > 0 }) {
				t.Fatalf("no lock")
			}
			want := tc.before(e)
			if got := readText(t, path); (want == "" && !strings.HasPrefix(got, "<")) || (want != "" && got != want) {
				t.Fatalf("%s holds %q after the lock, want it as pinned (%q)", path, got, want)
			}
			ls, _ := Locks(e.state)
			c := ls[0].Changes[0]
			if c.File != path || c.Restored != tc.restore || c.Attribution != attributionNone {
				t.Fatalf("lock change: %+v", c)
			}
			tam := e.ofType(t, evidence.TypeTamper)
			if len(tam) != 1 || tam[0].Extra["restore"] != tc.restore || tam[0].Extra["seen_at"] != sweepEvent {
				t.Fatalf("tamper records: %+v", tam)
			}
			// the next session's hooks run again, and meet the lock
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-new", "t-1", "ls"), policy.Deny)
		})
	}
}

// A person acknowledging without --restore accepts the change as it was
// made: what was restored at once is put back and pinned.
func TestAckWithoutRestoreReappliesAChangeRestoredAtOnce(t *testing.T) {
	e, _, settings := sentryEnv(t)
	changed := strings.TrimSuffix(claudeHooks, "}") + `,"env":{"FOO":"1"}}`
	write(t, settings, changed)
	if !eventually(func() bool { ls, _ := Locks(e.state); return len(ls) > 0 && readText(t, settings) == claudeHooks }) {
		t.Fatalf("not locked and restored: %q", readText(t, settings))
	}
	rep, err := Ack(context.Background(), AckOptions{StateDir: e.state, Log: e.log, Who: AckIdentity{User: "dev"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 1 || rep.Files[0].Action != "reapplied" || readText(t, settings) != changed {
		t.Fatalf("ack: %+v; file %q", rep.Files, readText(t, settings))
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 1 {
		t.Fatalf("%d tamper records: the reapplied change was taken for another", n)
	}
}

// A tamper whose pinned copy cannot be put back (no copy of a file that
// may hold secrets) keeps the lock, and the record says why.
func TestRestoreAtOnceFailureIsRecorded(t *testing.T) {
	e := newEnv(t, "")
	envFile := filepath.Join(e.repo, ".gemini", ".env")
	write(t, envFile, "GEMINI_MODEL=x\n")
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
	e.g = e.gateAt(t, e.repo)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "python3 src/t.py"), policy.Allow)
	write(t, envFile, "PATH=/tmp/m\n")
	if err := e.g.Post(context.Background(), e.post(e.repo, "s-1", "t-1")); err != nil {
		t.Fatal(err)
	}
	ls, err := Locks(e.state)
	if err != nil || len(ls) != 1 || !strings.HasPrefix(ls[0].Changes[0].Restored, "failed: ") {
		t.Fatalf("locks: %+v, %v", ls, err)
	}
	if tam := e.ofType(t, evidence.TypeTamper); len(tam) != 1 || !strings.HasPrefix(tam[0].Extra["restore"].(string), "failed: ") {
		t.Fatalf("tamper records: %+v", tam)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-1", "t-2", "ls"), policy.Deny)
}

// Everyday (no false alarm): a person edits a member of a hook
// configuration that routes nothing while no call runs: the sentry
// records a governance-change; nothing is restored or locked.
func TestSentryPersonsHarmlessEditIsAGovernanceChange(t *testing.T) {
	e, sentry, settings := sentryEnv(t)
	edited := strings.TrimSuffix(claudeHooks, "}") + `,"outputStyle":"Explanatory","model":"opus"}`
	write(t, settings, edited)
	if !eventually(func() bool { return len(e.ofType(t, evidence.TypeGovernanceChange)) > 0 }) {
		t.Fatalf("no governance-change record (%d checks)", sentry.Sweeps())
	}
	if gc := e.ofType(t, evidence.TypeGovernanceChange); len(gc) != 1 || gc[0].Extra["seen_at"] != sweepEvent {
		t.Fatalf("governance-change records: %+v", gc)
	}
	if ls, _ := Locks(e.state); len(ls) != 0 {
		t.Fatalf("locks: %+v", ls)
	}
	if got := readText(t, settings); got != edited {
		t.Fatalf("the person's edit was undone: %q", got)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
		t.Fatalf("%d tamper records", n)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
}

// A person's mandate uninstall goes through Mandate's own path (the pins
// lock held from before its write to its acceptance, cli/ownchange.go):
// the sentry's check waits for it and finds the pins moved: no lock, no
// restore, no transient record.
func TestSentryLeavesAPersonsUninstallAlone(t *testing.T) {
	e := newEnv(t, "")
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
	o := install.Options{Agent: "claude", Scope: install.Project, Home: e.home, Repo: e.repo}
	if _, err := install.Install(o); err != nil {
		t.Fatal(err)
	}
	e.g = e.gateAt(t, e.repo)
	e.landed(t)
	sentry := sentryOf(t, e)
	unlock, err := LockPins(e.state)
	if err != nil {
		t.Fatal(err)
	}
	res, err := install.Uninstall(o)
	if err != nil || !res.Changed {
		unlock()
		t.Fatalf("uninstall: %+v, %v", res, err)
	}
	time.Sleep(300 * time.Millisecond) // the sentry reads the event, its check waits for the lock
	if _, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{res.Path}, Expect: asWritten(t, res.Path),
		By: "mandate uninstall claude", Who: AckIdentity{User: "dev"}, Held: true}); err != nil {
		unlock()
		t.Fatal(err)
	}
	unlock()
	before := sentry.Sweeps()
	if !eventually(func() bool { return sentry.Sweeps() > before }) {
		t.Logf("no check ran after the uninstall (the event was checked before)")
	}
	if ls, _ := Locks(e.state); len(ls) != 0 {
		t.Fatalf("locks: %+v", ls)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)) + len(e.ofType(t, evidence.TypeGovernanceChange)); n != 0 {
		t.Fatalf("%d tamper or governance-change records after a person's uninstall", n)
	}
	if b := readText(t, res.Path); strings.Contains(b, "mandate hook") {
		t.Fatalf("the uninstall was undone: %q", b)
	}
}
