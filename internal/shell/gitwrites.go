package shell

import (
	"errors"
	"path"
	"strings"
)

// What git subcommands write (the operand rules named "git-…" in
// knowledge.go), including every way the line creates a repository: a
// .git directory or file, or a bare repository.

func (c *cmd) gitOperands(op string, o opts, pos []field) error {
	sub := func(i int) string {
		if i < len(pos) && !pos[i].dyn {
			return pos[i].s
		}
		return ""
	}
	switch op {
	case "git-lfs":
		c.gitLFS(o, pos) // gitlfs.go
	case "git-format-patch":
		if o.anyOf("--stdout") {
			return nil
		}
		dir := c.cwdField()
		if d := o.values("-o", "--output-directory"); len(d) > 0 {
			dir = d[len(d)-1]
		}
		for _, v := range o.values("--suffix") {
			if v.dyn || strings.Contains(v.s, "/") {
				c.opaque("git format-patch file names not known statically: " + clip(v.s))
			}
		}
		c.write(joinField(dir, "[0-9]*"), "git format-patch output")
	case "git-bundle":
		switch sub(0) {
		case "create":
			if len(pos) > 1 && pos[1].s != "-" {
				c.write(pos[1], "git bundle create")
			}
		}
	case "git-worktree":
		switch sub(0) {
		case "add":
			if len(pos) > 1 {
				c.repository(pos[1], "git worktree add")
			}
		case "move":
			if len(pos) > 2 {
				c.del(pos[1], "git worktree move source")
				c.repository(pos[2], "git worktree move")
			}
		case "remove":
			if len(pos) > 1 {
				c.del(pos[1], "git worktree remove")
			}
		case "repair":
			for _, p := range pos[1:] {
				c.write(joinField(p, ".git"), "git worktree repair")
			}
		}
	case "git-init":
		dir := c.cwdField()
		if len(pos) > 0 {
			dir = pos[0]
			c.write(dir, "git init directory")
		}
		gitDir := c.w.gitDir
		if gitDir == nil {
			if v, ok := c.a.lookup(c.sc, "GIT_DIR"); ok {
				gitDir = &field{s: v}
			} else if _, set := c.sc.cmdEnv["GIT_DIR"]; set {
				gitDir = &field{s: "$GIT_DIR", dyn: true}
			}
		}
		switch {
		case gitDir != nil:
			c.write(*gitDir, "git init creates a repository")
		case o.anyOf("--bare"):
			c.write(dir, "git init --bare creates a repository")
		default:
			c.write(joinField(dir, ".git"), "git init creates a repository")
		}
	case "git-submodule":
		if sub(0) != "add" || len(pos) < 2 {
			return nil
		}
		repo := pos[1]
		var dest field
		if len(pos) > 2 {
			dest = pos[2]
		} else {
			b := strings.TrimSuffix(path.Base(strings.TrimRight(strings.ReplaceAll(repo.s, ":", "/"), "/")), ".git")
			dest = field{s: b, dyn: repo.dyn}
		}
		c.repository(dest, "git submodule add")
		c.write(field{s: ".gitmodules"}, "git submodule add")
	case "git-checkout-index":
		if pf := o.values("--prefix"); len(pf) > 0 {
			// --prefix=P writes P<path> for each path it checks out: the
			// named paths exactly, every tracked path with -a or --stdin.
			pre := pf[len(pf)-1]
			if o.anyOf("-a", "--all") || o.anyOf("--stdin") || pre.dyn {
				c.write(prefixGlob(pre, ""), "git checkout-index --prefix")
			}
			for _, p := range pos {
				f := pre
				f.s, f.dyn = pre.s+p.s, pre.dyn || p.dyn
				c.write(f, "git checkout-index --prefix")
			}
			return nil
		}
		if o.anyOf("--temp") {
			c.write(field{s: ".merge_file_*", glob: true}, "git checkout-index --temp")
			return nil
		}
		if o.anyOf("-a", "--all") || o.anyOf("--stdin") {
			c.write(c.cwdField(), "git checkout-index")
		}
		for _, p := range pos {
			c.write(p, "git checkout-index")
		}
	case "git-read-tree":
		if o.anyOf("-u") {
			if p := o.values("--prefix"); len(p) > 0 {
				c.write(p[len(p)-1], "git read-tree -u --prefix")
			} else {
				c.write(c.cwdField(), "git read-tree -u")
			}
		}
	case "git-merge-file":
		if !o.anyOf("-p", "--stdout") && len(pos) > 0 {
			c.write(pos[0], "git merge-file")
		}
	case "git-mailinfo":
		for _, p := range pos[:min(2, len(pos))] {
			c.write(p, "git mailinfo output")
		}
	case "git-mailsplit":
		for i := range c.args {
			if d, ok := strings.CutPrefix(c.s(i), "-o"); ok && d != "" {
				f := c.args[i]
				f.s = d
				c.write(joinField(f, "[0-9]*"), "git mailsplit -o")
			}
		}
	case "git-unpack-file":
		c.write(field{s: ".merge_file_*", glob: true}, "git unpack-file")
	case "git-bugreport", "git-diagnose":
		if len(o.values("-o", "--output-directory")) == 0 {
			name := "git-bugreport-*"
			if op == "git-diagnose" {
				name = "git-diagnostics-*"
			}
			c.write(field{s: name, glob: true}, op)
		}
	case "git-pack-objects":
		if !o.anyOf("--stdout") && len(pos) > 0 {
			c.write(prefixGlob(pos[0], "-*"), "git pack-objects")
		}
	case "git-index-pack":
		if len(o.values("-o")) == 0 && len(pos) > 0 {
			f := pos[len(pos)-1]
			f.s = strings.TrimSuffix(f.s, ".pack") + "."
			c.write(prefixGlob(f, ""), "git index-pack")
		}
	case "git-grep":
		// -O[CMD] / --open-files-in-pager[=CMD] runs CMD (or the pager)
		// with the matching files as its arguments: a program name is run
		// on {file} (as rg --pre is), shell text as code.
		for i := range c.args {
			s := c.s(i)
			var cmdText string
			switch {
			case strings.HasPrefix(s, "--open-files-in-pager="):
				cmdText = s[len("--open-files-in-pager="):]
			case strings.HasPrefix(s, "-O") && len(s) > 2:
				cmdText = s[2:]
			default:
				continue
			}
			f := c.args[i]
			f.s = cmdText
			if err := c.runProgramOption(f); err != nil {
				return err
			}
		}
	case "git-send-email":
		for _, v := range o.values("--smtp-server") {
			if strings.HasPrefix(v.s, "/") || v.dyn {
				if err := c.code(v, "git send-email --smtp-server", false); err != nil {
					return err
				}
			}
		}
	case "git-interpret-trailers":
		if o.anyOf("--in-place") {
			for _, p := range pos {
				c.write(p, "git interpret-trailers --in-place")
			}
		}
	case "git-maintenance":
		switch sub(0) {
		case "start", "stop":
			c.opaque("git maintenance " + sub(0) + " schedules commands to run later")
		case "register", "unregister":
			c.write(c.homeField(".gitconfig"), "git maintenance "+sub(0))
		}
	case "git-clone":
		// the destination and its .git are reported by git.go's git
	default:
		return errors.New("shell: internal error: no operand rule " + op)
	}
	return nil
}

// repository reports that dir is made a repository with a .git file or
// directory (worktrees, submodules, clones).
func (c *cmd) repository(dir field, why string) {
	c.write(dir, why)
	c.write(joinField(dir, ".git"), why+" creates a repository")
}

// homeField is the file rel in the home directory.
func (c *cmd) homeField(rel string) field {
	if h, ok := c.a.lookup(c.sc, "HOME"); ok && path.IsAbs(h) {
		return field{s: path.Join(h, rel)}
	}
	return field{s: "$HOME/" + rel, dyn: true}
}
