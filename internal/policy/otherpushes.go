package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// otherPushIndex holds otherPushes and the build tools' pushes by
// program; globs are the entries whose program is a pattern.
type otherPushIndex struct {
	exact map[string][]otherPush
	globs []otherPush
}

var otherPushPrograms = &lazy.Value[otherPushIndex]{New: func() otherPushIndex {
	ix := otherPushIndex{exact: map[string][]otherPush{}}
	for _, p := range append(append([]otherPush{}, otherPushes...), buildToolPushes()...) {
		if strings.ContainsAny(p.prog, "*?[") {
			ix.globs = append(ix.globs, p)
		} else {
			ix.exact[p.prog] = append(ix.exact[p.prog], p)
		}
	}
	return ix
}}

// maxPushWords bounds the operands searched for a push's words.
const maxPushWords = 4

// otherPushCommand judges c when it is a push of otherPushes.
func (ev *evaluation) otherPushCommand(c *shell.Command) {
	p, ok := matchOtherPush(c)
	if !ok {
		return
	}
	if ev.trust == action.WriteLocal {
		ev.deny(groupTrust, "no-push", c.Line, fmt.Sprintf("trust level write_local does not allow %q: it pushes to %s, and pushing needs trust level external", c.Line, p.updates))
		return
	}
	ev.builtin(groupTrust, Ask, "push-approval", c.Line, fmt.Sprintf("%q: updates %s, which refs is not known before it runs", c.Line, p.updates))
}

// matchOtherPush finds c's entry of otherPushes.
func matchOtherPush(c *shell.Command) (otherPush, bool) {
	ix := otherPushPrograms.Get()
	cands := ix.exact[c.Name]
	globbed := false
	for _, g := range ix.globs {
		if m, _ := path.Match(g.prog, c.Name); m {
			globbed = true
			break
		}
	}
	if len(cands) == 0 && !globbed {
		return otherPush{}, false
	}
	args, anchored := c.Args, false
	var ops []string
	if c.Name == "git" {
		// the words start at git's subcommand, after its global options
		g, ok := parseGit(c)
		if !ok || g.sub == "" {
			return otherPush{}, false
		}
		args, anchored, ops = g.args, true, []string{g.sub}
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--help" || a == "-h" {
			return otherPush{}, false
		}
		if !strings.HasPrefix(a, "-") && len(ops) < maxPushWords {
			ops = append(ops, a)
		}
	}
	try := func(p otherPush) bool {
		if hasAnyFlag(args, p.unless) || len(p.with) > 0 && !hasAnyFlag(args, p.with) {
			return false
		}
		if len(p.words) == 0 {
			return true
		}
		if anchored {
			return wordsAt(ops, 0, p.words)
		}
		return hasRun(ops, p.words)
	}
	for _, p := range cands {
		if try(p) {
			return p, true
		}
	}
	if globbed {
		for _, p := range ix.globs {
			if m, _ := path.Match(p.prog, c.Name); m && try(p) {
				return p, true
			}
		}
	}
	return otherPush{}, false
}

// hasRun reports whether words occur in ops one after the other.
func hasRun(ops, words []string) bool {
	for i := 0; i+len(words) <= len(ops); i++ {
		if wordsAt(ops, i, words) {
			return true
		}
	}
	return false
}

// wordsAt reports whether words occur in ops from i; a word with a glob
// metacharacter is a pattern (path.Match).
func wordsAt(ops []string, i int, words []string) bool {
	if i+len(words) > len(ops) {
		return false
	}
	for j, w := range words {
		if strings.ContainsAny(w, "*?[") {
			if m, _ := path.Match(w, ops[i+j]); !m {
				return false
			}
		} else if ops[i+j] != w {
			return false
		}
	}
	return true
}

// hasAnyFlag reports whether one of flags is given: an operand word as
// itself, an option alone or as OPT=VALUE, a one-letter option also
// inside a short cluster of letters (-Fp).
func hasAnyFlag(args, flags []string) bool {
	for _, f := range flags {
		for _, a := range args {
			if a == "--" {
				break
			}
			if a == f || strings.HasPrefix(f, "-") && strings.HasPrefix(a, f+"=") {
				return true
			}
			if len(f) == 2 && f[0] == '-' && f[1] != '-' && shortCluster(a) && strings.IndexByte(a[1:], f[1]) >= 0 {
				return true
			}
		}
	}
	return false
}

// shortCluster reports whether a is a few one-letter flags written
// together (-Fp), not a long option given with one dash (-DdryRun).
func shortCluster(a string) bool {
	if len(a) < 3 || len(a) > 5 || a[0] != '-' || a[1] == '-' {
		return false
	}
	for i := 1; i < len(a); i++ {
		if !(a[i] >= 'a' && a[i] <= 'z' || a[i] >= 'A' && a[i] <= 'Z') {
			return false
		}
	}
	return true
}
