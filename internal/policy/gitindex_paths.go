package policy

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// Index entries removed or reset by pathspec. git rm (with or without
// --cached), git reset [REV] [--] [PATHSPEC…] (mixed) and git restore
// --staged change no file of the work tree that matters here, but they
// drop a protected file's index entry or give it another revision's
// content: the next commit records that (the policy deleted from history,
// a hook configuration emptied) and a later checkout, stash or branch
// switch writes or removes the file. git update-index --force-remove of
// the policy is denied for the same reason (gitForge).
//
// Pathspecs are git's, not file names: ".", "*", ":(glob)**", ":/",
// "../x" from a subdirectory or ":!src" cover what they cover for git.
// So git itself says which index entries they match, in the command's
// own directory (ls-files for a removal, diff-index --cached for a
// reset: exactly the entries that change), and each one that is a
// protected file is compared with the disk: an entry removed while the
// file exists, or set to content the file does not have, is denied. A
// pathspec or revision not known statically, paths read from a file or
// an interactive session: cannot tell (ask, deny at read_only).

// rmIndexOps reads git rm [--cached] PATHSPEC…: the entries it matches
// leave the index (without --cached the files go too, which the analysis
// reports as deletions).
func rmIndexOps(args []string) []wtOp {
	opts, pos, _ := gitArgs(args, optSet{longVal: []string{"pathspec-from-file"}})
	switch {
	case hasOpt(opts, "-n", "--dry-run"):
		return nil
	case hasOpt(opts, "--pathspec-from-file"):
		return []wtOp{{kind: wtUnknown, why: "git rm takes its pathspecs from a file"}}
	case len(pos) == 0:
		return nil // git rm without a pathspec removes nothing
	}
	return indexPathOps(wtIndexDrop, "", pos)
}

// resetIndexOps reads git reset [--mixed] [REV] [[--] PATHSPEC…] (dd:
// where "--" was among pos, -1 when absent): the matched entries (every
// entry without a pathspec) take REV's content, or leave the index where
// REV lacks them. Without "--", git takes the first word for a revision
// when it names one, else every word for a pathspec: both readings are
// judged.
func resetIndexOps(opts []parsedOpt, pos []string, dd int) []wtOp {
	if hasOpt(opts, "--soft") {
		return nil // HEAD only
	}
	if hasOpt(opts, "-p", "--patch", "--pathspec-from-file") {
		return []wtOp{{kind: wtUnknown, why: "the paths come from a file or an interactive session"}}
	}
	switch {
	case dd == 0:
		return indexPathOps(wtIndexReset, "HEAD", pos)
	case dd > 0:
		return indexPathOps(wtIndexReset, pos[0], pos[dd:])
	case len(pos) == 0:
		return indexPathOps(wtIndexReset, "HEAD", nil)
	}
	asRev := indexPathOps(wtIndexReset, pos[0], pos[1:])
	if asRev[0].kind == wtUnknown {
		return asRev
	}
	asRev[0].maybe = true
	return append(asRev, indexPathOps(wtIndexReset, "HEAD", pos)...)
}

// restoreIndexOps reads git restore --staged [--source=REV] PATHSPEC…
// (without --worktree): the matched entries take REV's content (HEAD's by
// default), or leave the index where REV lacks them.
func restoreIndexOps(opts []parsedOpt, pos []string) []wtOp {
	if len(pos) == 0 {
		return nil // git restore wants a pathspec
	}
	src := "HEAD"
	if s := optVals(opts, "-s", "--source"); len(s) > 0 {
		src = s[len(s)-1]
	}
	return indexPathOps(wtIndexReset, src, pos)
}

// indexPathOps is one wtIndexDrop or wtIndexReset of specs (none:
// every entry), or 'cannot tell' when a word is not known statically.
func indexPathOps(kind wtKind, rev string, specs []string) []wtOp {
	if kind == wtIndexReset && !revOK(rev) {
		return []wtOp{{kind: wtUnknown, why: fmt.Sprintf("the revision %q is not known before the line runs", rev)}}
	}
	for _, s := range specs {
		if dynamicWord(s) {
			return []wtOp{{kind: wtUnknown, why: fmt.Sprintf("the pathspec %q is not known before the line runs", s)}}
		}
	}
	if len(specs) == 0 {
		specs = nil
	}
	return []wtOp{{kind: kind, rev: rev, specs: specs}}
}

// icaseSpecs applies git --icase-pathspecs to ops' pathspecs: each one
// matches in any case, as ":(icase)SPEC"; a pathspec with its own magic
// is 'cannot tell'. (--literal-, --glob- and --noglob-pathspecs only
// narrow what a pathspec matches, so judging without them is judging a
// superset.)
func icaseSpecs(ops []wtOp) []wtOp {
	for i := range ops {
		if ops[i].kind == wtSparse || ops[i].specs == nil {
			continue // sparse patterns are not pathspecs
		}
		specs := make([]string, len(ops[i].specs))
		for j, s := range ops[i].specs {
			if strings.HasPrefix(s, ":") {
				return []wtOp{{kind: wtUnknown, why: fmt.Sprintf("the pathspec %q has magic of its own besides --icase-pathspecs", s)}}
			}
			specs[j] = ":(icase)" + s
		}
		ops[i].specs = specs
	}
	return ops
}

// indexPathChanges notes the protected files (absolute) whose index entry
// op removes (wtIndexDrop) while the file exists, or resets to op.rev
// (wtIndexReset) with content other than the file's, git matching op's
// pathspecs in dir.
func (r *gitRepo) indexPathChanges(op wtOp, dir string, note func(abs string)) error {
	ev := r.ev
	tree := ""
	args := []string{"ls-files", "-z", "--full-name"}
	if op.kind == wtIndexReset {
		tree = op.rev
		if _, err := r.commit(tree); errors.Is(err, errNoCommit) && tree == "HEAD" {
			tree = emptyTree // an unborn branch: git reset empties the index
		} else if err != nil && !errors.Is(err, errNoCommit) {
			return err
		}
		// (Another word that names no commit may still name a tree:
		// diff-index says, and fails on what names neither.)
		args = []string{"diff-index", "--cached", "--name-only", "-z", "--no-renames", tree}
	}
	if op.specs != nil {
		specs, err := r.querySpecs(dir, op.specs)
		if err != nil {
			return err
		}
		args = append(append(args, "--"), specs...)
	}
	out, err := ev.gitQuery(dir, args...)
	if err != nil {
		return err
	}
	var names []string
	for _, n := range splitZ(out) {
		if ev.protectedAt(path.Join(r.top, n)) != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	ents := map[string]treeEnt{}
	if tree != "" {
		if ents, err = r.tree(tree, names); err != nil {
			return err
		}
	}
	for _, n := range names {
		abs := path.Join(r.top, n)
		d, err := ev.diskBlob(abs)
		if err != nil {
			return err
		}
		te, in := ents[n]
		switch {
		case in && d == entBlob(te):
		case !in && d == "":
		default:
			note(abs)
		}
	}
	return nil
}

// querySpecs are pathspecs as the query takes them in the command's
// directory dir: an absolute path inside the work tree as ":(top)PATH"
// (git takes it as written, but Mandate may see the tree under another
// name than git does), one starting with "-" behind "./". A word with
// glob characters may also be an unquoted glob the shell expands first
// (nocaseglob, globstar and extglob included), or a find or xargs feed
// the analysis stands for by one ("./**/*.yaml"): its matches on disk,
// as bash could expand it, are added as literal pathspecs, so that both
// readings are judged.
func (r *gitRepo) querySpecs(dir string, specs []string) ([]string, error) {
	out := make([]string, 0, len(specs))
	for _, s := range specs {
		if !strings.HasPrefix(s, ":") && (fsview.HasMeta(s) || slices.ContainsFunc(strings.Split(s, "/"), fsview.IsExtglob)) {
			pat := s
			if !path.IsAbs(pat) {
				pat = path.Join(dir, pat)
			}
			matches, err := fsview.Glob(r.ev.fs(), pat, fsview.GlobOptions{
				DotGlob: true, GlobStar: true, NoCase: true, ExtglobAny: true, DotDirs: true,
				Limit: globMatches, Budget: globBudget,
			})
			if err != nil {
				return nil, fmt.Errorf("the shell's expansion of %q: %w", s, err)
			}
			for _, m := range matches {
				if rel, ok := under(path.Clean(m), r.top); ok {
					out = append(out, ":(top,literal)"+rel)
				}
			}
		}
		switch {
		case path.IsAbs(s):
			if rel, ok := under(path.Clean(s), r.top); ok {
				s = ":(top)" + rel
				if rel == "" {
					s = ":/"
				}
			}
		case strings.HasPrefix(s, "-"):
			s = "./" + s
		}
		out = append(out, s)
	}
	return out, nil
}
