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
// an error.
func readLines(r io.Reader, max int, fn func(b []byte, complete bool) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
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
