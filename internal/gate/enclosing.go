package gate

import (
	"os"
	"path/filepath"
)

// Enclosing repositories. Creating a repository inside a governed one is
// denied (a `.git` anywhere below its root, `git init`), but one can
// still appear — made by a script the agent wrote, unpacked by a build,
// or there before Mandate was. A session that starts inside it would find
// that repository's policy, or the default, and nothing else. So a
// session notes at its start every repository above its own (Session.
// Enclosing), and each of them decides every call of the session as a
// touched repository does: its policy file, and its pinned copy when
// Mandate pinned it, evaluating as that repository, the strictest
// decision winning. A submodule's session is governed by the
// superproject's policy the same way.

// maxEnclosing bounds the repositories noted above a session's own.
const maxEnclosing = 8

// enclosingRepos lists the repository roots above root (its parent
// directories holding a .git entry, nearest first), at most maxEnclosing.
func enclosingRepos(root string) []string {
	if root == "" || !filepath.IsAbs(root) {
		return nil
	}
	var out []string
	d := filepath.Clean(root)
	for i := 0; i < 4096 && len(out) < maxEnclosing; i++ {
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			out = append(out, d)
		}
	}
	return out
}
