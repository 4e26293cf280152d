package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 15, breaker br15b (class: secrets in clear in the
// evidence log). source: "red-team round 15". Each one failed at HEAD
// (a831fd8): the secret came back from Redactor.Text / Redactor.Tree in
// clear; all are fixed (round 15 fix, f15b) and always run. Every
// shell line was also run with bash 5.2 and a stub mysql/sshpass on PATH
// that logs its argv: the stub received -pPW (or -p PW), so the literal is
// the password the program is given.
//
// #21 (red-team round 15, #21): an assignment right after a reserved word
// ({ X=PW; …; }, then X=PW, do X=PW, else X=PW, ! X=PW, time X=PW, a
// function body f() { X=PW; …; }) is at command position for the shell,
// but shBuilder.run's default case clears cmdPos on the reserved word, so
// X is never bound (shLeadKeyword is applied in bind(), not in run()).
// #22 (red-team round 15, #22): the shell text eval/source run, as the view
// renders it (round 14 #27: $'…', a printf format applied), is read for
// NAME=VALUE words only (bindText): the other binding forms in that text
// (read X <<< PW, set -- PW, for X in PW, printf -v X %s PW) bind nothing,
// and the round 13 re-lex reads the source bytes (printf's format, the
// $'…' word), not the rendered text.
// #23 (red-team round 15, #23): a shell whose script operand is text the
// line itself supplies, /dev/stdin or /dev/fd/0 fed a here-string, or a
// process substitution (bash <(echo '…"$1"…') PW), takes its positional
// parameters from the words after the operand; shellStdin returns at the
// first non-option word ("a script file") and nothing binds $1.
// #24 (red-team round 15, #24): a script the SAME line writes (printf/echo
// '…"$1"…' > s.sh) and then runs (sh s.sh PW, X=PW sh s.sh) is never read:
// the round 2 "file the input wrote just before" reader only feeds stdin
// readers, not a shell's script operand.
// #25 (red-team round 15, #25): text the shell runs later (a trap's
// action) sees the bindings made after it is set: trap '…"$X"…' EXIT;
// X=PW. The trap's quoted text is never lexed as shell at all.
// #26 (red-team round 15, #26): NAME=VALUE words printed by a command
// substitution are bound after the assignment builtins only (round 14 #29,
// declArgs); env $(echo X=PW) sh -c '…$X…' puts X in the child's
// environment the same way env X=PW does, but the childsh reader reads
// env's literal NAME=VALUE words only.
// #27 (red-team round 15, #27): round 14's fixes parse options by hand
// and miss common spellings: xargs -a inside a cluster (-0a, -ra),
// bash options that take a value before -s (-O extglob, -o posix,
// --rcfile F), and a quoted here-document as the -s script (sh -s PW
// <<'EOF' … "$1" … EOF).
// #28 (red-team round 15, #28): the command-line detectors read a call's
// first maxCLIArgs (64) arguments; 63 padding switches (unzip -q ×63 -P PW
// a.zip, verified with a real zip -P archive: unzip extracts it) put the
// password flag past the bound and it is stored in clear.
// #29 (red-team round 15, #29): in a tree, a command line whose variable
// is given by a sibling environment ({"command": "mysql -p\"$X\"",
// "env": {"X": PW}}, an env list of NAME=VALUE or of name/value pairs, as
// MCP "run command" tools take them) is scanned without those bindings:
// X is not credential-named, so the value is kept.
// #30 (red-team round 15, #30): a command substitution in an argument of
// a pipeline's later command reads that command's standard input (echo
// "$X" | mysql -p"$(cat)": bash expands the words in the forked child,
// whose stdin is the pipe); the view renders $(cat) as unknown.
func TestBreaker15bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	cases := []struct{ class, in string }{
		{"#21 assignment after a reserved word", `{ X={}; mysql -u root -p"$X" db; }`},
		{"#21 assignment after a reserved word", `if true; then X={}; mysql -u root -p"$X" db; fi`},
		{"#21 assignment after a reserved word", `while :; do X={}; mysql -u root -p"$X" db; break; done`},
		{"#21 assignment after a reserved word", `f() { X={}; mysql -u root -p"$X" db; }; f`},
		{"#21 assignment after a reserved word", `! X={}; mysql -u root -p"$X" db`},
		{"#21 assignment after a reserved word", `{ export X={}; mysql -u root -p"$X" db; }`},
		{"#23 script operand the line supplies", `bash /dev/stdin {} <<< 'mysql -u root -p"$1" db'`},
		{"#23 script operand the line supplies", `sh /dev/fd/0 {} <<< 'mysql -u root -p"$1" db'`},
		{"#23 script operand the line supplies", `bash <(echo 'mysql -u root -p"$1" db') {}`},
		{"#24 script written and run by the same line", `printf 'mysql -u root -p"$1" db\n' > s.sh; sh s.sh {}`},
		{"#24 script written and run by the same line", `echo 'mysql -u root -p"$X" db' > s.sh; X={} sh s.sh`},
		{"#25 deferred text (trap)", `trap 'mysql -u root -p"$X" db' EXIT; X={}`},
		{"#26 env with substitution-printed assignments", `env $(echo X={}) sh -c 'mysql -u root -p"$X" db'`},
		{"#27 round 14 fixes' option parsing", `xargs -0a <(echo {}) sshpass -p`},
		{"#27 round 14 fixes' option parsing", `xargs -ra <(echo {}) sshpass -p`},
		{"#27 round 14 fixes' option parsing", `bash -O extglob -s {} <<< 'mysql -u root -p"$1" db'`},
		{"#27 round 14 fixes' option parsing", `bash --rcfile /dev/null -s {} <<< 'mysql -u root -p"$1" db'`},
		{"#27 round 14 fixes' option parsing", "sh -s {} <<'EOF'\nmysql -u root -p\"$1\" db\nEOF"},
		{"#28 argument-count bound", "unzip " + strings.Repeat("-q ", 63) + "-P {} a.zip"},
		{"#30 substitution reading the pipe", `X={}; echo "$X" | mysql -u root -p"$(cat)" db`},
		{"#22 rendered eval text: binders other than NAME=VALUE", `eval $'read X <<< {}'; mysql -u root -p"$X" db`},
		{"#22 rendered eval text: binders other than NAME=VALUE", `eval "$(printf 'set -- %s' {})"; mysql -u root -p"$1" db`},
		{"#22 rendered eval text: binders other than NAME=VALUE", `eval "$(printf 'for X in %s; do mysql -u root -p"$X" db; done' {})"`},
		{"#22 rendered eval text: binders other than NAME=VALUE", `source <(printf 'read X <<< %s\n' {}); mysql -u root -p"$X" db`},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 15, %s: secret stored in clear (source: red-team round 15): %q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// #29: a command line and its environment given side by side in a tree.
func TestBreaker15bTreeEnv(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, in := range []string{
		`{"command": "mysql -u root -p\"$X\" db", "env": {"X": "{}"}}`,
		`{"command": "mysql -u root -p\"$X\" db", "environment": [{"name": "X", "value": "{}"}]}`,
		`{"command": ["sh", "-c", "mysql -u root -p\"$X\" db"], "env": ["X={}"]}`,
		// red-team round 15 fix: variants.
		`{"cmd": "sshpass -p \"$PASS\" ssh h", "env": {"PASS": "{}", "HOME": "/root"}}`,
		`{"run": "mysql -u root -p\"${X}\" db", "environment": [{"key": "X", "value": "{}"}]}`,
		`{"command": "mysql -u root -p\"$X\" db", "env": {"X": "it's{}"}}`,
		`{"steps": [{"script": "bash -c 'mysql -u root -p\"$X\" db'", "variables": {"X": "{}"}}]}`,
	} {
		in = strings.ReplaceAll(in, "{}", pw)
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := r.Tree(v)
		b, _ := json.Marshal(out)
		if strings.Contains(string(b), pw) {
			t.Errorf("red-team round 15, #29: secret stored in clear (source: red-team round 15): %s", strings.ReplaceAll(string(b), pw, "<SECRET>"))
		}
	}
}
