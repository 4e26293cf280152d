package evidence

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// ScanTypes reads what was appended since its cursor, only the types
// asked for, and starts over when the records file was replaced or
// rewritten before the cursor (the caller's derivations are then void).
func TestScanTypesFollowsTheLog(t *testing.T) {
	t.Run("ScanTypes", func(t *testing.T) { testFollowsTheLog(t, t.TempDir(), ScanTypes) })
	// A Follower keeps the file open and the bytes before its cursor.
	t.Run("Follower", func(t *testing.T) {
		dir := t.TempDir()
		fl := NewFollower(dir)
		testFollowsTheLog(t, dir, func(ctx context.Context, _ string, c Cursor, types []string, fn func(Entry) error) (Cursor, bool, error) {
			return fl.Scan(ctx, c, types, fn)
		})
	})
}

type scanFunc func(ctx context.Context, dir string, c Cursor, types []string, fn func(Entry) error) (Cursor, bool, error)

func testFollowsTheLog(t *testing.T, dir string, scanTypes scanFunc) {
	l := openTest(t, dir)
	ctx := context.Background()
	add := func(typ string) int64 {
		i, err := l.Append(ctx, Record{Type: typ, SessionID: "s", Extra: map[string]any{"x": `"type":"tamper"`}})
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	scan := func(c Cursor) (Cursor, bool, []int64) {
		var got []int64
		next, restarted, err := scanTypes(ctx, dir, c, []string{TypeTamper, TypeTamperAck}, func(e Entry) error {
			got = append(got, e.Index)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return next, restarted, got
	}
	if c, r, got := scan(Cursor{}); c.Offset != 0 || c.Index != 0 || r || len(got) != 0 {
		t.Fatalf("empty log: %+v %v %v", c, r, got)
	}
	add(TypeDecision) // its params hold the needle: parsed, not matched
	a := add(TypeTamper)
	add(TypeDecision)
	c, r, got := scan(Cursor{})
	if r || len(got) != 1 || got[0] != a || c.Index != 3 {
		t.Fatalf("first scan: %v %v %+v", r, got, c)
	}
	b := add(TypeTamperAck)
	c2, r, got := scan(c)
	if r || len(got) != 1 || got[0] != b || c2.Index != 4 {
		t.Fatalf("incremental scan: %v %v %+v", r, got, c2)
	}
	if c3, r, got := scan(c2); r || len(got) != 0 || c3 != c2 {
		t.Fatalf("nothing new: %v %v %+v", r, got, c3)
	}
	// The records before the cursor rewritten, and one appended since
	// (the scan reads both with one pread): start over.
	path := filepath.Join(dir, subdir, recordsFile)
	add(TypeDecision)
	raw0, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw0[c2.Offset-10] ^= 1
	if err := os.WriteFile(path, raw0, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, r, _ := scanNoFail(scanTypes, dir, c2); !r {
		t.Fatal("a rewritten tail followed by a new record was not noticed")
	}
	raw0[c2.Offset-10] ^= 1
	if err := os.WriteFile(path, raw0, 0o600); err != nil {
		t.Fatal(err)
	}
	c3, r, _ := scanNoFail(scanTypes, dir, c2)
	if r || c3.Index != c2.Index+1 || c3.Offset != int64(len(raw0)) {
		t.Fatalf("one record appended: %v %+v", r, c3)
	}
	// The records before the cursor rewritten (same size): start over.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-10] ^= 1
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, r, _ := scanNoFail(scanTypes, dir, c3); !r {
		t.Fatal("a rewritten tail was not noticed")
	}
	// Replaced by another file: start over.
	os.Remove(path)
	if c4, r, got := scan(c2); !r || c4 != (Cursor{}) || len(got) != 0 {
		t.Fatalf("removed log: %v %v %+v", r, got, c4)
	}
}

func scanNoFail(scan scanFunc, dir string, c Cursor) (Cursor, bool, error) {
	return scan(context.Background(), dir, c, []string{TypeTamper}, func(Entry) error { return nil })
}
