package policy

import (
	"fmt"
	"strings"
)

// Forge push options: a push to a ref that is not protected which makes
// the forge update a protected branch. Gerrit's magic refs (refs/for/B)
// open a review of B; with the submit option (refs/for/B%submit, or
// git push -o submit) Gerrit submits the change onto B at once. GitLab's
// push options open or update a merge request into B and, with
// merge_when_pipeline_succeeds or auto_merge, merge it by themselves.
// Such a push is judged as a push to B. The options come from -o and
// --push-option, -c push.pushOption=, the repository's push.pushOption,
// and the %OPT,OPT suffix of a magic ref.

// forgeReviewRefs are the ref prefixes a forge reads as "review of
// branch B" (Gerrit's refs/for/ and its older refs/publish/ and
// refs/drafts/; AGit's refs/for/ on Gitea, Forgejo and Gitee).
var forgeReviewRefs = []string{"refs/for/", "refs/publish/", "refs/drafts/"}

// forgeSubmitOpts are the push options that submit a review at once.
var forgeSubmitOpts = []string{"submit"}

// forgeAutoMergeOpts are the push options that make a merge request
// merge by itself; forgeTargetOpt names its target branch.
var forgeAutoMergeOpts = []string{"merge_request.merge_when_pipeline_succeeds", "merge_request.auto_merge"}

const forgeTargetOpt = "merge_request.target"

// forgePushOpts are a push's options as the forge reads them.
type forgePushOpts struct {
	submit    bool
	autoMerge string // the option that sets auto-merge, "" none
	target    string // merge_request.target's value
	why       string // why the options are not known, "" known
}

// forgeOptions gathers the push options of g from the line and the
// repository's configuration.
func (ev *evaluation) forgeOptions(g *gitCall, opts []parsedOpt) forgePushOpts {
	var f forgePushOpts
	vals := optVals(opts, "-o", "--push-option")
	if v, ok := g.config["push.pushoption"]; ok {
		vals = append(vals, v)
	}
	if why := ev.lineChangesGit(); why != "" && strings.Contains(strings.ToLower(why), "pushoption") {
		f.why = "the line sets git's push options: " + why
	} else if ev.p.opt.Git != nil && g.dir != "" && g.elsewhere == "" {
		if cfg, err := ev.gitConfig(g.dir, `^push\.pushoption$`); err == nil {
			vals = append(vals, cfg["push.pushoption"]...)
		}
	}
	for _, v := range vals {
		if dynamicWord(v) {
			f.why = fmt.Sprintf("push option %q is not known statically", v)
			continue
		}
		k, val, _ := strings.Cut(v, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		switch {
		case containsFold(forgeSubmitOpts, k):
			f.submit = true
		case containsFold(forgeAutoMergeOpts, k):
			f.autoMerge = v
		case k == forgeTargetOpt:
			f.target = val
		}
	}
	return f
}

// verdict judges the options that apply whatever the refspecs (GitLab's
// auto-merge), or "".
func (f forgePushOpts) verdict(p *Policy) string {
	if f.why != "" {
		return f.why
	}
	if f.autoMerge == "" {
		return ""
	}
	switch {
	case f.target == "":
		return fmt.Sprintf("push option %q merges the merge request by itself into its target branch, not named in the line (the project's default branch)", f.autoMerge)
	case dynamicWord(f.target):
		return fmt.Sprintf("push option %q merges into %q, not known statically", f.autoMerge, f.target)
	}
	if b, ok := pushedBranch(cleanRef(f.target)); ok && p.protectedBranch(b) {
		return fmt.Sprintf("push options %q and %s=%s merge into protected branch %q without review", f.autoMerge, forgeTargetOpt, f.target, b)
	}
	return ""
}

// reviewRefVerdict judges a refspec whose destination is a forge's
// review ref: with a submit option it updates the branch under review.
func (p *Policy) reviewRefVerdict(rs, cur string, f forgePushOpts) string {
	dst := rs
	if i := strings.LastIndexByte(rs, ':'); i >= 0 {
		dst = rs[i+1:]
	}
	dst = cleanRef(strings.TrimPrefix(dst, "+"))
	var target string
	found := false
	for _, pre := range forgeReviewRefs {
		if rest, ok := strings.CutPrefix(dst, pre); ok {
			target, found = rest, true
			break
		}
	}
	if !found {
		return ""
	}
	submit := f.submit
	if b, magic, ok := strings.Cut(target, "%"); ok {
		target = b
		for _, o := range strings.Split(magic, ",") {
			k, _, _ := strings.Cut(o, "=")
			if containsFold(forgeSubmitOpts, strings.TrimSpace(k)) {
				submit = true
			}
		}
	}
	if !submit {
		return ""
	}
	if dynamicWord(target) {
		return fmt.Sprintf("refspec %q submits onto a branch not known statically", rs)
	}
	if target == "HEAD" || target == "@" {
		target = cur
	}
	// Gerrit's branch may hold slashes; AGit's refs/for/B/TOPIC names B:
	// every leading part of the path is a branch the push may submit onto.
	for i := len(target); i > 0; i = strings.LastIndexByte(target[:i], '/') {
		if b := target[:i]; p.protectedBranch(b) {
			return fmt.Sprintf("refspec %q submits the change onto protected branch %q (the forge's submit push option)", rs, b)
		}
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
