package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"path"
	"strings"
)

// The normal rules for git rewrites. Once the repository shows that an
// operation changes no protected file, the path rules still apply to
// what it writes or removes (issue 9 item 2: "the normal rules apply"):
// git checkout-index -a writes every tracked file it may, git stash -u
// and git clean remove the untracked files (a hard link of the policy,
// an ignored .env.local). Where the analysis cannot name those files, the
// repository does.

// maxRewritePaths bounds the files one operation's paths are judged for.
const maxRewritePaths = 5000

// rewritePaths judges the paths op writes or removes that only the
// repository knows; false means Mandate cannot tell (too many).
func (ev *evaluation) rewritePaths(r *gitRepo, op wtOp, dir, line string) (bool, error) {
	via := "by " + oneLine(line, 80)
	switch {
	case op.kind == wtRemoveUntracked:
		specs := r.topSpecs(dir, op.specs)
		args := []string{"ls-files", "-z", "-o", "--directory"}
		switch {
		case op.ignored && !op.untracked:
			args = append(args, "-i", "--exclude-standard")
		case !op.ignored:
			args = append(args, "--exclude-standard")
		}
		if specs != nil {
			if len(specs) == 0 {
				return true, nil
			}
			args = append(append(args, "--"), specs...)
		}
		out, err := r.q(args...)
		if err != nil {
			return false, err
		}
		names := splitZ(out)
		if len(names) > maxRewritePaths {
			return false, nil
		}
		return true, ev.judgePaths(r.top, names, opDelete, pathFlags{via: "removed " + via})
	case op.kind == wtIndex && op.specs == nil:
		idx, err := r.index(nil)
		if err != nil {
			return false, err
		}
		if len(idx) > maxRewritePaths {
			return false, nil
		}
		base, names := r.top, sortedKeys(idx)
		if op.prefix != "" {
			base = dir
			for i, n := range names {
				names[i] = op.prefix + n
			}
		}
		if !op.force {
			kept := names[:0]
			for _, n := range names {
				if _, err := ev.fsys().Lstat(path.Join(base, n)); err != nil {
					kept = append(kept, n) // only missing files are written
				}
			}
			names = kept
		}
		return true, ev.judgePaths(base, names, opWrite, pathFlags{candidate: true, via: "possibly written " + via})
	case op.kind == wtSparse:
		idx, err := r.index(nil)
		if err != nil {
			return false, err
		}
		var gone []string
		for _, n := range sortedKeys(idx) {
			if !sparseKeeps(op, n) {
				gone = append(gone, n)
			}
		}
		if len(gone) > maxRewritePaths {
			return false, nil
		}
		return true, ev.judgePaths(r.top, gone, opDelete, pathFlags{via: "removed from the work tree " + via})
	case op.kind == wtIndex && op.prefix == "":
		// checkout-index FILE…, checkout -- FILE…, restore FILE…: each
		// literal path it names may be written over.
		var names []string
		for _, s := range op.specs {
			if s == "" || strings.HasPrefix(s, ":") || strings.ContainsAny(s, "*?[\\") || !staticWord(s) {
				continue
			}
			if !op.force {
				if _, err := ev.fsys().Lstat(path.Join(dir, s)); err == nil {
					continue
				}
			}
			names = append(names, s)
		}
		return true, ev.judgePaths(dir, names, opWrite, pathFlags{candidate: true, via: "possibly written " + via})
	}
	return true, nil
}

// judgePaths judges names (relative to base, as git lists them: a
// directory with a trailing "/") until one is denied.
func (ev *evaluation) judgePaths(base string, names []string, op opKind, fl pathFlags) error {
	start := len(ev.hits)
	for _, n := range names {
		ev.checkRef(path.Join(base, strings.TrimSuffix(n, "/")), op, fl)
		for _, h := range ev.hits[start:] {
			if h.f.Effect == Deny {
				return nil
			}
		}
	}
	return nil
}

// gitReadOnly are the git commands that change no ref, index or object a
// later rewrite in the same line would be decided on.
var gitReadOnly = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"status": true, "log": true, "show": true, "diff": true, "grep": true, "ls-files": true, "ls-tree": true,
		"ls-remote": true, "rev-parse": true, "rev-list": true, "cat-file": true, "describe": true, "blame": true,
		"shortlog": true, "whatchanged": true, "for-each-ref": true, "show-ref": true, "show-branch": true,
		"name-rev": true, "merge-base": true, "count-objects": true, "fsck": true, "version": true, "help": true,
		"var": true, "check-ignore": true, "check-attr": true, "check-ref-format": true, "diff-tree": true,
		"diff-index": true, "diff-files": true, "verify-commit": true, "verify-tag": true, "cherry": true,
		"range-diff": true, "archive": true, "format-patch": true,
	}
}}

// earlierGitChange says which git command earlier in the line may change
// the refs, index or objects the rewrite c is decided on, or "".
func (ev *evaluation) earlierGitChange(g *gitCall) string {
	if len(ev.analyses) == 0 {
		return ""
	}
	an := ev.analyses[len(ev.analyses)-1]
	for i := range an.Commands {
		c := &an.Commands[i]
		if c == g.c {
			return ""
		}
		e, ok := parseGit(c)
		if !ok || e.sub == "" {
			continue
		}
		switch {
		case gitReadOnly.Get()[e.sub]:
			continue
		case e.sub == "config" && !gitConfigWrites(e.args):
			continue
		case (e.sub == "stash" || e.sub == "reflog") && (len(e.args) == 0 && e.sub == "reflog" || len(e.args) > 0 && (e.args[0] == "list" || e.args[0] == "show")):
			continue
		case (e.sub == "branch" || e.sub == "tag" || e.sub == "remote") && branchListing(e.args):
			continue
		}
		return fmt.Sprintf("%q earlier in the line may change the refs, index or objects it is decided on", c.Line)
	}
	return ""
}

// branchListing reports whether git branch, tag or remote args only list.
func branchListing(args []string) bool {
	for _, a := range args {
		switch {
		case a == "-v", a == "-vv", a == "--verbose", a == "-a", a == "--all", a == "-r", a == "--remotes",
			a == "-l", a == "--list", a == "--show-current", a == "show", a == "get-url":
		case strings.HasPrefix(a, "--contains"), strings.HasPrefix(a, "--merged"), strings.HasPrefix(a, "--no-merged"),
			strings.HasPrefix(a, "--sort"), strings.HasPrefix(a, "--format"), strings.HasPrefix(a, "--points-at"):
		default:
			return false
		}
	}
	return true
}

// gitMoveHead: git update-ref of the checked-out branch (or HEAD) changes
// no file, but makes the work tree's next checkout, reset or stash write
// the new commit's files. When a protected file differs between the
// commit checked out and the new one, that is put to a human (deny at
// read_only); the later rewrite is judged on its own as well.
func (ev *evaluation) gitMoveHead(g *gitCall) {
	if g.sub != "update-ref" || g.dir == "" {
		return
	}
	opts, pos := parseOpts(g.args, optSet{shortVal: "m", longVal: []string{"create-reflog"}})
	if hasOpt(opts, "-d", "--stdin") || len(pos) < 2 || !revOK(pos[0]) || !revOK(pos[1]) || ev.p.opt.Git == nil {
		return
	}
	r, err := ev.openRepo(g.dir)
	if err != nil || r == nil {
		return
	}
	ref := pos[0]
	if ref != "HEAD" {
		cur, err := r.q("rev-parse", "--symbolic-full-name", "HEAD")
		if err != nil {
			return
		}
		b := strings.TrimSpace(string(cur))
		if ref != b && "refs/"+ref != b && "refs/heads/"+ref != b {
			return
		}
	}
	changed, err := r.changes(wtOp{kind: wtSwitch, rev: pos[1]}, g.dir)
	if err != nil {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q moves the checked-out branch and Mandate cannot tell what the work tree would get: %v", g.c.Line, err))
		return
	}
	if len(changed) > 0 {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q moves the checked-out branch to a commit whose %s differs: the next checkout, reset or stash writes it", g.c.Line, strings.Join(changed, "; ")))
	}
}
