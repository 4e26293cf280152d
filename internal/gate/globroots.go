package gate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Repositories a pattern reaches on disk. A path with a glob or an
// expansion reaches what it matches, and the repositories the pins know
// are only those a session has started in: a clone next to the one the
// agent works in, a checkout under ~/code, has none. So the directories
// the pattern's components can match are listed, level by level from its
// static prefix, and each that holds a .git is a repository the action
// reaches: "cat */.env" from the parent of a repository reaches it. A
// component holding an expansion or a brace, or "**", matches every name
// (an expansion may hold a "/": what it reaches beyond one level is left
// to the known repositories). The search is bounded in levels and in the
// directory entries it reads; a pattern that reaches more than that is
// an error, which denies the call (fail closed). It runs only for a
// pattern outside every repository deciding already (touched.go): a glob
// in the session's own repository costs nothing here.

const (
	// globRootLevels bounds the components of a pattern searched.
	globRootLevels = 4
	// globRootEntries bounds the directory entries one call reads.
	globRootEntries = 4096
)

// globRoots lists the repositories full (a pattern, of which static is
// the existing static prefix) can match or reach below.
func globRoots(full, static string) ([]string, error) {
	rel, err := filepath.Rel(static, full)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil, nil
	}
	comps := strings.Split(rel, string(filepath.Separator))
	if len(comps) > globRootLevels {
		comps = comps[:globRootLevels]
	}
	var roots []string
	level := []string{static}
	budget := globRootEntries
	for _, comp := range comps {
		var next []string
		for _, dir := range level {
			if !strings.ContainsAny(comp, "*?[{$`") {
				d := filepath.Join(dir, comp)
				if isDir(d) {
					next = append(next, d)
				}
				continue
			}
			f, err := os.Open(dir)
			if err != nil {
				continue // not a directory, or unreadable: nothing the command can match there either
			}
			names, err := f.Readdirnames(budget + 1)
			f.Close()
			if err != nil && len(names) == 0 {
				continue
			}
			if budget -= len(names); budget < 0 {
				return nil, fmt.Errorf("the pattern %s reaches more than %d directory entries, more than Mandate inspects for the repositories it reaches", full, globRootEntries)
			}
			for _, n := range names {
				if !componentMatch(comp, n) {
					continue
				}
				if d := filepath.Join(dir, n); isDir(d) {
					next = append(next, d)
				}
			}
		}
		for _, d := range next {
			if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
				roots = append(roots, d)
			}
		}
		if len(roots) > maxTouched {
			return roots, nil // touched reports too many
		}
		level = next
		if len(level) == 0 {
			break
		}
	}
	return roots, nil
}

// componentMatch reports whether the pattern component comp can match
// the name n; an expansion, a brace or an unreadable pattern matches
// every name. The shell's dot rule is left aside: more, not fewer.
func componentMatch(comp, n string) bool {
	if strings.ContainsAny(comp, "{$`(") || comp == "**" {
		return true
	}
	ok, err := filepath.Match(comp, n) // no dot rule: dotglob may be on
	return err != nil || ok
}

// isDir reports whether p is a directory (symlinks followed).
func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
