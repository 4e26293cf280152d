package shell

import (
	"path"
	"strings"
)

// git: its global options and the subcommands with their own code; the
// per-subcommand option tables are in knowledge.go.

func (c *cmd) git() error {
	// global options
	i := 0
	sc := c.sc
	for i < len(c.args) {
		s := c.s(i)
		if !strings.HasPrefix(s, "-") {
			break
		}
		c.skip[i] = true
		switch {
		case s == "-C" && i+1 < len(c.args):
			i++
			c.skip[i] = true
			sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: c.args[i : i+1], skip: []bool{false}}
			sub.cd()
			sc = sub.sc
		case s == "-c" && i+1 < len(c.args):
			i++
			c.skip[i] = true
			if err := c.gitConfigArg(c.args[i]); err != nil {
				return err
			}
		case strings.HasPrefix(s, "-c") && len(s) > 2:
			f := c.args[i] // -cKEY=VALUE
			f.s = s[2:]
			if err := c.gitConfigArg(f); err != nil {
				return err
			}
		case strings.HasPrefix(s, "--config-env"):
			c.opaque("git configuration from the environment")
		case s == "--exec-path" || strings.HasPrefix(s, "--exec-path="):
			if strings.Contains(s, "=") {
				c.opaque("git --exec-path changes which programs run")
			}
		case s == "--git-dir" || s == "--work-tree" || s == "--namespace" || s == "--super-prefix":
			i++
			if i < len(c.args) {
				c.skip[i] = true
				gitDirRead(c, s, c.args[i])
				if s == "--git-dir" {
					c.w.gitDir = &c.args[i]
				}
			}
		case strings.HasPrefix(s, "--git-dir=") || strings.HasPrefix(s, "--work-tree="):
			k, v, _ := strings.Cut(s, "=")
			f := c.args[i]
			f.s = v
			gitDirRead(c, k, f)
			if k == "--git-dir" {
				c.w.gitDir = &f
			}
		}
		i++
	}
	if i >= len(c.args) {
		return nil
	}
	sub := c.s(i)
	c.skip[i] = true
	rest := &cmd{a: c.a, sc: sc, name: "git", args: c.args[i+1:], skip: c.skip[i+1:]}
	rest.w.key, rest.w.gitDir = "git "+sub, c.w.gitDir
	c.a.gitReads(rest, sub)
	rest.gitCredential(sub) // credhelpers.go
	rest.gitPlumbing(sub)
	netSub := false
	switch sub {
	case "clone", "fetch", "pull", "push", "ls-remote", "remote", "submodule", "archive", "request-pull", "svn":
		netSub = true
	case "config":
		o := rest.parse(optSpec{short: "f", long: []string{"--file", "--blob", "--type", "--default"}})
		if err := rest.gitConfigCommand(o); err != nil {
			return err
		}
		for _, f := range o.values("-f", "--file") {
			rest.write(f, "git config --file")
		}
		if o.is("--global") && len(o.pos) >= 2 {
			rest.write(rest.homeField(".gitconfig"), "git config --global")
		}
	case "rm":
		o := rest.parse(optSpec{})
		if !o.is("--cached") && !o.any("-n", "--dry-run") {
			for _, f := range rest.posFields(o) {
				rest.del(f, "git rm")
			}
		}
	case "mv":
		o := rest.parse(optSpec{})
		pos := rest.posFields(o)
		if len(pos) >= 2 {
			for _, f := range pos[:len(pos)-1] {
				rest.del(f, "git mv source")
			}
			rest.write(pos[len(pos)-1], "git mv destination")
		}
	case "clean":
		o := rest.parse(optSpec{short: "e", long: []string{"--exclude"}})
		if !o.any("-n", "--dry-run") {
			if len(o.pos) == 0 {
				rest.del(field{s: "."}, "git clean")
			}
			for _, f := range rest.posFields(o) {
				rest.del(f, "git clean")
			}
		}
	case "switch":
		o := rest.parse(optSpec{short: "cC"})
		if o.any("-f", "--force", "--discard-changes") {
			rest.write(field{s: "."}, "git switch --discard-changes")
		}
	case "checkout", "restore", "reset", "stash":
		o := rest.parse(optSpec{short: "bBs", long: []string{"--source"}})
		if sub == "reset" && o.is("--hard") || sub == "checkout" && (o.is("-f") || o.is("--force")) {
			rest.write(field{s: "."}, "git "+sub)
		}
		if sub == "reset" && o.is("--merge") || sub == "checkout" && o.is("--") && len(o.pos) == 0 {
			rest.write(field{s: "."}, "git "+sub)
		}
		// git reset with paths and git restore --staged change the index
		// only: which protected entries they change the policy asks git.
		indexOnly := sub == "reset" && !o.is("--hard") || sub == "restore" && o.any("-S", "--staged") && !o.any("-W", "--worktree")
		if (sub == "restore" || o.is("--")) && !indexOnly {
			pos := rest.posFields(o)
			if sub != "restore" {
				// git checkout TREE-ISH -- PATHS: only the paths are written
				pos = rest.fieldsAt(afterDashDash(rest, o.pos))
			}
			for _, f := range pos {
				rest.write(f, "git "+sub)
			}
		} else if sub == "checkout" {
			for _, f := range rest.posFields(o) {
				if f.s == "." || strings.Contains(f.s, "/") {
					rest.write(f, "git checkout")
				}
			}
		}
	case "apply", "am":
		// The files a patch touches are named inside it, which is not
		// known statically: the whole working tree may be written.
		o := rest.parse(optSpec{short: "pCS", long: []string{"--directory", "--exclude", "--include", "--whitespace", "--build-fake-ancestor"}})
		if !o.any("--check", "--stat", "--numstat", "--summary", "--cached", "--show-current-patch", "--abort", "--quit") {
			rest.write(field{s: "."}, "git "+sub+" (files named in the patch)")
		}
		for _, f := range rest.posFields(o) {
			rest.read(f, "git "+sub+" input")
		}
	case "commit", "tag", "notes", "merge":
		o := rest.parse(optSpec{short: "mFCt", long: []string{"--message", "--file", "--author", "--date", "--template", "--reuse-message", "--fixup"}})
		for _, f := range o.values("-F", "--file") {
			rest.read(f, "git "+sub+" -F")
		}
	case "rebase":
		o := rest.parse(optSpec{short: "xsX", long: []string{"--exec", "--onto", "--strategy"}})
		for _, f := range o.values("-x", "--exec") {
			if err := rest.code(f, "git rebase --exec", false); err != nil {
				return err
			}
		}
	case "bisect":
		if len(rest.args) > 1 && rest.s(0) == "run" {
			return rest.wrap(1, "git bisect run")
		}
	case "filter-branch", "difftool", "mergetool", "daemon", "instaweb":
		c.opaque("git " + sub + " runs commands")
		if err := rest.gitToolCode(sub); err != nil {
			return err
		}
		if sub == "daemon" || sub == "instaweb" {
			for _, r := range c.a.repoRoots(rest.sc) { // served to the network: every object
				rest.read(tree(field{s: r}, treeOpts{tracked: true}), "served by git "+sub)
			}
		}
	case "add", "diff", "log", "status", "blame", "grep", "ls-files", "branch", "rev-parse", "init":
	}
	if sub == "submodule" && len(rest.args) > 1 && rest.s(0) == "foreach" {
		o := rest.parse(optSpec{})
		if len(o.pos) > 1 {
			f := field{}
			var parts []string
			for _, p := range o.pos[1:] {
				rest.skip[p] = true
				parts = append(parts, rest.s(p))
				f.dyn = f.dyn || rest.args[p].dyn
			}
			f.s = strings.Join(parts, " ")
			return rest.code(f, "git submodule foreach", false)
		}
	}
	if netSub {
		o := rest.parse(optSpec{short: "objc", long: []string{"--origin", "--branch", "--depth", "--reference", "--upload-pack", "--receive-pack", "--exec", "--template", "--config", "--separate-git-dir", "--jobs", "--filter", "--server-option", "--push-option", "--shallow-since"}})
		for _, f := range o.values("-u", "--upload-pack", "--receive-pack", "--exec") {
			// run through the shell, here for a local repository
			c.opaque("git runs a custom remote program")
			if err := rest.code(f, "git "+sub+" --upload-pack", false); err != nil {
				return err
			}
		}
		for _, f := range o.values("-c", "--config") {
			if err := c.gitConfigArg(f); err != nil {
				return err
			}
		}
		pos := rest.posFields(o)
		for i, f := range pos {
			if h, ok := scpHost(f.s); ok {
				rest.host(h, "git remote")
				rest.skip[o.pos[i]] = true
			}
			if strings.HasPrefix(f.s, "ext::") {
				c.opaque("git ext:: transport runs a command")
			}
		}
		if sub == "clone" && len(pos) > 0 {
			var dest field
			if len(pos) > 1 {
				dest = pos[1]
			} else if b := strings.TrimSuffix(path.Base(strings.TrimRight(strings.ReplaceAll(pos[0].s, ":", "/"), "/")), ".git"); b != "" && b != "." && b != "/" {
				dest = field{s: b, dyn: pos[0].dyn}
			}
			if dest.s != "" {
				rest.write(dest, "git clone destination")
				if !o.anyOf("--bare", "--mirror") {
					rest.write(joinField(dest, ".git"), "git clone creates a repository")
				}
				for _, k := range o.pos {
					if rest.args[k].s == dest.s {
						rest.skip[k] = true
					}
				}
			}
		}
	}
	if err := rest.applySpec(); err != nil {
		return err
	}
	rest.fileLists()
	c.w.modelled = rest.w.modelled
	for j, v := range rest.w.noCand {
		if v {
			c.notCandidate(i + 1 + j)
		}
	}
	c.sc = sc
	return nil
}

// gitPrograms: git itself (its frontends and git-SUBCOMMAND are matched
// in dispatch).
func gitPrograms() []program {
	return []program{{"git", (*cmd).git}}
}
