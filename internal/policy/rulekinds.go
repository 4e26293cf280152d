package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// The rule kinds added for issue 9, beside seed 001's and the first
// extensions:
//
//   - block_deletes, require_approval_deletes: path patterns, as
//     block_paths and require_approval, applying to deletes only (rm,
//     unlink, mv sources, git rm, find -delete, file.delete, a directory
//     deleted with what is below it).
//   - require_approval_outside_paths: path patterns; once a policy has
//     it, a write or delete that none of that policy's entries covers asks
//     (allow_paths denies instead). The entry $TMPDIR is the agent's
//     temporary directory when Options.TempDir knows it.
//   - block_dependency_changes, require_approval_dependency_changes:
//     package ecosystems (deps.go), or "*".
//   - block_git_history, require_approval_git_history: git operations
//     that destroy history (githistory.go), or "*".

// tmpDirEntry is the require_approval_outside_paths entry that stands for
// the agent's temporary directory.
const tmpDirEntry = "$TMPDIR"

// compileExtEntry validates and compiles one entry of those kinds.
func compileExtEntry(kind ruleKind, e *entry) error {
	switch kind {
	case kBlockDeletes, kApproveDeletes, kApproveOutside:
		if kind == kApproveOutside && strings.TrimSuffix(e.text, "/") == tmpDirEntry {
			e.word = tmpDirEntry
			return nil
		}
		if strings.HasPrefix(e.text, "$") {
			return fmt.Errorf("bad path pattern %q: the only variable a path pattern knows is %s, alone in require_approval_outside_paths", e.text, tmpDirEntry)
		}
		pp, err := compilePath(e.text)
		if err != nil {
			return fmt.Errorf("bad path pattern %q: %w", e.text, err)
		}
		e.path = pp
	case kBlockDeps, kApproveDeps:
		w, err := ecosystemWord(e.text)
		if err != nil {
			return err
		}
		e.word = w
	case kBlockGitHistory, kApproveGitHistory:
		w, err := historyWord(e.text)
		if err != nil {
			return err
		}
		e.word = w
	default:
		return fmt.Errorf("rule kind %d has no compiler", kind)
	}
	return nil
}

// vocabularyWord checks s against a closed vocabulary (plus "*"),
// suggesting the word an author probably meant.
func vocabularyWord(s, what string, words []string, aliases map[string]string) (string, error) {
	if s == "*" || slices.Contains(words, s) {
		return s, nil
	}
	if w, ok := aliases[strings.ToLower(s)]; ok {
		return "", fmt.Errorf("unknown %s %q (did you mean %s?)", what, s, w)
	}
	if sg := suggest(s, words); sg != "" {
		return "", fmt.Errorf("unknown %s %q (did you mean %s?)", what, s, sg)
	}
	return "", fmt.Errorf("unknown %s %q (want one of %s, or \"*\")", what, s, strings.Join(words, ", "))
}

// extIndex holds the entries of those kinds for evaluation.
type extIndex struct {
	blockDeletes   pathIndex
	approveDeletes pathIndex
	outside        pathIndex
	outsideTmp     []ref
	blockDeps      []ref
	approveDeps    []ref
	blockHistory   []ref
	approveHistory []ref
	// Policies with require_approval_outside_paths.
	outsidePolicies []policyRule
}

func (x *extIndex) add(kind ruleKind, e *entry, rf ref) {
	paths := func(px *pathIndex, fold bool) {
		if px.names == nil {
			*px = pathIndex{names: map[string][]ref{}, anchored: map[string][]ref{}, fold: fold}
		}
		px.add(e.path, rf)
	}
	switch kind {
	case kBlockDeletes:
		paths(&x.blockDeletes, true)
	case kApproveDeletes:
		paths(&x.approveDeletes, true)
	case kApproveOutside:
		if e.word == tmpDirEntry {
			x.outsideTmp = append(x.outsideTmp, rf)
			return
		}
		paths(&x.outside, false)
	case kBlockDeps:
		x.blockDeps = append(x.blockDeps, rf)
	case kApproveDeps:
		x.approveDeps = append(x.approveDeps, rf)
	case kBlockGitHistory:
		x.blockHistory = append(x.blockHistory, rf)
	case kApproveGitHistory:
		x.approveHistory = append(x.approveHistory, rf)
	}
}

// pathRules applies to a write or delete the rules that are not
// seed 001's: the nested-repository rule, the delete-only rules and
// require_approval_outside_paths. targets are the path as written and as
// resolved; hitEffect, could and isA word a finding as checkRef does.
func (ev *evaluation) pathRules(targets []*target, op opKind, shown string, fl pathFlags, hitEffect Effect, could string) {
	if op == opRead {
		return
	}
	x := &ev.p.idx.ext
	for ti, t := range targets {
		subj := shown
		if ti > 0 {
			subj = fmt.Sprintf("%s (resolves to %s)", shown, ev.display(t))
		}
		if why := ev.nestedGit(t, op); why != "" {
			ev.builtin(groupSelf, hitEffect, "nested-repository", subj, fmt.Sprintf("%s %q: %s", op.noun(), subj, why))
		}
		if op != opDelete {
			continue
		}
		ev.buf = x.blockDeletes.lookup(ev.p, t, ev.buf[:0], true)
		for _, rf := range ev.buf {
			ev.user(rf, hitEffect, subj, fmt.Sprintf("%s %q%s block_deletes %q", op.noun(), subj, could, ev.p.entry(rf).text))
		}
		ev.buf = x.approveDeletes.lookup(ev.p, t, ev.buf[:0], true)
		for _, rf := range ev.buf {
			ev.user(rf, Ask, subj, fmt.Sprintf("%s %q%s require_approval_deletes %q", op.noun(), subj, could, ev.p.entry(rf).text))
		}
	}
	ev.markBelow = fl.below() // a write into a directory writes files below it
	ev.outsidePaths(targets, op, shown)
	ev.markBelow = belowNone
}

// outsidePaths applies require_approval_outside_paths: per policy, every
// form of the path must be covered by one of its entries, or the write or
// delete asks. A glob or a partly dynamic path is covered only when its
// literal leading directories are.
func (ev *evaluation) outsidePaths(targets []*target, op opKind, shown string) {
	x := &ev.p.idx.ext
	if len(x.outsidePolicies) == 0 {
		return
	}
	var tmps []string
	if len(x.outsideTmp) > 0 {
		tmps = ev.tempDirs()
	}
	for _, pa := range x.outsidePolicies {
		covered := true
		for _, t := range targets {
			if t.glob {
				t = newTarget(t.literalPrefix(), ev.root, ev.home)
			}
			ok := false
			if x.outside.n > 0 {
				ev.buf = x.outside.lookup(ev.p, t, ev.buf[:0], false)
				for _, rf := range ev.buf {
					if int(rf.pol) == pa.pol {
						ok = true
						break
					}
				}
			}
			for _, rf := range x.outsideTmp {
				if int(rf.pol) != pa.pol {
					continue
				}
				for _, d := range tmps {
					if _, in := under(t.abs, d); in {
						ok = true
					}
				}
			}
			if !ok {
				covered = false
				break
			}
		}
		if !covered {
			ev.userRule(pa.pol, pa.rule, Ask, shown, fmt.Sprintf("%s %q is outside require_approval_outside_paths %s", op.noun(), shown, pa.list))
		}
	}
}

// tempDirs is the agent's temporary directory as given and resolved.
func (ev *evaluation) tempDirs() []string {
	d := ev.p.opt.TempDir
	if d == "" || !path.IsAbs(d) {
		return nil
	}
	d = path.Clean(d)
	for _, held := range []string{ev.root, ev.home} {
		if _, ok := under(held, d); ok || d == "/" {
			return nil // a "temporary directory" holding the repository or home covers nothing
		}
	}
	out := []string{d}
	if r, err := ev.resolve(d); err == nil && r != d {
		out = append(out, path.Clean(r))
	}
	return out
}
