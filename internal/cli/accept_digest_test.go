package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/install"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// Class "accept-toctou" (red-team round 24 (c), #3) through the commands:
// a person runs mandate uninstall or policy init while a process an
// allowed command left behind replaces the file between Mandate's write
// and its acceptance (the step afterOwnWrite stands for; the helper held
// the pins lock to make room for it). The command accepts only what it
// wrote: the helper's file is refused, nothing is recorded as accepted,
// and the next call sees the change as anyone's. The pins lock is held
// across the write and the acceptance: the helper cannot take it then.
func TestOwnChangeAcceptsOnlyWhatMandateWrote(t *testing.T) {
	for _, tc := range []struct {
		name, file, swap string
		args             []string
		// wantNext is the next call's exit code and what its stderr says
		next, nextSays string
	}{
		{"uninstall claude --project, disableAllHooks renamed over it", ".claude/settings.json", `{"disableAllHooks": true}`,
			[]string{"uninstall", "claude", "--project"}, "ls", "mandate tamper ack"},
		{"policy init --force, policies: [] renamed over it", "agent-policy.yaml", "policies: []\n",
			[]string{"policy", "init", "--force"}, "npm install left-pad", "npm install"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newHookEnv(t, hookPolicy)
			settings := filepath.Join(e.repo, ".claude", "settings.json")
			if err := os.MkdirAll(filepath.Dir(settings), 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(settings, []byte(`{"outputStyle":"Explanatory"}`), 0o644) // kept by uninstall
			o := install.Options{Agent: "claude", Scope: install.Project, Home: e.home, Repo: e.repo}
			if _, err := install.Install(o); err != nil {
				t.Fatal(err)
			}
			if r := e.run(t, claudePre("make"), "claude"); r.code != 0 {
				t.Fatalf("pre: %+v", r)
			}
			e.run(t, claudePost("make"), "claude")
			withPerson(t, &fakeTTY{answer: typesTheCode}, nil)
			path := filepath.Join(e.repo, filepath.FromSlash(tc.file))
			var held error
			old := afterOwnWrite
			afterOwnWrite = func(paths []string) {
				if len(paths) != 1 || paths[0] != path {
					t.Errorf("accepting %q, want %s", paths, path)
				}
				lk, err := os.OpenFile(filepath.Join(e.state, "pins", "lock"), os.O_RDWR, 0)
				if err != nil {
					t.Fatal(err)
				}
				held = unix.Flock(int(lk.Fd()), unix.LOCK_EX|unix.LOCK_NB)
				lk.Close()
				if err := os.WriteFile(path+".tmp", []byte(tc.swap), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(path+".tmp", path); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() { afterOwnWrite = old })
			r := e.cli(t, []string{"HOME=" + e.home}, tc.args...)
			if r.code != 0 || !strings.Contains(r.stderr, "integrity pins were not moved") || !strings.Contains(r.stderr, "another process changed it") {
				t.Fatalf("command: %+v", r)
			}
			if held != unix.EWOULDBLOCK {
				t.Errorf("the pins lock between the write and the acceptance: %v, want held (EWOULDBLOCK)", held)
			}
			next := e.run(t, session("s-2", claudePre(tc.next)), "claude")
			if next.code != 2 || !strings.Contains(next.stderr, tc.nextSays) {
				t.Fatalf("next call: %+v", next)
			}
			log, err := evidence.Open(e.state, evidence.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer log.Close()
			es, err := log.Records(t.Context(), evidence.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, en := range es {
				if en.Record.Type == evidence.TypeGovernanceAccept {
					t.Errorf("governance.accept recorded: %+v", en.Record.Extra)
				}
			}
		})
	}
}
