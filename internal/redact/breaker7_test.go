package redact

import (
	"os"
	"strings"
	"testing"
)

// Red-team round 7, #10 and #11 (class: secrets in clear, file contents an
// agent writes). Round 6b #1 anchored the assignment rule on short
// password names, for `NAME = "…"`, `NAME: …` and `NAME := "…"`. Open:
// skipped unless MANDATE_REDTEAM_OPEN=1.
//
// #10: the assignment shapes of other languages keep the literal in clear
// even for the full name password: a typed declaration (Go's var NAME T =),
// R's <-, Ruby's ||=, JS's ??=, a parenthesised or constructor-wrapped
// literal, a triple-quoted string, Lisp's (def NAME "…"), a setter call.
//
// #11: password names beyond pw/pwd/passwd/pass-as-last-word-with-prefix:
// a bare pass, passw, pswd, psw, pass_wd, pwd_hash/pwdHash (the name does
// not end in the password word), camelCase PassWord, and the common
// non-English names (kennwort, contrasena, senha, mot_de_passe).
func TestBreaker7PasswordAssignments(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("red-team round 7, #10/#11: open (MANDATE_REDTEAM_OPEN=1 runs it)")
	}
	r := mustNew(t, Config{Key: testKey})
	const pw = "Mx7!vQ2#rL9p"
	for _, tt := range []struct{ finding, text string }{
		{"#10", "var password string = \"{}\"\n"},
		{"#10", "var pw string = \"{}\"\n"},
		{"#10", "password <- \"{}\"\n"},
		{"#10", "password ||= \"{}\"\n"},
		{"#10", "password ??= \"{}\"\n"},
		{"#10", "password = ('{}')\n"},
		{"#10", "password = String(\"{}\")\n"},
		{"#10", "password = \"\"\"{}\"\"\"\n"},
		{"#10", "(def password \"{}\")\n"},
		{"#10", "setPassword(\"{}\")\n"},
		{"#10", "pw.set(\"{}\")\n"},
		{"#11", "pass = \"{}\"\n"},
		{"#11", "passw = \"{}\"\n"},
		{"#11", "pswd = \"{}\"\n"},
		{"#11", "psw = \"{}\"\n"},
		{"#11", "pass_wd = \"{}\"\n"},
		{"#11", "pwd_hash = \"{}\"\n"},
		{"#11", "pwdHash = \"{}\"\n"},
		{"#11", "dbPassWord = \"{}\"\n"},
		{"#11", "kennwort = \"{}\"\n"},
		{"#11", "contrasena = \"{}\"\n"},
		{"#11", "senha = \"{}\"\n"},
		{"#11", "mot_de_passe = \"{}\"\n"},
	} {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.finding+" "+strings.TrimSpace(tt.text), func(t *testing.T) {
			if out, ids := r.Text(in); strings.Contains(out, pw) {
				t.Errorf("red-team round 7, %s: secret stored in clear: %q (fired %v)", tt.finding, strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
		})
	}
}
