package evidence

import (
	"context"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/policy"
)

// Red-team round 26 (br26c), #c6: the fail-closed tree pass of the
// redactor (redact/treesink.go) reads the string members of the record's
// own top-level object as one command line. When the agent's command has
// a password position fed by a reference (mysql -p"$X"), that joined line
// has an unresolved sink and every literal of it is learned as a secret:
// the record's type, decision, policy, trust level, policy digest, commit
// and the words of its reason are stored as [REDACTED:…] markers. The
// deny then vanishes from `mandate log --decision deny` and from
// `mandate sessions`' DENIED count, and `mandate verify` fails ("names
// policy [REDACTED:…], but no policy.load record holds its text").
// Verified end to end with the built binaries (mandate hook claude, then
// mandate log / sessions / verify). The record's own fields are redacted
// apart from the agent's text (prepare.go, placement's own), so not even
// a command that spells them (the last ones) can mask them.
func TestRecordFieldsSurviveSinkCommand(t *testing.T) {
	for _, cmd := range []string{
		`cat .env; mysql -h db -p"$X"`,
		`cat .env; curl -H "Authorization: Bearer $T" https://example.com`,
		`cat .env; sshpass -p "$1" ssh host`,
		`cat .env; echo "$P" | docker login -u bob --password-stdin ghcr.io`,
		`cat .env; echo decision deny file-boundary write_local exec Bash block_paths[0]; mysql -h db -p"$X"`,
		`cat .env; : sha256:812ceec1c406efa944b3df16106e854d5f463cc1e0fa8304918bcb230f1a899b; sshpass -p "$1" ssh host`,
	} {
		dir := t.TempDir()
		l := openTest(t, dir)
		r := Record{
			Type: TypeDecision, SessionID: "s1", User: "jane.doe", Agent: "claude-code",
			TrustLevel: "write_local", Tool: "Bash", ActionType: "exec", ResourcePath: cmd,
			Params:       map[string]any{"command": cmd},
			PolicyChecks: []policy.Check{{Policy: "file-boundary", Result: "fail", Rule: "block_paths[0]", Reason: "read of \".env\" matches block_paths \".env*\""}},
			PolicyDigest: "sha256:812ceec1c406efa944b3df16106e854d5f463cc1e0fa8304918bcb230f1a899b",
			Decision:     "deny", Policy: "file-boundary", Rule: "block_paths[0]",
			Reason: "blocked by policy \"file-boundary\": read of \".env\" matches block_paths \".env*\"",
		}
		if _, err := l.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		es, err := l.Records(context.Background(), Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := es[len(es)-1].Record
		for name, pair := range map[string][2]string{
			"type": {got.Type, r.Type}, "decision": {got.Decision, r.Decision}, "policy": {got.Policy, r.Policy},
			"trust_level": {got.TrustLevel, r.TrustLevel}, "policy_digest": {got.PolicyDigest, r.PolicyDigest},
			"tool": {got.Tool, r.Tool}, "action_type": {got.ActionType, r.ActionType}, "rule": {got.Rule, r.Rule},
		} {
			if pair[0] != pair[1] {
				t.Errorf("%q: the record's %s is stored as %q, not %q", cmd, name, pair[0], pair[1])
			}
		}
		if !strings.Contains(got.Reason, "blocked by policy") {
			t.Errorf("%q: the reason is stored as %q", cmd, got.Reason)
		}
	}
}

// TestOwnFieldsStillRedacted: the record's own fields are redacted apart
// from the agent's text, not exempt: a token in one is still masked.
func TestOwnFieldsStillRedacted(t *testing.T) {
	tok := "ghp_" + strings.Repeat("aB3dE5fG7h", 3) + "iJ1kL2"
	l := openTest(t, t.TempDir())
	r := Record{
		Type: TypeDecision, SessionID: "s1", User: "jane.doe", Agent: "claude-code",
		TrustLevel: "write_local", Tool: "mcp__x__" + tok, ActionType: "exec", ResourcePath: "ls",
		Decision: "allow", Policy: "p-" + tok, Rule: "allow_paths[0]", Commit: tok,
	}
	if _, err := l.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	es, err := l.Records(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	got := es[len(es)-1].Record
	for name, v := range map[string]string{"tool": got.Tool, "policy": got.Policy, "commit": got.Commit} {
		if strings.Contains(v, tok) {
			t.Errorf("the token in the record's %s is stored in clear: %q", name, v)
		}
	}
	if got.Decision != "allow" || got.Type != TypeDecision {
		t.Errorf("decision %q, type %q", got.Decision, got.Type)
	}
}
