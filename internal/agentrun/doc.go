// Package agentrun drives the real, pinned coding-agent CLIs (Claude Code, Codex, Gemini CLI,
// Copilot CLI) offline against the scripted fake model of package fakemodel, with an
// arbitrary command registered as the agent's pre- and post-tool hook, so end-to-end tests
// can prove what a hook really allows and blocks.
//
// It knows each agent's npm package and pinned version ([Agent.Package], [Agent.Version];
// installed by scripts/install-agents.sh into [DefaultAgentsDir]), where the runnable binary
// is after `npm install --ignore-scripts` ([Locate]), how to write the agent's hook
// configuration and register an MCP stdio server in a work dir, and which environment makes
// it run offline: fake API keys, base URLs pointing at 127.0.0.1, no telemetry, no update
// checks, an isolated HOME under the run dir, and a minimal inherited environment (PATH,
// locale) so no real credentials or proxies leak in.
//
// [Run] is bounded: the agent runs under Config.Timeout in its own process group, which is
// killed before Run returns; the fake model answers only on loopback and never loops (see
// package fakemodel). Every hook invocation goes through a recording wrapper that passes
// stdin, stdout, stderr and the exit code through unchanged, so [Result] reports what the
// model issued, what the agent sent back (including denial texts), what each hook saw and
// answered, and which scenario side effects exist afterwards.
//
// A test of the real governance hook looks like this (Copilot payloads carry no event
// name, so pre and post get separate commands):
//
//	res, err := agentrun.Run(ctx, agentrun.Config{
//		Agent:           agentrun.Claude,
//		Scenario:        scen, // fakemodel.LoadScenario("testdata/all-tools.json")
//		WorkDir:         t.TempDir(),
//		RunDir:          t.TempDir(),
//		HookCommand:     "/path/to/mandate hook claude",
//		PostHookCommand: "/path/to/mandate hook claude",
//		Env:             []string{"MANDATE_POLICY=/path/to/policy.yaml"},
//		MCP:             agentrun.NoteMCP(bin, "notes", workDir, ""),
//	})
//	// res.Checks: side effects; res.Hooks: payloads and decisions; res.ToolResults: what
//	// the model was told.
//
// The agents must be installed first (scripts/install-agents.sh); tests skip when they are
// not ([ErrNotInstalled]), unless MANDATE_REQUIRE_AGENTS is set, as it should be in CI.
package agentrun
