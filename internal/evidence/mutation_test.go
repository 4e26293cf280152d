package evidence

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// buildMutationFixture writes a small log: 3 records, checkpoint, 2
// records, checkpoint, 2 unsigned records. It returns the file contents.
func buildMutationFixture(t *testing.T) (dir string, files map[string][]byte) {
	dir = t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	small := func(s string, n int) { // small records keep the byte-flip loop fast
		for i := 0; i < n; i++ {
			if _, err := l.Append(ctx, Record{Type: TypeDecision, SessionID: s, Decision: "deny"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	small("s1", 3)
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	small("s2", 2)
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	small("s3", 2)
	l.Close()
	mustVerify(t, dir)
	files = map[string][]byte{}
	for _, n := range []string{recordsFile, hashesFile, checkpointsFile, verifierFile} {
		b, err := os.ReadFile(filepath.Join(dir, subdir, n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	return dir, files
}

func writeEv(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, subdir, name), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// expectCaught restores every file, applies mutate, and requires Verify to
// fail.
func expectCaught(t *testing.T, dir string, files map[string][]byte, what string, mutate func()) {
	t.Helper()
	for n, b := range files {
		if cur, err := os.ReadFile(filepath.Join(dir, subdir, n)); err != nil || !bytes.Equal(cur, b) {
			writeEv(t, dir, n, b)
		}
	}
	mutate()
	rep, err := Verify(context.Background(), dir)
	if err == nil {
		t.Errorf("%s: not detected (%+v)", what, rep)
	}
}

func splitLines(b []byte) [][]byte {
	ls := bytes.SplitAfter(b, []byte("\n"))
	if len(ls[len(ls)-1]) == 0 {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// exhaustive makes the byte-flip tests flip every byte of every file with
// two masks; by default they flip every third byte (a different third for
// each file) to keep `go test` fast on a loaded machine.
var exhaustive = flag.Bool("evidence.exhaustive", false, "flip every byte in the mutation tests")

func flipStep() int {
	if *exhaustive {
		return 1
	}
	return 3
}

func flipMasks() []byte {
	if *exhaustive {
		return []byte{0x01, 0x80}
	}
	return []byte{0x01}
}

func TestMutationsFlipEveryByte(t *testing.T) {
	dir, files := buildMutationFixture(t)
	caught := 0
	for fi, name := range []string{recordsFile, hashesFile, checkpointsFile, verifierFile} {
		orig := files[name]
		for i := fi % flipStep(); i < len(orig); i += flipStep() {
			if name == verifierFile && i == len(orig)-1 {
				continue // the key file's final newline is not part of the key
			}
			for _, x := range flipMasks() {
				expectCaught(t, dir, files, name+" byte flip", func() {
					b := bytes.Clone(orig)
					b[i] ^= x
					writeEv(t, dir, name, b)
				})
				caught++
			}
		}
	}
	t.Logf("%d single-byte mutations (exhaustive=%v), every one detected", caught, *exhaustive)
}

func TestMutationsRecordsAndCheckpoints(t *testing.T) {
	dir, files := buildMutationFixture(t)
	for _, name := range []string{recordsFile, checkpointsFile} {
		lines := splitLines(files[name])
		join := func(ls [][]byte) []byte { return bytes.Join(ls, nil) }
		for i := range lines {
			expectCaught(t, dir, files, name+" delete line", func() {
				ls := append(append([][]byte{}, lines[:i]...), lines[i+1:]...)
				writeEv(t, dir, name, join(ls))
			})
			expectCaught(t, dir, files, name+" duplicate line", func() {
				ls := append(append([][]byte{}, lines[:i+1]...), lines[i:]...)
				writeEv(t, dir, name, join(ls))
			})
			if i+1 < len(lines) {
				expectCaught(t, dir, files, name+" swap lines", func() {
					ls := append([][]byte{}, lines...)
					ls[i], ls[i+1] = ls[i+1], ls[i]
					writeEv(t, dir, name, join(ls))
				})
			}
			expectCaught(t, dir, files, name+" cut line in half", func() {
				ls := append([][]byte{}, lines[:i]...)
				ls = append(ls, lines[i][:len(lines[i])/2])
				writeEv(t, dir, name, join(ls))
			})
		}
	}
	// Truncating records and hashes consistently, below the last
	// checkpoint's size, is caught by the checkpoints.
	lines := splitLines(files[recordsFile])
	// (Truncating to exactly 6, which drops only the record of the last
	// checkpoint, looks like a crash between signing and recording; the
	// unsigned tail after it is protected by the next checkpoint only.)
	for k := 0; k < 6; k++ { // the last checkpoint signs 6 records
		expectCaught(t, dir, files, "consistent truncation", func() {
			writeEv(t, dir, recordsFile, bytes.Join(lines[:k], nil))
			writeEv(t, dir, hashesFile, files[hashesFile][:tlog.StoredHashCount(int64(k))*tlog.HashSize])
		})
	}
	// Dropping the checkpoints file entirely.
	expectCaught(t, dir, files, "checkpoints emptied", func() { writeEv(t, dir, checkpointsFile, nil) })
}

func TestMutationOtherKey(t *testing.T) {
	dir, files := buildMutationFixture(t)
	other := t.TempDir()
	if err := Init(other); err != nil {
		t.Fatal(err)
	}
	otherKey, _ := VerifierKey(other)
	expectCaught(t, dir, files, "verifier swapped", func() {
		writeEv(t, dir, verifierFile, []byte(otherKey+"\n"))
	})
	// An attacker who replaces the key pair and re-signs everything fools
	// the state directory's own key, but not a pinned one.
	writeEv(t, dir, verifierFile, files[verifierFile])
	orig, _ := VerifierKey(dir)
	for _, n := range []string{signerFile, verifierFile} {
		b, _ := os.ReadFile(filepath.Join(other, subdir, n))
		writeEv(t, dir, n, b)
	}
	resignCheckpoints(t, dir)
	if _, err := VerifyWithKey(context.Background(), dir, orig); !errors.Is(err, ErrInvalid) {
		t.Errorf("re-signed with another key, pinned original: want ErrInvalid, got %v", err)
	}
}

// resignCheckpoints rewrites the log from scratch with the current keys.
func resignCheckpoints(t *testing.T, dir string) {
	t.Helper()
	for _, n := range []string{recordsFile, hashesFile, checkpointsFile} {
		os.Remove(filepath.Join(dir, subdir, n))
	}
	l := openTest(t, dir)
	appendN(t, l, "s1", 3)
	if _, err := l.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	l.Close()
	mustVerify(t, dir)
}
