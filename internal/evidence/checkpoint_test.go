package evidence

import (
	"bytes"
	"context"
	"testing"
)

func FuzzParseCheckpointLine(f *testing.F) {
	dir := f.TempDir()
	l, err := Open(dir, testOptions(f))
	if err != nil {
		f.Fatal(err)
	}
	defer l.Close()
	appendN(f, l, "s", 2)
	for i := 0; i < 2; i++ {
		if _, err := l.Checkpoint(context.Background()); err != nil {
			f.Fatal(err)
		}
	}
	b, err := readEvFile(dir, checkpointsFile)
	if err != nil {
		f.Fatal(err)
	}
	for _, ln := range splitLines(b) {
		f.Add(bytes.TrimSuffix(ln, []byte("\n")))
	}
	f.Add([]byte(`{"note":""}`))
	v := l.verifier
	f.Fuzz(func(t *testing.T, b []byte) {
		cp, err := parseCheckpointLine(b, v)
		if err != nil {
			return
		}
		// Anything accepted is signed by v and names its origin.
		if cp.Origin != v.Name() || cp.Tree.N < 0 || cp.Seq < 0 {
			t.Fatalf("accepted %+v", cp)
		}
		if n, ok := quickCheckpointSize(b); !ok || n != cp.Tree.N {
			t.Fatalf("quick size %d %v, parsed %d", n, ok, cp.Tree.N)
		}
	})
}
