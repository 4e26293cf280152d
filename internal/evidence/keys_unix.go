//go:build unix

package evidence

import (
	"fmt"
	"io/fs"

	"golang.org/x/sys/unix"
)

// readSmall reads a key file, refusing anything large, and anything but a
// regular file: it is opened non-blocking and checked before it is read,
// so a FIFO in its place cannot stall the hook call that reads the key.
func readSmall(path string) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", &fs.PathError{Op: "open", Path: path, Err: err})
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, fmt.Errorf("evidence: %w", &fs.PathError{Op: "fstat", Path: path, Err: err})
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, path)
	}
	if st.Size > 4096 {
		return nil, fmt.Errorf("%w: %s is larger than a key", ErrDamaged, path)
	}
	// Sized by the file, plus one byte to see it grew; grown to 4097 bytes
	// only if it did.
	b := make([]byte, st.Size+1)
	n := 0
	for n < 4097 {
		if n == len(b) {
			b = append(b, make([]byte, 4097-len(b))...)
		}
		m, err := unix.Read(fd, b[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("evidence: %w", &fs.PathError{Op: "read", Path: path, Err: err})
		}
		if m == 0 {
			break
		}
		short := m < len(b)-n
		n += m
		if short && int64(n) == st.Size {
			break // a short read of a regular file ends at its end, where fstat put it
		}
	}
	if n > 4096 {
		return nil, fmt.Errorf("%w: %s is larger than a key", ErrDamaged, path)
	}
	return b[:n], nil
}
