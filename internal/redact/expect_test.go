package redact

import (
	"strings"
	"testing"
)

// TestExpectSend: what an expect script sends at a prompt that may ask for
// a secret is masked; commands at a shell prompt and yes/no answers stay.
func TestExpectSend(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Zq8vN3xTk2pLm7"
	for _, in := range []string{
		`expect -c 'spawn ssh bob@host; expect "password:"; send "` + pw + `\r"; interact'`,
		"#!/usr/bin/expect\nspawn sudo -k true\nexpect \"*assword*\" { send -- \"" + pw + "\\r\" }\n",
		`expect -c "spawn su -; expect \"Password:\"; send \"` + pw + `\r\""`,
		"spawn passwd\nsend \"" + pw + "\\n\"\n",
		"expect {\n  \"Enter passphrase\" { exp_send {" + pw + "}\\r }\n}",
		"expect \"Verification code:\"\nsend " + pw + "\\r\n",
	} {
		if out, _ := r.Text(in); strings.Contains(out, pw) {
			t.Errorf("kept in clear: %q", out)
		}
	}
	for _, in := range []string{
		"spawn ssh bob@host\nexpect \"password:\"\nsend \"$env(PW)\\r\"\nexpect \"$ \"\nsend \"uptime\\r\"\nexpect \"$ \"\nsend \"exit\\r\"\n",
		"expect \"(yes/no)?\"\nsend \"yes\\r\"\n",
		"expect -re {# $}\nsend \"systemctl restart nginx\\r\"\n",
		"Please send the report to the team.",
		`echo "send it" | mail -s "send" bob@example.com`,
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-redacted %q: %s (%v)", in, out, ids)
		}
	}
}
