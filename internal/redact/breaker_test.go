package redact

import (
	"strings"
	"testing"
)

// Red-team round (issue 9, breaker1): command lines whose secret reaches
// the evidence log in clear (found through the built hook: the decision
// record's params.command kept it). Each case fails on the branch it was
// written on.
func TestBreakerSplitSecretsReachStorage(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	tok := gen(901, "ghp_", alNum, 36)
	pw := "Pl41n" + gen(902, "", alNum, 10)
	for _, tc := range []struct {
		class, line string
		parts       []string // none of them may remain
	}{
		// Class "split across arguments": the token of a credential-named
		// variable assembled from printf's arguments in a command
		// substitution; the quoted form of the same assignment is redacted.
		{"split-arguments", "export GH_TOKEN=$(printf %s " + tok[:20] + " " + tok[20:] + ")", []string{tok[4:20], tok[20:]}},
		// Class "password as a flag's file": a password fed to a
		// --*-password-file option through a process substitution.
		{"password-process-substitution", "ansible-vault decrypt --vault-password-file <(echo " + pw + ") vars.yml", []string{pw}},
	} {
		out, _ := r.Text(tc.line)
		for _, p := range tc.parts {
			if strings.Contains(out, p) {
				t.Errorf("class %s: %q kept %q in clear: %s", tc.class, tc.line, p, out)
			}
		}
	}
}
