package policy

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// Pushes are judged by the refs they update. At write_local no push runs.
// At external a push asks when it could update a protected branch
// (protected_branches), force-update or delete anything, mirror, or when
// the refs it updates cannot be known: whatever the spelling of its
// refspecs (main, HEAD:main, HEAD:heads/main, HEAD:refs/heads/main, +x,
// :x, x:y, wildcards, @), its options (--all, --branches, --mirror,
// --prune, -d), the configuration in the line (-c push.default=matching,
// -c remote.origin.push=…) or in the repository (remote.NAME.push,
// remote.NAME.mirror, push.default, branch.X.merge, read through
// Options.Git), and whichever program runs it (git push, git-push by its
// path under git-core, git subtree push, git send-pack, git http-push).

// pushConfigRE selects the configuration a push's refs can come from.
const pushConfigRE = `^(remote\..*\.(push|mirror)|push\.default|remote\.pushdefault|branch\..*\.(merge|remote|pushremote))$`

// pushOpts are git push's options that take a value.
var pushOpts = optSet{shortVal: "o", longVal: []string{"repo", "push-option", "receive-pack", "exec"}}

func (ev *evaluation) gitPush(g *gitCall) {
	c := g.c
	if ev.trust == action.WriteLocal {
		ev.deny(groupTrust, "no-push", c.Line, fmt.Sprintf("trust level write_local does not allow %q: pushing needs trust level external", c.Line))
		return
	}
	if why := ev.pushVerdict(g); why != "" {
		ev.builtin(groupTrust, Ask, "push-approval", c.Line, fmt.Sprintf("%q: %s", c.Line, why))
	}
}

// pushVerdict returns "" when the push updates no protected branch and
// forces or deletes nothing, else why it needs approval.
func (ev *evaluation) pushVerdict(g *gitCall) string {
	args := g.args
	if g.sub == "subtree" {
		return ev.subtreePush(g)
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		for _, f := range []string{"--force", "--force-with-lease", "--force-if-includes"} {
			if longFlagIs(a, f) {
				return "force push (" + a + ")"
			}
		}
		for _, f := range []string{"--mirror", "--all", "--branches", "--prune", "--delete"} {
			if longFlagIs(a, f) {
				return "push " + a + " can overwrite or delete remote branches"
			}
		}
		for _, f := range []string{"--receive-pack", "--exec"} {
			if longFlagIs(a, f) {
				return "push " + a + " runs a program named in the line"
			}
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(a) > 1 {
			if strings.ContainsAny(a[1:], "fF") {
				return "force push (" + a + ")"
			}
			if strings.ContainsAny(a[1:], "dD") {
				return "push " + a + " deletes remote branches"
			}
		}
	}
	opts, pos := parseOpts(args, pushOpts)
	if hasOpt(opts, "-n", "--dry-run") {
		return ""
	}
	forge := ev.forgeOptions(g, opts) // forgepush.go
	if why := forge.verdict(ev.p); why != "" {
		return why
	}
	if repo := optVals(opts, "--repo"); len(repo) > 0 {
		pos = append([]string{repo[len(repo)-1]}, pos...)
	}
	tagsOnly := hasOpt(opts, "--tags")
	if g.sub == "send-pack" || g.sub == "http-push" {
		if len(pos) <= 1 {
			return g.sub + " without refs pushes every ref that exists on both sides"
		}
	}
	cur, curWhy := ev.pushBranch(g)
	if len(pos) > 1 {
		refs := pos[1:]
		for i := 0; i < len(refs); i++ {
			if refs[i] == "tag" && g.sub == "push" {
				i++ // tag NAME: refs/tags/NAME
				continue
			}
			if why := ev.p.reviewRefVerdict(refs[i], cur, forge); why != "" {
				return why
			}
			if why := ev.p.refspecVerdict(refs[i], cur, curWhy); why != "" {
				return why
			}
		}
		return ""
	}
	if tagsOnly {
		return ""
	}
	remote := ""
	if len(pos) == 1 {
		remote = pos[0]
		if dynamicWord(remote) {
			return fmt.Sprintf("the remote %q is not known statically", remote)
		}
	}
	return ev.defaultPush(g, remote, cur, curWhy, forge)
}

// pushBranch is the branch HEAD is on in the pushing repository, or why
// it is not known.
func (ev *evaluation) pushBranch(g *gitCall) (string, string) {
	if ev.p.opt.Git != nil && g.dir != "" && g.elsewhere == "" {
		out, err := ev.gitQuery(g.dir, "rev-parse", "--abbrev-ref", "HEAD")
		if err == nil {
			b := strings.TrimSpace(string(out))
			if b == "HEAD" {
				return "", "HEAD is detached"
			}
			return b, ""
		}
	}
	if ev.a.Branch != "" && g.dir == ev.cwd && g.elsewhere == "" {
		return ev.a.Branch, ""
	}
	return "", "the current branch is not known"
}

// refspecVerdict judges one refspec of a push.
func (p *Policy) refspecVerdict(rs, cur, curWhy string) string {
	if dynamicWord(rs) {
		return fmt.Sprintf("refspec %q is not known statically", rs)
	}
	if strings.HasPrefix(rs, "+") {
		return fmt.Sprintf("force push (refspec %q)", rs)
	}
	if rs == ":" {
		return "refspec \":\" pushes every branch that exists on both sides"
	}
	src, dst, colon := rs, "", false
	if i := strings.LastIndexByte(rs, ':'); i >= 0 {
		src, dst, colon = rs[:i], rs[i+1:], true
	}
	if colon && src == "" {
		return fmt.Sprintf("refspec %q deletes a remote ref", rs)
	}
	if strings.Contains(src, "*") || strings.Contains(dst, "*") {
		d := dst
		if !colon {
			d = src
		}
		if strings.HasPrefix(d, "refs/tags/") || strings.HasPrefix(d, "tags/") {
			return ""
		}
		return fmt.Sprintf("wildcard refspec %q can update protected branches", rs)
	}
	if !colon {
		switch {
		case src == "HEAD" || src == "@":
			if cur == "" {
				return fmt.Sprintf("refspec %q pushes the current branch, and %s", rs, curWhy)
			}
			dst = cur
		default:
			dst = src
		}
	}
	if dst == "HEAD" || dst == "@" {
		return fmt.Sprintf("refspec %q updates the remote's HEAD, its default branch", rs)
	}
	if b, ok := pushedBranch(cleanRef(dst)); ok && p.protectedBranch(b) {
		return fmt.Sprintf("push to protected branch %q", b)
	}
	return ""
}

// cleanRef collapses repeated and leading slashes, which git's ref
// parsing tolerates in a push destination.
func cleanRef(r string) string {
	for strings.Contains(r, "//") {
		r = strings.ReplaceAll(r, "//", "/")
	}
	return strings.TrimPrefix(r, "/")
}

// pushedBranch returns the branch a push destination names: refs/heads/X,
// heads/X and a bare X (git DWIMs it to a branch unless the remote has a
// tag of that name: counted as a branch) are branches; tags and other refs
// are not.
func pushedBranch(dst string) (string, bool) {
	switch {
	case strings.HasPrefix(dst, "refs/heads/"):
		return dst[len("refs/heads/"):], true
	case strings.HasPrefix(dst, "heads/"):
		return dst[len("heads/"):], true
	case strings.HasPrefix(dst, "refs/"), strings.HasPrefix(dst, "tags/"), strings.HasPrefix(dst, "remotes/"):
		return "", false
	}
	return dst, true
}

// defaultPush judges a push without refspecs: its refs come from the
// configuration (remote.NAME.push, remote.NAME.mirror, push.default and
// the branch's upstream), from the line's -c first, else the repository's,
// the user's and the system's (gitconfig.go).
func (ev *evaluation) defaultPush(g *gitCall, remote, cur, curWhy string, forge forgePushOpts) string {
	var cfg map[string][]string
	if why := ev.lineChangesGit(); why != "" {
		return "a push without refspecs updates the refs git's configuration names, and " + why
	}
	if ev.p.opt.Git == nil || g.dir == "" || g.elsewhere != "" {
		return "a push without refspecs updates the refs the repository's configuration names, which Mandate cannot read here"
	}
	read, err := ev.gitConfig(g.dir, pushConfigRE)
	if err != nil {
		return fmt.Sprintf("a push without refspecs updates the refs the configuration names, and Mandate cannot read it: %v", err)
	}
	cfg = read
	for k, v := range g.config {
		cfg[k] = []string{v}
	}
	last := func(k string) string {
		if v := cfg[k]; len(v) > 0 {
			return v[len(v)-1]
		}
		return ""
	}
	if remote == "" {
		for _, k := range []string{"branch." + cur + ".pushremote", "remote.pushdefault", "branch." + cur + ".remote"} {
			if v := last(gitConfigKey(k)); v != "" {
				remote = v
				break
			}
		}
		if remote == "" {
			remote = "origin"
		}
	}
	if v := strings.ToLower(last(gitConfigKey("remote." + remote + ".mirror"))); v == "true" || v == "yes" || v == "on" || v == "1" {
		return fmt.Sprintf("remote %q is configured as a mirror (remote.%s.mirror): every ref is overwritten", remote, remote)
	}
	if specs := cfg[gitConfigKey("remote."+remote+".push")]; len(specs) > 0 {
		for _, rs := range specs {
			if why := ev.p.reviewRefVerdict(rs, cur, forge); why != "" {
				return fmt.Sprintf("remote.%s.push %q: %s", remote, rs, why)
			}
			if why := ev.p.refspecVerdict(rs, cur, curWhy); why != "" {
				return fmt.Sprintf("remote.%s.push %q: %s", remote, rs, why)
			}
		}
		return ""
	}
	mode := strings.ToLower(last("push.default"))
	switch mode {
	case "nothing":
		return ""
	case "matching":
		return "push.default=matching pushes every branch that exists on both sides, protected ones included"
	case "upstream", "tracking":
		merge := last(gitConfigKey("branch." + cur + ".merge"))
		if cur == "" {
			return "push.default=" + mode + " pushes the current branch to its upstream, and " + curWhy
		}
		if merge == "" {
			return "" // no upstream: git refuses
		}
		if b, ok := pushedBranch(merge); ok && ev.p.protectedBranch(b) {
			return fmt.Sprintf("push of %q to its upstream, protected branch %q (push.default=%s)", cur, b, mode)
		}
		return ""
	}
	// simple (the default) and current push the current branch to the
	// branch of the same name.
	if cur == "" {
		return "a push without refspecs pushes the current branch, and " + curWhy
	}
	if ev.p.protectedBranch(cur) {
		return fmt.Sprintf("push to protected branch %q (the current branch)", cur)
	}
	return ""
}

// subtreePush reads git subtree push --prefix P REMOTE REF: it pushes the
// split history to REF.
func (ev *evaluation) subtreePush(g *gitCall) string {
	_, pos := parseOpts(g.args[1:], optSet{shortVal: "Pm", longVal: []string{"prefix", "message", "annotate", "branch", "onto"}})
	if len(pos) < 2 {
		return "git subtree push without a remote and a ref"
	}
	ref := pos[1]
	if dynamicWord(ref) {
		return fmt.Sprintf("the ref %q is not known statically", ref)
	}
	if strings.HasPrefix(ref, "+") {
		return fmt.Sprintf("force push (ref %q)", ref)
	}
	if i := strings.LastIndexByte(ref, ':'); i >= 0 {
		ref = ref[i+1:]
	}
	if b, ok := pushedBranch(ref); ok && ev.p.protectedBranch(b) {
		return fmt.Sprintf("push to protected branch %q", b)
	}
	return ""
}
