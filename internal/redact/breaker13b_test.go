package redact

import (
	"strings"
	"testing"
)

// Red-team round 13, breaker br13b (class: secrets in clear in the
// evidence log, through the readers round 12 added: $(…) bindings, ${X…}
// operators, child shells, driver logons), /work/wt/br13b/BREAKER12.md
// #27-#32. Each
// line was run through Redactor.Text at HEAD and the secret came back in
// clear; source: "red-team round 13". Fixed (f13d): the cases always
// run.
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

// TestRound13bFixVariants: spellings of the round 13 #27-#32 classes
// nobody listed (source: "red-team round 13 fix").
func TestRound13bFixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Hq4mZ8vT2nLw6RkY9pXc"
	for _, tt := range []struct{ class, in string }{
		{"#27 assigning expansion", `: ${DBX:=pre'{}'}; mysql -u root -p"$DBX" db`},
		{"#27 assigning expansion", `: ${X:="{}"}; sshpass -p "$X" ssh host`},
		{"#27 assigning expansion", "echo \"${X={}}\" >/dev/null\nsshpass -p \"$X\" ssh host"},
		{"#28 unknown substitution", `X=$(rev <<< {}); mysql -u root -p"$X" db`},
		{"#28 unknown substitution", `export X="$(node -e 'console.log("{}")')"; sshpass -p "$X" ssh host`},
		{"#28 unknown substitution", `X=$(perl -e 'print q({})'); mysql -u root -p"$X" db`},
		{"#28 unknown substitution", "X=`base64 -d <<< {}`; mysql -u root -p\"$X\" db"},
		{"#28 unknown substitution", "X=$(tr -d '\\n' <<EOF\n{}\nEOF\n)\nmysql -u root -p\"$X\" db"},
		{"#28 substitution in a URL", `mysql "mysql://app:$(printf %s {})@db:3306/app"`},
		{"#28 substitution in a URL", `curl "https://me:$(echo {})@example.com/api"`},
		{"#29 eval or source binds", `eval "X={}"; mysql -u root -p"$X" db`},
		{"#29 eval or source binds", `eval export X={}; sshpass -p "$X" ssh host`},
		{"#29 eval or source binds", `eval "$(echo X={})"; mysql -u root -p"$X" db`},
		{"#29 eval or source binds", "source /dev/stdin <<EOF\nX={}\nEOF\nmysql -u root -p\"$X\" db"},
		{"#29 eval or source binds", ". <(echo 'X={}')\nmysql -u root -p\"$X\" db"},
		{"#29 eval or source binds", `bash <<< 'X={}; mysql -u root -p"$X" db'`},
		{"#30 xargs from stdin", `echo {} | xargs sshpass -p`},
		{"#30 xargs from stdin", `xargs -I@ mysql -u root -p@ db <<< {}`},
		{"#30 xargs from stdin", `printf '%s\n' {} | xargs -i mysql -u root -p{} db`},
		{"#30 xargs from stdin", `echo {} | xargs --replace=@ mysql -u root -p@ db`},
		{"#31 child shell's $0", `sh -c 'mysql -u root -p"${0}" db' {}`},
		{"#31 child shell's $0", `bash -c 'sshpass -p $0 ssh "$1"' {} host`},
		{"#32 positional logon", `ssh.connect("10.0.0.5", 2222, "deploy", "{}")`},
		{"#32 positional logon", `r = StrictRedis("localhost", 6379, 0, "{}")`},
		{"#32 positional logon", `conn = Connection(server, "uid=admin,ou=people,dc=example,dc=org", "{}")`},
		{"#32 positional logon", `conn = PG::Connection.new("db", 5432, nil, nil, "app", "app", "{}")`},
		{"#32 positional logon", `Net::FTP.open("ftp.example.com", "me", "{}") do |ftp|`},
		{"#32 positional logon", `ftp = FTP("ftp.example.com", "me", "{}")`},
		{"#32 positional logon", `pop.pass_("{}")`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		if strings.HasPrefix(tt.class, "#30") && strings.Contains(tt.in, "-i ") {
			in = strings.Replace(tt.in, "{}", pw, 1)
		}
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("secret stored in clear (source: red-team round 13 fix): %q", strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// TestRound13bFixEveryday: everyday text near the round 13 readers stays
// as it is (source: "red-team round 13 fix").
func TestRound13bFixEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`: ${GOPATH:=$HOME/go}; echo "$GOPATH"`,
		`: "${CI:=false}"; go test ./...`,
		`VERSION=$(git describe --tags); echo "building $VERSION"`,
		`SHA=$(git rev-parse --short HEAD); docker build -t app:$SHA .`,
		`files=$(find . -name '*.go' | head -n 5); gofmt -l $files`,
		`eval "$(ssh-agent -s)"`,
		`eval "$(direnv hook bash)"`,
		`source ~/.bashrc && go test ./...`,
		`. ./venv/bin/activate && pytest -q`,
		`source .env.example`,
		`find . -name '*.go' | xargs gofmt -l`,
		`git ls-files '*.md' | xargs -I{} wc -l {}`,
		`echo a b c | xargs -n1 echo`,
		`printf '%s\n' one two | xargs -I % echo item %`,
		`sh -c 'echo "$0 says hi"' greeter`,
		`bash <<< 'echo hello'`,
		`psql "postgresql://app@db:5432/app?sslmode=$(echo require)"`,
		`sock.connect(("localhost", 8080))`,
		`client.connect("localhost", 6379)`,
		`db.connect("postgres://localhost/app")`,
		`r = redis.Redis("localhost", 6379, 0)`,
		`r = Redis(host="localhost", port=6379, db=0)`,
		`conn = Connection(server, user, password, auto_bind=True)`,
		`ftp = FTP("ftp.example.com")`,
		`emitter.connect("clicked", 0, "handler", callback)`,
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-masked (source: red-team round 13 fix) %v: %q -> %q", ids, in, out)
		}
	}
}

// TestRound13bFixLinear: the round 13 readers stay linear on adversarial
// input (many evals, xargs, substitutions, assigning expansions, calls).
func TestRound13bFixLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"evals":         strings.Repeat("eval 'X=$X$X'; ", 20000) + `mysql -p"$X"`,
		"sources":       strings.Repeat(". /dev/stdin <<< 'X=$X$X'\n", 20000),
		"xargs":         strings.Repeat("echo a b c | xargs -I% sh -c % % ; ", 20000),
		"unknown subst": strings.Repeat("X=$(tr a b <<< $X$X); ", 20000) + `mysql -p"$X"`,
		"open subst":    "X=$(tr " + strings.Repeat("'a' ", 60000),
		"assigning":     strings.Repeat(": ${X:=${X}${X}}; ", 20000),
		"nested assign": strings.Repeat(": "+strings.Repeat("${X:=\"", 200)+strings.Repeat("\"}", 200)+"\n", 300),
		"connect":       strings.Repeat(`c.connect("h", 22, "u", `, 30000),
		"shells":        strings.Repeat("bash <<< 'bash <<< x'; sh -c 'x' y; ", 20000),
	} {
		start := cpuTime()
		out, _ := r.Text(in)
		d := cpuTime() - start
		t.Logf("%-14s %7d KiB in %v CPU", name, len(in)>>10, d)
		if d.Seconds() > 3 {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
		if again, _ := r.Text(out); again != out {
			t.Errorf("%s: not idempotent", name)
		}
	}
}

// FuzzShellFeeds: eval, source, xargs, assigning expansions and unknown
// substitutions lex within bounds and bind nothing outside the input.
func FuzzShellFeeds(f *testing.F) {
	for _, s := range []string{
		"eval X=PW; mysql -p\"$X\"", "source <(echo X=PW)", ". /dev/stdin <<< 'X=PW'",
		"echo PW | xargs -I % mysql -p%", "xargs -i -- x {} <<< a", "echo a | xargs --replace",
		": ${X:=PW}", ": ${X:=\"PW\"}", "${X=${Y:=a}}", "X=$(tr -d x <<< PW)", "X=$(a <<E\nb\nE\n)",
		"bash <<< 'X=1'", "sh -c 'echo $0' a", "eval \"$(echo X=1)\"", "X=$(", ": ${X:=",
	} {
		f.Add(s)
	}
	r, err := New(Config{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2048 {
			return
		}
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("%q: not idempotent: %q -> %q", s, out, again)
		}
	})
}

// FuzzShapedLogon: the argument shape of a logon call is read within
// the input and masks only a string literal's content.
func FuzzShapedLogon(f *testing.F) {
	for _, s := range []string{`"h", 22, "u", "PW")`, `"h", 6379, 0, "PW")`, `s, "cn=a", "PW")`, `"a\"b", 1, "c`, `(`, `"PW")`} {
		f.Add(s, ".nsP")
	}
	f.Add(`"PW")`, "P")
	f.Fuzz(func(t *testing.T, s, shape string) {
		if len(s) > 4096 || len(shape) > 8 {
			return
		}
		sp, ok := shapedLogon(s, 0, shape)
		if !ok {
			return
		}
		if sp.start < 1 || sp.end >= len(s) || sp.start >= sp.end || s[sp.start-1] != '"' && s[sp.start-1] != '\'' {
			t.Fatalf("%q %q: span %v", s, shape, sp)
		}
	})
}
