package gate

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy"
)

// A resident engine's check binds the policy to the pinned protected set
// once (surveyMemo): every decision is the one a fresh LoadPolicy gives,
// the memo is used only while the policy, manifests, PATH and the rest
// are the same, and anything not pinned is surveyed afresh.
func TestSurveyMemo(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "true"), policy.Allow) // pins both scopes
	write(t, filepath.Join(e.repo, ".claude", "settings.json"), `{"hooks":{}}`)
	cmds := []string{
		"ls", "true", "npm install left-pad",
		"echo x > agent-policy.yaml", "rm -f " + filepath.Join(e.repo, policy.FileName),
		"cp /dev/null " + filepath.Join(e.bin, "mandate"), "rm " + filepath.Join(e.bin, "mandate-engine"),
		"echo > " + filepath.Join(e.state, "x"), "cat " + filepath.Join(e.state, "keys", "redact.key"),
		"echo {} > .claude/settings.json", "pkill mandate-engine", "kill -9 1",
	}
	c := &Cache{}
	same := func(when string) {
		t.Helper()
		got, err := c.LoadPolicy("", e.repo, e.getenv)
		if err != nil {
			t.Fatal(err)
		}
		want, err := LoadPolicy("", e.repo, e.getenv)
		if err != nil {
			t.Fatal(err)
		}
		// The same compiled policy bound as before the memo: equal in
		// every field but the per-call process list and git runner.
		p, err := locatePolicy("", e.repo, e.getenv, c)
		if err != nil {
			t.Fatal(err)
		}
		bound := p.WithOptions(surveyOptions(p, e.repo, e.getenv, c))
		if !reflect.DeepEqual(got.WithCall(nil, nil, nil), bound.WithCall(nil, nil, nil)) {
			t.Errorf("%s: the memo's policy is not the one binding gives", when)
		}
		for _, cmd := range cmds {
			a := &action.Action{V: action.Version, Kind: action.Exec, Command: cmd, Cwd: e.repo,
				Actor: action.Actor{RepoRoot: e.repo, Home: e.home}}
			b := *a
			dg, dw := got.Evaluate(a), want.Evaluate(&b)
			if dg.Decision != dw.Decision || dg.Reason != dw.Reason || dg.Policy != dw.Policy || dg.Rule != dw.Rule {
				t.Errorf("%s: %q: memo %s (%s), fresh %s (%s)", when, cmd, dg.Decision, dg.Reason, dw.Decision, dw.Reason)
			}
		}
	}
	counts := func() (int, int) {
		c.survey.mu.Lock()
		defer c.survey.mu.Unlock()
		return c.survey.hits, c.survey.all
	}
	for i := range 3 {
		same("pinned")
		if hits, all := counts(); all != i+1 || hits != i {
			t.Fatalf("call %d: memo used %d of %d times, want %d of %d", i, hits, all, i, i+1)
		}
	}
	// Another PATH: bound again, then reused.
	e.vars["PATH"] = e.bin + string(os.PathListSeparator) + e.home
	same("new PATH")
	if hits, all := counts(); all != 4 || hits != 2 {
		t.Fatalf("after a PATH change: memo used %d of %d times", hits, all)
	}
	same("new PATH, again")
	if hits, all := counts(); all != 5 || hits != 3 {
		t.Fatalf("after a PATH change, again: memo used %d of %d times", hits, all)
	}
	// Another policy text: another compiled policy.
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy+"\n# edited\n")
	same("edited policy")
	if hits, all := counts(); all != 6 || hits != 3 {
		t.Fatalf("after a policy edit: memo used %d of %d times", hits, all)
	}
	// The repository's pins gone: surveyed from the tables, not memoised.
	store := c.pinStore(e.state)
	if err := os.Remove(store.manifestPath(repoScope(e.repo))); err != nil {
		t.Fatal(err)
	}
	same("unpinned repository")
	if hits, all := counts(); all != 6 || hits != 3 {
		t.Fatalf("without the repository's pins: memo used %d of %d times", hits, all)
	}
}
