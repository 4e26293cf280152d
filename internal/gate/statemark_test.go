package gate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Class hook-env/state-dir-moved (red-team round 6b, #2, defence in
// depth): a later call that names another state directory (MANDATE_HOME,
// XDG_STATE_HOME or HOME from a .env the agent's harness loads) is denied
// for a repository governed with another one: its locks and pins are not
// escaped by a fresh directory.
func TestStateDirectoryChangeIsRefused(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s1", "t1", "ls"), policy.Allow)
	mark := filepath.Join(e.repo, ".git", stateMarkName)
	if b, err := os.ReadFile(mark); err != nil || strings.TrimSpace(string(b)) != e.state {
		t.Fatalf("state mark: %q, %v (want %s)", b, err, e.state)
	}
	// Another hook process, the same repository, another state directory.
	other := filepath.Join(e.dir, "fresh")
	red, err := evidence.NewRedactor(other, false)
	if err != nil {
		t.Fatal(err)
	}
	l, err := evidence.Open(other, evidence.Options{Redactor: red})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	g, err := New(Config{Policy: e.g.cfg.Policy, Log: l, StateDir: other, Getenv: e.getenv,
		Identity: e.g.cfg.Identity, Now: e.g.cfg.Now, bins: e.g.cfg.bins})
	if err != nil {
		t.Fatal(err)
	}
	d := mustDecide(t, g, e.call(e.repo, "s2", "t2", "ls"), policy.Deny)
	if d.Rule != "state-directory" {
		t.Errorf("denied by %s/%s (%s), want the state-directory rule", d.Policy, d.Rule, d.Reason)
	}
	// The original state directory still decides.
	mustDecide(t, e.g, e.call(e.repo, "s1", "t3", "ls"), policy.Allow)
	// A person who moved it on purpose removes the mark.
	if err := os.Remove(mark); err != nil {
		t.Fatal(err)
	}
	mustDecide(t, g, e.call(e.repo, "s2", "t4", "ls"), policy.Allow)
}

// A plain .env is hook configuration only while Gemini CLI, which loads
// it, is in use: its session, or its hook configuration in the
// repository or home.
func TestDotEnvProtectedWhileGeminiInUse(t *testing.T) {
	dir := t.TempDir()
	repo, home := filepath.Join(dir, "repo"), filepath.Join(dir, "home")
	for _, d := range []string{repo, home} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	has := func(ts []target, p string) bool {
		for _, t := range ts {
			if t.path == p {
				return true
			}
		}
		return false
	}
	all := func() []target { return configTargets([]string{repo}, "", nil, true) }
	if !has(all(), filepath.Join(dir, ".env")) || !has(all(), filepath.Join(dir, ".gemini", ".env")) {
		t.Errorf("the .env files above the repository are not listed")
	}
	claude := &Session{Agent: "claude", Home: home}
	if has(keepInUse(all(), claude, repo), filepath.Join(repo, ".env")) {
		t.Errorf("a Claude session without Gemini pins the repository's .env")
	}
	if !has(keepInUse(all(), &Session{Agent: "gemini", Home: home}, repo), filepath.Join(repo, ".env")) {
		t.Errorf("a Gemini session does not pin the repository's .env")
	}
	write(t, filepath.Join(home, ".gemini", "settings.json"), `{"hooks": {}}`)
	if !has(keepInUse(all(), claude, repo), filepath.Join(repo, ".env")) {
		t.Errorf("with Gemini configured in the home directory, a Claude session does not pin the .env Gemini loads")
	}
}

// A resident engine's state marks are remembered across calls only while
// a stat shows the mark unchanged: a mark rewritten to name another state
// directory (same size, in place) is refused on the next call.
func TestStateMarkKeptAcrossCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the racy window")
	}
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	state, other := filepath.Join(root, "state-a"), filepath.Join(root, "state-b")
	m := &stateMarks{keep: true}
	if err := m.check(root, state); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond)
	for range 3 {
		if err := m.check(root, state); err != nil {
			t.Fatal(err)
		}
	}
	if len(m.seen) != 1 {
		t.Fatalf("the settled mark is not remembered: %+v", m.seen)
	}
	if err := m.check(root, other); err == nil {
		t.Fatal("another state directory passed a remembered mark")
	}
	mark := filepath.Join(root, ".git", stateMarkName)
	if err := os.WriteFile(mark, []byte(other+"\n"), 0o644); err != nil { // same size, in place
		t.Fatal(err)
	}
	if err := m.check(root, state); err == nil {
		t.Fatal("a mark rewritten to name another state directory was not read again")
	}
	if err := m.check(root, other); err != nil {
		t.Fatal(err)
	}
}

// A resident engine reads its redaction key again as soon as the key
// file is replaced or rewritten in place (same size), and not otherwise.
func TestRedactKeyRereadWhenChanged(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the racy window")
	}
	state := t.TempDir()
	c := &Cache{}
	first, _, err := c.redactKey(state) // creates the keys
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Duration(racyWindow) + 100*time.Millisecond)
	for range 2 {
		k, _, err := c.redactKey(state)
		if err != nil || string(k) != string(first) {
			t.Fatalf("unchanged key: %x, %v", k, err)
		}
	}
	if len(c.keys) != 1 {
		t.Fatal("the settled key is not remembered")
	}
	path := evidence.RedactKeyPath(state)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	other := []byte(strings.Repeat("a", len(strings.TrimSpace(string(b)))) + "\n")
	if err := os.WriteFile(path, other, 0o600); err != nil { // in place, same size
		t.Fatal(err)
	}
	k, _, err := c.redactKey(state)
	if err != nil || string(k) == string(first) {
		t.Fatalf("a rewritten key was not read again: %x, %v", k, err)
	}
}
