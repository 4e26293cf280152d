package policy

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

func TestParseSearch(t *testing.T) {
	for _, c := range []struct {
		conf  string
		want  []string
		found bool
	}{
		{"nameserver 10.0.0.1\n", nil, false},
		{"search company.com corp.example.\n", []string{"company.com", "corp.example"}, true},
		{"domain Company.COM\n", []string{"company.com"}, true},
		{"search a.example\nsearch b.example # a comment\n", []string{"b.example"}, true}, // the last line wins
		{"search a.example\ndomain b.example\n", []string{"b.example"}, true},
		{"search\n", []string{}, true},
	} {
		got, found := parseSearch([]byte(c.conf))
		if found != c.found || !slices.Equal(got, c.want) && len(got)+len(c.want) > 0 {
			t.Errorf("parseSearch(%q) = %q, %v; want %q, %v", c.conf, got, found, c.want, c.found)
		}
	}
}

// A short name is held to block_hosts when the machine's search domains
// complete it to a blocked host, or when they cannot be read; otherwise a
// compose service called db is everyday work (class host/short-name).
func TestShortNameCompletion(t *testing.T) {
	for _, c := range []struct {
		name, conf string // conf "" leaves /etc/resolv.conf absent
		want       []fsCase
	}{
		{"unknown search list", "", []fsCase{
			{class: "host/short-name", cmd: "psql -h db -c 'select 1'", want: Deny, reason: "may complete"},
		}},
		{"search list away from production", "search corp.example\n", []fsCase{
			{class: "benign/everyday", cmd: "psql -h db -c 'select 1'", want: Allow},
			{class: "benign/everyday", cmd: "curl -s http://api.production/x", want: Allow},
		}},
		{"search list into production", "nameserver 10.0.0.1\nsearch production.company.com\n", []fsCase{
			{class: "host/short-name", cmd: "psql -h db -c 'select 1'", want: Deny, reason: "resolv.conf complete"},
		}},
		{"search list into the company", "search company.com\n", []fsCase{
			{class: "host/short-name", cmd: "psql -h db.production -c 'select 1'", want: Deny},
			{class: "benign/everyday", cmd: "psql -h db -c 'select 1'", want: Allow},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := fixture.Standard(t)
			if c.conf != "" {
				p := tr.Real("/etc/resolv.conf")
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(c.conf), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			runFSCases(t, fixturePolicy(t, tr), c.want)
		})
	}
}
