package redact

import (
	"strings"
	"testing"
)

// TestStructuredText: secrets in text that is not a command line (file
// contents an agent writes, MCP arguments, inline code), where the value
// is not on its name's line or not its name's direct literal: red-team
// round 21, #23-#26 (breaker br21b) and the variants of the fix.
//
// A row with {} in "in" must lose every byte of the fake secret (and its
// halves) in Text; a row with keep must come out with every keep
// string still in it (everyday text that stays readable).
//
// Classes:
//   - next-line: a value on the line after its key (nextline.go);
//   - secret-name: a variable of the program's language handed to a
//     credential parameter, key or DSN (secretname.go);
//   - concatenation: a secret split across adjacent or joined string
//     literals (concatview.go);
//   - table-column: a credential column of a CSV, TSV or Markdown
//     table (tablecol.go).
func TestStructuredText(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	const src21, fix21 = "red-team round 21", "red-team round 21 fix"
	cases := []struct {
		class, source, in string
		keep              []string
	}{
		// red-team round 21 (br21b), #23-#26.
		{"next-line", src21, "db:\n  password:\n    {}\n", nil},
		{"next-line", src21, "? password\n: {}\n", nil},
		{"next-line", src21, "[db]\npassword =\n    {}\n", nil},
		{"next-line", src21, "{\"password\":\n\"{}\"}", nil},
		{"next-line", src21, "CFG = {\n    'password':\n        '{}',\n}\n", nil},
		{"secret-name", src21, "db = '{}'\nconn = psycopg2.connect(host='db', password=db)\n", nil},
		{"secret-name", src21, `python3 -c "import pymysql; d='{}'; pymysql.connect(password=d)"`, nil},
		{"secret-name", src21, "package x\nvar k = \"{}\"\nfunc f() { sql.Open(\"mysql\", \"root:\"+k+\"@tcp(db)/x\") }\n", nil},
		{"secret-name", src21, "connect(**{'pass' + 'word': '{}'})\n", nil},
		{"concatenation", src21, "password = ('Qz7vN2pLx9' 'Rk4TmW8sYb')\n", nil},
		{"concatenation", src21, "const password = \"Qz7vN2pLx9\" + \"Rk4TmW8sYb\"\n", nil},
		{"table-column", src21, "user,password\napp,{}\n", nil},
		{"table-column", src21, "| user | password |\n|---|---|\n| app | {} |\n", nil},

		// Variants of the fix.
		{"next-line", fix21, "db:\n  password: # the admin one\n    {}\n", nil},
		{"next-line", fix21, "db:\n  password:\n\n    # rotated 2024\n    {}\n", nil},
		{"next-line", fix21, "api_token:\n  Qz7vN2pLx9\n  Rk4TmW8sYb\n", nil},
		{"next-line", fix21, "secrets:\n  db_password:\n    - {}\n    - Qz7vN2pLx9\n", nil},
		{"next-line", fix21, "? \"password\"\n: \"{}\"\n", nil},
		{"next-line", fix21, "password = \\\n    '{}'\n", nil},
		{"next-line", fix21, "const cfg = {\n  password:\n    \"{}\",\n};\n", nil},
		{"next-line", fix21, "{\n  \"client_secret\" :\n     \"{}\"\n}\n", nil},
		{"next-line", fix21, "[db]\nPassword=\n\t{}\n", nil},
		{"next-line", fix21, "password = (\n    '{}'\n)\n", nil},
		{"secret-name", fix21, "let p = \"{}\";\nawait client.connect({ user: 'app', password: p });\n", nil},
		{"secret-name", fix21, "p := \"{}\"\ndb, _ := sql.Open(\"postgres\", \"postgres://app:\"+p+\"@db/x\")\n", nil},
		{"secret-name", fix21, "$pw = '{}';\n$dbh = DBI->connect($dsn, 'app', $pw);\nmysql_connect(password => $pw);\n", nil},
		{"secret-name", fix21, "SECRET = \"Qz7vN2pLx9\" \"Rk4TmW8sYb\"\nclient = Client(api_key=SECRET)\n", nil},
		{"secret-name", fix21, "for d in ['{}']:\n    pymysql.connect(password=d)\n", nil},
		{"secret-name", fix21, "d = os.environ.get('X', '{}')\npymysql.connect(password=d)\n", nil},
		{"secret-name", fix21, "def go(d):\n    return pymysql.connect(password=d)\ngo('{}')\n", nil},
		{"secret-name", fix21, "const t = `{}`;\nfetch(u, { headers: { Authorization: t } });\n", nil},
		{"secret-name", fix21, "u = f\"mysql://root:{k}@db/x\"\nk = '{}'\n", nil},
		{"concatenation", fix21, "password = (\n    'Qz7vN2pLx9'\n    'Rk4TmW8sYb'\n)\n", nil},
		{"concatenation", fix21, "$password = 'Qz7vN2pLx9' . 'Rk4TmW8sYb';\n", nil},
		{"concatenation", fix21, "local password = \"Qz7vN2pLx9\" .. \"Rk4TmW8sYb\"\n", nil},
		{"concatenation", fix21, "token := \"Qz7vN2pLx9\" +\n\t\"Rk4TmW8sYb\"\n", nil},
		{"concatenation", fix21, "headers = {'Author' 'ization': 'Bearer {}'}\n", nil},
		{"table-column", fix21, "name\tdb_password\tport\napp\t{}\t5432\n", nil},
		{"table-column", fix21, "\"user\";\"Password\"\n\"app\";\"{}\"\n", nil},
		{"table-column", fix21, "| Service | DB Password |\n| :-- | :-: |\n| api | `{}` |\n", nil},
		{"table-column", fix21, "id,api_key,owner\n1,{},ops\n2,Qz7vN2pLx9Rk4TmW8sYc,dev\n", nil},

		// Everyday text that stays readable.
		{"next-line", fix21, "password:\n  min_length: 12\n  require_digit: true\n", []string{"min_length: 12", "require_digit: true"}},
		{"next-line", fix21, "if password:\n    raise ValueError('no password given')\n", []string{"raise ValueError('no password given')"}},
		{"next-line", fix21, "auth:\n  password:\n  token: ${API_TOKEN}\nservices:\n  - web\n", []string{"token: ${API_TOKEN}", "- web"}},
		{"next-line", fix21, "password:\n  ${DB_PASSWORD}\n", []string{"${DB_PASSWORD}"}},
		{"secret-name", fix21, "def get_conn(password):\n    return psycopg2.connect(host='localhost', dbname='inventory', password=password)\n", []string{"'localhost'", "'inventory'"}},
		{"secret-name", fix21, "pw = getpass.getpass()\nconn = pymysql.connect(host='db.internal', user='app', password=pw)\n", []string{"'db.internal'", "'app'"}},
		{"concatenation", fix21, "msg = \"Hello, \" + \"world\"\nlog.info('a' 'b')\n", []string{"\"Hello, \" + \"world\""}},
		{"table-column", fix21, "| Setting | Password |\n|---|---|\n| length | at least twelve characters |\n| placeholder | `<password>` |\n", []string{"at least twelve characters", "<password>"}},
		{"table-column", fix21, "key,value\nregion,us-east-1\nretries,3\n", []string{"us-east-1", "retries,3"}},
		{"table-column", fix21, "| Option | Password required |\n|---|---|\n| ssh | yes |\n", []string{"| ssh | yes |"}},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if tt.keep == nil && (strings.Contains(out, "Qz7vN2pLx9") || strings.Contains(out, "Rk4TmW8sYb")) {
				t.Errorf("%s (%s): secret stored in clear: %.300q", tt.class, tt.source, out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("%s (%s): everyday text lost %q: %.300q", tt.class, tt.source, k, out)
				}
			}
			if again, _ := r.Text(out); again != out {
				t.Errorf("%s (%s): not idempotent: %.300q", tt.class, tt.source, again)
			}
		})
	}
}

// FuzzStructured: the concatenation view, the next-line reader, the
// secret-name resolver and the table reader never panic, the view maps
// inside the input, and Text stays idempotent.
func FuzzStructured(f *testing.F) {
	for _, s := range []string{
		"password = ('Qz7v' 'Rk4T')\n", "x = \"root:\"+k+\"@tcp(db)/x\"\nk = 'PW12345678'\n",
		"u = f\"mysql://r:{k}@h\"\n", "db:\n  password:\n    PW\n", "? password\n: PW\n",
		"user,password\napp,PW\n", "| a | password |\n|---|---|\n| b | PW |\n", "'''a''' \"\"\" `x${y}`",
		"def f(d):\n  connect(password=d)\nf('Qz7vN2pLx9')\n",
	} {
		f.Add(s)
	}
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		if v, _ := concatView(s); v != nil {
			for _, g := range v.segs {
				if g.s < 0 || g.e > len(s) || g.s > g.e || g.t+g.n > len(v.buf) {
					t.Fatalf("view segment %+v outside input %d / view %d", g, len(s), len(v.buf))
				}
			}
		}
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}
