package gate

import (
	"os"
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
// A known bypass, not fixed yet: each subtest is allowed today. It runs
// with MANDATE_REDTEAM_OPEN=1 (the list of known bypasses) and fails
// there until the scope is keyed by the repository's identity (the git
// directory's device and inode, the state mark that moves with it), as
// the tamper lock already is.
func TestOpenScopeByPath(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("known bypass (red-team round 24 (c), #1): set MANDATE_REDTEAM_OPEN=1 to run it")
	}
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
