package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestProtectedByIdentity: a protected file is the same file under every
// name it has. src/p is a hard link to agent-policy.yaml in the fixture.
func TestProtectedByIdentity(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	same := "the same file as agent-policy.yaml (a hard link)"
	runFSCases(t, p, []fsCase{
		{class: "hardlink-write", cmd: "echo 'policies: []' > src/p", want: Deny, reason: same},
		{class: "hardlink-write", cmd: "printf x >> src/p", want: Deny, reason: same},
		{class: "hardlink-write", cmd: "tee src/p < /dev/null", want: Deny, reason: same},
		{class: "hardlink-write", cmd: "cp README.md src/p", want: Deny, reason: same},
		{class: "hardlink-truncate", cmd: "truncate -s 0 src/p", want: Deny, reason: same},
		{class: "hardlink-chmod", cmd: "chmod 666 src/p", want: Deny, reason: same},
		{class: "hardlink-rename-onto", cmd: "mv docs/notes.md src/p", want: Deny, reason: same},
		{class: "hardlink-delete", cmd: "rm src/p", want: Deny, reason: same},
		{class: "hardlink-write", cmd: "cd src && echo x > p", want: Deny, reason: same},
		{class: "hardlink-write", cmd: "echo x > src/../src/p", want: Deny, reason: same},
		{class: "hardlink-write", act: fileTool(action.FileWrite, "Write", "src/p"), want: Deny, reason: same},
		{class: "hardlink-write", act: fileTool(action.FileWrite, "Edit", "/home/dev/project/src/./p"), want: Deny, reason: same},
		// /proc/self is the agent's process, not the engine's.
		{class: "proc-self-alias", act: fileTool(action.FileWrite, "Write", "/proc/self/cwd/agent-policy.yaml"), want: Deny, reason: "the policy file"},
		{class: "proc-self-alias", act: fileTool(action.FileWrite, "Write", "/proc/thread-self/cwd/src/p"), want: Deny, reason: same},
		{class: "proc-self-alias", act: fileTool(action.FileRead, "Read", "/proc/self/root/home/dev/.ssh/id_rsa"), want: Deny, reason: "credential store"},
		// Creating a second name for a protected file.
		{class: "hardlink-create", cmd: "ln agent-policy.yaml src/q", want: Deny, reason: "hard link of"},
		{class: "hardlink-create", cmd: "ln src/p src/q", want: Deny, reason: same},
		{class: "hardlink-create", cmd: "link agent-policy.yaml src/q", want: Deny, reason: "hard link of"},
		{class: "hardlink-create", cmd: "cp -l agent-policy.yaml src/q", want: Deny, reason: "hard link of"},
		{class: "hardlink-create", cmd: "cp -al .claude src/c", want: Deny, reason: "hard link of"},
		{class: "hardlink-create", cmd: "ln ~/bin/mandate-engine src/e", want: Deny},
		{class: "hardlink-create", cmd: "ln -t src agent-policy.yaml", want: Deny, reason: "agent-policy.yaml"},
		{class: "hardlink-create", cmd: "find . -name agent-policy.yaml -exec ln {} src/q \\;", want: Deny},
		{class: "hardlink-create", cmd: "ln src/[p] src/q", want: Deny, reason: same},
		// A recursive hard-link copy names every file below it again.
		{class: "hardlink-create", cmd: "cp -al . /tmp/x", want: Deny, reason: "hard link of"},
		{class: "hardlink-create", cmd: "cp -al src tests/x", want: Deny, reason: "it holds src/p"},
		{class: "hardlink-create", cmd: "cp -al docs tests/x", want: Allow},
		// A write into a directory that holds another name of the policy
		// may replace it (cp opens an existing file and truncates it).
		{class: "hardlink-dir-write", cmd: "cp -r tests/. src", want: Deny, reason: "it holds src/p"},
		{class: "hardlink-dir-write", cmd: "cp -r tests/. docs", want: Allow},
		// Everyday work around it stays allowed.
		{class: "everyday", cmd: "ln -s ../docs/notes.md src/notes", want: Allow},
		{class: "everyday", cmd: "cat src/p", want: Allow},
		{class: "everyday", cmd: "echo x > src/new.go", want: Allow},
		{class: "everyday", cmd: "cp src/app.go src/app2.go", want: Allow},
	})
}
