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

func TestPruneThenVerify(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	appendN(t, l, "old", 4) // t0+1s .. t0+4s
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: "sha256:00", PolicyText: "version: 1\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	appendN(t, l, "new", 3)
	opt := testOptions(t)
	opt.Now = func() time.Time { return t0.Add(time.Hour) }
	rep, err := Prune(ctx, dir, t0.Add(4500*time.Millisecond), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pruned != 4 || rep.Record != 9 || rep.Through != 8 {
		t.Errorf("prune report %+v", rep)
	}
	// The Log opened before the prune keeps working on the new file.
	if idx, err := l.Append(ctx, decision("new", 9, "allow")); err != nil || idx != 10 {
		t.Fatalf("append after prune: %d %v", idx, err)
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	vr := mustVerify(t, dir)
	if vr.Pruned != 4 || vr.Records != 12 {
		t.Errorf("verify %+v", vr)
	}
	es, err := l.Records(ctx, Filter{Session: "old"})
	if err != nil || len(es) != 4 || !es[0].Pruned || es[0].Record.Params != nil || es[0].Record.Type != TypeDecision {
		t.Fatalf("pruned entries: %+v %v", es, err)
	}
	es, _ = l.Records(ctx, Filter{})
	var prune *Entry
	for i := range es {
		if es[i].Record.Type == TypePrune {
			prune = &es[i]
		}
		if es[i].Record.Type == TypePolicyLoad && es[i].Pruned {
			t.Error("policy.load records are kept")
		}
	}
	if prune == nil || prune.Record.extraString("before") != "2026-03-07T14:32:19.623Z" {
		t.Fatalf("prune record %+v", prune)
	}

	// Erasing a payload that no prune record covers is tampering.
	path := filepath.Join(dir, subdir, recordsFile)
	b, _ := os.ReadFile(path)
	lines := splitLines(b)
	tab := bytes.IndexByte(lines[6], '\t')
	lines[6] = append(append([]byte{}, lines[6][:tab+1]...), '\n')
	os.WriteFile(path, bytes.Join(lines, nil), 0o600)
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "no prune record covers it") {
		t.Fatalf("uncovered erasure: %v", err)
	}
}
