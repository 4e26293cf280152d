package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
)

// Following a log's records of a few types, cheaply, as it grows: the
// gate derives its tamper locks from the log (a tamper record no
// tamper.ack answered locks), and reads only what was appended since it
// last looked. A Cursor says how far it read; ScanTypes goes on from
// there, or from the beginning when the records file is no longer the one
// the cursor was taken on (replaced, truncated, or rewritten before the
// cursor).

// Cursor is how far ScanTypes read the records file of a log.
type Cursor struct {
	// Dev and Ino identify the records file.
	Dev, Ino uint64
	// Offset is the size read: it ends after a complete record line.
	Offset int64
	// Index is the number of records read.
	Index int64
	// Tail is the SHA-256 of the up to tailWindow bytes before Offset.
	Tail [sha256.Size]byte
}

// tailWindow is how much of the file before a cursor is compared.
const tailWindow = 4096

// smallScan bounds what ScanTypes reads with one pread, beside the
// tailWindow bytes before the cursor.
const smallScan = 64 << 10

// ScanTypes calls fn with every complete record of the log in state
// directory dir whose type is one of types, in index order, from c on, and
// returns the cursor after the last complete record read. When the records
// file is not the one c was taken on, is shorter than c, or its bytes
// before c are not those seen then, the scan starts over from the first
// record and restarted is true: whatever the caller derived from earlier
// scans no longer holds. A log with no records yet gives the zero Cursor.
func ScanTypes(ctx context.Context, dir string, c Cursor, types []string, fn func(Entry) error) (next Cursor, restarted bool, err error) {
	f, err := openRecords(filepath.Join(dir, subdir, recordsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Cursor{}, c != (Cursor{}), nil
	}
	if err != nil {
		return c, false, fmt.Errorf("evidence: %w", err)
	}
	defer f.Close()
	size, dev, ino, ok, err := f.identity()
	if err != nil {
		return c, false, fmt.Errorf("evidence: %w", err)
	}
	if !ok {
		return c, false, errors.New("evidence: the records file has no identity")
	}
	next, restarted, _, err = scanTypes(ctx, f, size, dev, ino, c, nil, nil, types, fn)
	return next, restarted, err
}

// scanTypes is ScanTypes over f, the records file, of the given size and
// identity. seen, when not nil, is the bytes before c.Offset that c.Tail
// is the digest of (kept by a Follower): they are compared instead of
// hashed. buf, when large enough, is used for the one pread of the common
// case. It also returns the bytes before the next cursor when it read
// them (nil otherwise), aliasing buf or a new slice.
func scanTypes(ctx context.Context, f io.ReaderAt, size int64, dev, ino uint64, c Cursor, seen, buf []byte, types []string, fn func(Entry) error) (next Cursor, restarted bool, tail []byte, err error) {
	// The common case, a follower that keeps up: the bytes before the
	// cursor that vouch for it and the few records appended since are
	// read with one pread, and the new tail is hashed from the same bytes.
	var win []byte // the file from winAt to size, when read at once
	var winAt int64
	if c.Offset > 0 {
		same := dev == c.Dev && ino == c.Ino && size >= c.Offset
		if same && size > c.Offset && size-c.Offset <= smallScan {
			winAt = max(0, c.Offset-tailWindow)
			if n := int(size - winAt); cap(buf) >= n {
				win = buf[:n]
			} else {
				win = make([]byte, n)
			}
			_, err := f.ReadAt(win, winAt)
			before := win[:c.Offset-winAt]
			if seen != nil {
				same = err == nil && bytes.Equal(before, seen)
			} else {
				same = err == nil && sha256.Sum256(before) == c.Tail
			}
		} else if same && seen != nil && int64(len(seen)) == c.Offset-max(0, c.Offset-tailWindow) {
			// Nothing appended since a follower's last scan (it scanned
			// after its own call's record): compare the bytes it kept.
			var win []byte
			if cap(buf) >= len(seen) {
				win = buf[:len(seen)]
			} else {
				win = make([]byte, len(seen))
			}
			_, err := f.ReadAt(win, c.Offset-int64(len(seen)))
			same = err == nil && bytes.Equal(win, seen)
		} else if same {
			t, err := tailHash(f, c.Offset)
			same = err == nil && t == c.Tail
		}
		if !same {
			c, restarted, win = Cursor{}, true, nil
		}
	}
	c.Dev, c.Ino = dev, ino
	if size == c.Offset {
		if seen != nil && !restarted {
			tail = seen // unchanged
		}
		return c, restarted, tail, nil
	}
	needles := make([][]byte, len(types))
	for i, t := range types {
		needles[i] = []byte(`"type":"` + t + `"`)
	}
	off, idx := c.Offset, c.Index
	start := off
	each := func(fn func(b []byte, complete bool) error) error {
		if win != nil {
			return linesOf(win[start-winAt:], maxLine, fn)
		}
		return readLines(io.NewSectionReader(f, start, size-start), maxLine, size-start, fn)
	}
	err = each(func(b []byte, complete bool) error {
		if !complete {
			return errStop // a record being appended: read next time
		}
		if idx&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("evidence: %w", err)
			}
		}
		off += int64(len(b)) + 1
		idx++
		if !slices.ContainsFunc(needles, func(n []byte) bool { return bytes.Contains(b, n) }) {
			return nil
		}
		l, err := parseLine(b)
		if err != nil {
			return fmt.Errorf("%w: record %d: %v (run mandate verify)", ErrDamaged, idx-1, err)
		}
		if !slices.Contains(types, l.env.Type) {
			return nil
		}
		e, err := l.entry()
		if err != nil {
			return fmt.Errorf("%w: record %d: %v", ErrDamaged, l.env.Index, err)
		}
		return fn(e)
	})
	if err != nil && !errors.Is(err, errStop) {
		return c, restarted, nil, err
	}
	c.Offset, c.Index = off, idx
	if win != nil {
		tail = win[max(0, off-tailWindow)-winAt : off-winAt]
		c.Tail = sha256.Sum256(tail)
		return c, restarted, tail, nil
	}
	if c.Tail, err = tailHash(f, off); err != nil {
		return c, restarted, nil, fmt.Errorf("evidence: %w", err)
	}
	return c, restarted, nil, nil
}

// tailHash hashes the up to tailWindow bytes of f before off.
func tailHash(f io.ReaderAt, off int64) ([sha256.Size]byte, error) {
	from := max(0, off-tailWindow)
	var buf [tailWindow]byte
	b := buf[:off-from]
	if _, err := f.ReadAt(b, from); err != nil && !(errors.Is(err, io.EOF) && len(b) == 0) {
		return [sha256.Size]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// linesOf is readLines over bytes already read.
func linesOf(b []byte, max int, fn func(b []byte, complete bool) error) error {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if len(b) > max+1 {
				return fmt.Errorf("%w: a line longer than %d bytes", errLine, max)
			}
			return fn(b, false)
		}
		if i > max {
			return fmt.Errorf("%w: a line longer than %d bytes", errLine, max)
		}
		if err := fn(b[:i], true); err != nil {
			return err
		}
		b = b[i+1:]
	}
	return nil
}
