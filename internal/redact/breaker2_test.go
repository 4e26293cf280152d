package redact

import (
	"strings"
	"testing"
)

// TestBreaker2SecretsSurvive: red-team round 2 (issue 9 item 8). Each line
// stores a secret in clear today; failing on purpose until redaction
// covers it. "{}" is a generated password; the token cases carry their own
// secret, named by want.
func TestBreaker2SecretsSurvive(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const tok = "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	tests := []struct{ class, cmd, secret string }{
		// passwords as flags or positional arguments of common tools
		{"flag: HTTPie basic auth", "http -a bob:{} https://jenkins.example.com", ""},
		{"positional: cargo registry token", "cargo login {}", ""},
		{"flag: oc login -p", "oc login https://api.cluster:6443 -u bob -p {}", ""},
		{"flag: az login -p=", "az login --service-principal -u app -p={} --tenant t", ""},
		{"flag glued: zip -P", "zip -e -P{} out.zip secret.txt", ""},
		{"flag glued: unzip -P", "unzip -P{} in.zip", ""},
		{"flag: ipmitool -P", "ipmitool -I lanplus -H bmc -U admin -P {} power status", ""},
		{"flag: snmp v3 auth passphrase", "snmpwalk -v3 -l authPriv -u ops -a SHA -A {} -x AES -X {} switch1", ""},
		{"flag: snmp community", "snmpwalk -v2c -c {} switch1", ""},
		{"positional: unixODBC isql", "isql proddsn sa {}", ""},
		// standard input and files the line writes
		{"stdin: new password twice into passwd", "echo -e '{}\\n{}' | passwd", ""},
		{"stdin through a file written in the line", "echo {} > /tmp/pw && sudo -S id < /tmp/pw", ""},
		{"expect send", `expect -c 'spawn ssh bob@host; expect "password:"; send "{}\r"; interact'`, ""},
		// configuration text echoed or written
		{"TOML/INI with spaces and quotes", `echo 'password = "{}"' >> config.toml`, ""},
		{"XML element", `echo "<password>{}</password>" > settings.xml`, ""},
		{"short key pwd=", `echo "pwd={}" >> .pgpass.ini`, ""},
		// encodings and splits the shell undoes
		{"reversed token", "echo " + reverse(tok) + " | rev", tok},
		{"ROT13 token", "echo " + rot13(tok) + " | tr a-zA-Z n-za-mN-ZA-M", tok},
		{"brace expansion splits the token", "echo ghp_{ABCDEFGHIJKLMNOPQRSTUVWXYZ,}abcdefghij", tok},
	}
	for _, tt := range tests {
		pw := gen(uint64(len(tt.class)*7919), "", alNum, 14)
		in := strings.ReplaceAll(tt.cmd, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if tt.secret == "" {
				if strings.Contains(out, pw) {
					t.Errorf("password stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
				}
				return
			}
			// the secret as the shell will see it: the stored text must not
			// let a reader rebuild it
			if out == in {
				t.Errorf("%s stored in clear (rebuilt by the shell): %q (fired %v)", tt.secret[:8]+"…", out, ids)
			}
		})
	}
}
