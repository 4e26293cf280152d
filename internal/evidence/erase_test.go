package evidence

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const jane = "jane.doe@company.com"

// erasureFixture: jane's session (3 decisions), bob's session whose
// command names jane, a record with jane's address in its extra, a policy,
// and a checkpoint.
func erasureFixture(t *testing.T) (string, Options) {
	t.Helper()
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	text := "version: 1\n"
	must := func(r Record) {
		if _, err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	must(Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text})
	for i, eff := range []string{"allow", "deny", "ask"} {
		r := decision("s-jane", i, eff)
		r.User, r.Host, r.Repo, r.PolicyDigest = jane, "devbox", "/src/app", sha256Text(text)
		must(r)
	}
	b := decision("s-bob", 7, "allow")
	b.User, b.PolicyDigest = "bob@company.com", sha256Text(text)
	b.Params = map[string]any{"command": "echo reviewed by Jane.Doe@Company.com >> NOTES"}
	must(b)
	must(Record{Type: TypeTamperAck, User: "bob@company.com", Extra: map[string]any{"email": jane}})
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	l.Close()
	opt := testOptions(t)
	opt.Now = func() time.Time { return t0.Add(time.Hour) }
	return dir, opt
}

// grepState reports the files of the state directory that contain s.
func grepState(t *testing.T, dir, s string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(s))) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

func TestPruneSubject(t *testing.T) {
	dir, opt := erasureFixture(t)
	ctx := context.Background()
	before, _ := readEvFile(dir, recordsFile)
	dry, err := PruneSubject(ctx, dir, SubjectRequest{Subject: "JANE.DOE@company.com", Operator: "dpo@company.com", DryRun: true}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := readEvFile(dir, recordsFile); !bytes.Equal(after, before) {
		t.Fatal("a dry run changed the log")
	}
	rep, err := PruneSubject(ctx, dir, SubjectRequest{Subject: jane, Operator: "dpo@company.com", Reason: "GDPR request 2026-17"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Identities != 3 || rep.Payloads != 2 || rep.Record != 7 || len(rep.Residual) != 0 || rep.SessionsTouched != 2 ||
		rep.Pseudonym != dry.Pseudonym || rep.Identities != dry.Identities || rep.Payloads != dry.Payloads {
		t.Errorf("report %+v (dry run %+v)", rep, dry)
	}
	if p, _ := Pseudonym(dir, "Jane.Doe@Company.COM"); p != rep.Pseudonym || !validPseudonym(p) {
		t.Errorf("pseudonym not stable per subject: %s %s", p, rep.Pseudonym)
	}
	vr := mustVerify(t, dir)
	if vr.Pseudonymized != 3 || vr.Pruned != 2 {
		t.Errorf("verify %+v", vr)
	}
	if files := grepState(t, dir, jane); len(files) > 0 {
		t.Errorf("the erased identity remains in %v", files)
	}
	// Her records still count, under the pseudonym.
	ss, _ := Sessions(ctx, dir, Filter{})
	if s := ss[0]; s.ID != "s-jane" || s.User != rep.Pseudonym || s.Allowed != 1 || s.Denied != 1 || s.Asked != 1 {
		t.Errorf("session after erasure: %+v", s)
	}
	es, _ := Records(ctx, dir, Filter{Session: "s-jane"})
	if !es[0].Pseudonymized || es[0].Pruned || es[0].Record.Params == nil || es[0].Record.Host != "" {
		t.Errorf("pseudonymized record %+v", es[0])
	}
	// A bundle exported after the erasure verifies offline, with the key.
	l, err := Open(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	l.Close()
	var buf bytes.Buffer
	if err := Export(ctx, dir, &buf, Selection{Session: "s-jane"}); err != nil {
		t.Fatal(err)
	}
	key, _ := VerifierKey(dir)
	out := filepath.Join(t.TempDir(), "jane.bundle")
	os.WriteFile(out, buf.Bytes(), 0o600)
	brep, err := VerifyBundleFile(ctx, out, BundleOptions{Key: key})
	if err != nil || brep.Pseudonymized != 3 || bytes.Contains(bytes.ToLower(buf.Bytes()), []byte("jane")) && strings.Contains(strings.ToLower(string(gunzip(t, buf.Bytes()))), jane) {
		t.Errorf("bundle after erasure: %v %+v", err, brep)
	}
	// Erasing again finds nothing left to erase, and writes nothing.
	if _, err := PruneSubject(ctx, dir, SubjectRequest{Subject: jane, Operator: "dpo"}, opt); !errors.Is(err, ErrNoSubject) || !strings.Contains(err.Error(), "erased before") {
		t.Errorf("second erasure: %v", err)
	}
}

func TestPruneSubjectBadInput(t *testing.T) {
	cases := []struct {
		name string
		req  SubjectRequest
		want string
	}{
		{"nobody", SubjectRequest{Subject: "nobody@company.com"}, "no record names"},
		{"empty", SubjectRequest{Subject: "  "}, "needs the subject"},
		{"too short", SubjectRequest{Subject: "ja"}, "too short"},
		{"reason names the subject", SubjectRequest{Subject: jane, Reason: "erase " + jane}, "reason names the subject"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, opt := erasureFixture(t)
			before, _ := readEvFile(dir, recordsFile)
			if _, err := PruneSubject(context.Background(), dir, tc.req, opt); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if after, _ := readEvFile(dir, recordsFile); !bytes.Equal(after, before) {
				t.Error("a refused erasure changed the log")
			}
		})
	}
}

// A policy that names the subject is never erased: it is reported.
func TestPruneSubjectResidualPolicy(t *testing.T) {
	dir, opt := erasureFixture(t)
	l, _ := Open(dir, opt)
	text := "roles:\n  - name: lead # " + jane + "\n"
	if _, err := l.Append(context.Background(), Record{Type: TypePolicyLoad, PolicyDigest: sha256Text(text), PolicyText: text}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	rep, err := PruneSubject(context.Background(), dir, SubjectRequest{Subject: jane, Operator: "dpo"}, opt)
	if err != nil || len(rep.Residual) != 1 || rep.Residual[0].Index != 7 || !strings.Contains(rep.Residual[0].Where, "policy.load") {
		t.Fatalf("%v %+v", err, rep)
	}
	mustVerify(t, dir)
}

// Pseudonyms and erased payloads that no erasure record names are
// tampering.
func TestErasureTamper(t *testing.T) {
	dir, opt := erasureFixture(t)
	ctx := context.Background()
	path := filepath.Join(dir, subdir, recordsFile)
	orig, _ := os.ReadFile(path)
	edit := func(i int, f func(l *line) []byte) {
		lines := splitLines(orig)
		l, err := parseLine(bytes.TrimSuffix(lines[i], []byte("\n")))
		if err != nil {
			t.Fatal(err)
		}
		lines[i] = f(&l)
		os.WriteFile(path, bytes.Join(lines, nil), 0o600)
	}
	p := pseudonymFor([]byte("0123456789abcdef0123"), jane)
	edit(1, func(l *line) []byte { return l.render(pseudonymPart(p), l.payload) })
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "no erasure record names it") {
		t.Errorf("unrecorded pseudonym: %v", err)
	}
	edit(1, func(l *line) []byte { return l.render([]byte(`{"salt":"00","user":"mallory"}`), l.payload) })
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "identity part does not match") {
		t.Errorf("replaced identity: %v", err)
	}
	edit(1, func(l *line) []byte { return l.render(nil, l.payload) })
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "identity part is missing") {
		t.Errorf("removed identity: %v", err)
	}
	// After a real erasure, moving the pseudonym to bob's record is caught.
	os.WriteFile(path, orig, 0o600)
	rep, err := PruneSubject(ctx, dir, SubjectRequest{Subject: jane, Operator: "dpo"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ = os.ReadFile(path)
	edit(4, func(l *line) []byte { return l.render(pseudonymPart(rep.Pseudonym), l.payload) })
	if _, err := Verify(ctx, dir); err == nil || !strings.Contains(err.Error(), "record 4") {
		t.Errorf("pseudonym moved to another record: %v", err)
	}
}
