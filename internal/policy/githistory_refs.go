package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"strings"
)

// More spellings of the git history operations (githistory.go): HEAD as
// the ref a plumbing command deletes or moves, a forced fetch into a
// protected branch, and configuration that makes the next gc or every
// later ref update discard history.

// historyConfig maps git configuration keys (lower case) whose setting
// discards history to the operation it amounts to: reflogs expired at
// once, unreachable commits pruned at once, reflogs no longer written.
var historyConfig = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"gc.reflogexpire":            "reflog-expire",
		"gc.reflogexpireunreachable": "reflog-expire",
		"core.logallrefupdates":      "reflog-expire",
		"gc.pruneexpire":             "prune",
		"gc.worktreepruneexpire":     "prune",
	}
}}

// refHistoryOp says which history operation g is when it is one of the
// spellings above; "" when it is not.
func (p *Policy) refHistoryOp(g *gitCall) (op, what string, could bool) {
	switch g.sub {
	case "update-ref":
		opts, pos := parseOpts(g.args, optSet{shortVal: "m", longVal: []string{"create-reflog"}})
		if len(pos) > 0 && strings.EqualFold(pos[0], "HEAD") {
			if hasOpt(opts, "-d") {
				return "branch-delete", "update-ref -d HEAD deletes the checked-out branch, which may be a protected one", true
			}
			return "branch-delete", "update-ref HEAD moves the checked-out branch, which may be a protected one, to other commits", true
		}
	case "symbolic-ref":
		opts, pos := parseOpts(g.args, optSet{shortVal: "m"})
		if hasOpt(opts, "-d", "--delete") && len(pos) > 0 {
			return "branch-delete", fmt.Sprintf("symbolic-ref -d %s deletes the reference to the checked-out branch", pos[0]), true
		}
	case "fetch":
		opts, pos := parseOpts(g.args, optSet{shortVal: "jo", longVal: []string{
			"depth", "deepen", "shallow-since", "shallow-exclude", "refmap", "upload-pack", "jobs", "server-option",
			"negotiation-tip", "filter", "recurse-submodules-default", "submodule-prefix", "recurse-submodules"}})
		if len(pos) < 2 {
			return "", "", false
		}
		force := hasOpt(opts, "-f", "--force")
		for _, rs := range pos[1:] {
			plus := strings.HasPrefix(rs, "+")
			_, dst, ok := strings.Cut(strings.TrimPrefix(rs, "+"), ":")
			if !ok || dst == "" {
				continue
			}
			if dynamicWord(dst) {
				return "branch-delete", fmt.Sprintf("fetch refspec %q updates a ref not known before the line runs", rs), true
			}
			if b, ok := branchOfRef(dst); ok && p.protectedBranch(b) && (plus || force) {
				return "branch-delete", fmt.Sprintf("fetch %q forces protected branch %q onto other commits", rs, b), false
			}
		}
	case "config":
		_, pos := parseOpts(g.args, optSet{shortVal: "f", longVal: []string{"file", "blob", "type", "default", "comment", "value"}})
		if len(pos) > 0 && (pos[0] == "set" || pos[0] == "unset") {
			pos = pos[1:]
			if len(pos) == 1 {
				pos = append(pos, "")
			}
		}
		if len(pos) >= 2 {
			if op := historyConfig.Get()[strings.ToLower(pos[0])]; op != "" {
				return op, fmt.Sprintf("git config %s %s changes how long git keeps history", pos[0], pos[1]), false
			}
		}
	}
	return "", "", false
}

// gcExpiryKeys are the gc configuration keys (lower case) whose value
// says how long gc keeps history: unreachable objects, worktrees, and
// reflog entries — also per ref pattern, gc.<pattern>.reflogExpire
// (red-team round 19, #11).
var gcExpiryKeys = map[string]string{
	"pruneexpire":             "prune",
	"worktreepruneexpire":     "prune",
	"reflogexpire":            "reflog-expire",
	"reflogexpireunreachable": "reflog-expire",
}

// gcKeepForever are the expiry values that keep history forever.
var gcKeepForever = map[string]bool{"never": true, "false": true}

// gcConfigOp is the history operation that the -c configuration of g
// makes out of any git command (red-team round 19, #11, #12): gc runs
// under it, and so does the gc --auto (maintenance run --auto) that
// commit, fetch, merge, am, rebase, pull and others start, whose
// thresholds (gc.auto, gc.autoPackLimit) the line may set too. The
// keys are judged whatever the subcommand: a command that starts no gc
// has no use for them.
func gcConfigOp(g *gitCall) (op, what string) {
	for k, v := range g.config {
		if !strings.HasPrefix(k, "gc.") {
			continue
		}
		key := k[strings.LastIndexByte(k, '.')+1:]
		o := gcExpiryKeys[key]
		if o == "" || gcKeepForever[strings.ToLower(strings.TrimSpace(v))] {
			continue
		}
		if k != "gc."+key && key != "reflogexpire" && key != "reflogexpireunreachable" {
			continue // only the reflog keys take a ref pattern
		}
		return o, fmt.Sprintf("git %s with -c %s=%s: its gc (or the gc --auto it starts) discards history", g.sub, k, v)
	}
	return "", ""
}
