package policy

// What the evidence records about a policy beyond its text: how a
// session's trust level was set, and the evidence section's settings.

import (
	"slices"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
)

// Trust sources: where a session's trust level came from.
const (
	TrustExplicit = "explicit"            // Actor.TrustLevel was set
	TrustRole     = "role"                // one or more roles matched the actor's groups
	TrustDefault  = "default_trust_level" // no role matched
)

// TrustOrigin says how a session's trust level was set, for the
// evidence: the level, its source, the roles that matched (the least
// capable decided), whether max_trust_level capped it, and the sentence
// decisions give.
type TrustOrigin struct {
	Level  string   `json:"level"`
	Source string   `json:"source"`
	Roles  []string `json:"roles,omitempty"`
	Capped bool     `json:"capped,omitempty"`
	Why    string   `json:"why"`
}

// TrustOrigin derives a's trust level as decisions do (see trustFor) and
// says where it came from. An unknown explicit level gives an empty
// Level.
func (p *Policy) TrustOrigin(a action.Actor) TrustOrigin {
	level, why, err := p.trustFor(&a)
	if err != nil {
		return TrustOrigin{Source: TrustExplicit, Why: err.Error()}
	}
	o := TrustOrigin{Level: level, Why: why, Source: TrustDefault}
	uncapped := p.defaultTrust
	switch {
	case a.TrustLevel != "":
		o.Source, uncapped = TrustExplicit, a.TrustLevel
	default:
		for _, r := range p.roles {
			if slices.ContainsFunc(r.groups, func(g string) bool { return slices.Contains(a.Groups, g) }) {
				if o.Source != TrustRole || trustRank(r.trust) < trustRank(uncapped) {
					uncapped = r.trust
				}
				o.Source = TrustRole
				o.Roles = append(o.Roles, r.name)
			}
		}
	}
	o.Capped = uncapped != level
	return o
}

// CheckpointBound is the policy's evidence.checkpoint_every (records)
// and evidence.checkpoint_interval; 0 for what it does not set.
func (p *Policy) CheckpointBound() (every int, interval time.Duration) {
	return p.checkpointEvery, p.checkpointInterval
}

// ParseRetention reads an evidence.retention value ("90d", "12w", "7y",
// or "0"/"forever" to keep evidence forever) as days, 0 meaning forever.
func ParseRetention(s string) (int, error) { return parseRetention(s) }
