package evidence

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// readLines calls fn for each line of r (without its LF). The last line is
// passed with complete=false if it has no LF. Lines longer than max are
// an error. sizeHint (the input's size, if known) keeps the buffer small
// for small inputs.
func readLines(r io.Reader, max int, sizeHint int64, fn func(b []byte, complete bool) error) error {
	br := bufio.NewReaderSize(r, bufSize(sizeHint))
	var long []byte
	for {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, b...)
			if len(long) > max {
				return fmt.Errorf("%w: a line longer than %d bytes", errLine, max)
			}
			continue
		}
		if long != nil {
			long = append(long, b...)
			b = long
		}
		if len(b) > max+1 {
			return fmt.Errorf("%w: a line longer than %d bytes", errLine, max)
		}
		if err == io.EOF {
			if len(b) > 0 {
				return fn(b, false)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("evidence: reading: %w", err)
		}
		if ferr := fn(b[:len(b)-1], true); ferr != nil {
			return ferr
		}
		long = nil
	}
}

// holdsJSONValue reports whether b starts with a complete JSON value: a
// torn write never does, so an unterminated line that does was altered.
func holdsJSONValue(b []byte) bool {
	var v json.RawMessage
	d := json.NewDecoder(bytes.NewReader(b))
	return d.Decode(&v) == nil
}

var errStop = errors.New("stop")

// bufSize is a read buffer size for an input of about n bytes.
func bufSize(n int64) int {
	switch {
	case n < 4096:
		return 4096
	case n > 1<<20:
		return 1 << 20
	}
	return int(n)
}
