package gate

import (
	"strings"
)

// What differs from the pins, for a person (red-team round 28, #301):
// mandate tamper status and mandate doctor compare every pinned file with
// the disk themselves, as a hook call's check does, but read-only — they
// run as the person, and a person's look records, locks and restores
// nothing. A file whose change no check has seen yet is reported with
// what a hook call would make of it: a tamper lock (a change of what
// routes the agents' calls, unattended.go) or not. A directory's own
// entry is left out (what appeared in it is compared by the next check).

// Drift is one pinned file not as the pins last recorded it.
type Drift struct {
	Global bool   `json:"global,omitempty"`
	Root   string `json:"root,omitempty"`
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	// Seen is the digest the pins last recorded, Pinned the accepted one,
	// Found the file's now.
	Seen   string `json:"seen"`
	Pinned string `json:"pinned"`
	Found  string `json:"found"`
	// Routes says the change alters what routes the agents' calls to
	// Mandate: with no call in flight, the next check locks (and
	// restores) it; Why says how.
	Routes bool   `json:"routes"`
	Why    string `json:"why,omitempty"`
}

// Drifts lists the pinned files of every pinned scope that differ from
// what the pins last recorded. Read-only.
func Drifts(stateDir, home string) ([]Drift, error) {
	p := &pinStore{dir: stateDir}
	scopes, err := p.pinnedScopes()
	if err != nil {
		return nil, err
	}
	var out []Drift
	for _, sc := range scopes {
		m, err := p.load(sc)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue
		}
		for i := range m.Entries {
			e := &m.Entries[i]
			if isDirKind(e.Kind) && !e.restat() {
				continue
			}
			o := observe(e.Path)
			if e.unchanged(o) && !e.racy() && !e.restat() {
				continue
			}
			c, err := p.examine(e, o, home, false)
			if err != nil {
				return nil, err
			}
			if c.gov == e.SeenGov {
				continue // nothing that governs changed (a permission rule the agent added)
			}
			d := Drift{Global: sc.global, Root: sc.root, Path: e.Path, Kind: e.Kind, Seen: e.Seen, Pinned: e.Pinned, Found: c.digest}
			d.Routes, d.Why = p.routesAround(e, c)
			out = append(out, d)
		}
	}
	return out, nil
}

// Describe is one line for a person.
func (d Drift) Describe() string {
	var b strings.Builder
	b.WriteString(d.Path + ": " + d.Seen + " -> " + d.Found)
	switch {
	case d.Routes:
		b.WriteString(" — it changes what routes agents' calls to Mandate (" + d.Why + "): the next check locks and restores it")
	case d.Kind == kindPolicy:
		b.WriteString(" — a policy: pending until a person accepts it (mandate policy accept)")
	}
	return b.String()
}
