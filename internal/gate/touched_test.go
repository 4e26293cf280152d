package gate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// A repository's policy decides every action that reaches its files,
// whatever the session's working directory (class "scope/cwd-not-target").
func TestTouchedRepositoryDecides(t *testing.T) {
	const blockEnv = `policies:
  - name: secrets
    rules:
      - block_paths: [".env*"]
`
	e := newRepoEnv(t, blockEnv)
	write(t, filepath.Join(e.repo, ".env"), "K=v\n")
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "cat .env"), policy.Deny) // known and pinned
	// Another repository, with a policy of its own that allows all.
	other := filepath.Join(e.dir, "other")
	if err := os.MkdirAll(filepath.Join(other, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(other, policy.FileName), "policies: []\n")
	// A repository below a directory that holds nothing else, known
	// because a session of it was pinned.
	code := filepath.Join(e.dir, "code")
	proj := filepath.Join(code, "proj")
	if err := os.MkdirAll(filepath.Join(proj, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(proj, policy.FileName), blockEnv)
	write(t, filepath.Join(proj, ".env"), "K=v\n")
	mustDecide(t, e.gateAt(t, proj), e.call(proj, "s-p", "t-p", "cat .env"), policy.Deny)
	link := filepath.Join(e.dir, "link")
	if err := os.Symlink(e.repo, link); err != nil {
		t.Fatal(err)
	}
	envLink := filepath.Join(e.dir, "envlink")
	if err := os.Symlink(filepath.Join(e.repo, ".env"), envLink); err != nil {
		t.Fatal(err)
	}
	read := func(cwd, p string, recursive bool) *hook.Event {
		return &hook.Event{Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: "s-x", Cwd: cwd,
			Tool: "Read", ToolUseID: "r-" + p, Input: map[string]any{"file_path": p},
			Actions: []action.Action{{Kind: action.FileRead, Paths: []string{p}, Recursive: recursive}}}
	}
	for _, tc := range []struct {
		name string
		cwd  string
		ev   func(cwd string) *hook.Event
		want policy.Effect
	}{
		{"relative path from the parent", e.dir, func(cwd string) *hook.Event { return e.call(cwd, "s-2", "u-1", "cat repo/.env") }, policy.Deny},
		{"cd into it", e.dir, func(cwd string) *hook.Event { return e.call(cwd, "s-2", "u-2", "cd repo && cat .env") }, policy.Deny},
		{"glob", e.dir, func(cwd string) *hook.Event { return e.call(cwd, "s-2", "u-3", "cat repo/.e*") }, policy.Deny},
		{"from another governed repository", other, func(cwd string) *hook.Event { return e.call(cwd, "s-3", "u-4", "cat ../repo/.env") }, policy.Deny},
		{"through a symlink to the repository", e.dir, func(cwd string) *hook.Event { return read(cwd, filepath.Join(link, ".env"), false) }, policy.Deny},
		{"through a symlink to the file", e.dir, func(cwd string) *hook.Event { return read(cwd, envLink, false) }, policy.Deny},
		{"recursive read above it", e.home, func(cwd string) *hook.Event { return read(cwd, code, true) }, policy.Deny},
		{"recursive grep above it", e.home, func(cwd string) *hook.Event { return e.call(cwd, "s-4", "u-8", "grep -r K= "+code) }, policy.Deny},
		{"delete of a directory above it", e.home, func(cwd string) *hook.Event { return e.call(cwd, "s-4", "u-5", "rm -rf "+code) }, policy.Deny},
		{"the other repository's own files", e.dir, func(cwd string) *hook.Event { return e.call(cwd, "s-2", "u-6", "cat other/README") }, policy.Allow},
		{"nothing of it", e.home, func(cwd string) *hook.Event { return e.call(cwd, "s-4", "u-7", "ls") }, policy.Allow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := e.gateAt(t, tc.cwd).Pre(context.Background(), tc.ev(tc.cwd))
			if d.Decision != tc.want {
				t.Errorf("%s (%s: %s), want %s", d.Decision, d.Rule, d.Reason, tc.want)
			}
		})
	}
}

// A repository's policy that cannot be loaded denies the actions that
// reach it, as it does those of its own sessions.
func TestTouchedRepositoryPolicyBrokenDenies(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	write(t, filepath.Join(e.repo, policy.FileName), "policies: [\n")
	d := e.gateAt(t, e.dir).Pre(context.Background(), e.call(e.dir, "s-2", "u-1", "cat repo/README.md"))
	if d.Decision != policy.Deny {
		t.Errorf("%s (%s), want deny", d.Decision, d.Reason)
	}
}

// fail_mode: open of the session's policy does not open a failure on an
// action that reaches a repository whose policy keeps it closed.
func TestTouchedRepositoryKeepsFailureClosed(t *testing.T) {
	ctx := context.Background()
	e := newRepoEnv(t, npmPolicy)
	open := filepath.Join(e.dir, "open")
	if err := os.MkdirAll(filepath.Join(open, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(open, policy.FileName), "fail_mode: open\npolicies: []\n")
	g := e.gateAt(t, open)
	mustDecide(t, g, e.call(open, "s-o", "t-0", "ls"), policy.Allow)
	for _, tc := range []struct {
		cmd  string
		want policy.Effect
	}{
		{"ls", policy.Allow},
		{"cat " + filepath.Join(e.repo, "README.md"), policy.Deny},
	} {
		if d := g.Failure(ctx, e.call(open, "s-o", "t-"+tc.cmd, tc.cmd), os.ErrDeadlineExceeded); d.Decision != tc.want {
			t.Errorf("a failure on %q: %s (%s), want %s", tc.cmd, d.Decision, d.Reason, tc.want)
		}
	}
}

// A repository's policy emptied by a script after its call landed still
// decides from its pinned copy the actions that reach it from elsewhere.
func TestTouchedRepositoryPinnedPolicyDecides(t *testing.T) {
	e := newRepoEnv(t, "policies:\n  - name: secrets\n    rules:\n      - block_paths: [\".env*\"]\n")
	write(t, filepath.Join(e.repo, ".env"), "K=v\n")
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "cat .env"), policy.Deny)
	write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
	mustDecide(t, e.gateAt(t, e.dir), e.call(e.dir, "s-2", "u-1", "cat repo/.env"), policy.Deny)
	if err := os.Remove(filepath.Join(e.repo, policy.FileName)); err != nil {
		t.Fatal(err)
	}
	mustDecide(t, e.gateAt(t, e.dir), e.call(e.dir, "s-3", "u-2", "cat repo/.env"), policy.Deny)
}
