package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/shell"
)

// History reads. git log -p, git show, git diff, git format-patch, git
// archive, git bundle create, git grep REV, git stash show -p (and the
// plumbing diff-tree -p, diff-index -p, diff-files -p) print the content
// of the tracked files they touch, which can include blocked paths: a
// committed .env, a .github/ workflow, a credential store kept in the
// repository. The analysis reports the paths such a command names; what
// it prints besides depends on the repository, so Mandate asks git
// (Options.Git, read-only plumbing) which files the output holds:
//
//   - the patches of commits (log -p, show, format-patch, whatchanged -p,
//     reflog -p): the paths each commit changes (diff-tree), or for a long
//     history every path its objects carry (rev-list --objects) and the
//     paths that differ between a range's ends;
//   - a tree (archive, grep REV): the files it holds (ls-tree);
//   - every object (bundle create): every path the history carries;
//   - the work tree or the index against the index or a revision (diff,
//     diff --cached, diff REV): the blocked paths whose content differs,
//     compared by blob id computed from the bytes on disk, never through
//     git's filters (ls-files -s, ls-tree);
//   - two trees (diff A B, A..B, A...B): the paths that differ.
//
// The paths are judged by the read rules as paths of the repository (the
// content comes from git's objects: no symlink is followed). Pathspecs
// and exclude pathspecs limit them as git does, unless --full-diff or
// --follow makes the output reach beyond them. A blocked path among them
// denies; when git cannot tell (no git query, a failing or slow query, a
// revision not known statically, a line that changes git's environment,
// an object printed whose path is unknown) the command asks.

type histKind int

const (
	hCommits   histKind = iota + 1 // the patches of the commits revs select
	hShow                          // git show: each revision on its own
	hObjects                       // every object revs reach (bundle create)
	hTree                          // the files of a tree (archive, grep REV)
	hWorktree                      // the work tree against the index
	hIndex                         // the index against a revision
	hWorkRev                       // the work tree against a revision
	hTrees                         // two trees
	hStash                         // a stash's changes
	hPairs                         // several trees, each against the first
	hBlobPaths                     // REV:PATH with a revision not known statically: the paths
	hAny                           // any object of the repository (historymore.go)
	hUnknown
)

// histRead is what one git command prints from history.
type histRead struct {
	kind histKind
	// revs are revision arguments as rev-list takes them (A, ^A, A..B,
	// A...B, --all, …); hTrees has exactly two, hTree, hIndex, hWorkRev
	// and hStash one.
	revs  []string
	limit int      // hCommits: the first limit commits only (0: all)
	specs []string // pathspecs, relative to the command's directory
	// whole: pathspecs select commits but not what their patches show
	// (--full-diff, --follow).
	whole bool
	why   string // hUnknown
}

// Options of the commands that print history.
var (
	// histLongVal are long options that take their value as the next word.
	histLongVal = []string{"max-count", "skip", "since", "after", "until", "before", "author", "committer", "grep",
		"min-parents", "max-parents", "output", "diff-filter", "find-object", "word-diff-regex", "src-prefix",
		"dst-prefix", "line-prefix", "orderfile", "rotate-to", "skip-to", "ws-error-highlight", "inter-hunk-context",
		"anchored", "grep-reflog", "since-as-filter", "exclude", "stat-width", "stat-name-width", "stat-graph-width",
		"stat-count", "output-indicator-new", "output-indicator-old", "output-indicator-context"}
	// patchOpts make a command print patches.
	patchOpts = []string{"-p", "-u", "--patch", "--patch-with-stat", "--patch-with-raw", "-c", "--cc", "--dd",
		"--word-diff", "--color-words", "--binary", "-W", "--function-context", "--check", "-U", "--unified", "-L"}
	// summaryOpts print names or counts instead of patches.
	summaryOpts = []string{"--stat", "--numstat", "--shortstat", "--name-only", "--name-status", "--raw", "--summary",
		"--dirstat", "--dirstat-by-file", "--compact-summary", "--cumulative", "-s", "--no-patch", "--quiet"}
	// filterOpts select commits other than the first N of the walk.
	filterOpts = []string{"--author", "--committer", "--grep", "--since", "--after", "--until", "--before", "-S", "-G",
		"--min-parents", "--max-parents", "--merges", "--no-merges", "--skip", "--first-parent", "--diff-filter",
		"--find-object", "-L", "--grep-reflog", "--all-match", "--invert-grep", "--cherry-pick", "--left-only",
		"--right-only", "--cherry-mark", "--cherry", "--simplify-by-decoration", "--ancestry-path", "--since-as-filter",
		"--max-age", "--min-age", "--reverse", "--bisect", "--exclude", "--follow"}
	// refOpts add refs to the walk; rev-list takes the bare forms.
	refOpts = &lazy.Value[map[string]string]{New: func() map[string]string {
		return map[string]string{"--all": "--all", "--branches": "--branches", "--tags": "--tags", "--remotes": "--remotes",
			"--glob": "--all", "--reflog": "--reflog", "-g": "--reflog", "--walk-reflogs": "--reflog", "--alternate-refs": "--all"}
	}}
	logSet = optSet{shortVal: "nSGLO", longVal: histLongVal}
)

// gitHistoryReads judges what one git command prints from history.
func (ev *evaluation) gitHistoryReads(c *shell.Command) {
	g, ok := parseGit(c)
	if !ok || g.sub == "" {
		return
	}
	reads := historyReads(&g)
	if len(reads) == 0 {
		return
	}
	for _, h := range reads {
		if h.kind == hBlobPaths {
			// git show $(…):.env prints .env of some revision: the path is
			// known even though the revision is not.
			for _, p := range h.specs {
				base := ev.root
				if strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
					base = g.dir
				}
				if base != "" {
					ev.checkRef(path.Join(base, p), opRead, pathFlags{resolved: true, object: true, via: "printed by " + oneLine(c.Line, 80)})
				}
			}
		}
	}
	for _, h := range reads {
		if h.kind == hUnknown {
			ev.historyUnknown(c, h.why)
			return
		}
	}
	switch {
	case g.elsewhere != "":
		ev.historyUnknown(c, "it reads a repository named by "+g.elsewhere)
		return
	case g.noReplace:
		ev.historyUnknown(c, "it reads objects without replacements, unlike Mandate's queries")
		return
	case g.dir == "":
		ev.historyUnknown(c, "it runs in a directory not known before the line runs")
		return
	}
	if why := ev.lineChangesGit(); why != "" {
		ev.historyUnknown(c, why)
		return
	}
	if ev.p.opt.Git == nil {
		ev.historyUnknown(c, "no git query is available to see which files it prints")
		return
	}
	subst, changed := ev.lineRefs(&g) // historyworst.go
	for _, h := range reads {
		if h.kind == hAny && changed == "" {
			changed = h.why
		}
	}
	if changed != "" {
		ev.historyWorst(c, &g, reads, changed)
		return
	}
	for i := range reads {
		for j, w := range reads[i].revs {
			reads[i].revs[j] = substRev(w, subst)
		}
	}
	r, err := ev.openRepo(g.dir)
	if err != nil {
		ev.historyUnknown(c, err.Error())
		return
	}
	if r == nil {
		return // not in a work tree: git prints nothing of this repository
	}
	via := "printed by " + oneLine(c.Line, 80)
	start := len(ev.hits)
	for _, h := range reads {
		if err := r.resolveWords(&h, g.dir); err != nil {
			var u *errUnresolved
			if errors.As(err, &u) {
				ev.historyWorst(c, &g, reads, u.Error())
				return
			}
			ev.historyUnknown(c, err.Error())
			return
		}
		names, err := r.printed(h, g.dir)
		if err != nil {
			ev.historyUnknown(c, err.Error())
			return
		}
		sp := r.pathspecs(g.dir, h.specs, h.whole)
		for _, n := range names {
			if !sp.match(n) {
				continue
			}
			abs := path.Join(r.top, n)
			if !ev.readRuleHit(abs) {
				continue
			}
			ev.checkRef(abs, opRead, pathFlags{resolved: true, object: true, via: via})
			for _, hh := range ev.hits[start:] {
				if hh.f.Effect == Deny {
					return
				}
			}
		}
	}
}

func (ev *evaluation) historyUnknown(c *shell.Command, why string) {
	ev.builtin(groupAnalysis, Ask, "history-read", c.Line,
		fmt.Sprintf("%q prints files from git's history and Mandate cannot tell which: %s", c.Line, why))
}

// readRuleHit reports whether reading abs (as a path of the repository,
// no symlink followed) hits a read rule: block_paths, a credential store,
// Mandate's state directory or binaries, a process's environment.
func (ev *evaluation) readRuleHit(abs string) bool {
	t := newTarget(abs, ev.root, ev.home)
	if ev.buf = ev.p.idx.blockPaths.lookup(ev.p, t, ev.buf[:0], false); len(ev.buf) > 0 {
		return true
	}
	if ev.credentialStore(t, false) != "" || environ(t, false) {
		return true
	}
	for _, d := range ev.stateDirs() {
		if _, in := underFold(abs, d); in {
			return true
		}
	}
	for _, f := range ev.protectedFiles() {
		if f.kind == ProtectBinary && samePathFold(f.path, abs) {
			return true
		}
	}
	return false
}

// historyReads reads what g prints from history; nil when it prints none.
func historyReads(g *gitCall) []histRead {
	args := g.args
	unknown := func(why string) []histRead { return []histRead{{kind: hUnknown, why: why}} }
	switch g.sub {
	case "log", "whatchanged", "show", "reflog":
		if g.sub == "reflog" {
			if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
				if args[0] != "show" {
					return nil // expire, delete, exists, list
				}
				args = args[1:]
			}
			args = append([]string{"-g"}, args...)
		}
		opts, pos, dd := gitArgs(args, logSet)
		content := hasOpt(opts, patchOpts...) || hasLongPrefix(args, "-U")
		if g.sub == "show" && !content {
			content = !hasOpt(opts, summaryOpts...)
		}
		if !content {
			return nil
		}
		if hasOpt(opts, "--stdin") {
			return unknown("the revisions come from its input")
		}
		h := histRead{kind: hCommits, limit: commitLimit(args, opts)}
		if hasOpt(opts, filterOpts...) {
			h.limit = 0
		}
		h.whole = hasOpt(opts, "--full-diff", "--follow")
		for _, o := range opts {
			if r, ok := refOpts.Get()[o.name]; ok && !slicesContains(h.revs, r) {
				h.revs = append(h.revs, r)
			}
			if o.name == "-L" {
				// -L RANGE:FILE prints that file's lines.
				if i := strings.LastIndexByte(o.val, ':'); i >= 0 {
					h.specs = append(h.specs, o.val[i+1:])
				}
			}
		}
		var words []string
		if dd < 0 {
			words = pos
		} else {
			words, h.specs = pos[:dd], append(h.specs, pos[dd:]...)
		}
		var blobPaths []string
		for i := 0; i < len(words); i++ {
			w := words[i]
			if rev, p, ok := revPath(w); ok && !revOK(rev) {
				// REV:PATH with REV not known statically: PATH is.
				blobPaths = append(blobPaths, p)
				words = append(words[:i:i], words[i+1:]...)
				i--
				continue
			}
			if !revOK(w) {
				return unknown(fmt.Sprintf("%q is not known before the line runs", w))
			}
		}
		h.revs = append(h.revs, words...)
		if g.sub == "show" {
			h.kind = hShow
		}
		if len(blobPaths) > 0 {
			out := []histRead{{kind: hBlobPaths, specs: blobPaths}}
			if len(words) > 0 || len(h.revs) > 0 {
				out = append(out, h)
			}
			return out
		}
		if dd < 0 {
			// Without "--", a word that names no object is a path: the
			// repository decides (histRead.resolve).
			h.specs = append(h.specs, "\x00maybe")
		}
		return []histRead{h}
	case "format-patch":
		opts, pos, dd := gitArgs(args, optSet{shortVal: "ov", longVal: []string{"output-directory", "reroll-count",
			"start-number", "subject-prefix", "to", "cc", "in-reply-to", "suffix", "signature", "signature-file", "base",
			"interdiff", "range-diff", "creation-factor", "add-header", "output", "filename-max-length",
			"description-file", "cover-from-description", "max-count"}})
		h := histRead{kind: hCommits, limit: commitLimit(args, nil)}
		if v := optVals(opts, "--max-count"); len(v) > 0 {
			h.limit = atoiOr(v[len(v)-1], 0)
		}
		words := pos
		if dd >= 0 {
			words, h.specs = pos[:dd], pos[dd:]
		}
		for _, w := range words {
			if !revOK(w) {
				return unknown(fmt.Sprintf("%q is not known before the line runs", w))
			}
		}
		for _, o := range opts {
			if r, ok := refOpts.Get()[o.name]; ok {
				h.revs = append(h.revs, r)
			}
		}
		switch {
		case hasOpt(opts, "--stdin"):
			return unknown("the revisions come from its input")
		case h.limit > 0 || hasOpt(opts, "--root") || len(words) != 1 || strings.Contains(words[0], ".."):
			h.revs = append(h.revs, words...)
		default:
			h.revs = append(h.revs, words[0]+"..HEAD") // <since>: what HEAD has that it does not
		}
		if hasOpt(opts, filterOpts...) {
			h.limit = 0
		}
		return []histRead{h}
	case "diff", "diff-tree", "diff-index", "diff-files":
		opts, pos, dd := gitArgs(args, optSet{shortVal: "SGO", longVal: histLongVal})
		if hasOpt(opts, "--no-index") {
			return nil // paths on disk: the analysis reports them
		}
		content := hasOpt(opts, patchOpts...) || hasLongPrefix(args, "-U")
		if g.sub == "diff" && !content {
			content = !hasOpt(opts, summaryOpts...)
		}
		if !content {
			return nil
		}
		if hasOpt(opts, "--stdin") {
			return unknown("the objects come from its input")
		}
		if hasOpt(opts, "--merge-base") {
			return unknown("--merge-base compares with a base Mandate does not look up")
		}
		words, specs := pos, []string(nil)
		if dd >= 0 {
			words, specs = pos[:dd], pos[dd:]
		}
		for _, w := range words {
			if !revOK(w) {
				return unknown(fmt.Sprintf("%q is not known before the line runs", w))
			}
		}
		if dd < 0 {
			specs = append(specs, "\x00maybe")
		}
		cached := hasOpt(opts, "--cached", "--staged")
		h := histRead{specs: specs, revs: words}
		switch g.sub {
		case "diff-files":
			h.kind, h.revs = hWorktree, nil
		case "diff-index":
			h.kind = hWorkRev
			if cached {
				h.kind = hIndex
			}
		case "diff-tree":
			h.kind = hTrees
			if len(words) == 1 {
				h.kind = hShow
			}
		default:
			h.kind = hTrees // resolved with the repository: see histRead.resolveDiff
			if cached {
				h.kind = hIndex
			}
		}
		return []histRead{h}
	case "archive":
		opts, pos, _ := gitArgs(args, optSet{shortVal: "o", longVal: []string{"format", "output", "prefix", "remote",
			"exec", "add-file", "add-virtual-file", "mtime"}})
		if hasOpt(opts, "-l", "--list") {
			return nil
		}
		if hasOpt(opts, "--remote") {
			return unknown("it archives another repository")
		}
		if len(pos) == 0 {
			return nil
		}
		if !revOK(pos[0]) {
			return unknown(fmt.Sprintf("the tree %q is not known before the line runs", pos[0]))
		}
		return []histRead{{kind: hTree, revs: pos[:1], specs: pos[1:]}}
	case "bundle":
		if len(args) == 0 || args[0] != "create" {
			return nil
		}
		rest := args[1:]
		for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return nil
		}
		h := histRead{kind: hObjects}
		for _, a := range rest[1:] {
			switch {
			case a == "--stdin":
				return unknown("the revisions come from its input")
			case refOpts.Get()[a] != "":
				h.revs = append(h.revs, refOpts.Get()[a])
			case strings.HasPrefix(a, "-"):
				// --since, -n …: fewer objects, never more
			case !revOK(a):
				return unknown(fmt.Sprintf("%q is not known before the line runs", a))
			default:
				h.revs = append(h.revs, a)
			}
		}
		if len(h.revs) == 0 {
			return nil
		}
		return []histRead{h}
	case "grep":
		opts, pos, dd := gitArgs(args, optSet{shortVal: "efABCm", longVal: []string{"max-depth", "threads", "context",
			"after-context", "before-context", "max-count"}})
		if hasOpt(opts, "--cached", "--untracked", "--no-index") {
			return nil // the index or the disk: the analysis reports it
		}
		if !hasOpt(opts, "-e", "-f") && len(pos) > 0 && (dd < 0 || dd > 0) {
			pos = pos[1:] // the pattern
			if dd > 0 {
				dd--
			}
		}
		words, specs := pos, []string(nil)
		if dd >= 0 {
			words, specs = pos[:dd], pos[dd:]
		}
		if len(words) == 0 {
			return nil
		}
		var out []histRead
		for _, w := range words {
			if !revOK(w) {
				return unknown(fmt.Sprintf("%q is not known before the line runs", w))
			}
			s := specs
			if dd < 0 {
				s = append(append([]string{}, specs...), "\x00maybe")
			}
			out = append(out, histRead{kind: hTree, revs: []string{w}, specs: s})
		}
		return out
	case "notes":
		return notesReads(args) // historyworst.go
	case "request-pull", "send-email":
		return mailHistoryReads(g) // historymail.go
	case "stash":
		if len(args) == 0 || args[0] != "show" {
			return nil
		}
		opts, pos, _ := gitArgs(args[1:], optSet{longVal: histLongVal})
		content := hasOpt(opts, patchOpts...) || hasLongPrefix(args, "-U")
		if !content && (hasOpt(opts, summaryOpts...) || g.config["stash.showpatch"] == "") {
			return nil
		}
		s := "stash@{0}"
		if len(pos) > 0 {
			s = pos[0]
			if isDigits(s) {
				s = "stash@{" + s + "}"
			}
		}
		if !revOK(s) {
			return unknown(fmt.Sprintf("the stash %q is not known before the line runs", s))
		}
		return []histRead{{kind: hStash, revs: []string{s}}}
	}
	return moreHistoryReads(g) // historymore.go
}

// revPath splits an object name REV:PATH whose PATH is known statically
// (the revision may not be); ok is false for other words.
func revPath(w string) (rev, p string, ok bool) {
	i := strings.LastIndexByte(w, ':')
	if i <= 0 || i == len(w)-1 {
		return "", "", false
	}
	rev, p = w[:i], w[i+1:]
	if !staticWord(p) || strings.ContainsAny(p, ")") {
		return "", "", false
	}
	return rev, p, true
}

// hasLongPrefix reports whether an argument before "--" starts with p
// and says more (-U3, --unified=5 are parsed as options already).
func hasLongPrefix(args []string, p string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if strings.HasPrefix(a, p) {
			return true
		}
	}
	return false
}

// commitLimit reads -N, -n N and --max-count=N (the last one wins).
func commitLimit(args []string, opts []parsedOpt) int {
	n := 0
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) > 1 && a[0] == '-' && isDigits(a[1:]) {
			n = atoiOr(a[1:], n)
		}
	}
	for _, v := range optVals(opts, "-n", "--max-count") {
		n = atoiOr(v, n)
	}
	return n
}

func atoiOr(s string, def int) int {
	if !isDigits(s) || len(s) > 9 {
		return def
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Bounds on history queries.
const (
	histFewCommits = 16 // commits asked about one by one
	histPairs      = 8  // range ends compared
)

// printed returns the paths (relative to the top) whose content h prints.
func (r *gitRepo) printed(h histRead, dir string) ([]string, error) {
	switch h.kind {
	case hCommits:
		if len(h.revs) == 0 {
			h.revs = []string{"HEAD"}
		}
		return r.commitsPrinted(h.revs, h.limit)
	case hShow:
		if len(h.revs) == 0 {
			h.revs = []string{"HEAD"}
		}
		var out []string
		var ranges []string
		for _, rev := range h.revs {
			if strings.HasPrefix(rev, "-") || strings.HasPrefix(rev, "^") || strings.Contains(rev, "..") {
				ranges = append(ranges, rev)
				continue
			}
			names, err := r.objectPrinted(rev)
			if err != nil {
				return nil, err
			}
			out = append(out, names...)
		}
		if len(ranges) > 0 {
			names, err := r.commitsPrinted(ranges, h.limit)
			if err != nil {
				return nil, err
			}
			out = append(out, names...)
		}
		return out, nil
	case hObjects:
		return r.objectPaths(h.revs, 0)
	case hTree:
		return r.treeFiles(h.revs[0])
	case hTrees:
		return r.twoTrees(h.revs)
	case hPairs:
		var out []string
		for _, o := range h.revs[1:] {
			n, err := r.twoTrees([]string{h.revs[0], o})
			if err != nil {
				return nil, err
			}
			out = append(out, n...)
		}
		return out, nil
	case hWorktree:
		return r.workDiff("", dir, h.specs)
	case hIndex:
		rev := "HEAD"
		if len(h.revs) > 0 {
			rev = h.revs[0]
		}
		return r.indexDiff(rev)
	case hWorkRev:
		if len(h.revs) == 0 {
			return nil, fmt.Errorf("it names no revision to compare with")
		}
		return r.workDiff(h.revs[0], dir, h.specs)
	case hStash:
		s := h.revs[0]
		if _, err := r.commit(s); errors.Is(err, errNoCommit) {
			return nil, nil // no such stash: git prints nothing
		}
		names, err := r.twoTrees([]string{s + "^1", s})
		if err != nil {
			return nil, err
		}
		if u, err := r.commit(s + "^3"); err == nil {
			more, err := r.treeFiles(u)
			if err != nil {
				return nil, err
			}
			names = append(names, more...)
		} else if !errors.Is(err, errNoCommit) {
			return nil, err
		}
		return names, nil
	}
	return nil, nil
}

// resolveWords sorts the words given without "--" into revisions and
// paths, as git does: a word that names an object is a revision, any
// other a path. git diff's revisions then decide what it compares.
func (r *gitRepo) resolveWords(h *histRead, dir string) error {
	maybe := false
	specs := h.specs[:0:0]
	for _, s := range h.specs {
		if s == "\x00maybe" {
			maybe = true
			continue
		}
		specs = append(specs, s)
	}
	h.specs = specs
	if maybe {
		var revs []string
		for _, w := range h.revs {
			if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "^") || strings.Contains(w, "..") {
				revs = append(revs, w)
				continue
			}
			ok, err := r.names(w)
			if err != nil {
				return err
			}
			switch {
			case ok:
				revs = append(revs, w)
			case strings.Contains(w, ":") || r.ev.mayBePath(dir, w):
				h.specs = append(h.specs, w)
			default:
				// neither an object nor a path: git resolves it when it
				// runs (an abbreviated id, a ref made in the line) or fails
				return &errUnresolved{word: w}
			}
		}
		h.revs = revs
	}
	if h.kind != hStash {
		for _, w := range h.revs {
			u, err := r.unresolvedRev(w)
			if err != nil {
				return err
			}
			if u != "" {
				return &errUnresolved{word: u}
			}
		}
	}
	if h.kind == hTree && len(h.revs) == 0 {
		h.kind = 0 // git grep of paths only: the analysis reports them
	}
	if h.kind != hTrees || len(h.revs) == 2 {
		return nil
	}
	// git diff: no revision compares the work tree with the index, one
	// the work tree with it (or A..B, A...B two trees), more a combined
	// diff, taken as every pair with the first.
	switch len(h.revs) {
	case 0:
		h.kind = hWorktree
	case 1:
		rev := h.revs[0]
		if a, b, ok := strings.Cut(rev, "..."); ok {
			mb, err := r.mergeBase(orHEAD(a), orHEAD(b))
			if err != nil {
				return err
			}
			h.revs = []string{mb, orHEAD(b)}
		} else if a, b, ok := strings.Cut(rev, ".."); ok {
			h.revs = []string{orHEAD(a), orHEAD(b)}
		} else {
			h.kind = hWorkRev
		}
	default:
		if len(h.revs) > histPairs {
			return fmt.Errorf("it compares %d trees", len(h.revs))
		}
		h.kind = hPairs
	}
	return nil
}

func orHEAD(s string) string {
	if s == "" {
		return "HEAD"
	}
	return s
}
