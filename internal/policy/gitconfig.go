package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// gitConfigFiles are the system and global configuration files git reads
// besides the repository's own. Mandate's queries run without them
// (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null) and read each one
// explicitly, as a file, when a decision depends on configuration.
func (ev *evaluation) gitConfigFiles() []string {
	files := []string{"/etc/gitconfig", "/usr/local/etc/gitconfig", "/opt/homebrew/etc/gitconfig"}
	if ev.home != "" {
		files = append(files, path.Join(ev.home, ".config/git/config"), path.Join(ev.home, ".gitconfig"))
	}
	return files
}

// gitConfig returns the configuration entries whose names match re, as
// git sees them in dir: system, global, then the repository's own
// (includes followed), values in that order. Names are lower-cased as
// gitConfigKey does.
func (ev *evaluation) gitConfig(dir, re string) (map[string][]string, error) {
	cfg := map[string][]string{}
	add := func(out []byte) {
		for _, rec := range strings.Split(string(out), "\x00") {
			k, v, ok := strings.Cut(rec, "\n")
			if ok {
				k = gitConfigKey(k)
				cfg[k] = append(cfg[k], v)
			}
		}
	}
	for _, f := range ev.gitConfigFiles() {
		if _, err := ev.fsys().Lstat(f); err != nil {
			continue
		}
		out, err := ev.gitQuery(dir, "config", "-z", "--includes", "--file", f, "--get-regexp", re)
		if err != nil && !gitMissing(err) {
			return nil, fmt.Errorf("reading %s: %w", f, err)
		}
		add(out)
	}
	out, err := ev.gitQuery(dir, "config", "-z", "--includes", "--get-regexp", re)
	if err != nil && !gitMissing(err) {
		return nil, err
	}
	add(out)
	return cfg, nil
}

// filtersMayApply says why content checked out in r may not be the blob
// git stores, for protected paths, or "": a clean/smudge filter driver is
// configured (any scope) and either an attributes file named by
// core.attributesFile could assign it anywhere, or the attributes in the
// repository assign a configured driver to a protected path. (Filters
// such as git-lfs, assigned to other paths, do not count.)
func (ev *evaluation) filtersMayApply(r *gitRepo) (string, error) {
	cfg, err := ev.gitConfig(r.top, `^(filter\..*\.(smudge|process)|core\.attributesfile)$`)
	if err != nil {
		return "", err
	}
	drivers := map[string]bool{}
	for k := range cfg {
		if rest, ok := strings.CutPrefix(k, "filter."); ok {
			if i := strings.LastIndexByte(rest, '.'); i > 0 {
				drivers[rest[:i]] = true
			}
		}
	}
	if len(drivers) == 0 {
		return "", nil
	}
	if v := cfg["core.attributesfile"]; len(v) > 0 {
		return fmt.Sprintf("filters are configured and core.attributesFile (%s) can assign them to any file", v[len(v)-1]), nil
	}
	paths := r.protectedPaths()
	if len(paths) == 0 {
		return "", nil
	}
	out, err := r.q(append([]string{"check-attr", "-z", "filter", "--"}, paths...)...)
	if err != nil {
		return "", err
	}
	f := strings.Split(string(out), "\x00")
	for i := 0; i+2 < len(f); i += 3 {
		if drivers[f[i+2]] {
			return fmt.Sprintf("the filter %q configured for %s rewrites its content on checkout", f[i+2], f[i]), nil
		}
	}
	return "", nil
}

// protectedPaths lists, relative to the top, the protected files Mandate
// knows by name inside the repository and the agents' usual hook
// configurations at its root.
func (r *gitRepo) protectedPaths() []string {
	ev := r.ev
	var out []string
	add := func(abs string) {
		if rel, ok := under(abs, r.top); ok && rel != "" && !slices.Contains(out, rel) {
			out = append(out, rel)
		}
	}
	for _, f := range ev.protectedFiles() {
		add(f.path)
	}
	for _, pr := range ev.p.opt.Protected {
		add(pr.Path)
	}
	for _, h := range hookConfigs {
		dir := strings.HasSuffix(h, "/")
		h = strings.TrimSuffix(strings.ReplaceAll(h, "*", ""), "/")
		if !dir {
			add(path.Join(r.top, h))
		} else {
			add(path.Join(r.top, h, "hooks.json"))
			add(path.Join(r.top, h, "config.toml"))
		}
	}
	add(path.Join(r.top, ".claude/settings.local.json"))
	return out
}
