package redact

import (
	"encoding/json"
	"testing"
)

// The argument-vector view maps every finding back into the elements it
// covers, whatever their quoting, and stays linear on long lists.
func TestArgvSpansMapping(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	items := []string{"mysql", "-uroot", "-pab'c\"d e$f", "db"}
	spans := r.argvSpans(items, false)
	if len(spans) != len(items) || len(spans[2]) == 0 || len(spans[0])+len(spans[1])+len(spans[3]) != 0 {
		t.Fatalf("spans = %v", spans)
	}
	for _, sp := range spans[2] {
		if items[2][sp.start:sp.end] != "ab'c\"d e$f" {
			t.Errorf("mapped %q", items[2][sp.start:sp.end])
		}
	}
	// A long list: the program leads every window.
	long := []string{"sshpass"}
	for range 20000 {
		long = append(long, "-v")
	}
	long = append(long, "-p", "s3cr3tP4ss", "ssh", "h")
	spans = r.argvSpans(long, false)
	if n := len(long); len(spans) != n || len(spans[n-3]) == 0 {
		t.Fatalf("long list: password not found")
	}
	b, _ := json.Marshal(map[string]any{"argv": long})
	if len(b) < 60000 {
		t.Fatal("list too short")
	}
}
