package redact

import (
	"strings"
	"testing"
	"time"
)

// TestRound3Keeps: everyday commands next to the round 3 classes stay as
// they are (no over-redaction).
func TestRound3Keeps(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"Set-Item -Path Env:PATH -Value 'C:\\tools'",
		"Get-ChildItem Env:API_KEY | Format-List",
		"Remove-Item Env:GITHUB_TOKEN",
		"${env:API_KEY} -eq $null",
		"Set-Variable -Name password -Value $cred.Password",
		"Set-Variable -Name timeout -Value 30",
		"[Environment]::GetEnvironmentVariable('API_KEY', 'User')",
		"mysql -e 'SELECT user, authentication_string FROM mysql.user'",
		"grep -rn 'IDENTIFIED BY' migrations/",
		"http POST https://api.example.com/items name=widget count:=3 Accept:application/json",
		"xh -a bob https://api.example.com",
		"curl -abc https://example.com",
		"openssl enc -aes-256-cbc -kfile key.txt -in a -out b",
		"redis-cli -h cache SET key value",
		"smbclient //fs/share -U bob -c 'get report.pdf'",
		"mc alias set s3 https://s3.example.com",
		"restic -r /srv/backup --password-command 'pass show restic' snapshots",
		"echo -n hello | ansible-vault view secrets.yml",
		"npm login --scope=@acme",
		"dotnet nuget push pkg.nupkg -s https://api.nuget.org/v3/index.json",
		"hcloud context create prod",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-redaction: %q -> %q (%v)", in, out, ids)
		}
	}
}

// TestPathologicalRound3: dense triggers of the round 3 matchers stay
// linear.
func TestPathologicalRound3(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	inputs := map[string]string{
		"env drive":        strings.Repeat("Set-Item Env:API_KEY ", 40000),
		"env unterminated": "Set-Item Env:API_KEY -Value '" + strings.Repeat("env:", 100000),
		"braced env":       strings.Repeat("${env:TOKEN} = \"", 40000),
		"set-variable":     strings.Repeat("Set-Variable -Name password -Value \"", 30000),
		"setenv":           strings.Repeat("[Environment]::SetEnvironmentVariable('", 20000),
		"identified":       strings.Repeat("IDENTIFIED BY ", 60000),
		"sql password":     strings.Repeat("WITH PASSWORD '", 60000),
		"pgpass":           strings.Repeat("pgpass a:1:b:c:d ", 50000),
		"http items":       "http " + strings.Repeat("api_key==x ", 60000),
		"redis auth":       "redis-cli " + strings.Repeat("AUTH ", 100000),
		"continuations":    "echo " + strings.Repeat("ab\\\n", 100000),
		"param defaults":   strings.Repeat("${x:-ghp_ab}", 50000),
		"param subst":      "x=" + strings.Repeat("ab@", 1000) + "\n" + strings.Repeat("echo ${x//@/}${x/@/}\n", 5000),
		"sed filters":      strings.Repeat("echo ghp_a%b | sed s/%// | sed y/ab/ba/ ", 20000),
	}
	for name, in := range inputs {
		start := cpuTime()
		out, _ := r.Text(in)
		d := cpuTime() - start
		t.Logf("%-16s %7d KiB in %v CPU", name, len(in)>>10, d)
		if d > 2*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
		if again, _ := r.Text(out); again != out {
			t.Errorf("%s: not idempotent", name)
		}
	}
}
