// Package e2e holds the end-to-end tests of `mandate hook` under the real agent CLIs; it
// has no non-test code.
//
// The tests build the real cmd/mandate and cmd/mandate-engine binaries (CGO_ENABLED=0)
// and register `mandate-engine hook <agent>` (each call decided in its own process), then
// in a second run `mandate hook <agent>` (each call forwarded to the resident engine), as
// the pre- and post-tool hook of each pinned agent (Claude Code, Codex, Gemini CLI, Copilot CLI),
// run offline by package agentrun against the scripted fake model, in a fresh git
// repository holding an agent-policy.yaml (seed 001's example policy plus an MCP rule,
// testdata/agent-policy.yaml) and with a fresh MANDATE_HOME. For every agent they prove:
//
//  1. a shell command the policy denies never runs — a block_commands hit hidden by shell
//     quoting and a redirection outside allow_paths leave no side-effect file — and the
//     model receives Mandate's reason;
//  2. an allowed shell command runs, and one carrying a credential-shaped token (built by
//     the test) runs with the token nowhere in clear in Mandate's state directory;
//  3. the agent's own file-write tool (Write, write_file, apply_patch) cannot write outside
//     allow_paths, and does write inside; a write that require_approval makes ask never
//     runs headless, and the model is told approval is required (Claude Code's native ask,
//     a deny for Codex and Copilot; not for Gemini CLI, which waits forever, headless, on
//     a hook's ask);
//  4. MCP calls are governed: an allowed call runs, a call whose path argument leaves
//     allow_paths and a call of a tool block_mcp names never reach the MCP server;
//  5. everything is recorded: `mandate sessions --json` lists the one session under the
//     agent's name and git's user.email with exact allowed, denied and asked counts,
//     `mandate log --json` has one decision per hooked call (policy_checks failing the
//     deciding policy,
//     policy_digest of the policy file, agent, user, repository), one outcome per allowed
//     call (the written file's sha256 as diff_hash), the session start and the policy
//     text; the agent's session end (every agent but Codex, which has none; the tests
//     register the session hooks too) closes the session and signs a checkpoint (for
//     Codex the test runs `mandate checkpoint`), and `mandate verify` accepts every record.
//
// Every recorded hook answer is in the agent's own protocol: a deny is the agent's deny
// JSON, the reason on stderr and exit 2; an allow and every post-tool answer are silent
// with exit 0. A Copilot run with `mandate hook claude` registered in the repository's
// .claude/settings.json (which Copilot CLI also runs, with Claude Code's tool names)
// proves the same for that registration path.
//
// The tests skip under -short and when the agents are not installed
// (scripts/install-agents.sh), unless MANDATE_REQUIRE_AGENTS is set.
package e2e
