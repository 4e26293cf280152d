package redact

import (
	"strings"
	"testing"
)

// Red-team round 4: secrets that reach the evidence log in clear (#11,
// fixed; the classes are in breaker4_more_test.go).
func TestBreaker4SecretsSurvive(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vLk2pWx9mRt4n"
	tests := []struct{ class, cmd string }{
		// bash builtins that assign a variable without "NAME=" (export, declare, local are redacted)
		{"builtin: printf -v NAME", "printf -v DB_PASSWORD %s {}"},
		{"builtin: read NAME <<< value", "read -r DB_PASSWORD <<< {}"},
		// curl's -u with the value glued or in a cluster (-u USER:PW and --user=USER:PW are redacted)
		{"glued: curl -uUSER:PW", "curl -ubob:{} https://h"},
		{"cluster: curl -su USER:PW", "curl -su bob:{} https://h"},
		{"cluster: curl -Lu USER:PW", "curl -fsSLu bob:{} https://h"},
		// lftp's own language (lftp -u USER,PW is redacted)
		{"lftp -c 'open -u USER,PW'", "lftp -c 'open -u bob,{} ftp://files.example.com; ls'"},
		{"lftp -e 'open -u USER,PW'", "lftp -e 'open -u bob,{} sftp://h' "},
		{"lftp -c 'user USER PW'", "lftp -c 'open ftp://h; user bob {}; ls'"},
		// PowerShell: parameters in another order, abbreviated, or splatted
		{"PowerShell: Set-Item -Value before -Path Env:", "Set-Item -Value '{}' -Path Env:API_KEY"},
		{"PowerShell: splatted Set-Variable", "$a = @{Name='password'; Value='{}'}; Set-Variable @a"},
	}
	for _, tt := range tests {
		in := strings.ReplaceAll(tt.cmd, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("password stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
		})
	}
}
