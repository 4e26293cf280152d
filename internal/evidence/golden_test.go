package evidence

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mandate-dev/mandate/internal/golden"
)

// TestFormatGolden pins the exact bytes of the record format: a fixed
// clock and salt source must always produce the same records file and the
// same Merkle root. A change here is a format change (see RecordFormat
// and docs/evidence-format.md), never a refactoring. The second file pins
// what a subject erasure and a forced prune leave: the envelopes (so the
// root) unchanged, identity parts replaced by the pseudonym, payloads
// erased, and the erasure and prune records.
func TestFormatGolden(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	text := "version: 1\n"
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text}); err != nil {
		t.Fatal(err)
	}
	for i, eff := range []string{"allow", "deny", "ask"} {
		r := decision("sess_abc123", i, eff)
		r.PolicyDigest = sha256Text(text)
		r.Host, r.Repo = "devbox", "/home/jane/src/app"
		if _, err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	code := 0
	if _, err := l.Append(ctx, Record{Type: TypeOutcome, SessionID: "sess_abc123", User: "jane.doe@company.com",
		TrustLevel: "write_local", Tool: "write_file", Params: map[string]any{"path": "src/auth/validator.ts", "n": 1.5e-7},
		Result: "success", ExitCode: &code, DiffHash: "sha256:" + sha256Text("x")[7:]}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, dir, l, 5, "records.golden")

	// A fixed installation key makes the pseudonym reproducible.
	if err := os.WriteFile(filepath.Join(dir, subdir, redactKeyFile), []byte(strings.Repeat("5a", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	opt.Now = func() time.Time { return t0.Add(time.Hour) }
	if _, err := PruneSubject(ctx, dir, SubjectRequest{Subject: "jane.doe@company.com", Operator: "dpo@company.com", Reason: "request 17"}, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := PruneBefore(ctx, dir, PruneRequest{Before: t0.Add(2500 * time.Millisecond), RetentionDays: 90, Force: true, Operator: "admin@company.com"}, opt); err != nil {
		t.Fatal(err)
	}
	mustVerify(t, dir)
	checkGolden(t, dir, l, 5, "records-erased.golden")
}

// checkGolden compares the records file and the root of its first n records
// with testdata/name.
func checkGolden(t *testing.T, dir string, l *Log, n int64, name string) {
	t.Helper()
	recs, err := readEvFile(dir, recordsFile)
	if err != nil {
		t.Fatal(err)
	}
	root, err := tlog.TreeHash(n, hashFile{l.hs})
	if err != nil {
		t.Fatal(err)
	}
	got := append(recs, []byte("root "+root.String()+"\n")...)
	golden.Check(t, filepath.Join("testdata", name), got)
}
