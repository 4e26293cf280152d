package policy

import (
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Archives on disk, by what they hold rather than by who extracts them
// (red-team round 23 (c), #3: an archive made in an earlier, allowed call
// and extracted by a program the analysis did not read as an extractor
// replaced the policy through a ../ member, or made a nested .git).
//
//   - Every extraction the analysis models (extraction, nestedcopies.go)
//     of an archive on disk: a member whose name leaves the destination
//     (../x, /abs, C:\x) is a write of the file it names, the destination
//     joined with the member, judged by the path rules (the policy file:
//     deny), whichever the extractor. Some strip such names (GNU tar,
//     unzip), others write them (Python's tarfile CLI before 3.14, cpio
//     without --no-absolute-filenames); Mandate keeps no table of which. A
//     link member whose target leaves the destination asks: what is
//     written through it cannot be known.
//   - A program the analysis does not model (its arguments are candidate
//     writes, or it reads a file on its standard input) given a file that
//     is an archive by its content (a bounded header: tar, zip, and the
//     magic of 7z, rar, cpio, ar, xar, cab, squashfs, lzh, xz, zstd): the
//     archive is listed as for an extractor, its working directory taken
//     as the destination. A repository member inside the governed
//     repository asks, an escaping member is judged as the write of its
//     target and asks, a link out asks, and an archive that cannot be
//     listed asks: what it would extract cannot be known.
//
// Bounded as archivepeek.go is; a line with no extraction and no
// unmodelled program's file argument costs one pass over its writes.

// archiveRules applies the rules above to the line an.
func (ev *evaluation) archiveRules(an *shell.Analysis) {
	ev.unmodelledArchives(an)
	for _, w := range an.Writes {
		if !extraction(w) || w.Dynamic || w.Glob || strings.Contains(w.Why, "absolute member names") {
			continue
		}
		for _, a := range ev.extractedArchives(an, w) {
			if archiveWriter(an, a, w.Cmd) != "" {
				continue // made in the line: nestedExtracts asks
			}
			ev.escapingMembers(w.Cmd, w.Path, a, ev.peekArchive(a), false)
		}
	}
}

// archiveWriter returns the program that writes the archive a in the
// line, an unmodelled argument of the extractor itself aside (jar xf
// a.zip names a.zip as a candidate write of jar's).
func archiveWriter(an *shell.Analysis, a, extractor string) string {
	for _, w := range an.Writes {
		if w.Path == a && !(w.Candidate && w.Cmd == extractor) {
			return w.Cmd
		}
	}
	return ""
}

// escapingMembers judges the members of the archive a that leave dest.
// unmodelled: the program is not known to extract, so an escape asks
// even where its target may be written.
func (ev *evaluation) escapingMembers(cmd, dest, a string, pk archivePeek, unmodelled bool) {
	for _, m := range pk.escapes {
		if driveLetter(m) {
			ev.builtin(groupSelf, Ask, "archive-escape", a, fmt.Sprintf("%s extracts from %s the member %s, an absolute Windows name: where it lands cannot be known", cmd, ev.displayPath(a), m))
			continue
		}
		target := m
		if !path.IsAbs(m) {
			target = path.Join(dest, m)
		}
		ev.checkPath(target, opWrite)
	}
	if pk.escapesMore {
		// the members past the bound are not judged: where they land is
		// not known here
		ev.builtin(groupSelf, Ask, "archive-escape", a, fmt.Sprintf("%s extracts from %s more than %d members that leave the directory they are extracted into: where the rest land is not judged", cmd, ev.displayPath(a), maxEscapes))
	}
	if len(pk.escapes) > 0 && unmodelled {
		ev.builtin(groupSelf, Ask, "archive-escape", a, fmt.Sprintf("%s is given the archive %s, whose member %s leaves the directory it is extracted into", cmd, ev.displayPath(a), pk.escapes[0]))
	}
	if len(pk.linksOut) > 0 {
		ev.builtin(groupSelf, Ask, "archive-escape", a, fmt.Sprintf("%s extracts from %s the link %s, which points out of %s: what is written through it cannot be known", cmd, ev.displayPath(a), pk.linksOut[0], ev.displayPath(dest)))
	}
}

// unmodelledArchives judges the archives given to programs the analysis
// does not model.
func (ev *evaluation) unmodelledArchives(an *shell.Analysis) {
	var seen map[string]bool
	judge := func(cmd, p string) {
		if seen[p] {
			return
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[p] = true
		info, ok := ev.stat(p)
		if !ok || !info.Mode.IsRegular() {
			return
		}
		pk := ev.peekArchive(p)
		if !pk.archive {
			return
		}
		cwd := ev.cwd
		for i := range an.Commands {
			if an.Commands[i].Name == cmd && an.Commands[i].Cwd != "" {
				cwd = an.Commands[i].Cwd
				break
			}
		}
		switch {
		case pk.why != "":
			ev.builtin(groupSelf, Ask, "archive-unknown", p, fmt.Sprintf("%s, a program Mandate does not model, is given the archive %s, which cannot be listed (%s): what it may extract, and where, cannot be known", cmd, ev.displayPath(p), pk.why))
			return
		case pk.member != "" && ev.p.path != "" && newTarget(cwd, ev.root, ev.home).inRepo:
			ev.builtin(groupSelf, Ask, "nested-repository", p, fmt.Sprintf("%s, a program Mandate does not model, is given the archive %s, which holds the repository %s: extracted in %s it makes a repository of its own inside the governed one", cmd, ev.displayPath(p), pk.member, ev.displayPath(cwd)))
		}
		ev.escapingMembers(cmd, cwd, p, pk, true)
	}
	for _, w := range an.Writes {
		if w.Candidate && !w.Dynamic && !w.Glob {
			judge(w.Cmd, w.Path)
		}
	}
	for _, r := range an.Reads {
		if r.Why != "redirect <" || r.Dynamic || r.Glob {
			continue
		}
		for i := range an.Commands {
			if c := &an.Commands[i]; c.Name == r.Cmd && c.Unlisted {
				judge(r.Cmd, r.Path)
				break
			}
		}
	}
}
