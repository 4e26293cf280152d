package gitquery

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repo builds a repository with one commit in a temp dir.
func repo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, "agent-policy.yaml"), []byte("policies: []\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "a.go"), []byte("package a\n"), 0o644)
	run("add", ".")
	run("commit", "-q", "-m", "one")
	run("config", "remote.origin.push", "refs/heads/*:refs/heads/*")
	return dir
}

func TestQuery(t *testing.T) {
	dir := repo(t)
	r := New()
	ctx := context.Background()
	out, err := r.Query(ctx, dir, "ls-tree", "-r", "-z", "--full-tree", "HEAD", "--", "agent-policy.yaml")
	if err != nil || !strings.Contains(string(out), "blob ") || !strings.HasSuffix(string(out), "agent-policy.yaml\x00") {
		t.Fatalf("ls-tree: %q %v", out, err)
	}
	out, err = r.Query(ctx, dir, "config", "-z", "--get-regexp", `^remote\..*\.push$`)
	if err != nil || !strings.Contains(string(out), "refs/heads/*:refs/heads/*") {
		t.Fatalf("config: %q %v", out, err)
	}
	// rev-list names the files a history carries.
	out, err = r.Query(ctx, dir, "rev-list", "--objects", "-n", "1", "HEAD")
	if err != nil || !strings.Contains(string(out), " src/a.go\n") || !strings.Contains(string(out), " agent-policy.yaml\n") {
		t.Fatalf("rev-list --objects: %q %v", out, err)
	}
	// diff-index --cached names the index entries that differ from a tree
	// (here the empty tree: every one), below pathspecs given in a
	// subdirectory, by their names from the top.
	out, err = r.Query(ctx, filepath.Join(dir, "src"), "diff-index", "--cached", "--name-only", "-z", "--no-renames", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "--", "../*.yaml")
	if err != nil || string(out) != "agent-policy.yaml\x00" {
		t.Fatalf("diff-index: %q %v", out, err)
	}
	// A revision that does not exist is git's own error.
	_, err = r.Query(ctx, dir, "rev-parse", "--verify", "-q", "nosuch^{commit}")
	var xe *ExitError
	if !errors.As(err, &xe) || xe.Status() != 1 {
		t.Fatalf("missing revision: %v", err)
	}
	// The caller's GIT_DIR does not leak into the query.
	t.Setenv("GIT_DIR", "/nonexistent")
	t.Setenv("GIT_WORK_TREE", "/nonexistent")
	if _, err := r.Query(ctx, dir, "rev-parse", "--show-toplevel"); err != nil {
		t.Fatalf("GIT_DIR leaked: %v", err)
	}
}

// TestRefused: nothing outside the table runs, whatever its arguments.
func TestRefused(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"log"},
		{"diff", "HEAD"},
		{"diff-tree", "-r", "--name-only", "-z", "--no-renames", "--output=/tmp/x", "HEAD", "HEAD~1"},
		{"diff-tree", "-r", "-z", "--no-renames", "HEAD", "HEAD~1"},            // --name-only is required: no textconv
		{"diff-tree", "-r", "--name-only", "-z", "--no-renames", "--ext-diff"}, // not on the list
		{"-c", "core.pager=sh", "ls-files", "-z"},
		{"ls-tree", "-z", "--full-tree", "HEAD", "--", "--output=x"},
		{"ls-files", "-z", "--others", "--exclude-from=/tmp/x"},
		{"ls-files", "-z", "--with-tree=HEAD"},
		{"config", "--get-regexp", "x", "--add"},
		{"config", "--add", "x", "y"},
		{"cat-file", "--batch"},
		{"rev-parse", "--verify", "x\ny"},
		{"ls-files", "-z", ""},
		{"rev-list", "--objects", "--output=/tmp/x", "HEAD"},
		{"rev-list", "--stdin"},
		{"rev-list", "HEAD", "--", "x"},
		{"diff-index", "--name-only", "-z", "--no-renames", "HEAD"},    // --cached is required: no work tree, no filter
		{"diff-index", "--cached", "-z", "--no-renames", "-p", "HEAD"}, // no patch: --name-only is required
	} {
		if err := Check(args); !errors.Is(err, ErrRefused) {
			t.Errorf("Check(%q) = %v, want ErrRefused", args, err)
		}
	}
	if _, err := New().Query(context.Background(), "relative/dir", "rev-parse", "--show-toplevel"); !errors.Is(err, ErrRefused) {
		t.Errorf("relative repo: %v", err)
	}
}

// TestBounds: a query that outlives its timeout or writes more than the
// limit is an error, never a truncated answer.
func TestBounds(t *testing.T) {
	dir := repo(t)
	r := &Runner{MaxOutput: 10}
	if _, err := r.Query(context.Background(), dir, "ls-tree", "-r", "-z", "--full-tree", "HEAD"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the output limit: %v", err)
	}
	r = &Runner{Timeout: time.Nanosecond}
	if _, err := r.Query(context.Background(), dir, "ls-tree", "-r", "-z", "--full-tree", "HEAD"); !errors.Is(err, ErrTimeout) {
		t.Errorf("over the timeout: %v", err)
	}
}
