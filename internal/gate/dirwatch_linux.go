package gate

import (
	"encoding/binary"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// dirWatch spares a resident engine the stat, on every call, of each
// directory that holds pinned-absent files (the agents' configuration
// directories, every PATH directory): once a directory's state is taken
// under inotify watches of the directory and of every directory on its
// path, the state stands until an event says otherwise.
//
// What a stat of the directory would see through its path can change only
// by an entry of that path changing (created, removed, renamed, its mode
// changed), by the directory's own entries changing, or by a mount. So a
// directory is cached only when:
//
//   - every directory from / down to it (or down to the deepest one that
//     exists, for a directory that is gone) is watched, each for the name
//     of the next component, and the directory itself for any event;
//   - the watches were in place before the path was walked with lstat and
//     the directory stat'ed (anything changed after that is an event);
//   - a symlink on the path is followed, its target's path watched in the
//     same way (the link's own directory is watched for its name: a link
//     cannot change without being replaced), at most maxLinks of them;
//   - every watched directory is on a local file system (ext2/3/4, xfs,
//     btrfs, tmpfs), where every change goes through this kernel and so
//     raises its events.
//
// Before the cached states are used, every queued event is read: an event
// naming a watched component, any event in a watched directory itself,
// a watch lost (IN_IGNORED, the directory deleted or unmounted), or a
// queue overflow drops the states that depended on it, which are then
// stat'ed again. A change of the mount table (polled on
// /proc/self/mountinfo) drops them all. When inotify cannot be used (no
// instance left, a read error), every directory is stat'ed, as before.
type dirWatch struct {
	mu     sync.Mutex
	inited bool
	fds    *watchFDs
	broken bool // an error reading events: stat everything from now on
	wds    map[int32]*watchedDir
	states map[string]watchedState // by directory; only what no event has touched
	gen    uint64                  // the last generation given to a cached state
	// epoch changes whenever a cached state is dropped: while it holds,
	// every state cached since is still cached and still stands.
	epoch uint64
	never map[string]bool // directories found not cacheable (another file system or too many symlinks on the path): stat'ed every call
	buf   []byte
}

// watchFDs are closed when the dirWatch is collected (a pin store dropped
// from a full Cache).
type watchFDs struct{ ino, mnt int }

// watchedState is a cached directory state, and its generation: a number
// given when it was cached, never given again.
type watchedState struct {
	st       dirState
	gen      uint64
	resolved string // for a resolution (resolved): the path found
}

type watchedDir struct {
	self  []string            // cached directories that are this one: any event drops them
	names map[string][]string // a child's name → cached directories whose path goes through it
}

// watchMask is every change of a directory's entries or of itself.
const watchMask = unix.IN_ATTRIB | unix.IN_CREATE | unix.IN_DELETE | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF |
	unix.IN_MOVED_FROM | unix.IN_MOVED_TO | unix.IN_DONT_FOLLOW | unix.IN_ONLYDIR

// contentMask adds the writes in place of a directory's files (through
// that directory) to watchMask.
const contentMask = unix.IN_MODIFY | unix.IN_CLOSE_WRITE

// Bounds: past them, further directories are stat'ed every call.
const (
	maxWatchedDirs = 1024
	maxWatches     = 4096
	maxLinks       = 8 // symlinks followed on one directory's path
)

func (w *dirWatch) init() bool {
	if w.inited {
		return w.fds != nil && !w.broken
	}
	w.inited = true
	ino, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return false
	}
	mnt, err := unix.Open("/proc/self/mountinfo", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		unix.Close(ino)
		return false
	}
	w.fds = &watchFDs{ino: ino, mnt: mnt}
	runtime.AddCleanup(w, func(f *watchFDs) { unix.Close(f.ino); unix.Close(f.mnt) }, w.fds)
	w.wds = make(map[int32]*watchedDir)
	w.states = make(map[string]watchedState)
	w.never = make(map[string]bool)
	w.buf = make([]byte, 64<<10)
	return true
}

// refresh reads every queued event and drops the states they touch; it
// reports whether cached states may be used. Called once per check of
// the pins, before any state is used.
func (w *dirWatch) refresh() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.init() {
		return false
	}
	// One poll for both: events queued, the mount table changed.
	fds := [2]unix.PollFd{{Fd: int32(w.fds.ino), Events: unix.POLLIN}, {Fd: int32(w.fds.mnt), Events: unix.POLLPRI}}
	for {
		_, err := unix.Poll(fds[:], 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			w.fail()
			return false
		}
		break
	}
	if fds[1].Revents != 0 {
		w.drop() // the mount table changed
	}
	if fds[0].Revents&^unix.POLLIN != 0 {
		w.fail()
		return false
	}
	for fds[0].Revents != 0 {
		n, err := unix.Read(w.fds.ino, w.buf)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			break
		}
		if err != nil || n <= 0 {
			w.fail()
			return false
		}
		before := len(w.states)
		w.events(w.buf[:n])
		if len(w.states) != before {
			w.epoch++
		}
	}
	return true
}

// drop forgets every cached state.
func (w *dirWatch) drop() {
	clear(w.states)
	w.epoch++
}

// fail gives up on the watches: every directory is stat'ed from now on.
func (w *dirWatch) fail() {
	w.broken = true
	w.drop()
}

// epochNow is the epoch: use after refresh reported true, and only for
// states whose generation was not 0.
func (w *dirWatch) epochNow() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.epoch
}

// events applies a buffer of inotify events.
func (w *dirWatch) events(b []byte) {
	const hdr = unix.SizeofInotifyEvent
	for len(b) >= hdr {
		wd := int32(binary.NativeEndian.Uint32(b[0:]))
		mask := binary.NativeEndian.Uint32(b[4:])
		nlen := int(binary.NativeEndian.Uint32(b[12:]))
		if hdr+nlen > len(b) {
			clear(w.states) // a short read: trust nothing
			return
		}
		name := strings.TrimRight(string(b[hdr:hdr+nlen]), "\x00")
		b = b[hdr+nlen:]
		if mask&unix.IN_Q_OVERFLOW != 0 {
			clear(w.states)
			continue
		}
		d := w.wds[wd]
		if d == nil {
			continue
		}
		for _, dir := range d.self {
			delete(w.states, dir)
		}
		d.self = d.self[:0]
		if name == "" || mask&(unix.IN_IGNORED|unix.IN_UNMOUNT|unix.IN_DELETE_SELF|unix.IN_MOVE_SELF) != 0 {
			// the watched directory itself: everything through it
			for n, dirs := range d.names {
				for _, dir := range dirs {
					delete(w.states, dir)
				}
				delete(d.names, n)
			}
			if mask&unix.IN_IGNORED != 0 {
				delete(w.wds, wd)
			}
			continue
		}
		for _, dir := range d.names[name] {
			delete(w.states, dir)
		}
		delete(d.names, name)
	}
}

// state is statDir(dir, now), from the cache when no event touched it
// since it was taken; use after refresh reported true.
func (w *dirWatch) state(dir string, now int64) dirState {
	st, _ := w.stateWith(dir, now, 0)
	return st
}

// stateWith is state, the directory itself also watched for the events
// of extra (contentMask: its files written in place). It also returns the
// cached state's generation: while a later call returns the same one, no
// event has touched the directory or its path since the state was taken
// (0: not cached, a state that vouches for nothing past this moment).
func (w *dirWatch) stateWith(dir string, now int64, extra uint32) (dirState, uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c, ok := w.states[dir]; ok {
		return c.st, c.gen
	}
	st := w.take(dir, now, extra)
	if c, ok := w.states[dir]; ok {
		return c.st, c.gen
	}
	return st, 0
}

// take is stateWith for a directory whose state is not cached: it stats
// it and, where it can, caches its state under watches.
func (w *dirWatch) take(dir string, now int64, extra uint32) dirState {
	if w.broken || w.fds == nil || w.never[dir] || len(w.states) >= maxWatchedDirs || len(w.wds) >= maxWatches ||
		!filepath.IsAbs(dir) || filepath.Clean(dir) != dir {
		return statDir(dir, now)
	}
	// A directory modified within racyWindow (or unreadable) is not
	// cached: one stat says so without walking and watching its path on
	// every call until it settles.
	if pre := statDir(dir, now); !pre.gone && !pre.trusted {
		return pre
	}
	never := func() dirState {
		if len(w.never) < maxWatchedDirs {
			w.never[dir] = true
		}
		return statDir(dir, now)
	}
	var deps [32]dep
	cur, ds, exists, res := w.walk(dir, deps[:0])
	switch res {
	case walkNever:
		return never()
	case walkUnreadable:
		return statDir(dir, now)
	}
	if exists {
		wd, ok := w.watchMask(cur, watchMask|extra) // dir itself, or what its symlinks lead to
		if !ok {
			return never()
		}
		ds = append(ds, dep{wd, ""})
	}
	st := statDir(dir, now)
	if st.gone == exists || !st.gone && !st.trusted {
		return st // changed while walked, unreadable, or racy: not cached
	}
	w.depend(dir, ds)
	w.gen++
	w.states[dir] = watchedState{st: st, gen: w.gen}
	return st
}

// dep is what a cached entry depends on: a watched directory's entry of
// that name, or ("") anything in the directory itself.
type dep struct {
	wd   int32
	name string
}

// walk results.
const (
	walkOK         = iota
	walkNever      // not cacheable: another file system, too many symlinks
	walkUnreadable // not cacheable this time
)

// walk watches each directory of dir's path for the next name, from the
// root down, before looking that name up, and returns the path it
// resolves to (when it exists) and the watches it depends on. A symlink
// on the way (/bin → usr/bin) is read once its directory is watched for
// its name, and the walk starts again along its target: a link cannot be
// changed, only replaced, which is an event naming it.
func (w *dirWatch) walk(dir string, ds []dep) (cur string, _ []dep, exists bool, res int) {
	cur, rest := "/", strings.TrimPrefix(dir, "/")
	links := 0
	for rest != "" {
		name, after, _ := strings.Cut(rest, "/")
		switch name {
		case "", ".":
			rest = after
			continue
		case "..":
			// cur was reached from the root through directories only,
			// so its parent on disk is its lexical parent.
			cur, rest = filepath.Dir(cur), after
			continue
		}
		wd, ok := w.watch(cur)
		if !ok {
			return "", nil, false, walkNever
		}
		ds = append(ds, dep{wd, name})
		next := filepath.Join(cur, name)
		var st unix.Stat_t
		err := lstat(next, &st)
		if err == unix.ENOENT {
			return next, ds, false, walkOK
		}
		if err != nil {
			return "", nil, false, walkUnreadable
		}
		if st.Mode&unix.S_IFMT == unix.S_IFLNK {
			if links++; links > maxLinks {
				return "", nil, false, walkNever
			}
			target, err := readlink(next)
			if err != nil || target == "" {
				return "", nil, false, walkUnreadable // replaced while walked, or unreadable
			}
			if !filepath.IsAbs(target) {
				target = cur + "/" + target
			}
			// Not cleaned: a ".." after a symlink in the target (or in
			// the rest of dir) is that link's parent on disk, not the
			// text before it; the loop takes each name as the kernel does.
			cur, rest = "/", target+"/"+after
			continue
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			return next, ds, false, walkOK // a lookup below a file fails (ENOTDIR)
		}
		cur, rest = next, after
	}
	return cur, ds, true, walkOK
}

// depend records that the cached entry key depends on ds.
func (w *dirWatch) depend(key string, ds []dep) {
	for _, d := range ds {
		wd := w.wds[d.wd]
		if d.name == "" {
			if !slices.Contains(wd.self, key) {
				wd.self = append(wd.self, key)
			}
		} else if !slices.Contains(wd.names[d.name], key) {
			wd.names[d.name] = append(wd.names[d.name], key) // kept once however often it is cached again
		}
	}
}

// resolved is what the existing directory dir resolves to, every symlink
// of its path followed (as fsview.Resolve does), taken under watches of
// every directory of its path for the next name (walk) and kept until an
// event names one of them. Unlike a directory's state, it does not depend
// on what the directory holds. ok is false when it cannot tell: no
// inotify, dir missing or not a directory, a path not cacheable.
func (w *dirWatch) resolved(dir string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := "\x00" + dir // beside the directory states, never a path
	if c, ok := w.states[key]; ok {
		return c.resolved, true
	}
	if w.broken || w.fds == nil || w.never[key] || len(w.states) >= maxWatchedDirs || len(w.wds) >= maxWatches ||
		!filepath.IsAbs(dir) || filepath.Clean(dir) != dir {
		return "", false
	}
	var deps [32]dep
	cur, ds, exists, res := w.walk(dir, deps[:0])
	if res == walkNever && len(w.never) < maxWatchedDirs {
		w.never[key] = true
	}
	if res != walkOK || !exists {
		return "", false
	}
	w.depend(key, ds)
	w.gen++
	w.states[key] = watchedState{resolved: cur, gen: w.gen}
	return cur, true
}

// watch adds (or finds) the watch of directory dir, which must be on a
// local file system.
func (w *dirWatch) watch(dir string) (int32, bool) { return w.watchMask(dir, watchMask) }

func (w *dirWatch) watchMask(dir string, mask uint32) (int32, bool) {
	var fs unix.Statfs_t
	for {
		err := unix.Statfs(dir, &fs)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, false
		}
		break
	}
	switch uint32(fs.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.TMPFS_MAGIC:
	default:
		return 0, false
	}
	// IN_MASK_ADD: a directory watched with contentMask keeps it when it
	// is watched again as another's ancestor.
	wd, err := unix.InotifyAddWatch(w.fds.ino, dir, mask|unix.IN_MASK_ADD)
	if err != nil {
		return 0, false
	}
	if w.wds[int32(wd)] == nil {
		w.wds[int32(wd)] = &watchedDir{names: make(map[string][]string)}
	}
	return int32(wd), true
}

func readlink(p string) (string, error) {
	var buf [unix.PathMax]byte
	for {
		n, err := unix.Readlink(p, buf[:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return "", err
		}
		if n >= len(buf) {
			return "", unix.ENAMETOOLONG
		}
		return string(buf[:n]), nil
	}
}

func lstat(p string, st *unix.Stat_t) error {
	for {
		err := unix.Lstat(p, st)
		if err != unix.EINTR {
			return err
		}
	}
}
