package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestMountsJudgedWhole: a container's mount is judged as a whole
// (mounts.go): deny where its source is itself protected or forbidden or
// gives the host at once, one ask naming what it holds below, allow when
// nothing of note is there. What the mount's judgement sets aside does
// not hide the same finding of another command of the line.
func TestMountsJudgedWhole(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	for _, tc := range []struct {
		cmd  string
		want Effect
		says string // part of the reason
	}{
		{"docker run --rm -v \"$PWD\":/app -w /app node:20 npm test", Ask, "which holds agent-policy.yaml (the policy file) and .env"},
		{"docker run --rm -v \"$PWD\":/w:ro alpine true", Ask, "read-only (a container volume), which holds .env"},
		{"docker run --rm -v \"$PWD/src\":/s alpine true", Ask, "src/p, the same file as agent-policy.yaml"},
		{"docker run --rm -v /tmp/out:/o alpine true", Ask, "outside allow_paths"},
		{"docker run --rm -v \"$PWD/docs\":/d alpine true", Allow, ""},
		{"docker run --rm -v \"$PWD/src\":/s:ro alpine true", Allow, ""},
		{"docker run --rm -v \"$HOME\":/h:ro alpine true", Deny, "the home directory"},
		{"docker run --rm -v /home/dev/.local/state:/s:ro alpine true", Deny, "Mandate's state directory"},
		{"docker run --rm -v \"$PWD/.git/refs\":/r alpine true", Deny, "git directory"},
		{"docker run --rm -v \"$PWD/.git/refs\":/r:ro alpine true", Allow, ""},
		// what the mount sets aside is still found for the line's own commands
		{"docker run --rm -v \"$PWD\":/w:ro alpine true; cat .env", Deny, "read of \".env\""},
		{"docker run --rm -v \"$PWD/src\":/s alpine true && tar xf a.tar -C src", Deny, "write into \"src\""},
		{"tar xf a.tar -C src; docker run --rm -v \"$PWD/src\":/s alpine true", Deny, "write into \"src\""},
		{"docker run --rm -v \"$PWD/config\":/c:ro alpine true; grep -r KEY config", Deny, "config/.env.production"},
	} {
		d := p.Evaluate(execAction(tc.cmd, action.WriteLocal))
		if d.Decision != tc.want || !strings.Contains(d.Reason, tc.says) {
			t.Errorf("%s: got %s (%s), want %s saying %q", tc.cmd, d.Decision, d.Reason, tc.want, tc.says)
		}
	}
}
