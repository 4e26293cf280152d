package policy

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// gitIn runs git in the fixture's repository, as the fixture builds it.
func gitIn(t *testing.T, tr *fixture.Tree, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = tr.Real(fixture.Root)
	cmd.Env = []string{"HOME=" + tr.Dir, "PATH=" + os.Getenv("PATH"), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestHistoryReads: git commands that print file content from history
// are judged by the files they print, asked of the repository: the class
// read/git-object (history) of issue 9.
func TestHistoryReads(t *testing.T) {
	tr := fixture.Standard(t)
	if !tr.Git {
		t.Skip("git is not installed")
	}
	// History on main after the initial commit (which adds .env,
	// .github/ and infrastructure/): a commit that changes src/ only, a
	// secret committed then removed, and a last commit touching docs/.
	write := func(p, body string) { must(t, os.WriteFile(tr.Real(fixture.Root+"/"+p), []byte(body), 0o644)) }
	write("src/app.go", "package main\n\n// changed\n")
	gitIn(t, tr, "commit", "-q", "-am", "src only")
	write("docs/.env.old", "PROD_API_KEY=fixture-transient\n")
	gitIn(t, tr, "add", "docs/.env.old")
	gitIn(t, tr, "commit", "-q", "-m", "a secret")
	gitIn(t, tr, "rm", "-q", "docs/.env.old")
	gitIn(t, tr, "commit", "-q", "-m", "secret removed")
	write("docs/notes.md", "# Notes\nmore\n")
	gitIn(t, tr, "commit", "-q", "-am", "docs")
	envBlob := gitIn(t, tr, "rev-parse", "HEAD:.env")

	p := fixturePolicy(t, tr)
	const hist = "read/git-object history"
	runFSCases(t, p, []fsCase{
		// Patches of commits.
		{class: hist, cmd: "git log -p", want: Deny, reason: ".env"},
		{class: hist, cmd: "git log -p -1", want: Allow},                         // docs/notes.md only
		{class: hist, cmd: "git log -p -2", want: Deny, reason: "docs/.env.old"}, // the removal prints it
		{class: hist, cmd: "git log -p HEAD~2..HEAD", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git log -p HEAD~4..HEAD~3", want: Allow},
		{class: hist, cmd: "git log --patch -- src", want: Allow},
		{class: hist, cmd: "git log -p -- docs", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git log -p --full-diff -- src/app.go", want: Deny},
		{class: hist, cmd: "git log -p -- . ':!docs' ':!.env*' ':!.github' ':!infrastructure' ':!config'", want: Allow},
		{class: hist, cmd: "git log --stat", want: Allow},
		{class: hist, cmd: "git log --oneline -5", want: Allow},
		{class: hist, cmd: "git whatchanged -p -3", want: Deny},
		{class: hist, cmd: "git whatchanged", want: Allow},
		{class: hist, cmd: "git log -U1 -1 HEAD~1", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git log -p --all", want: Deny},
		{class: hist, cmd: "git reflog -p", want: Deny},
		{class: hist, cmd: "git format-patch -1 --stdout", want: Allow},
		{class: hist, cmd: "git format-patch -3 --stdout", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git format-patch HEAD~1 --stdout", want: Allow},
		{class: hist, cmd: "git format-patch --root HEAD --stdout", want: Deny},
		// git show.
		{class: hist, cmd: "git show", want: Allow},
		{class: hist, cmd: "git show HEAD~1", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git show HEAD~1 -- src", want: Allow},
		{class: hist, cmd: "git show main~4", want: Deny, reason: ".env"},
		{class: hist, cmd: "git show --stat main~4", want: Allow},
		{class: hist, cmd: "git show -s main~4", want: Allow},
		{class: hist, cmd: "git show HEAD^{tree}", want: Allow},
		{class: hist, cmd: "git show " + envBlob, want: Ask},
		{class: hist, cmd: "git show HEAD~3..HEAD~1", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git show $(git rev-parse HEAD):.env", want: Deny, reason: ".env"}, // the path is known
		{class: hist, cmd: "git show $REV:./config/.env.production", want: Deny},
		// Trees and objects.
		{class: hist, cmd: "git archive HEAD", want: Deny, reason: ".env"},
		{class: hist, cmd: "git archive HEAD src docs", want: Allow},
		{class: hist, cmd: "git archive HEAD:config", want: Deny, reason: "config/.env.production"},
		{class: hist, cmd: "git bundle create tests/r.bundle HEAD", want: Deny},
		{class: hist, cmd: "git grep -n TODO HEAD", want: Deny, reason: ".env"},
		{class: hist, cmd: "git grep -n TODO HEAD -- src", want: Allow},
		{class: hist, cmd: "git grep -e TODO feature -- docs", want: Allow},
		// Diffs of trees.
		{class: hist, cmd: "git diff HEAD~4 HEAD", want: Allow},
		{class: hist, cmd: "git diff main feature", want: Allow},
		{class: hist, cmd: "git diff feature...main", want: Allow},
		{class: hist, cmd: "git diff-tree -p HEAD~1", want: Deny, reason: "docs/.env.old"},
		{class: hist, cmd: "git diff-tree HEAD~1", want: Allow}, // raw output: names only
		// Work tree and index: nothing blocked differs yet.
		{class: hist, cmd: "git diff", want: Allow},
		{class: hist, cmd: "git diff --cached", want: Allow},
		{class: hist, cmd: "git diff HEAD~4", want: Allow},
		{class: hist, cmd: "git stash show -p", want: Allow}, // no stash
		// The same line changing git's view, or no git to ask.
		{class: hist, cmd: "GIT_DIR=/tmp/x git log -p", want: Ask},
		{class: hist, cmd: "git --git-dir=/tmp/x show", want: Ask},
		{class: hist, cmd: "git log -p $REV", want: Ask},
	})
	noGit := fixtureOptions(tr)
	noGit.Git = nil
	runFSCases(t, corpusPolicy(t, noGit), []fsCase{
		{class: hist, cmd: "git log -p -1", want: Ask},
		{class: hist, cmd: "git log --oneline", want: Allow},
		{class: hist, cmd: "git diff --stat", want: Allow},
		{class: hist, cmd: "git log -p -1", trust: action.ReadOnly, want: Ask},
	})

	// A blocked file changed in the work tree or staged is printed by the
	// diffs that compare it.
	write(".env", "PROD_DB_URL=changed\n")
	runFSCases(t, p, []fsCase{
		{class: hist, cmd: "git diff", want: Deny, reason: ".env"},
		{class: hist, cmd: "git diff -- src", want: Allow},
		{class: hist, cmd: "git diff --stat", want: Allow},
		{class: hist, cmd: "git diff HEAD", want: Deny, reason: ".env"},
		{class: hist, cmd: "git diff --cached", want: Allow},
		{class: hist, cmd: "git diff-files -p", want: Deny},
	})
	gitIn(t, tr, "add", ".env")
	gitIn(t, tr, "stash", "-q")
	runFSCases(t, p, []fsCase{
		{class: hist, cmd: "git diff", want: Allow},
		{class: hist, cmd: "git stash show -p", want: Deny, reason: ".env"},
		{class: hist, cmd: "git stash show", want: Allow}, // a summary
	})
	gitIn(t, tr, "stash", "pop", "-q", "--index")
	runFSCases(t, p, []fsCase{
		{class: hist, cmd: "git diff --cached", want: Deny, reason: ".env"},
		{class: hist, cmd: "git diff --staged -- docs", want: Allow},
		{class: hist, cmd: "git diff", want: Allow},
	})
}
