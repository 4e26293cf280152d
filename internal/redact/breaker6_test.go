package redact

import (
	"strings"
	"testing"
)

// Red-team round 6, #14: secrets that still reach storage in clear,
// in shapes next to ones that are redacted: a Basic credential built by a
// substitution (echo -n bob:PW | base64), .NET's NetworkCredential
// constructor, a Python auth tuple in inline code, psql's \\password read
// from a here-string, WireGuard's private-key from a process substitution
// (gcloud --data-file=<(echo PW) is redacted). Fixed: substitution
// values of any credential name (substassign.go), bare setting words
// before <( and prompt commands fed on stdin (clishape.go), user/password
// calls and pairs (credpairs.go); the rows after the first five are the
// same classes in other spellings and languages.
func TestBreaker6SecretsSurvive(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vLk2pWx9mRt4n"
	tests := []struct{ class, cmd string }{
		{"substitution: Authorization: Basic $(echo -n bob:PW | base64)", `curl -H "Authorization: Basic $(echo -n bob:{} | base64)" https://x.example.com`},
		{"pwsh: [System.Net.NetworkCredential]::new(USER, PW)", "[System.Net.NetworkCredential]::new('bob','{}')"},
		{"inline code: requests auth=(USER, PW)", `python3 -c "import requests; requests.get('https://x', auth=('bob','{}'))"`},
		{"stdin: psql \\password USER <<< PW", `psql -c "\password bob" <<< '{}'`},
		{"procsub: wg set private-key <(echo KEY)", "wg set wg0 private-key <(echo {})"},
		{"substitution: Authorization: Bearer $(printf %s T)", `wget --header="Authorization: Bearer $(printf %s {})" https://x`},
		{"substitution: JSON password $(echo PW)", `{"password": "$(echo {})"}`},
		{"substitution: backquote token", "api_token=`echo {}`"},
		{"procsub: wg preshared-key", "wg set wg0 peer AbC= preshared-key <(printf '%s' {})"},
		{"stdin: echo PW | psql -c \\password", `echo '{}' | psql -c '\password bob'`},
		{"pwsh: New-Object NetworkCredential -ArgumentList", "New-Object System.Net.NetworkCredential -ArgumentList 'bob','{}'"},
		{"pwsh: New-Object NetworkCredential(…)", `New-Object Net.NetworkCredential("bob", "{}")`},
		{"C#: new NetworkCredential", `var c = new NetworkCredential("bob", "{}", "CORP");`},
		{"python: HTTPBasicAuth", `python3 -c "from requests.auth import HTTPBasicAuth; HTTPBasicAuth('bob', '{}')"`},
		{"python: aiohttp BasicAuth", `aiohttp.BasicAuth("bob", "{}")`},
		{"python: smtplib login", `python3 -c "import smtplib; s=smtplib.SMTP('x'); s.login('bob','{}')"`},
		{"go: smtp.PlainAuth", `auth := smtp.PlainAuth("", "bob", "{}", "smtp.example.com")`},
		{"json: auth pair", `{"auth": ["bob", "{}"]}`},
		{"python: httpx auth tuple with spaces", `httpx.get(u, auth = ("bob", "{}"))`},
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
