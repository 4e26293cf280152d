package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/shell"
)

// ---- paths ---------------------------------------------------------------

type opKind int

const (
	opRead opKind = iota
	opWrite
	opDelete
)

func (o opKind) noun() string {
	switch o {
	case opWrite:
		return "write to"
	case opDelete:
		return "deletion of"
	}
	return "read of"
}

// devSink reports paths that are not file writes.
func devSink(p string) bool {
	switch p {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty":
		return true
	}
	return strings.HasPrefix(p, "/dev/fd/")
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

// pathFlags say whether a path stands for several paths.
type pathFlags struct {
	glob      bool // contains shell glob characters, expanded when the command runs
	dyn       bool // part of it is not known statically
	recursive bool // a trailing /* stands for every file below, dotfiles too (find -exec)
	resolved  bool // the path comes from a file-system walk: no symlinks to resolve
}

func (ev *evaluation) checkPath(abs string, op opKind) {
	ev.checkRef(abs, op, pathFlags{})
}

func (ev *evaluation) checkRef(abs string, op opKind, fl pathFlags) {
	abs = path.Clean(abs)
	if !path.IsAbs(abs) {
		var err error
		if abs, err = ev.absPath(abs); err != nil {
			ev.deny(groupAnalysis, "path", abs, err.Error())
			return
		}
	}
	if op != opRead && devSink(abs) && !fl.glob && !fl.dyn {
		return
	}
	res := abs
	if !fl.resolved {
		var err error
		if res, err = ev.resolve(abs); err != nil {
			ev.deny(groupAnalysis, "path", abs, fmt.Sprintf("cannot resolve %q: %v", abs, err))
			return
		}
	}
	targets := []*target{newTarget(abs, ev.root, ev.home)}
	if res != abs {
		targets = append(targets, newTarget(path.Clean(res), ev.rootR, ev.homeR))
	}
	if fl.glob || fl.dyn {
		for _, t := range targets {
			t.makeGlob(fl.dyn)
			if fl.recursive {
				t.starToAny()
			}
		}
	}
	shown := ev.display(targets[0])
	// A path known only in part can only possibly hit a rule: ask.
	hitEffect, could, isA := Deny, " matches", "it is"
	if fl.dyn {
		hitEffect, could, isA = Ask, " could match", "it could be"
	} else if fl.glob {
		could, isA = " (a glob) can match", "the glob can match"
	}
	ix := &ev.p.idx
	del := op == opDelete
	for ti, t := range targets {
		subj := shown
		if ti > 0 {
			subj = fmt.Sprintf("%s (resolves to %s)", shown, ev.display(t))
		}
		ev.buf = ix.blockPaths.lookup(ev.p, t, ev.buf[:0], del)
		for _, rf := range ev.buf {
			ev.user(rf, hitEffect, subj, fmt.Sprintf("%s %q%s block_paths %q", op.noun(), subj, could, ev.p.entry(rf).text))
		}
		if store := ev.credentialStore(t, op != opRead); store != "" {
			kind := "read"
			if op != opRead {
				kind = "write"
			}
			ev.builtin(groupCreds, hitEffect, "credential-store", subj, fmt.Sprintf("%s %q%s credential store %s (relax only with credential_stores.allow_%ss)", op.noun(), subj, could, store, kind))
		}
		if op == opRead {
			continue
		}
		if why := ev.selfProtected(t); why != "" {
			ev.builtin(groupSelf, hitEffect, "protected-path", subj, fmt.Sprintf("%s %q: %s %s, which agents may never change", op.noun(), subj, isA, why))
		}
		ev.buf = ix.approve.lookup(ev.p, t, ev.buf[:0], del)
		for _, rf := range ev.buf {
			ev.user(rf, Ask, subj, fmt.Sprintf("%s %q%s require_approval %q", op.noun(), subj, could, ev.p.entry(rf).text))
		}
	}
	if op == opRead {
		return
	}
	ev.pathRules(targets, op, shown, fl, hitEffect, could)
	if ev.trust == action.ReadOnly {
		ev.deny(groupTrust, "read-only", shown, fmt.Sprintf("trust level read_only does not allow the %s %q", op.noun(), shown))
	}
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
			ev.userRule(pa.pol, pa.rule, allowEffect, shown, fmt.Sprintf("%s %q is outside allow_paths %s", op.noun(), shown, pa.list))
		}
	}
}

// ---- hosts ---------------------------------------------------------------

func (ev *evaluation) checkHost(host, via string, network bool) {
	h := canonHost(host)
	if h == "" {
		return
	}
	ix := &ev.p.idx
	if network && ev.trust == action.ReadOnly {
		ev.deny(groupTrust, "read-only", h, fmt.Sprintf("trust level read_only does not allow network access (host %q)", h))
	}
	ev.buf = ix.blockHosts.lookup(h, ev.buf[:0])
	for _, rf := range ev.buf {
		ev.user(rf, Deny, h, fmt.Sprintf("host %q matches block_hosts %q", h, ev.p.entry(rf).text))
	}
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

// Bounds on the file-system walk of a recursive read.
const (
	maxRecursiveFiles = 20000
	maxRecursiveTime  = 100 * time.Millisecond
)

// recursiveRead checks the files a recursive read (grep -r ., cp -r src
// /tmp, tar czf x.tgz .) would read against the read rules: reading a
// directory reads whatever a blocked pattern matches below it. It stops at
// the first file that is denied; a tree too large to check in time is an
// ask, never a silent allow.
func (ev *evaluation) recursiveRead(r shell.PathRef) {
	walk := ev.p.opt.Walk
	if walk == nil {
		walk = walkFS
	}
	start := len(ev.hits)
	n := 0
	tooBig := false
	deadline := time.Now().Add(maxRecursiveTime)
	_ = walk(r.Path, func(p string) bool {
		if n++; n > maxRecursiveFiles || (n%256 == 0 && time.Now().After(deadline)) {
			tooBig = true
			return false
		}
		ev.checkRef(p, opRead, pathFlags{resolved: true})
		for _, h := range ev.hits[start:] {
			if h.f.Effect == Deny {
				return false
			}
		}
		return true
	})
	if tooBig {
		ev.builtin(groupAnalysis, Ask, "recursive-read", r.Path,
			fmt.Sprintf("%s reads everything below %q, more files than Mandate checks against the read rules (%d, or %s)", r.Cmd, ev.display(newTarget(r.Path, ev.root, ev.home)), maxRecursiveFiles, maxRecursiveTime))
	}
}

// walkFS lists regular files below dir without following symlinks,
// skipping .git. A dir that is a file is visited itself.
func walkFS(dir string, visit func(string) bool) error {
	stop := errors.New("stop")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: the command cannot read it either
		}
		if d.IsDir() {
			if d.Name() == ".git" && p != dir {
				return filepath.SkipDir
			}
			return nil
		}
		if !visit(p) {
			return stop
		}
		return nil
	})
	if errors.Is(err, stop) {
		return nil
	}
	return err
}
