package policy

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestBadFileSystemShapes: file-system shapes an agent can make — a
// symlink loop, ten thousand hard links, a path of 4,096 bytes, a FIFO
// where a file is expected — give a decision with a reason in bounded
// time, never a hang and never an unchecked allow (issue 9, bad input).
func TestBadFileSystemShapes(t *testing.T) {
	tr := fixture.Standard(t)
	links := tr.Real(fixture.Root + "/src/links")
	must(t, os.Mkdir(links, 0o755))
	for i := range 10000 {
		must(t, os.Link(tr.Real(fixture.Policy), fmt.Sprintf("%s/l%05d", links, i)))
	}
	must(t, os.Symlink("b", tr.Real(fixture.Root+"/docs/a")))
	must(t, os.Symlink("a", tr.Real(fixture.Root+"/docs/b")))
	p := fixturePolicy(t, tr)
	long := strings.Repeat("x/", 2048) // 4,096 bytes below the repository
	for _, c := range []fsCase{
		{class: "bad-loop", cmd: "cat src/loop", want: Deny, reason: "too many levels of symbolic links"},
		{class: "bad-loop", cmd: "cat docs/a/x", want: Deny, reason: "too many levels of symbolic links"},
		{class: "bad-loop", cmd: "echo x > docs/b", want: Deny, reason: "too many levels of symbolic links"},
		{class: "bad-loop", act: fileTool(action.FileRead, "Read", "docs/a"), want: Deny, reason: "too many levels"},
		{class: "bad-loop", cmd: "grep -R TODO docs", want: Allow}, // a loop reads nothing
		{class: "bad-hardlinks", cmd: "echo x > src/links/l09999", want: Deny, reason: "the same file as agent-policy.yaml"},
		{class: "bad-hardlinks", cmd: "cp -r tests/. src/links", want: Deny, reason: "the same file as agent-policy.yaml"},
		{class: "bad-hardlinks", cmd: "truncate -s 0 src/links/*", want: Ask, reason: "more than Mandate checks"},
		{class: "bad-hardlinks", cmd: "grep -r policies src/links", want: Allow},
		{class: "bad-long-path", cmd: "cat " + long, want: Deny, reason: "path too long"},
		{class: "bad-long-path", act: fileTool(action.FileWrite, "Write", "src/"+long), want: Deny, reason: "path too long"},
		{class: "bad-fifo", act: fileTool(action.FileRead, "Read", "src/fifo"), want: Deny, reason: "a FIFO"},
		{class: "bad-fifo", act: fileTool(action.FileWrite, "Write", "src/fifo"), want: Deny, reason: "a FIFO"},
		{class: "bad-fifo", act: fileTool(action.FileRead, "Read", "/dev/zero"), want: Allow}, // not in the fixture's namespace
	} {
		start := time.Now()
		runFSCases(t, p, []fsCase{c})
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s %q took %v", c.class, c.cmd, d)
		}
	}
}
