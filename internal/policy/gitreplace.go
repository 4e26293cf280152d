package policy

import (
	"fmt"
	"strings"
)

// Refs that change what later git commands read without touching the
// work tree now: a replace ref (git replace, update-ref refs/replace/…,
// a fetch into refs/replace/) makes an object read as another, so the
// next call's stash, checkout or reset writes the replacement's files; a
// fetch with --update-head-ok into the checked-out branch moves it as
// update-ref does (gitMoveHead). Mandate cannot tell from one call what
// the next one will read through them: each asks (denied at read_only),
// unless the fetch's source is local and changes no protected file.

// fetchVal are git fetch's options that take a value.
var fetchVal = optSet{shortVal: "jo", longVal: []string{"depth", "deepen", "shallow-since", "shallow-exclude", "refmap",
	"jobs", "upload-pack", "negotiation-tip", "server-option", "filter", "submodule-prefix", "recurse-submodules-default"}}

// gitReplaceRefs judges the replace refs and head updates of g.
func (ev *evaluation) gitReplaceRefs(g *gitCall) {
	switch g.sub {
	case "replace":
		opts, pos := parseOpts(g.args, optSet{longVal: []string{"format"}})
		if hasOpt(opts, "-l", "--list") || len(pos) == 0 && !hasOpt(opts, "--edit", "-e", "--graft", "-g", "--convert-graft-file", "-d", "--delete") {
			return // lists
		}
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q makes objects read as others: the next stash, checkout or reset writes what the replacement holds", g.c.Line))
	case "update-ref":
		_, pos := parseOpts(g.args, optSet{shortVal: "m", longVal: []string{"create-reflog"}})
		if len(pos) > 0 && isReplaceRef(pos[0]) {
			ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q creates a replace ref: the next stash, checkout or reset writes what the replacement holds", g.c.Line))
		}
	case "fetch", "pull":
		opts, pos := parseOpts(g.args, fetchVal)
		if len(pos) < 2 {
			return
		}
		headOK := hasOpt(opts, "-u", "--update-head-ok")
		for _, rs := range pos[1:] {
			if !staticWord(rs) {
				ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q: refspec %q is not known statically", g.c.Line, rs))
				return
			}
			src, dst, ok := strings.Cut(strings.TrimPrefix(rs, "+"), ":")
			if !ok || strings.HasPrefix(rs, "^") {
				continue
			}
			if isReplaceRef(dst) {
				ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q fetches into a replace ref: the next stash, checkout or reset writes what the replacement holds", g.c.Line))
				return
			}
			if headOK && g.sub == "fetch" {
				ev.fetchIntoHead(g, pos[0], src, dst)
			}
		}
	}
}

// isReplaceRef reports whether ref names a replace ref (refs/replace/…).
func isReplaceRef(ref string) bool {
	ref = strings.TrimPrefix(ref, "+")
	return ref == "refs/replace" || strings.HasPrefix(ref, "refs/replace/")
}

// fetchIntoHead judges a fetch with --update-head-ok whose refspec
// updates dst: when dst is the checked-out branch, the work tree's branch
// moves to src without a checkout (as update-ref does).
func (ev *evaluation) fetchIntoHead(g *gitCall, remote, src, dst string) {
	if g.dir == "" || ev.p.opt.Git == nil {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q may move the checked-out branch (--update-head-ok)", g.c.Line))
		return
	}
	r, err := ev.openRepo(g.dir)
	if err != nil || r == nil {
		if err != nil {
			ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q may move the checked-out branch (--update-head-ok): %v", g.c.Line, err))
		}
		return
	}
	cur, err := r.q("rev-parse", "--symbolic-full-name", "HEAD")
	if err != nil {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q may move the checked-out branch (--update-head-ok): %v", g.c.Line, err))
		return
	}
	b := strings.TrimSpace(string(cur))
	if dst != b && "refs/"+dst != b && "refs/heads/"+dst != b && !strings.ContainsAny(dst, "*") {
		return
	}
	if remote != "." || !revOK(src) {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q moves the checked-out branch to what %s holds: the next checkout, reset or stash writes it", g.c.Line, remote))
		return
	}
	changed, err := r.changes(wtOp{kind: wtSwitch, rev: src}, g.dir)
	if err != nil {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q moves the checked-out branch and Mandate cannot tell what the work tree would get: %v", g.c.Line, err))
		return
	}
	if len(changed) > 0 {
		ev.cannotTell("git-rewrite", g.c, fmt.Sprintf("%q moves the checked-out branch to a commit whose %s differs: the next checkout, reset or stash writes it", g.c.Line, strings.Join(changed, "; ")))
	}
}
