package gate

import (
	"os"
	"path/filepath"
	"strings"
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
//
// A linked worktree (git worktree add) and a submodule keep their git
// directory inside another repository's .git: the .git entry of their
// root is a file naming it. A git command run there writes the owner's
// refs, objects and configuration, so the owner is enclosing too — for
// the session's own root (enclosingRepos) and for every repository an
// action reaches (touched.go): the owner's tamper lock holds there.

// maxEnclosing bounds the repositories noted above a session's own.
const maxEnclosing = 8

// enclosingRepos lists the repository roots above root (its parent
// directories holding a .git entry, nearest first), at most maxEnclosing.
func enclosingRepos(root string) []string {
	if root == "" || !filepath.IsAbs(root) {
		return nil
	}
	var out []string
	if o := gitOwner(root); o != "" {
		out = append(out, o)
	}
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

// gitOwner is the root of the repository whose .git holds root's git
// directory when root's .git is a file ("gitdir: DIR", a linked worktree
// or a submodule), or "": DIR's commondir names the owner's .git (a
// worktree), else the nearest .git directory above DIR (a submodule's
// .git/modules/NAME).
func gitOwner(root string) string {
	gf := filepath.Join(root, ".git")
	if fi, err := os.Lstat(gf); err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	dir := readGitdirFile(gf, root) // session.go
	if dir == "" {
		return ""
	}
	dir = filepath.Clean(dir)
	if c, err := readRegular(filepath.Join(dir, "commondir"), maxGitFile, true); err == nil {
		common := strings.TrimSpace(string(c))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dir, common)
		}
		dir = filepath.Clean(common)
	}
	for d := dir; ; {
		if filepath.Base(d) == ".git" {
			if owner := filepath.Dir(d); owner != filepath.Clean(root) {
				return owner
			}
			return ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}
