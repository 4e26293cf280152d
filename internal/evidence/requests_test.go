package evidence

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Idempotent requests: a retry of a request (the engine died after
// appending, the front decides again in its own process) finds the earlier
// record instead of writing a second one, from the same Log (fast path),
// from another Log of the same directory (another process: read back from
// the file) and after other records were appended in between.
func TestRequestIDIsRecordedOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first := openTest(t, dir)
	rec := decision("s-1", 1, "allow")
	rec.RequestID = "4f1c0a9e2b7d4c31a8e5f60718293a4b"
	idx, err := first.Append(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		log    func() *Log
		before int // records appended by others before the retry
	}{
		{"same log", func() *Log { return first }, 0},
		{"another process", func() *Log { return openTest(t, dir) }, 0},
		{"after other records", func() *Log { return openTest(t, dir) }, 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			other := openTest(t, dir)
			appendN(t, other, "s-2", tc.before)
			again := rec
			again.Decision = "deny" // what a second decision might say: the first one stands
			_, err := tc.log().Append(ctx, again)
			var dup *DuplicateError
			if !errors.As(err, &dup) || !errors.Is(err, ErrDuplicateRequest) {
				t.Fatalf("retry: err = %v, want a DuplicateError", err)
			}
			if dup.Entry.Index != idx || dup.Entry.Record.Decision != "allow" || dup.Entry.Record.RequestID != rec.RequestID {
				t.Fatalf("earlier record: %+v", dup.Entry)
			}
		})
	}
	es, err := first.Records(ctx, Filter{Session: "s-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("%d records of session s-1, want 1", len(es))
	}
	mustVerify(t, dir)
}

// A request id on the record of another request is never taken as that
// request's answer (an id replayed for a different action must not get
// the earlier allow).
func TestRequestIDConflict(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := openTest(t, dir)
	rec := decision("s-1", 1, "allow")
	rec.RequestID = "0123456789abcdef0123456789abcdef"
	if _, err := l.Append(ctx, rec); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(r *Record){
		"other command":  func(r *Record) { r.Params = map[string]any{"command": "rm -rf /"} },
		"other tool use": func(r *Record) { r.ToolUseID = "toolu_other" },
		"other session":  func(r *Record) { r.SessionID = "s-9" },
		"other type":     func(r *Record) { r.Type = TypeOutcome },
	} {
		t.Run(name, func(t *testing.T) {
			for _, lg := range []*Log{l, openTest(t, dir)} {
				r := rec
				change(&r)
				_, err := lg.Append(ctx, r)
				if !errors.Is(err, ErrRequestConflict) || errors.Is(err, ErrDuplicateRequest) {
					t.Fatalf("err = %v, want ErrRequestConflict", err)
				}
			}
		})
	}
	// The log is still appendable and intact.
	appendN(t, l, "s-1", 2)
	mustVerify(t, dir)
}

// An id is only looked for among recent records: one beyond the window is
// appended again (a duplicate, never a wrong answer), and the lookup does
// not read the whole log.
func TestRequestIDWindow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := openTest(t, dir)
	rec := decision("s-1", 1, "allow")
	rec.RequestID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	if _, err := l.Append(ctx, rec); err != nil {
		t.Fatal(err)
	}
	big := decision("s-2", 2, "allow")
	big.Params = map[string]any{"content": strings.Repeat("x", RequestWindow)}
	other := openTest(t, dir)
	if _, err := other.Append(ctx, big); err != nil {
		t.Fatal(err)
	}
	if _, err := openTest(t, dir).Append(ctx, rec); err != nil {
		t.Fatalf("an id beyond the window: %v, want it appended", err)
	}
}

// The text of a request id inside another member (an agent's tool input
// that quotes it) is not a record of that request.
func TestRequestIDTextInParams(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	l := openTest(t, dir)
	id := "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	decoy := decision("s-1", 1, "allow")
	decoy.Params = map[string]any{"nested": map[string]any{"request_id": id}}
	if _, err := l.Append(ctx, decoy); err != nil {
		t.Fatal(err)
	}
	rec := decision("s-1", 2, "deny")
	rec.RequestID = id
	if _, err := openTest(t, dir).Append(ctx, rec); err != nil {
		t.Fatalf("append: %v", err)
	}
}

func TestEntries(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opt := testOptions(t)
	opt.Checkpoints = CheckpointBound{Every: -1, Interval: -1} // index i is decision i
	l, err := Open(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	appendN(t, l, "s", 300)
	got, err := l.Entries(ctx, []int64{299, 150, 0, 7, 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int64{299, 150, 0, 7} {
		if e, ok := got[i]; !ok || e.Index != i || e.Record.ToolUseID != fmt.Sprintf("toolu_%d", i) {
			t.Errorf("entry %d: %+v (found %v)", i, e, ok)
		}
	}
	if _, ok := got[1000]; ok || len(got) != 4 {
		t.Errorf("got %d entries", len(got))
	}
	// A torn tail is skipped.
	f, err := os.OpenFile(filepath.Join(dir, subdir, recordsFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"digest":"sha256:`)
	f.Close()
	got, err = l.Entries(ctx, []int64{299})
	if err != nil || got[299].Index != 299 {
		t.Fatalf("after a torn tail: %v %+v", err, got)
	}
}

func TestReadBackLongLines(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := 0; i < 50; i++ {
		lines = append(lines, fmt.Sprintf("%d:%s", i, strings.Repeat("y", i*3001)))
	}
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	var got []string
	if err := readBack(f, st.Size(), st.Size(), func(b []byte) bool { got = append(got, string(b)); return true }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(lines) {
		t.Fatalf("%d lines, want %d", len(got), len(lines))
	}
	for i, g := range got {
		if want := lines[len(lines)-1-i]; g != want {
			t.Fatalf("line %d: %.20q, want %.20q", i, g, want)
		}
	}
}

// Fail closed, class "a FIFO stalls the call": a key file replaced by a
// FIFO is an error at once, never a read that waits for a writer.
func TestKeyFIFONeverStalls(t *testing.T) {
	dir := t.TempDir()
	if err := Init(dir); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, subdir, redactKeyFile)
	os.Remove(p)
	mkfifo(t, p)
	done := make(chan error, 1)
	go func() { _, err := RedactKey(dir); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("err = %v, want ErrDamaged", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a FIFO key stalled")
	}
}

// AppendDuring calls its function once with the index of the record it
// writes, and returns after it; a duplicate request writes nothing and
// calls nothing.
func TestAppendDuring(t *testing.T) {
	ctx := context.Background()
	l := openTest(t, t.TempDir())
	appendN(t, l, "s-0", 3)
	rec := decision("s-1", 1, "allow")
	rec.RequestID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	var got []int64
	idx, err := l.AppendDuring(ctx, rec, func(n int64) { got = append(got, n) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != idx || idx != 3 {
		t.Fatalf("during was called with %v for record %d, want [3]", got, idx)
	}
	_, err = l.AppendDuring(ctx, rec, func(n int64) { got = append(got, n) })
	if !errors.Is(err, ErrDuplicateRequest) || len(got) != 1 {
		t.Fatalf("duplicate: err = %v, during called with %v", err, got)
	}
	mustVerify(t, l.dir)
}
