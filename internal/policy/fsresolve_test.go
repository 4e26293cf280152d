package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestResolveOnFS: with no resolver given, paths are resolved through
// Options.FS as the kernel resolves them, and a path that cannot be
// resolved is denied with the reason (class path-resolution).
func TestResolveOnFS(t *testing.T) {
	tr := fixture.Standard(t)
	p := mustParseFile(t, "../shell/testdata/example-policy.yaml").WithOptions(Options{FS: tr.FS})
	for _, c := range []struct {
		a      *action.Action
		want   Effect
		reason string
	}{
		{execAction("cat src/key", ""), Deny, "resolves to ~/.ssh/id_rsa"},
		{execAction("cat src/loop", ""), Deny, "too many levels of symbolic links"},
		{execAction("cat README.md/x", ""), Deny, "not a directory"},
		{execAction("cat "+strings.Repeat("d/", 2049), ""), Deny, "path too long"},
		{fileAction(action.FileWrite, "", "/proc/self/cwd/agent-policy.yaml"), Deny, "the policy file"},
		{fileAction(action.FileWrite, "", "/proc/self/root/home/dev/project/.claude/settings.json"), Deny, "hook configuration"},
		{fileAction(action.FileWrite, "", "src/../src/new.go"), Allow, ""},
		{execAction("cat src/app.go", ""), Allow, ""},
	} {
		d := p.Evaluate(c.a)
		if d.Decision != c.want || !strings.Contains(d.Reason, c.reason) {
			t.Errorf("%s %q: %s (%s), want %s saying %q", c.a.Kind, c.a.Resource(), d.Decision, d.Reason, c.want, c.reason)
		}
	}
}
