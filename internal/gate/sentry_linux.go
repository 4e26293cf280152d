package gate

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Sentry is the resident engine's watch of the pinned files (red-team
// round 28, #301, #305): an inotify instance of its own (the dirWatch of
// the pin store only spares stats, and its queue is read by hook calls)
// with a watch on the directory of every pinned file of every pinned
// scope (the nearest existing ancestor, for the name of the next
// component, when that directory does not exist; a pinned directory
// itself for any event), and on the pins directory, whose manifests tell
// what to watch. An event naming a pinned file makes its scope pending;
// once the watched directories were still for Quiet (at most MaxDelay
// after the first event, at least MinGap after the last check), the
// pending scopes are checked as a hook call checks them (Gate.sweep), in
// the sentry's own goroutine: it never holds a hook call except by the
// pins lock that any check takes, for one scope's settle. The files an
// event named are noted as the pins had them when the event was read,
// for the transient changes (sweep.go).
//
// A change a person makes through Mandate's commands (install,
// uninstall, policy init, tamper ack, policy accept) holds the pins lock
// from before its write to its acceptance (cli/ownchange.go): the check
// waits for it and finds the pins moved, so it neither locks nor
// restores. A change made any other way is what a hook call would find
// it to be (unattended.go), attributed the same way.
type Sentry struct {
	o    SentryOptions
	p    *pinStore
	fd   int
	wds  map[int32]*sentryDir
	full bool // maxSentryDirs reached (logged once)

	mu      sync.Mutex
	stopped bool
	done    chan struct{}
	sweeps  int // checks run, for tests
}

// sentryDir is one watched directory: the pinned files (or the next
// components of their paths) it holds, by name.
type sentryDir struct {
	names map[string][]sentryTarget
	any   []sentryTarget // a pinned directory: every event
	pins  bool           // the pins directory: its manifests changed
}

// sentryTarget is a scope an event makes pending; path is the pinned
// file itself when the event names it (exact), for its snapshot.
type sentryTarget struct {
	sc    scope
	path  string
	exact bool
}

const sentryMask = unix.IN_ATTRIB | unix.IN_CREATE | unix.IN_DELETE | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF |
	unix.IN_MOVED_FROM | unix.IN_MOVED_TO | unix.IN_MODIFY | unix.IN_CLOSE_WRITE | unix.IN_DONT_FOLLOW | unix.IN_ONLYDIR

// StartSentry starts the sentry's goroutine; Close stops it.
func StartSentry(o SentryOptions) (*Sentry, error) {
	o.defaults()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	s := &Sentry{o: o, p: &pinStore{dir: o.StateDir}, fd: fd, done: make(chan struct{})}
	s.build()
	go s.run()
	return s, nil
}

// Close stops the sentry and waits for its check in progress, for a few
// seconds at most: a check waits for the pins lock, which another process
// may hold, and an engine stopping does not wait on it.
func (s *Sentry) Close() {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.stopped = true
	s.mu.Unlock()
	select {
	case <-s.done:
	case <-time.After(sentryCloseWait):
	}
}

func (s *Sentry) isStopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

// build (re)makes the watches from the manifests. inotify gives a
// directory watched again its watch's descriptor: the table is rebuilt,
// the watches stay.
func (s *Sentry) build() {
	s.wds = make(map[int32]*sentryDir)
	if os.MkdirAll(s.p.pinsDir(), 0o700) == nil {
		if d := s.watch(s.p.pinsDir()); d != nil {
			d.pins = true
		}
	}
	scopes, err := s.p.pinnedScopes()
	if err != nil {
		s.o.Logf("sentry: %v", err)
		return
	}
	for _, sc := range scopes {
		m, err := s.p.load(sc)
		if err != nil || m == nil {
			continue
		}
		if !sc.global {
			sc.id = dirID(sc.root)
		}
		for _, e := range m.Entries {
			if isDirKind(e.Kind) {
				if d := s.watch(e.Path); d != nil {
					d.any = append(d.any, sentryTarget{sc: sc})
				}
			}
			s.watchName(filepath.Dir(e.Path), filepath.Base(e.Path), sentryTarget{sc: sc, path: e.Path, exact: true})
		}
	}
}

// watchName watches dir for name, or the nearest existing ancestor of
// dir for the next component of the path (its creation is an event).
func (s *Sentry) watchName(dir, name string, t sentryTarget) {
	for i := 0; i < 64; i++ {
		if d := s.watch(dir); d != nil {
			d.names[name] = append(d.names[name], t)
			return
		}
		if _, err := os.Lstat(dir); err == nil || dir == filepath.Dir(dir) {
			return // there, and not watchable (or the root)
		}
		dir, name = filepath.Dir(dir), filepath.Base(dir)
		t.exact = false
	}
}

// watch adds (or finds) the watch of the existing directory dir.
func (s *Sentry) watch(dir string) *sentryDir {
	if len(s.wds) >= maxSentryDirs {
		if !s.full {
			s.full = true
			s.o.Logf("sentry: more than %d directories hold pinned files: the rest are checked by hook calls only", maxSentryDirs)
		}
		return nil
	}
	wd, err := unix.InotifyAddWatch(s.fd, dir, sentryMask)
	if err != nil {
		return nil
	}
	d := s.wds[int32(wd)]
	if d == nil {
		d = &sentryDir{names: make(map[string][]sentryTarget)}
		s.wds[int32(wd)] = d
	}
	return d
}

// run reads events, coalesces them and checks the pending scopes.
func (s *Sentry) run() {
	defer close(s.done)
	defer unix.Close(s.fd)
	buf := make([]byte, 64<<10)
	pending := map[string]scope{}
	snaps := map[string]entrySnap{}
	var first, last, lastCheck time.Time
	rebuild := false
	for !s.isStopped() {
		wait := 200 * time.Millisecond
		if len(pending) > 0 {
			now := time.Now()
			wait = min(s.o.Quiet-now.Sub(last), s.o.MaxDelay-now.Sub(first), wait)
			wait = max(wait, s.o.MinGap-now.Sub(lastCheck), 0)
		}
		fds := []unix.PollFd{{Fd: int32(s.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(wait/time.Millisecond)+1)
		if err != nil && !errors.Is(err, unix.EINTR) {
			s.o.Logf("sentry: %v; the pins are checked by hook calls only", err)
			return
		}
		if n > 0 {
			for {
				k, err := unix.Read(s.fd, buf)
				if err == unix.EINTR {
					continue
				}
				if k <= 0 || err != nil {
					break
				}
				now := time.Now()
				if len(pending) == 0 {
					first = now
				}
				last = now
				if s.events(buf[:k], pending, snaps) {
					rebuild = true
				}
			}
		}
		now := time.Now()
		if len(pending) > 0 && (now.Sub(last) >= s.o.Quiet || now.Sub(first) >= s.o.MaxDelay) && now.Sub(lastCheck) >= s.o.MinGap {
			s.o.check(pending, snaps)
			lastCheck = time.Now()
			s.mu.Lock()
			s.sweeps++
			s.mu.Unlock()
			clear(pending)
			clear(snaps)
			rebuild = true // a check may pin or restore files
		}
		if rebuild && len(pending) == 0 {
			s.build()
			rebuild = false
		}
	}
}

// events applies a buffer of events: the scopes they make pending, the
// snapshots of the files they name; it reports whether the watches must
// be rebuilt.
func (s *Sentry) events(b []byte, pending map[string]scope, snaps map[string]entrySnap) bool {
	const hdr = unix.SizeofInotifyEvent
	rebuild := false
	all := func() {
		for _, d := range s.wds {
			for _, ts := range d.names {
				for _, t := range ts {
					pending[t.sc.key()] = t.sc
				}
			}
		}
	}
	for len(b) >= hdr {
		wd := int32(binary.NativeEndian.Uint32(b[0:]))
		mask := binary.NativeEndian.Uint32(b[4:])
		nlen := int(binary.NativeEndian.Uint32(b[12:]))
		if hdr+nlen > len(b) {
			all()
			return true
		}
		name := strings.TrimRight(string(b[hdr:hdr+nlen]), "\x00")
		b = b[hdr+nlen:]
		if mask&unix.IN_Q_OVERFLOW != 0 {
			all() // events lost: every scope is checked
			rebuild = true
			continue
		}
		d := s.wds[wd]
		if d == nil {
			continue
		}
		if d.pins {
			if strings.HasSuffix(name, ".pins") || name == rootsName {
				rebuild = true
			}
			continue
		}
		var ts []sentryTarget
		if name == "" || mask&(unix.IN_IGNORED|unix.IN_DELETE_SELF|unix.IN_MOVE_SELF) != 0 {
			for _, t := range d.names {
				ts = append(ts, t...)
			}
			rebuild = true
		} else {
			ts = d.names[name]
			if len(ts) > 0 && mask&(unix.IN_CREATE|unix.IN_MOVED_TO) != 0 {
				rebuild = true // a directory on a pinned file's path may have appeared
			}
		}
		ts = append(ts, d.any...)
		for _, t := range ts {
			pending[t.sc.key()] = t.sc
			if t.exact {
				if _, ok := snaps[t.path]; !ok {
					s.snap(t, snaps)
				}
			}
		}
	}
	return rebuild
}

// snap notes t's file as the pins have it now.
func (s *Sentry) snap(t sentryTarget, snaps map[string]entrySnap) {
	m, err := s.p.load(t.sc)
	if err != nil || m == nil {
		return
	}
	i := m.find(t.path)
	if i < 0 {
		return
	}
	e := m.Entries[i]
	l, _ := lockOf(s.o.StateDir, t.sc, nil)
	snaps[t.path] = entrySnap{scope: t.sc, seen: e.Seen, pinned: e.Pinned, checked: e.Checked, locked: lockChangesOf(l, t.path)}
}

// Sweeps is the number of checks the sentry ran (for tests).
func (s *Sentry) Sweeps() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sweeps
}
