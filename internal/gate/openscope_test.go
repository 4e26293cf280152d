package gate

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Class "scope-by-path" (red-team round 24 (c), #1): a repository's
// scope — its pins, its accepted policy text, its pending changes, its
// tamper lock — is keyed by its root path, and a directory is a repository
// only while a .git entry is there. A process an allowed command left
// behind (the class of round 23 (c), #1) moves the repository away and
// leaves a symlink at its old path (git keeps working, the person notices
// nothing: cd ~/src/app still lands in it), or renames its git directory
// away. A new session there is a fresh scope: its first pin accepts the
// policy file as it is (loosened or removed by the same process), or, with
// no .git, the built-in default decides; neither the accepted text nor a
// lock of the old scope follows. Each subtest is a new session's cat .env,
// which the accepted policy (block_paths .env*) denies.
//
// Fixed by the scope lineage (lineage.go): every directory of a call and
// its ancestors are looked up in the scope index by path and by identity,
// and a scope pinned for the first time inherits the accepted state of
// the scope its root is.
func TestOpenScopeByPath(t *testing.T) {
	moveAndLink := func(t *testing.T, e *env) string {
		moved := filepath.Join(e.dir, "repo.moved")
		if err := os.Rename(e.repo, moved); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(moved, e.repo); err != nil {
			t.Fatal(err)
		}
		return moved
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env) string // the new session's cwd
	}{
		{"policy emptied, repository moved, symlink at the old path", func(t *testing.T, e *env) string {
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			return moveAndLink(t, e)
		}},
		{"the same, the session started at the symlink", func(t *testing.T, e *env) string {
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			moveAndLink(t, e)
			return e.repo
		}},
		{"policy removed, repository moved (the built-in default decides)", func(t *testing.T, e *env) string {
			os.Remove(filepath.Join(e.repo, policy.FileName))
			return moveAndLink(t, e)
		}},
		{"git directory renamed away, policy untouched (the built-in default decides)", func(t *testing.T, e *env) string {
			if err := os.Rename(filepath.Join(e.repo, ".git"), filepath.Join(e.repo, ".git.bak")); err != nil {
				t.Fatal(err)
			}
			return e.repo
		}},
		{"git directory removed, the session started in a subdirectory", func(t *testing.T, e *env) string {
			if err := os.RemoveAll(filepath.Join(e.repo, ".git")); err != nil {
				t.Fatal(err)
			}
			sub := filepath.Join(e.repo, "src")
			os.MkdirAll(sub, 0o755)
			return sub
		}},
		{"policy emptied, repository moved without a link, session in a subdirectory", func(t *testing.T, e *env) string {
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			moved := filepath.Join(e.dir, "elsewhere", "app")
			os.MkdirAll(filepath.Dir(moved), 0o755)
			if err := os.Rename(e.repo, moved); err != nil {
				t.Fatal(err)
			}
			sub := filepath.Join(moved, "src")
			os.MkdirAll(sub, 0o755)
			return sub
		}},
		{"policy emptied, repository moved, its git directory renamed too", func(t *testing.T, e *env) string {
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			moved := moveAndLink(t, e)
			if err := os.Rename(filepath.Join(moved, ".git"), filepath.Join(moved, ".git.bak")); err != nil {
				t.Fatal(err)
			}
			return moved
		}},
		{"a scope pinned at the destination beforehand, then the repository moved over it", func(t *testing.T, e *env) string {
			dest := filepath.Join(e.dir, "dest")
			os.MkdirAll(filepath.Join(dest, ".git"), 0o755)
			g := e.gateAt(t, dest)
			mustDecide(t, g, e.call(dest, "s-dest", "t-1", "ls"), policy.Allow) // pins dest, with no policy
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			if err := os.RemoveAll(dest); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(e.repo, dest); err != nil {
				t.Fatal(err)
			}
			return dest
		}},
		{"state of an earlier version (no scope index): migrated at its first call, then moved", func(t *testing.T, e *env) string {
			if err := os.Remove(filepath.Join(e.state, "pins", scopesName)); err != nil {
				t.Fatal(err)
			}
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			return moveAndLink(t, e)
		}},
		{"state of an earlier version, moved before any call of this one: found by the old path", func(t *testing.T, e *env) string {
			if err := os.Remove(filepath.Join(e.state, "pins", scopesName)); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
			moveAndLink(t, e)
			return e.repo
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, secretsPolicy)
			write(t, filepath.Join(e.repo, ".env"), "X=1\n")
			e.landed(t)
			cwd := tc.change(t, e)
			g := e.gateAt(t, cwd)
			d := g.Pre(t.Context(), e.call(cwd, "s-new", "t-1", "cat .env"))
			if d.Decision == policy.Allow {
				t.Errorf("new session at %s: cat .env -> allow (%s); the accepted policy denies it", filepath.Base(cwd), d.Reason)
			}
		})
	}
}

// Class "hook-config-in-temp" (red-team round 24 (c), #2): agent
// configuration that registers hooks or runs code, protected "Anywhere"
// (agent.Anywhere: "at any depth below the repository, the home directory
// or anywhere else") or at any depth of a session's directory, is written
// freely in the temporary directories, which the built-in default lets
// an agent write: the repository-relative patterns are re-targeted at the
// home directory (internal/policy protect.go) but not at a path outside
// both. Claude Code loads .claude/skills/ of every --add-dir directory,
// with live change detection (docs: skills from additional directories),
// so a skill whose frontmatter registers hooks or whose !`cmd` lines run
// before the prompt takes effect in the running session; and a session a
// person later starts in a scratch directory under /tmp starts with the
// agent's settings (disableAllHooks) and pins them as they are. Failing

// The scope lineage's everyday cases: what follows a repository does not
// bind what is not it, and a person's acceptance frees a directory a
// former identity bound (a repository moved on purpose, an inode reused).
func TestScopeLineage(t *testing.T) {
	catEnv := func(t *testing.T, e *env, cwd, session string) policy.Effect {
		t.Helper()
		write(t, filepath.Join(cwd, ".env"), "X=1\n")
		return e.gateAt(t, cwd).Pre(t.Context(), e.call(cwd, session, "t-1", "cat .env")).Decision
	}
	t.Run("a bind mount of the repository is the repository", func(t *testing.T) {
		e := newRepoEnv(t, secretsPolicy)
		e.landed(t)
		write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
		bound := filepath.Join(e.dir, "bound")
		os.MkdirAll(bound, 0o755)
		if err := exec.Command("mount", "--bind", e.repo, bound).Run(); err != nil {
			t.Skipf("no bind mount here: %v", err)
		}
		defer exec.Command("umount", bound).Run()
		if d := catEnv(t, e, bound, "s-new"); d == policy.Allow {
			t.Errorf("cat .env in the bind mount -> allow; the accepted policy denies it")
		}
	})
	t.Run("moved on purpose: the new place's change is pending until a person accepts it", func(t *testing.T) {
		e := newRepoEnv(t, secretsPolicy)
		e.landed(t)
		moved := filepath.Join(e.dir, "moved")
		if err := os.Rename(e.repo, moved); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(moved, policy.FileName), "policies: []\n")
		if d := catEnv(t, e, moved, "s-2"); d == policy.Allow {
			t.Fatalf("cat .env after the move and the loosening -> allow; nothing was accepted")
		}
		ps, err := Pending(e.state, e.home)
		if err != nil {
			t.Fatal(err)
		}
		var atNew bool
		for _, p := range ps {
			atNew = atNew || p.Path == filepath.Join(canonicalDir(moved), policy.FileName)
		}
		if !atNew {
			t.Errorf("the loosened policy at the new place is not pending: %+v", ps)
		}
		rep := e.accept(t)
		if len(rep.Retired) == 0 {
			t.Errorf("the acceptance retired no former identity: %+v", rep)
		}
		if d := catEnv(t, e, moved, "s-3"); d != policy.Allow {
			t.Errorf("cat .env after a person accepted the loosened policy -> %s, want allow", d)
		}
	})
	t.Run("an inode reused by an unrelated repository is freed by a person's acceptance", func(t *testing.T) {
		e := newRepoEnv(t, secretsPolicy)
		e.landed(t)
		old := canonicalDir(e.repo)
		if err := os.RemoveAll(e.repo); err != nil {
			t.Fatal(err)
		}
		other := filepath.Join(e.dir, "other")
		os.MkdirAll(filepath.Join(other, ".git"), 0o755)
		write(t, filepath.Join(other, policy.FileName), "policies: []\n")
		// as if other had been given the deleted repository's inode, on a
		// file system that keeps no birth time
		if err := e.g.cfg.pins.noteRootNow(old, rootIdentity(other), false); err != nil {
			t.Fatal(err)
		}
		if d := catEnv(t, e, other, "s-2"); d == policy.Allow {
			t.Fatalf("cat .env in the directory holding the governed identity -> allow")
		}
		e.accept(t)
		if d := catEnv(t, e, other, "s-3"); d != policy.Allow {
			t.Errorf("cat .env after a person accepted -> %s, want allow", d)
		}
	})
	t.Run("a sibling repository without a policy is not bound", func(t *testing.T) {
		e := newRepoEnv(t, secretsPolicy)
		e.landed(t)
		sib := filepath.Join(e.dir, "sibling")
		os.MkdirAll(filepath.Join(sib, ".git"), 0o755)
		if d := catEnv(t, e, sib, "s-2"); d != policy.Allow {
			t.Errorf("cat .env in an unrelated repository -> %s, want allow", d)
		}
	})
	t.Run("a start directory outside any repository binds nothing below it", func(t *testing.T) {
		e := newRepoEnv(t, "policies: []\n")
		write(t, filepath.Join(e.dir, policy.FileName), secretsPolicy)
		mustDecide(t, e.gateAt(t, e.dir), e.call(e.dir, "s-top", "t-1", "ls"), policy.Allow)
		if d := catEnv(t, e, e.repo, "s-2"); d != policy.Allow {
			t.Errorf("cat .env in a repository below a start directory -> %s, want allow", d)
		}
	})
}
