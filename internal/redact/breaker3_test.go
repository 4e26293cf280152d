package redact

import (
	"strings"
	"testing"
)

// TestBreaker3SecretsSurvive: red-team round 3 (issue 9 item 8), against
// round 2's fixes (flags, positionals, stdin, config text, encodings the
// shell undoes). Each line stores a secret in clear today; failing on
// purpose until redaction covers it. "{}" is the password; token cases
// carry their own secret (tok), which the stored text must not let a
// reader rebuild.
func TestBreaker3SecretsSurvive(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vLk2pWx9mRt4n"
	const tok = "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	tests := []struct{ class, cmd, secret string }{
		// short options with the value glued (the spaced forms are redacted)
		{"glued: HTTPie -aUSER:PW", "http -abob:{} https://jenkins.example.com", ""},
		{"glued: xh -aUSER:PW", "xh -abob:{} https://jenkins.example.com", ""},
		// flag forms of tools next to the ones covered
		{"flag: HTTPie bearer token without a colon", "http --auth-type=bearer -a {} https://api.example.com", ""},
		{"flag: HTTPie query item name==value", "http https://api.example.com/v1 api_key=={}", ""},
		{"flag: vercel -t", "vercel deploy --prod -t {}", ""},
		{"flag: regctl registry login -p", "regctl registry login r.example.com -u bob -p {}", ""},
		{"flag: dotnet nuget push -k", "dotnet nuget push pkg.nupkg -k {} -s https://api.nuget.org/v3/index.json", ""},
		{"flag: dotnet nuget add source -p", "dotnet nuget add source https://x/index.json -n x -u bob -p {} --store-password-in-clear-text", ""},
		{"flag: cypher-shell -p", "cypher-shell -a neo4j://h -u neo4j -p {}", ""},
		{"nested command: restic --password-command", "restic -r /srv/backup --password-command 'echo {}' snapshots", ""},
		// positionals
		{"positional: smbclient service then password", "smbclient //fs/share {} -U bob", ""},
		{"positional: mc alias set URL KEY SECRET", "mc alias set s3 https://s3.example.com AKIAIOSFODNN7EXAMPLE {}", ""},
		{"positional: redis AUTH user password", "redis-cli -h h AUTH default {}", ""},
		// standard input
		{"stdin: here-string token to hcloud", "hcloud context create prod <<< {}", ""},
		{"stdin: npm login answers", "npm login --auth-type=legacy <<< $'bob\\n{}\\nbob@example.com'", ""},
		{"stdin: ansible-vault encrypt_string", "echo -n {} | ansible-vault encrypt_string --stdin-name db_password", ""},
		// SQL and credential file formats
		{"SQL: CREATE USER IDENTIFIED BY", `mysql -e "CREATE USER app IDENTIFIED BY '{}'"`, ""},
		{"SQL: SET PASSWORD = PASSWORD()", `mysql -e "SET PASSWORD FOR app = PASSWORD('{}')"`, ""},
		{"pgpass line", "echo 'db.example.com:5432:*:app:{}' >> ~/.pgpass", ""},
		// PowerShell: the env: drive, .NET and variables by name ($env:NAME = is redacted)
		{"PowerShell: Set-Item Env:NAME -Value", "Set-Item -Path Env:API_KEY -Value '{}'", ""},
		{"PowerShell: New-Item Env:NAME -Value", "New-Item -Path Env:DB_PASSWORD -Value {}", ""},
		{"PowerShell: ${env:NAME} =", "${env:API_KEY} = '{}'", ""},
		{"PowerShell: [Environment]::SetEnvironmentVariable", "[Environment]::SetEnvironmentVariable('API_KEY','{}','User')", ""},
		{"PowerShell: Set-Variable -Name password", "Set-Variable -Name password -Value '{}'", ""},
		// splits the shell undoes (round 2: rev, tr, brace expansion)
		{"backslash-newline inside the token", "echo ghp_ABCDEFGHIJKLMNOPQRS\\\nTUVWXYZabcdefghij", tok},
		{"parameter default holds half the token", "echo ${x:-ghp_ABCDEFGHIJKLMNOPQRS}TUVWXYZabcdefghij", tok},
		{"pattern substitution removes a separator", "x=ghp_ABCDEFGHIJKLMNOPQRS@TUVWXYZabcdefghij; echo ${x/@/}", tok},
		{"sed removes a separator", "echo ghp_ABCDEFGHIJKLMNOPQRS%TUVWXYZabcdefghij | sed s/%//", tok},
	}
	for _, tt := range tests {
		in := strings.ReplaceAll(tt.cmd, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if tt.secret == "" {
				if strings.Contains(out, pw) {
					t.Errorf("password stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
				}
				return
			}
			if out == in {
				t.Errorf("%s stored in clear (rebuilt by the shell): %q (fired %v)", tt.secret[:8]+"…", out, ids)
			}
		})
	}
}
