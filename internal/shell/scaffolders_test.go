package shell

import "testing"

// Red-team round 8, #8: a scaffolder that initialises git (cargo new
// --vcs git DIR, rails new APP, gh repo create --clone) is analysed as
// the git command it runs, so the repository it makes is judged as git
// init's. Class: self-protection/nested-repo.
func TestScaffoldersRunGit(t *testing.T) {
	const cls = "self-protection/nested-repo: a scaffolder's git init"
	runW(t, []wc{
		{class: cls, cmd: "cargo new --vcs git src/x", lines: []string{"git init src/x"}},
		{class: cls, cmd: "cargo new --vcs=git --name y src/x", lines: []string{"git init src/x"}},
		{class: cls, cmd: "cargo init --vcs git", lines: []string{"git init"}},
		{class: cls, cmd: "cargo new --vcs $V src/x", lines: []string{"git init src/x"}},
		{class: cls, cmd: "rails new src/app -d postgresql", lines: []string{"git init src/app"}},
		{class: cls, cmd: "laravel new src/app --git", lines: []string{"git init src/app"}},
		{class: cls, cmd: "gh repo create o/n --clone", lines: []string{"git clone https://github.com/o/n"}},
		{class: cls, cmd: "repo init -u https://x/m", lines: []string{"git init .repo/manifests"}},
		{class: cls, cmd: "repo sync", lines: []string{"git submodule update --init"}},
	})
	for _, line := range []string{"cargo new --vcs none src/x", "cargo new src/x", "rails new src/app --skip-git", "laravel new src/app", "gh repo create o/n --public", "jj git init --git-repo=. src/j"} {
		an, err := Analyze(line, testOpt)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range an.Commands {
			if c.Name == "git" {
				t.Errorf("%s: runs %q, want no git", line, c.Line)
			}
		}
	}
}
