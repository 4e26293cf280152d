package gate

import (
	"path/filepath"
	"strings"
)

// Trust answers are directional (red-team round 28 #304). Codex loads a
// project's .codex/ (where Mandate's project hooks are) only for a
// trusted project; Gemini CLI runs no project hook in an untrusted
// folder. Granting trust routes nothing away from Mandate (the project
// configuration a trusted folder then loads is pinned in the folder's
// own scope); revoking it, removing the answer, or writing any value not
// known to grant trust switches a project's hooks off. So a trust member
// of routingHarmless changed with no call in flight is harmless only
// when its new value grants trust, or when the path it answers for is
// unrelated to every repository Mandate pins (neither within one nor
// holding one: a person distrusting some other folder stays a
// governance-change). When the repositories cannot be listed, it routes.

// trustAnswer is one kind of trust answer: the members holding it
// (routingHarmless's syntax), the segment of the member that is the
// path it answers for, and the values (as flattenConfig encodes them)
// that grant trust.
type trustAnswer struct {
	format  configFormat
	base    string
	member  string
	pathSeg int
	grants  []string
}

// trustAnswers lists them.
var trustAnswers = []trustAnswer{
	// Codex: [projects."/path"] trust_level = "trusted" | "untrusted".
	{format: formatTOML, base: "config.toml", member: "projects.*.trust_level", pathSeg: 1, grants: []string{`"trusted"`}},
	// Gemini CLI's trustedFolders.json: {"/path": "TRUST_FOLDER" |
	// "TRUST_PARENT" | "DO_NOT_TRUST"}.
	{format: formatJSON, base: "trustedFolders.json", member: "*", pathSeg: 0, grants: []string{`"TRUST_FOLDER"`, `"TRUST_PARENT"`}},
}

// trustRevoked reports whether the change of member m of e's file to
// after (its flattened new content) takes trust from a path that holds or
// lies within a repository Mandate pins. ok is false when m is no trust
// answer.
func (p *pinStore) trustRevoked(e *pinEntry, m member, after map[string]string) (revoked, ok bool) {
	for _, t := range trustAnswers {
		if t.format != e.Format || t.base != filepath.Base(e.Path) || !matchMember(m, strings.Split(t.member, ".")) {
			continue
		}
		if v, present := after[joinMember(m)]; present {
			for _, g := range t.grants {
				if v == g {
					return false, true
				}
			}
		}
		if t.pathSeg >= len(m) {
			return true, true
		}
		return p.pinsRelated(m[t.pathSeg]), true
	}
	return false, false
}

// pinsRelated reports whether path holds or lies within a repository
// Mandate pins (true when they cannot be listed, or path is not
// absolute).
func (p *pinStore) pinsRelated(path string) bool {
	if !filepath.IsAbs(path) {
		return true
	}
	roots, err := p.knownRoots()
	if err != nil {
		return true
	}
	for _, r := range roots {
		if within(filepath.Clean(r), filepath.Clean(path)) || within(filepath.Clean(path), filepath.Clean(r)) {
			return true
		}
	}
	return false
}
