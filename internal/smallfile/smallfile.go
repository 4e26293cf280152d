// Package smallfile reads the small files a hook call reads afresh every
// time (the policy, the redaction key) with plain system calls.
//
// # Contract
//
// Read returns at most max+1 bytes of the file at path, so that a caller
// can tell a file over its limit from one at it without reading all of
// it. It makes three system calls for a file that fits in one read:
// os.Open also registers a file with the runtime's poller and backs out
// for a regular file, five more on every call. Errors are *fs.PathError,
// as os's.
package smallfile

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// Read reads the file at path, stopping after max+1 bytes.
func Read(path string, max int) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	b := make([]byte, 0, min(max+1, 4096))
	for len(b) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := unix.Read(fd, b[len(b):min(cap(b), max+1)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			break
		}
		b = b[:len(b)+n]
	}
	return b, nil
}
