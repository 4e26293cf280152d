package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 21, breaker br21b (class: secrets in clear in the
// evidence log; target: text an agent's file tools write and inline code,
// not the shell line). source: "red-team round 21". Skipped unless
// MANDATE_REDTEAM_OPEN=1. Each case was checked at 4b58f1d: Redactor.Text
// keeps the secret, and the same text given to `mandate-engine hook
// claude` as a Write tool's content (or a Bash command, #24) in a scratch
// HOME/MANDATE_HOME with the example policy is stored with the secret in
// clear in evidence/records.jsonl (the call is allowed; #24's python -c
// is asked, and recorded the same).
//
// #23 (red-team round 21, #23): a value on the line after its key. The
// assignment rules read NAME, a separator and the value on one line; YAML
// (a plain scalar continued on the next, indented line; an explicit key
// "? password" / ": VALUE"), INI (a continuation line), JSON and Python
// literals (a line break after "password":) put the value on the next
// line, and every reader joins them: the key's line has no value, the
// value's line has no key.
// #24 (red-team round 21, #24): a secret bound to a variable of the
// program's own language and handed to a credential parameter by name.
// The shell's fail-closed pass masks the literals of a line whose sink
// reads a reference (mysql -p"$db"); inline code (python3 -c) and a
// source file's text (Write content) get no such pass: db = 'PW' then
// connect(password=db), "root:"+k+"@tcp(db)/x", **{'pass'+'word': PW}.
// #25 (red-team round 21, #25): a secret split across adjacent or
// concatenated string literals. Python's implicit concatenation
// ('Qz7vN2pLx9' 'Rk4TmW8sYb') and Go/JS "a" + "b" are one string to the
// program; the rule masks only the first literal after the name.
// #26 (red-team round 21, #26): a credential column of a table. CSV and
// Markdown tables name the column once, in the header row; the value
// sits in a later row under it, so no keyword precedes it.
func TestBreaker21bSecrets(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") != "1" {
		t.Skip("red-team round 21 (br21b) open cases: set MANDATE_REDTEAM_OPEN=1")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	cases := []struct{ class, in string }{
		{"#23 a value on the line after its key", "db:\n  password:\n    {}\n"},
		{"#23 a value on the line after its key", "? password\n: {}\n"},
		{"#23 a value on the line after its key", "[db]\npassword =\n    {}\n"},
		{"#23 a value on the line after its key", "{\"password\":\n\"{}\"}"},
		{"#23 a value on the line after its key", "CFG = {\n    'password':\n        '{}',\n}\n"},
		{"#24 a language variable handed to a credential parameter", "db = '{}'\nconn = psycopg2.connect(host='db', password=db)\n"},
		{"#24 a language variable handed to a credential parameter", `python3 -c "import pymysql; d='{}'; pymysql.connect(password=d)"`},
		{"#24 a language variable handed to a credential parameter", "package x\nvar k = \"{}\"\nfunc f() { sql.Open(\"mysql\", \"root:\"+k+\"@tcp(db)/x\") }\n"},
		{"#24 a language variable handed to a credential parameter", "connect(**{'pass' + 'word': '{}'})\n"},
		{"#25 a secret split across string literals", "password = ('Qz7vN2pLx9' 'Rk4TmW8sYb')\n"},
		{"#25 a secret split across string literals", "const password = \"Qz7vN2pLx9\" + \"Rk4TmW8sYb\"\n"},
		{"#26 a credential column of a table", "user,password\napp,{}\n"},
		{"#26 a credential column of a table", "| user | password |\n|---|---|\n| app | {} |\n"},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) || strings.Contains(out, "Rk4TmW8sYb") {
				t.Errorf("red-team round 21, %s: secret stored in clear (source: red-team round 21): %.300q", tt.class[:3], out)
			}
		})
	}
}
