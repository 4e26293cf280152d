package policy

import "fmt"

// Git commands that move refs or print objects as told by a stream Mandate
// does not read: git fast-import (a stream of commits, resets and tags for
// any ref, the checked-out branch and refs/replace/* included, and
// cat-blob/ls commands that print any object), git update-ref --stdin
// (update, create, delete and symref-update commands for any ref), and a
// fetch with --update-head-ok (allowed to move the checked-out branch).
// What they do is decided by their input, so Mandate cannot tell whether
// the checked-out branch moves onto another policy or a blocked file is
// printed: a question for a human (deny at read_only), as git update-ref
// refs/heads/main REV and git cat-file --batch of unseen input are.
func (ev *evaluation) gitRefStreams(g *gitCall) {
	var why string
	switch g.sub {
	case "fast-import":
		why = "reads a stream that can commit onto any branch (the checked-out one and refs/replace/* included) and print any object (cat-blob, ls)"
	case "update-ref":
		if slicesContains(g.args, "--stdin") {
			why = "moves, creates or deletes the refs its input names (the checked-out branch included)"
		}
	case "fetch":
		for _, a := range g.args {
			if a == "--" {
				break
			}
			if a == "--update-head-ok" || a == "-u" {
				why = "may move the checked-out branch (--update-head-ok) onto what it fetches"
			}
		}
	}
	if why != "" {
		ev.cannotTell("git-refs", g.c, fmt.Sprintf("%q %s, which Mandate cannot see", g.c.Line, why))
	}
}
