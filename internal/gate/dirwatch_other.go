//go:build !linux

package gate

// dirWatch is Linux's inotify cache of directory states (dirwatch_linux.go);
// elsewhere every directory is stat'ed on every call.
type dirWatch struct{}

func (w *dirWatch) refresh() bool { return false }

func (w *dirWatch) epochNow() uint64 { return 0 }

func (w *dirWatch) state(dir string, now int64) dirState { return statDir(dir, now) }

func (w *dirWatch) stateWith(dir string, now int64, extra uint32) (dirState, uint64) {
	return statDir(dir, now), 0
}

const contentMask = 0

func (w *dirWatch) resolved(dir string) (string, bool) { return "", false }
