package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// git lfs (git-lfs, an external git command) writes files git itself
// reads for every later command: track and untrack edit the
// .gitattributes at the work tree's root (and git-lfs versions that write
// the current directory's), install, update and uninstall write the
// filter.lfs.* configuration (~/.gitconfig, or with --local the
// repository's .git/config, --system /etc/gitconfig) and hook scripts in
// .git/hooks; track also touches the files its patterns match
// (candidate writes). Those writes are reported as writes of the files, judged
// like echo >> .gitattributes or git config --global. Subcommands that
// rewrite history or the work tree from objects Mandate does not see
// (migrate, checkout, pull, smudge with a file list) are opaque; read-only
// ones (ls-files, status, env, version, …) write nothing. An unknown
// subcommand is opaque.

// gitLFSHooks are the hook scripts git lfs install and update write.
var gitLFSHooks = []string{"pre-push", "post-checkout", "post-commit", "post-merge"}

// gitLFSSubs says what each git lfs subcommand does: "attributes",
// "config" (configuration and hooks), "opaque" or "" (nothing Mandate
// judges: reads, network transfers into .git/lfs).
var gitLFSSubs = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"track": "attributes", "untrack": "attributes",
		"install": "config", "uninstall": "config", "update": "config",
		"migrate": "opaque", "checkout": "opaque", "pull": "opaque", "clean": "opaque", "smudge": "opaque",
		"filter-process": "opaque", "merge-driver": "opaque", "post-checkout": "opaque", "post-merge": "opaque",
		"post-commit": "opaque", "pre-push": "opaque", "standalone-file": "opaque", "prune": "opaque", "dedup": "opaque",
		"ls-files": "", "status": "", "env": "", "version": "", "logs": "", "fsck": "", "pointer": "", "fetch": "",
		"push": "", "lock": "", "locks": "", "unlock": "", "ext": "", "help": "",
	}
}}

// gitLFS reports what git lfs SUB writes (pos: its operands, SUB first).
func (c *cmd) gitLFS(o opts, pos []field) {
	if len(pos) == 0 {
		return
	}
	if pos[0].dyn {
		c.opaque("git lfs subcommand not known statically")
		return
	}
	kind, known := gitLFSSubs.Get()[pos[0].s]
	why := "git lfs " + pos[0].s
	switch {
	case !known || kind == "opaque":
		c.opaque(why + " changes files or history from objects Mandate does not see")
	case kind == "attributes":
		if len(pos) == 1 {
			return // lists the patterns tracked
		}
		for _, r := range c.a.repoRoots(c.sc) {
			c.write(field{s: r + "/.gitattributes"}, why)
		}
		c.write(field{s: ".gitattributes"}, why)
		for _, f := range pos[1:] {
			// track touches the files a pattern matches (so that the next
			// git add cleans them through the filter): candidate writes
			f.cand = true
			c.write(f, why+" touches the files it matches")
		}
	case kind == "config":
		switch {
		case o.anyOf("--local", "--worktree"):
			for _, r := range c.a.repoRoots(c.sc) {
				c.write(field{s: r + "/.git/config"}, why)
			}
		case o.anyOf("--system"):
			c.write(field{s: "/etc/gitconfig"}, why)
		case o.anyOf("--file"):
			c.opaque(why + " --file writes a configuration file")
		default:
			c.write(c.homeField(".gitconfig"), why)
		}
		if o.anyOf("--skip-repo") {
			return
		}
		for _, r := range c.a.repoRoots(c.sc) {
			for _, h := range gitLFSHooks {
				c.write(field{s: r + "/.git/hooks/" + h}, why+" hook")
			}
		}
	}
}
