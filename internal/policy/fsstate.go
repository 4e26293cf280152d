package policy

import (
	"errors"
	"io/fs"
	"path"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// evalFS is the file system as one evaluation sees it: each lstat and
// readlink is asked at most once and its answer kept, so that resolving
// many paths below the same directories costs one system call per
// component, and every question gets the same answer within a decision.
// Listings are not kept (a glob or a walk asks each directory once).
type evalFS struct {
	fsys fsview.FS
	// The lstat answers: the first few in few (compared by name, no
	// hashing), then all of them in lst.
	few   []lstatEntry
	lst   map[string]lstatAnswer
	links map[string]linkAnswer
	// fewBuf backs few: the list costs no allocation of its own.
	fewBuf [fewLstats]lstatEntry
}

type lstatAnswer struct {
	info fsview.Info
	err  error
}

type lstatEntry struct {
	name string
	lstatAnswer
}

// fewLstats is how many lstat answers evalFS keeps in its list before it
// moves them to a map: most actions ask about fewer paths.
const fewLstats = 8

// answer returns the answer kept for name.
func (e *evalFS) answer(name string) (lstatAnswer, bool) {
	if e.lst != nil {
		a, ok := e.lst[name]
		return a, ok
	}
	for i := range e.few {
		if e.few[i].name == name {
			return e.few[i].lstatAnswer, true
		}
	}
	return lstatAnswer{}, false
}

// keep records the answer for name, replacing any kept before.
func (e *evalFS) keep(name string, a lstatAnswer) {
	if e.lst == nil {
		for i := range e.few {
			if e.few[i].name == name {
				e.few[i].lstatAnswer = a
				return
			}
		}
		if len(e.few) < fewLstats {
			if e.few == nil {
				e.few = e.fewBuf[:0]
			}
			e.few = append(e.few, lstatEntry{name, a})
			return
		}
		e.lst = make(map[string]lstatAnswer, 4*fewLstats)
		for _, x := range e.few {
			e.lst[x.name] = x.lstatAnswer
		}
		e.few = nil
		e.fewBuf = [fewLstats]lstatEntry{} // nothing kept alive through it
	}
	e.lst[name] = a
}

type linkAnswer struct {
	target string
	err    error
}

// ResolvedDir forwards to the file system when it is a
// fsview.DirResolver.
func (e *evalFS) ResolvedDir(p string) (string, bool) {
	if dr, ok := e.fsys.(fsview.DirResolver); ok {
		return dr.ResolvedDir(p)
	}
	return "", false
}

func (e *evalFS) Lstat(name string) (fsview.Info, error) {
	if a, ok := e.answer(name); ok {
		return a.info, a.err
	}
	info, err := e.fsys.Lstat(name)
	e.keep(name, lstatAnswer{info, err})
	return info, err
}

func (e *evalFS) Readlink(name string) (string, error) {
	if a, ok := e.links[name]; ok {
		return a.target, a.err
	}
	t, err := e.fsys.Readlink(name)
	if e.links == nil {
		e.links = make(map[string]linkAnswer, 2)
	}
	e.links[name] = linkAnswer{t, err}
	return t, err
}

func (e *evalFS) ReadDir(name string, max int) ([]string, error) {
	return e.fsys.ReadDir(name, max)
}

// remember records what a walk learnt of a path.
func (e *evalFS) remember(name string, info fsview.Info) {
	e.keep(name, lstatAnswer{info: info})
}

// fs returns the evaluation's file system.
func (ev *evaluation) fs() *evalFS {
	if ev.fsc == nil {
		f := ev.p.opt.FS
		if f == nil {
			f = fsview.OS
		}
		ev.fsv.fsys = f
		ev.fsc = &ev.fsv // part of the evaluation: no allocation of its own
	}
	return ev.fsc
}

// resolve resolves every symlink in the absolute path p, through
// Options.Resolve when set, else through the evaluation's file system. A
// directory the engine may not search is one the agent's commands, run
// as the same user, cannot pass either: the path is then taken as
// written from there on. Any other error (a loop, a path too long, a
// component that is not a directory) is returned for the caller to deny.
func (ev *evaluation) resolve(p string) (string, error) {
	if ev.p.opt.Resolve != nil {
		return ev.p.opt.Resolve(p)
	}
	r, err := fsview.Resolve(ev.fs(), p)
	if errors.Is(err, fs.ErrPermission) {
		return path.Clean(p), nil
	}
	return r, err
}

// lstat describes the already resolved path p; ok is false when there is
// nothing there (or it cannot be looked at).
func (ev *evaluation) lstat(p string) (fsview.Info, bool) {
	info, err := ev.fs().Lstat(p)
	return info, err == nil
}

// stat resolves p and describes what it names.
func (ev *evaluation) stat(p string) (fsview.Info, bool) {
	r, err := ev.resolve(p)
	if err != nil {
		return fsview.Info{}, false
	}
	return ev.lstat(r)
}
