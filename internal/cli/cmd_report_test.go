package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// The report package's fixture: a bundle with denials, asks, a
// fail-closed failure, two policy versions and markup in a command.
var (
	reportFixture    = filepath.Join("..", "report", "testdata", "fixture.bundle")
	reportFixtureKey = filepath.Join("..", "report", "testdata", "fixture.key")
)

// TestReport: mandate report writes the report package's formats for a
// bundle (golden), to standard output or a file, and exits 1 when the
// evidence is not proven (the report is written and says so), 2 when the
// bundle cannot be read or the format is not known.
func TestReport(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	bundle, err := filepath.Abs(reportFixture)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := filepath.Abs(reportFixtureKey)
	now := func() time.Time { return time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC) }

	env, out, errb := testEnv(state, d, "")
	env.Now = now
	if code := run(t, env, "report", "--bundle", bundle, "--key", key, "--format", "md"); code != ExitOK {
		t.Fatalf("report --format md: %d %s", code, errb)
	}
	checkGolden(t, "report.md", out.String())

	// The format from --out's extension; the file written, a line said.
	env, out, errb = testEnv(state, d, "")
	env.Now = now
	if code := run(t, env, "report", "--bundle", bundle, "--key", key, "--out", "r.csv"); code != ExitOK || !strings.HasPrefix(out.String(), "wrote r.csv (csv): ") {
		t.Fatalf("report --out r.csv: %d %q %s", code, out, errb)
	}
	b, err := os.ReadFile(filepath.Join(d, "r.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "report.csv", string(b))

	env, _, errb = testEnv(state, d, "")
	env.Now = now
	if code := run(t, env, "report", "--bundle", bundle, "--key", key, "--format", "html", "--out", "r.html"); code != ExitOK {
		t.Fatalf("report --format html: %d %s", code, errb)
	}
	html, _ := os.ReadFile(filepath.Join(d, "r.html"))
	for _, want := range []string{"<!DOCTYPE html>", "VERIFIED", "<svg", "npm install left-pad", "&lt;script&gt;"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "src=\"http", "href=\"http", "@import"} {
		if strings.Contains(string(html), bad) {
			t.Errorf("the HTML report is not self-contained: %q", bad)
		}
	}

	env, out, errb = testEnv(state, d, "")
	env.Now = now
	if code := run(t, env, "report", "--bundle", bundle, "--key", key, "--out", "r.md", "--json"); code != ExitOK ||
		!strings.Contains(out.String(), `"path": "r.md"`) || !strings.Contains(out.String(), `"format": "md"`) || !strings.Contains(out.String(), `"trusted": true`) {
		t.Errorf("report --json: %d %q\n%s", code, errb, out)
	}
	env, _, errb = testEnv(state, d, "")
	if code := run(t, env, "report", "--bundle", bundle, "--key", key, "--format", "md", "--json"); code != ExitUsage || !strings.Contains(errb.String(), "choose one") {
		t.Errorf("report --json to standard output: %d %q", code, errb)
	}

	// Without --key the bundle is only self-consistent: the report is
	// written, says so at the top, and the exit code is 1.
	env, out, errb = testEnv(state, d, "")
	env.Now = now
	if code := run(t, env, "report", "--bundle", bundle, "--format", "md"); code != ExitFail ||
		!strings.Contains(errb.String(), "only self-consistent") || !strings.Contains(strings.SplitN(out.String(), "##", 2)[0], "NOT") {
		t.Errorf("report without --key: %d %q\n%s", code, errb, out)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", "--bundle", bundle, "--key", key}, ExitUsage, "--format html, md or csv is required"},
		{[]string{"report", "--bundle", bundle, "--key", key, "--format", "pdf"}, ExitUsage, `--format "pdf": want html, md or csv`},
		{[]string{"report", "--bundle", filepath.Join(d, "missing.bundle"), "--format", "md"}, ExitUsage, "cannot read the bundle"},
		{[]string{"report", "--bundle", d, "--format", "md"}, ExitUsage, "is a directory"},
		{[]string{"report", "--bundle", bundle, "--key", key, "--format", "md", "--out", d}, ExitFail, "is a directory"},
	} {
		env, _, errb := testEnv(state, d, "")
		if code := run(t, env, tt.args...); code != tt.code || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%q: exit %d %q, want %d and %q", tt.args, code, errb, tt.code, tt.want)
		}
	}

	// The local log: verified with its own key.
	timelineSeed(t, state)
	env, out, errb = testEnv(state, d, "")
	if code := run(t, env, "report", "--format", "md"); code != ExitOK || !strings.Contains(out.String(), "the local evidence log") ||
		!strings.Contains(out.String(), "npm install left-pad") {
		t.Errorf("report of the local log: %d %q\n%s", code, errb, out)
	}
}

// TestBundleSources: log, sessions and session show read a bundle as
// they read the local log; a bundle that cannot be read is exit 2 with
// nothing shown, one that does not verify is shown, marked, exit 1.
func TestBundleSources(t *testing.T) {
	d := t.TempDir()
	state := filepath.Join(d, "state")
	key := timelineSeed(t, state)
	env, _, errb := testEnv(state, d, "")
	if code := run(t, env, "export", "--out", "e.bundle"); code != ExitOK {
		t.Fatalf("export: %s", errb)
	}
	same := func(args ...string) {
		t.Helper()
		env, local, _ := testEnv(state, d, "")
		if code := run(t, env, args...); code != ExitOK {
			t.Fatalf("%q: %d", args, code)
		}
		// Another state directory: the bundle alone is read.
		env, fromBundle, errb := testEnv(filepath.Join(d, "nowhere"), d, "")
		if code := run(t, env, append(args, "--bundle", "e.bundle", "--key", key)...); code != ExitOK || errb.Len() != 0 {
			t.Fatalf("%q --bundle: %d %q", args, code, errb)
		}
		if local.String() != fromBundle.String() {
			t.Errorf("%q: the bundle shows\n%s\nthe local log\n%s", args, fromBundle, local)
		}
	}
	same("sessions", "--json")
	same("sessions")
	same("log", "--decision", "deny", "--json")
	same("log", "--session", "01a1", "--type", "decision")

	env, out, errb := testEnv(state, d, "")
	if code := run(t, env, "sessions", "--bundle", "e.bundle"); code != ExitOK || !strings.Contains(errb.String(), "verifies only against the key it carries") ||
		!strings.Contains(out.String(), "01a1fef9") {
		t.Errorf("sessions --bundle without --key: %d %q\n%s", code, errb, out)
	}

	other := filepath.Join(d, "other")
	if code, _, stderr := evRun(t, other, d, "init"); code != ExitOK {
		t.Fatal(stderr)
	}
	env, out, errb = testEnv(state, d, "")
	otherKey, err := evidence.VerifierKey(other)
	if err != nil {
		t.Fatal(err)
	}
	if code := run(t, env, "log", "--bundle", "e.bundle", "--key", otherKey); code != ExitFail || !strings.Contains(errb.String(), "does NOT verify") ||
		!strings.Contains(out.String(), "npm install left-pad") {
		t.Errorf("log --bundle signed by another key: %d %q\n%s", code, errb, out)
	}

	// Cannot read: exit 2, nothing on stdout, in bounded time and memory
	// (a 10 GB sparse file is refused by its size, before it is read).
	huge := filepath.Join(d, "huge.bundle")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(10 << 30); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	f.Close()
	empty := filepath.Join(d, "empty.bundle")
	os.WriteFile(empty, nil, 0o600)
	b, _ := os.ReadFile(filepath.Join(d, "e.bundle"))
	truncated := filepath.Join(d, "truncated.bundle")
	os.WriteFile(truncated, b[:len(b)*2/3], 0o600)
	notGzip := filepath.Join(d, "text.bundle")
	os.WriteFile(notGzip, []byte("records.jsonl\n"), 0o600)
	for _, cmd := range [][]string{{"log"}, {"sessions"}, {"session", "show", "01a1"}, {"verify"}, {"report", "--format", "md"}} {
		for _, tt := range []struct{ bundle, want string }{
			{"missing.bundle", "no such file"},
			{d, "is a directory"},
			{empty, "is empty"},
			{truncated, "truncated"},
			{huge, "over the"},
			{notGzip, "bundle"},
		} {
			env, out, errb := testEnv(state, d, "")
			start := time.Now()
			args := append(append([]string{}, cmd...), "--bundle", tt.bundle, "--key", key)
			code := run(t, env, args...)
			if code != ExitUsage || !strings.Contains(errb.String(), tt.want) || out.Len() != 0 {
				t.Errorf("%q: exit %d %q %q, want 2 and %q", args, code, out, errb, tt.want)
			}
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("%q took %v", args, el)
			}
		}
	}
}
