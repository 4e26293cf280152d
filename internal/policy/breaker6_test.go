package policy

import (
	"os"
	"testing"
)

// Red-team round 6, #18: candidate hosts of programs whose network use is
// not modelled miss a blocked host the policy names as a single label or
// as an IPv6 address written without brackets. Modelled clients deny the
// same hosts (valkey-cli -h dbprod, valkey-cli -h fd00::1), as do bracketed
// literals ([fd00::1]). Skips unless MANDATE_REDTEAM_OPEN=1; each subtest
// fails then.
func TestBreaker6CandidateHostShapes(t *testing.T) {
	if os.Getenv("MANDATE_REDTEAM_OPEN") != "1" {
		t.Skip("red-team round 6 findings (open): set MANDATE_REDTEAM_OPEN=1")
	}
	p := mustParse(t, `policies:
  - name: prod
    rules:
      - block_hosts: ["dbprod", "fd00::1"]
`)
	for _, c := range []struct{ class, line string }{
		{"single label: ansible inventory list", "ansible all -i dbprod, -m shell -a 'dropdb app'"},
		{"single label: a script's --host", "python3 src/x.py --host dbprod"},
		{"IPv6 unbracketed: ansible inventory list", "ansible all -i 'fd00::1,' -m ping"},
		{"IPv6 unbracketed: a script's argument", "node src/x.js fd00::1"},
		{"IPv6 unbracketed, zeros spelled out", "node src/x.js fd00:0::1"},
	} {
		t.Run(c.class, func(t *testing.T) {
			d := p.Evaluate(execAction(c.line, ""))
			if d.Decision != Deny {
				t.Errorf("%q: %s, want deny (%s)", c.line, d.Decision, d.Reason)
			}
		})
	}
}
