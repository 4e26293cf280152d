package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"
)

// The repository as git queries see it: what a revision, the index and
// the disk hold for the protected files, and which paths commits change.

type gitRepo struct {
	ev  *evaluation
	top string
}

func (r *gitRepo) q(args ...string) ([]byte, error) { return r.ev.gitQuery(r.top, args...) }

// gitMissing reports whether err is git saying no (a revision or a key
// that does not exist: exit status 1), rather than a failure to ask.
func gitMissing(err error) bool {
	var st interface{ Status() int }
	return errors.As(err, &st) && st.Status() == 1
}

// openRepo finds the repository dir is in; nil, nil when dir is in none.
func (ev *evaluation) openRepo(dir string) (*gitRepo, error) {
	out, err := ev.gitQuery(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		var st interface{ Status() int }
		if errors.As(err, &st) && st.Status() == 128 {
			return nil, nil // not a repository, or a bare one: no work tree
		}
		return nil, err
	}
	top := strings.TrimSpace(string(out))
	if !path.IsAbs(top) {
		return nil, fmt.Errorf("git names the repository %q", top)
	}
	return &gitRepo{ev: ev, top: path.Clean(top)}, nil
}

var errNoCommit = errors.New("names no commit")

// commit resolves rev to a commit id.
func (r *gitRepo) commit(rev string) (string, error) {
	out, err := r.q("rev-parse", "--verify", "-q", rev+"^{commit}")
	if err != nil {
		if gitMissing(err) {
			return "", fmt.Errorf("%q %w", rev, errNoCommit)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// treeEnt is one file of a tree or the index.
type treeEnt struct {
	mode, oid string
	stage     string
}

// tree lists the files of rev (below specs, relative to the top).
func (r *gitRepo) tree(rev string, specs []string) (map[string]treeEnt, error) {
	args := []string{"ls-tree", "-r", "-z", "--full-tree", rev}
	if specs != nil {
		if len(specs) == 0 {
			return map[string]treeEnt{}, nil
		}
		args = append(append(args, "--"), specs...)
	}
	out, err := r.q(args...)
	if err != nil {
		return nil, err
	}
	m := map[string]treeEnt{}
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			continue
		}
		m[name] = treeEnt{mode: f[0], oid: f[2]}
	}
	return m, nil
}

// index lists the index's entries below specs.
func (r *gitRepo) index(specs []string) (map[string]treeEnt, error) {
	args := []string{"ls-files", "-z", "-s"}
	if specs != nil {
		if len(specs) == 0 {
			return map[string]treeEnt{}, nil
		}
		args = append(append(args, "--"), specs...)
	}
	out, err := r.q(args...)
	if err != nil {
		return nil, err
	}
	m := map[string]treeEnt{}
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			continue
		}
		e := treeEnt{mode: f[0], oid: f[1], stage: f[2]}
		if old, dup := m[name]; dup && old.stage == "0" {
			continue
		}
		m[name] = e
	}
	return m, nil
}

// diff lists the paths that differ between two commits.
func (r *gitRepo) diff(a, b string) ([]string, error) {
	out, err := r.q("diff-tree", "-r", "--name-only", "-z", "--no-renames", a, b)
	if err != nil {
		return nil, err
	}
	return splitZ(out), nil
}

// commitPaths lists the paths a commit changes (against each parent).
func (r *gitRepo) commitPaths(c string) ([]string, error) {
	out, err := r.q("diff-tree", "-r", "--name-only", "-z", "--no-renames", "--no-commit-id", "-m", "--root", c)
	if err != nil {
		return nil, err
	}
	return splitZ(out), nil
}

func (r *gitRepo) mergeBase(a, b string) (string, error) {
	out, err := r.q("merge-base", a, b)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func splitZ(b []byte) []string {
	var out []string
	for _, s := range strings.Split(string(b), "\x00") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// topSpecs makes pathspecs given in dir relative to the top; a pathspec
// with magic or glob characters becomes "everything" (a superset).
func (r *gitRepo) topSpecs(dir string, specs []string) []string {
	if specs == nil {
		return nil
	}
	rel, ok := under(dir, r.top)
	if !ok {
		return nil
	}
	out := []string{}
	for _, s := range specs {
		if strings.HasPrefix(s, ":") || strings.ContainsAny(s, "*?[\\") {
			return nil
		}
		p := path.Join(rel, s)
		if path.IsAbs(s) {
			q, ok := under(path.Clean(s), r.top)
			if !ok {
				continue
			}
			p = q
		}
		if p == "." || p == "" {
			return nil
		}
		if strings.HasPrefix(p, "../") || p == ".." {
			continue
		}
		out = append(out, p)
	}
	return out
}

// protectedAt says why the file at abs is one agents may never change, or
// "": the policy file, hook configurations, Mandate's state and binaries,
// self_protection.extra_paths and whatever Options.Protected lists.
func (ev *evaluation) protectedAt(abs string) string {
	t := newTarget(abs, ev.root, ev.home)
	if why, _ := ev.selfProtected(t); why != "" {
		return why
	}
	for _, pr := range ev.p.opt.Protected {
		if pr.Path == abs {
			return "protected by Mandate"
		}
		if _, ok := under(abs, pr.Path); ok && pr.Kind == ProtectState {
			return "Mandate's state directory"
		}
	}
	return ""
}

// diskBlob is the git blob id of the file at abs as it is on disk (""
// when absent; "dir" or "special" for what is not a file).
func (ev *evaluation) diskBlob(abs string) (string, error) {
	fsys := ev.fsys()
	info, err := fsys.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return "", nil
	case err != nil:
		return "", err
	case info.Mode&fs.ModeSymlink != 0:
		target, err := fsys.Readlink(abs)
		if err != nil {
			return "", err
		}
		return "link:" + gitBlobID([]byte(target)), nil
	case info.Mode.IsDir():
		return "dir", nil
	case !info.Mode.IsRegular():
		return "special", nil
	}
	b, err := ev.readBounded(abs, 16<<20)
	if err != nil {
		return "", err
	}
	return gitBlobID(b), nil
}

// entBlob is the same key for a tree or index entry.
func entBlob(e treeEnt) string {
	switch e.mode {
	case "120000":
		return "link:" + e.oid
	case "160000":
		return "dir"
	}
	return e.oid
}

// changes lists the protected files op would change, each with why it is
// protected.
func (r *gitRepo) changes(op wtOp, dir string) ([]string, error) {
	ev := r.ev
	var out []string
	seen := map[string]bool{}
	note := func(abs string) {
		if seen[abs] {
			return
		}
		seen[abs] = true
		if why := ev.protectedAt(abs); why != "" {
			out = append(out, fmt.Sprintf("%s (%s)", ev.display(newTarget(abs, ev.root, ev.home)), why))
		}
	}
	noteAll := func(rels []string) {
		for _, p := range rels {
			note(path.Join(r.top, p))
		}
	}
	// differs notes the protected files among ents (paths relative to
	// base) whose content on disk is not theirs.
	differs := func(ents map[string]treeEnt, base string) error {
		for _, name := range sortedKeys(ents) {
			abs := path.Join(base, name)
			if ev.protectedAt(abs) == "" {
				continue
			}
			if ents[name].stage != "" && ents[name].stage != "0" {
				return fmt.Errorf("%s has unresolved conflicts", name)
			}
			d, err := ev.diskBlob(abs)
			if err != nil {
				return err
			}
			if d != entBlob(ents[name]) {
				note(abs)
			}
		}
		return nil
	}
	commit := func(rev string) (string, error) {
		c, err := r.commit(rev)
		if err != nil && op.dwim && errors.Is(err, errNoCommit) && !strings.Contains(rev, "/") {
			c, err = r.commit("refs/remotes/origin/" + rev)
		}
		return c, err
	}
	specs := r.topSpecs(dir, op.specs)
	if op.maybe {
		if _, err := r.commit(op.rev); errors.Is(err, errNoCommit) {
			return nil, nil // the word is a path, not a revision
		}
	}
	switch op.kind {
	case wtSwitch:
		head, err := r.commit("HEAD")
		if err != nil {
			op.force, op.kind = true, wtForce
			return r.changes(op, dir)
		}
		c, err := commit(op.rev)
		if err != nil {
			return nil, err
		}
		paths, err := r.diff(head, c)
		if err != nil {
			return nil, err
		}
		noteAll(paths)
		if op.force {
			ents, err := r.tree(c, nil)
			if err != nil {
				return nil, err
			}
			if err := differs(ents, r.top); err != nil {
				return nil, err
			}
		}
	case wtForce:
		c, err := r.commit(op.rev)
		if err != nil {
			return nil, err
		}
		ents, err := r.tree(c, specs)
		if err != nil {
			return nil, err
		}
		if op.force {
			if err := differs(ents, r.top); err != nil {
				return nil, err
			}
		} else {
			head, err := r.commit("HEAD")
			if err != nil {
				return nil, err
			}
			paths, err := r.diff(head, c)
			if err != nil {
				return nil, err
			}
			noteAll(paths)
		}
		if op.prune {
			idx, err := r.index(specs)
			if err != nil {
				return nil, err
			}
			for _, name := range sortedKeys(idx) {
				if _, kept := ents[name]; !kept {
					if d, _ := ev.diskBlob(path.Join(r.top, name)); d != "" {
						note(path.Join(r.top, name))
					}
				}
			}
		}
	case wtIndex:
		idx, err := r.index(specs)
		if err != nil {
			return nil, err
		}
		base := r.top
		if op.prefix != "" {
			// checkout-index --prefix=P writes P+path, P relative to the
			// command's directory.
			moved := map[string]treeEnt{}
			for name, e := range idx {
				moved[op.prefix+name] = e
			}
			idx, base = moved, dir
		}
		if !op.force {
			for name := range idx {
				if d, err := ev.diskBlob(path.Join(base, name)); err != nil || d != "" {
					delete(idx, name) // checkout-index without -f keeps existing files
				}
			}
		}
		if err := differs(idx, base); err != nil {
			return nil, err
		}
	case wtMerge:
		a := op.rev2
		if a == "" {
			a = "HEAD"
		}
		ca, err := r.commit(a)
		if err != nil {
			return nil, err
		}
		cb, err := r.commit(op.rev)
		if err != nil {
			return nil, err
		}
		mb, err := r.mergeBase(ca, cb)
		if err != nil {
			if !gitMissing(err) {
				return nil, err
			}
			mb = ca // unrelated histories: everything that differs
		}
		paths, err := r.diff(mb, cb)
		if err != nil {
			return nil, err
		}
		noteAll(paths)
	case wtCommits:
		c, err := r.commit(op.rev)
		if err != nil {
			return nil, err
		}
		paths, err := r.commitPaths(c)
		if err != nil {
			return nil, err
		}
		noteAll(paths)
	case wtRebase:
		onto, err := r.commit(op.rev)
		if err != nil {
			return nil, err
		}
		up, err := r.commit(op.rev2)
		if err != nil {
			return nil, err
		}
		base, err := r.commit(op.base)
		if err != nil {
			return nil, err
		}
		mb, err := r.mergeBase(up, base)
		if err != nil {
			return nil, err
		}
		paths, err := r.diff(mb, onto)
		if err != nil {
			return nil, err
		}
		noteAll(paths)
	case wtStashApply:
		s, err := r.commit(op.rev)
		if err != nil {
			return nil, err
		}
		parent, err := r.commit(s + "^1")
		if err != nil {
			return nil, err
		}
		paths, err := r.diff(parent, s)
		if err != nil {
			return nil, err
		}
		if u, err := r.commit(s + "^3"); err == nil {
			ents, err := r.tree(u, nil)
			if err != nil {
				return nil, err
			}
			paths = append(paths, sortedKeys(ents)...)
		} else if !errors.Is(err, errNoCommit) {
			return nil, err
		}
		noteAll(paths)
	case wtRemoveUntracked:
		cands := r.protectedCandidates(specs)
		if len(cands) == 0 {
			return nil, nil
		}
		args := []string{"ls-files", "-z", "-o"}
		switch {
		case op.ignored && !op.untracked:
			args = append(args, "-i", "--exclude-standard")
		case !op.ignored:
			args = append(args, "--exclude-standard")
		}
		got, err := r.q(append(append(args, "--"), cands...)...)
		if err != nil {
			return nil, err
		}
		noteAll(splitZ(got))
	case wtOrphan:
		idx, err := r.index(nil)
		if err != nil {
			return nil, err
		}
		noteAll(sortedKeys(idx))
	case wtIndexSet, wtKeepIndex:
		if err := r.indexOpChanges(op, specs, note); err != nil { // gitindex_ops.go
			return nil, err
		}
	case wtIndexDrop, wtIndexReset:
		if err := r.indexPathChanges(op, dir, note); err != nil { // gitindex_paths.go
			return nil, err
		}
	case wtSparse:
		idx, err := r.index(nil)
		if err != nil {
			return nil, err
		}
		for _, name := range sortedKeys(idx) {
			if !sparseKeeps(op, name) {
				note(path.Join(r.top, name))
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// protectedCandidates are pathspecs (relative to the top) for where
// protected files may sit untracked: the policy file, hook
// configurations at any depth, and Options.Protected below the top.
func (r *gitRepo) protectedCandidates(specs []string) []string {
	ev := r.ev
	var out []string
	add := func(abs string) {
		if rel, ok := under(abs, r.top); ok && rel != "" && !slices.Contains(out, rel) {
			out = append(out, rel)
		}
	}
	for _, f := range ev.protectedFiles() {
		add(f.path)
	}
	for _, pr := range ev.p.opt.Protected {
		add(pr.Path)
	}
	for _, d := range hookDirs {
		out = append(out, ":(glob)**/"+d+"/**")
	}
	if specs == nil {
		return out
	}
	// Keep the candidates below one of specs; the glob ones stay (ls-files
	// applies them within what it lists).
	var kept []string
	for _, c := range out {
		for _, s := range specs {
			if strings.HasPrefix(c, ":") || c == s || strings.HasPrefix(c, s+"/") {
				kept = append(kept, c)
				break
			}
		}
	}
	return kept
}

func sortedKeys(m map[string]treeEnt) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
