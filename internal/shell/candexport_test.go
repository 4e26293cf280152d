package shell

import (
	"slices"
	"testing"

	"github.com/mandate-dev/mandate/internal/hostname"
)

// The shapes MCP arguments hide hosts in (red-team round 6, #21, #18).
func TestScanCandidateHosts(t *testing.T) {
	for _, c := range []struct{ in, host, label string }{
		{"postgresql:///app?host=db.production.company.com", "db.production.company.com", ""},
		{"jdbc:mysql://localhost,db.production.company.com/app", "db.production.company.com", ""},
		{`{"host":"db.production.company.com"}`, "db.production.company.com", ""},
		{"ProxyJump=db.production.company.com", "db.production.company.com", ""},
		{"example.com:443:db.production.company.com", "db.production.company.com", ""},
		{"fd00:0::1,", "fd00::1", ""},
		{"--host dbprod", "", "dbprod"},
		{"-hDBPROD", "", "dbprod"},
	} {
		hosts, labels, _ := ScanCandidateHosts(c.in)
		if c.host != "" && !slices.Contains(hosts, c.host) {
			t.Errorf("%q: hosts %q, want %q among them", c.in, hosts, c.host)
		}
		if c.label != "" && !slices.Contains(labels, c.label) {
			t.Errorf("%q: labels %q, want %q among them", c.in, labels, c.label)
		}
	}
}

func FuzzScanCandidateHosts(f *testing.F) {
	for _, s := range []string{"postgresql:///a?host=x.y", "fd00::1", "[::1]:80", "-hx.y", "a b c", "1.2.3.4:5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		hosts, labels, _ := ScanCandidateHosts(s)
		for _, h := range hosts {
			if c, err := hostname.Canonical(h); err != nil || c != h {
				t.Fatalf("%q: candidate %q is not canonical (%q, %v)", s, h, c, err)
			}
		}
		if len(labels) > maxCandidateLabels {
			t.Fatalf("%q: %d labels kept", s, len(labels))
		}
	})
}
