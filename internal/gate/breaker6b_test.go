package gate

import (
	"testing"
)

// Red-team round 6b, #2 (class hook-env/state-dir-moved): Gemini CLI loads
// the first .env it finds walking up from its start directory — at each
// directory <dir>/.gemini/.env, then <dir>/.env — falling back to
// ~/.gemini/.env and ~/.env, into its own environment, which every hook
// process inherits (packages/cli/src/config/settings.ts, loadEnvironment;
// only DEBUG and DEBUG_MODE are excluded from a project .env). hookConfigs
// lists .gemini/.env and ~/.gemini/.env but not the plain .env files, so
// under a policy that does not block .env* an allowed write_file of the
// repository's .env (or ~/.env, or .env / .gemini/.env in any directory
// above the repository: the walk goes on to / when the repository has
// neither; checked allowed) with MANDATE_HOME=/tmp/x or
// XDG_STATE_HOME=/tmp/x is neither denied nor a tamper event. Every later
// Gemini session's hook then runs on a fresh state directory. Checked end
// to end with the built binaries (resident engine and MANDATE_RESIDENT=off):
// a repository locked by a tamper event (BeforeTool denied) answers
// BeforeTool run_shell_command with allow once the hook's environment
// carries MANDATE_HOME or XDG_STATE_HOME; its records go to the other
// log, its pins start afresh. Either the files are protected and pinned,
// or the hook ignores state-directory variables that differ from the
// engine's (the agent's environment is not the person's). Closed: the
// .env files are in-use hook configuration (agentsinuse.go), and a state
// directory other than the repository's recorded one is refused
// (statemark.go).
func TestBreaker6bGeminiDotEnvMovesStateDir(t *testing.T) {
	const repo, start, home = "/home/dev/project", "/home/dev/project/src", "/home/dev"
	got := map[string]bool{}
	for _, tg := range configTargets([]string{repo, start}, home, nil, true) {
		got[tg.path] = true
	}
	for _, tg := range configTargets(nil, home, func(string) string { return "" }, false) {
		got[tg.path] = true
	}
	for _, want := range []string{
		repo + "/.env",  // the project .env Gemini loads from the repository root
		start + "/.env", // nearer when Gemini starts in src/
		home + "/.env",  // the fallback when no project .env exists
	} {
		if !got[want] {
			t.Errorf("%s is not a protected, pinned hook-environment file", want)
		}
	}
}
