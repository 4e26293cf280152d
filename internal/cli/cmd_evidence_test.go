package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

var evNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func evRun(t *testing.T, state, cwd string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Cwd: cwd,
		Now: func() time.Time { return evNow },
		Getenv: func(k string) string {
			if k == "MANDATE_HOME" {
				return state
			}
			return ""
		}}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// evSeed appends decisions for two sessions, spread over days.
func evSeed(t *testing.T, state string) {
	t.Helper()
	red, err := evidence.NewRedactor(state, false)
	if err != nil {
		t.Fatal(err)
	}
	l, err := evidence.Open(state, evidence.Options{Redactor: red})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	effs := []string{"allow", "deny", "ask", "allow"}
	for i := 0; i < 8; i++ {
		s := "sess-a"
		if i >= 4 {
			s = "sess-b"
		}
		r := evidence.Record{Type: evidence.TypeDecision, Timestamp: evNow.Add(-time.Duration(8-i) * 24 * time.Hour),
			SessionID: s, User: "jane", Agent: "claude-code", Tool: "Bash", Decision: effs[i%4], Rule: "r",
			Params: map[string]any{"command": fmt.Sprintf("make target%d", i)}}
		if _, err := l.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEvidenceCommands(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	if code, _, stderr := evRun(t, state, d, "log"); code != ExitFail || !strings.Contains(stderr, "mandate init") {
		t.Fatalf("log before init: %d %q", code, stderr)
	}
	code, out, _ := evRun(t, state, d, "init")
	if code != ExitOK || !strings.Contains(out, "mandate.dev/evidence/") {
		t.Fatalf("init: %d %q", code, out)
	}
	if code, out, stderr := evRun(t, state, d, "log"); code != ExitOK || strings.Count(out, "\n") != 1 {
		t.Fatalf("log of an empty log: %d %q %q", code, out, stderr)
	}
	evSeed(t, state)

	code, out, _ = evRun(t, state, d, "log")
	if code != ExitOK || strings.Count(out, "\n") != 9 || !strings.Contains(out, "make target7") {
		t.Errorf("log: %d\n%s", code, out)
	}
	code, out, _ = evRun(t, state, d, "log", "--session", "sess-b", "--decision", "deny", "--json")
	var e evidence.Entry
	if code != ExitOK || strings.Count(out, "\n") != 1 || json.Unmarshal([]byte(out), &e) != nil || e.Index != 5 {
		t.Errorf("log --json: %d %q", code, out)
	}
	code, out, _ = evRun(t, state, d, "log", "--since", "3d", "--grep", "TARGET")
	if code != ExitOK || strings.Count(out, "\n") != 4 { // header + days -3..-1
		t.Errorf("log --since 3d: %d\n%s", code, out)
	}
	if code, _, stderr := evRun(t, state, d, "log", "--since", "yesterday"); code != ExitUsage || !strings.Contains(stderr, "RFC 3339") {
		t.Errorf("bad --since: %d %q", code, stderr)
	}
	code, out, _ = evRun(t, state, d, "sessions")
	if code != ExitOK || !strings.Contains(out, "sess-a") || !strings.Contains(out, "sess-b") {
		t.Errorf("sessions: %d\n%s", code, out)
	}
	code, out, _ = evRun(t, state, d, "sessions", "--json")
	var ss []evidence.SessionSummary
	if code != ExitOK || json.Unmarshal([]byte(out), &ss) != nil || len(ss) != 2 || ss[0].Allowed != 2 || ss[0].Denied != 1 || ss[0].Asked != 1 {
		t.Errorf("sessions --json: %d %s", code, out)
	}

	if code, out, _ = evRun(t, state, d, "checkpoint"); code != ExitOK || !strings.HasPrefix(out, "mandate.dev/evidence/") {
		t.Errorf("checkpoint: %d %q", code, out)
	}
	if code, out, stderr := evRun(t, state, d, "verify"); code != ExitOK || !strings.Contains(out, "ok: 9 records") {
		t.Errorf("verify: %d %q %q", code, out, stderr)
	}

	// Export, then verify the bundle with the pinned key from a key file.
	if code, out, stderr := evRun(t, state, d, "export", "--out", "b.tar.gz", "--session", "sess-a"); code != ExitOK || !strings.Contains(out, "wrote b.tar.gz") {
		t.Fatalf("export: %d %q %q", code, out, stderr)
	}
	key, _ := evidence.VerifierKey(state)
	keyFile := filepath.Join(d, "auditor.key")
	os.WriteFile(keyFile, []byte(key+"\n"), 0o600)
	bundle := filepath.Join(d, "b.tar.gz")
	if code, out, stderr := evRun(t, state, d, "verify", "--bundle", bundle, "--key", keyFile); code != ExitOK || !strings.Contains(out, "trust: pinned") {
		t.Errorf("verify --bundle --key: %d %q %q", code, out, stderr)
	}
	// No key: the bundle is only self-consistent, which a forgery signed
	// by its own key is too: exit 1, saying why, unless the auditor says
	// they compared the bundled key.
	if code, out, stderr := evRun(t, state, d, "verify", "--bundle", bundle); code != ExitFail || !strings.Contains(stderr, "NOT TRUSTED") ||
		!strings.Contains(stderr, "--trust-bundled-key") || !strings.Contains(out, "trust: none") {
		t.Errorf("verify --bundle unpinned: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := evRun(t, state, d, "verify", "--bundle", bundle, "--trust-bundled-key"); code != ExitOK || !strings.Contains(out, "trust: bundled-trusted-explicitly") {
		t.Errorf("verify --bundle --trust-bundled-key: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := evRun(t, state, d, "verify", "--bundle", bundle, "--key", keyFile, "--trust-bundled-key"); code != ExitUsage || !strings.Contains(stderr, "choose one") {
		t.Errorf("verify --key --trust-bundled-key: %d %q", code, stderr)
	}
	other := filepath.Join(d, "other")
	evidence.Init(other)
	otherKey, _ := evidence.VerifierKey(other)
	if code, _, stderr := evRun(t, state, d, "verify", "--bundle", bundle, "--key", otherKey); code != ExitFail || !strings.Contains(stderr, "FAILED") {
		t.Errorf("verify --bundle with another key: %d %q", code, stderr)
	}
	b, _ := os.ReadFile(bundle)
	os.WriteFile(bundle, b[:len(b)/2], 0o600)
	if code, _, stderr := evRun(t, state, d, "verify", "--bundle", bundle, "--key", keyFile); code != ExitUsage || !strings.Contains(stderr, "truncated") {
		t.Errorf("truncated bundle: %d %q", code, stderr)
	}

	// Prune: the default policy keeps evidence forever, so a prune is
	// refused (nothing erased) until --force, which is recorded with who
	// ran it; --dry-run shows what would go and changes nothing.
	if code, out, stderr := evRun(t, state, d, "prune", "--before", "5d"); code != ExitFail || !strings.Contains(stderr, "retention") || out != "" {
		t.Errorf("prune within the retention: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := evRun(t, state, d, "prune", "--before", "5d", "--dry-run"); code != ExitFail ||
		!strings.Contains(out, "dry run: with --force, would erase the payloads of 3 records") || !strings.Contains(stderr, "without --force this prune is refused") {
		t.Errorf("prune --dry-run within the retention: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := evRun(t, state, d, "prune", "--before", "5d", "--force", "--dry-run"); code != ExitOK ||
		!strings.Contains(out, "dry run: would erase the payloads of 3 records") || !strings.Contains(out, "nothing was changed") {
		t.Errorf("prune --dry-run: %d %q %q", code, out, stderr)
	}
	if code, out, _ := evRun(t, state, d, "verify"); code != ExitOK || !strings.Contains(out, "(0 payloads erased") {
		t.Errorf("verify after a dry run: %d %q", code, out)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"prune", "--before", "-1d"}, "--before"},
		{[]string{"prune", "--before", "2999-01-01", "--force"}, "future"},
		{[]string{"prune", "--before", "yesterday", "--force"}, "--before"},
		{[]string{"prune"}, "--before T is required"},
		{[]string{"prune", "--subject", "nobody@example.com"}, "no record names"},
		{[]string{"prune", "--subject", "dev", "--before", "5d"}, "choose one"},
	} {
		if code, out, stderr := evRun(t, state, d, tt.args...); code != ExitUsage || !strings.Contains(stderr, tt.want) || out != "" {
			t.Errorf("%q: %d %q %q, want exit 2 and %q", tt.args, code, out, stderr, tt.want)
		}
	}
	if code, out, _ := evRun(t, state, d, "verify"); code != ExitOK || !strings.Contains(out, "(0 payloads erased") {
		t.Errorf("verify after refused prunes: %d %q", code, out)
	}
	if code, out, stderr := evRun(t, state, d, "prune", "--before", "5d", "--force"); code != ExitOK ||
		!strings.Contains(out, "erased the payloads of 3 records") || !strings.Contains(out, "forced within the retention: recorded with who ran it") {
		t.Errorf("prune --force: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := evRun(t, state, d, "verify"); code != ExitOK || !strings.Contains(out, "(3 payloads erased") {
		t.Errorf("verify after prune: %d %q %q", code, out, stderr)
	}
	code, out, _ = evRun(t, state, d, "log", "--type", "prune", "--json")
	if code != ExitOK || !strings.Contains(out, `"forced":true`) || !strings.Contains(out, "(uid ") {
		t.Errorf("the forced prune's record does not say who ran it: %d %s", code, out)
	}

	// Tamper with one record: exit 1 naming the record.
	rec := filepath.Join(state, "evidence", "records.jsonl")
	b, _ = os.ReadFile(rec)
	b = bytes.Replace(b, []byte("target6"), []byte("target9"), 1)
	os.WriteFile(rec, b, 0o600)
	if code, _, stderr := evRun(t, state, d, "verify"); code != ExitFail || !strings.Contains(stderr, "record 6") {
		t.Errorf("tampered verify: %d %q", code, stderr)
	}
}

// TestPruneSubject: prune --subject replaces a person's identity by a
// pseudonym in every record (a dry run first changes nothing), the log
// still verifies, the sessions still count, and the erasure is recorded.
func TestPruneSubject(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	timelineSeed(t, state)
	before, _ := os.ReadFile(filepath.Join(state, "evidence", "records.jsonl"))
	code, out, stderr := evRun(t, state, d, "prune", "--subject", "DEV-37@example.com", "--dry-run")
	if code != ExitOK || !strings.Contains(out, "identity: would replace") || !strings.Contains(out, "dry run: nothing was changed") {
		t.Fatalf("prune --subject --dry-run: %d %q %q", code, out, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(state, "evidence", "records.jsonl")); !bytes.Equal(before, after) {
		t.Fatal("a dry run changed the log")
	}
	if code, _, stderr := evRun(t, state, d, "prune", "--subject", "dev-37@example.com", "--reason", "request from dev-37@example.com"); code != ExitUsage || !strings.Contains(stderr, "--reason names the subject") {
		t.Errorf("a reason naming the subject: %d %q", code, stderr)
	}
	code, out, stderr = evRun(t, state, d, "prune", "--subject", "dev-37@example.com", "--reason", "GDPR request 2026-114")
	if code != ExitOK || !strings.Contains(out, "identity: replaced") || !strings.Contains(out, "recorded as erasure record") {
		t.Fatalf("prune --subject: %d %q %q", code, out, stderr)
	}
	if code, out, stderr := evRun(t, state, d, "verify"); code != ExitOK || strings.Contains(out, " 0 identities pseudonymized") {
		t.Errorf("verify after the erasure: %d %q %q", code, out, stderr)
	}
	code, out, _ = evRun(t, state, d, "sessions", "--json")
	if code != ExitOK || strings.Contains(out, "dev-37@example.com") || !strings.Contains(out, `"denied": 2`) {
		t.Errorf("sessions after the erasure: %d %s", code, out)
	}
	if code, _, stderr := evRun(t, state, d, "prune", "--subject", "dev-37@example.com"); code != ExitUsage || !strings.Contains(stderr, "no record names") {
		t.Errorf("a second erasure of the same subject: %d %q", code, stderr)
	}
}
