package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 13, breaker br13b (class: secrets in clear in the
// evidence log, through the readers round 12 added: $(…) bindings, ${X…}
// operators, child shells, driver logons). Open: skipped unless
// MANDATE_REDTEAM_OPEN=1 (/work/wt/br13b/BREAKER12.md #27-#32). Each
// line was run through Redactor.Text at HEAD and the secret came back in
// clear; source: "red-team round 13".
//
// #27: an assigning expansion binds its name: ": ${X:=PW}" and
// ": ${X=PW}" set X, and a later -p"$X" uses it; the view reads the
// operator's word only where it stands (-p"${X:-PW}" is masked), never as
// a binding.
// #28: a $(…) binding whose first command is not one of substPrinters
// (echo, printf, print, cat): a filter fed a here-string (tr, head, sed,
// rev) or an interpreter printing a literal (awk BEGIN{print}, python3 -c
// print) binds the literal as surely; and a substitution standing in a
// URL's password (postgresql://u:$(echo PW)@h) is not rendered there.
// #29: text that binds, run by eval or sourced: eval X=PW, eval 'X=PW',
// source <(echo X=PW), . /dev/stdin <<< 'X=PW': the later "$X" is
// unbound (eval "mysql -pPW" itself is masked).
// #30: xargs builds the command from its standard input: printf PW |
// xargs -I % mysql -p% (the template's -p% is masked, PW is not), echo PW
// | xargs -I{} sshpass -p {} ssh h.
// #31: sh -c SCRIPT NAME…: the script's $0 is NAME; childsh.go binds $1…
// from the words after NAME and skips NAME, so -p"$0" shows nothing.
// #32: a logon passed by position to a method of an object or a library
// the table does not name: paramiko's client.connect(host, port, user,
// PW) (an instance: no module qualifies it, so driverLogonCalls can never
// list it), redis.Redis(host, port, db, PW), ldap3.Connection(server,
// user, PW), Ruby's PG.connect(host, port, opts, tty, db, user, PW) and
// Net::FTP.new(host, user, PW).
func TestBreaker13bSecrets(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("red-team round 13, #27-#32: open (MANDATE_REDTEAM_OPEN=1 runs it)")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#27 assigning expansion", `: ${X:={}}; mysql -u root -p"$X" db`},
		{"#27 assigning expansion", `: ${X={}}; mysql -u root -p"$X" db`},
		{"#28 substitution of a filter", `X=$(tr -d '\n' <<< {}); mysql -u root -p"$X" db`},
		{"#28 substitution of a filter", `X=$(head -c 20 <<< {}); mysql -u root -p"$X" db`},
		{"#28 substitution of a filter", `X=$(sed 's/x/x/' <<< {}); mysql -u root -p"$X" db`},
		{"#28 substitution of an interpreter", `X=$(awk 'BEGIN{print "{}"}'); mysql -u root -p"$X" db`},
		{"#28 substitution of an interpreter", `X=$(python3 -c 'print("{}")'); mysql -u root -p"$X" db`},
		{"#28 substitution in a URL", `psql "postgresql://u:$(echo {})@h/db"`},
		{"#29 eval or source binds", `eval X={}; mysql -u root -p"$X" db`},
		{"#29 eval or source binds", `eval 'X={}'; mysql -u root -p"$X" db`},
		{"#29 eval or source binds", `source <(echo X={}); mysql -u root -p"$X" db`},
		{"#29 eval or source binds", `. /dev/stdin <<< 'X={}'; mysql -u root -p"$X" db`},
		{"#30 xargs from stdin", `printf '%s\n' {} | xargs -I % mysql -u root -p% db`},
		{"#30 xargs from stdin", `echo {} | xargs -I{} sshpass -p {} ssh host`},
		{"#31 child shell's $0", `sh -c 'mysql -u root -p"$0" db' {}`},
		{"#31 child shell's $0", `bash -c 'sshpass -p "$0" ssh host' {}`},
		{"#32 positional logon", `python3 -c 'import paramiko; c=paramiko.SSHClient(); c.connect("h", 22, "root", "{}")'`},
		{"#32 positional logon", `python3 -c 'import redis; redis.Redis("h", 6379, 0, "{}")'`},
		{"#32 positional logon", `python3 -c 'import ldap3; ldap3.Connection(s, "cn=admin", "{}")'`},
		{"#32 positional logon", `ruby -e 'require "pg"; PG.connect("h", 5432, nil, nil, "db", "me", "{}")'`},
		{"#32 positional logon", `ruby -e 'require "net/ftp"; Net::FTP.new("h", "me", "{}")'`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		if strings.HasPrefix(tt.class, "#30") {
			// xargs's own {} is the replacement string, not the secret.
			in = strings.Replace(tt.in, "{}", pw, 1)
		}
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 13: secret stored in clear (source: red-team round 13): %q", strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}
