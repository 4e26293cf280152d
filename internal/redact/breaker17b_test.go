package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 17, breaker br17b (class: secrets in clear in the
// evidence log; target: round 16's fail-closed redaction, failclosed.go,
// treesink.go, clipipe.go, the give-up exits). source: "red-team round
// 17". Fixed in round 17 (f17b): the cases now run. Each case was checked
// at 856f21e: the secret comes back from Redactor.Text / Redactor.Tree in
// clear. Every shell line was run with bash 5.2.15 and stub mysql/docker
// on PATH that log their argv and standard input: the stub received the
// password (-pPW, or PW on its standard input).
//
// #21 (red-team round 17, #21): literalSpans' command position. When a
// sink is unresolved (or the view gave up), literalSpans masks every
// literal except the first word of a command, taken to be a program. That
// position is judged by bytes: after ; | & ( { ` a newline or a reserved
// word. A word that is not a program stands there too: the here-string
// word of a compound command (the ';' before '}' set command position and
// '}' does not clear it: { read X; mysql -p"$X" db; } <<< PW), a
// redirection before the command (<<< PW read; … $REPLY), the word after
// 'in' of for/select/case (litReserved puts "in" among the words after
// which a command follows) at a give-up exit.
// #22 (red-team round 17, #22): here-document bodies. literalSpans reads
// a body as lines of commands, so the first word of every body line is
// kept as a "program": a body that feeds a compound command
// ({ …; } <<EOF, while read X; do …; done <<EOF) or a pipe printer
// (cat <<EOF | mysql -p"$(cat)") keeps the password, which is the whole
// body line.
// #23 (red-team round 17, #23): variables a builtin binds without the
// line writing their name: getopts sets OPTARG, [[ =~ ]] sets
// BASH_REMATCH, every command sets $_ to its last argument. The view
// does not model them and reach.reachable's nameWritten finds no NAME in
// the line, so the sink counts as resolved from elsewhere and nothing is
// masked.
// #24 (red-team round 17, #24): exempt shapes at a give-up exit. When
// the view gives up (the call-depth bound: eval three deep) the literals
// are masked except harmlessLiteral's shapes; a password that starts
// with '/' or '~' (a path without @ or :), that is a URL without a user
// (https://PW.example), or that is all digits (a PIN) is kept. The
// exemption is judged on the word alone, not on where it goes.
// #25 (red-team round 17, #25): the 8192-byte lexing window. When a
// pipeline runs past maxCLIWindow, cliMaskRest masks only option values
// in the rest ("a positional far past the window is kept"): htpasswd -b
// FILE USER PW with 8 KB of switches before the operands keeps PW (round
// 16 #22 fixed the 64-argument bound, not the byte window).
// #26 (red-team round 17, #26): tree bindings found by key and shape.
// scanSinks learns values only under a key containing env/variables or
// from an object whose keys are all UPPER_CASE with string values: one
// non-string value ("port": 3306) or another key (vars, params, GitHub
// Actions' strategy.matrix and on.workflow_dispatch.inputs.X.default,
// which ${{ matrix.X }} / ${{ inputs.X }} read) leaves the value in clear
// while the sink with the reference is found.
// #27 (red-team round 17, #27): a compound command's redirection. A
// stdin reader (docker login --password-stdin) inside a group, subshell,
// if/for/while or a function called with a redirection reads the
// compound's here-string, here-document or < FILE; clipipe.go looks at
// the reader's own redirections, the pipe before it and exec'd fds only,
// and the fail-closed pass needs a reference in a sink (there is none).
func TestBreaker17bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	cases := []struct{ class, in string }{
		{"#21 command position of literalSpans", `{ read X; mysql -u root -p"$X" db; } <<< {}`},
		{"#21 command position of literalSpans", `<<< {} read; mysql -u root -p"$REPLY" db`},
		{"#21 command position of literalSpans", `eval 'eval "eval \"for X in {}; do mysql -p\\\$X db; done\""'`},
		{"#22 here-document body lines", "{ mysql -u root -p\"$(cat)\" db; } <<EOF\n{}\nEOF"},
		{"#22 here-document body lines", "cat <<EOF | mysql -u root -p\"$(cat)\" db\n{}\nEOF"},
		{"#22 here-document body lines", "while read X; do mysql -u root -p\"$X\" db; done <<EOF\n{}\nEOF"},
		{"#22 here-document body lines", "{ read X; mysql -u root -p\"$X\" db; } <<EOF\n{}\nEOF"},
		{"#23 implicitly bound variables", `getopts a: X -a {}; mysql -u root -p"$OPTARG" db`},
		{"#23 implicitly bound variables", `[[ {} =~ (.*) ]]; mysql -u root -p"${BASH_REMATCH[1]}" db`},
		{"#23 implicitly bound variables", `: {}; mysql -u root -p"$_" db`},
		{"#24 exempt shapes at a give-up exit", `eval 'eval "eval \"X=/{}\""'; mysql -u root -p"$X" db`},
		{"#24 exempt shapes at a give-up exit", `eval 'eval "eval \"X=~{}\""'; mysql -u root -p"$X" db`},
		{"#24 exempt shapes at a give-up exit", `eval 'eval "eval \"X=https://{}.example\""'; mysql -u root -p"$X" db`},
		{"#25 positional past the 8192-byte window", "htpasswd -b " + strings.Repeat("-B ", 3000) + "f u {}"},
		{"#25 positional past the 8192-byte window", "htpasswd -b -B " + strings.Repeat("-C 5 ", 1700) + "f u {}"},
		{"#27 compound command's redirection", `{ docker login -u me --password-stdin; } <<< {}`},
		{"#27 compound command's redirection", `( docker login -u me --password-stdin ) <<< {}`},
		{"#27 compound command's redirection", `if true; then docker login -u me --password-stdin; fi <<< {}`},
		{"#27 compound command's redirection", `for i in 1; do docker login -u me --password-stdin; done <<< {}`},
		{"#27 compound command's redirection", `f() { docker login -u me --password-stdin; }; f <<< {}`},
		{"#27 compound command's redirection", "{ docker login -u me --password-stdin; } <<EOF\n{}\nEOF"},
		{"#27 compound command's redirection", `echo {} > p.txt; { docker login -u me --password-stdin; } < p.txt`},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 17, %s: secret stored in clear (source: red-team round 17): %.300q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// #26: a command beside its bindings in a tree, under other keys.
func TestBreaker17bTreeBindings(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#26 tree bindings by key and shape", `{"name": "t", "shell": "mysql -u root -p$X db", "vars": {"X": "{}", "port": 3306}}`},
		{"#26 tree bindings by key and shape", `{"steps": [{"script": "mysql -u root -p$X db"}], "params": {"X": "{}", "N": 3}}`},
		{"#26 tree bindings by key and shape", `{"jobs": {"b": {"strategy": {"matrix": {"pw": ["{}"]}}, "steps": [{"run": "mysql -u root -p${{ matrix.pw }} db"}]}}}`},
		{"#26 tree bindings by key and shape", `{"on": {"workflow_dispatch": {"inputs": {"pw": {"default": "{}"}}}}, "jobs": {"b": {"steps": [{"run": "mysql -u root -p${{ inputs.pw }} db"}]}}}`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(in), &v); err != nil {
				t.Fatal(err)
			}
			out, _ := r.Tree(v)
			b, _ := json.Marshal(out)
			if strings.Contains(string(b), pw) {
				t.Errorf("red-team round 17, %s: secret stored in clear (source: red-team round 17): %s", tt.class[:3], strings.ReplaceAll(string(b), pw, "<SECRET>"))
			}
		})
	}
}
