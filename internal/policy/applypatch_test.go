package policy

import "testing"

// TestApplyPatchThroughShell: Codex applies a patch given to its shell's
// apply_patch helper itself (class codex-exec-apply-patch); the policy
// judges what the envelope names like any other write, and a patch it
// cannot read before it runs asks.
func TestApplyPatchThroughShell(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	const del = "*** Begin Patch\n*** Delete File: agent-policy.yaml\n*** End Patch"
	for _, c := range []struct {
		class, cmd string
		want       Effect
	}{
		{"codex-exec-apply-patch", "apply_patch <<'EOF'\n" + del + "\nEOF\n", Deny},
		{"codex-exec-apply-patch", "applypatch '" + del + "'", Deny},
		{"codex-exec-apply-patch", "cd src && apply_patch '*** Begin Patch\n*** Add File: ../.claude/settings.local.json\n+{}\n*** End Patch'", Deny},
		{"codex-exec-apply-patch", "apply_patch '*** Begin Patch\n*** Add File: .github/workflows/x.yml\n+on: push\n*** End Patch'", Deny},
		{"codex-exec-apply-patch", "apply_patch < src/x.patch", Ask},
		{"codex-exec-apply-patch", "apply_patch \"$PATCH\"", Ask},
		{"control", "apply_patch '*** Begin Patch\n*** Update File: src/app.go\n@@\n-a\n+b\n*** End Patch'", Allow},
	} {
		d := p.Evaluate(execAction(c.cmd, ""))
		if d.Decision != c.want {
			t.Errorf("class %s: %q: %s, want %s (%s)", c.class, c.cmd, d.Decision, c.want, d.Reason)
		}
	}
}
