package evidence

import (
	"bytes"
	"context"
	"fmt"
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
	tab := bytes.LastIndexByte(lines[6], '\t')
	lines[6] = append(append([]byte{}, lines[6][:tab+1]...), '\n')
	os.WriteFile(path, bytes.Join(lines, nil), 0o600)
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "no prune or erasure record covers it") {
		t.Fatalf("uncovered erasure: %v", err)
	}
}

// pruneFixture is a log of two sessions: "old" (t0+1s..t0+4s) and, 40 days
// later, "new"; the clock then reads t0 + 100 days.
func pruneFixture(t *testing.T) (string, Options) {
	t.Helper()
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	text := "version: 1\n"
	if _, err := l.Append(ctx, Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text, Timestamp: t0}); err != nil {
		t.Fatal(err)
	}
	for i, eff := range []string{"allow", "deny", "ask", "deny"} {
		r := decision("old", i, eff)
		r.PolicyDigest, r.Host, r.Repo = sha256Text(text), "devbox", "/src/app"
		r.Timestamp = t0.Add(time.Duration(i+1) * time.Second)
		if _, err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Append(ctx, Record{Type: TypeFailure, SessionID: "old", User: "jane.doe", Agent: "claude-code", Tool: "Bash", Decision: "deny",
		Policy: "mandate", Rule: "fail-closed", Reason: "no policy", Timestamp: t0.Add(5 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	r := decision("new", 9, "allow")
	r.Timestamp = t0.Add(40 * 24 * time.Hour)
	if _, err := l.Append(ctx, r); err != nil {
		t.Fatal(err)
	}
	l.Close()
	opt := testOptions(t)
	opt.Now = func() time.Time { return t0.Add(100 * 24 * time.Hour) }
	return dir, opt
}

func TestPruneRetention(t *testing.T) {
	day := 24 * time.Hour
	now := t0.Add(100 * day)
	cases := []struct {
		name    string
		req     PruneRequest
		pruned  int64
		wantErr string
	}{
		{"past retention", PruneRequest{Before: now.Add(-60 * day), RetentionDays: 30}, 5, ""},
		{"exactly at retention", PruneRequest{Before: now.Add(-30 * day), RetentionDays: 30}, 6, ""},
		{"within retention", PruneRequest{Before: now.Add(-10 * day), RetentionDays: 30}, 0, "the policy keeps evidence for 30 days"},
		{"keep forever", PruneRequest{Before: now.Add(-90 * day)}, 0, "keeps evidence forever"},
		{"forced within retention", PruneRequest{Before: now.Add(-10 * day), RetentionDays: 30, Force: true, Operator: "admin@company.com"}, 6, ""},
		{"forced without operator", PruneRequest{Before: now.Add(-10 * day), RetentionDays: 30, Force: true}, 0, "must name who runs it"},
		{"in the future", PruneRequest{Before: now.Add(day), RetentionDays: 1, Force: true, Operator: "a"}, 0, "in the future"},
		{"zero time", PruneRequest{RetentionDays: 30}, 0, "needs a cut-off"},
		{"negative retention", PruneRequest{Before: now.Add(-60 * day), RetentionDays: -1}, 0, "not a retention"},
		{"nothing to erase", PruneRequest{Before: t0.Add(-day), RetentionDays: 30}, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, opt := pruneFixture(t)
			before, _ := readEvFile(dir, recordsFile)
			dry := tc.req
			dry.DryRun = true
			drep, derr := PruneBefore(context.Background(), dir, dry, opt)
			rep, err := PruneBefore(context.Background(), dir, tc.req, opt)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || derr == nil {
					t.Fatalf("err %v, dry-run err %v, want %q", err, derr, tc.wantErr)
				}
				if after, _ := readEvFile(dir, recordsFile); !bytes.Equal(after, before) {
					t.Error("a refused prune changed the log")
				}
				return
			}
			if err != nil || derr != nil {
				t.Fatalf("%v / dry run: %v", err, derr)
			}
			if rep.Pruned != tc.pruned || drep.Pruned != rep.Pruned || fmt.Sprint(drep.Ranges) != fmt.Sprint(rep.Ranges) || drep.Record != -1 {
				t.Errorf("pruned %d (dry run %d, %v vs %v), want %d", rep.Pruned, drep.Pruned, drep.Ranges, rep.Ranges, tc.pruned)
			}
			if tc.pruned == 0 {
				if rep.Record != -1 {
					t.Errorf("nothing erased but a prune record was written: %+v", rep)
				}
				return
			}
			vr := mustVerify(t, dir)
			if vr.Pruned != tc.pruned {
				t.Errorf("verify: %+v", vr)
			}
			es, _ := Records(context.Background(), dir, Filter{})
			pr := es[rep.Record].Record
			if pr.Type != TypePrune || pr.User != tc.req.Operator || (pr.Extra["forced"] == true) != tc.req.Force {
				t.Errorf("prune record %+v", pr)
			}
			// What an audit counts survives the erasure.
			ss, _ := Sessions(context.Background(), dir, Filter{})
			if s := ss[0]; s.ID != "old" || s.User != "jane.doe" || s.Agent != "claude-code" || s.Allowed != 1 || s.Denied != 3 || s.Asked != 1 {
				t.Errorf("session after prune: %+v", s)
			}
			for _, e := range es[1:5] {
				r := e.Record
				if !e.Pruned || r.Decision == "" || r.Tool != "Bash" || r.Policy != "base" || r.Rule != "r1" || r.Host != "devbox" || r.PolicyDigest == "" || r.Params != nil {
					t.Errorf("pruned record %d keeps %+v", e.Index, r)
				}
			}
		})
	}
}
