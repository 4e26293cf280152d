package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 9 (class: secrets in clear in the evidence log).
// Open: skipped unless MANDATE_REDTEAM_OPEN=1 (/work/wt/BREAKER9.md #11–#13).
//
// #11: an assignment value in ANSI-C or locale quoting ($'…', $"…")
// loses only its dollar sign: the quoted secret is stored.
// #12: a secret bound to a name by set --, read <<< or for … in, then
// used at a password position, is stored (plain, declare, local and
// printf -v bindings are followed).
// #13: Oracle's user/password@db connect string in a JDBC thin URL and
// for Oracle's tools other than sqlplus (expdp, impdp, sqlldr, rman).
func TestBreaker9Secrets(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("red-team round 9, #11-#13: open (MANDATE_REDTEAM_OPEN=1 runs it)")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "s3cr3tP4ssw0rdXyz"
	for _, text := range []string{
		"export DB_PASSWORD=$'{}'",
		"DB_PASSWORD=$'{}' ./run",
		"export DB_PASSWORD=$\"{}\"",
		"set -- {}; mysql -p\"$1\"",
		"read -r p <<< {}; sshpass -p \"$p\" ssh x",
		"for pw in {}; do mysql -p\"$pw\"; done",
		"java -jar x.jar 'jdbc:oracle:thin:scott/{}@db:1521/app'",
		"expdp scott/{}@db directory=d",
		"impdp scott/{}@db directory=d",
		"sqlldr scott/{}@db control=x.ctl",
		"rman target sys/{}@db",
	} {
		in := strings.ReplaceAll(text, "{}", pw)
		t.Run(text, func(t *testing.T) {
			if out, ids := r.Text(in); strings.Contains(out, pw) {
				t.Errorf("red-team round 9: secret stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<SECRET>"), ids)
			}
		})
	}
}
