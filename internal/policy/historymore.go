package policy

import (
	"fmt"
	"strings"
)

// More git commands that print object content (historyreads.go holds the
// common ones):
//
//   - for-each-ref, branch and tag with a --format holding %(raw): the raw
//     object of every ref listed, a blob for a tag made of one (git tag x
//     BLOB) — judged as printing any file the repository holds;
//   - range-diff: the patches of the commits of both ranges;
//   - merge-tree BASE A B (the trivial-merge form): the merged content of
//     every file A or B changes since BASE;
//   - the interactive patch modes (add, reset, checkout, restore, stash,
//     commit with -p/--patch or -i/--interactive): every hunk of the work
//     tree against the index and of the index against HEAD (or the
//     revision named), printed before the first answer is read.

// moreHistoryReads reads what g prints, for the commands above; nil for
// others.
func moreHistoryReads(g *gitCall) []histRead {
	args := g.args
	switch g.sub {
	case "for-each-ref", "branch", "tag":
		for i, a := range args {
			if a == "--" {
				break
			}
			f, ok := strings.CutPrefix(a, "--format=")
			if !ok && a == "--format" && i+1 < len(args) {
				f, ok = args[i+1], true
			}
			if ok && strings.Contains(f, "%(raw") {
				return []histRead{{kind: hAny, why: "its --format prints the raw objects refs name (%(raw))"}}
			}
		}
	case "range-diff":
		opts, pos, _ := gitArgs(args, optSet{longVal: histLongVal})
		if hasOpt(opts, "--no-patch", "-s", "--stat", "--name-only", "--name-status") {
			return nil
		}
		for _, w := range pos {
			if !revOK(w) {
				return []histRead{{kind: hUnknown, why: fmt.Sprintf("%q is not known before the line runs", w)}}
			}
		}
		h := histRead{kind: hCommits}
		switch len(pos) {
		case 1, 2:
			h.revs = pos
		case 3:
			h.revs = []string{pos[0] + ".." + pos[1], pos[0] + ".." + pos[2]}
		default:
			return nil
		}
		return []histRead{h}
	case "merge-tree":
		opts, pos, _ := gitArgs(args, optSet{longVal: []string{"merge-base", "stdin", "X", "strategy-option"}})
		if len(pos) != 3 || hasOpt(opts, "--write-tree", "--stdin") && !hasOpt(opts, "--trivial-merge") {
			return nil // --write-tree: a tree id and conflict messages
		}
		for _, w := range pos {
			if !revOK(w) {
				return []histRead{{kind: hUnknown, why: fmt.Sprintf("%q is not known before the line runs", w)}}
			}
		}
		return []histRead{{kind: hPairs, revs: pos}}
	case "add", "reset", "checkout", "restore", "stash", "commit":
		rest := args
		if g.sub == "stash" && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			if args[0] != "push" && args[0] != "save" {
				return nil
			}
			rest = args[1:]
		}
		opts, pos, dd := gitArgs(rest, optSet{shortVal: "msbBCcF", longVal: []string{"message", "source", "pathspec-from-file",
			"conflict", "file", "reuse-message", "reedit-message", "author", "date", "fixup", "squash", "cleanup", "trailer"}})
		if !hasOpt(opts, "-p", "--patch", "-i", "--interactive") {
			return nil
		}
		if g.sub == "commit" && hasOpt(opts, "-i", "--include") && !hasOpt(opts, "-p", "--patch", "--interactive") {
			return nil // commit -i is --include
		}
		if hasOpt(opts, "--pathspec-from-file") {
			return []histRead{{kind: hUnknown, why: "the paths come from a file"}}
		}
		specs := pos
		var out []histRead
		switch g.sub {
		case "reset", "checkout":
			if len(pos) > 0 && dd != 0 {
				// The first word is a revision if it names one (git decides).
				// What REV and the index or the work tree differ in, HEAD
				// differs from one of them in: HEAD against REV, with the
				// reads below.
				specs = pos[1:]
				if dd > 0 {
					specs = pos[dd:]
				}
				out = append(out, histRead{kind: hTrees, revs: []string{"HEAD", pos[0]}, specs: append(append([]string{}, specs...), "\x00maybe")})
			}
		case "restore":
			if src := optVals(opts, "-s", "--source"); len(src) > 0 {
				out = append(out, histRead{kind: hWorkRev, revs: src[len(src)-1:], specs: specs})
			}
		}
		for _, s := range specs {
			if dynamicWord(s) {
				return []histRead{{kind: hUnknown, why: "a path is not known before the line runs"}}
			}
		}
		return append(out, histRead{kind: hWorktree, specs: specs}, histRead{kind: hIndex, revs: []string{"HEAD"}, specs: specs})
	}
	return nil
}
