package redact

import (
	"strings"
	"testing"
)

// Red-team round 6b, #1: file contents an agent writes (Claude Write/Edit
// content, apply_patch text) keep a password assigned to a short
// conventional name (pw, a camelCase …Pw) in source code in clear: the
// credential-assignment rule fires on the same content for api_key but
// not for these names. Checked end to end: a Claude PostToolUse Write of
// src/c.py with `pw = "…"` stored the literal in records.jsonl. Closed:
// "pw" anchors the assignment rule like "pwd" and "pass" (class: short and
// camelCase password names — pw, pwd, passwd, pass as the last word).
func TestBreaker6bShortPasswordNames(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Mx7!vQ2#rL9p"
	tests := []struct{ class, text string }{
		{"code: pw = \"PW\"", "pw = \"{}\"\n"},
		{"code: const dbPw = \"PW\"", "const dbPw = \"{}\"\n"},
		{"code: db_pw = 'PW'", "db_pw = '{}'\n"},
		{"code: DB_PW=PW", "export DB_PW={}\n"},
		{"code: pwd := \"PW\"", "pwd := \"{}\"\n"},
		{"code: passwd = \"PW\"", "passwd = \"{}\"\n"},
		{"code: userPass = \"PW\"", "let userPass = \"{}\";\n"},
		{"code: adminPwd: \"PW\"", "adminPwd: \"{}\"\n"},
		{"json: \"pw\": \"PW\"", "{\"pw\": \"{}\"}"},
		{"code: self.pw = \"PW\"", "self.pw = \"{}\"\n"},
	}
	for _, tt := range tests {
		in := strings.ReplaceAll(tt.text, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, ids := r.Text(in)
			if strings.Contains(out, pw) {
				t.Errorf("secret stored in clear: %q (fired %v)", strings.ReplaceAll(out, pw, "<PW>"), ids)
			}
		})
	}
}

// The short names must not fire on the shell's working directory or on
// words that merely contain "pw" (pwd the builtin, PWD=/path, OLDPWD).
func TestBreaker6bShortPasswordNamesBenign(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"pwd\n",
		"cd src && pwd && ls -la\n",
		"echo $(pwd)/build\n",
		"PWD=/home/dev/project\n",
		"OLDPWD=/tmp\n",
		"dir = pwd()\n",
		"pw = None\n",
		"const dbPw = process.env.DB_PW;\n",
		"pw = getpass.getpass()\n",
		"if pw == \"\" {\n",
		"upward = \"north-west-bound\"\n",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("%q redacted to %q (fired %v)", in, out, ids)
		}
	}
}
