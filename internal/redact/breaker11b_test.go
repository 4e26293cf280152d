package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 11, breaker br11b (class: secrets in clear in the
// evidence log). Open: skipped unless MANDATE_REDTEAM_OPEN=1
// (/work/wt/br11b/BREAKER11.md #25-#30). Each line was run through
// Redactor.Text at HEAD and the secret came back in clear; source:
// "red-team round 11".
//
// #25: a quoted credential value that spans lines (bash keeps the newline
// inside '…', "…" and $'…'): dollarQuote and the quoted-value readers end
// the value at the first newline, so what follows it is stored.
// #26: a name bound by command substitution of a literal
// (X=$(echo PW), X=`echo PW`, a here-document through cat) and used at a
// password position: the view gives X no value; only the "$" is masked.
// #27: namerefs and indirect expansion (declare -n R=X; ${!R}).
// #28: parameter-expansion operators the view does not model: case
// conversion ${X,,} ${X^^}, substrings ${X:0:N}, ${X%%pat}, ${X@Q},
// ${X:+$X} (${X/a/b} and ${X:-} are handled).
// #29: a value handed to a child shell through its environment (X=PW sh
// -c '…"$X"…', export X=PW; sh -c …, env X=PW bash -c …): only sh -c's
// positional arguments are bound into its script.
// #30: Oracle drivers' positional logons (oracledb/cx_Oracle
// connect(user, password, dsn), create_pool, Perl DBI->connect(dsn, user,
// password)) and a logon under a keyword (connect(dsn="user/pw@db")).
func TestBreaker11bSecrets(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("red-team round 11, #25-#30: open (MANDATE_REDTEAM_OPEN=1 runs it)")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "Xk9vQ2mLp7Rt"
	for _, tt := range []struct{ class, text string }{
		{"#25 multi-line quoted value", "DB_PASSWORD='\n{}'"},
		{"#25 multi-line quoted value", "DB_PASSWORD=\"a\n{}\""},
		{"#25 multi-line quoted value", "export GITHUB_TOKEN='\n{}'"},
		{"#25 multi-line quoted value", "API_KEY=$'\n{}'"},
		{"#25 multi-line quoted value", "mytool --token '\n{}'"},
		{"#26 command substitution binding", "X=$(echo {}); mysql -uroot -p\"$X\""},
		{"#26 command substitution binding", "X=$(printf %s {}); mysql -uroot -p\"$X\""},
		{"#26 command substitution binding", "X=`echo {}`; sshpass -p \"$X\" ssh h"},
		{"#26 command substitution binding", "X=$(cat <<EOF\n{}\nEOF\n); sshpass -p \"$X\" ssh h"},
		{"#27 nameref", "X={}; declare -n R=X; mysql -uroot -p\"$R\""},
		{"#27 indirect expansion", "X={}; R=X; mysql -uroot -p\"${!R}\""},
		{"#28 expansion operator", "X={}; mysql -uroot -p\"${X,,}\""},
		{"#28 expansion operator", "X={}; sshpass -p \"${X^^}\" ssh h"},
		{"#28 expansion operator", "X={}; mysql -uroot -p\"${X:0:12}\""},
		{"#28 expansion operator", "X={}; sshpass -p \"${X%%.*}\" ssh h"},
		{"#28 expansion operator", "X={}; sshpass -p \"${X@Q}\" ssh h"},
		{"#28 expansion operator", "X={}; sshpass -p \"${X:+$X}\" ssh h"},
		{"#29 environment of a child shell", "X={} sh -c 'mysql -uroot -p\"$X\"'"},
		{"#29 environment of a child shell", "export X={}; sh -c 'mysql -uroot -p\"$X\"'"},
		{"#29 environment of a child shell", "env X={} bash -c 'sshpass -p \"$X\" ssh h'"},
		{"#30 oracle driver positional logon", "oracledb.connect(\"scott\", \"{}\", \"localhost/orclpdb\")"},
		{"#30 oracle driver positional logon", "cx_Oracle.connect(\"scott\", \"{}\", \"db/orcl\")"},
		{"#30 oracle driver positional logon", "pool = oracledb.create_pool(\"scott\", \"{}\", \"db/orcl\")"},
		{"#30 oracle driver positional logon", "DBI->connect(\"dbi:Oracle:db\", \"scott\", \"{}\")"},
		{"#30 oracle logon under a keyword", "oracledb.connect(dsn=\"scott/{}@db\")"},
	} {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(strings.ToLower(out), strings.ToLower(pw)) {
				t.Errorf("red-team round 11: secret stored in clear (source: red-team round 11): %q", strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}
