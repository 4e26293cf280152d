package gate

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Attacks on the scope lineage (lineage.go, scopeindex.go,
// scopebounds.go) found by red-team round 27 (a): a repository replaced
// by a copy behind a symlink at its old path; its record's identities or
// the record itself flushed; a decoy root turned into a symlink to bind
// other directories; a project first seen before its git init.

func rt27cat(t *testing.T, e *env, cwd, session string) policy.Decision {
	t.Helper()
	return e.gateAt(t, cwd).Pre(context.Background(), e.call(cwd, session, "t-1", "cat .env"))
}

func rt27run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, out)
	}
}

// red-team round 27, #1: the repository replaced by a copy (cp -a, a tar
// round trip, a mv across file systems), the old path a symlink to it. A
// person's cd to the old path and git work as before; Claude Code (and
// every agent that reports getcwd) sends the physical directory as cwd, which
// neither the index's paths nor its identities name; the copy's first
// session pins the loosened policy as accepted.
func TestScopeLineageCopyBehindSymlink(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env) string // the physical directory the agent reports
	}{
		{"cp -a beside, rm, ln -s", func(t *testing.T, e *env) string {
			c := filepath.Join(e.dir, ".repo.d")
			rt27run(t, "cp", "-a", e.repo, c)
			rt27run(t, "rm", "-rf", e.repo)
			rt27run(t, "ln", "-s", c, e.repo)
			return c
		}},
		{"cp -a into a hidden dir of home", func(t *testing.T, e *env) string {
			c := filepath.Join(e.home, ".cache", "x", "repo")
			os.MkdirAll(filepath.Dir(c), 0o755)
			rt27run(t, "cp", "-a", e.repo, c)
			rt27run(t, "rm", "-rf", e.repo)
			rt27run(t, "ln", "-s", c, e.repo)
			return c
		}},
		{"tar round trip", func(t *testing.T, e *env) string {
			c := filepath.Join(e.dir, "t", "repo")
			os.MkdirAll(filepath.Dir(c), 0o755)
			rt27run(t, "sh", "-c", "tar -C "+e.dir+" -cf - repo | tar -C "+filepath.Dir(c)+" -xpf -")
			rt27run(t, "rm", "-rf", e.repo)
			rt27run(t, "ln", "-s", c, e.repo)
			return c
		}},
		{"mv across file systems (/dev/shm)", func(t *testing.T, e *env) string {
			base, err := os.MkdirTemp("/dev/shm", "rt27-")
			if err != nil {
				t.Skip("no /dev/shm")
			}
			t.Cleanup(func() { os.RemoveAll(base) })
			c := filepath.Join(base, "repo")
			rt27run(t, "mv", e.repo, c)
			rt27run(t, "ln", "-s", c, e.repo)
			return c
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, secretsPolicy)
			write(t, filepath.Join(e.repo, ".env"), "X=1\n")
			e.landed(t)
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n") // the detached process's loosening
			phys := tc.change(t, e)
			d := rt27cat(t, e, phys, "s-new")
			t.Logf("physical: %s %s", d.Decision, d.Reason)
			if d.Decision == policy.Allow {
				t.Errorf("new session, cwd %s (what Claude Code reports for cd %s): cat .env -> allow (%s); the accepted policy denies it", phys, e.repo, d.Reason)
			}
		})
	}
}

// red-team round 27, #2: the repository's record forgets the original
// directory: its identities (maxRootIDs = 4, newest kept) are flushed by
// replacing the root in place with a copy four times, one call of the
// running session after each (noteOwnIdentities); then the original
// directory, loosened, is put back behind a symlink at the old path.
func TestScopeLineageIdentityFlush(t *testing.T) {
	e := newRepoEnv(t, secretsPolicy)
	write(t, filepath.Join(e.repo, ".env"), "X=1\n")
	e.landed(t)
	orig := filepath.Join(e.dir, ".orig")
	rt27run(t, "mv", e.repo, orig)
	for i := range 4 {
		rt27run(t, "rm", "-rf", e.repo)
		rt27run(t, "cp", "-a", orig, e.repo) // a copy in its place: a new identity at the path
		mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-1", fmt.Sprintf("t-f%d", i), "ls"), policy.Allow)
	}
	x, _ := e.g.cfg.pins.readScopeIndex()
	t.Logf("index: %s", x.encode())
	write(t, filepath.Join(orig, policy.FileName), "policies: []\n")
	rt27run(t, "rm", "-rf", e.repo)
	rt27run(t, "ln", "-s", orig, e.repo) // the original directory back behind its path
	if d := rt27cat(t, e, orig, "s-new"); d.Decision == policy.Allow {
		t.Errorf("new session in the original repository (cwd %s): cat .env -> allow (%s)", orig, d.Reason)
	}
}

// red-team round 27, #2 (second case): the index's records (and
// pins/roots) flushed by one more session than the bound, each started in
// a new empty directory (mandate hook run by a detached process with its
// own payloads); then moved and linked. The bound is lowered for the
// test (maxScopes; 4,096 in use): what holds nothing is forgotten, the
// repository is not, nor is its pending change hidden from a person.
func TestScopeLineageRecordFlush(t *testing.T) {
	defer func(n int) { maxScopes = n }(maxScopes)
	maxScopes = 32
	e := newRepoEnv(t, secretsPolicy)
	write(t, filepath.Join(e.repo, ".env"), "X=1\n")
	e.landed(t)
	junk := filepath.Join(e.dir, "j")
	g := e.gateAt(t, junk+"0")
	for i := range 3 * maxScopes {
		d := filepath.Join(junk, fmt.Sprint(i))
		os.MkdirAll(d, 0o755)
		if dd := g.Pre(context.Background(), e.call(d, fmt.Sprintf("s-j%d", i), "t-1", "true")); dd.Decision != policy.Allow {
			t.Fatalf("%d: %s %s (an empty directory's session)", i, dd.Decision, dd.Reason)
		}
	}
	x, _ := e.g.cfg.pins.readScopeIndex()
	_, in := x.byRoot[canonicalDir(e.repo)]
	roots, _ := e.g.cfg.pins.knownRoots()
	if !in || !slices.Contains(roots, canonicalDir(e.repo)) || len(x.recs) > maxScopes || len(roots) > maxScopes {
		t.Fatalf("records %d, roots %d, repository indexed: %v, in roots: %v", len(x.recs), len(roots), in, slices.Contains(roots, canonicalDir(e.repo)))
	}
	write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
	if ps, err := Pending(e.state, e.home); err != nil || len(ps) != 1 {
		t.Errorf("pending changes a person is shown: %+v %v", ps, err)
	}
	moved := filepath.Join(e.dir, ".moved")
	rt27run(t, "mv", e.repo, moved)
	rt27run(t, "ln", "-s", moved, e.repo)
	if d := rt27cat(t, e, moved, "s-new"); d.Decision == policy.Allow {
		t.Errorf("new session in the moved repository (cwd %s): cat .env -> allow (%s)", moved, d.Reason)
	}
}

// The same flood made of scopes that each hold an accepted policy (junk
// repositories with a policy file): none is forgotten; past the bound a
// new scope is refused (denied, with the reason), the repository stays.
func TestScopeLineageFullRefusesNewScopes(t *testing.T) {
	defer func(n int) { maxScopes = n }(maxScopes)
	maxScopes = 16
	e := newRepoEnv(t, secretsPolicy)
	e.landed(t)
	junk := filepath.Join(e.dir, "j")
	g := e.gateAt(t, junk+"0")
	refused := -1
	for i := range 2 * maxScopes {
		d := filepath.Join(junk, fmt.Sprint(i))
		os.MkdirAll(filepath.Join(d, ".git"), 0o755)
		write(t, filepath.Join(d, policy.FileName), "policies: []\n")
		dd := g.Pre(context.Background(), e.call(d, fmt.Sprintf("s-j%d", i), "t-1", "true"))
		if dd.Decision != policy.Allow {
			refused = i
			t.Logf("refused at %d: %s %s", i, dd.Decision, dd.Reason)
			break
		}
	}
	if refused < 0 {
		t.Fatalf("%d scopes holding policies, none refused", 2*maxScopes)
	}
	x, _ := e.g.cfg.pins.readScopeIndex()
	if _, in := x.byRoot[canonicalDir(e.repo)]; !in {
		t.Errorf("the repository was forgotten:\n%s", x.encode())
	}
	// the repository's own sessions go on
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
}

// red-team round 27, #3: a decoy scope's root turned into a symlink:
// noteOwnIdentities records the identity of whatever it points to
// (rootIdentity follows it; the session's Scope is not canonical any
// more), so the decoy's accepted text and tamper lock govern that
// directory and everything below it: pointed at / or the home directory,
// every repository, for good (retirement never drops an identity no
// other indexed root holds).
func TestScopeLineageIdentityInjection(t *testing.T) {
	for _, tc := range []struct {
		name   string
		target func(e *env) string // what the decoy is made to point at
		lock   bool
	}{
		{"the repository", func(e *env) string { return e.repo }, false},
		{"an ancestor of every repository (the test's home and repository)", func(e *env) string { return e.dir }, false},
		{"the root directory", func(e *env) string { return "/" }, false},
		{"the repository, the decoy tamper-locked", func(e *env) string { return e.repo }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newRepoEnv(t, secretsPolicy)
			e.landed(t)
			decoy := filepath.Join(e.dir, "tmp", "decoy")
			mk := func() {
				os.MkdirAll(filepath.Join(decoy, ".git"), 0o755)
				write(t, filepath.Join(decoy, policy.FileName), "policies:\n  - name: decoy\n    rules:\n      - block_commands: [\"ls\", \"git\", \"make\"]\n")
			}
			mk()
			gd := e.gateAt(t, decoy)
			mustDecide(t, gd, e.call(decoy, "s-d", "t-1", "true"), policy.Allow)
			gd.Post(ctx, e.post(decoy, "s-d", "t-1"))
			rt27run(t, "rm", "-rf", decoy)
			rt27run(t, "ln", "-s", tc.target(e), decoy)
			d := gd.Pre(ctx, e.call(decoy, "s-d", "t-2", "true")) // the injection: any call of that session
			t.Logf("injecting call: %s %s", d.Decision, d.Reason)
			gd.Post(ctx, e.post(decoy, "s-d", "t-2"))
			os.Remove(decoy)
			mk()
			if tc.lock {
				mustDecide(t, gd, e.call(decoy, "s-d", "t-3", "true"), policy.Allow)
				write(t, filepath.Join(decoy, ".claude", "settings.local.json"), `{"disableAllHooks": true}`)
				gd.Post(ctx, e.post(decoy, "s-d", "t-3"))
				if ls, _ := Locks(e.state); len(ls) != 1 {
					t.Fatalf("locks: %+v", ls)
				}
			}
			x, _ := e.g.cfg.pins.readScopeIndex()
			t.Logf("index:\n%s", x.encode())
			// a person's new session in their own repository
			d = e.gateAt(t, e.repo).Pre(ctx, e.call(e.repo, "s-person", "t-1", "ls"))
			if d.Decision != policy.Allow {
				t.Errorf("person's ls in %s -> %s (%s): governed by the agent's decoy", e.repo, d.Decision, d.Reason)
			}
			rep, err := Accept(ctx, AcceptOptions{StateDir: e.state, Log: e.log, By: "mandate policy accept", Who: AckIdentity{User: "dev"}})
			t.Logf("person's accept: %+v %v", rep, err)
			d = e.gateAt(t, e.repo).Pre(ctx, e.call(e.repo, "s-person2", "t-1", "ls"))
			t.Logf("after the accept: %s %s", d.Decision, d.Reason)
			if d.Decision != policy.Allow {
				t.Errorf("after a person's mandate policy accept: ls in %s -> %s (%s): still governed by the decoy", e.repo, d.Decision, d.Reason)
			}
		})
	}
}

// red-team round 27, #4: a project first seen before it was a
// repository (a session started in a plain directory, git init run later,
// often by the agent itself) is indexed as a "dir" scope and stays one
// (noteScope runs at the first pin only): the lineage never follows it, so
// the round 24 (c) #1 moves and renames work on it as before the fix.
func TestScopeLineageDirScopeNeverRepo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env, p string) string
	}{
		{"moved, symlink at the old path", func(t *testing.T, e *env, p string) string {
			moved := filepath.Join(e.dir, ".proj.moved")
			rt27run(t, "mv", p, moved)
			rt27run(t, "ln", "-s", moved, p)
			return moved
		}},
		{"git directory renamed away (and so at the old path the default decides)", func(t *testing.T, e *env, p string) string {
			rt27run(t, "mv", filepath.Join(p, ".git"), filepath.Join(p, ".git.bak"))
			return filepath.Join(p, "src")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newRepoEnv(t, secretsPolicy)
			p := filepath.Join(e.dir, "proj")
			os.MkdirAll(filepath.Join(p, "src"), 0o755)
			write(t, filepath.Join(p, policy.FileName), secretsPolicy)
			write(t, filepath.Join(p, ".env"), "X=1\n")
			g := e.gateAt(t, p)
			mustDecide(t, g, e.call(p, "s-1", "t-1", "ls"), policy.Allow) // first seen: no .git yet
			g.Post(ctx, e.post(p, "s-1", "t-1"))
			rt27run(t, "git", "init", "-q", p) // the agent (or the person) makes it a repository
			g2 := e.gateAt(t, p)
			mustDecide(t, g2, e.call(p, "s-2", "t-1", "ls"), policy.Allow)
			g2.Post(ctx, e.post(p, "s-2", "t-1"))
			if d := g2.Pre(ctx, e.call(p, "s-2", "t-2", "cat .env")); d.Decision == policy.Allow {
				t.Fatalf("control: cat .env in the repository -> allow")
			}
			x, _ := e.g.cfg.pins.readScopeIndex()
			t.Logf("index:\n%s", x.encode())
			write(t, filepath.Join(p, policy.FileName), "policies: []\n") // the detached process's loosening
			cwd := tc.change(t, e, p)
			if d := rt27cat(t, e, cwd, "s-new"); d.Decision == policy.Allow {
				t.Errorf("new session at %s: cat .env -> allow (%s); the accepted policy denies it", cwd, d.Reason)
			}
		})
	}
}

// A root's first identity is kept however many others it gets; the
// newest of the others fill the rest.
func TestMergeIDsKeepsTheFirst(t *testing.T) {
	ids := []string{"orig"}
	for i := range 10 {
		ids = mergeIDs(ids, []string{fmt.Sprint("copy", i)})
	}
	if len(ids) != maxRootIDs || ids[0] != "orig" || ids[len(ids)-1] != "copy9" {
		t.Errorf("ids: %v", ids)
	}
}

// The root directory and ancestors of home are boundless; home itself (a
// dotfiles repository) and directories below it are not.
func TestBoundless(t *testing.T) {
	for dir, want := range map[string]bool{"/": true, "/home": true, "/home/dev": false, "/home/dev/src": false, "/srv": false, "/home/devx": false} {
		if got := boundless(dir, "/home/dev"); got != want {
			t.Errorf("boundless(%s) = %v", dir, got)
		}
	}
}

// A scope root that is a symlink, or reached through one, has no own
// identity; a real directory has the identity rootIdentity reads.
func TestOwnRootIdentity(t *testing.T) {
	d := t.TempDir()
	real := filepath.Join(d, "real")
	os.MkdirAll(filepath.Join(real, "sub"), 0o755)
	os.Symlink(real, filepath.Join(d, "link"))
	if id := ownRootIdentity(real); id == "" || id != rootIdentity(real) {
		t.Errorf("real: %q %q", id, rootIdentity(real))
	}
	for _, p := range []string{filepath.Join(d, "link"), filepath.Join(d, "link", "sub")} {
		if id := ownRootIdentity(p); id != "" {
			t.Errorf("%s: %q", p, id)
		}
	}
}
