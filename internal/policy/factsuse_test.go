package policy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
	"github.com/mandate-dev/mandate/internal/shell"
)

// TestExcludeHonoured: a recursive read's Exclude patterns (git grep :!x,
// rg -g '!x', grep --exclude) take the files they name out of the walk,
// and only those.
func TestExcludeHonoured(t *testing.T) {
	tr := fixture.Standard(t)
	p := fixturePolicy(t, tr)
	read := func(root, cmd string, tracked bool, exclude ...string) *shell.Analysis {
		return &shell.Analysis{Reads: []shell.PathRef{{Path: root, Cmd: cmd, Recursive: true, TrackedOnly: tracked, Exclude: exclude}},
			Commands: []shell.Command{{Name: cmd, Args: []string{"-r", "tests/x", root}, Cwd: fixture.Root}}}
	}
	blocked := []string{".env*", "**/.env*", ".github", ".github/**", "infrastructure", "infrastructure/**"}
	runFSCases(t, p, []fsCase{
		{class: "read/recursive-tool exclude", an: read(fixture.Root, "git", true, blocked...), want: Allow},
		{class: "read/recursive-tool exclude", an: read(fixture.Root, "git", true), want: Deny},
		{class: "read/recursive-tool exclude", an: read(fixture.Root, "git", true, blocked[2:]...), want: Deny, reason: ".env"},
		{class: "read/recursive-tool exclude", an: read(fixture.Root, "grep", false, "**/.env*", "**/.github/**", "**/infrastructure/**"), want: Allow},
		{class: "read/recursive-tool exclude", an: read(fixture.Root, "grep", false, "**/.env*", "**/.github/**"), want: Deny, reason: "infrastructure"},
		// A symlink the reader skips by name is not followed either.
		{class: "read/recursive-tool exclude", an: read(fixture.Root+"/src", "zip", false, "key"), want: Allow},
		{class: "read/recursive-tool exclude", an: read(fixture.Root+"/src", "zip", false), want: Deny, reason: "src/key"},
		// Patterns are relative to the read's root: "key" at the top of the
		// repository is not src/key.
		{class: "read/recursive-tool exclude", an: read(fixture.Root, "zip", false, "key", ".env*", "**/.env*", ".github/**", "infrastructure/**"), want: Deny, reason: "src/key"},
	})
}

// TestUnlessExists: an opaque part that runs a program already on disk
// (npx X with node_modules/.bin/X installed) is not opaque; it is when
// the program is missing, or when the line removes or replaces it first.
func TestUnlessExists(t *testing.T) {
	tr := fixture.Standard(t)
	p := fixturePolicy(t, tr)
	tsc := fixture.Root + "/node_modules/.bin/tsc"
	npx := func(unless string, more ...shell.PathRef) *shell.Analysis {
		return &shell.Analysis{
			Opaque:  []shell.Opaque{{Cmd: "npx", Reason: "fetches and runs a package", UnlessExists: []string{unless}}},
			Deletes: more,
		}
	}
	runFSCases(t, p, []fsCase{
		{class: "exec/package-runner", an: npx(tsc), want: Allow},
		{class: "exec/package-runner", an: npx(fixture.Root + "/node_modules/.bin/cowsay"), want: Ask},
		{class: "exec/package-runner", an: npx(fixture.Root + "/node_modules/.bin/cowsay"), trust: action.ReadOnly, want: Deny},
		{class: "exec/package-runner", an: npx("node_modules/.bin/tsc"), want: Ask}, // not absolute: not usable
	})
	// The line removes or replaces the program first: still opaque (the
	// delete itself is denied here for leaving allow_paths).
	for _, del := range []shell.PathRef{
		{Path: fixture.Root + "/node_modules", Cmd: "rm"},
		{Path: fixture.Root + "/node_modules/.bin/$X", Cmd: "rm", Dynamic: true},
	} {
		d := evalAnalysis(p, "", npx(tsc, del))
		opaque := false
		for _, f := range d.Findings {
			opaque = opaque || f.Rule == "opaque"
		}
		if !opaque {
			t.Errorf("exec/package-runner: npx after deleting %s is not opaque: %s (%s)", del.Path, d.Decision, d.Reason)
		}
	}
}

// TestHiddenReincluded: a reader that skips hidden names (rg without
// --hidden) still reads one that a "!" line of an ignore file names —
// in the directory searched, below it, above it, in .git/info/exclude or
// in git's global excludes file — and an ignore file Mandate cannot read
// keeps every hidden name.
func TestHiddenReincluded(t *testing.T) {
	rg := &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/config", Cmd: "rg", Recursive: true, SkipHidden: true}}}
	for _, c := range []struct {
		name  string
		files map[string]string // namespace path → content ("FIFO" makes a FIFO)
		want  Effect
	}{
		{"no ignore file", nil, Allow},
		{"in the directory", map[string]string{fixture.Root + "/config/.ignore": "!.env.production\n"}, Deny},
		{"an exclusion only", map[string]string{fixture.Root + "/config/.ignore": "*.log\n\\!.env.production\n"}, Allow},
		{"another name", map[string]string{fixture.Root + "/config/.rgignore": "!.envrc\n"}, Allow},
		{"above, unanchored glob", map[string]string{fixture.Root + "/.gitignore": "/.env.local\n!*.production\n"}, Deny},
		{"above, anchored", map[string]string{fixture.Root + "/.fdignore": "!/config/.env.production\n"}, Deny},
		{"above, anchored elsewhere", map[string]string{fixture.Root + "/.ignore": "!/src/.env.production\n"}, Allow},
		{"info/exclude", map[string]string{fixture.Root + "/.git/info/exclude": "!.env*\n"}, Deny},
		{"global excludes", map[string]string{fixture.Home + "/.config/git/ignore": "!.env.production\n"}, Deny},
		{"core.excludesFile", map[string]string{
			fixture.Home + "/.gitconfig": "[user]\n\tname = x\n[core]\n\texcludesFile = ~/.gi\n",
			fixture.Home + "/.gi":        "!.env.production\n"}, Deny},
		{"include", map[string]string{fixture.Home + "/.gitconfig": "[include]\n\tpath = ~/.other\n"}, Deny},
		{"unreadable ignore file", map[string]string{fixture.Root + "/config/.rgignore": "FIFO"}, Deny},
	} {
		t.Run("read/recursive-tool hidden/"+c.name, func(t *testing.T) {
			tr := fixture.Standard(t)
			for p, body := range c.files {
				real := tr.Real(p)
				must(t, os.MkdirAll(filepath.Dir(real), 0o755))
				if body == "FIFO" {
					must(t, mkfifo(real, 0o644))
					continue
				}
				must(t, os.WriteFile(real, []byte(body), 0o644))
			}
			d := evalAnalysis(fixturePolicy(t, tr), "", rg)
			if d.Decision != c.want {
				t.Fatalf("decision = %s, want %s (%s)", d.Decision, c.want, d.Reason)
			}
		})
	}
}

// TestRecursiveGlob: a recursive reader given a glob reads each match's
// whole tree (grep -R x s* reads src/key's target), and where the disk
// cannot say what the glob matches, the pattern covers what lies below.
func TestRecursiveGlob(t *testing.T) {
	tr := fixture.Standard(t)
	p := fixturePolicy(t, tr)
	const c = "read/recursive-tool glob"
	runFSCases(t, p, []fsCase{
		{class: c, cmd: "grep -R TODO s*", want: Deny, reason: "src/key"},
		{class: c, cmd: "zip -r tests/x.zip s*", want: Deny, reason: "src/key"},
		{class: c, cmd: "cp -rL s* tests/", want: Deny, reason: "src/key"},
		{class: c, cmd: "grep -r TODO s*", want: Allow}, // -r does not follow src/key
		{class: c, cmd: "grep -r TODO d* t*", want: Allow},
		{class: c, cmd: "grep -r TODO c*", want: Deny, reason: "config/.env.production"},
		// The glob's directory does not exist yet: judged as a pattern
		// with everything below each name it can match (a .env below
		// new/i*), which a pattern without the tree would not reach.
		{class: c, an: &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/new/i*", Cmd: "grep", Glob: true, Recursive: true}}}, want: Deny, reason: ".env*"},
		{class: c, an: &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/new/i*", Cmd: "grep", Glob: true}}}, want: Allow},
		// A glob below a file matches nothing (diff reports dir/* for an
		// operand that may be a directory).
		{class: c, an: &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/src/app.go/*", Cmd: "diff", Glob: true}}}, want: Allow},
		{class: c, cmd: "diff src/app.go src/main.go", want: Allow},
		{class: c, cmd: "diff src/p agent-policy.yaml", want: Allow},
		{class: c, an: &shell.Analysis{Reads: []shell.PathRef{{Path: fixture.Root + "/in*", Cmd: "grep", Glob: true, Recursive: true}},
			Writes: []shell.PathRef{{Path: fixture.Root + "/$X", Cmd: "cp", Dynamic: true}}}, want: Deny, reason: "infrastructure"},
	})
}
