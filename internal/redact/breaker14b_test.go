package redact

import (
	"strings"
	"testing"
)

// Red-team round 14, breaker br14b (class: secrets in clear in the
// evidence log, through the readers round 13 added in shfeed.go: text
// eval/source run, a shell fed its script on standard input, xargs
// rendering its input). source: "red-team round 14". Fixed (round 14
// fix, shrender.go): always run. Each line was run through Redactor.Text
// at HEAD (b55fe94) and the secret came back in clear; each binding was
// checked with bash 5.2 (the later "$X" / "$1" / the appended word is PW).
//
// #27 (red-team round 14, #27): the text eval or source runs is taken
// literally from echo, printf's format and plain quotes only: a printf
// format with arguments (eval "$(printf 'X=%s' PW)", source <(printf
// 'export X=%s\n' PW)) binds X to "%s"; an ANSI-C quoted argument (eval
// $'X=PW') and a filter fed a here-string in the process substitution
// (. <(cat <<< 'X=PW')) are not read at all.
// #28 (red-team round 14, #28): a shell given its script on standard
// input takes its positional parameters from the words after -s (sh -s
// PW <<< '…"$1"…', bash -s -- PW): the stdin script is lexed again, but
// "$1" is unbound there (childsh.go binds $1… for -c only).
// #29 (red-team round 14, #29): an assignment builtin whose argument is an
// unquoted command substitution printing NAME=VALUE (export $(echo
// X=PW), declare $(printf X=PW)) binds NAME after word splitting; the
// view reads export's literal NAME=VALUE words only.
// #30 (red-team round 14, #30): xargs -a FILE / --arg-file=FILE reads its
// input from FILE, not standard input: from a process substitution of
// echo (xargs -a <(echo PW) sshpass -p) the template is never rendered
// (the piped and here-string forms are).
func TestBreaker14bSecrets(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#27 eval/source text not rendered", `eval "$(printf 'X=%s' {})"; mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `source <(printf 'export X=%s\n' {}); mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `eval $'X={}'; mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `. <(cat <<< 'X={}'); mysql -u root -p"$X" db`},
		{"#28 sh -s positional parameters", `sh -s {} <<< 'mysql -u root -p"$1" db'`},
		{"#28 sh -s positional parameters", `bash -s -- {} <<< 'sshpass -p "$1" ssh host'`},
		{"#29 assignment from a substitution's words", `export $(echo X={}); mysql -u root -p"$X" db`},
		{"#30 xargs -a input file", `xargs -a <(echo {}) sshpass -p`},
		// red-team round 14 fix: variants of the classes.
		{"#27 eval/source text not rendered", `eval "$(printf '%s=%s' X {})"; mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `eval "$(printf 'export X=%s' {})"; sshpass -p "$X" ssh h`},
		{"#27 eval/source text not rendered", `source <(printf 'X=%s\n' {}); mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `eval $'export X={}'; mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `eval $'A=1; X={}'; mysql -u root -p"$X" db`},
		{"#27 eval/source text not rendered", `source <(cat <<< 'export X={}'); mysql -u root -p"$X" db`},
		{"#28 sh -s positional parameters", `bash -xs {} <<< 'mysql -u root -p"$1" db'`},
		{"#28 sh -s positional parameters", `sh -s x {} <<< 'sshpass -p "$2" ssh host'`},
		{"#29 assignment from a substitution's words", `declare $(printf 'X=%s' {}); mysql -u root -p"$X" db`},
		{"#29 assignment from a substitution's words", `readonly $(echo A=1 X={}); sshpass -p "$X" ssh h`},
		{"#29 assignment from a substitution's words", `export -p $(echo X={}); mysql -u root -p"$X" db`},
		{"#30 xargs -a input file", `xargs --arg-file=<(printf '%s\n' {}) sshpass -p`},
		{"#30 xargs -a input file", `xargs -a <(echo {}) -I % mysql -u root -p%`},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("red-team round 14, %s: secret stored in clear (source: red-team round 14): %q", tt.class[:3], strings.ReplaceAll(out, pw, "<SECRET>"))
			}
		})
	}
}

// Round 14 fix (br14b): everyday lines through the same readers stay as
// written.
func TestBreaker14bEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`eval "$(ssh-agent -s)"`,
		`eval "$(printf 'X=%s' hello)"; echo "$X"`,
		`source <(printf 'export PATH=%s\n' /usr/local/bin); go test ./...`,
		`export $(grep -v '^#' .env | xargs); make test`,
		`export $(echo GOFLAGS=-mod=mod); go build ./...`,
		`sh -s -- --verbose <<< 'echo "$1"'`,
		`xargs -a <(ls *.go) gofmt -l`,
		`xargs -a files.txt rm -f`,
		`eval $'echo hi\tthere'`,
	} {
		if out, _ := r.Text(in); out != in {
			t.Errorf("round 14 fix (br14b): over-masked %q -> %q", in, out)
		}
	}
}

// FuzzBindText: the rendered-text reader (shrender.go) never panics and
// binds only names with values mapped inside the view.
func FuzzBindText(f *testing.F) {
	for _, s := range []string{`X=PW`, `export X='P W'; Y="a\"b" Z=\`, `declare -x A=1 B=2 | c`, `'`, `"\`, `=x a= ;;&&(`} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decl bool) {
		if len(s) > 4096 {
			return
		}
		lx := &shlex{src: s, end: len(s), out: &view{}, vars: map[string]shvar{}}
		b := &shBuilder{lx: lx}
		var v view
		v.lit(s, 0, len(s))
		b.bindText(&v, 0, len(v.buf), decl)
		for n, val := range lx.vars {
			if !isIdent(n) || len(val.v.buf) > len(s) {
				t.Fatalf("bound %q=%q from %q", n, val.v.buf, s)
			}
		}
	})
}
