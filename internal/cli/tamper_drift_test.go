package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// red-team round 28, #301: a change that switches the hooks off after the
// session's last call is one no hook call comes to compare; tamper status
// compares the pins itself, read-only, and says what differs (and that a
// hook call would lock it), recording, locking and restoring nothing.
func TestTamperStatusComparesThePins(t *testing.T) {
	e := newHookEnv(t, hookPolicy)
	if r := e.run(t, claudePre("make"), "claude"); r.code != 0 {
		t.Fatalf("pre: %+v", r)
	}
	e.run(t, claudePost("make"), "claude")
	if st := e.tamper(t, nil, "status"); st.code != 0 || !strings.Contains(st.stdout, "governance files are as pinned") || strings.Contains(st.stdout, "NOT AS PINNED") {
		t.Fatalf("status before: %+v", st)
	}
	local := filepath.Join(e.repo, ".claude", "settings.local.json")
	os.MkdirAll(filepath.Dir(local), 0o755)
	os.WriteFile(local, []byte(`{"disableAllHooks":true}`), 0o644)
	st := e.tamper(t, nil, "status")
	if st.code != 0 || !strings.Contains(st.stdout, "no tamper lock") || strings.Contains(st.stdout, "as pinned\n") ||
		!strings.Contains(st.stdout, "NOT AS PINNED") || !strings.Contains(st.stdout, local) || !strings.Contains(st.stdout, "locks and restores") {
		t.Fatalf("status after the change: %+v", st)
	}
	// read-only: the file stays, no lock
	if b, err := os.ReadFile(local); err != nil || !strings.Contains(string(b), "disableAllHooks") {
		t.Fatalf("status changed %s: %q, %v", local, b, err)
	}
	if locks, _ := filepath.Glob(filepath.Join(e.state, "tamper", "*.json")); len(locks) != 0 {
		t.Fatalf("status wrote a lock: %v", locks)
	}
	if r := e.run(t, claudePre("ls"), "claude"); r.code != 2 {
		t.Fatalf("the next hook call: %+v, want the lock", r)
	}
}
