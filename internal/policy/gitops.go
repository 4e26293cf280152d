package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/mandate-dev/mandate/internal/shell"
)

// Git operations that rewrite the work tree from objects (checkout,
// switch, restore, checkout-index, read-tree -u, reset --hard|--merge|
// --keep, stash, merge, cherry-pick, revert, rebase, am, pull, clean) are
// decided by what they may overwrite. The content they write comes from
// objects an agent can forge without touching a protected file (git
// apply --cached, update-index, a fetched branch), so the path rules
// alone cannot see it. Through Options.Git Mandate asks the repository,
// with read-only plumbing, which protected files inside it the operation
// could change: the blob a revision or the index holds for each protected
// path, compared with the file on disk (its git blob id computed here,
// never through git's filters), and the paths the commits being applied
// change. A protected file would change: deny. None would: the normal
// rules apply. Mandate cannot tell (a revision not known statically, a
// query that fails or times out, no git query available, filters that
// rewrite content on checkout): ask, deny at read_only.

// wtOp is one way an operation rewrites the work tree.
type wtOp struct {
	kind  wtKind
	rev   string   // the revision written, switched to or applied
	rev2  string   // a second revision (a range's start, rebase's onto)
	specs []string // pathspecs, relative to the command's directory; nil: everything
	// force: local changes are overwritten (compare with disk); otherwise
	// only paths that differ between HEAD and rev change.
	force bool
	// prune: index entries missing from rev are deleted (reset --hard,
	// restore, stash).
	prune  bool
	prefix string // checkout-index --prefix
	base   string // rebase: the branch being rebased
	// untracked, ignored: untracked (and ignored) files are removed
	// (clean, stash -u, stash -a).
	untracked, ignored bool
	// maybe: rev is only one reading of an ambiguous word (git checkout
	// X, where X may be a path): a word that names no commit is not this.
	maybe bool
	// dwim: a branch name missing locally is taken from origin, as git
	// checkout and switch do.
	dwim bool
	// cone: wtSparse's specs are directories (cone mode), not patterns.
	cone bool
	why  string // wtUnknown: why Mandate cannot tell
}

type wtKind int

const (
	wtSwitch          wtKind = iota + 1 // checkout REV, switch, reset --merge/--keep, read-tree -m -u A B
	wtForce                             // reset --hard, checkout -f, checkout REV -- P, restore --source
	wtIndex                             // checkout -- P, restore P, checkout-index
	wtMerge                             // merge REV: the changes since the merge base
	wtCommits                           // cherry-pick, revert: the changes of the commits
	wtRebase                            // rebase: the changes the new base brings
	wtStashApply                        // stash pop/apply: the stash's changes, untracked part included
	wtRemoveUntracked                   // clean, stash -u
	wtOrphan                            // switch --orphan: every tracked file removed
	wtSparse                            // sparse-checkout set: tracked files outside the patterns removed
	wtIndexSet                          // read-tree without -u: the index takes trees (gitindex_ops.go)
	wtKeepIndex                         // stash --keep-index: the index checked out (gitindex_ops.go)
	wtIndexDrop                         // rm [--cached]: index entries matched by pathspecs removed (gitindex_paths.go)
	wtIndexReset                        // reset [REV] [PATHS], restore --staged: matched entries take rev's (gitindex_paths.go)
	wtUnknown
)

// gitRewrite applies the work-tree rule to one git command.
func (ev *evaluation) gitRewrite(g *gitCall) {
	ops := wtOps(g)
	if len(ops) == 0 {
		return
	}
	if g.icase {
		ops = icaseSpecs(ops) // gitindex_paths.go
	}
	if g.dir != "" {
		// This rule judges what the operation does to protected files,
		// file by file or as "cannot tell"; the analysis's coarse write of
		// the work tree for the same command is judged by the other rules
		// only (see rewriteCovered).
		ev.gitRewrites = append(ev.gitRewrites, gitRewriteRef{dir: g.dir, why: "git " + g.sub})
	}
	c := g.c
	for _, op := range ops {
		if op.kind == wtUnknown {
			ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q rewrites files from git objects and Mandate cannot tell which: %s", c.Line, op.why))
			return
		}
	}
	switch {
	case g.elsewhere != "":
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q rewrites files of a repository named by %s, which Mandate does not examine", c.Line, g.elsewhere))
		return
	case ev.lineChangesGit() != "":
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q rewrites files from git objects, and %s", c.Line, ev.lineChangesGit()))
		return
	case g.noReplace:
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q reads objects without replacements, unlike Mandate's queries", c.Line))
		return
	case g.dir == "":
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q runs in a directory not known before the line runs", c.Line))
		return
	}
	// An index-only operation on literal paths that are not and hold no
	// protected file changes no protected entry, whatever came earlier
	// in the line (a work-tree rewrite of them may write what an earlier
	// command forged: that asks below).
	ops = slices.DeleteFunc(ops, func(op wtOp) bool {
		return (op.kind == wtIndexDrop || op.kind == wtIndexReset) && ev.specsHarmless(op, g.dir)
	})
	if len(ops) == 0 {
		return
	}
	if why := ev.earlierGitChange(g); why != "" {
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q rewrites files from git objects, and %s", c.Line, why))
		// What it writes or removes by the repository as it is now is
		// still judged by the path rules: a deny there stands.
		if r, err := ev.openRepo(g.dir); err == nil && r != nil {
			for _, op := range ops {
				ev.rewritePaths(r, op, g.dir, c.Line)
			}
		}
		return
	}
	for k := range g.config {
		if strings.HasPrefix(k, "filter.") || k == "core.attributesfile" || strings.HasPrefix(k, "include") {
			ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q sets %s, which changes what a checkout writes", c.Line, k))
			return
		}
	}
	ops = slices.DeleteFunc(ops, func(op wtOp) bool { return ev.specsHarmless(op, g.dir) })
	if len(ops) == 0 {
		return
	}
	r, err := ev.openRepo(g.dir)
	if err != nil {
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q rewrites files from git objects and Mandate cannot tell which: %v", c.Line, err))
		return
	}
	if r == nil {
		return // not a repository: git fails and changes nothing
	}
	if why, err := ev.filtersMayApply(r); err != nil {
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q: Mandate cannot read git's filters: %v", c.Line, err))
		return
	} else if why != "" {
		ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q: %s, so what it writes is not what the objects hold", c.Line, why))
		return
	}
	for _, op := range ops {
		changed, err := r.changes(op, g.dir)
		if err != nil {
			ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q rewrites files from git objects and Mandate cannot tell which: %v", c.Line, err))
			return
		}
		if len(changed) > 0 {
			ev.deny(groupSelf, "git-rewrite", c.Line, fmt.Sprintf("%q would change %s, which agents may never change", c.Line, strings.Join(changed, "; ")))
			return
		}
	}
	for _, op := range ops {
		ok, err := ev.rewritePaths(r, op, g.dir, c.Line)
		switch {
		case err != nil:
			ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q: Mandate cannot list the files it writes or removes: %v", c.Line, err))
			return
		case !ok:
			ev.cannotTell("git-rewrite", c, fmt.Sprintf("%q writes or removes more than %d files, more than Mandate checks one by one", c.Line, maxRewritePaths))
			return
		}
	}
}

// specsHarmless reports whether op is limited to paths that cannot be or
// hold a protected file, whatever the objects say: each pathspec is a
// literal path that is not protected, holds no protected file Mandate
// knows by name, and is a regular file on disk or absent (a directory
// could hold hook configurations at any depth). Such an operation is left
// to the normal rules without asking git.
func (ev *evaluation) specsHarmless(op wtOp, dir string) bool {
	if len(op.specs) == 0 || op.prefix != "" || dir == "" || op.kind == wtRemoveUntracked || op.kind == wtSparse {
		// Sparse patterns name what stays, not what is written: every
		// file they leave out goes.
		return false
	}
	for _, s := range op.specs {
		if s == "" || strings.HasPrefix(s, ":") || strings.ContainsAny(s, "*?[\\") || !staticWord(s) {
			return false
		}
		abs := path.Join(dir, s)
		if path.IsAbs(s) {
			abs = path.Clean(s)
		}
		if ev.protectedAt(abs) != "" {
			return false
		}
		for _, f := range ev.protectedFiles() {
			if _, below := under(f.path, abs); below {
				return false
			}
		}
		for _, pr := range ev.p.opt.Protected {
			if _, below := under(pr.Path, abs); below {
				return false
			}
		}
		info, err := ev.fsys().Lstat(abs)
		switch {
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		case err != nil || !info.Mode.IsRegular():
			return false
		}
	}
	return true
}

// revOK reports whether a revision word can be asked about: known
// statically, not an option.
func revOK(s string) bool {
	return s != "" && staticWord(s) && !strings.HasPrefix(s, "-")
}

// wtOps reads how g rewrites the work tree; nil when it does not.
func wtOps(g *gitCall) []wtOp {
	args := g.args
	unknown := func(why string) []wtOp { return []wtOp{{kind: wtUnknown, why: why}} }
	rev := func(r string, op wtOp) []wtOp {
		if !revOK(r) {
			return unknown(fmt.Sprintf("the revision %q is not known before the line runs", r))
		}
		op.rev = r
		return []wtOp{op}
	}
	specsOK := func(specs []string) bool {
		for _, s := range specs {
			if dynamicWord(s) {
				return false
			}
		}
		return true
	}
	switch g.sub {
	case "checkout":
		opts, pos, dd := gitArgs(args, optSet{shortVal: "bBU", longVal: []string{"orphan", "conflict", "pathspec-from-file", "track", "inter-hunk-context"}})
		if hasOpt(opts, "--pathspec-from-file", "-p", "--patch") {
			return unknown("the paths come from a file or an interactive session")
		}
		force := hasOpt(opts, "-f", "--force")
		if hasOpt(opts, "--orphan") {
			return nil // keeps the work tree
		}
		if len(pos) > 0 && pos[0] == "-" && (dd < 0 || dd > 0) {
			pos[0] = "@{-1}" // git checkout -: the previous branch
		}
		var before, paths []string
		if dd >= 0 {
			before, paths = pos[:dd], pos[dd:]
		} else if len(pos) > 0 {
			// Without --: the first word is a revision if it names one, else
			// every word is a path. Mandate checks both readings.
			var out []wtOp
			if revOK(pos[0]) {
				out = append(out, wtOp{kind: wtSwitch, rev: pos[0], force: force, maybe: true, dwim: true})
				if len(pos) > 1 {
					out[0] = wtOp{kind: wtForce, rev: pos[0], specs: pos[1:], force: true, maybe: true}
				}
			} else {
				return unknown(fmt.Sprintf("%q is not known before the line runs", pos[0]))
			}
			if !specsOK(pos) {
				return unknown("a path is not known before the line runs")
			}
			return append(out, wtOp{kind: wtIndex, specs: pos, force: true})
		}
		if !specsOK(paths) {
			return unknown("a path is not known before the line runs")
		}
		switch {
		case len(before) > 0 && len(paths) > 0:
			return rev(before[0], wtOp{kind: wtForce, specs: paths, force: true})
		case len(before) > 0:
			return rev(before[0], wtOp{kind: wtSwitch, force: force, dwim: true})
		case len(paths) > 0:
			return []wtOp{{kind: wtIndex, specs: paths, force: true}}
		case force:
			return []wtOp{{kind: wtForce, rev: "HEAD", force: true}}
		}
		// checkout -b NEW [START], -B, --detach: the start point.
		for _, o := range opts {
			if o.name == "--detach" && len(pos) == 0 {
				return nil
			}
		}
		return nil
	case "switch":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "cC", longVal: []string{"create", "force-create", "orphan", "conflict", "track"}})
		force := hasOpt(opts, "-f", "--force", "--discard-changes")
		if hasOpt(opts, "--orphan") {
			return []wtOp{{kind: wtOrphan}}
		}
		if len(pos) == 0 {
			return nil // a new branch at HEAD, or --detach HEAD
		}
		target := pos[0] // the branch, or with -c/-C NEW the start point
		if target == "-" {
			target = "@{-1}"
		}
		return rev(target, wtOp{kind: wtSwitch, force: force, dwim: true})
	case "restore":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "s", longVal: []string{"source", "conflict", "pathspec-from-file", "inter-hunk-context"}})
		if hasOpt(opts, "--pathspec-from-file", "-p", "--patch") {
			return unknown("the paths come from a file or an interactive session")
		}
		staged, worktree := hasOpt(opts, "-S", "--staged"), hasOpt(opts, "-W", "--worktree")
		if staged && !worktree {
			return restoreIndexOps(opts, pos) // the index only (gitindex_paths.go)
		}
		if !specsOK(pos) {
			return unknown("a path is not known before the line runs")
		}
		if src := optVals(opts, "-s", "--source"); len(src) > 0 {
			return rev(src[len(src)-1], wtOp{kind: wtForce, specs: pos, force: true, prune: true})
		}
		if staged {
			return []wtOp{{kind: wtForce, rev: "HEAD", specs: pos, force: true, prune: true}}
		}
		return []wtOp{{kind: wtIndex, specs: pos, force: true}}
	case "checkout-index":
		opts, pos, _ := gitArgs(args, optSet{longVal: []string{"prefix", "stage"}})
		if hasOpt(opts, "--stdin") {
			return unknown("the paths come from its input")
		}
		prefix := ""
		if p := optVals(opts, "--prefix"); len(p) > 0 {
			prefix = p[len(p)-1]
		}
		if dynamicWord(prefix) || !specsOK(pos) {
			return unknown("its prefix or a path is not known before the line runs")
		}
		if !hasOpt(opts, "-a", "--all") && len(pos) == 0 {
			return nil
		}
		specs := pos
		if hasOpt(opts, "-a", "--all") {
			specs = nil
		}
		return []wtOp{{kind: wtIndex, specs: specs, force: hasOpt(opts, "-f", "--force"), prefix: prefix}}
	case "read-tree":
		opts, pos, _ := gitArgs(args, optSet{longVal: []string{"prefix", "exclude-per-directory", "index-output"}})
		if !hasOpt(opts, "-u") {
			return readTreeIndexOps(opts, pos) // gitindex_ops.go
		}
		if len(pos) == 0 {
			return nil
		}
		if len(optVals(opts, "--prefix")) > 0 {
			return unknown("read-tree --prefix -u writes trees under another directory")
		}
		var out []wtOp
		for _, t := range pos {
			if !revOK(t) {
				return unknown(fmt.Sprintf("the tree %q is not known before the line runs", t))
			}
			out = append(out, wtOp{kind: wtForce, rev: t, force: true, prune: hasOpt(opts, "--reset")})
		}
		return out
	case "reset":
		opts, pos, dd := gitArgs(args, optSet{longVal: []string{"pathspec-from-file"}})
		var mode string
		for _, m := range []string{"--hard", "--merge", "--keep"} {
			if hasOpt(opts, m) {
				mode = m
			}
		}
		if mode == "" {
			return resetIndexOps(opts, pos, dd) // --soft, --mixed, paths: the index only (gitindex_paths.go)
		}
		target := "HEAD"
		if dd != 0 && len(pos) > 0 {
			target = pos[0]
		}
		if mode == "--hard" {
			return rev(target, wtOp{kind: wtForce, force: true, prune: true})
		}
		return rev(target, wtOp{kind: wtSwitch})
	case "stash":
		sub := "push"
		rest := args
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			sub, rest = args[0], args[1:]
		}
		switch sub {
		case "push", "save":
			opts, pos, _ := gitArgs(rest, optSet{shortVal: "m", longVal: []string{"message", "pathspec-from-file"}})
			if hasOpt(opts, "--pathspec-from-file", "-p", "--patch") {
				return unknown("the paths come from a file or an interactive session")
			}
			if sub == "save" {
				pos = nil // save takes a message, not paths
			}
			if !specsOK(pos) {
				return unknown("a path is not known before the line runs")
			}
			if hasOpt(opts, "-S", "--staged") {
				return []wtOp{{kind: wtForce, rev: "HEAD", specs: pos, force: false}}
			}
			out := []wtOp{{kind: wtForce, rev: "HEAD", specs: pos, force: true, prune: true}}
			if hasOpt(opts, "-k", "--keep-index") && !hasOpt(opts, "--no-keep-index") {
				// then the index is checked out over the work tree
				out = append(out, wtOp{kind: wtKeepIndex, specs: pos})
			}
			all := hasOpt(opts, "-a", "--all")
			if all || hasOpt(opts, "-u", "--include-untracked") {
				out = append(out, wtOp{kind: wtRemoveUntracked, specs: pos, untracked: true, ignored: all})
			}
			return out
		case "pop", "apply":
			_, pos, _ := gitArgs(rest, optSet{})
			s := "stash@{0}"
			if len(pos) > 0 {
				s = pos[0]
				if isDigits(s) {
					s = "stash@{" + s + "}"
				}
			}
			return rev(s, wtOp{kind: wtStashApply})
		case "branch":
			_, pos, _ := gitArgs(rest, optSet{})
			s := "stash@{0}"
			if len(pos) > 1 {
				s = pos[1]
			}
			if !revOK(s) {
				return unknown(fmt.Sprintf("the stash %q is not known before the line runs", s))
			}
			return []wtOp{{kind: wtSwitch, rev: s + "^1"}, {kind: wtStashApply, rev: s}}
		}
		return nil
	case "merge":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "msXSF", longVal: []string{"message", "strategy", "strategy-option", "gpg-sign", "file", "into-name", "cleanup", "log"}})
		switch {
		case hasOpt(opts, "--abort"):
			return []wtOp{{kind: wtForce, rev: "HEAD", force: true, prune: true}}
		case hasOpt(opts, "--continue", "--quit"):
			return nil
		case len(pos) == 0:
			return unknown("git merge without a revision merges the upstream branch")
		}
		var out []wtOp
		for _, r := range pos {
			o := rev(r, wtOp{kind: wtMerge})
			if o[0].kind == wtUnknown {
				return o
			}
			out = append(out, o...)
		}
		return out
	case "cherry-pick", "revert":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "mXS", longVal: []string{"mainline", "strategy", "strategy-option", "gpg-sign", "cleanup"}})
		switch {
		case hasOpt(opts, "--abort", "--continue", "--skip"):
			return unknown(g.sub + " " + opts[0].name + " continues or undoes a sequence Mandate cannot see")
		case hasOpt(opts, "--quit"):
			return nil
		case hasOpt(opts, "--stdin"):
			return unknown("the commits come from its input")
		}
		var out []wtOp
		for _, r := range pos {
			if a, b, ok := strings.Cut(r, ".."); ok {
				b = strings.TrimPrefix(b, ".")
				if a == "" {
					a = "HEAD"
				}
				if b == "" {
					b = "HEAD"
				}
				if !revOK(a) || !revOK(b) {
					return unknown(fmt.Sprintf("the range %q is not known before the line runs", r))
				}
				out = append(out, wtOp{kind: wtMerge, rev: b, rev2: a})
				continue
			}
			if strings.HasPrefix(r, "^") {
				return unknown(fmt.Sprintf("the commit set %q", r))
			}
			o := rev(r, wtOp{kind: wtCommits})
			if o[0].kind == wtUnknown {
				return o
			}
			out = append(out, o...)
		}
		return out
	case "rebase":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "sXxSC", longVal: []string{"onto", "strategy", "strategy-option", "exec", "gpg-sign", "whitespace", "empty", "rebase-merges", "trailer"}})
		switch {
		case hasOpt(opts, "--abort"):
			return []wtOp{{kind: wtForce, rev: "ORIG_HEAD", force: true, prune: true}}
		case hasOpt(opts, "--quit", "--show-current-patch"):
			return nil
		case hasOpt(opts, "--continue", "--skip", "--edit-todo"):
			return unknown("it continues a rebase whose remaining steps Mandate cannot see")
		case hasOpt(opts, "-i", "--interactive", "-x", "--exec", "--root", "-r", "--rebase-merges"):
			return unknown("an interactive, --exec, --root or --rebase-merges rebase can replay anything")
		}
		up := "@{upstream}"
		if len(pos) > 0 {
			up = pos[0]
		}
		onto := up
		if o := optVals(opts, "--onto"); len(o) > 0 {
			onto = o[len(o)-1]
		}
		if !revOK(up) || !revOK(onto) {
			return unknown("its upstream or new base is not known before the line runs")
		}
		var out []wtOp
		base := "HEAD"
		if len(pos) > 1 {
			o := rev(pos[1], wtOp{kind: wtSwitch})
			if o[0].kind == wtUnknown {
				return o
			}
			out = append(out, o...)
			base = pos[1]
		}
		return append(out, wtOp{kind: wtRebase, rev: onto, rev2: up, base: base})
	case "am":
		for _, a := range args {
			switch a {
			case "--abort":
				return []wtOp{{kind: wtForce, rev: "HEAD", force: true, prune: true}}
			case "--quit", "--show-current-patch":
				return nil
			}
		}
		return unknown("the files git am changes are named inside the patches")
	case "pull":
		return unknown("git pull merges or rebases what it fetches, which Mandate cannot see without the network")
	case "clean":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "e", longVal: []string{"exclude"}})
		if hasOpt(opts, "-n", "--dry-run") || !(hasOpt(opts, "-f", "--force") || hasOpt(opts, "-i", "--interactive")) {
			return nil // git clean refuses without -f (clean.requireForce)
		}
		if !specsOK(pos) {
			return unknown("a path is not known before the line runs")
		}
		onlyIgnored := hasOpt(opts, "-X")
		return []wtOp{{kind: wtRemoveUntracked, specs: pos, untracked: !onlyIgnored, ignored: hasOpt(opts, "-x") || onlyIgnored}}
	case "sparse-checkout":
		return sparseOps(args) // gitsparse.go
	case "rm":
		return rmIndexOps(args) // gitindex_paths.go
	case "apply":
		opts, _, _ := gitArgs(args, optSet{shortVal: "pC", longVal: []string{"directory", "exclude", "include", "whitespace", "build-fake-ancestor"}})
		if hasOpt(opts, "--cached") && !hasOpt(opts, "--index", "--check", "--stat", "--numstat", "--summary") {
			// (--index writes the work tree too, which the analysis reports.)
			return unknown("the index entries git apply --cached changes are named inside the patch")
		}
	case "bisect":
		if len(args) > 0 {
			switch args[0] {
			case "log", "visualize", "view", "terms", "help":
				return nil
			}
		}
		return unknown("bisect checks out commits Mandate cannot foresee")
	}
	return nil
}

// gitArgs parses a git subcommand's arguments: options, operands, and the
// index in operands where "--" was (-1 when absent).
func gitArgs(args []string, set optSet) (opts []parsedOpt, pos []string, dd int) {
	dd = -1
	for i, a := range args {
		if a == "--" {
			o, p := parseOpts(args[:i], set)
			return o, append(p, args[i+1:]...), len(p)
		}
	}
	o, p := parseOpts(args, set)
	return o, p, dd
}

// gitForge denies plumbing that writes objects, the index or refs when an
// argument names a protected path: such content would be checked out
// over the protected file later (that checkout is judged too).
func (ev *evaluation) gitForge(g *gitCall) {
	switch g.sub {
	case "hash-object":
		if !slicesContains(g.args, "-w") {
			return
		}
	case "update-index", "mktree", "commit-tree", "update-ref", "symbolic-ref":
	default:
		return
	}
	for _, a := range g.args {
		if v, ok := strings.CutPrefix(a, "--path="); ok {
			a = v
		}
		for _, piece := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == '\t' || r == ':' }) {
			if piece == "" || piece == "." || piece == ".." || strings.HasPrefix(piece, "-") || !staticWord(piece) {
				continue
			}
			for _, base := range []string{g.dir, ev.root} {
				if base == "" {
					continue
				}
				abs := path.Join(base, piece)
				if path.IsAbs(piece) {
					abs = path.Clean(piece)
				}
				why := ev.protectedAt(abs)
				if why == "" {
					why = ev.nestedGit(newTarget(abs, ev.root, ev.home), opWrite)
				}
				if why != "" {
					ev.deny(groupSelf, "git-forge", g.c.Line, fmt.Sprintf("%q writes git objects, index entries or refs for %s (%s), which agents may never change", g.c.Line, piece, why))
					return
				}
			}
		}
	}
	ev.gitForgeInput(g)
}

// gitForgeInput: plumbing that reads the paths it forges from its input
// (mktree, update-index --index-info or --stdin, hash-object
// --stdin-paths) names a protected path when the line hands it one in a
// literal (printf '…\tagent-policy.yaml' | git mktree): denied; input
// Mandate cannot see asks, deny at read_only.
func (ev *evaluation) gitForgeInput(g *gitCall) {
	switch {
	case g.sub == "mktree":
	case g.sub == "update-index" && (slicesContains(g.args, "--index-info") || slicesContains(g.args, "--stdin")):
	case g.sub == "hash-object" && slicesContains(g.args, "--stdin-paths") && slicesContains(g.args, "-w"):
	default:
		return
	}
	if len(ev.analyses) > 0 {
		an := ev.analyses[len(ev.analyses)-1]
		for i := range an.Commands {
			c := &an.Commands[i]
			if c == g.c {
				continue
			}
			for _, a := range c.Args {
				a = strings.NewReplacer(`\t`, "\t", `\n`, "\n", `\0`, "\n").Replace(a)
				for _, piece := range strings.FieldsFunc(a, func(r rune) bool { return r == '\t' || r == '\n' || r == ' ' || r == '\x00' }) {
					if piece == "" || strings.HasPrefix(piece, "-") || !staticWord(piece) {
						continue
					}
					for _, base := range []string{g.dir, ev.root} {
						if base == "" {
							continue
						}
						abs := path.Join(base, piece)
						if path.IsAbs(piece) {
							abs = path.Clean(piece)
						}
						why := ev.protectedAt(abs)
						if why == "" {
							why = ev.nestedGit(newTarget(abs, ev.root, ev.home), opWrite)
						}
						if why != "" {
							ev.deny(groupSelf, "git-forge", g.c.Line, fmt.Sprintf("%q forges git objects or index entries from input that names %s (%s), which agents may never change", g.c.Line, piece, why))
							return
						}
					}
				}
			}
		}
	}
	ev.cannotTell("git-forge", g.c, fmt.Sprintf("%q forges git objects or index entries for paths read from its input, which Mandate cannot see", g.c.Line))
}

// gitRewriteRef is a git command whose work-tree rewrite gitRewrite judged.
type gitRewriteRef struct {
	dir string // the command's working directory
	why string // "git checkout", as the analysis says why it writes
}

// rewriteCovered reports whether w is the analysis's write, for a git
// command gitRewrite judged, of a path in that command's work tree: the
// whole tree (git reset --hard, checkout-index -a) or paths it names
// (checkout -- P). gitRewrite decides by what git would write whether a
// protected file changes, so the coarse self-protection reason ("a
// directory holding the policy") does not stand in for it; allow_paths,
// block_paths and approvals still judge the write as the command can do
// it (the "the normal rules apply"), not only as the work tree
// stands now: a "git checkout -- ." that would change nothing today is
// still a write of the whole tree.
func (ev *evaluation) rewriteCovered(w shell.PathRef) bool {
	if w.Cmd != "git" || w.Candidate || w.Glob {
		return false
	}
	for _, r := range ev.gitRewrites {
		if w.Why != r.why && !strings.HasPrefix(w.Why, r.why+" ") {
			continue
		}
		if _, in := under(path.Clean(w.Path), r.dir); in || path.Clean(w.Path) == r.dir {
			return true
		}
	}
	return false
}
