package policy

import (
	"errors"
	"fmt"
	"path"
)

// The index as a step between objects and the work tree. git read-tree
// without -u changes no file, but puts a tree's entries into the index;
// the next git stash --keep-index, checkout ., commit or checkout-index
// then writes (or commits) them. A protected file whose index entry a
// read-tree would replace with content other than the file's (or remove
// while the file exists) is therefore judged like a rewrite of that file,
// as update-index --cacheinfo of it is: deny. git stash --keep-index
// resets the work tree to HEAD and then checks the index out with
// --no-overlay: it writes every index entry and removes the files HEAD
// tracks that the index lacks, so it is decided from the index, not from
// HEAD.

// emptyTree is the id of git's empty tree, which every repository knows.
const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// readTreeIndexOps reads git read-tree without -u: one wtIndexSet per
// tree (--empty: the empty tree); a --prefix read or a tree not known
// statically is 'cannot tell'.
func readTreeIndexOps(opts []parsedOpt, pos []string) []wtOp {
	if hasOpt(opts, "--empty") {
		return []wtOp{{kind: wtIndexSet, rev: emptyTree, prune: true}}
	}
	if len(pos) == 0 {
		return nil
	}
	if len(optVals(opts, "--prefix")) > 0 {
		return []wtOp{{kind: wtUnknown, why: "read-tree --prefix puts a tree's entries into the index below a directory"}}
	}
	merge := hasOpt(opts, "-m")
	var out []wtOp
	for i, t := range pos {
		if !revOK(t) {
			return []wtOp{{kind: wtUnknown, why: fmt.Sprintf("the tree %q is not known before the line runs", t)}}
		}
		// One tree (and a two-tree merge's second) replaces the index: the
		// other entries go. More trees are merged into it.
		out = append(out, wtOp{kind: wtIndexSet, rev: t, prune: len(pos) == 1 || merge && len(pos) == 2 && i == 1})
	}
	return out
}

// indexOpChanges notes the protected files (paths relative to the top)
// that op makes the index hold other content for than they have on disk
// (wtIndexSet), or that op writes or removes from the index (wtKeepIndex).
func (r *gitRepo) indexOpChanges(op wtOp, specs []string, note func(abs string)) error {
	ev := r.ev
	idx, err := r.index(specs)
	if err != nil {
		return err
	}
	// ents are the entries op writes, other those it replaces: the index
	// (wtIndexSet), or HEAD's files (wtKeepIndex).
	var ents, other map[string]treeEnt
	switch op.kind {
	case wtIndexSet:
		out, err := r.q("rev-parse", "--verify", "-q", op.rev+"^{tree}")
		if err != nil {
			if gitMissing(err) {
				return fmt.Errorf("%q names no tree", op.rev)
			}
			return err
		}
		if ents, err = r.tree(string(trimNL(out)), specs); err != nil {
			return err
		}
		other = idx
	case wtKeepIndex:
		// Written: every index entry. Removed: what HEAD has and the index
		// lacks.
		ents, other = idx, map[string]treeEnt{}
		head, err := r.commit("HEAD")
		switch {
		case errors.Is(err, errNoCommit):
		case err != nil:
			return err
		default:
			if other, err = r.tree(head, specs); err != nil {
				return err
			}
		}
		op.prune = true
	}
	seen := map[string]bool{}
	for _, m := range []map[string]treeEnt{ents, other} {
		for _, name := range sortedKeys(m) {
			if seen[name] {
				continue
			}
			seen[name] = true
			abs := path.Join(r.top, name)
			if ev.protectedAt(abs) == "" {
				continue
			}
			te, inT := ents[name]
			if !inT && !op.prune {
				continue // a merge keeps the entry
			}
			if oe, inO := other[name]; op.kind == wtIndexSet && inT && inO && entBlob(oe) == entBlob(te) {
				continue // the index keeps what it holds
			}
			if te.stage != "" && te.stage != "0" {
				return fmt.Errorf("%s has unresolved conflicts", name)
			}
			d, err := ev.diskBlob(abs)
			if err != nil {
				return err
			}
			switch {
			case inT && d == entBlob(te):
			case !inT && d == "":
			default:
				note(abs)
			}
		}
	}
	return nil
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
