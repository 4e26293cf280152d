package gate

import (
	"io"
	"slices"
	"sync"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// callFS is the file system the policies look at during one hook call's
// decision: the real one (fsview.OS), with each Lstat and Readlink asked
// once per call. The listing of what the call's actions reach (touched.go)
// and the decision of each deciding policy resolve the same paths (the
// repository root and home directory of every action, then every path it
// names); each evaluation already remembered its own answers, and now the
// call's evaluations share them, so they also agree on what they saw.
// It lives for one decision (Gate.decide) and is never reused: a later
// call looks at the file system again. Directory listings and file
// contents are not remembered.
type callFS struct {
	mu    sync.Mutex
	lst   map[string]callLstat
	links map[string]callLink

	// dirs, in a resident engine whose inotify queue was looked at this
	// call, resolves the directories of dirsFor (the session's repository
	// root and home directory, which every evaluation resolves) from
	// what its watches vouch for (dirWatch.resolved).
	dirs    *dirWatch
	dirsFor []string
}

var _ fsview.DirResolver = (*callFS)(nil)

func (c *callFS) ResolvedDir(p string) (string, bool) {
	if c.dirs == nil || !slices.Contains(c.dirsFor, p) {
		return "", false
	}
	return c.dirs.resolved(p)
}

type callLstat struct {
	info fsview.Info
	err  error
}

type callLink struct {
	target string
	err    error
}

var _ fsview.OpenFS = (*callFS)(nil)

func (c *callFS) Lstat(name string) (fsview.Info, error) {
	c.mu.Lock()
	a, ok := c.lst[name]
	c.mu.Unlock()
	if ok {
		return a.info, a.err
	}
	info, err := fsview.OS.Lstat(name)
	c.mu.Lock()
	if c.lst == nil {
		c.lst = make(map[string]callLstat, 16)
	}
	c.lst[name] = callLstat{info, err}
	c.mu.Unlock()
	return info, err
}

func (c *callFS) Readlink(name string) (string, error) {
	c.mu.Lock()
	a, ok := c.links[name]
	c.mu.Unlock()
	if ok {
		return a.target, a.err
	}
	t, err := fsview.OS.Readlink(name)
	c.mu.Lock()
	if c.links == nil {
		c.links = make(map[string]callLink, 4)
	}
	c.links[name] = callLink{t, err}
	c.mu.Unlock()
	return t, err
}

func (c *callFS) ReadDir(name string, max int) ([]string, error) {
	return fsview.OS.ReadDir(name, max)
}

func (c *callFS) Open(name string) (io.ReadCloser, error) {
	return fsview.Open(fsview.OS, name)
}
