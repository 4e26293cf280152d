package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestStateAndBinaryReads: Mandate's state directory is never readable,
// nor are its binaries, under any name.
func TestStateAndBinaryReads(t *testing.T) {
	tr := fixture.Standard(t)
	must(t, symlinkReal(tr, "/home/dev/project/docs/st", "/home/dev/.local/state/mandate"))
	must(t, linkReal(tr, "/home/dev/project/docs/k", fixture.Signer))
	must(t, linkReal(tr, "/home/dev/project/docs/e", fixture.Engine))
	p := fixturePolicy(t, tr)
	for _, trust := range []string{action.ReadOnly, action.WriteLocal, action.External} {
		runFSCases(t, p, []fsCase{
			{class: "state-read", trust: trust, cmd: "cat ~/.local/state/mandate/evidence/signer.key", want: Deny, reason: "Mandate's state directory"},
			{class: "state-read", trust: trust, act: fileTool(action.FileRead, "Read", "/home/dev/.local/state/mandate/evidence/log"), want: Deny, reason: "state directory"},
			{class: "state-read", trust: trust, cmd: "cat ~/.local/state/mandate/*/signer.key", want: Deny, reason: "state directory"},
			{class: "state-read", trust: trust, cmd: "cat ~/.local/state/m*/evidence/*", want: Deny, reason: "state directory"},
			{class: "state-read", trust: trust, cmd: "cat docs/st/evidence/signer.key", want: Deny, reason: "state directory"},
			{class: "state-read", trust: trust, cmd: "grep -r BEGIN docs/st", want: Deny, reason: "state directory"},
			{class: "state-read-hardlink", trust: trust, cmd: "cat docs/k", want: Deny, reason: "the same file as ~/.local/state/mandate/evidence/signer.key"},
			{class: "state-read", trust: trust, cmd: "tar czf /tmp/s.tgz ~/.local/state", want: Deny, reason: "state directory"},
			{class: "binary-read", trust: trust, cmd: "cp ~/bin/mandate-engine /tmp/x", want: Deny, reason: "Mandate binary"},
			{class: "binary-read", trust: trust, cmd: "cat ~/bin/mandate > /tmp/x", want: Deny, reason: "Mandate binary"},
			{class: "binary-read", trust: trust, cmd: "cp -r ~/bin /tmp/b", want: Deny, reason: "Mandate binary"},
			{class: "binary-read-hardlink", trust: trust, cmd: "cat docs/e", want: Deny, reason: "the same file as ~/bin/mandate-engine"},
		})
	}
	runFSCases(t, p, []fsCase{
		{class: "everyday", cmd: "ls ~/.local/state", want: Allow},
		{class: "everyday", cmd: "cat docs/notes.md", want: Allow},
	})
}

// TestEnvironReads: /proc/<pid>/environ read through a file tool, a
// symlink, /dev/fd/.., a glob or a recursive read is an environment dump.
func TestEnvironReads(t *testing.T) {
	tr := fixture.Standard(t)
	must(t, symlinkReal(tr, "/home/dev/project/docs/env", "/proc/self/environ"))
	must(t, symlinkReal(tr, "/home/dev/project/docs/self", "/proc/self"))
	p := fixturePolicy(t, tr)
	dump := "environment"
	runFSCases(t, p, []fsCase{
		{class: "environ-file-tool", act: fileTool(action.FileRead, "Read", "/proc/self/environ"), want: Deny, reason: "block_env_vars"},
		{class: "environ-file-tool", act: fileTool(action.FileRead, "Read", "/proc/1/environ"), want: Deny, reason: dump},
		{class: "environ-file-tool", act: fileTool(action.FileRead, "Read", "/proc/thread-self/environ"), want: Deny, reason: dump},
		{class: "environ-file-tool", act: fileTool(action.FileRead, "Read", "/proc/self/task/7/environ"), want: Deny, reason: dump},
		{class: "environ-file-tool", act: fileTool(action.FileRead, "Read", "/dev/fd/../environ"), want: Deny, reason: dump},
		{class: "environ-file-tool", act: fileTool(action.FileRead, "Read", "/proc/self/cwd/../environ"), want: Deny, reason: dump},
		{class: "environ-symlink", act: fileTool(action.FileRead, "Read", "docs/env"), want: Deny, reason: dump},
		{class: "environ-symlink", act: fileTool(action.FileRead, "Read", "docs/self/environ"), want: Deny, reason: dump},
		{class: "environ-recursive", act: searchTool("Grep", "", "/proc/self"), want: Deny, reason: dump},
		{class: "environ-recursive", act: searchTool("Grep", "", "/proc"), want: Deny, reason: dump},
		{class: "environ-recursive", act: searchTool("Grep", "", "docs/self"), want: Deny, reason: dump},
		{class: "environ-glob", act: searchTool("Glob", "/proc/*/environ", "."), want: Deny, reason: dump},
		{class: "environ-glob", act: searchTool("Grep", "../../../proc/self/env*", "."), want: Deny, reason: dump},
		{class: "environ-glob", cmd: "cat /proc/*/environ", want: Deny},
		{class: "everyday", act: fileTool(action.FileRead, "Read", "/proc/self/status"), want: Allow},
		{class: "everyday", act: fileTool(action.FileRead, "Read", "/proc/cpuinfo"), want: Allow},
	})
	// At read_only, a policy without block_env_vars denies it too; at
	// write_local it has nothing to protect.
	q := mustParse(t, "policies: []").WithOptions(fixtureOptions(tr))
	runFSCases(t, q, []fsCase{
		{class: "environ-file-tool", trust: action.ReadOnly, act: fileTool(action.FileRead, "Read", "/proc/self/environ"), want: Deny, reason: "read_only"},
		{class: "environ-file-tool", trust: action.WriteLocal, act: fileTool(action.FileRead, "Read", "/proc/self/environ"), want: Allow},
	})
}
