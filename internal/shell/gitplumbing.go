package shell

import "strings"

// Git plumbing that forges what a later checkout writes: the index
// entries git update-index --cacheinfo/--index-info adds and the names a
// git mktree tree holds are reported as writes of those paths (below the
// repository root), so that an entry for agent-policy.yaml or src/.git is
// judged like the file it becomes; entries read from input the line does
// not show are opaque. Moving a branch (update-ref refs/heads/…,
// symbolic-ref HEAD) changes what the next checkout or reset writes:
// opaque.

// gitPlumbing analyses git SUB's plumbing effects (rest: the arguments
// after SUB).
func (c *cmd) gitPlumbing(sub string) {
	switch sub {
	case "update-index":
		why := "git update-index: an index entry a checkout writes"
		for i := 0; i < len(c.args); i++ {
			switch s := c.s(i); {
			case s == "--cacheinfo" && i+1 < len(c.args):
				// --cacheinfo MODE,SHA,PATH or MODE SHA PATH
				if v := c.s(i + 1); strings.Count(v, ",") >= 2 {
					f := c.args[i+1]
					f.s = v[strings.Index(v[strings.Index(v, ",")+1:], ",")+strings.Index(v, ",")+2:]
					c.gitEntry(f, why)
					i++
				} else if i+3 < len(c.args) {
					c.gitEntry(c.args[i+3], why)
					i += 3
				}
			case s == "--index-info":
				c.gitEntries(why, 1)
			}
		}
	case "mktree":
		c.gitEntries("git mktree: a tree entry a checkout writes", 2)
	case "symbolic-ref":
		// (git update-ref is judged by the policy, which asks git which
		// branch is checked out: moving that one asks, others do not.)
		for _, f := range c.args {
			if f.s == "-d" || f.s == "--delete" || f.s == "--stdin" {
				return // deleting a ref is history the policy's git rules judge
			}
		}
		for _, f := range c.args {
			if strings.HasPrefix(f.s, "-") {
				continue
			}
			if f.dyn || strings.HasPrefix(f.s, "refs/heads/") || f.s == "HEAD" || !strings.Contains(f.s, "/") {
				c.opaque("git " + sub + " moves a branch: the next checkout or reset rewrites the work tree from it")
			}
			break
		}
	}
}

// gitEntry reports the work-tree path an index or tree entry names,
// relative to the repository root.
func (c *cmd) gitEntry(f field, why string) {
	for _, r := range c.a.repoRoots(c.sc) {
		g := f
		g.s = strings.TrimSuffix(r, "/") + "/" + f.s
		c.write(g, why)
	}
}

// gitEntries reads "MODE [TYPE] SHA<TAB>PATH" lines from standard input
// (shaFields: the fields before the path).
func (c *cmd) gitEntries(why string, shaFields int) {
	f := c.sc.feed
	if f == nil || f.partial || f.text == "" {
		c.opaque(why + ", from input not known statically")
		return
	}
	n := 0
	for _, line := range strings.Split(f.text, "\n") {
		_, p, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		if n++; n > maxFeedWords {
			c.opaque(why + ": more entries than are analysed")
			return
		}
		c.gitEntry(field{s: p}, why)
	}
}
