package redact

import "testing"

// everydayRecords are the trees of the two records a hook writes for an
// everyday command (the decision on `git status --short`, then its
// output), as evidence.recordTree builds them: the redactor's fixed cost
// per record shows here.
var everydayRecords = []string{
	`{"type": "decision", "session_id": "d2eda41b-673e-4034-8890-5c2613030c57", "user": "root", "agent": "claude", "trust_level": "write_local", "repo": "/tmp/p8/repo-m", "host": "vm", "tool": "Bash", "action_type": "exec", "resource_path": "git status --short", "params": {"command": "git status --short", "description": "Show the working tree status"}, "policy_checks": [{"policy": "no-production-access", "result": "pass"}, {"policy": "file-boundary", "result": "pass"}, {"policy": "dependency-control", "result": "pass"}, {"policy": "mandate-self-protection", "result": "pass"}, {"policy": "mandate-credential-stores", "result": "pass"}, {"policy": "mandate-trust-level", "result": "pass"}, {"policy": "mandate-analysis", "result": "pass"}], "decision": "allow", "reason": "allowed: no rule of the 7 policies matched at trust level write_local", "tool_use_id": "toolu_fake_00", "extra": {"event": "PreToolUse"}}`,
	`{"type": "outcome", "session_id": "d2eda41b-673e-4034-8890-5c2613030c57", "user": "root", "agent": "claude", "trust_level": "write_local", "repo": "/tmp/p8/repo-m", "host": "vm", "tool": "Bash", "action_type": "exec", "resource_path": "git status --short", "params": {"command": "git status --short", "description": "Show the working tree status"}, "tool_use_id": "toolu_fake_00", "extra": {"event": "PostToolUse", "tool_response": {"stdout": " M internal/shell/commands.go\n M BENCHMARKS.md\n?? internal/shell/everyday_bench_test.go\n", "stderr": "", "interrupted": false, "isImage": false}}}`,
}

func BenchmarkTreeEveryday(b *testing.B) {
	r := mustNew(b, Config{Key: testKey})
	var recs []any
	for _, s := range everydayRecords {
		recs = append(recs, decode(b, s))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Tree(recs[i%len(recs)])
	}
}

func BenchmarkTextEveryday(b *testing.B) {
	r := mustNew(b, Config{Key: testKey})
	lines := []string{"git status --short", " M internal/shell/commands.go\n M BENCHMARKS.md\n?? internal/shell/everyday_bench_test.go\n", "allowed: no rule of the 7 policies matched at trust level write_local"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Text(lines[i%len(lines)])
	}
}
