package gate

import (
	"slices"
	"testing"
)

// The files a hook's command line names, as the harness would run them.
func TestCommandPaths(t *testing.T) {
	const root, home = "/home/dev/project", "/home/dev"
	vars := map[string]string{"HOME": home, "CLAUDE_PROJECT_DIR": root, "CLAUDE_PLUGIN_ROOT": "/home/dev/.claude/plugins/cache/m/p/1.0"}
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{`python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/fmt.py`, []string{root + "/.claude/hooks/fmt.py"}},
		{`python3 ${CLAUDE_PROJECT_DIR}/.claude/hooks/fmt.py --fix`, []string{root + "/.claude/hooks/fmt.py"}},
		{`bash src/fmt.sh`, []string{root + "/src/fmt.sh"}},
		{`uv run fmt.py`, []string{root + "/fmt.py"}},
		{`node src/server.js`, []string{root + "/src/server.js"}},
		{`bash ~/.claude/statusline.sh`, []string{home + "/.claude/statusline.sh"}},
		{`"$HOME"/bin/check && ./scripts/x`, []string{home + "/bin/check", root + "/scripts/x"}},
		{`${CLAUDE_PLUGIN_ROOT}/scripts/run.sh`, []string{"/home/dev/.claude/plugins/cache/m/p/1.0/scripts/run.sh"}},
		{`npx -y some-server https://example.com/x`, nil},
		{`python3 -m tool`, nil},
		{`sh -c "$UNKNOWN/x.sh"`, nil}, // not known: left to the configuration's own pin
	} {
		if got := commandPaths(tc.cmd, root, home, vars); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.cmd, got, tc.want)
		}
	}
	// a user configuration's relative path depends on the session: left
	if got := commandPaths("bash src/fmt.sh", "", home, vars); got != nil {
		t.Errorf("relative path of a user configuration: %q", got)
	}
}
