package evidence

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/redact"
)

var t0 = time.Date(2026, 3, 7, 14, 32, 15, 123456789, time.UTC)

// testClock returns a clock that advances one second per call.
func testClock() func() time.Time {
	n := 0
	return func() time.Time {
		n++
		return t0.Add(time.Duration(n) * time.Second)
	}
}

func testRedactor(t testing.TB) *redact.Redactor {
	t.Helper()
	r, err := redact.New(redact.Config{Key: []byte("evidence-test-key-0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testOptions(t testing.TB) Options {
	return Options{Now: testClock(), Redactor: testRedactor(t), Rand: rand.NewChaCha8([32]byte{7})}
}

func openTest(t testing.TB, dir string) *Log {
	t.Helper()
	l, err := Open(dir, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func decision(session string, i int, eff string) Record {
	code := i % 3
	return Record{
		Type: TypeDecision, SessionID: session, User: "jane.doe", Agent: "claude-code", AgentVersion: "2.0.1",
		TrustLevel: "write_local", Tool: "Bash", ActionType: "exec", ResourcePath: "/repo/src",
		Params:       map[string]any{"command": fmt.Sprintf("go test ./pkg%d/...", i)},
		PolicyChecks: []policy.Check{{Policy: "file-boundary", Result: "pass"}},
		Decision:     eff, Policy: "base", Rule: "r1",
		Reason: "because", ExitCode: &code, ToolUseID: fmt.Sprintf("toolu_%d", i),
	}
}

func appendN(t testing.TB, l *Log, session string, n int) {
	t.Helper()
	effs := []string{"allow", "deny", "ask"}
	for i := 0; i < n; i++ {
		if _, err := l.Append(context.Background(), decision(session, i, effs[i%3])); err != nil {
			t.Fatal(err)
		}
	}
}

func mustVerify(t testing.TB, dir string) Report {
	t.Helper()
	rep, err := Verify(context.Background(), dir)
	if err != nil {
		t.Fatalf("verify: %v (%+v)", err, rep)
	}
	return rep
}

func TestAppendReadBack(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	want := decision("s1", 0, "allow")
	// A secret in the params must never reach the files.
	secret := "ghp_" + strings.Repeat("Ab1x", 9)
	want.Params["env"] = "GITHUB_TOKEN=" + secret
	for i := 0; i < 3; i++ {
		idx, err := l.Append(ctx, want)
		if err != nil {
			t.Fatal(err)
		}
		if idx != int64(i) {
			t.Fatalf("index %d, want %d", idx, i)
		}
	}
	for _, name := range []string{recordsFile, hashesFile, checkpointsFile} {
		b, err := os.ReadFile(filepath.Join(dir, subdir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), secret) {
			t.Fatalf("%s holds the secret in clear", name)
		}
	}
	es, err := l.Records(ctx, Filter{})
	if err != nil || len(es) != 3 {
		t.Fatalf("records: %d, %v", len(es), err)
	}
	got := es[1].Record
	if got.Type != want.Type || got.SessionID != "s1" || got.User != want.User || got.Decision != "allow" ||
		got.ExitCode == nil || *got.ExitCode != 0 || len(got.PolicyChecks) != 1 || got.ToolUseID != want.ToolUseID {
		t.Errorf("read back %+v", got)
	}
	if !got.Timestamp.Equal(t0.Add(2 * time.Second).Truncate(time.Millisecond)) {
		t.Errorf("timestamp %v", got.Timestamp)
	}
	if len(got.Redactions) == 0 || got.Redactions[0].Path != "params.env" {
		t.Errorf("redactions %+v", got.Redactions)
	}
	if s, _ := got.Params["env"].(string); !strings.Contains(s, "GITHUB_TOKEN=") || strings.Contains(s, secret) {
		t.Errorf("params.env = %q", s)
	}
	rep := mustVerify(t, dir)
	if rep.Records != 3 || rep.Unsigned != 3 || rep.Checkpoints != 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestAppendRequiresRedactor(t *testing.T) {
	l, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Append(context.Background(), decision("s", 0, "allow")); err == nil || !strings.Contains(err.Error(), "redactor") {
		t.Fatalf("want a no-redactor error, got %v", err)
	}
}

func TestAppendRejectsReservedTypes(t *testing.T) {
	l := openTest(t, t.TempDir())
	for _, typ := range []string{TypeCheckpoint, TypePrune, ""} {
		if _, err := l.Append(context.Background(), Record{Type: typ}); err == nil {
			t.Errorf("type %q: want error", typ)
		}
	}
}

func TestCheckpointAndVerify(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	appendN(t, l, "s1", 5)
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	appendN(t, l, "s2", 4)
	msg, err := l.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ParseCheckpoint(msg, l.verifier)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Tree.N != 10 || cp.Seq != 1 { // 5 + checkpoint record + 4
		t.Errorf("checkpoint %+v", cp)
	}
	appendN(t, l, "s2", 2)
	rep := mustVerify(t, dir)
	if rep.Records != 13 || rep.Checkpoints != 2 || rep.TreeSize != 10 || rep.Unsigned != 3 {
		t.Errorf("report %+v", rep)
	}
	ss, err := l.Sessions(ctx, Filter{})
	if err != nil || len(ss) != 2 {
		t.Fatalf("sessions %+v %v", ss, err)
	}
	if s := ss[0]; s.ID != "s1" || s.Allowed != 2 || s.Denied != 2 || s.Asked != 1 || s.Agent != "claude-code" {
		t.Errorf("session %+v", s)
	}
}

func TestEmptyLogVerifies(t *testing.T) {
	fresh := t.TempDir()
	if err := Init(fresh); err != nil {
		t.Fatal(err)
	}
	if rep := mustVerify(t, fresh); rep.Records != 0 || rep.Checkpoints != 0 {
		t.Errorf("initialized only: %+v", rep)
	}
	if _, err := Verify(context.Background(), t.TempDir()); err == nil {
		t.Error("no log at all: want error")
	}
	gone := t.TempDir()
	appendN(t, openTest(t, gone), "s", 2)
	os.Remove(filepath.Join(gone, subdir, recordsFile))
	if _, err := Verify(context.Background(), gone); !errors.Is(err, ErrInvalid) {
		t.Errorf("records file deleted: want ErrInvalid, got %v", err)
	}
	dir := t.TempDir()
	openTest(t, dir)
	if rep := mustVerify(t, dir); rep.Records != 0 {
		t.Errorf("%+v", rep)
	}
	if _, err := openTest(t, dir).Checkpoint(context.Background()); err == nil {
		t.Error("checkpoint of an empty log: want error")
	}
}

func TestFilters(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	appendN(t, l, "s1", 6)
	appendN(t, l, "s2", 3)
	tests := []struct {
		f    Filter
		want int
	}{
		{Filter{}, 9},
		{Filter{Session: "s2"}, 3},
		{Filter{Decision: "deny"}, 3},
		{Filter{Text: "PKG4"}, 1},
		{Filter{Since: t0.Add(3 * time.Second), Until: t0.Add(5 * time.Second)}, 2},
		{Filter{Limit: 4}, 4},
		{Filter{Agent: "codex"}, 0},
		{Filter{User: "jane.doe", Session: "s1", Decision: "ask"}, 2},
	}
	for _, tt := range tests {
		es, err := l.Records(ctx, tt.f)
		if err != nil || len(es) != tt.want {
			t.Errorf("%+v: %d records (%v), want %d", tt.f, len(es), err, tt.want)
		}
	}
	es, _ := l.Records(ctx, Filter{Limit: 2})
	if es[0].Index != 7 || es[1].Index != 8 {
		t.Errorf("limit keeps the last: %d %d", es[0].Index, es[1].Index)
	}
}

func TestOpenRefusesDamagedLog(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	appendN(t, l, "s", 3)
	l.Close()
	if err := os.Remove(filepath.Join(dir, subdir, hashesFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, testOptions(t)); !errors.Is(err, ErrDamaged) {
		t.Fatalf("want ErrDamaged, got %v", err)
	}
	// Keys gone but records present: never regenerate keys silently.
	dir2 := t.TempDir()
	l2 := openTest(t, dir2)
	appendN(t, l2, "s", 1)
	l2.Close()
	os.Remove(filepath.Join(dir2, subdir, signerFile))
	os.Remove(filepath.Join(dir2, subdir, verifierFile))
	if _, err := Open(dir2, testOptions(t)); err == nil {
		t.Fatal("open with keys deleted: want error")
	}
}

func TestInitIdempotentAndPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := Init(dir); err != nil {
		t.Fatal(err)
	}
	k1, _ := VerifierKey(dir)
	if err := Init(dir); err != nil {
		t.Fatal(err)
	}
	k2, _ := VerifierKey(dir)
	if k1 != k2 || !strings.HasPrefix(k1, OriginPrefix) {
		t.Fatalf("keys changed or misnamed: %q %q", k1, k2)
	}
	for _, p := range []string{"evidence/" + signerFile, "evidence/" + verifierFile, "evidence/" + redactKeyFile} {
		st, err := os.Stat(filepath.Join(dir, p))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", p, st.Mode(), err)
		}
	}
	st, _ := os.Stat(filepath.Join(dir, "evidence"))
	if st.Mode().Perm() != 0o700 {
		t.Errorf("evidence dir mode %v", st.Mode())
	}
	os.Remove(filepath.Join(dir, subdir, signerFile))
	if err := Init(dir); !errors.Is(err, ErrDamaged) {
		t.Errorf("half a key pair: want ErrDamaged, got %v", err)
	}
}
