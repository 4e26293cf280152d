package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocate(t *testing.T) {
	tmp := t.TempDir()
	repo := filepath.Join(tmp, "repo")
	sub := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// A worktree or submodule has a .git file rather than a directory.
	wt := filepath.Join(tmp, "worktree")
	if err := os.MkdirAll(filepath.Join(wt, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: ../repo/.git/worktrees/w\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noRepo := filepath.Join(tmp, "plain")
	if err := os.MkdirAll(noRepo, 0o755); err != nil {
		t.Fatal(err)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	none := env(nil)

	// No policy file yet: the built-in default ("").
	if p, err := Locate(sub, none); err != nil || p != "" {
		t.Fatalf("no file: %q %v", p, err)
	}
	pol := filepath.Join(repo, FileName)
	if err := os.WriteFile(pol, []byte("policies: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Locate(sub, none); err != nil || p != pol {
		t.Fatalf("from subdirectory: %q %v", p, err)
	}
	if p, err := Locate(repo, none); err != nil || p != pol {
		t.Fatalf("from root: %q %v", p, err)
	}
	// The nearest repository wins: the worktree has no policy file.
	if p, err := Locate(filepath.Join(wt, "x"), none); err != nil || p != "" {
		t.Fatalf("worktree: %q %v", p, err)
	}
	if p, err := Locate(noRepo, none); err != nil || p != "" {
		t.Fatalf("outside a repository: %q %v", p, err)
	}
	// $MANDATE_POLICY wins, and must exist.
	other := filepath.Join(tmp, "other.yaml")
	if err := os.WriteFile(other, []byte("policies: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Locate(sub, env(map[string]string{"MANDATE_POLICY": other})); err != nil || p != other {
		t.Fatalf("MANDATE_POLICY: %q %v", p, err)
	}
	if _, err := Locate(sub, env(map[string]string{"MANDATE_POLICY": other + ".missing"})); err == nil {
		t.Fatal("missing MANDATE_POLICY file accepted")
	}
	if _, err := Locate("", none); err == nil {
		t.Fatal("empty cwd accepted")
	}

	// Load reads it and protects its absolute path.
	p, err := Load(pol)
	if err != nil {
		t.Fatal(err)
	}
	if p.path != pol || p.Name() != pol {
		t.Fatalf("loaded path %q name %q", p.path, p.Name())
	}
	if _, err := Load(filepath.Join(tmp, "nope.yaml")); err == nil || !strings.HasPrefix(err.Error(), "policy: ") {
		t.Fatalf("missing file: %v", err)
	}
	bad := filepath.Join(tmp, "bad.yaml")
	if err := os.WriteFile(bad, []byte("policies: [{name: x, rules: [{block_comands: [a]}]}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":1:") {
		t.Fatalf("bad file error not positioned at the path: %v", err)
	}
}
