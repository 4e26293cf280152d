package gate

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// A resident engine's hook calls bind the deciding policies to the
// protected set once (bindMemo): every decision is the one a gate without
// a Cache gives, the bound policies are the ones binding gives, and the
// memo is used only while the policies, manifests, state directories and
// PATH are the same.
func TestBindMemo(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-0", "true"), policy.Allow) // pins the scopes
	land(t, e.g, e.post(e.repo, "s-1", "t-0"))
	cmds := []struct {
		cmd  string
		want policy.Effect
	}{
		{"ls", policy.Allow},
		{"npm install left-pad", policy.Deny},
		{"echo x > agent-policy.yaml", policy.Deny},
		{"echo {} > .claude/settings.json", policy.Deny},
		{"echo > " + filepath.Join(e.state, "x"), policy.Deny},
		{"cat README", policy.Allow},
	}
	ctx := context.Background()
	cache := &Cache{}
	n := 0
	round := func(when string) {
		t.Helper()
		for _, c := range cmds {
			n++
			id := "t-" + when + "-" + c.cmd
			g, err := Open(ctx, Options{StateDir: e.state, Cwd: e.repo, Getenv: e.getenv, Now: e.g.cfg.Now, Cache: cache})
			if err != nil {
				t.Fatal(err)
			}
			g.cfg.Identity = e.g.cfg.Identity
			d := mustDecide(t, g, e.call(e.repo, "s-1", id, c.cmd), c.want)
			land(t, g, e.post(e.repo, "s-1", id))
			g.Close()
			fresh := e.gateAt(t, e.repo)
			fd := mustDecide(t, fresh, e.call(e.repo, "s-1", id+"-fresh", c.cmd), c.want)
			land(t, fresh, e.post(e.repo, "s-1", id+"-fresh"))
			if d.Reason != fd.Reason || d.Policy != fd.Policy || d.Rule != fd.Rule {
				t.Errorf("%s: %q: memo %s/%s (%s), fresh %s/%s (%s)", when, c.cmd, d.Policy, d.Rule, d.Reason, fd.Policy, fd.Rule, fd.Reason)
			}
		}
		// The memo's bound policies are the ones binding builds.
		m := &cache.binds
		m.mu.Lock()
		defer m.mu.Unlock()
		ds := make([]decider, len(m.ps))
		for i, p := range m.ps {
			ds[i] = decider{p: p}
		}
		g := e.gateAt(t, e.repo)
		opts := g.options(&view{manifests: m.manifests}, ds, StateDirs(e.getenv), e.getenv("PATH"))
		for i, dc := range ds {
			if want := dc.p.WithOptions(opts).WithCall(nil, nil, nil); !reflect.DeepEqual(m.bound[i], want) {
				t.Errorf("%s: bound policy %d is not the one binding gives", when, i)
			}
		}
	}
	counts := func() (int, int) {
		cache.binds.mu.Lock()
		defer cache.binds.mu.Unlock()
		return cache.binds.hits, cache.binds.all
	}
	round("first")
	hits, all := counts()
	if all != n || hits < n-2 {
		t.Fatalf("memo used %d of %d times (%d calls)", hits, all, n)
	}
	// Another PATH: bound again, then reused.
	e.vars["PATH"] = e.home + string(os.PathListSeparator) + e.vars["PATH"]
	h0, _ := counts()
	round("new PATH")
	if h1, _ := counts(); h1 != h0+len(cmds)-1 {
		t.Fatalf("after a PATH change: memo used %d of %d times", h1-h0, len(cmds))
	}
	// Another policy text: another compiled policy, bound again.
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy+"\n# edited\n")
	h0, _ = counts()
	round("edited policy")
	if h1, _ := counts(); h1 != h0+len(cmds)-1 {
		t.Fatalf("after a policy edit: memo used %d of %d times", h1-h0, len(cmds))
	}
	// Another state directory among $MANDATE_HOME's: bound again.
	e.vars["XDG_STATE_HOME"] = filepath.Join(e.home, "xdg")
	h0, _ = counts()
	round("new XDG_STATE_HOME")
	if h1, _ := counts(); h1 != h0+len(cmds)-1 {
		t.Fatalf("after a state directory change: memo used %d of %d times", h1-h0, len(cmds))
	}
}

func land(t *testing.T, g *Gate, ev *hook.Event) {
	t.Helper()
	if err := g.Post(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}
