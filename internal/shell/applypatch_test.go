package shell

import "testing"

const classAP = "codex-exec-apply-patch" // Codex applies a patch given to its shell's apply_patch

// TestApplyPatch: Codex's apply_patch helper (and Codex's interception of
// it) writes, moves and deletes what the envelope names, relative to the
// command's cwd; a patch that is not a literal is opaque.
func TestApplyPatch(t *testing.T) {
	const (
		upd   = "*** Begin Patch\n*** Update File: agent-policy.yaml\n@@\n-policies:\n+policies: []\n*** End Patch"
		del   = "*** Begin Patch\n*** Delete File: agent-policy.yaml\n*** End Patch"
		hooks = P + "/.claude/settings.local.json"
	)
	runW(t, []wc{
		{class: classAP, cmd: "apply_patch <<'EOF'\n" + upd + "\nEOF\n", writes: []string{pol}, reads: []string{pol}, clear: true},
		{class: classAP, cmd: "apply_patch <<EOF\n" + upd + "\nEOF\n", writes: []string{pol}, clear: true},
		{class: classAP, cmd: "apply_patch <<-EOF\n\t" + del + "\n\tEOF\n", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "applypatch <<'EOF'\n" + del + "\nEOF\n", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "apply_patch \"" + del + "\"", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "apply_patch $'*** Begin Patch\\n*** Delete File: agent-policy.yaml\\n*** End Patch'", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "apply_patch --preserve-crlf '" + del + "'", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "apply_patch <<< '" + del + "'", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "codex --codex-run-as-apply-patch '" + del + "'", deletes: []string{pol}},
		{class: classAP, cmd: "/home/dev/.codex/tmp/path2/codex-arg0x/apply_patch '" + del + "'", deletes: []string{pol}, clear: true},
		// Codex's lenient mode: a here-document passed as the argument
		{class: classAP, cmd: "apply_patch \"<<'EOF'\n" + del + "\nEOF\n\"", deletes: []string{pol}, clear: true},
		// relative to the cwd after cd, in any scope
		{class: classAP, cmd: "cd src && apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: ../.claude/settings.local.json\n+{}\n*** End Patch\nEOF\n", writes: []string{hooks}, clear: true},
		{class: classAP, cmd: "cd src; apply_patch '*** Begin Patch\n*** Add File: ../.claude/settings.local.json\n+{}\n*** End Patch'", writes: []string{hooks}, clear: true},
		{class: classAP, cmd: "(cd /home/dev && apply_patch '*** Begin Patch\n*** Delete File: .ssh/id_rsa\n*** End Patch')", deletes: []string{"/home/dev/.ssh/id_rsa"}, clear: true},
		// through wrappers and shells
		{class: classAP, cmd: "bash -lc \"apply_patch <<'EOF'\n" + del + "\nEOF\n\"", deletes: []string{pol}, clear: true},
		{class: classAP, cmd: "true && sudo apply_patch '" + del + "'", deletes: []string{pol}},
		// a move writes its destination and deletes its source
		{class: classAP, cmd: "apply_patch '*** Begin Patch\n*** Update File: src/app.go\n*** Move to: src/p\n@@\n-a\n+b\n*** End Patch'", writes: []string{P + "/src/p"}, deletes: []string{P + "/src/app.go"}, clear: true},
		// Codex's reading of a header with two spaces (the file " x") and the trimmed one
		{class: classAP, cmd: "apply_patch '*** Begin Patch\n*** Add File:  agent-policy.yaml\n+x\n*** End Patch'", writes: []string{pol, P + "/ agent-policy.yaml"}, clear: true},
		// an envelope whose path is not a glob: the file named so
		{class: classAP, cmd: "apply_patch '*** Begin Patch\n*** Add File: src/*.go\n+x\n*** End Patch'", writes: []string{P + "/src/*.go"}, clear: true},
		// patches not known before they run
		{class: classAP, cmd: "apply_patch < src/x.patch", opaque: []string{"standard input"}},
		{class: classAP, cmd: "cat src/x.patch | apply_patch", opaque: []string{"standard input"}},
		{class: classAP, cmd: "apply_patch", opaque: []string{"standard input"}},
		{class: classAP, cmd: "apply_patch \"$PATCH\"", opaque: []string{"not known statically"}},
		{class: classAP, cmd: "apply_patch \"$(cat src/x.patch)\"", opaque: []string{"not known statically"}},
		{class: classAP, cmd: "apply_patch <(cat src/x.patch)", opaque: []string{"process substitution"}},
		{class: classAP, cmd: "apply_patch <<EOF\n*** Begin Patch\n*** Delete File: $F\n*** End Patch\nEOF\n", opaque: []string{"not known statically"}},
		{class: classAP, cmd: "apply_patch 'no envelope here'", opaque: []string{"cannot read"}},
		{class: classAP, cmd: "cd \"$D\" && apply_patch '" + del + "'", opaque: []string{"working directory not known"}},
		// harmless: a patch of src, and codex itself
		{class: "control", cmd: "apply_patch '*** Begin Patch\n*** Update File: src/app.go\n@@\n-a\n+b\n*** End Patch'", writes: []string{P + "/src/app.go"}, noWrite: []string{pol}, clear: true},
	})
}
