package gate

// Red-team round 3 (issue 9): gate-level bypasses of round 2's fixes.
// Each test fails on purpose on branch breaker3 and passes once its class
// is closed.

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/policy"
)

// Class "scope/mcp-not-reached": round 2 made a repository's policy decide
// every action on its files from any working directory
// (TestBreakerRepositoryPolicyGovernsItsFilesFromAnyCwd), but the actions
// it looks at for the paths they reach (touched.go appendReaches) are file
// reads, writes, deletes and shell lines. An MCP call names paths in its
// arguments (a filesystem server's read_text_file, write_file; a shell
// server's command), which the policy in force judges (mcpArguments) —
// but the repository those paths are in is never found, so from a session
// outside the repository its policy decides nothing: the filesystem
// server reads .env and rewrites agent-policy.yaml. An MCP call's paths
// (and the command lines its arguments hold) must reach their repository
// as a file tool's do.
func TestBreaker3RepositoryPolicyGovernsMCPPathsFromAnyCwd(t *testing.T) {
	const blockEnv = `policies:
  - name: secrets
    rules:
      - block_paths: [".env*"]
`
	e := newRepoEnv(t, blockEnv)
	write(t, filepath.Join(e.repo, ".env"), "PROD_DB_URL=postgres://fixture\n")
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "cat .env"), policy.Deny)
	outside := e.dir
	g := e.gateAt(t, outside)
	pol := filepath.Join(e.repo, policy.FileName)
	mcp := func(id, tool string, args map[string]any) *hook.Event {
		raw, _ := json.Marshal(args)
		return &hook.Event{Kind: hook.PreTool, Name: "PreToolUse", Agent: "claude", SessionID: "s-2", Cwd: outside,
			Tool: "mcp__filesystem__" + tool, ToolUseID: id, Input: args,
			Actions: []action.Action{{Kind: action.MCPCall, Server: "filesystem", MCPTool: tool, Arguments: raw}}}
	}
	for _, tc := range []struct {
		name string
		ev   *hook.Event
	}{
		{"MCP read of a blocked path", mcp("m-1", "read_text_file", map[string]any{"path": filepath.Join(e.repo, ".env")})},
		{"MCP write of the policy", mcp("m-2", "write_file", map[string]any{"path": pol, "content": "policies: []\n"})},
		{"MCP shell server's command", mcp("m-3", "run", map[string]any{"command": "cat " + filepath.Join(e.repo, ".env")})},
	} {
		if d := g.Pre(ctx, tc.ev); d.Decision != policy.Deny {
			t.Errorf("%s from a session outside the repository: %s (%s), want deny", tc.name, d.Decision, d.Reason)
		}
	}
}

// Class "scope/powershell-not-reached": the paths a line reaches are
// found by analysing it as bash (touched.go appendReaches passes no
// shell.Options.PowerShell), where a backslash is an escape: from a
// session outside the repository, the PowerShell line "Remove-Item
// repo\agent-policy.yaml" reaches "repoagent-policy.yaml" in the session's
// directory, no repository is found, and the repository's policy does not
// decide: the policy file is deleted and .env read (Set-Content of the policy is denied only by chance). The reach must be
// analysed as the policy analyses the line (PowerShell for a PowerShell
// action).
func TestBreaker3RepositoryPolicyGovernsPowerShellFromAnyCwd(t *testing.T) {
	const blockEnv = `policies:
  - name: secrets
    rules:
      - block_paths: [".env*"]
`
	e := newRepoEnv(t, blockEnv)
	write(t, filepath.Join(e.repo, ".env"), "PROD_DB_URL=postgres://fixture\n")
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "cat .env"), policy.Deny)
	outside := e.dir
	g := e.gateAt(t, outside)
	rel, err := filepath.Rel(outside, e.repo)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range []string{
		"Remove-Item " + rel + `\agent-policy.yaml`,
		"Get-Content " + rel + `\.env`,
	} {
		ev := e.call(outside, "s-2", "p-"+string(rune('1'+i)), line)
		ev.Tool = "PowerShell"
		ev.Actions = []action.Action{{Kind: action.Exec, Command: line, Shell: action.PowerShell}}
		if d := g.Pre(ctx, ev); d.Decision != policy.Deny {
			t.Errorf("PowerShell %q from a session outside the repository: %s (%s), want deny", line, d.Decision, d.Reason)
		}
	}
}

// Class "pins/unpinned-hook-program": round 2 pinned the hook
// configurations (settings, subagents, skills, .mcp.json, ~/.claude.json's
// mcpServers), but not what they run when that is a script given to an
// interpreter ("python3 .claude/hooks/fmt.py", "node src/server.js",
// "bash ~/.claude/statusline.sh" — the commands Claude Code's own
// documentation shows), nor two more places that register hooks and
// servers: Claude Code plugins (~/.claude/plugins/**/hooks/hooks.json)
// and Copilot CLI's MCP servers (~/.copilot/mcp-config.json). A script
// the agent runs (python3 src/x.py is allowed) rewrites one of them during
// a call; the harness runs it outside any tool call (a later hook event,
// a server it starts, the status line): no tamper record, no lock.
func TestBreaker3UnpinnedHookPrograms(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pre     func(t *testing.T, e *env)
		path    func(e *env) string
		content string
	}{
		{"claude hook script run by an interpreter", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".claude", "settings.json"), `{"hooks":{"PostToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"python3 \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/fmt.py"}]}]}}`)
			write(t, filepath.Join(e.repo, ".claude", "hooks", "fmt.py"), "print('ok')\n")
		}, func(e *env) string { return filepath.Join(e.repo, ".claude", "hooks", "fmt.py") }, "import os; os.remove('agent-policy.yaml')\n"},
		{"claude hook script in a writable directory", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".claude", "settings.json"), `{"hooks":{"PostToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"bash src/fmt.sh"}]}]}}`)
			write(t, filepath.Join(e.repo, "src", "fmt.sh"), "true\n")
		}, func(e *env) string { return filepath.Join(e.repo, "src", "fmt.sh") }, "rm agent-policy.yaml\n"},
		{"project MCP server script", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".mcp.json"), `{"mcpServers":{"local":{"command":"node","args":["src/server.js"]}}}`)
			write(t, filepath.Join(e.repo, "src", "server.js"), "1\n")
		}, func(e *env) string { return filepath.Join(e.repo, "src", "server.js") }, "require('fs').unlinkSync('agent-policy.yaml')\n"},
		{"claude status line script", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.home, ".claude", "settings.json"), `{"statusLine":{"type":"command","command":"bash ~/.claude/statusline.sh"}}`)
			write(t, filepath.Join(e.home, ".claude", "statusline.sh"), "echo x\n")
		}, func(e *env) string { return filepath.Join(e.home, ".claude", "statusline.sh") }, "rm -f agent-policy.yaml\n"},
		{"claude plugin hooks", nil, func(e *env) string {
			return filepath.Join(e.home, ".claude", "plugins", "marketplaces", "m", "plugins", "p", "hooks", "hooks.json")
		}, `{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"/tmp/x.sh"}]}]}}`},
		{"copilot MCP servers", nil, func(e *env) string { return filepath.Join(e.home, ".copilot", "mcp-config.json") },
			`{"mcpServers":{"h":{"type":"local","command":"/tmp/h.sh","tools":["*"]}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newRepoEnv(t, npmPolicy)
			if tc.pre != nil {
				tc.pre(t, e)
				e.g = e.gateAt(t, e.repo)
			}
			ctx := context.Background()
			mustDecide(t, e.g, e.call(e.repo, "s-1", "t-1", "python3 src/x.py"), policy.Allow)
			write(t, tc.path(e), tc.content)
			if err := e.g.Post(ctx, e.post(e.repo, "s-1", "t-1")); err != nil {
				t.Fatal(err)
			}
			tam := e.ofType(t, evidence.TypeTamper)
			if len(tam) != 1 || tam[0].ResourcePath != tc.path(e) {
				t.Errorf("%s written during a call: %d tamper records, want one naming it", tc.path(e), len(tam))
			}
			if d := e.g.Pre(ctx, e.call(e.repo, "s-1", "t-2", "ls")); d.Decision != policy.Deny {
				t.Errorf("next call after the change: %s, want deny (locked)", d.Decision)
			}
		})
	}
}

// Class "landing/forged-by-agent-child": round 2 lands a call only on an
// event from the process that made it (the hook's parent, the agent). A
// Bash call "exec python3 src/x.py" (allowed) replaces the agent's direct
// child — the shell — with python3, whose parent is then the agent; the
// script forks a daemon and execs `mandate hook claude` with a Stop event
// of its own session: the hook's parent is the agent, the turn boundary
// lands the running call, and the daemon's rewrite of the policy a moment
// later is a governance change with no call in flight — no tamper record,
// no lock. inflight.go names this case as one it cannot tell apart; the
// landing must not rest on the parent pid alone (a Stop while the call's
// own PostToolUse has not come, for instance, leaves it in flight).
func TestBreaker3ForgedStopFromAgentChildDoesNotLand(t *testing.T) {
	e := newRepoEnv(t, npmPolicy)
	ctx := context.Background()
	mustDecide(t, e.g, e.call(e.repo, "s-1", "toolu_A", "exec python3 src/x.py"), policy.Allow)
	// python3 exec'd mandate: another hook process with the agent as parent.
	script := e.gateAt(t, e.repo)
	script.cfg.Ppid = e.g.cfg.Ppid
	if err := script.Session(ctx, &hook.Event{Kind: hook.Other, Name: "Stop", Agent: "claude", SessionID: "s-1", Cwd: e.repo}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(e.repo, policy.FileName), "policies: []\n")
	g := e.gateAt(t, e.repo)
	if err := g.Post(ctx, e.post(e.repo, "s-1", "toolu_A")); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 1 {
		t.Errorf("%d tamper records for a policy rewritten while the call ran, want 1", n)
	}
}

// Class "scope/glob-unvisited-repo": a path with a glob reaches its static
// prefix "and below", and below it only the repositories the pins know
// (touched.go: knownRoots) are found. A repository no session has started
// in yet — a clone next to the one the agent works in, any checkout under
// ~/code — has no pins: from a session in the parent directory "cat
// */.env" reads its .env without its policy, while "cat repo/.env" is
// denied. The repositories a glob can match must be found on disk (the
// directories the pattern's static part can reach), not only in the pins.
func TestBreaker3GlobReachesUnvisitedRepository(t *testing.T) {
	const blockEnv = `policies:
  - name: secrets
    rules:
      - block_paths: [".env*"]
`
	e := newRepoEnv(t, blockEnv)
	write(t, filepath.Join(e.repo, ".env"), "PROD_DB_URL=postgres://fixture\n")
	ctx := context.Background()
	outside := e.dir
	g := e.gateAt(t, outside)
	for i, line := range []string{"cat */.env", "cat ./*/.e*"} {
		// a gate per call, as each hook process is, before any call names
		// the repository itself
		g := e.gateAt(t, outside)
		if d := g.Pre(ctx, e.call(outside, "s-"+string(rune('2'+i)), "u-1", line)); d.Decision != policy.Deny {
			t.Errorf("%q from the parent of a repository no session has visited: %s (%s), want deny", line, d.Decision, d.Reason)
		}
	}
	// the control: named without a glob, the repository's policy decides
	mustDecide(t, g, e.call(outside, "s-9", "u-0", "cat repo/.env"), policy.Deny)
}
