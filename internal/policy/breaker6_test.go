package policy

import "testing"

// Red-team round 6, #18: candidate hosts of programs whose network use is
// not modelled miss a blocked host the policy names as a single label or
// as an IPv6 address written without brackets. Modelled clients deny the
// same hosts (valkey-cli -h dbprod, valkey-cli -h fd00::1), as do bracketed
// literals ([fd00::1]). Fixed: single labels are CandidateLabels, unbracketed
// IPv6 runs are parsed whole (internal/shell/candlabels.go).
func TestBreaker6CandidateHostShapes(t *testing.T) {
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
		{"single label in a getopt cluster", "acme-cli -hdbprod"},
		{"single label, upper case", "python3 src/x.py --host=DBPROD"},
	} {
		t.Run(c.class, func(t *testing.T) {
			d := p.Evaluate(execAction(c.line, ""))
			if d.Decision != Deny {
				t.Errorf("%q: %s, want deny (%s)", c.line, d.Decision, d.Reason)
			}
		})
	}
}

// The same policy allows words that only resemble its single-label and
// IPv6 entries, and programs that reach no host.
func TestBreaker6CandidateHostShapesBenign(t *testing.T) {
	p := mustParse(t, `policies:
  - name: prod
    rules:
      - block_hosts: ["dbprod", "fd00::1"]
`)
	for _, line := range []string{
		"python3 src/x.py --host dbstaging",
		"node src/x.js fd00::2",
		"grep -r dbprod src",
		"acme-cli --name dbprod-backup",
	} {
		if d := p.Evaluate(execAction(line, "")); d.Decision != Allow {
			t.Errorf("%q: %s, want allow (%s)", line, d.Decision, d.Reason)
		}
	}
}
