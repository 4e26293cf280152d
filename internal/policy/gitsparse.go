package policy

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// git sparse-checkout removes the tracked files its patterns leave out of
// the work tree: git sparse-checkout set src removes every directory but
// src/ (the hook configurations in .claude/ included), set --no-cone '/*'
// '!/agent-policy.yaml' removes exactly the policy. set and init are read
// here — cone mode (the default: directories, whose files are kept with
// every file of the root and of the directories above them) and plain
// gitignore-style patterns, the last match deciding — and the index says
// which protected files would go. add and reapply depend on the patterns
// already in force, and patterns Mandate does not read (character
// classes, escapes) are 'cannot tell', and so is disable, which writes
// back what the index holds for files it had left out (with skip-worktree
// entries whose disk content the index does not describe).

func sparseOps(args []string) []wtOp {
	unknown := func(why string) []wtOp { return []wtOp{{kind: wtUnknown, why: why}} }
	if len(args) == 0 {
		return unknown("sparse-checkout without a subcommand")
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "list", "check-rules":
		return nil
	case "set", "init":
	default:
		return unknown("sparse-checkout " + sub + " works from the patterns already in force")
	}
	opts, pos, _ := gitArgs(rest, optSet{longFlag: []string{"cone", "no-cone", "sparse-index", "no-sparse-index", "skip-checks"}})
	if hasOpt(opts, "--stdin") {
		return unknown("the patterns come from its input")
	}
	cone := !hasOpt(opts, "--no-cone")
	if sub == "init" {
		pos = nil
	}
	for _, p := range pos {
		if !staticWord(strings.NewReplacer("*", "", "?", "").Replace(p)) || strings.ContainsAny(p, "[\\\\") {
			return unknown("the pattern " + p + " is not one Mandate reads")
		}
		if cone && strings.ContainsAny(p, "*?!") {
			return unknown("the cone-mode pattern " + p + " is not a directory")
		}
	}
	return []wtOp{{kind: wtSparse, specs: pos, cone: cone}}
}

// sparseKeeps reports whether the tracked file name (relative to the top)
// stays in the work tree under op's patterns.
func sparseKeeps(op wtOp, name string) bool {
	if op.cone {
		dir := ""
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			dir = name[:i]
		}
		if dir == "" {
			return true // files at the root always stay
		}
		for _, d := range op.specs {
			d = strings.Trim(d, "/")
			if d == "" || dir == d || strings.HasPrefix(dir+"/", d+"/") {
				return true // inside a cone
			}
			if strings.HasPrefix(d+"/", dir+"/") {
				return true // a file directly in a directory above a cone
			}
		}
		return false
	}
	keep := false
	segs := strings.Split(name, "/")
	for _, p := range op.specs {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(p, "!")
		dirOnly := strings.HasSuffix(p, "/")
		anchored := strings.Contains(strings.TrimSuffix(p, "/"), "/")
		p = strings.Trim(p, "/")
		if p == "" {
			continue
		}
		pat := strings.Split(p, "/")
		hit := false
		// A pattern matches the file or a directory above it (which takes
		// everything below).
		for n := 1; n <= len(segs) && !hit; n++ {
			if dirOnly && n == len(segs) {
				break
			}
			if anchored {
				full, _, _ := globSegs(pat, segs[:n], true, true)
				hit = full
			} else {
				hit = fsview.MatchName(p, segs[n-1], true, false)
			}
		}
		if hit {
			keep = !neg
		}
	}
	return keep
}
