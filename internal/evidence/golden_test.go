package evidence

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestFormatGolden pins the exact bytes of the record format: a fixed
// clock and salt source must always produce the same records file and the
// same Merkle root. A change here is a format change (see FormatVersion
// and docs/evidence-format.md), never a refactoring.
func TestFormatGolden(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	appendN(t, l, "sess_abc123", 3)
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text("version: 1\n"), PolicyText: "version: 1\n"}); err != nil {
		t.Fatal(err)
	}
	code := 0
	if _, err := l.Append(ctx, Record{Type: TypeOutcome, SessionID: "sess_abc123", User: "jane.doe@company.com",
		TrustLevel: "write_local", Tool: "write_file", Params: map[string]any{"path": "src/auth/validator.ts", "n": 1.5e-7},
		Result: "success", ExitCode: &code, DiffHash: "sha256:" + sha256Text("x")[7:]}); err != nil {
		t.Fatal(err)
	}
	recs, err := readEvFile(dir, recordsFile)
	if err != nil {
		t.Fatal(err)
	}
	root, err := tlog.TreeHash(5, hashFile{l.hs})
	if err != nil {
		t.Fatal(err)
	}
	got := append(recs, []byte("root "+root.String()+"\n")...)
	path := filepath.Join("testdata", "records.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("record format changed:\ngot:\n%s\nwant:\n%s", got, want)
	}
}
