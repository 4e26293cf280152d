package policy

import (
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
)

const minimalPolicies = "policies:\n  - name: p\n    rules:\n      - block_commands: [\"x\"]\n"

func TestEvidenceCheckpointSettings(t *testing.T) {
	cases := []struct {
		yaml     string
		every    int
		interval time.Duration
		err      string
	}{
		{"evidence:\n  checkpoint_every: 500\n  checkpoint_interval: 30s\n", 500, 30 * time.Second, ""},
		{"evidence:\n  retention: 90d\n", 0, 0, ""},
		{"evidence:\n  checkpoint_every: 0\n", 0, 0, "checkpoint_every must be a number of records"},
		{"evidence:\n  checkpoint_every: lots\n", 0, 0, "checkpoint_every must be a number of records"},
		{"evidence:\n  checkpoint_interval: 100ms\n", 0, 0, "checkpoint_interval must be a duration"},
		{"evidence:\n  checkpoint_interval: soon\n", 0, 0, "checkpoint_interval must be a duration"},
	}
	for _, tc := range cases {
		p, err := Parse("p.yaml", []byte(tc.yaml+minimalPolicies))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.yaml, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.yaml, err)
		}
		if e, i := p.CheckpointBound(); e != tc.every || i != tc.interval {
			t.Errorf("%q: %d %v", tc.yaml, e, i)
		}
	}
}

func TestTrustOrigin(t *testing.T) {
	p, err := Parse("p.yaml", []byte(`default_trust_level: read_only
max_trust_level: write_local
roles:
  - name: developers
    groups: [eng]
    trust_level: write_local
  - name: contractors
    groups: [ext]
    trust_level: read_only
  - name: releasers
    groups: [rel]
    trust_level: external
`+minimalPolicies))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		actor action.Actor
		want  TrustOrigin
	}{
		{action.Actor{}, TrustOrigin{Level: "read_only", Source: TrustDefault}},
		{action.Actor{Groups: []string{"eng"}}, TrustOrigin{Level: "write_local", Source: TrustRole, Roles: []string{"developers"}}},
		{action.Actor{Groups: []string{"eng", "ext"}}, TrustOrigin{Level: "read_only", Source: TrustRole, Roles: []string{"developers", "contractors"}}},
		{action.Actor{Groups: []string{"rel"}}, TrustOrigin{Level: "write_local", Source: TrustRole, Roles: []string{"releasers"}, Capped: true}},
		{action.Actor{TrustLevel: "read_only", Groups: []string{"eng"}}, TrustOrigin{Level: "read_only", Source: TrustExplicit}},
	}
	for _, tc := range cases {
		got := p.TrustOrigin(tc.actor)
		got.Why = ""
		if strings.Join(got.Roles, ",") != strings.Join(tc.want.Roles, ",") || got.Level != tc.want.Level || got.Source != tc.want.Source || got.Capped != tc.want.Capped {
			t.Errorf("%+v: %+v, want %+v", tc.actor, got, tc.want)
		}
	}
}
