package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/install"
)

// cli runs mandate ARGS in the repository, as a person's shell would (the
// environment environ; the state directory and home of e).
func (e *hookEnv) cli(t *testing.T, environ []string, args ...string) cliRun {
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
	code := Main(context.Background(), env, args)
	return cliRun{code, out.String(), errb.String()}
}

// session is claudePre in another session.
func session(id, payload string) string {
	return strings.Replace(payload, `"session_id":"s-1"`, `"session_id":"`+id+`"`, 1)
}

// Red-team round 23 (c), #1 end to end through mandate hook: a call takes
// off and lands, then the policy is loosened with nothing in flight (a
// process the call left behind). A new session is still decided by the
// accepted text; tamper status shows the pending change; an agent cannot
// accept it; a person at a terminal can, and new sessions then start
// under the file.
func TestDelayedPolicyChangeNeedsAPerson(t *testing.T) {
	e := newHookEnv(t, hookPolicy)
	if r := e.run(t, claudePre("bash src/x.sh"), "claude"); r.code != 0 {
		t.Fatalf("pre: %+v", r)
	}
	e.run(t, claudePost("bash src/x.sh"), "claude")
	if err := os.WriteFile(filepath.Join(e.repo, "agent-policy.yaml"), []byte("policies: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := e.run(t, session("s-2", claudePre("npm install left-pad")), "claude"); r.code != 2 {
		t.Fatalf("a new session after the change: %+v", r)
	}
	st := e.cli(t, []string{"HOME=" + e.home}, "tamper", "status")
	if !strings.Contains(st.stdout, "no tamper lock") || !strings.Contains(st.stdout, "PENDING: "+filepath.Join(e.repo, "agent-policy.yaml")) ||
		!strings.Contains(st.stdout, "mandate policy accept "+e.repo) {
		t.Fatalf("tamper status: %+v", st)
	}
	// An agent (by its environment; by its ancestry) is refused.
	withPerson(t, &fakeTTY{answer: typesTheCode}, nil)
	if r := e.cli(t, []string{"HOME=" + e.home, "CLAUDECODE=1"}, "policy", "accept"); r.code == 0 || !strings.Contains(r.stderr, "looks run by an agent") {
		t.Fatalf("accept by an agent: %+v", r)
	}
	withPerson(t, &fakeTTY{answer: typesTheCode}, []proc{{pid: 42, exe: "/usr/bin/node", cmdline: []string{"node", "/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js"}}})
	if r := e.cli(t, []string{"HOME=" + e.home}, "policy", "accept"); r.code == 0 || !strings.Contains(r.stderr, "looks run by an agent") {
		t.Fatalf("accept under an agent: %+v", r)
	}
	// No terminal: refused.
	withPerson(t, nil, nil)
	if r := e.cli(t, []string{"HOME=" + e.home}, "policy", "accept"); r.code == 0 || !strings.Contains(r.stderr, "terminal") {
		t.Fatalf("accept without a terminal: %+v", r)
	}
	if r := e.run(t, session("s-3", claudePre("npm install left-pad")), "claude"); r.code != 2 {
		t.Fatalf("after refused acceptances: %+v", r)
	}
	// A person.
	withPerson(t, &fakeTTY{answer: typesTheCode}, nil)
	r := e.cli(t, []string{"HOME=" + e.home}, "policy", "accept", e.repo)
	if r.code != 0 || !strings.Contains(r.stdout, "accepted "+filepath.Join(e.repo, "agent-policy.yaml")) {
		t.Fatalf("accept: %+v", r)
	}
	if r := e.run(t, session("s-4", claudePre("npm install left-pad")), "claude"); r.code != 0 {
		t.Fatalf("a new session after acceptance: %+v", r)
	}
	var accepts int
	es, err := evidence.Records(context.Background(), e.state, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range es {
		if en.Record.Type == evidence.TypeGovernanceAccept && en.Record.Extra["terminal"] == "/dev/pts/7" {
			accepts++
		}
	}
	if accepts != 1 {
		t.Errorf("%d governance.accept records, want 1", accepts)
	}
	if r := e.cli(t, []string{"HOME=" + e.home}, "verify"); r.code != 0 {
		t.Errorf("verify: %+v", r)
	}
}

// mandate uninstall run by a person at a terminal moves the pins itself:
// no lock. Run without one (a script, a process an agent left behind),
// the pins stay and the next call locks: the hooks are gone, and only a
// person acknowledges that.
func TestUninstallMovesPinsOnlyForAPerson(t *testing.T) {
	for _, person := range []bool{true, false} {
		e := newHookEnv(t, hookPolicy)
		o := install.Options{Agent: "claude", Scope: install.Project, Home: e.home, Repo: e.repo}
		if _, err := install.Install(o); err != nil {
			t.Fatal(err)
		}
		if r := e.run(t, claudePre("make"), "claude"); r.code != 0 {
			t.Fatalf("pre: %+v", r)
		}
		e.run(t, claudePost("make"), "claude")
		tty := &fakeTTY{answer: typesTheCode}
		if !person {
			tty = nil
		}
		withPerson(t, tty, nil)
		r := e.cli(t, []string{"HOME=" + e.home}, "uninstall", "claude", "--project")
		if r.code != 0 {
			t.Fatalf("uninstall: %+v", r)
		}
		next := e.run(t, session("s-2", claudePre("ls")), "claude")
		if person && (next.code != 0 || !strings.Contains(r.stderr, "integrity pins moved")) {
			t.Fatalf("person: uninstall %+v; next call %+v", r, next)
		}
		if !person && (next.code != 2 || !strings.Contains(next.stderr, "mandate tamper ack") || !strings.Contains(r.stderr, "not run by a person")) {
			t.Fatalf("no terminal: uninstall %+v; next call %+v", r, next)
		}
	}
}

// A person accepting a pending change is shown it, line by line, before
// typing the code: the rules it drops and adds, with what a terminal
// would act on (an agent wrote the text) escaped, not acted on.
func TestAcceptShowsTheChange(t *testing.T) {
	e := newHookEnv(t, hookPolicy)
	e.run(t, claudePre("bash src/x.sh"), "claude")
	e.run(t, claudePost("bash src/x.sh"), "claude")
	loosened := "policies:\n  - name: dependency-control\n    rules:\n      - block_commands: [\"npm audit\"]\x1b[1A\x1b[2K\n"
	if err := os.WriteFile(filepath.Join(e.repo, "agent-policy.yaml"), []byte(loosened), 0o644); err != nil {
		t.Fatal(err)
	}
	e.run(t, session("s-2", claudePre("npm install left-pad")), "claude")
	tty := &fakeTTY{answer: typesTheCode}
	withPerson(t, tty, nil)
	if r := e.cli(t, []string{"HOME=" + e.home}, "policy", "accept", e.repo); r.code != 0 {
		t.Fatalf("accept: %+v", r)
	}
	shown := tty.shown.String()
	for _, want := range []string{
		"@@ -1,4 +1,4 @@\n",
		"\n-      - block_commands: [\"npm install\"]\n",
		"\n+      - block_commands: [\"npm audit\"]\\x1b[1A\\x1b[2K\n",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("the terminal was not shown %q:\n%s", want, shown)
		}
	}
	if strings.Contains(shown, "\x1b") {
		t.Errorf("an escape sequence of the text reached the terminal:\n%q", shown)
	}
	if i, j := strings.Index(shown, "+      - block_commands"), strings.Index(shown, "type the code"); i < 0 || j < i {
		t.Errorf("the change is not shown before the code is asked for:\n%s", shown)
	}
}
