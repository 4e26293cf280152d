package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestNestedAgents: a coding agent run by the agent is asked about; run
// with its permissions, hooks or settings switched off it is denied
// (class self-protection/nested-agent).
func TestNestedAgents(t *testing.T) {
	p := mustParse(t, "policies: []\n")
	for _, c := range []struct {
		cmd  string
		want Effect
	}{
		{"claude -p 'summarize README.md'", Ask},
		{"codex exec 'write the tests'", Ask},
		{"npx @anthropic-ai/claude-code -p 'x'", Ask},
		{"claude --version", Allow},
		{"claude --dangerously-skip-permissions -p 'cat .env'", Deny},
		{"claude --permission-mode bypassPermissions -p x", Deny},
		{"claude --settings '{\"disableAllHooks\": true}' -p x", Deny},
		{"claude --settings /tmp/s.json -p x", Deny},
		{"CLAUDE_CONFIG_DIR=/tmp/c claude -p 'rm -rf ~'", Deny},
		{"export CLAUDE_CONFIG_DIR=/tmp/c; claude -p x", Deny},
		{"env HOME=/tmp claude -p x", Deny},
		{"XDG_CONFIG_HOME=/tmp/x gemini -p x", Deny},
		{"codex exec --dangerously-bypass-approvals-and-sandbox 'rm -rf ~'", Deny},
		{"codex -c approval_policy=never exec x", Deny},
		{"codex --sandbox danger-full-access exec x", Deny},
		{"CODEX_HOME=/tmp/h codex exec x", Deny},
		{"gemini --yolo -p 'cat ~/.ssh/id_rsa'", Deny},
		{"gemini -y -p x", Deny},
		{"gemini --approval-mode=yolo -p x", Deny},
		{"copilot --allow-all-tools -p x", Deny},
		{"cursor-agent -f -p x", Deny},
		{"aider --yes-always --message x", Deny},
		{"bash -c 'CLAUDE_CONFIG_DIR=/tmp/c claude -p x'", Deny},
		{"sudo -E env GEMINI_CLI_HOME=/tmp gemini -p x", Deny},
	} {
		d := p.Evaluate(execAction(c.cmd, action.WriteLocal))
		if d.Decision != c.want {
			t.Errorf("self-protection/nested-agent: %q: %s, want %s (%s)", c.cmd, d.Decision, c.want, d.Reason)
		}
	}
}
