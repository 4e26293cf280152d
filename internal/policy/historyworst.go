package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	"github.com/mandate-dev/mandate/internal/shell"
)

// History reads whose objects Mandate cannot resolve. A command that
// prints object content (show, log -p, diff*, grep REV, archive, notes -C,
// …) is decided on what the repository holds at decision time. When its
// words name something the queries cannot resolve — a ref a command
// earlier in the line creates or moves, an abbreviated object id such as
// git's empty tree 4b825dc that git resolves and a query does not, any
// other word that is neither an object nor a path — or when an earlier
// command in the line changes the refs, the index or the objects it
// prints from (read-tree --empty, rm --cached, add, commit, fetch, …),
// what it prints is not assumed harmless: it may print any file the
// repository holds, so it is judged as printing every path of its history
// (every ref and reflog), of the index and of the untracked files an add
// could stage. A blocked path among them denies; none: the read is
// harmless whatever it names; a query that fails asks.
//
// Refs that a command earlier in the line only creates (git tag NAME
// [REV], git branch NAME [REV], git update-ref REF REV, names that do not
// exist yet) are not unknown: the later command's words that name them
// are read as the revision they are made from (git tag x BLOB && git show
// x is git show BLOB).

// errUnresolved is a word of a history read that names no object and no
// path: git resolves it when the command runs (or fails).
type errUnresolved struct{ word string }

func (e *errUnresolved) Error() string {
	return fmt.Sprintf("%q names no object Mandate can resolve", e.word)
}

// unresolvedRev returns the first part of the revision word w (A, ^A,
// A..B, A...B, REV~N) that names no object; "" when all do. REV:PATH words
// are the analysis's (a read of PATH).
func (r *gitRepo) unresolvedRev(w string) (string, error) {
	if strings.HasPrefix(w, "-") || strings.Contains(w, ":") {
		return "", nil
	}
	w = strings.TrimPrefix(w, "^")
	var parts []string
	if a, b, ok := strings.Cut(w, "..."); ok {
		parts = []string{orHEAD(a), orHEAD(b)}
	} else if a, b, ok := strings.Cut(w, ".."); ok {
		parts = []string{orHEAD(a), orHEAD(b)}
	} else {
		parts = []string{w}
	}
	for _, p := range parts {
		ok, err := r.names(p)
		if err != nil {
			return "", err
		}
		if !ok {
			return p, nil
		}
	}
	return "", nil
}

// mayBePath reports whether git could take word w (given in dir) for a
// path rather than a revision: a file exists there, or w is a pathspec
// with magic or wildcards, which git accepts without "--".
func (ev *evaluation) mayBePath(dir, w string) bool {
	if strings.HasPrefix(w, ":") || strings.ContainsAny(w, "*?[") {
		return true
	}
	abs := path.Join(dir, w)
	if path.IsAbs(w) {
		abs = path.Clean(w)
	}
	_, err := ev.fsys().Lstat(abs)
	return err == nil || !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR)
}

// historyWorst judges reads as printing any file the repository holds
// (why: what Mandate cannot resolve).
func (ev *evaluation) historyWorst(c *shell.Command, g *gitCall, reads []histRead, why string) {
	r, err := ev.openRepo(g.dir)
	if err != nil {
		ev.historyUnknown(c, why+", and "+err.Error())
		return
	}
	if r == nil {
		return
	}
	names, err := r.everyPath()
	if err != nil {
		ev.historyUnknown(c, why+", and "+err.Error())
		return
	}
	via := "possibly printed by " + oneLine(c.Line, 80) + ": " + why
	start := len(ev.hits)
	for _, h := range reads {
		var specs []string
		for _, s := range h.specs {
			if s != "\x00maybe" {
				specs = append(specs, s)
			}
		}
		sp := r.pathspecs(g.dir, specs, h.whole)
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

// everyPath lists every path the repository's history (all refs and
// reflogs), its index and its untracked, not ignored files carry.
func (r *gitRepo) everyPath() ([]string, error) {
	names, err := r.objectPaths([]string{"--all", "--reflog"}, 0)
	if err != nil {
		return nil, err
	}
	idx, err := r.index(nil)
	if err != nil {
		return nil, err
	}
	names = append(names, sortedKeys(idx)...)
	out, err := r.q("ls-files", "-z", "-o", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	more := splitZ(out)
	if len(names)+len(more) > maxTracked {
		return nil, fmt.Errorf("the repository holds more than %d files", maxTracked)
	}
	return append(names, more...), nil
}

// lineRefs reads the git commands before g in the line: the refs they
// only create, as name → revision, or why they may change what g prints
// from ("" when none does).
func (ev *evaluation) lineRefs(g *gitCall) (map[string]string, string) {
	if len(ev.analyses) == 0 {
		return nil, ""
	}
	an := ev.analyses[len(ev.analyses)-1]
	var subst map[string]string
	var repo *gitRepo
	for i := range an.Commands {
		c := &an.Commands[i]
		if c == g.c {
			break
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
		case (e.sub == "stash" || e.sub == "reflog" || e.sub == "notes") && (len(e.args) == 0 && e.sub != "stash" || len(e.args) > 0 && (e.args[0] == "list" || e.args[0] == "show")):
			continue
		case (e.sub == "branch" || e.sub == "tag" || e.sub == "remote") && branchListing(e.args):
			continue
		}
		if e.sub == "add" && ev.addsOnlyFiles(&e) {
			continue // the analysis judges the files it stages as reads
		}
		changed := fmt.Sprintf("%q earlier in the line may change the refs, index or objects it prints from", c.Line)
		names, target := createdRef(&e)
		if len(names) == 0 || e.dir != g.dir || g.dir == "" {
			return nil, changed
		}
		if repo == nil {
			r, err := ev.openRepo(g.dir)
			if err != nil || r == nil {
				return nil, changed
			}
			repo = r
		}
		if exists, err := repo.names(names[0]); err != nil || exists {
			return nil, changed // a ref moved, or one that shadows another
		}
		if subst == nil {
			subst = map[string]string{}
		}
		target = substRev(target, subst)
		for _, n := range names {
			subst[n] = target
		}
	}
	return subst, ""
}

// createdRef reads a command that only creates a ref: the names the new
// ref is known by (the first as written) and the revision it is made
// from; nil for any other command.
func createdRef(e *gitCall) ([]string, string) {
	switch e.sub {
	case "tag":
		opts, pos := parseOpts(e.args, optSet{shortVal: "mFu", longVal: []string{"message", "file", "local-user", "cleanup"}})
		if hasOpt(opts, "-d", "--delete", "-f", "--force", "-l", "--list", "-v", "--verify") || len(pos) == 0 || len(pos) > 2 {
			return nil, ""
		}
		return refNames(pos, "refs/tags/", "tags/")
	case "branch":
		opts, pos := parseOpts(e.args, optSet{shortVal: "t", longVal: []string{"track"}})
		for _, o := range opts {
			switch o.name {
			case "-t", "--track", "--no-track", "-q", "--quiet", "--create-reflog":
			default:
				return nil, "" // deletes, moves, copies, forces, configures
			}
		}
		if len(pos) == 0 || len(pos) > 2 {
			return nil, ""
		}
		return refNames(pos, "refs/heads/", "heads/")
	case "update-ref":
		opts, pos := parseOpts(e.args, optSet{shortVal: "m", longVal: []string{"create-reflog"}})
		for _, o := range opts {
			if o.name != "-m" && o.name != "--create-reflog" && o.name != "--no-deref" {
				return nil, ""
			}
		}
		if len(pos) < 2 || len(pos) > 3 || !revOK(pos[0]) || !revOK(pos[1]) || pos[0] == "HEAD" || !strings.HasPrefix(pos[0], "refs/") {
			return nil, ""
		}
		ref := pos[0]
		names := []string{ref, strings.TrimPrefix(ref, "refs/")}
		for _, p := range []string{"refs/tags/", "refs/heads/", "refs/remotes/"} {
			if s, ok := strings.CutPrefix(ref, p); ok {
				names = append(names, s)
			}
		}
		return names, pos[1]
	}
	return nil, ""
}

// refNames builds the names of a new tag or branch from NAME [REV].
func refNames(pos []string, full, short string) ([]string, string) {
	name, target := pos[0], "HEAD"
	if len(pos) == 2 {
		target = pos[1]
	}
	if !revOK(name) || !revOK(target) || strings.ContainsAny(name, ":~^@{}") {
		return nil, ""
	}
	return []string{name, short + name, full + name}, target
}

// substRev rewrites the revision word w, naming a ref created earlier in
// the line, as the revision it was made from (ranges, ^, ~N, ^N, :PATH
// and @{…} suffixes kept).
func substRev(w string, subst map[string]string) string {
	if len(subst) == 0 || strings.HasPrefix(w, "-") {
		return w
	}
	if rest, ok := strings.CutPrefix(w, "^"); ok {
		return "^" + substRev(rest, subst)
	}
	for _, sep := range []string{"...", ".."} {
		if a, b, ok := strings.Cut(w, sep); ok {
			return substRev(a, subst) + sep + substRev(b, subst)
		}
	}
	end := strings.IndexAny(w, "~^:@")
	if end < 0 {
		end = len(w)
	}
	if t, ok := subst[w[:end]]; ok {
		return t + w[end:]
	}
	return w
}

// addsOnlyFiles reports whether git add e stages only files it names
// literally (each a regular file, no pathspec magic, wildcard or
// directory, no option that stages more or interactively).
func (ev *evaluation) addsOnlyFiles(e *gitCall) bool {
	opts, pos, _ := gitArgs(e.args, optSet{longVal: []string{"chmod"}})
	for _, o := range opts {
		switch o.name {
		case "-v", "--verbose", "-f", "--force", "-N", "--intent-to-add", "--chmod", "-q", "--quiet":
		default:
			return false
		}
	}
	if len(pos) == 0 || e.dir == "" {
		return false
	}
	for _, p := range pos {
		if !staticWord(p) || strings.HasPrefix(p, ":") || strings.ContainsAny(p, "*?[\\") {
			return false
		}
		abs := path.Join(e.dir, p)
		if path.IsAbs(p) {
			abs = path.Clean(p)
		}
		info, err := ev.fsys().Lstat(abs)
		if err != nil || !info.Mode.IsRegular() {
			return false
		}
	}
	return true
}

// notesReads reads git notes add|append|edit -C/-c OBJ (and
// --reuse-message, --reedit-message): the object's content becomes the
// note, which every later git log prints. It is a read of OBJ as git show
// OBJ prints it; REV:PATH is a read of PATH.
func notesReads(args []string) []histRead {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		if args[0] == "--ref" && len(args) > 1 {
			args = args[1:]
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return nil
	}
	switch args[0] {
	case "add", "append", "edit":
	default:
		return nil
	}
	opts, _ := parseOpts(args[1:], optSet{shortVal: "mFCc", longVal: []string{"message", "file", "reuse-message", "reedit-message", "separator"}})
	var out []histRead
	for _, v := range optVals(opts, "-C", "-c", "--reuse-message", "--reedit-message") {
		if rev, p, ok := revPath(v); ok {
			out = append(out, histRead{kind: hBlobPaths, specs: []string{p}})
			if revOK(rev) {
				continue
			}
		}
		if !revOK(v) {
			return []histRead{{kind: hUnknown, why: fmt.Sprintf("the object %q it copies into a note is not known before the line runs", v)}}
		}
		out = append(out, histRead{kind: hShow, revs: []string{v}})
	}
	return out
}
