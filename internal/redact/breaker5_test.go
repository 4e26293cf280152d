package redact

import (
	"strings"
	"testing"
)

// Red-team round 5, #10: passwords, tokens and unseal keys given as flags
// or positionals of tools the tables do not list reach the evidence log in
// clear. Closed by the shapes of clishape.go and round 5's table rows;
// TestBreaker5Shapes covers unlisted programs of the same shapes.
func TestBreaker5SecretsSurvive(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vLk2pWx9mRt4n"
	tests := []struct{ class, cmd string }{
		// a Vault unseal key share (vault login TOKEN and vault kv put k=v are redacted)
		{"positional: vault operator unseal KEY", "vault operator unseal {}"},
		// password positionals and flags of servers' admin tools
		{"positional: mosquitto_passwd -b FILE USER PW", "mosquitto_passwd -b src/pw bob {}"},
		{"flag: influx setup -p PW", "influx setup -u bob -p {} -o org -b bucket -f"},
		{"flag: couchbase-cli -p PW", "couchbase-cli user-manage -c h -u Administrator -p {} --list"},
		{"flag: memtier_benchmark -a PW", "memtier_benchmark -s h -a {}"},
		{"positional: minio-client admin user add ALIAS USER PW", "minio-client admin user add local bob {}"},
		{"positional: composer config http-basic.HOST USER PW", "composer config http-basic.repo.example.com bob {}"},
		// publishing and CI tokens
		{"flag: uv publish -p PW", "uv publish -u __token__ -p {}"},
		{"flag: codecov -t TOKEN", "codecov -t {}"},
		{"property: sonar-scanner -Dsonar.login=TOKEN", "sonar-scanner -Dsonar.login={}"},
		{"flag: drone secret add --data VALUE", "drone secret add --repository a/b --name db --data {}"},
		// process substitution feeding a password file (round 1 #18 fixed echo into --vault-password-file)
		{"procsub: gcloud --data-file=<(echo -n PW)", "gcloud secrets create db --data-file=<(echo -n {})"},
		{"procsub: openvpn --auth-user-pass <(printf)", "openvpn --config c.ovpn --auth-user-pass <(printf 'bob\\n{}\\n')"},
	}
	for _, tt := range tests {
		in := strings.ReplaceAll(tt.cmd, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("secret stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
		})
	}
}
