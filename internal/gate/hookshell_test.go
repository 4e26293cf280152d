package gate

import "testing"

// hookShellArgv: only a shell whose whole command is a hook command is
// walked past to the agent (hookshell.go); anything a script could make
// its process do besides starting the hook stops the walk.
func TestHookShellArgv(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		want bool
	}{
		{[]string{"/bin/sh", "-c", "mandate hook claude"}, true},
		{[]string{"sh", "-c", "'/usr/local/bin/mandate' hook claude"}, true},
		{[]string{"bash", "-c", "mandate hook copilot preToolUse"}, true},
		{[]string{"/usr/bin/dash", "-c", "/opt/m/mandate-engine hook gemini"}, true},
		{[]string{"sh", "-c", "\"/opt/my dir/mandate\" hook codex"}, true},
		{[]string{"sh", "-c", "mandate-hook hook claude"}, true},
		// not a hook command, or more than one
		{[]string{"sh", "-c", "mandate hook claude; rm -rf x"}, false},
		{[]string{"sh", "-c", "mandate hook claude < post.json"}, false},
		{[]string{"sh", "-c", "sleep 9; mandate hook claude"}, false},
		{[]string{"sh", "-c", "mandate hook $AGENT"}, false},
		{[]string{"sh", "-c", "\"$HOME/mandate\" hook claude"}, false},
		{[]string{"sh", "-c", "mandate hook claude && true"}, false},
		{[]string{"sh", "-c", "mandate version"}, false},
		{[]string{"sh", "-c", "python3 hook claude"}, false},
		{[]string{"sh", "-c", "mandate hook"}, false},
		{[]string{"sh", "-c", "mandate hook claude PreToolUse extra"}, false},
		{[]string{"sh", "-c", "m'and'ate hook claude"}, false},
		// not a shell's -c, or more arguments
		{[]string{"python3", "-c", "mandate hook claude"}, false},
		{[]string{"bash", "-lc", "mandate hook claude"}, false},
		{[]string{"sh", "-c", "mandate hook claude", "x"}, false},
		{[]string{"sh", "hook.sh"}, false},
		{[]string{"mandate", "hook", "claude"}, false},
	} {
		if got := hookShellArgv(tc.argv); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.argv, got, tc.want)
		}
	}
}
