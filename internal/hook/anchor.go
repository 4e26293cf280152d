package hook

import "strings"

// A search filter in gitignore syntax. ripgrep reads a --glob (and its
// --files --glob) as a line of a .gitignore whose directory is ripgrep's
// own working directory (the ignore crate's OverrideBuilder, built at
// the process's cwd): a pattern with a '/' anywhere but at its end (a
// leading "/config/**", a middle "config/*.env", "../x/**") is anchored,
// matched against each file's path relative to that directory (a file
// outside it: against the path as the walk spells it, its search root
// joined). So "/config/**" is <cwd>/config/**, not the file system's
// /config; "config/**" searched from a parent of the cwd reaches
// <cwd>/config; "../config/**" searched from ".." reaches <cwd>/../config.
// Verified with ripgrep 13.
//
// A tool whose program may read its filter this way (searchTools'
// dialects hold globset, or nil: the matcher is unknown) is judged in
// every reading (gitignoreAnchors): the one SearchFiles makes of the
// pattern as sent (a leading '/' from the file system's root, a middle
// '/' from the search root), the pattern anchored at the cwd, and, with a
// leading '/', anchored at each search root (a tool that runs its program
// in the directory it searches). Negations ("!/x") already read
// everything; brace alternatives and backslash readings are anchored one
// by one, as SearchFiles expands them.

// gitignoreAnchored reports a brace-free pattern that gitignore syntax
// anchors: one with a '/' before its last character.
func gitignoreAnchored(p string) bool {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "!") {
		return false // a negation reads everything anyway
	}
	p = strings.TrimRight(p, "/")
	return strings.Contains(p, "/")
}

// gitignoreAnchors returns the directories and the pattern relative to
// them that a gitignore-anchored pattern p, searched from root by a
// program whose working directory is cwd, is read from: cwd always, root
// too when p has a leading '/'. The pattern has its leading slashes
// removed. ok is false for a pattern gitignore does not anchor.
func gitignoreAnchors(cwd, root, p string) (dirs []string, rel string, ok bool) {
	if !gitignoreAnchored(p) {
		return nil, "", false
	}
	p = strings.TrimSpace(p)
	rel = strings.TrimLeft(p, "/")
	if cwd == "" {
		cwd = root
	}
	dirs = []string{cwd}
	if strings.HasPrefix(p, "/") && root != cwd {
		dirs = append(dirs, root)
	}
	return dirs, rel, true
}
