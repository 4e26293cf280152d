package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/mandate-dev/mandate/internal/smallfile"
)

// fileCache holds what was last parsed from one file of the pin store,
// valid while the file's identity (smallfile.Stat: device, inode, size,
// times) is unchanged. A resident engine's store reads the known
// repositories and the scope index on every landing; a one-shot hook has
// no cache and reads them afresh.
type fileCache[T any] struct {
	mu sync.Mutex
	id smallfile.ID
	v  T
	ok bool
}

// get returns read's value for path, parsed again only when the file's
// identity changed; what names the file in an error of its own (read's
// errors are read's). A missing file is the zero value and no error. A value
// is kept only when the file had the same identity before and after the
// read, so a write racing the read is never cached.
func (c *fileCache[T]) get(path, what string, read func() (T, error)) (T, error) {
	var zero T
	id, err := smallfile.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return zero, nil
	}
	if err != nil {
		return zero, fmt.Errorf("pins: %s: %w", what, err)
	}
	c.mu.Lock()
	if c.ok && c.id == id {
		v := c.v
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	v, err := read()
	if err != nil {
		return zero, err
	}
	if now, err := smallfile.Stat(path); err == nil && now == id {
		c.mu.Lock()
		c.id, c.v, c.ok = id, v, true
		c.mu.Unlock()
	}
	return v, nil
}
