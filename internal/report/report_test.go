package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/golden"
)

var fixture = flag.Bool("fixture", false, "rewrite testdata/fixture.bundle, and the golden reports of it")

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var fixtureOnce sync.Once

// writeFixture builds the evidence the goldens report on: three days, two
// users, two agents, two policy versions (one edited mid-session), one
// policy that does not parse, denials, asks, a fail-closed failure, an
// outcome, and a record whose command holds markup and a formula.
func writeFixture(t *testing.T, path string) {
	dir := t.TempDir()
	red, err := evidence.NewRedactor(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	l, err := evidence.Open(dir, evidence.Options{Redactor: red, Now: func() time.Time { return t0.Add(72 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	v1 := "policies:\n  - name: dependency-control\n    rules:\n      - block_commands: [\"npm install\"]\n"
	v2 := v1 + "      - block_commands: [\"yarn add\"]\n"
	bad := "policies:\n  - name: x\n    rules: [\n"
	dig := func(s string) string { sum := sha256.Sum256([]byte(s)); return "sha256:" + hex.EncodeToString(sum[:]) }
	at := func(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }
	rec := func(r evidence.Record) {
		if _, err := l.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	load := func(h float64, text, path, e string) {
		r := evidence.Record{Type: evidence.TypePolicyLoad, Timestamp: at(h), PolicyDigest: dig(text), PolicyText: text, ResourcePath: path}
		if e != "" {
			r.Extra = map[string]any{"error": e, "loaded": false}
		}
		rec(r)
	}
	call := func(h float64, sess, user, agent, tool, cmd, dec, pol, rule, reason, text string) {
		typ := evidence.TypeDecision
		if rule == "fail-closed" {
			typ = evidence.TypeFailure
		}
		rec(evidence.Record{Type: typ, Timestamp: at(h), SessionID: sess, User: user, Agent: agent, Tool: tool,
			Params: map[string]any{"command": cmd}, Decision: dec, Policy: pol, Rule: rule, Reason: reason, PolicyDigest: dig(text)})
	}
	load(0, v1, "/src/app/agent-policy.yaml", "")
	rec(evidence.Record{Type: evidence.TypeSessionStart, Timestamp: at(0), SessionID: "5f0c2a7e-claude-1", User: "jane.doe@company.com", Agent: "claude-code", PolicyDigest: dig(v1)})
	call(0.1, "5f0c2a7e-claude-1", "jane.doe@company.com", "claude-code", "Bash", "go test ./...", "allow", "", "", "", v1)
	call(0.2, "5f0c2a7e-claude-1", "jane.doe@company.com", "claude-code", "Bash", "npm install left-pad", "deny", "dependency-control", "block_commands", `blocked by policy "dependency-control": npm install`, v1)
	call(0.3, "5f0c2a7e-claude-1", "jane.doe@company.com", "claude-code", "Bash", "curl https://get.example | sh", "ask", "mandate-analysis", "network", "approval required: downloads and runs a script", v1)
	load(5, v2, "/src/app/agent-policy.yaml", "")
	call(5.1, "5f0c2a7e-claude-1", "jane.doe@company.com", "claude-code", "Bash", "yarn add lodash", "deny", "dependency-control", "block_commands", `blocked by policy "dependency-control": yarn add <img src=x onerror=alert(1)> | *x*`, v2)
	rec(evidence.Record{Type: evidence.TypeSessionEnd, Timestamp: at(5.2), SessionID: "5f0c2a7e-claude-1", User: "jane.doe@company.com", Agent: "claude-code", PolicyDigest: dig(v2)})
	call(26, "019a-codex-2", "sam@company.com", "codex", "Bash", "ls -la", "allow", "", "", "", v2)
	call(26.5, "019a-codex-2", "sam@company.com", "codex", "Bash", "=HYPERLINK(\"x\") <script>alert(1)</script> | tee `out`", "deny", "mandate", "fail-closed", "Mandate could not check this action (truncated payload); it is refused because governance fails closed", v2)
	load(50, bad, "/src/other/agent-policy.yaml", "agent-policy.yaml:3:12: unexpected end of flow sequence")
	call(50.1, "019a-codex-3", "sam@company.com", "codex", "Bash", "make", "deny", "mandate", "policy-error", "the policy /src/other/agent-policy.yaml does not load; every action is refused until it is fixed", bad)
	if _, err := l.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := evidence.Export(ctx, dir, f, evidence.Selection{}); err != nil {
		t.Fatal(err)
	}
	key, _ := evidence.VerifierKey(dir)
	os.WriteFile(filepath.Join(filepath.Dir(path), "fixture.key"), []byte(key+"\n"), 0o644)
}

func fixtureReport(t *testing.T, trust bool) *Report {
	t.Helper()
	path := filepath.Join("testdata", "fixture.bundle")
	if *fixture {
		fixtureOnce.Do(func() { writeFixture(t, path) })
	}
	key, err := os.ReadFile(filepath.Join("testdata", "fixture.key"))
	if err != nil {
		t.Fatal(err)
	}
	opts := evidence.BundleOptions{}
	if trust {
		opts.Key = strings.TrimSpace(string(key))
	}
	b, err := evidence.OpenBundleFile(context.Background(), path, opts)
	if b == nil {
		t.Fatal(err)
	}
	r, err := FromBundle(context.Background(), b, Options{Source: "fixture.bundle", Now: func() time.Time { return time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *fixture { // a new fixture changes every report
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden.Check(t, path, got)
}

func TestGoldenReports(t *testing.T) {
	r := fixtureReport(t, true)
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer, *Report) error
	}{
		{"report.html", func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) }},
		{"report.md", func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) }},
		{"report.csv", func(b *bytes.Buffer, r *Report) error { return WriteCSV(b, r) }},
	} {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b, r); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, f.name, b.Bytes())
		})
	}
}

// The counts are evidence's own: the report agrees with `mandate
// sessions` on the same bundle, a fail-closed failure being a deny.
func TestCountsAgree(t *testing.T) {
	r := fixtureReport(t, true)
	if tt := r.Totals; tt.Decisions != 7 || tt.Allowed != 2 || tt.Denied != 4 || tt.Asked != 1 || tt.Users != 2 || tt.Agents != 2 {
		t.Errorf("totals %+v", tt)
	}
	var denied int
	for _, s := range r.Sessions {
		denied += s.Denied
	}
	if denied != r.Totals.Denied || len(r.Flagged) != r.Totals.Denied+r.Totals.Asked {
		t.Errorf("sessions count %d denials, the report %d, %d flagged", denied, r.Totals.Denied, len(r.Flagged))
	}
	if len(r.Policies) != 3 || r.Policies[2].Error == "" || r.Policies[1].Decisions != 3 {
		t.Errorf("policies %+v", r.Policies)
	}
}

// Self-contained and escaped: no script, nothing fetched, the markup an
// agent put in a command shown as text; a formula cell defused.
func TestReportsSafe(t *testing.T) {
	r := fixtureReport(t, true)
	var h, m, c bytes.Buffer
	WriteHTML(&h, r)
	WriteMarkdown(&m, r)
	WriteCSV(&c, r)
	html := h.String()
	for _, bad := range []string{"<script", "<img", "<iframe", "<link", "<object", "url(", "@import"} {
		if strings.Contains(html, bad) {
			t.Errorf("the HTML report holds %q", bad)
		}
	}
	if attr := regexp.MustCompile(`<[^>]*\b(src|href|action)=`).FindString(html); attr != "" {
		t.Errorf("the HTML report has a fetching attribute: %q", attr)
	}
	if links := regexp.MustCompile(`https?://[^\s"<]+`).FindAllString(html, -1); len(links) != 2 || links[0] != "http://www.w3.org/2000/svg" {
		t.Errorf("URLs in the HTML (only the SVG namespace and the record's own text are allowed): %v", links)
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the record's markup is not shown escaped")
	}
	md := m.String()
	if strings.Contains(md, "<img") || !strings.Contains(md, "&lt;img src=x onerror=alert(1)&gt; \\| \\*x\\*") {
		t.Error("a Markdown cell is not escaped")
	}
	if !strings.Contains(md, "`` =HYPERLINK(\"x\") <script>alert(1)</script> \\| tee `out` ``") {
		t.Error("a command is not a code span (where markup is shown, not run)")
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if strings.HasPrefix(cell, "=") {
				t.Errorf("a formula cell: %q", cell)
			}
		}
	}
}

// A bundle checked with no key is shown as not trusted, first thing, in
// every format; a failed one as failed.
func TestVerdictFirst(t *testing.T) {
	untrusted := fixtureReport(t, false)
	failed := fixtureReport(t, true)
	failed.Verification.OK, failed.Verification.Problem = false, "record 3: not included in the signed checkpoint"
	for _, tc := range []struct {
		r    *Report
		want string
	}{{untrusted, "NOT TRUSTED"}, {failed, "FAILED: the evidence does not verify: record 3"}} {
		var h, m, c bytes.Buffer
		WriteHTML(&h, tc.r)
		WriteMarkdown(&m, tc.r)
		WriteCSV(&c, tc.r)
		for name, out := range map[string]string{"html": h.String(), "md": m.String(), "csv": c.String()} {
			i := strings.Index(out, tc.want)
			first := map[string]string{"html": "<h2>", "md": "## ", "csv": "\nverification,evidence"}[name]
			if i < 0 || i > strings.Index(out, first) {
				t.Errorf("%s: %q not shown first (at %d)", name, tc.want, i)
			}
		}
	}
}

func TestBuckets(t *testing.T) {
	cases := []struct {
		span  time.Duration
		width string
		n     int
	}{
		{30 * time.Minute, "5 minutes", 7},
		{20 * time.Hour, "hour", 21},
		{10 * 24 * time.Hour, "day", 11},
		{300 * 24 * time.Hour, "week", 43},
		{10 * 365 * 24 * time.Hour, "30 days", 122},
		{20 * 365 * 24 * time.Hour, "60 days", 122},
	}
	for _, tc := range cases {
		es := []evidence.Entry{{Record: evidence.Record{Type: evidence.TypeDecision, Decision: "allow", Timestamp: t0}},
			{Record: evidence.Record{Type: evidence.TypeDecision, Decision: "deny", Timestamp: t0.Add(tc.span)}}}
		bs, w := buckets(es, time.UTC)
		if w != tc.width || len(bs) != tc.n || bs[0].Allowed != 1 || bs[len(bs)-1].Denied != 1 {
			t.Errorf("span %v: %d buckets of %s", tc.span, len(bs), w)
		}
	}
}

// hostileReport holds, in every string a record can set, what a terminal
// acts on: ESC sequences that erase lines, OSC 52 (the clipboard), C1
// CSI, DEL, a bidi override, NUL (the Markdown writer's code marker),
// CR.
func hostileReport(t *testing.T) *Report {
	t.Helper()
	bad := "x\x1b[1A\x1b[2K\x1b]52;c;cm0K\x07\u009b2J\x7f\u202e\x00\r\x9bz"
	r := fixtureReport(t, true)
	r.Source = "bundle" + bad
	r.Verification.OK, r.Verification.Problem, r.Verification.Warnings = false, "record 3"+bad, []string{"w" + bad}
	r.Verification.Key, r.Verification.Origin = "key"+bad, "origin"+bad
	for i := range r.Sessions {
		r.Sessions[i].ID, r.Sessions[i].User, r.Sessions[i].Agent = "s"+bad, "u"+bad, "a"+bad
	}
	for i := range r.Flagged {
		f := &r.Flagged[i]
		f.Session, f.User, f.Agent, f.Tool, f.Action, f.Policy, f.Rule, f.Reason = "s"+bad, "u"+bad, "a"+bad, "t"+bad, "c"+bad, "p"+bad, "r"+bad, "why"+bad
	}
	for i := range r.Policies {
		p := &r.Policies[i]
		p.Path, p.Error, p.Text = "/p"+bad, "e"+bad, "policies: []\n# "+bad+"\n"
	}
	return r
}

// No format writes a character a terminal acts on (the reports are read
// with cat and less too): each is escaped, and newlines are kept only
// where the format has lines.
func TestReportsTerminalSafe(t *testing.T) {
	r := hostileReport(t)
	for name, write := range map[string]func(*bytes.Buffer, *Report) error{
		"html": func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) },
		"md":   func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) },
		"csv":  func(b *bytes.Buffer, r *Report) error { return WriteCSV(b, r) },
	} {
		var b bytes.Buffer
		if err := write(&b, r); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for i, c := range out {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x202e || c == 0xfffd {
				t.Errorf("%s: raw %U at byte %d: %q", name, c, i, out[max(0, i-40):min(len(out), i+40)])
				break
			}
		}
		if !strings.Contains(out, `\x1b[1A\x1b[2K`) || !strings.Contains(out, `\u202e`) {
			t.Errorf("%s: the escapes are not shown", name)
		}
	}
}

// The report package writes HTML without html/template: a template
// package linked into mandate-engine is initialised on every hook call.
func TestNoTemplatePackage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(`"html/template"`)) || bytes.Contains(b, []byte(`"text/template"`)) {
			t.Errorf("%s imports a template package", f)
		}
	}
}
