package evidence

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// Request ids make a hook invocation idempotent. The front sends a random
// id with every invocation; when the engine dies after appending the
// decision but before answering, the front decides in its own process
// with the same id, and the log must not hold the decision twice. So
// Append refuses a record whose request id is already on one of the
// recent records: it returns a *DuplicateError carrying the earlier
// record, whose decision the caller answers with instead.
//
// "Recent" is the last RequestWindow bytes of the records file (a few
// hundred records), read back under the lock whenever another writer
// appended since this Log's last append, plus the ids this Log appended
// itself: a retry follows its first attempt within milliseconds. An id
// older than that is not found, and its record is appended again: a
// duplicate is then possible, a wrong answer never is, because an earlier
// record answers only a request that is the same (same type, session,
// tool, tool use id and redacted tool input); anything else is
// ErrRequestConflict.

// RequestWindow bounds how far back Append looks for a request id.
const RequestWindow = 256 << 10

// ErrDuplicateRequest matches the *DuplicateError Append returns.
var ErrDuplicateRequest = errors.New("evidence: the log already holds a record for this request")

// ErrRequestConflict is a request id found on a record of another request.
var ErrRequestConflict = errors.New("evidence: the request id is already on the record of a different request")

// DuplicateError is Append's answer to a record whose request id is on a
// recent record of the same request: nothing was appended, and Entry is
// the earlier record.
type DuplicateError struct {
	Entry Entry
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%v (record %d)", ErrDuplicateRequest, e.Entry.Index)
}

// Is makes errors.Is(err, ErrDuplicateRequest) true.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicateRequest }

// recentRequests remembers the request ids this Log appended, so that an
// append on the fast path (no other writer since) needs no read.
type recentRequests struct {
	m    map[string]recordLoc
	ring []string
	next int
}

type recordLoc struct{ index, offset int64 }

const recentMax = 1024

func (r *recentRequests) add(id string, loc recordLoc) {
	if r.m == nil {
		r.m = make(map[string]recordLoc, recentMax)
		r.ring = make([]string, recentMax)
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.m, old)
	}
	r.ring[r.next] = id
	r.next = (r.next + 1) % recentMax
	r.m[id] = loc
}

// findRequest looks for a recent record carrying request id id, in a
// records file of size bytes. Called with the lock held, with p prepared
// from the new record. It returns nil when there is none, a
// *DuplicateError when there is one for the same request, and
// ErrRequestConflict (or a read error) otherwise.
func (l *Log) findRequest(id string, p *prepared, fast bool, size int64) error {
	var found []byte
	if loc, ok := l.recent.m[id]; ok {
		b, err := readLineAt(l.rec, loc.offset, size)
		if err != nil {
			return err
		}
		found = b
	} else if !fast {
		needle := requestNeedle(id)
		err := readBack(l.rec, size, RequestWindow, func(b []byte) bool {
			if bytes.Contains(b, needle) {
				found = append([]byte(nil), b...)
				return false
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	if found == nil {
		return nil
	}
	ln, err := parseLine(found)
	if err != nil {
		return fmt.Errorf("%w: record holding request %s: %v", ErrDamaged, id, err)
	}
	e, err := ln.entry()
	if err != nil {
		return fmt.Errorf("%w: record holding request %s: %v", ErrDamaged, id, err)
	}
	if e.Record.RequestID != id {
		return nil // the text was inside another member
	}
	if !sameRequest(p, &ln, &e) {
		return fmt.Errorf("%w (record %d)", ErrRequestConflict, e.Index)
	}
	return &DuplicateError{Entry: e}
}

// requestNeedle is how a request id appears in a canonical payload.
func requestNeedle(id string) []byte {
	q, err := canonjson.Marshal(id)
	if err != nil {
		q = []byte(`"` + id + `"`)
	}
	return append([]byte(`"request_id":`), q...)
}

// sameRequest reports whether the prepared record p and the stored line
// old record the same request: the same type and session, and the same
// agent, tool, tool use id and tool input once redacted (redaction is
// deterministic under one key).
func sameRequest(p *prepared, old *line, oldEntry *Entry) bool {
	if p.env.Type != old.env.Type || p.env.SessionID != old.env.SessionID || old.payload == nil {
		return false
	}
	if p.env.Agent != oldEntry.Record.Agent || p.env.Tool != oldEntry.Record.Tool {
		return false
	}
	var a, b map[string]json.RawMessage
	if json.Unmarshal(p.payload, &a) != nil || json.Unmarshal(old.payload, &b) != nil {
		return false
	}
	for _, k := range []string{"tool_use_id", "params"} {
		if !bytes.Equal(a[k], b[k]) {
			return false
		}
	}
	return true
}

// readLineAt reads the complete line starting at off of a file of size
// bytes, without its LF.
func readLineAt(f *os.File, off, size int64) ([]byte, error) {
	if off < 0 || off >= size {
		return nil, fmt.Errorf("%w: record offset %d outside the file", ErrDamaged, off)
	}
	var out []byte
	buf := make([]byte, 16<<10)
	for pos := off; pos < size; {
		n := min(int64(len(buf)), size-pos)
		if _, err := f.ReadAt(buf[:n], pos); err != nil {
			return nil, fmt.Errorf("evidence: reading record: %w", err)
		}
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return append(out, buf[:i]...), nil
		}
		out = append(out, buf[:n]...)
		pos += n
		if int64(len(out)) > maxLine {
			break
		}
	}
	return nil, fmt.Errorf("%w: unterminated record at offset %d", ErrDamaged, off)
}

// readBack calls fn with the complete lines of the first size bytes of f,
// last line first, until fn returns false or lines starting more than
// bound bytes before the end have been reached. A line longer than maxLine
// is an error.
func readBack(f *os.File, size, bound int64, fn func([]byte) bool) error {
	const chunk = 64 << 10
	var carry []byte // the start of a line whose end was read already
	end := size
	for end > 0 {
		start := max(end-chunk, 0)
		buf := make([]byte, end-start, end-start+int64(len(carry)))
		if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
			return fmt.Errorf("evidence: reading back: %w", err)
		}
		buf = append(buf, carry...)
		// Every LF in buf but a final one ends a line that starts after it.
		hi := len(buf)
		if start+int64(hi) == size && hi > 0 && buf[hi-1] == '\n' {
			hi--
		}
		for {
			i := bytes.LastIndexByte(buf[:hi], '\n')
			if i < 0 {
				break
			}
			if !fn(buf[i+1 : hi]) {
				return nil
			}
			hi = i
			if size-(start+int64(i)) > bound {
				return nil
			}
		}
		carry = append([]byte(nil), buf[:hi]...)
		if int64(len(carry)) > maxLine {
			return fmt.Errorf("%w: a line longer than %d bytes", ErrDamaged, maxLine)
		}
		end = start
	}
	if len(carry) > 0 {
		fn(carry)
	}
	return nil
}

// MaxLookback bounds how far back from the end of the log Entries reads.
const MaxLookback = 64 << 20

// Entries returns the records with the given indexes, reading the log
// back from its end, at most MaxLookback bytes: it is for recent records
// (the decision of a tool call still in flight), and a record not found
// within that bound is missing from the map. It takes no lock.
func (l *Log) Entries(ctx context.Context, indexes []int64) (map[int64]Entry, error) {
	want := make(map[int64]bool, len(indexes))
	lowest := int64(-1)
	for _, i := range indexes {
		want[i] = true
		if lowest < 0 || i < lowest {
			lowest = i
		}
	}
	out := make(map[int64]Entry, len(indexes))
	if len(want) == 0 {
		return out, nil
	}
	f, err := os.Open(filepath.Join(l.evdir, recordsFile))
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	var perr error
	err = readBack(f, st.Size(), MaxLookback, func(b []byte) bool {
		if ctx.Err() != nil {
			perr = ctx.Err()
			return false
		}
		ln, err := parseLine(b)
		if err != nil {
			return true // a torn tail; the rest is checked by Verify
		}
		if want[ln.env.Index] {
			if e, err := ln.entry(); err == nil {
				out[e.Index] = e
			}
		}
		return len(out) < len(want) && ln.env.Index > lowest
	})
	if err == nil {
		err = perr
	}
	return out, err
}
