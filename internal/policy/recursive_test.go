package policy

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy/fixture"
	"github.com/mandate-dev/mandate/internal/shell"
)

// TestSearchTools: an agent's search tool reads every file it can reach
// below its paths, filtered by its pattern.
func TestSearchTools(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	narrow := "narrow the path or the pattern"
	runFSCases(t, p, []fsCase{
		{class: "search-tool", act: searchTool("Grep", "", "."), want: Deny, reason: narrow},
		{class: "search-tool", act: searchTool("Grep", "", "config"), want: Deny, reason: ".env.production"},
		{class: "search-tool", act: searchTool("Grep", "", "src"), want: Deny, reason: "src/key"},
		{class: "search-tool", act: searchTool("Glob", "**/.env*", "."), want: Deny},
		{class: "search-tool", act: searchTool("Glob", "../.ssh/*", "."), want: Deny, reason: "credential store"},
		{class: "search-tool", act: searchTool("grep_search", "", "/home/dev"), want: Deny},
		{class: "search-tool", act: searchTool("Grep", "*.go", "."), want: Allow},
		{class: "search-tool", act: searchTool("Glob", "src/**/*.go", "."), want: Allow},
		{class: "search-tool", act: searchTool("Grep", "", "docs"), want: Allow},
		{class: "search-tool", act: searchTool("Grep", "", "tests", "docs"), want: Allow},
		{class: "search-tool", act: searchTool("Grep", "*.{md,go}", "."), want: Deny},
	})
}

// TestRecursiveScope: a recursive read honours what the reader skips.
func TestRecursiveScope(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	rec := func(path string, hidden, follow bool) *shell.Analysis {
		return &shell.Analysis{Reads: []shell.PathRef{{Path: path, Cmd: "rg", Recursive: true, SkipHidden: hidden}},
			Commands: []shell.Command{{Name: "rg", Args: map[bool][]string{true: {"-L"}, false: {}}[follow], Cwd: fixture.Root}}}
	}
	runFSCases(t, p, []fsCase{
		{class: "recursive-hidden", an: rec(fixture.Root+"/config", true, false), want: Allow},
		{class: "recursive-hidden", an: rec(fixture.Root+"/config", false, false), want: Deny},
		{class: "recursive-symlink", an: rec(fixture.Root+"/src", true, false), want: Allow},
		{class: "recursive-symlink", an: rec(fixture.Root+"/src", true, true), want: Deny, reason: "src/key"},
		{class: "recursive-symlink", cmd: "grep -r TODO src", want: Allow},
		{class: "recursive-symlink", cmd: "grep -R TODO src", want: Deny, reason: "credential store"},
		{class: "recursive-symlink", cmd: "zip -r tests/a.zip src", want: Deny, reason: "credential store"},
		{class: "recursive-symlink", cmd: "zip -ry tests/a.zip src", want: Allow},
		{class: "recursive-find", cmd: "find src -type f -exec cat {} +", want: Allow}, // -type f hands over no symlink
		{class: "recursive-find", cmd: "find src -exec cat {} +", want: Deny, reason: "src/key"},
		{class: "recursive-find", cmd: "find -L src -type f -exec cat {} +", want: Deny, reason: "src/key"},
		{class: "recursive-find", cmd: "find docs -exec cat {} +", want: Allow},
	})
}

// TestTrackedOnly: a read of only the files git tracks (git grep) asks git
// which they are when Options.Git is set, and otherwise assumes every file.
func TestTrackedOnly(t *testing.T) {
	tr := fixture.Standard(t)
	if !tr.Git {
		t.Skip("git is not installed: the fixture has no repository")
	}
	must(t, os.WriteFile(tr.Real(fixture.Root+"/docs/.env.scratch"), []byte("x"), 0o644))
	read := &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/docs", Cmd: "git", Recursive: true, TrackedOnly: true}}}
	gitq := func(ctx context.Context, repo string, args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", tr.Real(repo)}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		return cmd.Output()
	}
	noGit := fixtureOptions(tr)
	noGit.Git = nil
	without := corpusPolicy(t, noGit)
	opt := fixtureOptions(tr)
	opt.Git = gitq
	with := mustParseFile(t, "../shell/testdata/example-policy.yaml").WithOptions(opt)
	if d := evalAnalysis(with, "", read); d.Decision != Allow {
		t.Errorf("tracked files only, asked of git: %s (%s)", d.Decision, d.Reason)
	}
	if d := evalAnalysis(without, "", read); d.Decision != Deny || !strings.Contains(d.Reason, ".env.scratch") {
		t.Errorf("without git every file counts: %s (%s)", d.Decision, d.Reason)
	}
	// Tracked files that are blocked are found through git too.
	root := &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/config", Cmd: "git", Recursive: true, TrackedOnly: true}}}
	if d := evalAnalysis(with, "", root); d.Decision != Deny || !strings.Contains(d.Reason, ".env.production") {
		t.Errorf("tracked blocked file: %s (%s)", d.Decision, d.Reason)
	}
}
