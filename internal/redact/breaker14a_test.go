package redact

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Red-team round 14, breaker br14a (class: secrets in clear in the
// evidence log). Open: skipped unless MANDATE_REDTEAM_OPEN=1
// (/work/wt/br14a/BREAKER12.md). source: "red-team round 14".
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
	if os.Getenv("MANDATE_REDTEAM_OPEN") == "" {
		t.Skip("red-team round 14, #2: open (MANDATE_REDTEAM_OPEN=1 runs it)")
	}
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
