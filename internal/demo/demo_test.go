package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/golden"
)

// TestDemo runs the whole demo (real adapters, gate, default policy,
// redaction and evidence log) and compares its report with the golden
// file, so a change in any decision, reason or agent answer shows up.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 14, 22, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	var out bytes.Buffer
	if err := Run(context.Background(), &out, Options{Dir: dir, Now: clock}); err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(out.String(), dir, "$SCRATCH")
	golden.Check(t, filepath.Join("testdata", "demo.golden"), []byte(got))
	for _, w := range []string{"ALLOW", "DENY", "ASK", "verified: "} {
		if !strings.Contains(got, w) {
			t.Errorf("demo output lacks %q", w)
		}
	}
	if strings.Contains(got, fakeToken("ghp_", 36)) {
		t.Error("the demo's token reached the report in clear")
	}
}
