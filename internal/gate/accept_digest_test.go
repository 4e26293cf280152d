package gate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/install"
	"github.com/mandate-dev/mandate/internal/policy"
)

// asWritten is the Expect of Mandate's own write of paths: each file's
// digest as it is now (absent when it is not there).
func asWritten(t *testing.T, paths ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		out[p] = WrittenDigest(b, err != nil)
	}
	return out
}

// Class "accept-toctou" (red-team round 24 (c), #3): install, uninstall
// and policy init accepted the file as it was when Accept read it, not
// as Mandate wrote it. A process an allowed command left behind held the
// pins lock (a plain flock), waited for Mandate's write, replaced the
// file and let go: the person's command recorded a governance.accept of
// the helper's content, and nothing ever locked. Accept now takes the
// digest of what the command wrote and refuses anything else; the change
// is then anyone's: a hook configuration's locks, a policy's is pending.
// The helper's swap runs between the write and Accept (the step where it
// held the acceptance back), with no timing involved.
func TestAcceptRefusesWhatMandateDidNotWrite(t *testing.T) {
	claude := install.Options{Agent: "claude", Scope: install.Project}
	codex := install.Options{Agent: "codex", Scope: install.Project}
	for _, tc := range []struct {
		name string
		by   string
		// before sets the state the session pinned; write is Mandate's
		// own write, returning the path; swap is the helper's.
		before func(t *testing.T, e *env)
		write  func(t *testing.T, e *env) string
		swap   string
		// policy: the change is pending (npm install stays denied), not
		// a lock
		policy bool
	}{
		{"install claude --project, disableAllHooks renamed over it", "mandate install claude",
			func(t *testing.T, e *env) {}, func(t *testing.T, e *env) string { return mustInstall(t, e, claude, true) },
			`{"disableAllHooks": true}`, false},
		{"uninstall codex --project, notify written", "mandate uninstall codex",
			func(t *testing.T, e *env) { mustInstall(t, e, codex, true) },
			func(t *testing.T, e *env) string { return mustInstall(t, e, codex, false) },
			"notify = [\"sh\", \"/tmp/w/x.sh\"]\n", false},
		{"uninstall claude --project, the file recreated empty of hooks", "mandate uninstall claude",
			func(t *testing.T, e *env) { mustInstall(t, e, claude, true) },
			func(t *testing.T, e *env) string { return mustInstall(t, e, claude, false) },
			`{"hooks":{}}`, false},
		{"policy init, policies: [] renamed over it", "mandate policy init",
			func(t *testing.T, e *env) {},
			func(t *testing.T, e *env) string {
				pol := filepath.Join(e.repo, policy.FileName)
				write(t, pol, npmPolicy+"      - block_paths: [\".env*\"]\n")
				return pol
			},
			"policies: []\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			tc.before(t, e)
			e.g = e.gateAt(t, e.repo)
			e.landed(t)
			path := tc.write(t, e)
			expect := asWritten(t, path)
			write(t, path+".tmp", tc.swap) // the helper, between the write and the acceptance
			if err := os.Rename(path+".tmp", path); err != nil {
				t.Fatal(err)
			}
			_, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{path},
				Expect: expect, By: tc.by, Who: AckIdentity{User: "dev"}})
			if err == nil || !strings.Contains(err.Error(), "not what "+tc.by+" wrote") {
				t.Fatalf("accept of the helper's file: %v", err)
			}
			if n := len(e.ofType(t, evidence.TypeGovernanceAccept)); n != 0 {
				t.Fatalf("%d governance.accept records", n)
			}
			g := e.gateAt(t, e.repo)
			if tc.policy {
				mustDecide(t, g, e.call(e.repo, "s-2", "t-1", "npm install left-pad"), policy.Deny)
				if n := len(e.ofType(t, evidence.TypeGovernanceChange)); n == 0 {
					t.Error("no governance-change record")
				}
				return
			}
			d := mustDecide(t, g, e.call(e.repo, "s-2", "t-1", "ls"), policy.Deny)
			if !strings.Contains(d.Reason, "mandate tamper ack") {
				t.Errorf("reason: %s", d.Reason)
			}
		})
	}
}

// mustInstall runs Mandate's install (or uninstall) of o in e and returns
// the file it wrote.
func mustInstall(t *testing.T, e *env, o install.Options, in bool) string {
	t.Helper()
	o.Home, o.Repo = e.home, e.repo
	f := install.Uninstall
	if in {
		f = install.Install
	}
	res, err := f(o)
	if err != nil || !res.Changed {
		t.Fatalf("install %v: %+v, %v", in, res, err)
	}
	return res.Path
}

// Everyday (no false alarms): Mandate's own write, accepted under the pins
// lock the command holds across it, moves the pins and nothing locks; an
// acceptance of a path with no digest of what was written accepts nothing.
func TestAcceptOwnWriteUnderThePinsLock(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	e.landed(t)
	unlock, err := LockPins(e.state)
	if err != nil {
		t.Fatal(err)
	}
	path := mustInstall(t, e, install.Options{Agent: "claude", Scope: install.Project}, true)
	if _, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{path},
		By: "mandate install claude", Who: AckIdentity{User: "dev"}, Held: true}); err == nil {
		t.Fatal("accepted a path with no digest of what was written")
	}
	rep, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{path},
		Expect: asWritten(t, path), By: "mandate install claude", Who: AckIdentity{User: "dev"}, Held: true})
	unlock()
	if err != nil || len(rep.Files) != 1 {
		t.Fatalf("accept: %+v, %v", rep, err)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
		t.Errorf("%d tamper records", n)
	}
}
