package redact

import (
	"strings"
	"testing"
)

// Red-team round 9 (class: secrets in clear in the evidence log), fixed.
//
// #11 (dollarquote.go, shview.go valueGap): a value in bash's ANSI-C or
// locale quoting ($'…', $"…") lost only its dollar sign; it is read as
// the quoted string it is, hashed as bash decodes it, and a credential's
// value split by any shell quoting or escape is masked whole.
// #12 (shbind.go): a secret bound by set --, read, for, mapfile, an
// array, a function's or sh -c's arguments and used later at a password
// position was stored; every binding form gives its name a value in the
// shell view, and a loop over literal words bound to a credential name
// masks them.
// #13 (oracle.go, cliTable's logon rows): Oracle's user/password@db
// logon for the tools other than sqlplus, in CONNECT statements,
// connect("…") calls, USERID= and jdbc:oracle: URLs.
func TestBreaker9Secrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "s3cr3tP4ssw0rdXyz"
	for _, tt := range []struct{ class, text string }{
		// #11: ANSI-C and locale quoting.
		{"ansi-c value", "export DB_PASSWORD=$'{}'"},
		{"ansi-c value", "DB_PASSWORD=$'{}' ./run"},
		{"ansi-c value", "export API_KEY=$'{}'"},
		{"ansi-c value", "export GITHUB_TOKEN=$'{}'"},
		{"ansi-c value", "mytool --token $'{}' run"},
		{"ansi-c value", "mytool --token=$'{}' run"},
		{"ansi-c value", "local -r CLIENT_SECRET=$'{}'"},
		{"ansi-c value", "declare -x API_KEY=$'{}'"},
		{"ansi-c value", "env AWS_SECRET_ACCESS_KEY=$'{}' aws s3 ls"},
		{"ansi-c value", "curl -H $'X-Api-Key: {}' https://api.example.com"},
		{"ansi-c value", "sshpass -p $'{}' ssh host"},
		{"locale value", "export DB_PASSWORD=$\"{}\""},
		{"locale value", "export CLIENT_SECRET=$\"{}\""},
		{"locale value", "mytool --api-key=$\"{}\" run"},
		{"split value", "export API_KEY=s3cr3t'P4ssw0rdXyz'"},
		{"split value", "export API_KEY=s3cr3t\"P4ssw0rdXyz\""},
		{"split value", "export API_KEY=\"s3cr3t\"'P4ssw0rdXyz'"},
		{"split value", "export API_KEY=s3cr3t\\P4ssw0rdXyz"},
		{"split value", "mytool --token s3cr3t\\P4ssw0rdXyz"},
		{"split value", "mytool --token \"s3cr3t\"P4ssw0rdXyz"},
		{"split value", "export API_KEY=s3cr3t$'P4ssw0rdXyz'"},
		// #12: bindings without NAME=value.
		{"set --", "set -- {}; mysql -p\"$1\""},
		{"set --", "set -- {}\nmysql -u root -p\"$1\" db"},
		{"set --", "set -- root {}\nmysql -u \"$1\" -p\"$2\" db"},
		{"set --", "set -e -- root {}; mysql -u \"$1\" --password=\"$2\""},
		{"set --", "set -- x {}; shift; mysql -p\"$1\""},
		{"set --", "set -- root {}; mysql -u \"$1\" \"-p${2}\""},
		{"set --", "set -- -uroot -p{}; mysql \"$@\""},
		{"set --", "set -- {}; for p; do mysql -p\"$p\"; done"},
		{"read", "read -r p <<< {}; sshpass -p \"$p\" ssh x"},
		{"read", "read -r p <<EOF\n{}\nEOF\nsshpass -p \"$p\" ssh host"},
		{"read", "echo {} | read -r p; sshpass -p \"$p\" ssh host"},
		{"read", "IFS=: read -r u p <<< \"bob:{}\"; sshpass -p \"$p\" ssh \"$u@host\""},
		{"read", "read -ra parts <<< \"bob {}\"; sshpass -p \"${parts[1]}\" ssh host"},
		{"read", "read -r p < <(echo {}); mysql -p\"$p\""},
		{"read", "while read -r p; do mysql -p\"$p\"; done <<< {}"},
		{"mapfile", "mapfile -t lines <<< {}; mysql -p\"${lines[0]}\""},
		{"mapfile", "readarray -t lines <<< {}; mysql -p\"${lines[@]}\""},
		{"array", "arr=(root {}); mysql -u \"${arr[0]}\" -p\"${arr[1]}\""},
		{"array", "declare -A cfg; cfg[pw]={}; mysql -p\"${cfg[pw]}\""},
		{"for", "for pw in {}; do mysql -p\"$pw\"; done"},
		{"for", "for pw in a1 {}; do sshpass -p $pw ssh h; done"},
		{"for", "for pw in {}\ndo\n  mysql -p\"$pw\"\ndone"},
		{"for", "select pw in {}; do mysql -p\"$pw\"; break; done"},
		{"for", "for DB_PASSWORD in {}; do ./run; done"},
		{"for", "for API_TOKEN in \"{}\"; do ./run; done"},
		{"declaration", "printf -v p %s {}; mysql -p\"$p\""},
		{"declaration", "local -r p={}; mysql -p\"$p\""},
		{"declaration", "typeset -x p={}; mysql -p\"$p\""},
		{"declaration", "export -n p={}; mysql -p\"$p\""},
		{"word splitting", "OPTS=\"-uroot -p{}\"; mysql $OPTS"},
		{"function", "f() { mysql -p\"$1\"; }; f {}"},
		{"function", "function f { mysql -p\"$1\"; }\nf {}"},
		{"function", "function f() {\n  local pw=$1\n  mysql -p\"$pw\"\n}\nf {}"},
		{"function", "login() { sshpass -p \"$2\" ssh \"$1@h\"; }; login bob {}"},
		{"sh -c", "bash -c 'mysql -p\"$1\"' _ {}"},
		{"sh -c", "sh -ec 'sshpass -p \"$1\" ssh h' sh {}"},
		// #13: Oracle logons.
		{"oracle tool", "expdp scott/{}@db directory=d"},
		{"oracle tool", "impdp scott/{}@db directory=d"},
		{"oracle tool", "sqlldr scott/{}@db control=x.ctl"},
		{"oracle tool", "sqlldr userid=scott/{}@db control=x.ctl"},
		{"oracle tool", "rman target sys/{}@db"},
		{"oracle tool", "rman target=sys/{}@db catalog rco/{}@cat"},
		{"oracle tool", "rman TARGET / CATALOG rco/{}@cat"},
		{"oracle tool", "rman target \"'sys/{}@db as sysbackup'\""},
		{"oracle tool", "exp USERID=scott/{} file=x.dmp"},
		{"oracle tool", "imp scott/{} file=x.dmp full=y"},
		{"oracle tool", "dgmgrl sys/{}@db \"show configuration\""},
		{"oracle tool", "tkprof x.trc out.txt explain=scott/{}"},
		{"oracle tool", "dbv file=users01.dbf userid=sys/{}"},
		{"oracle tool", "loadjava -user scott/{}@db -resolve X.class"},
		{"oracle tool", "sql scott/{}@localhost:1521/xepdb1"},
		{"oracle tool", "sqlplus -s scott/{}@db @run.sql"},
		{"oracle tool", "sqlplus \"sys/{}@db as sysdba\""},
		{"oracle tool", "sqlplus -M \"HTML ON\" scott/{}"},
		{"oracle tool", "PW={}; expdp scott/${PW}@db directory=d"},
		{"oracle tool", "orapki wallet create -wallet /w -pwd {}"},
		{"oracle tool", "mkstore -wrl /w -createCredential db scott {}"},
		{"ezconnect", "sqlplus scott/{}@//db.example.com:1521/orclpdb"},
		{"ezconnect", "sqlplus 'scott/\"{}\"@//db.example.com:1521/orclpdb'"},
		{"ezconnect", "sqlplus scott/\"s3cr3t@P4ssw0rdXyz\"@//db.example.com:1521/orclpdb"},
		{"connect statement", "sqlplus /nolog <<EOF\nconnect sys/{} as sysdba\nEOF"},
		{"connect statement", "echo \"connect scott/{}@db\" | sqlplus -s /nolog"},
		{"connect statement", "CONNECT scott/{}@db"},
		{"connect statement", "conn scott/{}"},
		{"connect statement", "SQL> connect scott/{}@orcl"},
		{"connect statement", "RMAN> CONNECT TARGET sys/{}@db;"},
		{"connect statement", "CONNECT CATALOG rco/{}@cat"},
		{"connect statement", "connect \"scott\"/{}@db"},
		{"connect statement", "connect scott[app]/{}@db"},
		{"connect call", "conn = cx_Oracle.connect(\"scott/{}@localhost/orclpdb1\")"},
		{"connect call", "conn = oracledb.connect('scott/{}@localhost:1521/freepdb1')"},
		{"userid", "USERID=scott/{}@db"},
		{"userid", "userid = \"scott/{}@db\""},
		{"jdbc", "java -jar x.jar 'jdbc:oracle:thin:scott/{}@db:1521/app'"},
		{"jdbc", "url=jdbc:oracle:oci:scott/{}@db"},
		{"jdbc", "spring.datasource.url=jdbc:oracle:thin:scott/{}@//host:1521/svc"},
		{"jdbc", "\"jdbc:oracle:thin:scott/{}@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1521)))\""},
	} {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.class+"/"+tt.text, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(out, pw) || strings.Contains(out, "P4ssw0rdXyz") {
				t.Errorf("%s: secret stored in clear: %q (fired %v)", tt.class, strings.ReplaceAll(out, pw, "<SECRET>"), ids)
			}
			if again, _ := r.Text(out); again != out {
				t.Errorf("%s: not idempotent: %q", tt.class, again)
			}
		})
	}
}

// A secret written in ANSI-C or locale quoting, with or without escapes,
// gets the marker it gets in clear.
func TestBreaker9SameMarker(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "s3cr3tP4ssw0rdXyz"
	m := r.marker("x", pw)
	hash := m[len(m)-13 : len(m)-1]
	for _, in := range []string{
		`export API_KEY=$'s3cr3tP4ssw0rdXyz'`,
		`export API_KEY=$'s3cr\x33tP4ssw0rdXyz'`,
		`export API_KEY=$'\163\063cr3tP4ssw0rdXyz'`,
		`export API_KEY=$'\u0073\u0033cr3tP4ssw0rdXyz'`,
		`export API_KEY=$"s3cr3tP4ssw0rdXyz"`,
		`export DB_PASSWORD=$'s3cr\x33tP4ssw0rdXyz'`,
		`mysql -p$'s3cr\x33tP4ssw0rdXyz' -u root`,
		`export API_KEY=s3cr3t'P4ssw0rdXyz'`,
	} {
		if out, _ := r.Text(in); !strings.Contains(out, ":"+hash+"]") || strings.Count(out, "[REDACTED:") != 1 {
			t.Errorf("%q -> %q: want one marker of the secret in clear (%s)", in, out, hash)
		}
	}
}

// What must stay as it is: look-alikes of a logon, bindings of what is no
// secret, references, and code that only resembles the shapes.
func TestBreaker9Keeps(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, tt := range []struct{ class, in string }{
		{"path", "git checkout src/main@v2"},
		{"path", "git log src/main@v2 -- x"},
		{"date", "echo 2024/12@x"},
		{"package", "npm i @scope/pkg@1.2.3"},
		{"url", "curl https://example.com/a/b@c"},
		{"oracle no password", "sqlplus /nolog"},
		{"oracle no password", "sqlplus / as sysdba"},
		{"oracle no password", "sqlplus -s /@wallet_alias @report.sql"},
		{"oracle no password", "sqlplus -s /nolog @scripts/run@v2.sql"},
		{"oracle no password", "rman target /"},
		{"oracle no password", "expdp \\\"/ as sysdba\\\" directory=d"},
		{"oracle no password", "CONNECT / AS SYSDBA"},
		{"oracle no password", "conn /@prod_alias"},
		{"oracle no password", "jdbc:oracle:thin:@//host:1521/svc"},
		{"oracle no password", "spring.datasource.url=jdbc:oracle:thin:@db.example.com:1521/ORCLPDB1"},
		{"oracle reference", "connect scott/&pw@db"},
		{"oracle reference", "CONNECT scott/&&1@orcl"},
		{"oracle reference", "userid=$ORACLE_USER/$ORACLE_PW@db"},
		{"oracle reference", "sqlplus \"$DB_USER/$DB_PASS@$DB\""},
		{"oracle reference", "sqlplus ${USER}/${PASS}@db"},
		{"oracle arguments", "tkprof trace/x.trc out.txt"},
		{"oracle arguments", "sqlldr control=/path/x.ctl log=/tmp/x.log"},
		{"oracle arguments", "impdp parfile=/tmp/x.par"},
		{"oracle arguments", "tnsping db.example.com:1521/orclpdb"},
		{"oracle arguments", "expdp DIRECTORY=dp_dir DUMPFILE=x.dmp"},
		{"oracle arguments", "sql src/main.sql"},
		{"prose", "You can connect client/server apps over TCP."},
		{"prose", "Then connect input/output pairs together"},
		{"prose", "connect to/from the server"},
		{"code", "connect(host, port)"},
		{"code", "db.connect(\"localhost\")"},
		{"code", "socket.connect((\"host\", 80))"},
		{"code", "userid=1000"},
		{"ansi-c", "IFS=$'\\n\\t'"},
		{"ansi-c", "x=$'\\n'"},
		{"ansi-c", "printf $'%s\\n' \"$x\""},
		{"binding", "set -- \"$@\" --verbose; exec ./run \"$@\""},
		{"binding", "set -euo pipefail"},
		{"binding", "read -r name <<< \"$1\"; echo \"hello $name\""},
		{"binding", "read -r -p 'Continue? ' yn"},
		{"binding", "for f in *.go; do gofmt -l \"$f\"; done"},
		{"binding", "for i in 1 2 3; do echo \"$i\"; done"},
		{"binding", "for key in a b c; do echo $key; done"},
		{"binding", "for token in $TOKENS; do ./run \"$token\"; done"},
		{"binding", "for password in \"${PASSWORDS[@]}\"; do try \"$password\"; done"},
		{"binding", "f() { echo \"$1\"; }; f hello"},
		{"binding", "bash -c 'echo \"$1\"' _ hello"},
		{"binding", "arr=(a b c); echo \"${arr[1]}\""},
		{"python loop", "for token in tokens:\n    print(token)"},
		{"python loop", "for password in passwords: print(password)"},
		{"python loop", "{% for token in tokens %}"},
		{"split value", "key=\"${prefix}\"_suffix"},
		{"split value", "SECRET_NAME=prod\"/db\""},
		{"split value", "echo \"api_key=${API_KEY}\"'&x=1'"},
		{"split value", "export TOKEN=\"$(cat ~/.tok)\""},
		{"split value", "headers = {\"Authorization\": f\"Bearer {token}\"}"},
	} {
		if out, ids := r.Text(tt.in); out != tt.in {
			t.Errorf("%s: %q redacted to %q (fired %v)", tt.class, tt.in, out, ids)
		}
	}
}
