package policy

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Repositories made inside the governed one by copying or extracting.
// nestedGit (gitdir.go) judges a write whose own path names a .git; a
// copy or an extraction writes a directory, and what lands below it is
// what its source holds. A repository is a .git file or directory, or a
// directory git takes for a git directory by itself (HEAD, objects/ and
// refs/: a bare repository, or the contents of a .git copied under
// another name). In a governed repository (nestedCopies):
//
//   - a tree copy (cp -r, rsync, scp -r, mv, …) of a source that is or
//     holds a repository — at any depth, what the copy excludes aside —
//     whose own destination is inside the governed repository is denied;
//     one whose destination is elsewhere while the line writes inside
//     asks (which write lands where is not tied); a source too large to
//     search asks;
//   - an extraction into the governed repository (tar x, bsdtar x,
//     unzip, 7z x, cpio -i, pax -r, ar x, every extractor the analysis
//     models) is denied when the line also
//     archives a source that holds a repository (tar cf - .git | tar xf -
//     -C docs, with or without --exclude=mandate-state), or when the
//     archive file holds one (its member names are read: tar, plain or
//     gzip- or bzip2-compressed, and zip; archivepeek.go); it asks when
//     what it extracts cannot be known: another format, an archive too
//     large to list, one the line itself writes with something other than
//     an archiver (curl -o a.tgz), or standard input that no archiver of
//     the line feeds (curl … | tar x).
//
// This closes the creation. What happens after one slips through (a
// program the analysis does not see, run with a person's approval) is the
// gate's: the session's pinned policies keep deciding in the new root
// (internal/gate, deciders.go), and its state mark and tamper locks are
// the enclosing repository's only while the session lasts.

// treeCopiers copy the trees they read recursively into a tree of their
// destination, .git included.
var treeCopiers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"cp": true, "rsync": true, "scp": true, "cpio": true, "pax": true, "ditto": true,
		"rclone": true, "install": true, "gcp": true, "bsdcpio": true, "mv": true,
	}
}}

// archivers write the trees they read recursively into an archive.
var archivers = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"tar": true, "bsdtar": true, "gtar": true, "zip": true, "7z": true, "7za": true, "7zz": true,
		"cpio": true, "pax": true, "ar": true, "jar": true,
	}
}}

// extraction reports whether w is an extractor's write of what it
// unpacks (not of an archive it creates, nor a copy's destination):
// whichever program the analysis models as extracting (tar, unzip, 7z,
// cpio, pax, ar, and the extractors of shell's table: jar, unar, atool,
// star, patool, python -m tarfile -e, …), not a fixed list of names
// (round 23 (c): 7zz, jar and python -m tarfile extracted unjudged).
func extraction(w shell.PathRef) bool {
	if w.Candidate {
		return false
	}
	return strings.Contains(w.Why, "extract") || w.Why == "unzip destination" || w.Why == "7z destination" ||
		w.Why == "cpio -D"
}

// nestedCopies applies the rules above to the line an.
func (ev *evaluation) nestedCopies(an *shell.Analysis) {
	if ev.p.path == "" {
		return
	}
	inRepo := func(p string) bool {
		t := newTarget(p, ev.root, ev.home)
		return t.inRepo && !(len(t.lRelSegs) > 0 && strings.EqualFold(t.lRelSegs[0], ".git"))
	}
	byCmd := map[string]bool{} // programs that write inside the governed repository
	var extracts []shell.PathRef
	for _, w := range an.Writes {
		if !inRepo(w.Path) {
			continue
		}
		switch {
		case extraction(w):
			extracts = append(extracts, w)
		case w.Why != shell.HardLinkTargetWhy: // a file linked from, not a destination
			byCmd[w.Cmd] = true
		}
	}
	if len(byCmd) == 0 && len(extracts) == 0 {
		return
	}
	// Tree copies.
	var sources []shell.PathRef
	for _, r := range an.Reads {
		if r.Recursive && !r.Dynamic && treeCopiers.Get()[r.Cmd] {
			sources = append(sources, r)
		}
	}
	for _, d := range an.Deletes {
		if d.Cmd == "mv" && !d.Dynamic {
			sources = append(sources, d)
		}
	}
	for _, r := range sources {
		repo, known := ev.repositoryIn(r)
		dest := byCmd[r.Cmd]
		switch {
		case repo != "" && dest:
			ev.deny(groupSelf, "nested-repository", r.Path, fmt.Sprintf("%s copies %s, which is or holds the repository %s, into the governed repository: a repository of its own there, governed by another policy", r.Cmd, ev.displayPath(r.Path), ev.displayPath(repo)))
			return
		case repo != "" && len(byCmd) > 0:
			ev.builtin(groupSelf, Ask, "nested-repository", r.Path, fmt.Sprintf("the line copies or moves %s, which is or holds the repository %s, and writes inside the governed repository, which could create a repository of its own there, governed by another policy", ev.displayPath(r.Path), ev.displayPath(repo)))
			return
		case !known && dest:
			ev.builtin(groupSelf, Ask, "nested-repository", r.Path, fmt.Sprintf("%s copies %s into the governed repository, and whether it holds a repository (a .git) is too large to tell", r.Cmd, ev.displayPath(r.Path)))
			return
		}
	}
	if len(extracts) == 0 {
		return
	}
	ev.nestedExtracts(an, extracts)
}

// nestedExtracts judges the extractions into the governed repository.
func (ev *evaluation) nestedExtracts(an *shell.Analysis, extracts []shell.PathRef) {
	fed := false // an archiver of the line writes an archive
	for _, r := range an.Reads {
		if r.Recursive && r.TrackedOnly && r.Cmd == "git" {
			fed = true // git archive: tracked files, never a .git
			continue
		}
		if !r.Recursive || r.Dynamic || r.TrackedOnly || !archivers.Get()[r.Cmd] {
			continue
		}
		fed = true
		if repo, _ := ev.repositoryIn(r); repo != "" {
			ev.deny(groupSelf, "nested-repository", r.Path, fmt.Sprintf("the line archives %s, which is or holds the repository %s, and extracts an archive into the governed repository (%s): a repository of its own there, governed by another policy", ev.displayPath(r.Path), ev.displayPath(repo), ev.displayPath(extracts[0].Path)))
			return
		}
	}
	for _, w := range extracts {
		dest := ev.displayPath(w.Path)
		archives := ev.extractedArchives(an, w)
		if len(archives) == 0 && !fed {
			ev.builtin(groupSelf, Ask, "nested-repository", w.Path, fmt.Sprintf("%s extracts into %s an archive from standard input that no archiver of the line writes: whether it holds a repository (a .git) cannot be known", w.Cmd, dest))
			return
		}
		for _, a := range archives {
			if by := archiveWriter(an, a, w.Cmd); by != "" { // archiveescape.go
				if !archivers.Get()[by] {
					ev.builtin(groupSelf, Ask, "nested-repository", a, fmt.Sprintf("%s extracts into %s the archive %s, which %s writes in the same line: whether it holds a repository (a .git) cannot be known", w.Cmd, dest, ev.displayPath(a), by))
					return
				}
				continue
			}
			member, why := ev.archiveRepository(a)
			switch {
			case member != "":
				ev.deny(groupSelf, "nested-repository", a, fmt.Sprintf("%s extracts into %s the archive %s, which holds the repository %s: a repository of its own inside the governed one, governed by another policy", w.Cmd, dest, ev.displayPath(a), member))
				return
			case why != "":
				ev.builtin(groupSelf, Ask, "nested-repository", a, fmt.Sprintf("%s extracts into %s the archive %s, and whether it holds a repository (a .git) cannot be known: %s", w.Cmd, dest, ev.displayPath(a), why))
				return
			}
		}
	}
}

// extractedArchives returns the archive files the extractor of w reads:
// its reads that are not directories (the -C directory, the
// destination) and not standard input ("-").
func (ev *evaluation) extractedArchives(an *shell.Analysis, w shell.PathRef) []string {
	var out []string
	for _, r := range an.Reads {
		if r.Cmd != w.Cmd || r.Recursive || r.Glob || r.Dynamic || r.Path == w.Path || path.Base(r.Path) == "-" {
			continue
		}
		if info, ok := ev.stat(r.Path); ok && info.Mode.IsDir() {
			continue
		}
		if strings.HasPrefix(r.Why, w.Cmd+" -C") || strings.HasSuffix(r.Why, "directory") {
			continue
		}
		out = append(out, r.Path)
	}
	return out
}

// repositoryIn returns the first repository at or below the copied
// source r (a .git, or a git directory by itself), or "" if none; known
// is false when the source is too large to search. A source inside a git
// directory (.git/objects, .git/*) is git's own material.
func (ev *evaluation) repositoryIn(r shell.PathRef) (repo string, known bool) {
	src := path.Clean(r.Path)
	if r.Glob {
		t := newTarget(src, ev.root, ev.home)
		t.makeGlob(false)
		src = t.literalPrefix()
	}
	if foldSeg(path.Base(src)) == ".git" {
		return src, true
	}
	if r.Glob {
		// judged by its literal directories only: .git/* copies a git
		// directory's contents
		if ev.gitDirectory(src) {
			return src, true
		}
		return "", true
	}
	info, ok := ev.stat(src)
	if !ok || !info.Mode.IsDir() {
		return "", true
	}
	excluded := func(p string) bool { return len(r.Exclude) > 0 && r.Excluded(p) }
	found := ""
	opt := fsview.WalkOptions{Listed: func(dir string, names []string) {
		if found != "" {
			return
		}
		head, objects, refs := false, false, false
		for _, n := range names {
			switch {
			case foldSeg(n) == ".git" && !excluded(path.Join(dir, n)):
				found = path.Join(dir, n)
				return
			case n == "HEAD":
				head = true
			case n == "objects":
				objects = true
			case n == "refs":
				refs = true
			}
		}
		if head && objects && refs && !excluded(dir) {
			found = dir
		}
	}}
	err := fsview.Walk(ev.fsys(), src, opt, func(p string, info fsview.Info) error {
		if found != "" {
			return fsview.SkipAll
		}
		if info.Mode.IsDir() && excluded(p) {
			return fsview.SkipDir
		}
		return nil
	})
	if found != "" {
		return found, true
	}
	if errors.Is(err, fsview.ErrBudget) || errors.Is(err, fsview.ErrLimit) {
		return "", false
	}
	return "", true
}

// gitDirectory reports whether dir is one git takes for a git directory
// by itself: HEAD, objects/ and refs/.
func (ev *evaluation) gitDirectory(dir string) bool {
	for _, n := range []string{"HEAD", "objects", "refs"} {
		if _, ok := ev.lstat(path.Join(dir, n)); !ok {
			return false
		}
	}
	return true
}
