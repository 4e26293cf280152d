// Package hook is the fail-closed bridge between an AI coding agent's hook
// protocol and Mandate's gate: it reads one hook invocation from stdin,
// decodes it with the agent's Adapter into an Event carrying normalized
// actions, asks the Gate, and writes the agent's own answer.
//
// # Contract
//
// Every agent runs hooks fail-open: a hook that crashes, times out, exits 1
// or prints a format the agent does not understand lets the tool call run.
// Claude Code, Codex and Gemini CLI run the tool on exit 1; Gemini CLI and
// Copilot CLI silently ignore a deny written in another agent's JSON. So a
// deny is written twice, in the two ways each agent honours: the agent's own
// deny JSON on stdout AND exit code 2 with the reason on stderr. Either alone
// blocks in every agent we verified against; both together survive a
// version that drops one of them.
//
// Because the agent cannot tell a broken hook from a permissive one, every
// failure on the path to an answer is a deny, never exit 1 and never empty
// output: an unreadable or oversized payload, an unknown event name, a
// missing tool_input, a panic anywhere (recovered), a gate error (turned
// into a decision by Gate.Failure, which denies unless the policy opted
// into fail-open and records that), and an exceeded time budget (answered
// by Run itself even while the gate is still stuck). When no gate can be
// built at all (unreadable policy, unwritable log), Run is given a nil gate
// and the reason (RunOptions.NoGate) and answers every event as that
// failure; Deny encodes a deny without any gate.
//
// Allow is empty stdout and exit 0: the agent's own permission flow still
// applies, Mandate only adds restrictions. Ask is the agent's native ask
// where it has one (Claude Code, Gemini CLI, Cursor's shell and MCP events);
// elsewhere it is a deny whose reason says that human approval is required.
//
// Post-tool, session and other events do not gate an action: their answer
// is empty with exit 0 when recorded; a recording failure is reported on
// stderr (and, for post-tool events, in the agent's feedback format, worded
// so that the model knows the tool already ran) so it is never silent.
//
// A tool input that names its target under several keys (Gemini's
// file_path and absolute_path, dir_path and directory; Cursor's file_path,
// path and target_file; NotebookEdit's file_path and notebook_path; a
// patch under several keys) is judged on every one (Paths, Execs,
// PatchInputs): the tool, or another build of it, may use any of them.
//
// The caller is detected from the payload (Detect), not assumed from the
// subcommand: Cursor and Copilot CLI also run hooks registered in Claude
// Code's settings and send their own payload shapes, and must be answered
// in their own formats. The shapes are the agents' own (Shape), handed
// to this package by the agent registry (internal/agent), which sits
// above it; with no agent registered nothing is detected.
//
// The per-agent adapters live in the agents' own packages
// (internal/agent/claude, …/codex, …/gemini, …/copilot, …/cursor,
// …/hermes), each a Protocol: the shared decoding and answering skeleton
// with what that agent does differently.
package hook
