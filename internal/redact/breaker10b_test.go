package redact

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Red-team round 10, breaker br10b (class: secrets in clear in the evidence
// log through a tool input's JSON shape). Open: skipped unless
// MANDATE_REDTEAM_OPEN=1 (/work/wt/br10b/BREAKER10.md #24, #25). The
// evidence record keeps the whole tool input as params (gate.go: Params:
// ev.Input) and redacts it with Tree, so an MCP tool's arguments reach the
// log in these shapes.
//
// #24: a credential-named key whose value is a list or an object: sensitive
// masks only scalars, so the strings below it are scanned as bare text, in
// which a random password has no anchor ({"password": ["…"]}; Go's
// http.Header and most HTTP clients' multi-value header maps,
// {"X-Api-Key": ["…"]}; a secrets map {"secrets": {"DB": "…"}}).
// #25: an argument vector as a JSON array ({"argv": ["mysql", "-p…"]},
// {"command": ["sshpass", "-p", "…"]}): the command-line detectors (cliTable,
// the shape rules) run on each element alone, never on the line the
// elements make, so a password flag and its value, or a program and its
// glued password flag, are never seen together.
func TestBreaker10bTreeShapes(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("red-team round 10, #24-#25: open (MANDATE_REDTEAM_OPEN=1 runs it)")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "s3cr3tP4ssw0rdXyz"
	for _, js := range []string{
		// #24
		`{"password": ["{}"]}`,
		`{"api_token": [["{}"]]}`,
		`{"password": {"v": "{}"}}`,
		`{"headers": {"X-Api-Key": ["{}"]}}`,
		`{"secrets": {"DB": "{}"}}`,
		// #25
		`{"argv": ["mysql", "-uroot", "-p{}", "app"]}`,
		`{"command": ["sshpass", "-p", "{}", "ssh", "host"]}`,
		`{"command": ["curl", "-u", "bob:{}", "https://x"]}`,
		`{"cmd": "mysql", "args": ["-u", "root", "-p{}"]}`,
		`{"args": ["--password", "{}"]}`,
	} {
		in := strings.ReplaceAll(js, "{}", pw)
		t.Run(js, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(in), &v); err != nil {
				t.Fatal(err)
			}
			out, _ := r.Tree(v)
			b, _ := json.Marshal(out)
			if strings.Contains(string(b), pw) {
				t.Errorf("red-team round 10: secret stored in clear: %s", strings.ReplaceAll(string(b), pw, "<SECRET>"))
			}
		})
	}
}
