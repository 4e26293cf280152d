package gitquery

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// spec is what one subcommand may be given: flags it may carry, flags it
// must carry, and whether "--" may introduce paths.
type spec struct {
	flags    []string
	required []string
	paths    bool
}

// allowed lists the only queries that run. Every one of them reads the
// object store, the index or the configuration and runs no filter, hook,
// pager, textconv or external program in these forms.
var allowed = &lazy.Value[map[string]spec]{New: func() map[string]spec {
	return map[string]spec{
		"rev-parse": {flags: []string{"--verify", "-q", "--quiet", "--show-toplevel", "--abbrev-ref", "--symbolic-full-name", "--is-inside-work-tree", "--show-prefix", "--git-dir"}},
		"diff-tree": {flags: []string{"-r", "--name-only", "-z", "--no-commit-id", "--root", "-m", "--no-renames"}, required: []string{"-r", "--name-only", "-z", "--no-renames"}, paths: true},
		// diff-index --cached compares a tree with the index only: no work
		// tree, so no filter; --name-only runs no textconv.
		"diff-index": {flags: []string{"--cached", "--name-only", "-z", "--no-renames"}, required: []string{"--cached", "--name-only", "-z", "--no-renames"}, paths: true},
		"ls-tree":    {flags: []string{"-r", "-z", "--full-tree", "--name-only", "-t"}, required: []string{"-z", "--full-tree"}, paths: true},
		"ls-files":   {flags: []string{"-z", "-s", "--stage", "--full-name", "-o", "--others", "-i", "--ignored", "--exclude-standard", "--directory"}, required: []string{"-z"}, paths: true},
		"config":     {flags: []string{"-z", "--null", "--get-regexp", "--file", "--includes"}, required: []string{"--get-regexp"}},
		"check-attr": {flags: []string{"-z"}, required: []string{"-z"}, paths: true},
		"merge-base": {flags: []string{"--all"}},
		"cat-file":   {flags: []string{"-t"}, required: []string{"-t"}},
		// rev-list prints object ids (with --objects, each tree's and blob's
		// path): which commits a range holds and which files its history
		// carries, for decisions on commands that print history.
		"rev-list": {flags: []string{"-n", "--objects", "--all", "--branches", "--tags", "--remotes", "--reflog"}},
	}
}}

// Check reports whether args is a query Runner runs: nil, or an error
// wrapping ErrRefused that says why not.
func Check(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no subcommand", ErrRefused)
	}
	sp, ok := allowed.Get()[args[0]]
	if !ok {
		return fmt.Errorf("%w: git %s is not an allowed query", ErrRefused, args[0])
	}
	seen := map[string]bool{}
	paths := false
	for _, a := range args[1:] {
		if strings.ContainsAny(a, "\x00\n") {
			return fmt.Errorf("%w: argument with a NUL or newline", ErrRefused)
		}
		switch {
		case paths:
			if strings.HasPrefix(a, "-") {
				return fmt.Errorf("%w: path %q starts with -", ErrRefused, a)
			}
		case a == "--":
			if !sp.paths {
				return fmt.Errorf("%w: git %s takes no paths", ErrRefused, args[0])
			}
			paths = true
		case strings.HasPrefix(a, "-"):
			ok := false
			for _, f := range sp.flags {
				ok = ok || f == a
			}
			if !ok {
				return fmt.Errorf("%w: git %s %s", ErrRefused, args[0], a)
			}
			seen[a] = true
		case a == "":
			return fmt.Errorf("%w: empty argument", ErrRefused)
		}
	}
	for _, f := range sp.required {
		if !seen[f] {
			return fmt.Errorf("%w: git %s needs %s", ErrRefused, args[0], f)
		}
	}
	return nil
}
