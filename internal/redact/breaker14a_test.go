package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 14, breaker br14a (class: secrets in clear in the
// evidence log). source: "red-team round 14". Fixed: a string of
// arguments is read as its words (scanArgvPair, argWords).
//
// #2: the argv-pair reader (scanArgvPair) joins a program and its
// arguments held in sibling keys only when the arguments are a non-empty
// list (the eighth pass made that an early exit: "only a non-empty list is
// a tail"); an MCP or agent tool whose input gives the arguments as one
// string ({"cmd": "mysql", "args": "-u root -pPW db"}, {"program":
// "sshpass", "arguments": "-p PW ssh host"}) is never read as a command
// line, and the argument string alone has no program for the command-line
// detectors, so the password is stored in clear. Verified with Redactor.Tree
// at HEAD (the list form of the same input is masked).
func TestBreaker14aArgvStringTail(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, in := range []string{
		`{"cmd": "mysql", "args": "-u root -p{} db"}`,
		`{"program": "sshpass", "arguments": "-p {} ssh host"}`,
	} {
		in = strings.ReplaceAll(in, "{}", pw)
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := r.Tree(v)
		b, _ := json.Marshal(out)
		if strings.Contains(string(b), pw) {
			t.Errorf("red-team round 14, #2: secret stored in clear (source: red-team round 14): %s", strings.ReplaceAll(string(b), pw, "<SECRET>"))
		}
	}
}

// Everyday argument strings stay as they are.
func TestArgvStringTailEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		`{"cmd": "ls", "args": "-la src"}`,
		`{"program": "go", "arguments": "test -run TestX ./internal/..."}`,
		`{"command": "git", "args": "log --oneline -5 'main'"}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, found := r.Tree(v)
		b, _ := json.Marshal(out)
		if len(found) != 0 || strings.Contains(string(b), "REDACTED") {
			t.Errorf("%s: masked %s", in, b)
		}
	}
}
