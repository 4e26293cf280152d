package redact

import (
	"strings"
	"testing"
)

// Red-team round 11, breaker br11b (class: secrets in clear in the
// evidence log; BREAKER11.md #25-#30). Each line was run through
// Redactor.Text and the secret came back in clear; source: "red-team
// round 11". Fixed: assign.go and dollarquote.go (#25), cmdsubst.go
// (#26), shlex.go (#27, #28), childsh.go (#29), driverlogons.go and
// oracle.go (#30).
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

// TestRound11FixVariants: variants of #25-#30 nobody listed (source:
// "red-team round 11 fix"): the secret is the literal the credential
// position resolves to, whatever route binds it.
func TestRound11FixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Xk9vQ2mLp7Rt"
	for _, tt := range []struct{ class, text string }{
		{"#25 multi-line quoted value", "mysql -uroot -p'\n{}'"},
		{"#25 multi-line quoted value", "PGPASSWORD='\n{}' psql -h db"},
		{"#25 multi-line quoted value", "export API_TOKEN=$\"\n{}\""},
		{"#25 multi-line quoted value", "password: \"a\n{}\""},
		{"#25 unterminated quoted value", "DB_PASSWORD='\n\n{}"},
		{"#26 command substitution binding", "X=$(echo -n {} | base64); mysql -uroot -p\"$X\""},
		{"#26 command substitution binding", "X=\"$(printf '%s' \"{}\")\"; mysql -uroot -p\"$X\""},
		{"#26 command substitution binding", "X=$(cat <<'EOF'\n{}\nEOF\n)\nmysql -uroot -p\"$X\""},
		{"#26 command substitution binding", "X=$(cat <<< {}); sshpass -p \"$X\" ssh h"},
		{"#26 command substitution binding", "Y={}; X=$(echo \"$Y\"); sshpass -p \"$X\" ssh h"},
		{"#26 command substitution binding", "X=$(echo $(echo {})); mysql -uroot -p\"$X\""},
		{"#27 nameref", "declare -n R=X; X={}; mysql -uroot -p\"$R\""},
		{"#27 nameref", "f() { local -n r=$1; mysql -uroot -p\"$r\"; }; X={}; f X"},
		{"#27 indirect expansion", "X={}; R=X; mysql -uroot -p\"${!R:0:20}\""},
		{"#28 expansion operator", "X={}; mysql -uroot -p\"${X::4}${X:4}\""},
		{"#28 expansion operator", "X={}; sshpass -p \"${X~~}\" ssh h"},
		{"#28 expansion operator", "X={}; sshpass -p \"${X//[0-9]/}\" ssh h"},
		{"#28 expansion operator", "X={}; declare -n R=X; sshpass -p \"${R^^}\" ssh h"},
		{"#29 environment of a child shell", "sudo -E env X={} bash -c 'mysql -uroot -p\"$X\"'"},
		{"#29 environment of a child shell", "docker run --rm -e X={} mysql:8 sh -c 'mysql -uroot -p\"$X\" -h db'"},
		{"#29 environment of a child shell", "X={} nohup bash -lc 'sshpass -p \"$X\" ssh h'"},
		{"#29 environment of a child shell", "export X={}\nbash -c \"sshpass -p \\$X ssh h\""},
		{"#29 environment of a child shell", "X={}; sh -c 'sh -c \"mysql -uroot -p\\$X\"'"},
		{"#30 driver positional logon", "pool = cx_Oracle.SessionPool(\"scott\", \"{}\", \"db/orcl\", min=1)"},
		{"#30 driver positional logon", "$conn = oci_connect('scott', '{}', 'localhost/XE');"},
		{"#30 driver positional logon", "$db = new PDO(\"mysql:host=db;dbname=app\", \"app\", \"{}\");"},
		{"#30 driver positional logon", "Connection c = DriverManager.getConnection(\"jdbc:mysql://db/app\", \"app\", \"{}\");"},
		{"#30 driver positional logon", "l.simple_bind_s(\"cn=admin,dc=example,dc=org\", \"{}\")"},
		{"#30 driver positional logon", "db = MySQLdb.connect(\"localhost\", \"app\", \"{}\", \"appdb\")"},
		{"#30 driver positional logon", "ftp = ftplib.FTP(\"ftp.example.com\", \"anonymous\", \"{}\")"},
		{"#30 logon under a keyword", "connectString: \"hr/{}@localhost/XEPDB1\""},
		{"#30 logon under a keyword", "DSN = \"scott/{}@//db.example.com:1521/orcl\""},
	} {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(strings.ToLower(out), strings.ToLower(pw)) {
				t.Errorf("secret stored in clear (source: red-team round 11 fix): %q", strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// TestRound11FixEveryday: everyday text near the new routes stays as it
// is (source: "red-team round 11 fix").
func TestRound11FixEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"docker build -t registry.example.com/app:$(git rev-parse --short HEAD) .",
		"V=$(cat VERSION); echo \"v$V\"",
		"NAME=$(echo \"$1\" | tr a-z A-Z); echo \"${NAME,,}\"",
		"echo \"${HOME,,}\" \"${PATH:0:3}\" \"${USER@Q}\" \"${BRANCH%%/*}\"",
		"export -n X=Y; echo $X",
		"declare -n ref=arr; echo \"${ref[@]}\"",
		"bash -c 'echo hello'",
		"sh -c 'go test ./...'",
		"env GOOS=linux GOARCH=amd64 sh -c 'go build -o bin/app ./cmd/app'",
		"bash -c \"echo \\\"hello \\$USER\\\"\"",
		"sock.connect((\"localhost\", 8080))",
		"client.connect(\"localhost\", \"6379\")",
		"pdo = PDO(\"sqlite::memory:\")",
		"dsn = \"host=db port=5432 dbname=app\"",
		"oracledb.connect(dsn=\"localhost/orclpdb\", user=\"scott\", password=os.environ[\"PW\"])",
		"oracledb.connect(user=\"scott\", password=os.environ[\"PW\"], dsn=\"localhost/orclpdb\")",
		"msg = 'it\\'s done'\nother = 'x'",
		"echo \"it's fine\" && password_hint='x'",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-masked (fired %v): %q -> %q", ids, in, out)
		}
	}
}

// FuzzCmdSubst: the end of a command substitution is found within
// bounds, and rendering one binds nothing outside the input.
func FuzzCmdSubst(f *testing.F) {
	for _, s := range []string{
		"$(echo PW)", "$(printf %s PW)", "$(cat <<EOF\nPW\nEOF\n)", "$(cat <<< PW)", "`echo PW`",
		"$(echo $(echo PW))", "$(echo ')' PW)", "$(", "`", "$(cat <<E\n)\n", "$((1+2))", "$(a (b) c)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		if c := substClose(s, min(2, len(s)), len(s)); c >= 0 && (c < min(2, len(s)) || c >= len(s) || s[c] != ')') {
			t.Fatalf("%q: close at %d", s, c)
		}
		lx := &shlex{src: s, end: len(s), out: &view{}, vars: map[string]shvar{}, budget: 4096, scan: 4096}
		for {
			tk, ok := lx.next()
			if !ok {
				break
			}
			if tk.start < 0 || tk.end > len(s) && tk.op != "" {
				t.Fatalf("%q: token %+v", s, tk)
			}
		}
		for _, g := range lx.out.segs {
			if g.s < 0 || g.e > len(s) || g.s > g.e {
				t.Fatalf("%q: seg %+v", s, g)
			}
		}
	})
}

// FuzzParamEnd: a ${…} operator's end is a "}" within bounds, and a
// known X under any operator that keeps its value (everything but
// +WORD, /PAT/REP and # % removals) masks X's literal.
func FuzzParamEnd(f *testing.F) {
	for _, s := range []string{",,}", "^^}", ":0:12}", "%%.*}", "@Q}", ":+$X}", ":-${Y:-'}'}}", "'", "\\", "{{}"} {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		c, _ := paramEnd(s, 0, len(s))
		if c >= 0 && (c >= len(s) || s[c] != '}') {
			t.Fatalf("%q: end %d", s, c)
		}
		const pw = "Xk9vQ2mLp7Rt"
		in := "X=" + pw + "; sshpass -p \"${X" + s + "\" ssh h"
		out, _ := r.Text(in)
		op, _, ok := strings.Cut(s, "}")
		keeps := ok && op != "" && !strings.ContainsAny(op, "\"'\\\n{[$`") && strings.IndexByte("+/#%", op[0]) < 0 && !strings.HasPrefix(op, ":+") && !isAlnum(op[0]) && op[0] != '_'
		if keeps && strings.Contains(out, pw) {
			t.Fatalf("%q: secret in clear: %q", in, out)
		}
	})
}

// FuzzDriverLogons: driver call names and logon keywords are read within
// bounds, and what credential-pair and oracle-logon mask is in bounds.
func FuzzDriverLogons(f *testing.F) {
	for _, s := range []string{
		`oracledb.connect("scott", "PW", "db")`, `DBI->connect("dbi:Oracle:db", "u", "PW")`, `dsn="scott/PW@db"`,
		`connectString: "hr/PW@h/s"`, `dsn=`, `DBI->`, `dsn="a/`, `pdo(`, `"dsn": 'u/p@d'`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lower := asciiLower(s)
		for h := range min(len(s), 8) {
			if name, e := driverCallName(s, h); e < h || e > len(s) || len(name) != e-h {
				t.Fatalf("%q at %d: %q %d", s, h, name, e)
			}
			if p, ok := logonKeyValue(s, lower, h); ok && (p < h || p > len(s)) {
				t.Fatalf("%q at %d: value at %d", s, h, p)
			}
		}
		check := func(sp span) {
			if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end {
				t.Fatalf("span %+v of %q", sp, s)
			}
		}
		matchOracle(nil, s, lower, keywordOffsets(lower, []string{"conn", "userid", "jdbc:oracle:", "dsn"}), check)
		matchCredPairs(nil, s, lower, keywordOffsets(lower, credPairRule().keywords), check)
	})
}
