package policy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/gitquery"
)

func runRepoAt(t *testing.T, p *Policy, root, trust string, cases []lineCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(trust+" "+c.class+": "+c.cmd, func(t *testing.T) {
			d := p.Evaluate(repoAction(root, c.cmd, trust))
			if d.Decision != c.want {
				t.Fatalf("%s: decision = %s, want %s\nreason: %s", c.cmd, d.Decision, c.want, d.Reason)
			}
			if c.rule != "" && d.Rule != c.rule {
				t.Fatalf("%s: rule = %q, want %q (%s)", c.cmd, d.Rule, c.rule, d.Reason)
			}
		})
	}
}

// TestPushRefs: a push is judged by the refs it updates, whatever their
// spelling and wherever they come from.
func TestPushRefs(t *testing.T) {
	root, git := gitRepoFixture(t)
	p := governed(t, root, Options{Git: gitquery.New().Query})
	git("remote", "add", "origin", "/nonexistent/remote.git")
	git("config", "branch.main.remote", "origin")
	git("config", "branch.main.merge", "refs/heads/main")
	const (
		spell = "refspec-spelling"
		cfg   = "push-configuration"
		prog  = "push-program"
		ok    = "ordinary-push"
		a     = "push-approval"
	)
	// On main.
	runRepoAt(t, p, root, action.External, []lineCase{
		{cfg, "git push", Ask, a},
		{cfg, "git push origin", Ask, a},
		{spell, "git push origin HEAD", Ask, a},
		{spell, "git push origin @", Ask, a},
		{spell, "git push origin HEAD:heads/main", Ask, a},
		{spell, "git push origin docs:refs/heads/main", Ask, a},
		{spell, "git push origin docs:main", Ask, a},
		{spell, "git push origin @:master", Ask, a},
		{spell, "git push origin +docs", Ask, a},
		{spell, "git push origin :docs", Ask, a},
		{spell, "git push origin :", Ask, a},
		{spell, "git push origin 'refs/heads/*:refs/heads/*'", Ask, a},
		{spell, "git push origin docs:HEAD", Ask, a},
		{spell, "git push origin HEAD:refs//heads/main", Ask, a},
		{spell, "git push origin $REF", Ask, ""},
		{spell, "git push --all origin", Ask, a},
		{spell, "git push --branches origin", Ask, a},
		{spell, "git push --mirror origin", Ask, a},
		{prog, "/usr/lib/git-core/git-push origin main", Ask, a},
		{prog, "git subtree push --prefix=docs origin main", Ask, a},
		{prog, "git send-pack /nonexistent/remote.git main", Ask, a},
		{prog, "git push --receive-pack='sh -c id' . docs", Ask, ""},
		{ok, "git push origin docs", Allow, ""},
		{ok, "git push origin docs:docs", Allow, ""},
		{ok, "git push origin 'refs/tags/*:refs/tags/*'", Allow, ""},
		{ok, "git push --tags", Allow, ""},
		{ok, "git push origin tag v1", Allow, ""},
		{ok, "git push -n origin main", Allow, ""},
		{ok, "git subtree push -P docs origin gh-pages", Allow, ""},
	})
	// The line's -c, at write_local too: git -c … push is a push.
	runRepoAt(t, p, root, action.WriteLocal, []lineCase{
		{cfg, "git -c push.default=matching push", Deny, "no-push"},
		{prog, "/usr/lib/git-core/git-push origin docs", Deny, "no-push"},
	})
	git("checkout", "-q", "-b", "topic")
	runRepoAt(t, p, root, action.External, []lineCase{
		{ok, "git push", Allow, ""},
		// Configuration changed earlier in the same line is not what the
		// query reads.
		{cfg, "git config remote.origin.push HEAD:refs/heads/main && git push", Ask, a},
		{cfg, "echo '[push] default = matching' >> .git/config; git push", Ask, ""},
		{ok, "git push origin HEAD", Allow, ""},
		{cfg, "git -c push.default=matching push", Ask, a},
		{cfg, "git -c remote.origin.push=refs/heads/*:refs/heads/* push", Ask, a},
		{cfg, "git -c remote.origin.mirror=true push", Ask, a},
	})
	// The repository's configuration.
	git("config", "branch.topic.merge", "refs/heads/main")
	git("config", "push.default", "upstream")
	runRepoAt(t, p, root, action.External, []lineCase{
		{cfg, "git push", Ask, a},
		{ok, "git push origin topic", Allow, ""},
	})
	git("config", "push.default", "simple")
	git("config", "remote.origin.push", "HEAD:refs/heads/main")
	runRepoAt(t, p, root, action.External, []lineCase{
		{cfg, "git push", Ask, a},
		{cfg, "git push origin", Ask, a},
		{ok, "git push origin topic", Allow, ""}, // explicit refspecs override remote.origin.push
	})
	git("config", "--unset", "remote.origin.push")
	git("config", "remote.origin.mirror", "true")
	runRepoAt(t, p, root, action.External, []lineCase{{cfg, "git push", Ask, a}})
	git("config", "--unset", "remote.origin.mirror")
	runRepoAt(t, p, root, action.External, []lineCase{{ok, "git push", Allow, ""}})
	// The user's own git configuration counts too.
	home := filepath.Join(filepath.Dir(root), "home")
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[remote \"origin\"]\n\tpush = HEAD:refs/heads/main\n"), 0o644)
	runRepoAt(t, p, root, action.External, []lineCase{{cfg, "git push", Ask, a}})
	os.Remove(filepath.Join(home, ".gitconfig"))
	git("config", "--unset", "push.default") // the repository's own would win
	os.MkdirAll(filepath.Join(home, ".config", "git"), 0o755)
	os.WriteFile(filepath.Join(home, ".config", "git", "config"), []byte("[push]\n\tdefault = matching\n"), 0o644)
	runRepoAt(t, p, root, action.External, []lineCase{{cfg, "git push", Ask, a}})
}
