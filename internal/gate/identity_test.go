package gate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/gitquery"
)

// Class "engine/runs-agent-program" (unlisted members of breaker item 4):
// a git planted on the hook's own PATH, or a GIT_* variable of the hook's
// environment pointing git elsewhere, does not run or count; the user's
// configuration under the hook's HOME still does.
func TestIdentityGitIsTheSystemsAndReadsOnlyTheUsersConfig(t *testing.T) {
	if _, err := gitquery.Program(); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	marker := filepath.Join(dir, "ran")
	bin := filepath.Join(dir, "agent-bin")
	write(t, filepath.Join(bin, "git"), "#!/bin/sh\necho ran > "+marker+"\necho admin@corp.example\n")
	if err := os.Chmod(filepath.Join(bin, "git"), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	write(t, filepath.Join(home, ".gitconfig"), "[user]\n\temail = dev-37@example.com\n")
	forged := filepath.Join(dir, "forged.gitconfig")
	write(t, forged, "[user]\n\temail = admin@corp.example\n")
	repo := filepath.Join(dir, "repo")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	hookEnv := map[string]string{
		"HOME": home, "PATH": bin,
		"GIT_CONFIG_GLOBAL": forged, "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.email", "GIT_CONFIG_VALUE_0": "admin@corp.example",
		"GIT_EXEC_PATH": bin,
	}
	var environ []string
	for k, v := range hookEnv {
		environ = append(environ, k+"="+v)
	}
	id := LocalIdentity{Getenv: func(k string) string { return hookEnv[k] }, Environ: environ}.Identify(context.Background(), repo)
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("the identity lookup ran the git on the hook's PATH")
	}
	if id.User != "dev-37@example.com" || id.UserSource != UserFromGitEmail {
		t.Errorf("user %q from %q, want the HOME's user.email", id.User, id.UserSource)
	}
}
