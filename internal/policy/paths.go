package policy

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hostname"
	"github.com/mandate-dev/mandate/internal/shell"
)

// ---- paths ---------------------------------------------------------------

type opKind int

const (
	opRead opKind = iota
	opWrite
	opDelete
	opLink // the source of a hard link being created
)

func (o opKind) noun() string {
	switch o {
	case opWrite:
		return "write to"
	case opDelete:
		return "deletion of"
	case opLink:
		return "hard link of"
	}
	return "read of"
}

// reopened: a write to /dev/fd/N or /proc/self/fd/N opens the file the
// descriptor N is open on anew, for writing, whatever mode it was opened
// with: exec 3<agent-policy.yaml; echo x > /dev/fd/3 writes the policy.
// Which descriptor a redirection of the line opens is not reported, so
// every file the line opens by a redirection for reading is then judged
// as written too.
func (ev *evaluation) reopened(an *shell.Analysis) {
	fd := ""
	for _, w := range an.Writes {
		if p := path.Clean(w.Path); !w.Glob && !w.Dynamic && fdPath(p) {
			fd = p
			break
		}
	}
	if fd == "" {
		return
	}
	for _, r := range an.Reads {
		if strings.HasPrefix(r.Why, "redirect <") {
			ev.checkRef(r.Path, opWrite, pathFlags{glob: r.Glob, dyn: r.Dynamic, via: "reopened for writing through " + fd})
		}
	}
}

// fdPath reports whether p names one of the agent's open descriptors.
func fdPath(p string) bool {
	if strings.HasPrefix(p, "/dev/fd/") {
		return true
	}
	for _, self := range []string{"/proc/self/fd/", "/proc/thread-self/fd/"} {
		if n, ok := strings.CutPrefix(p, self); ok && isDigits(n) {
			return true
		}
	}
	return false
}

// devSink reports paths that are not file writes: the null device, the
// terminal, and the agent's own open descriptors (/dev/fd/N, and
// /proc/self/fd/N, /proc/thread-self/fd/N by their /proc names). A
// descriptor opened on a file earlier in the line is that file's write,
// reported where it is opened.
func devSink(p string) bool {
	switch p {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty":
		return true
	}
	return fdPath(p)
}

func (ev *evaluation) display(t *target) string {
	switch {
	case t.inRepo && t.rel == "":
		return "."
	case t.inRepo:
		return t.rel
	case t.inHome && t.hrel != "":
		return "~/" + t.hrel
	}
	return t.abs
}

// pathFlags say whether a path stands for several paths, and how the
// evaluation came to it.
type pathFlags struct {
	glob      bool // contains shell glob characters, expanded when the command runs
	dyn       bool // part of it is not known statically
	recursive bool // a trailing /* stands for every file below, dotfiles too (find -exec)
	resolved  bool // the path comes from a file-system walk: no symlinks to resolve
	// dotGlob and globStar are the shell options in force for a glob.
	dotGlob, globStar bool
	// candidate marks a possible write (shell.PathRef.Candidate).
	candidate bool
	// named narrows a candidate, or a delete or read, to the rules that
	// name files (block_paths, credential stores, self-protection): a
	// reading of a name that only matters if it names one (a diff
	// header's other strip levels, a container's path through a guessed
	// mount).
	named bool
	// tree is set on a glob read by a recursive reader (grep -R x s*, zip
	// -r a.zip *): each match is read with everything below it.
	tree *walkScope
	// cmd is the program that reads, writes or deletes the path.
	cmd string
	// object marks content git prints from its objects (history reads):
	// the path is the repository's name for it, not a file on disk.
	object bool
	// match marks a name a glob matched on disk: one that cannot be
	// resolved (a symlink loop) can be neither read nor written, and is
	// passed over rather than denied.
	match bool
	// via says how the path was found, for the reason ("matched by src/*").
	via string
	// found marks a glob standing for what find -exec hands its command:
	// with no match on disk the command is not run at all.
	found bool
	// gitJudged marks a git command's write of work-tree files whose
	// effect on protected files gitops.go judged by asking git
	// (rewriteCovered): self-protection is left to that judgment, every
	// other rule applies as to any write.
	gitJudged bool
	// into marks a write into a directory (a container's read-write
	// mount; mounts.go): what holds only because of what lies below it
	// — it holds a protected file, another name of one, or lies outside
	// allow_paths — is marked hit.below, what holds of the directory
	// itself is not.
	into bool
}

// below is the hit.below of a finding about what lies below the path.
func (fl *pathFlags) below() uint8 {
	if fl.into {
		return belowOther
	}
	return belowNone
}

// checks select the rules judge applies.
type checks uint8

const (
	chkBlock   checks = 1 << iota // block_paths
	chkCreds                      // credential stores
	chkSelf                       // self-protection: protected paths and files, reads never allowed
	chkApprove                    // require_approval
	chkAllow                      // allow_paths
	chkTrust                      // the trust level's limits on writes
	chkAll     = chkBlock | chkCreds | chkSelf | chkApprove | chkAllow | chkTrust
)

func (ev *evaluation) checkPath(abs string, op opKind) {
	ev.checkRef(abs, op, pathFlags{})
}

// checkRef judges one path an action reads, writes or deletes. abs is
// absolute; it may still hold "." and ".." (an agent's file tool path as
// given), which are applied after resolving symlinks, as the kernel
// does. A glob is judged by what it matches on disk where the disk can
// answer (globOnDisk), else as a pattern.
func (ev *evaluation) checkRef(abs string, op opKind, fl pathFlags) {
	raw := abs
	if !path.IsAbs(raw) {
		var err error
		if raw, err = ev.absPath(raw); err != nil {
			ev.deny(groupAnalysis, "path", abs, err.Error())
			return
		}
	}
	abs = path.Clean(raw)
	if ev.reach != nil {
		ev.listRef(abs, op == opDelete || fl.recursive || fl.tree != nil, fl.glob || fl.dyn) // listing mode (reaches.go)
		return
	}
	if op != opRead && devSink(abs) && !fl.glob && !fl.dyn {
		return
	}
	if fl.glob && !fl.dyn && !fl.resolved {
		if fl.recursive {
			if ev.findTree(abs, op) {
				return
			}
		} else if ev.globOnDisk(abs, op, fl) {
			return
		}
	}
	res := abs
	if !fl.resolved {
		var err error
		if res, err = ev.resolve(ev.kernelPath(raw)); err != nil {
			if fl.match {
				return
			}
			ev.deny(groupAnalysis, "path", abs, fmt.Sprintf("cannot resolve %q: %s", oneLine(abs, 120), oneLine(unwrapPath(err).Error(), 200)))
			return
		}
		res = path.Clean(res)
	}
	mask := chkAll
	if op == opLink {
		mask = chkSelf
	} else if fl.candidate {
		if mask = ev.candidateChecks(abs, res, fl); fl.named {
			mask &= chkBlock | chkCreds | chkSelf
		}
		if mask == 0 {
			return
		}
	} else if fl.named {
		mask = chkBlock | chkCreds | chkSelf
	}
	if fl.gitJudged {
		mask &^= chkSelf
	}
	targets := []*target{newTarget(abs, ev.root, ev.home)}
	if res != abs {
		targets = append(targets, newTarget(res, ev.rootR, ev.homeR))
	}
	ev.judge(targets, op, fl, mask)
}

// kernelPath rewrites the names that mean something else to the process
// that acts than to the engine's: /dev/fd is /proc/self/fd on Linux (so
// "/dev/fd/../environ" is /proc/self/environ even where the evaluation's
// file system has no /dev), and /proc/self/cwd and /proc/self/root (and
// thread-self's, and /proc/self/task/TID's) are the action's working
// directory and the root, not the engine's. That is a command's own
// process; an agent's file tool runs in the agent's process, whose
// working directory may be another (processPaths, proclinks.go). Another
// process's root (/proc/PID/root, /proc/PID/task/TID/root) is "/", as
// the shell analyser reads it; its other entries are named without the
// thread (/proc/PID/NAME/TAIL), and resolve through the real /proc.
func (ev *evaluation) kernelPath(p string) string {
	pid, name, tail, ok := procEntry(p) // proclinks.go
	if !ok {
		return p
	}
	switch name {
	case "cwd":
		if pid == "self" && ev.cwd != "" {
			return strings.TrimSuffix(ev.cwd, "/") + "/" + tail
		}
	case "root":
		return "/" + tail
	}
	if tail == "" {
		return "/proc/" + pid + "/" + name
	}
	return "/proc/" + pid + "/" + name + "/" + tail
}

// judge applies the rules mask selects to the forms of one path: as
// written, and resolved when that differs.
func (ev *evaluation) judge(targets []*target, op opKind, fl pathFlags, mask checks) {
	if fl.glob || fl.dyn {
		for _, t := range targets {
			t.makeGlob(fl.dyn)
			t.anywhere(ev.root, ev.home)
			if fl.recursive {
				t.starToAny()
			}
			if fl.tree != nil && op == opRead {
				t.below()
			}
		}
	}
	shown := ev.display(targets[0])
	if fl.via != "" {
		shown += " (" + fl.via + ")"
	}
	// A path known only in part can only possibly hit a rule: ask.
	hitEffect, could, isA := Deny, " matches", "it is"
	if fl.dyn {
		hitEffect, could, isA = Ask, " could match", "it could be"
	} else if fl.glob {
		could, isA = " (a glob) can match", "the glob can match"
	}
	noun := op.noun()
	if fl.candidate {
		noun = "possible " + noun
	}
	ix := &ev.p.idx
	del := op == opDelete
	for ti, t := range targets {
		subj := shown
		if ti > 0 {
			subj = fmt.Sprintf("%s (resolves to %s)", shown, ev.display(t))
		}
		if mask&chkBlock != 0 {
			ev.buf = ix.blockPaths.lookup(ev.p, t, ev.buf[:0], del)
			for _, rf := range ev.buf {
				ev.user(rf, hitEffect, subj, fmt.Sprintf("%s %q%s block_paths %q", noun, subj, could, ev.p.entry(rf).text))
			}
		}
		if mask&chkCreds != 0 {
			if store := ev.credentialStore(t, op != opRead); store != "" {
				kind := "read"
				if op != opRead {
					kind = "write"
				}
				ev.builtin(groupCreds, hitEffect, "credential-store", subj, fmt.Sprintf("%s %q%s credential store %s (relax only with credential_stores.allow_%ss)", noun, subj, could, store, kind))
			}
		}
		if op == opRead {
			if mask&chkSelf != 0 {
				ev.readProtected(t, subj, hitEffect, isA, fl.cmd)
			}
			continue
		}
		if mask&chkSelf != 0 {
			if why, holder := ev.selfProtected(t); why != "" && !(holder && fl.candidate) {
				if holder && fl.into {
					ev.markBelow = belowHeld
				}
				ev.builtin(groupSelf, hitEffect, "protected-path", subj, fmt.Sprintf("%s %q: %s %s, which agents may never change", noun, subj, isA, why))
				ev.markBelow = belowNone
			}
		}
		if mask&chkApprove != 0 {
			ev.buf = ix.approve.lookup(ev.p, t, ev.buf[:0], del)
			for _, rf := range ev.buf {
				ev.user(rf, Ask, subj, fmt.Sprintf("%s %q%s require_approval %q", noun, subj, could, ev.p.entry(rf).text))
			}
		}
	}
	if mask&chkSelf != 0 && !fl.glob && !fl.dyn && !fl.object {
		ev.markBelow = fl.below() // a directory's: another name of a protected file below it
		ev.identity(targets[len(targets)-1].abs, op, shown, fl)
		ev.markBelow = belowNone
	}
	if op == opRead {
		return
	}
	if mask&(chkBlock|chkApprove) != 0 {
		ev.pathRules(targets, op, shown, fl, hitEffect, could)
	}
	if mask&chkTrust != 0 && ev.trust == action.ReadOnly {
		ev.deny(groupTrust, "read-only", shown, fmt.Sprintf("trust level read_only does not allow the %s %q", noun, shown))
	}
	if mask&chkAllow != 0 {
		// A write into a directory outside allow_paths writes files below it.
		ev.markBelow = fl.below()
		ev.allowPaths(targets, shown, noun)
		ev.markBelow = belowNone
	}
}

// allowPaths applies allow_paths to a write or delete.
func (ev *evaluation) allowPaths(targets []*target, shown, noun string) {
	ix := &ev.p.idx
	// allow_paths: per policy, every form of the path must be allowed. A
	// glob or partly dynamic path is allowed only when its literal leading
	// directories are.
	allowEffect := Deny // an allow-list needs proof: a path not known is not allowed
	for _, pa := range ix.allowPolicies {
		allowed := true
		for _, t := range targets {
			if t.glob {
				t = newTarget(t.literalPrefix(), ev.root, ev.home)
				if t.rel == "" && t.inRepo {
					allowed = false // the repository root itself is never inside allow_paths
					break
				}
			}
			ev.buf = ix.allowPaths.lookup(ev.p, t, ev.buf[:0], false)
			ok := false
			for _, rf := range ev.buf {
				if int(rf.pol) == pa.pol {
					ok = true
					break
				}
			}
			if !ok {
				allowed = false
				break
			}
		}
		if !allowed {
			ev.userRule(pa.pol, pa.rule, allowEffect, shown, fmt.Sprintf("%s %q is outside allow_paths %s", noun, shown, pa.list))
		}
	}
}

// ---- hosts ---------------------------------------------------------------

func (ev *evaluation) checkHost(host, via string, network bool) {
	if strings.TrimSpace(host) == "" {
		return
	}
	ix := &ev.p.idx
	h, err := canonHost(host)
	if err != nil {
		// A host Mandate cannot read may be any host a rule names.
		if network && ev.trust == action.ReadOnly {
			ev.deny(groupTrust, "read-only", host, fmt.Sprintf("trust level read_only does not allow network access (host %q)", host))
		} else if ix.blockHosts.n > 0 || len(ix.allowHostPolicies) > 0 {
			ev.builtin(groupAnalysis, Ask, "unreadable-host", host, fmt.Sprintf("%s: host %q cannot be read as a host name (%v), so Mandate cannot tell whether a host rule names it", via, host, err))
		}
		return
	}
	if network && ev.trust == action.ReadOnly {
		ev.deny(groupTrust, "read-only", h, fmt.Sprintf("trust level read_only does not allow network access (host %q)", h))
	}
	if v4, ok := hostname.Embedded4(h); ok {
		ev.checkHost(v4, via, false) // the IPv4 address an IPv6 address reaches
	}
	ev.buf = ix.blockHosts.lookup(h, ev.buf[:0])
	for _, rf := range ev.buf {
		ev.user(rf, Deny, h, fmt.Sprintf("host %q matches block_hosts %q", h, ev.p.entry(rf).text))
	}
	ev.completed(h, via) // hostcomplete.go
	if len(ix.allowHostPolicies) == 0 {
		return
	}
	ev.buf = ix.allowHosts.lookup(h, ev.buf[:0])
	for _, pa := range ix.allowHostPolicies {
		ok := false
		for _, rf := range ev.buf {
			if int(rf.pol) == pa.pol {
				ok = true
				break
			}
		}
		if !ok {
			ev.userRule(pa.pol, pa.rule, Deny, h, fmt.Sprintf("host %q is not in allow_hosts %s", h, pa.list))
		}
	}
}

func (ev *evaluation) netFetch() {
	a := ev.a
	if a.URL != "" {
		u, err := url.Parse(a.URL)
		if err != nil {
			ev.deny(groupAnalysis, "bad-url", a.URL, fmt.Sprintf("URL cannot be parsed: %v", err))
			return
		}
		switch {
		case strings.EqualFold(u.Scheme, "file"):
			p, err := ev.absPath(u.Path)
			if err != nil || u.Path == "" {
				ev.deny(groupAnalysis, "bad-url", a.URL, "file URL without a usable path")
				return
			}
			ev.checkPath(p, opRead)
		case u.Hostname() == "":
			ev.deny(groupAnalysis, "bad-url", a.URL, fmt.Sprintf("URL %q names no host", a.URL))
		default:
			ev.checkHost(u.Hostname(), "net.fetch", true)
			ev.fetchRelays(a.URL, u.Hostname()) // fetchrelay.go
		}
	}
	if a.Host != "" {
		h := a.Host
		if hh, _, ok := strings.Cut(h, ":"); ok && !strings.Contains(hh, "[") && strings.Count(h, ":") == 1 {
			h = hh
		}
		ev.checkHost(h, "net.fetch", true)
	}
}
