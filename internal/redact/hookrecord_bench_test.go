package redact

import (
	"fmt"
	"testing"
)

// hookRecord is the tree of a resident hook call's decision record as
// evidence.prepare hands it to Tree (the envelope's non-exempt members
// included; session, agent, user, host and repo go through redactExempt).
func hookRecord(i int) map[string]any {
	checks := []any{}
	for _, p := range []string{"no-production-access", "file-boundary", "dependency-control", "mandate-self-protection",
		"mandate-credential-stores", "mandate-trust-level", "mandate-analysis"} {
		checks = append(checks, map[string]any{"policy": p, "result": "pass"})
	}
	return map[string]any{
		"type": "decision", "tool": "Bash", "decision": "allow",
		"policy_digest": "sha256:38f12488cb705ce82934f6b752602500346b335f73d1bb37be2fe4406fa3a7d6",
		"action_type":   "exec", "extra": map[string]any{"event": "PreToolUse"},
		"params":        map[string]any{"command": "git status --short", "description": "Show the working tree status"},
		"policy_checks": checks,
		"reason":        "allowed: no rule of the 7 policies matched at trust level write_local",
		"request_id":    fmt.Sprintf("%032x", 0x9e3779b97f4a7c15*uint64(i+1)),
		"resource_path": "git status --short", "rollback_ref": "", "tool_use_id": "toolu_01ABCDEFGHJKMNPQRSTVWXYZ",
		"trust_level": "write_local",
	}
}

// BenchmarkTreeHookRecord is the record's redaction on the resident hook's
// path: the same record each call but for its request ID.
func BenchmarkTreeHookRecord(b *testing.B) {
	r := mustNew(b, Config{Key: testKey})
	recs := make([]map[string]any, 64)
	for i := range recs {
		recs[i] = hookRecord(i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Tree(recs[i%len(recs)])
		i++
	}
}
