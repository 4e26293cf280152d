package shell

import "strings"

// Code that git subcommands run from their options: git difftool
// --extcmd, git filter-branch's filters (and git configuration text the
// line writes, gitConfigText). They stay opaque (they run over
// every file or commit, which is not known statically) and the literal
// code is analysed too, so that what it does to the files it names is
// judged.

// gitToolFilters are the options of git filter-branch whose value is
// shell code.
var gitToolFilters = []string{"--env-filter", "--tree-filter", "--index-filter", "--parent-filter", "--msg-filter",
	"--commit-filter", "--tag-name-filter", "--setup"}

// gitToolCode analyses the code git SUB runs from its options.
func (c *cmd) gitToolCode(sub string) error {
	var sp optSpec
	var code []string
	switch sub {
	case "difftool":
		sp = optSpec{short: "xtX", long: []string{"--extcmd", "--tool"}}
		code = []string{"-x", "--extcmd"}
	case "filter-branch":
		sp = optSpec{short: "d", long: append([]string{"--subdirectory-filter", "--prune-empty", "--original", "--state-branch"}, gitToolFilters...)}
		code = gitToolFilters
	default:
		return nil
	}
	o := c.parse(sp)
	for _, f := range o.values(code...) {
		// the tree filter runs in a checkout of each commit: the cwd's
		// relative names are the work tree's
		if err := c.code(f, "git "+sub+" filter", false); err != nil {
			return err
		}
	}
	return nil
}

// gitConfigPersists reports, for git config KEY VALUE that stores
// configuration whose effect is not known statically (include.path,
// core.hooksPath, …) in the repository, a write of the repository's
// configuration: every later git command in it runs with it.
func (c *cmd) gitConfigPersists(key string, o opts) {
	if gitConfigKind(key) != "opaque" || o.anyOf("--global", "--system", "-f", "--file", "--blob", "--worktree") {
		return
	}
	if c.w.gitDir != nil {
		c.write(joinField(*c.w.gitDir, "config"), "git config "+key)
		return
	}
	for _, root := range c.a.repoRoots(c.sc) {
		c.write(field{s: root + "/.git/config"}, "git config "+key)
	}
}

// maxConfigKeys bounds the keys read from a git configuration text.
const maxConfigKeys = 256

// gitConfigText analyses the keys of git configuration text (an INI file
// the line writes: [section "sub"] and key = value lines), as git -c
// would set them.
func (c *cmd) gitConfigText(text string) error {
	section := ""
	n := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				c.opaque("git configuration text not understood: " + clip(line))
				return nil
			}
			sec := strings.TrimSpace(line[1:end])
			if name, sub, ok := strings.Cut(sec, " "); ok {
				sec = name + "." + strings.Trim(strings.TrimSpace(sub), `"`)
			}
			section = sec
			line = strings.TrimSpace(line[end+1:])
			if line == "" {
				continue
			}
		}
		if n++; n > maxConfigKeys {
			c.opaque("git configuration text too long to analyse")
			return nil
		}
		k, v, ok := strings.Cut(line, "=")
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		if err := c.gitConfigValue(section+"."+strings.TrimSpace(k), field{s: v}, ok); err != nil {
			return err
		}
	}
	return nil
}
