package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 6, #14: secrets that still reach storage in clear,
// in shapes next to ones that are redacted: a Basic credential built by a
// substitution (echo -n bob:PW | base64), .NET's NetworkCredential
// constructor, a Python auth tuple in inline code, psql's \\password read
// from a here-string, WireGuard's private-key from a process substitution
// (gcloud --data-file=<(echo PW) is redacted). Skips unless
// MANDATE_REDTEAM_OPEN=1; each subtest fails then.
func TestBreaker6SecretsSurvive(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") != "1" {
		t.Skip("red-team round 6 findings (open): set MANDATE_REDTEAM_OPEN=1")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vLk2pWx9mRt4n"
	tests := []struct{ class, cmd string }{
		{"substitution: Authorization: Basic $(echo -n bob:PW | base64)", `curl -H "Authorization: Basic $(echo -n bob:{} | base64)" https://x.example.com`},
		{"pwsh: [System.Net.NetworkCredential]::new(USER, PW)", "[System.Net.NetworkCredential]::new('bob','{}')"},
		{"inline code: requests auth=(USER, PW)", `python3 -c "import requests; requests.get('https://x', auth=('bob','{}'))"`},
		{"stdin: psql \\password USER <<< PW", `psql -c "\password bob" <<< '{}'`},
		{"procsub: wg set private-key <(echo KEY)", "wg set wg0 private-key <(echo {})"},
	}
	for _, tt := range tests {
		in := strings.ReplaceAll(tt.cmd, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			for _, s := range []string{pw, "Qz7vLk2p", "Wx9mRt4n", "Qz7v%4Ck2pWx9mRt4n"} {
				if strings.Contains(out, s) {
					t.Errorf("secret stored in clear: %q (fired %v)", out, ids)
					break
				}
			}
		})
	}
}
