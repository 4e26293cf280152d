package redact

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Red-team round 15 fix (br15b #21, #23-#28, #30): variants of the
// classes closed, and everyday lines that must stay readable. source:
// "red-team round 15 fix".
func TestRound15bFixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		// #21: every reserved word a command may follow.
		{"#21", `if false; then :; else X={}; mysql -u root -p"$X" db; fi`},
		{"#21", `until false; do X={}; sshpass -p "$X" ssh h; break; done`},
		{"#21", `time X={} sh -c 'mysql -u root -p"$X" db'`},
		{"#21", `function f { X={}; mysql -u root -p"$X" db; }; f`},
		{"#21", `{ local X={}; mysql -u root -p"$X" db; }`},
		// #22: other binders in rendered eval and source text.
		{"#22", `eval $'printf -v X %s {}'; mysql -u root -p"$X" db`},
		{"#22", `eval "$(echo 'read -r X <<< {}')"; sshpass -p "$X" ssh h`},
		{"#22", `eval $'set -- {}'; shift 0; mysql -u root -p"$1" db`},
		{"#22", `source <(printf 'declare X=%s\n' {}); mysql -u root -p"$X" db`},
		{"#22", `eval $'X={}\nmysql -u root -p"$X" db'`},
		// #23: other spellings of standard input and substitution operands.
		{"#23", `bash /proc/self/fd/0 {} <<< 'mysql -u root -p"$1" db'`},
		{"#23", `echo 'mysql -u root -p"$1" db' | bash /dev/stdin {}`},
		{"#23", `bash -e <(printf 'mysql -u root -p"$1" db') {}`},
		{"#23", `sh -x -- /dev/stdin {} <<< 'sshpass -p "$1" ssh h'`},
		// #24: a file the line wrote, run or sourced.
		{"#24", `echo 'mysql -u root -p"$1" db' >> /tmp/r.sh && bash /tmp/r.sh {}`},
		{"#24", `echo 'X={}' > env.sh; . env.sh; mysql -u root -p"$X" db`},
		{"#24", `printf 'sshpass -p "$X" ssh h' > s; X={} bash -e s`},
		// #25: other trap spellings.
		{"#25", `trap -- 'sshpass -p "$X" ssh h' EXIT INT; X={}`},
		{"#25", `trap "mysql -u root -p\"\$X\" db" ERR; X={}; false`},
		// #26: env with a quoted or backquoted printed assignment.
		{"#26", `env "$(printf 'X=%s' {})" bash -c 'mysql -u root -p"$X" db'`},
		{"#26", "env `echo X={}` sh -c 'sshpass -p \"$X\" ssh h'"},
		// #27: clusters and valued shell options.
		{"#27", `xargs -r0a <(printf '%s' {}) sshpass -p`},
		{"#27", `bash -o pipefail -s {} <<< 'mysql -u root -p"$1" db'`},
		{"#27", `bash -eo pipefail -s -- {} <<< 'mysql -u root -p"$1" db'`},
		{"#27", `bash --init-file /dev/null --norc -s {} <<< 'mysql -u root -p"$1" db'`},
		{"#27", "bash -s -- {} <<-EOF\n\tmysql -u root -p\"$1\" db\n\tEOF"},
		// #28: padding before other flags and other programs.
		{"#28", "unzip " + strings.Repeat("-q ", 200) + "-P{} a.zip"},
		{"#28", "mysql " + strings.Repeat("-v ", 80) + "--password={} db"},
		{"#28", "sshpass " + strings.Repeat("-v ", 70) + "-p {} ssh h"},
		{"#28", "mysql -u root " + strings.Repeat("--skip-column-names ", 70) + "-p{} db"},
		{"#28", strings.Repeat("sshpass ", 300) + strings.Repeat("-v ", 70) + "-p {} ssh h"},
		// #30: other filters and printers before the pipe.
		{"#30", `printf '%s' {} | mysql -u root -p"$(cat)" db`},
		{"#30", `echo {} | sshpass -p "$(head -n1)" ssh h`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 15 fix, %s: secret stored in clear: %q", tt.class, strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// TestRound15bFixKeep: everyday lines the round 15 readers pass through
// must come back unchanged.
func TestRound15bFixKeep(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`{ echo building; make -j4; }`,
		`if [ -f go.mod ]; then go test ./...; fi`,
		`for f in *.go; do gofmt -l "$f"; done`,
		`trap 'rm -f "$tmp"' EXIT; tmp=$(mktemp)`,
		`trap - EXIT`,
		`eval "$(ssh-agent -s)"; ssh-add ~/.ssh/id_ed25519`,
		`eval $'echo hello\nls -la'`,
		`source <(kubectl completion bash)`,
		`eval "$(printf 'set -- %s' build)"; make "$1"`,
		`echo 'go test ./...' > run.sh; bash run.sh`,
		`bash -O extglob -c 'ls !(vendor)'`,
		`bash -eo pipefail script.sh arg1 arg2`,
		`bash /dev/stdin <<< 'echo hello'`,
		`env $(cat .env.example | xargs) npm test`,
		`echo hello | grep "$(cat)"`,
		`git log --oneline | head -n 5`,
		`xargs -0a files.txt rm -f`,
		`xargs -ra <(git ls-files) gofmt -l`,
		"gcc " + strings.Repeat("-Wall ", 70) + "-o main main.c",
		"git add " + strings.Repeat("file.go ", 80),
		`sh /dev/fd/0 build <<< 'make "$1"'`,
		`bash <(curl -fsSL https://example.com/install.sh) --version 1.2.3`,
	} {
		out, ids := r.Text(in)
		if out != in {
			t.Errorf("everyday line changed (source: red-team round 15 fix): %q -> %q %v", in, out, ids)
		}
	}
}

// FuzzRound15Shell: the round 15 shell readers (the shell option parser
// and script operands, files the line wrote, trap actions, the pipe's
// text, flags past the argument bound) never panic, and redaction stays
// idempotent.
func FuzzRound15Shell(f *testing.F) {
	for _, s := range []string{
		`{ X=PW; mysql -p"$X"; }`, `bash /dev/stdin PW <<< 'mysql -p"$1"'`, `bash <(echo 'a "$1"') PW`,
		`bash <(echo`, `printf 'x "$1"' > s; sh s PW`, `echo > ; sh`, `trap 'a "$X"' EXIT; X=PW`, `trap`, `trap --`,
		`env $(echo X=PW) sh -c 'a "$X"'`, `xargs -0a <(echo PW) sshpass -p`, `xargs -a`, `bash -O`, `bash -o -s`,
		"sh -s PW <<'EOF'\na \"$1\"\nEOF", "sh <<", `echo PW | mysql -p"$(cat)"`, `| $(cat)`, `echo a |`,
		"unzip " + strings.Repeat("-q ", 70) + "-P PW a.zip", strings.Repeat("mysql ", 100) + "-p",
		`eval $'read X <<< PW'; a "$X"`, `eval "$(printf 'for X in %s; do a "$X"; done' PW)"`, `eval $'\x27'`,
		`source <(printf 'read X <<< %s\n' PW)`, `eval $'eval $\'set -- PW\''; a "$1"`,
	} {
		f.Add(s)
	}
	r, err := New(Config{Key: testKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := r.Text(s)
		if again, _ := r.Text(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

// TestRound15bFixTreeEnvKeep: a command beside an ordinary environment
// stays as it is (source: red-team round 15 fix).
func TestRound15bFixTreeEnvKeep(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`{"command": "go test ./... -run \"$PATTERN\"", "env": {"PATTERN": "TestFoo", "GOFLAGS": "-count=1"}}`,
		`{"command": ["sh", "-c", "cd \"$DIR\" && make"], "env": ["DIR=/src/app", "CC=clang"]}`,
		`{"cmd": "echo $HOME", "environment": [{"name": "HOME", "value": "/home/dev"}]}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := r.Tree(v)
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(out)
		if string(a) != string(b) {
			t.Errorf("everyday tree changed: %s -> %s", a, b)
		}
	}
}

// TestRound15bFixLinear: the round 15 readers stay linear on
// pathological inputs (source: red-team round 15 fix).
func TestRound15bFixLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("pathological inputs skipped in -short and under -race")
	}
	r := mustNew(t, Config{Key: testKey})
	for name, in := range map[string]string{
		"programs past the bound": strings.Repeat("sshpass ", 1000) + strings.Repeat("-v ", 3000) + "-p x",
		"long tails":              strings.Repeat("unzip "+strings.Repeat("-q ", 100)+"-P x a.zip; ", 2000),
		"evals":                   strings.Repeat(`eval $'read X <<< a'; `, 20000) + `mysql -p"$X"`,
		"nested evals":            strings.Repeat(`eval "$(printf 'eval %s' `, 5000),
		"traps":                   strings.Repeat(`trap 'a "$X"' EXIT; X=b; `, 20000),
		"pipes":                   strings.Repeat(`echo "$X" | a "$(cat)" | `, 20000),
		"written":                 strings.Repeat(`echo 'a "$1"' > s$i; sh s$i x; `, 20000),
		"scripts":                 strings.Repeat(`bash -O a -o b --rcfile c -s x <<< 'a "$1"'; `, 20000),
		"tree-like line":          strings.Repeat(`X='v'`+"\n", 50000) + `a "$X"`,
	} {
		start := cpuTime()
		r.Text(in)
		d := cpuTime() - start
		t.Logf("%s: %v", name, d)
		if d > 5*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(in))
		}
	}
}
