package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/policy/fixture"
	"github.com/mandate-dev/mandate/internal/shell"
)

// TestGlobsOnDisk: a glob is judged by what it matches on disk.
func TestGlobsOnDisk(t *testing.T) {
	clean := fixture.Build(t, `
file /home/dev/project/agent-policy.yaml @../../shell/testdata/example-policy.yaml
file /home/dev/project/README.md hi
file /home/dev/project/go.mod module x
file /home/dev/project/Makefile all:
file /home/dev/project/src/a.go package a
file /home/dev/project/src/b.go package b
file /home/dev/project/src/c.tmp x
file /home/dev/project/docs/notes.md TODO
file /home/dev/project/.gitignore x
file /home/dev/.ssh/id_rsa fixture-not-a-key
`, "testdata")
	p := fixturePolicy(t, clean)
	runFSCases(t, p, []fsCase{
		// Item 9: everyday globs in a tree whose visible names hit nothing.
		{class: "everyday-glob", cmd: "ls *", want: Allow},
		{class: "everyday-glob", cmd: "grep -l TODO *", want: Allow},
		{class: "everyday-glob", cmd: "wc -l *", want: Allow},
		{class: "everyday-glob", cmd: "du -sh *", want: Allow},
		{class: "everyday-glob", cmd: "cat .e*", want: Allow},
		{class: "everyday-glob", cmd: "rm src/*.tmp", want: Allow},
		{class: "everyday-glob", cmd: "rm src/*.nothing", want: Allow},
		{class: "everyday-glob", cmd: "cat src/*.go docs/*", want: Allow},
		// Writes the glob matches on disk, judged one by one.
		{class: "glob-write", cmd: "rm *.md", want: Deny, reason: "README.md (matched by *.md)"},
		{class: "glob-write", cmd: "rm ag*", want: Deny, reason: "agent-policy.yaml"},
		// A path the line writes before the glob runs is among its matches.
		{class: "glob-line-write", cmd: "echo x > src/new.env && cat src/*.env", want: Allow},
		{class: "glob-line-write", cmd: "tar xf /tmp/a.tar -C docs && cat docs/.e*", want: Deny, reason: "(a glob) can match block_paths \".env*\""},
		// dotglob set in the line (as the analysis reports it).
		{class: "glob-dotglob", an: &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/*", Cmd: "cat", Glob: true, DotGlob: true}}}, want: Allow},
	})
	std := fixturePolicy(t, fixture.Standard(t))
	runFSCases(t, std, []fsCase{
		{class: "glob-symlink", cmd: "cat src/*", want: Deny, reason: "src/key (matched by src/*) (resolves to ~/.ssh/id_rsa)"},
		{class: "glob-symlink", cmd: "cat src/k?y", want: Deny, reason: "credential store"},
		{class: "glob-hidden", cmd: "cat .e*", want: Deny, reason: ".env (matched by .e*)"},
		{class: "glob-hidden", cmd: "cat config/.*", want: Deny, reason: ".env.production"},
		{class: "glob-nocase", cmd: "cat src/K*", want: Deny, reason: "credential store"},
		{class: "glob-extglob", cmd: "shopt -s extglob; cat src/@(key)", want: Deny, reason: "credential store"},
		{class: "glob-globstar", cmd: "cat **/.env.production", want: Deny},
		{class: "glob-dotglob", an: &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/*", Cmd: "cat", Glob: true, DotGlob: true}}}, want: Deny, reason: ".env"},
		{class: "glob-dotdirs", cmd: "rm -rf .*", want: Deny, reason: "matched by .*"},
		{class: "glob-hardlink", cmd: "truncate -s0 src/?", want: Deny, reason: "the same file as agent-policy.yaml"},
		{class: "everyday-glob", cmd: "cat docs/*", want: Allow},
		{class: "everyday-glob", cmd: "ls tests/*_test.go", want: Allow},
	})
}
