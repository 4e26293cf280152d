package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 16, breaker br16b (class: secrets in clear in the
// evidence log; target: round 15's redaction fixes). source: "red-team
// round 16". Fixed (failclosed.go, treesink.go, clitail.go): each one failed at 1a4d0eb: the secret comes back from
// Redactor.Text / Redactor.Tree in clear. Every shell line was also run
// with bash 5.2 (GNU env 9.1) and stub mysql/sshpass/htpasswd/smbclient/
// curl on PATH that log their argv: the stub received the password (-pPW,
// -p PW, u%PW, u:PW or the positional PW), so the literal is the password
// the program is given.
//
// #21 (red-team round 16, #21): the call-depth bound keeps text. Eval and
// sh -c text is re-lexed to shCallDepth (2) levels; at the third level
// evalFeed/childShell return without reading it, and the NAME=VALUE or
// read X <<< PW binding that feeds a later -p"$X" is kept in clear (the
// redactor gives up and KEEPS instead of masking).
// #22 (red-team round 16, #22): positional arguments past the 64-argument
// bound. Round 15's cliTail scans only the table's FLAGS past the bound;
// a password the table takes by position (htpasswd -b FILE USER PW) after
// 64+ padding switches is never looked at, budget or not.
// #23 (red-team round 16, #23): once cliTail's per-command budget (8192
// words) is spent, cliMaskOptionValues masks only --name=VALUE and the
// word after an option; a value glued to a table flag's letter (mysql
// -pPW, smbclient -Uu%PW, curl -uu:PW, unzip -PPW, 7z -pPW) is kept
// (the comment in clitail.go promises "-xVALUE after a table flag's
// letter" too).
// #24 (red-team round 16, #24): the "file the line wrote" table (#24 of
// round 15) matches writer and reader by their literal spelling and by
// a few forms: a name spelled differently (> s.sh, then sh ./s.sh), the
// file run as a program (chmod +x s.sh; ./s.sh PW), the file as a shell's
// standard input (sh -s PW < s.sh), source FILE ARGS, and writers other
// than echo/printf/cat with a plain > (tee FILE, { echo …; } > FILE,
// >FILE echo …) are not followed.
// #25 (red-team round 16, #25): a script written on one line and run on a
// LATER line: shellLines lexes only the lines with a trigger (a quote, $,
// …); "sh s.sh PW" has none and is never lexed, so every here-document
// writer (cat > s.sh <<'EOF' … EOF, then sh s.sh PW) and any
// newline-separated echo > s.sh / sh s.sh PW keep the password.
// #26 (red-team round 16, #26): a shell script operand fed by other
// routes: an UNQUOTED here-document as the -s script (the shell removes
// \ before $, so the inner shell sees "$1"; round 15 handled the quoted
// one only), /dev/fd/N fed by N<<<, a process substitution whose command
// is cat <<< '…' rather than echo/printf.
// #27 (red-team round 16, #27): trap actions are queued as their SOURCE
// bytes: an action written $'…', "$C" (a variable holding the text) or
// "$(echo '…')" is not lexed as rendered (round 15 did that for eval
// only, #22), and a trap naming a function (trap f EXIT) is not followed
// to the function's body.
// #28 (red-team round 16, #28): env -S/--split-string "X=PW sh -c '…$X…'"
// splits its string into assignments and a command; the redactor reads
// the string as one opaque word (the shell analyser knows env -S).
// #29 (red-team round 16, #29): the readers of a pipe (round 15 #30)
// are $(cat), $(head), $(tail) only: $(</dev/stdin), $(cat /dev/stdin),
// `cat` in backquotes, and xargs -a /dev/stdin read the same pipe.
// #30 (red-team round 16, #30): the printers before a pipe (round 15 #30)
// are echo's and printf's arguments only: { echo PW; } |, (echo PW) |,
// cat <<< PW |, printf PW | (a format with no arguments), and a filter
// that passes the text through (| tee /dev/null |) are not followed.
// #31 (red-team round 16, #31): treeenv.go's keys: the command and its
// environment are found under a short list of exact-case keys. A
// Kubernetes container ({"command": ["sh","-c"], "args": ["…$X…"],
// "env": [{"name":"X","value":PW}]}: the script is in args), the Docker
// Engine API ({"Cmd": […], "Env": ["X=PW"]}), "commandLine", "shell", an
// env nested one level down ({"options": {"env": …}}), an env given as a
// dotenv string ("X=PW\nY=1") are not bound.
// #32 (red-team round 16, #32): expansion syntaxes other than the
// shell's in a command beside its environment: Kubernetes expands
// $(X) in command/args from env (the shell would run X), GitHub Actions
// expands ${{ env.X }} in run: the sibling value is used but not learned.
func TestBreaker16bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	cases := []struct{ class, in string }{
		{"#21 call-depth bound keeps text", `eval 'eval "eval \"read X <<< {}\""'; mysql -u root -p"$X" db`},
		{"#21 call-depth bound keeps text", `eval 'eval "eval \"X={}\""'; mysql -u root -p"$X" db`},
		{"#21 call-depth bound keeps text", `sh -c 'sh -c "sh -c \"X={}; mysql -u root -p\\\$X db\""'`},
		{"#21 call-depth bound keeps text", `sh -c "sh -c 'X={} sh -c \"mysql -u root -p\\\$X db\"'"`},
		{"#22 positional past the 64-argument bound", "htpasswd " + strings.Repeat("-B ", 100) + "-b f u {}"},
		{"#22 positional past the 64-argument bound", "htpasswd -b " + strings.Repeat("-B ", 100) + "f u {}"},
		{"#23 glued value once the tail budget is spent", "mysql " + strings.Repeat("-v ", 9000) + "-p{} db"},
		{"#23 glued value once the tail budget is spent", "smbclient " + strings.Repeat("-d ", 9000) + "-Uu%{} //h/s"},
		{"#23 glued value once the tail budget is spent", "curl " + strings.Repeat("-s ", 9000) + "-uu:{} https://h"},
		{"#24 written-file spellings", `echo 'mysql -u root -p"$1" db' > s.sh; sh ./s.sh {}`},
		{"#24 written-file spellings", `echo 'mysql -u root -p"$1" db' > s.sh; chmod +x s.sh; ./s.sh {}`},
		{"#24 written-file spellings", `echo 'mysql -u root -p"$1" db' > s.sh; sh -s {} < s.sh`},
		{"#24 written-file spellings", `printf 'mysql -u root -p"$1" db' > s.sh; source s.sh {}`},
		{"#24 written-file spellings", `echo 'mysql -u root -p"$1" db' | tee s.sh; sh s.sh {}`},
		{"#24 written-file spellings", `{ echo 'mysql -u root -p"$1" db'; } > s.sh; sh s.sh {}`},
		{"#24 written-file spellings", `>s.sh echo 'mysql -u root -p"$1" db'; sh s.sh {}`},
		{"#25 script run on a later line", "echo 'mysql -u root -p\"$1\" db' > s.sh\nsh s.sh {}"},
		{"#25 script run on a later line", "cat > s.sh <<'EOF'\nmysql -u root -p\"$1\" db\nEOF\nsh s.sh {}"},
		{"#25 script run on a later line", "cat > s.sh <<< 'mysql -u root -p\"$1\" db'\nsh s.sh {}"},
		{"#26 script operand by other routes", "sh -s {} <<EOF\nmysql -u root -p\"\\$1\" db\nEOF"},
		{"#26 script operand by other routes", `bash /dev/fd/3 {} 3<<< 'mysql -u root -p"$1" db'`},
		{"#26 script operand by other routes", `bash <(cat <<< 'mysql -u root -p"$1" db') {}`},
		{"#27 trap action as rendered", `trap $'mysql -u root -p"$X" db' EXIT; X={}`},
		{"#27 trap action as rendered", `C='mysql -u root -p"$X" db'; trap "$C" EXIT; X={}`},
		{"#27 trap action as rendered", `trap "$(echo 'mysql -u root -p"$X" db')" EXIT; X={}`},
		{"#27 trap action as rendered", `f() { mysql -u root -p"$X" db; }; trap f EXIT; X={}`},
		{"#28 env -S", `env -S "X={} sh -c 'mysql -u root -p\$X db'"`},
		{"#28 env -S", `env --split-string="X={} sh -c 'mysql -u root -p\$X db'"`},
		{"#29 pipe readers", `echo {} | mysql -u root -p"$(</dev/stdin)" db`},
		{"#29 pipe readers", "echo {} | mysql -u root -p`cat` db"},
		{"#29 pipe readers", `echo {} | mysql -u root -p"$(cat /dev/stdin)" db`},
		{"#29 pipe readers", `xargs -a /dev/stdin sshpass -p <<< {}`},
		{"#30 pipe printers", `{ echo {}; } | mysql -u root -p"$(cat)" db`},
		{"#30 pipe printers", `(echo {}) | mysql -u root -p"$(cat)" db`},
		{"#30 pipe printers", `cat <<< {} | mysql -u root -p"$(cat)" db`},
		{"#30 pipe printers", `printf {} | mysql -u root -p"$(cat)" db`},
		{"#30 pipe printers", `echo {} | tee /dev/null | mysql -u root -p"$(cat)" db`},
	}
	for _, tt := range cases {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 16, %s: secret stored in clear (source: red-team round 16): %.300q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// #31, #32: a command and its environment side by side in a tree.
func TestBreaker16bTreeEnv(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#31 keys", `{"command": ["sh", "-c"], "args": ["mysql -u root -p\"$X\" db"], "env": [{"name": "X", "value": "{}"}]}`},
		{"#31 keys", `{"Image": "mysql", "Cmd": ["sh", "-c", "mysql -u root -p\"$X\" db"], "Env": ["X={}"]}`},
		{"#31 keys", `{"commandLine": "mysql -u root -p\"$X\" db", "env": {"X": "{}"}}`},
		{"#31 keys", `{"shell": "mysql -u root -p\"$X\" db", "env": {"X": "{}"}}`},
		{"#31 keys", `{"command": "mysql -u root -p\"$X\" db", "options": {"env": {"X": "{}"}}}`},
		{"#31 keys", `{"command": "mysql -u root -p\"$X\" db", "env": "X={}\nY=1"}`},
		{"#32 other expansion syntaxes", `{"command": ["mysql"], "args": ["-u", "root", "-p$(X)", "db"], "env": [{"name": "X", "value": "{}"}]}`},
		{"#32 other expansion syntaxes", `{"command": "mysql -u root -p$(X) db", "env": [{"name": "X", "value": "{}"}]}`},
		{"#32 other expansion syntaxes", `{"run": "mysql -u root -p${{ env.X }} db", "env": {"X": "{}"}}`},
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
				t.Errorf("red-team round 16, %s: secret stored in clear (source: red-team round 16): %s", tt.class[:3], strings.ReplaceAll(string(b), pw, "<SECRET>"))
			}
		})
	}
}
