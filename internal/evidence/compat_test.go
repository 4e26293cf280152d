package evidence

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// v1State copies testdata/v1log, a log written by the v1 writer (before
// issue 10): records, a checkpoint, a prune, another checkpoint.
func v1State(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ev := filepath.Join(dir, subdir)
	if err := os.MkdirAll(ev, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{recordsFile, hashesFile, checkpointsFile, verifierFile, signerFile, redactKeyFile} {
		b, err := os.ReadFile(filepath.Join("testdata", "v1log", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ev, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestV1LogStillVerifies(t *testing.T) {
	dir := v1State(t)
	ctx := context.Background()
	rep := mustVerify(t, dir)
	if rep.Records != 13 || rep.Pruned != 1 || rep.Checkpoints != 2 || rep.Unsigned != 1 {
		t.Errorf("v1 log: %+v", rep)
	}
	es, err := Records(ctx, dir, Filter{})
	if err != nil || len(es) != 13 || es[0].Format != RecordFormatV1 || es[0].Record.User != "jane.doe@company.com" || !es[1].Pruned {
		t.Fatalf("v1 records: %v %+v", err, es)
	}
	// The v1 bundle verifies; the policy its decisions name was never
	// loaded, which v1 writers did not guarantee: a warning, not a failure.
	key, _ := VerifierKey(dir)
	b, _ := os.ReadFile(filepath.Join("testdata", "v1log", "bundle.tar.gz"))
	brep, err := VerifyBundle(ctx, bytes.NewReader(b), key)
	if err != nil || brep.Records != 12 || len(brep.Warnings) != 1 || !strings.Contains(brep.Warnings[0], "v1 record") {
		t.Errorf("v1 bundle: %v %+v", err, brep)
	}
	// Its sessions count the v1 fail-closed denial as a denial.
	ss, err := Sessions(ctx, dir, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if s.ID == "old-2" && (s.Denied != 2 || s.User != "sam@company.com" || s.Agent != "codex") {
			t.Errorf("v1 session old-2: %+v", s)
		}
	}
}

// A v1 log takes v2 records, checkpoints, exports, prunes and erases.
func TestV1LogTakesV2Records(t *testing.T) {
	dir := v1State(t)
	ctx := context.Background()
	opt := testOptions(t)
	opt.Now = func() time.Time { return t0.Add(2 * time.Hour) }
	l, err := Open(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	text := "version: 1\n"
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text}); err != nil {
		t.Fatal(err)
	}
	r := decision("new-1", 0, "deny")
	r.User, r.PolicyDigest = "sam@company.com", sha256Text(text)
	if _, err := l.Append(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	// The first append found the latest checkpoint an hour old: the tail
	// bound signed one before it (record 13), then the explicit one.
	rep := mustVerify(t, dir)
	if rep.Records != 17 || rep.Checkpoints != 4 {
		t.Errorf("mixed log: %+v", rep)
	}
	var buf bytes.Buffer
	if err := Export(ctx, dir, &buf, Selection{}); err != nil {
		t.Fatal(err)
	}
	key, _ := VerifierKey(dir)
	if _, err := VerifyBundle(ctx, &buf, key); err != nil {
		t.Fatal(err)
	}
	// Erasing sam: the v1 records name sam in their payloads (erased), the
	// v2 record in its identity part (pseudonymized).
	srep, err := PruneSubject(ctx, dir, SubjectRequest{Subject: "sam@company.com", Operator: "dpo@company.com"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if srep.Identities != 1 || srep.Payloads != 2 {
		t.Errorf("erasure: %+v", srep)
	}
	mustVerify(t, dir)
	recs, _ := readEvFile(dir, recordsFile)
	if bytes.Contains(bytes.ToLower(recs), []byte("sam@company.com")) {
		t.Errorf("the erased subject is still in the records file")
	}
}
