package evidence

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/redact"
)

// TestCrashStates builds each state a writer killed mid-append can leave,
// checks that Verify accepts it, and that the next Append repairs it
// without losing or renumbering committed records.
func TestCrashStates(t *testing.T) {
	tests := []struct {
		name      string
		crash     func(t *testing.T, dir string)
		wantIndex int64 // index the next Append gets
		torn      bool
		pending   bool
	}{
		{"torn record line", func(t *testing.T, dir string) {
			appendFile(t, dir, recordsFile, []byte(`{"digest":"sha256:00`))
		}, 4, true, false},
		{"record without hashes", func(t *testing.T, dir string) {
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(3)*tlog.HashSize)
		}, 4, false, true},
		{"torn hashes", func(t *testing.T, dir string) {
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(4)*tlog.HashSize-7)
		}, 4, false, true},
		{"several records without hashes", func(t *testing.T, dir string) {
			// Append syncs the record, not its hashes: after a system
			// crash the hashes of several records can be missing.
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(1)*tlog.HashSize)
		}, 4, false, true},
		{"torn checkpoint line", func(t *testing.T, dir string) {
			appendFile(t, dir, checkpointsFile, []byte(`{"note":"mandate.dev/evid`))
		}, 4, false, false},
		{"checkpoint without its record", func(t *testing.T, dir string) {
			l := openTest(t, dir)
			if _, err := l.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
			l.Close()
			b, _ := os.ReadFile(filepath.Join(dir, subdir, recordsFile))
			lines := splitLines(b)
			writeEv(t, dir, recordsFile, bytes.Join(lines[:4], nil))
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(4)*tlog.HashSize)
		}, 5, false, false}, // the checkpoint record is rolled forward at 4
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			l := openTest(t, dir)
			appendN(t, l, "s", 4)
			l.Close()
			tt.crash(t, dir)
			rep, err := Verify(context.Background(), dir)
			if err != nil {
				t.Fatalf("crash state rejected: %v", err)
			}
			if rep.TornTail != tt.torn || rep.Pending != tt.pending {
				t.Errorf("report %+v", rep)
			}
			l = openTest(t, dir)
			idx, err := l.Append(context.Background(), decision("s", 9, "deny"))
			if err != nil {
				t.Fatal(err)
			}
			if idx != tt.wantIndex {
				t.Errorf("next index %d, want %d", idx, tt.wantIndex)
			}
			rep = mustVerify(t, dir)
			if rep.TornTail || rep.Pending || rep.Records != idx+1 {
				t.Errorf("after repair: %+v", rep)
			}
		})
	}
}

func appendFile(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, subdir, name), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
}

func truncFile(t *testing.T, dir, name string, size int64) {
	t.Helper()
	if err := os.Truncate(filepath.Join(dir, subdir, name), size); err != nil {
		t.Fatal(err)
	}
}

// TestAppendFailuresAreErrors: a full disk or an unwritable file makes
// Append fail (the gate then denies), and leaves the log verifiable.
func TestAppendFailuresAreErrors(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	appendN(t, l, "s", 2)
	// Disk full: in a child process (the limit is process-wide), a file
	// size limit makes the write fail the way ENOSPC does (Go ignores
	// SIGXFSZ, so write returns EFBIG).
	l.Close()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), fullDiskEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "append failed: ") || !strings.Contains(string(out), "evidence: writing record") {
		t.Fatalf("append with a full disk: want an error, got %v: %s", err, out)
	}
	t.Logf("disk full: %s", strings.TrimSpace(string(out)))
	if rep := mustVerify(t, dir); rep.Records != 2 {
		t.Fatalf("after a failed append: %+v", rep)
	}
	l = openTest(t, dir)
	// Read-only records file (as when the state directory is read-only).
	ro, err := os.Open(filepath.Join(dir, subdir, recordsFile))
	if err != nil {
		t.Fatal(err)
	}
	saved := l.rec
	l.rec = ro
	_, err = l.Append(context.Background(), decision("s", 3, "allow"))
	l.rec = saved
	ro.Close()
	if err == nil {
		t.Fatal("append to a read-only file: want error")
	}
	t.Logf("read-only: %v", err)
	// Missing state directory.
	if err := os.RemoveAll(filepath.Join(dir, subdir)); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append(context.Background(), decision("s", 4, "allow")); err == nil {
		t.Fatal("append after the state directory vanished: want error")
	}
}

const fullDiskEnv = "MANDATE_EVIDENCE_TEST_FULLDISK"

// runFullDisk is the child of TestAppendFailuresAreErrors: it appends
// under a file size limit just above the records file's size.
func runFullDisk(dir string) int {
	r, err := redact.New(redact.Config{Key: []byte("evidence-test-key-0123456789abcdef")})
	if err != nil {
		fmt.Println(err)
		return 2
	}
	l, err := Open(dir, Options{Redactor: r})
	if err != nil {
		fmt.Println(err)
		return 2
	}
	st, err := l.rec.Stat()
	if err != nil {
		fmt.Println(err)
		return 2
	}
	if err := limitFileSize(uint64(st.Size()) + 100); err != nil {
		fmt.Println("setrlimit:", err)
		return 2
	}
	if _, err := l.Append(context.Background(), Record{Type: TypeDecision, Params: map[string]any{"content": strings.Repeat("x", 1000)}}); err != nil {
		fmt.Println("append failed:", err)
		return 0
	}
	fmt.Println("append succeeded")
	return 1
}

// TestWarmLogSeesOtherWriters: a Log that has appended before (and so
// skips recovery while the files are as it left them) still notices every
// change another writer or a crashed one made, and appends after it.
func TestWarmLogSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		change    func(t *testing.T, dir string)
		wantIndex int64
	}{
		{"nothing", func(t *testing.T, dir string) {}, 4},
		{"another log appended", func(t *testing.T, dir string) {
			o := openTest(t, dir)
			defer o.Close()
			appendN(t, o, "other", 2)
		}, 6},
		{"another log checkpointed", func(t *testing.T, dir string) {
			o := openTest(t, dir)
			defer o.Close()
			if _, err := o.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
		}, 5},
		{"torn record line", func(t *testing.T, dir string) {
			appendFile(t, dir, recordsFile, []byte(`{"digest":"sha256:00`))
		}, 4},
		{"another writer died before its hashes", func(t *testing.T, dir string) {
			o := openTest(t, dir)
			defer o.Close()
			appendN(t, o, "other", 1)
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(4)*tlog.HashSize)
		}, 5},
		{"hashes truncated", func(t *testing.T, dir string) {
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(2)*tlog.HashSize)
		}, 4},
		{"checkpoint without its record", func(t *testing.T, dir string) {
			o := openTest(t, dir)
			if _, err := o.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			o.Close()
			b, _ := os.ReadFile(filepath.Join(dir, subdir, recordsFile))
			writeEv(t, dir, recordsFile, bytes.Join(splitLines(b)[:4], nil))
			truncFile(t, dir, hashesFile, tlog.StoredHashCount(4)*tlog.HashSize)
		}, 5},
		{"pruned", func(t *testing.T, dir string) {
			o := testOptions(t)
			o.Now = func() time.Time { return t0.Add(time.Hour) }
			if _, err := Prune(ctx, dir, t0.Add(time.Minute), o); err != nil {
				t.Fatal(err)
			}
		}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			l := openTest(t, dir)
			defer l.Close()
			appendN(t, l, "s", 4) // warm: the next Append may skip recovery
			if l.tail.valid != true {
				t.Fatal("no tail remembered after an append")
			}
			tt.change(t, dir)
			idx, err := l.Append(ctx, decision("s", 9, "deny"))
			if err != nil {
				t.Fatal(err)
			}
			if idx != tt.wantIndex {
				t.Errorf("next index %d, want %d", idx, tt.wantIndex)
			}
			if _, err := l.Append(ctx, decision("s", 10, "deny")); err != nil {
				t.Fatal(err)
			}
			rep := mustVerify(t, dir)
			if rep.TornTail || rep.Pending || rep.Records != idx+2 {
				t.Errorf("after the appends: %+v", rep)
			}
		})
	}
}
