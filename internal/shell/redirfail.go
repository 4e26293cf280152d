package shell

import (
	"path"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// A redirection that fails skips its command (red-team round 26, #d1).
// bash makes a statement's redirections, left to right, before it runs
// the command; when one fails, the command does not run, its status is
// 1 and the line goes on (cd src < nofile; cat ../.ssh/id_rsa reads
// ~/.ssh/id_rsa from the project). Verified in bash 5.2, each of these
// fails and skips a simple command, a { } group, a function's body:
//   - a file that cannot be opened: < a missing file, > or <> on a
//     directory, into a missing directory, a read-only file (not for
//     root), > under noclobber (set -C) on an existing regular file;
//   - N>&M and N<&M, and the move N>&M-, of a descriptor M not open;
//   - {NAME}> when NAME is readonly ("cannot assign fd to variable");
//   - an ambiguous redirect: a word that expands to no word or to more
//     than one (a glob under nullglob, $x unset or holding spaces).
// A statement of assignments alone (x=1 > docs) assigns all the same,
// $_ is set anyway; in POSIX mode a special builtin's failed
// redirection exits the shell (exec 3< nofile; . f < nofile): nothing
// after it runs, which judging what follows only covers.
// Known to succeed: here-documents and here-strings (a pipe or, past
// its size, a file in $TMPDIR, or /tmp when that is not writable),
// closing a descriptor (>&-, 9<&-, even one not open), anything on
// /dev/null, a process substitution (< <(…), > >(…)), and N>&M of a descriptor surely open: a standard stream
// the line did not change, a here-document, /dev/null, or one an
// earlier redirection of the statement opened that way. Everything
// else may fail: the analysis cannot tell a file is writable (a
// read-only file, a full disk, noclobber in a sourced file), and a
// descriptor a line opened with exec may not be open, since exec's
// redirection may have failed in turn.
//
// A statement whose redirections may fail is a branch (skippable): what
// its command changes may not have happened. Its directory state is the
// one where it ran, with the state before it as its failure state
// (cdfail.go), so cd src > log && make runs make in src/ (the && only
// goes on where the cd ran) and the line after it is judged in both.

// redirOutcome is whether s's redirections succeed, fail, or may do
// either (cdSucceeds, cdFails, cdMaybe: the outcomes of a cd); sc is the
// state before them.
func (a *analyzer) redirOutcome(s *syntax.Stmt, sc *scope) int {
	if s.Cmd == nil || len(s.Redirs) == 0 {
		return cdSucceeds
	}
	if c, ok := s.Cmd.(*syntax.CallExpr); ok && len(c.Args) == 0 {
		return cdSucceeds // assignments alone happen all the same
	}
	if globRedir(s.Redirs) {
		return cdMaybe // ambiguous under nullglob (nullglob.go)
	}
	// open: what the statement's earlier redirections left each
	// descriptor they set: surely open (true) or not (closed, maybe)
	var open map[int]bool
	for _, r := range s.Redirs {
		ok, opens := a.redirSucceeds(r, sc, open)
		if !ok {
			// the first that may fail: it surely fails, or the
			// statement may go on (to one that surely fails: maybe)
			return a.redirFails(r, sc, open)
		}
		fds, n := redirFDs(r)
		if open == nil {
			open = map[int]bool{}
		}
		for _, k := range fds[:n] {
			open[k] = opens
		}
		if r.Op == syntax.DplIn || r.Op == syntax.DplOut {
			if w := r.Word.Lit(); strings.HasSuffix(w, "-") && isFD(w) {
				m, _ := strconv.Atoi(strings.TrimSuffix(w, "-"))
				open[m] = false // moved: closed
			}
		}
	}
	return cdSucceeds
}

// redirFails is cdFails when the redirection r surely fails: {NAME}>
// of a readonly NAME; N>&M of a descriptor M the line closed (>&-, the
// statement's own earlier close or move too); a file redirection
// (Options.Dirs answers, cdfail.go): < of a file that is not there, >,
// >>, <> and &> of a directory, any of them into a directory that is
// not there; the line must not have touched the path (lineTouches), and
// its words be literal, without "." or "..". Anything else: cdMaybe.
func (a *analyzer) redirFails(r *syntax.Redirect, sc *scope, open map[int]bool) int {
	if r.N != nil && strings.HasPrefix(r.N.Value, "{") {
		if sc.roOf(a.refName(strings.Trim(r.N.Value, "{}"))) == roSure {
			return cdFails
		}
		return cdMaybe
	}
	if r.Op == syntax.DplIn || r.Op == syntax.DplOut {
		if w, ok := staticText(r.Word); ok && isFD(w) {
			m, err := strconv.Atoi(strings.TrimSuffix(w, "-"))
			if o, set := open[m]; err == nil && (set && !o || !set && closedFD(sc, m)) {
				return cdFails // closed by the line (>&-) or moved away
			}
		}
		return cdMaybe
	}
	if a.opt.Dirs == nil {
		return cdMaybe
	}
	switch r.Op {
	case syntax.RdrIn, syntax.RdrOut, syntax.AppOut, syntax.RdrInOut, syntax.RdrClob, syntax.RdrAll, syntax.AppAll, syntax.RdrAllClob, syntax.AppAllClob:
	default:
		return cdMaybe
	}
	w := r.Word.Lit()
	if w == "" || strings.HasPrefix(w, "~") || hasGlobMeta(w) || strings.HasPrefix(w, "/dev/") {
		return cdMaybe
	}
	for _, seg := range strings.Split(w, "/") {
		if seg == "." || seg == ".." {
			return cdMaybe
		}
	}
	if !strings.HasPrefix(w, "/") && (!sc.cwdKnown || sc.cwd == "" || len(sc.cwdAlts) > 0 || len(sc.cwdMaybe) > 0) {
		return cdMaybe
	}
	p, ok := a.absField(sc, field{s: w})
	if !ok || p == "/" {
		return cdMaybe
	}
	isDir, exists, known := a.isDir(p)
	if !known || a.lineTouches(p, false, exists) {
		return cdMaybe
	}
	if r.Op == syntax.RdrIn {
		if !exists {
			return cdFails
		}
		return cdMaybe // not readable, maybe
	}
	if isDir {
		return cdFails
	}
	if exists {
		return cdMaybe // a read-only file, noclobber, maybe
	}
	d := path.Dir(p)
	if isDir, exists, known := a.isDir(d); known && !exists && !isDir && !a.lineTouches(d, false, false) {
		return cdFails // no directory to make it in
	}
	return cdMaybe
}

// redirSucceeds reports whether the redirection r surely succeeds, and
// whether the descriptors it sets are then surely open.
func (a *analyzer) redirSucceeds(r *syntax.Redirect, sc *scope, open map[int]bool) (ok, opens bool) {
	if r.N != nil && strings.HasPrefix(r.N.Value, "{") {
		if sc.roOf(a.refName(strings.Trim(r.N.Value, "{}"))) != roNo {
			return false, false // cannot assign fd to variable
		}
	}
	switch r.Op {
	case syntax.Hdoc, syntax.DashHdoc, syntax.WordHdoc:
		return true, true
	case syntax.DplIn, syntax.DplOut:
		w, static := staticText(r.Word)
		if !static {
			return false, false
		}
		if w == "-" {
			return true, false // closing never fails
		}
		if isFD(w) {
			m, err := strconv.Atoi(strings.TrimSuffix(w, "-"))
			if err != nil {
				return false, false
			}
			if o, set := open[m]; set {
				return o, o
			}
			return fdSurelyOpen(sc, m), true
		}
	}
	if r.Word != nil && len(r.Word.Parts) == 1 {
		if _, ok := r.Word.Parts[0].(*syntax.ProcSubst); ok {
			return true, true // < <(…), > >(…): a pipe's /dev/fd name
		}
	}
	w, static := staticText(r.Word)
	return static && w == "/dev/null", true
}

// fdSurelyOpen reports whether the line surely left descriptor m open
// before the statement: a standard stream it did not change, a
// here-document, /dev/null.
func fdSurelyOpen(sc *scope, m int) bool {
	v, ok := sc.fd(m)
	if !ok {
		return false
	}
	switch v.kind {
	case fdStd, fdDoc:
		return true
	case fdFile:
		return !v.dyn && v.path == "/dev/null"
	}
	return false
}

// skippable walks fn, the command of a statement whose redirections may
// fail (out: cdMaybe) or surely fail (cdFails), in sc. Where they may
// fail its changes are a branch; its directory state is the one where it
// ran, with the state before it (merged with the command's own failure
// state, a cd that may fail) as the failure state (cdfail.go). Where
// they surely fail the command is judged and its changes dropped; the
// statement surely fails, in the state before it.
func (a *analyzer) skippable(sc *scope, out int, fn func(*scope) error) error {
	sc.settleFail()
	before := sc.dirState()
	if out == cdFails {
		err := a.isolated(sc, fn)
		before.sure = true
		sc.cdFail = before
		return err
	}
	c, err := a.enter(a.child(sc))
	if err != nil {
		return err
	}
	if err := fn(c); err != nil {
		return err
	}
	own := c.cdFail
	c.cdFail = nil
	ran := c.dirState()
	sc.merge(c)
	sc.setDirState(ran)
	fail := before
	if own != nil {
		var x, y scope
		x.setDirState(before)
		y.setDirState(own)
		x.mergeDirs(&y)
		fail = x.dirState()
		fail.sure = own.sure // the command fails where it runs as well
	}
	fail.first = true // the line as written stays where it was
	sc.cdFail = fail
	return nil
}

// closedFD reports whether the line surely closed descriptor m before
// the statement (a close never fails).
func closedFD(sc *scope, m int) bool {
	v, ok := sc.fdLookup(m)
	return ok && v.kind == fdClosed
}
