package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 6b, #1: file contents an agent writes (Claude Write/Edit
// content, apply_patch text) keep a password assigned to a short
// conventional name (pw, a camelCase …Pw) in source code in clear: the
// credential-assignment rule fires on the same content for api_key but
// not for these names. Checked end to end: a Claude PostToolUse Write of
// src/c.py with `pw = "…"` stored the literal in records.jsonl. Skipped
// unless MANDATE_REDTEAM_OPEN=1 until closed.
func TestBreaker6bShortPasswordNames(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") != "1" {
		t.Skip("red-team round 6b, #1: open (set MANDATE_REDTEAM_OPEN=1)")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "Mx7!vQ2#rL9p"
	tests := []struct{ class, text string }{
		{"code: pw = \"PW\"", "pw = \"{}\"\n"},
		{"code: const dbPw = \"PW\"", "const dbPw = \"{}\"\n"},
	}
	for _, tt := range tests {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("secret stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
		})
	}
}
