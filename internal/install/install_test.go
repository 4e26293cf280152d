package install

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/agent"
	goldenpkg "github.com/mandate-dev/mandate/internal/golden"
	"github.com/mandate-dev/mandate/internal/hook"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenpkg.Check(t, filepath.Join("testdata", name), got)
}

const exe = "/opt/mandate/bin/mandate"

func opts(t *testing.T, agent string, scope Scope) Options {
	t.Helper()
	d := t.TempDir()
	return Options{Agent: agent, Scope: scope, Home: filepath.Join(d, "home"), Repo: filepath.Join(d, "repo"), Exe: exe,
		Getenv: func(string) string { return "" }}
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func put(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Installing into nothing writes the golden settings; installing again
// changes nothing, byte for byte; uninstalling removes the file again.
func TestInstallFreshIdempotentUninstall(t *testing.T) {
	for _, agent := range agent.Names() {
		for _, scope := range []Scope{Project, User} {
			if agent == hook.Hermes && scope == Project {
				continue
			}
			t.Run(agent+"-"+string(scope), func(t *testing.T) {
				o := opts(t, agent, scope)
				res, err := Install(o)
				if err != nil {
					t.Fatal(err)
				}
				if !res.Changed || len(res.Notes) == 0 || res.Scope != scope {
					t.Errorf("result %+v", res)
				}
				first := read(t, res.Path)
				golden(t, agent+"."+string(scope)+".golden", first)
				want := exe + " hook " + agent
				if scope == Project {
					want = "mandate hook " + agent
				}
				if res.Command != want || !strings.Contains(string(first), `"`+want) && !strings.Contains(string(first), ": "+want) {
					t.Errorf("command %q, want %q in\n%s", res.Command, want, first)
				}
				st1, _ := os.Stat(res.Path)
				res2, err := Install(o)
				if err != nil {
					t.Fatal(err)
				}
				st2, _ := os.Stat(res.Path)
				if res2.Changed || !bytes.Equal(first, read(t, res.Path)) || !st1.ModTime().Equal(st2.ModTime()) {
					t.Errorf("second install changed the file")
				}
				un, err := Uninstall(o)
				if err != nil {
					t.Fatal(err)
				}
				if !un.Changed || !un.Removed {
					t.Errorf("uninstall %+v", un)
				}
				if _, err := os.Stat(res.Path); !os.IsNotExist(err) {
					t.Errorf("file left behind: %v", err)
				}
				for _, root := range []string{o.Repo, o.Home} {
					if entries, err := os.ReadDir(root); err == nil && len(entries) > 0 {
						t.Errorf("left behind in %s: %v", root, entries)
					}
				}
				if un, _ := Uninstall(o); un.Changed {
					t.Errorf("second uninstall changed something")
				}
			})
		}
	}
}

// Settings files are edited, not rewritten: for each input under
// testdata/edit (comments where the agent reads them, tabs, CRLF, one
// line, no final newline, empty objects and lists, other hooks), install
// gives the golden file, a second install changes nothing, and uninstall
// gives back the input byte for byte.
func TestEditRoundTrip(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "edit", "*.*"))
	if err != nil || len(inputs) == 0 {
		t.Fatal("no inputs", err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") || strings.HasPrefix(filepath.Base(in), ".") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		agent, _, _ := strings.Cut(name, "-")
		t.Run(name, func(t *testing.T) {
			text := read(t, in)
			o := opts(t, agent, DefaultScope(agent))
			path, err := Path(o)
			if err != nil {
				t.Fatal(err)
			}
			put(t, path, text)
			if err := os.Chmod(path, 0o640); err != nil {
				t.Fatal(err)
			}
			res, err := Install(o)
			if err != nil {
				t.Fatal(err)
			}
			got := read(t, path)
			golden(t, filepath.Join("edit", name+".golden"), got)
			if !res.Changed || !bytes.Contains(got, []byte(HookCommand(o.Scope, exe, agent))) {
				t.Errorf("not installed: %+v\n%s", res, got)
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want 0640 kept", st.Mode().Perm())
			}
			if res, err := Install(o); err != nil || res.Changed || !bytes.Equal(read(t, path), got) {
				t.Errorf("second install: %+v %v", res, err)
			}
			if _, err := Uninstall(o); err != nil {
				t.Fatal(err)
			}
			if after := read(t, path); !bytes.Equal(after, text) {
				t.Errorf("uninstall did not restore the file:\n--- got\n%q\n--- want\n%q", after, text)
			}
		})
	}
}

// An entry of an earlier install (an absolute path, committed by one
// user) is replaced where it stands, not duplicated; a user install from a
// moved binary replaces the stale path.
func TestReinstallReplacesInPlace(t *testing.T) {
	o := opts(t, hook.Claude, Project)
	path, _ := Path(o)
	old := strings.ReplaceAll(string(read(t, filepath.Join("testdata", "edit", "claude-merged.golden"))), `"mandate hook claude"`, `"/home/alice/bin/mandate hook claude"`)
	put(t, path, []byte(old))
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); !bytes.Equal(got, read(t, filepath.Join("testdata", "edit", "claude-merged.golden"))) {
		t.Errorf("legacy entries not replaced in place:\n%s", got)
	}

	o = opts(t, hook.Claude, User)
	o.Exe = "/old/place/mandate"
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	o.Exe = "/new place/mandate"
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	path, _ = Path(o)
	got := string(read(t, path))
	if strings.Contains(got, "/old/place") || strings.Count(got, `'/new place/mandate' hook claude`) != 5 {
		t.Errorf("settings:\n%s", got)
	}
}

// Bad input: install and uninstall exit with the file (and, where there
// is one, the line and column) and the reason, and change nothing.
func TestBadSettingsChangeNothing(t *testing.T) {
	cases := []struct {
		name, agent, text string
		want              string // in the error
	}{
		{"syntax", hook.Claude, "{\n  \"model\": \"opus\",\n  \"hooks\": {]\n}\n", ":3:13: not valid JSON: invalid character ']'"},
		{"truncated", hook.Claude, `{"a": `, ":1:7: not valid JSON"},
		{"top-level array", hook.Claude, `[1]`, ":1:1: the top level is not a JSON object"},
		{"hooks not object", hook.Claude, `{"hooks": [1,2]}`, `:1:11: "hooks" is not an object`},
		{"event not array", hook.Claude, `{"hooks":{"PreToolUse":{}}}`, ":1:24: hooks.PreToolUse is not an array"},
		{"comment, strict agent", hook.Claude, "{\n  // mine\n  \"model\": \"opus\"\n}\n", ":2:3: a comment: Claude Code (2.1.330) ignores"},
		{"comment, codex", hook.Codex, "{ /* x */ }", ":1:3: a comment: Codex"},
		{"comment, copilot", hook.Copilot, "{\"version\": 1 // v\n}", ":1:15: a comment: Copilot CLI"},
		{"comment, cursor", hook.Cursor, "{\"version\": 1 // v\n}", ":1:15: a comment: Cursor"},
		{"trailing comma, gemini", hook.Gemini, "{\n  \"a\": [1, 2,],\n}\n", ":2:13: a trailing comma: Gemini CLI (0.61.0) refuses to start"},
		{"duplicate key", hook.Gemini, "{\"hooks\": {}, \"x\": 1, \"hooks\": {}}", `:1:23: the key "hooks" appears twice`},
		{"duplicate escaped", hook.Claude, `{"hooks": {}, "hoo\u006bs": {}}`, `:1:15: the key "hooks" appears twice`},
		{"disableAllHooks", hook.Claude, `{"disableAllHooks": true}`, ":1:21: disableAllHooks is true"},
		{"gemini hooks off", hook.Gemini, `{"hooksConfig": {"enabled": false}}`, ":1:29: hooksConfig.enabled is false"},
		{"gemini mandate disabled", hook.Gemini, `{"hooksConfig": {"disabled": ["mandate"]}}`, `:1:31: hooksConfig.disabled lists "mandate"`},
		{"copilot version 2", hook.Copilot, `{"version": 2, "hooks": {}}`, ":1:13: version is 2"},
		{"too deep", hook.Claude, "{\"a\":" + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "}", ": nested more than 256 levels"},
		{"bom", hook.Gemini, "\ufeff{}", ":1:1: not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := opts(t, c.agent, Project)
			path, _ := Path(o)
			put(t, path, []byte(c.text))
			_, err := Install(o)
			var fe *FileError
			if err == nil || !errors.As(err, &fe) || !strings.Contains(err.Error(), path+c.want) || !errors.Is(err, ErrParse) {
				t.Errorf("install error %v, want %q", err, path+c.want)
			}
			if got := string(read(t, path)); got != c.text {
				t.Errorf("file changed to %q", got)
			}
		})
	}
}

// A symbolic link, something that is not a regular file, a read-only
// file or one too large: refused before anything is written.
func TestUnsafeSettingsFiles(t *testing.T) {
	o := opts(t, hook.Claude, Project)
	path, _ := Path(o)
	target := filepath.Join(t.TempDir(), "dotfiles", "settings.json")
	put(t, target, []byte("{}\n"))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(Options) (Result, error){Install, Uninstall} {
		_, err := f(o)
		if err == nil || !errors.Is(err, ErrUnsafe) || !strings.Contains(err.Error(), "symbolic link to "+target) {
			t.Errorf("symlink: %v", err)
		}
	}
	if l, err := os.Readlink(path); err != nil || l != target || string(read(t, target)) != "{}\n" {
		t.Errorf("link or target changed: %q %v", l, err)
	}

	o = opts(t, hook.Gemini, Project)
	path, _ = Path(o)
	put(t, path, []byte("{}\n"))
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(o); err == nil || !strings.Contains(err.Error(), path+": is read-only (mode 0444)") {
		t.Errorf("read-only: %v", err)
	}
	if st, _ := os.Stat(path); string(read(t, path)) != "{}\n" || st.Mode().Perm() != 0o444 {
		t.Errorf("read-only file changed")
	}

	o = opts(t, hook.Cursor, Project)
	path, _ = Path(o)
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(o); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("directory: %v", err)
	}

	o = opts(t, hook.Codex, Project)
	path, _ = Path(o)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(o); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("fifo: %v", err)
	}

	o = opts(t, hook.Copilot, Project)
	path, _ = Path(o)
	put(t, path, append([]byte(`{"x": "`), append(bytes.Repeat([]byte("a"), maxSettingsSize), `"}`...)...))
	if _, err := Install(o); err == nil || !strings.Contains(err.Error(), "more than the") {
		t.Errorf("too large: %v", err)
	}
}

func TestScopeAndAgentErrors(t *testing.T) {
	o := opts(t, hook.Hermes, Project)
	if _, err := Install(o); !errors.Is(err, ErrScope) {
		t.Errorf("hermes --project: %v", err)
	}
	o = opts(t, "claude-code", Project)
	if _, err := Install(o); !errors.Is(err, ErrAgent) {
		t.Errorf("unknown agent: %v", err)
	}
	o = opts(t, hook.Claude, User)
	o.Exe = "mandate"
	if _, err := Install(o); err == nil {
		t.Error("relative exe accepted for a user install")
	}
	o = opts(t, hook.Claude, Project)
	o.Exe = ""
	if res, err := Install(o); err != nil || res.Command != "mandate hook claude" {
		t.Errorf("project install without Exe: %+v %v", res, err)
	}
	if DefaultScope(hook.Hermes) != User || DefaultScope(hook.Claude) != Project {
		t.Error("default scopes")
	}
}

func TestIsMandateCommand(t *testing.T) {
	cases := []struct {
		cmd, agent string
		ok         bool
	}{
		{"mandate hook claude", "claude", true},
		{"mandate hook copilot preToolUse", "copilot", true},
		{"/usr/bin/mandate hook claude", "claude", true},
		{"'/a b/mandate' hook copilot preToolUse", "copilot", true},
		{"/usr/bin/mandate hook codex", "claude", false},
		{"/usr/local/bin/mandate-v2 hook claude", "claude", true},
		{"/usr/bin/mandatory hook claude", "claude", false},
		{"/usr/bin/other hook claude", "claude", false},
		{"mandate check", "claude", false},
		{"/usr/bin/mandate-hook claude", "claude", true},
		{"mandate-hook claude", "claude", true},
		{"'/a b/mandate-hook' copilot preToolUse", "copilot", true},
		{"/usr/bin/mandate-hook codex", "claude", false},
		{"/usr/bin/mandate-hook hook claude", "claude", false},
		{"/usr/bin/mandate-engine hook claude", "claude", true},
		{"", "claude", false},
	}
	for _, c := range cases {
		if _, ok := IsMandateCommand(c.cmd, c.agent); ok != c.ok {
			t.Errorf("IsMandateCommand(%q, %q) = %v", c.cmd, c.agent, ok)
		}
	}
	for _, c := range []struct {
		scope      Scope
		exe, agent string
		want       string
	}{
		{Project, "/home/alice/bin/mandate", "claude", "mandate hook claude"},
		{Project, "", "gemini", "mandate hook gemini"},
		{User, "/a b/it's/mandate", "claude", `'/a b/it'\''s/mandate' hook claude`},
		{User, "/opt/bin/mandate-engine", "gemini", "/opt/bin/mandate-engine hook gemini"},
	} {
		got := HookCommand(c.scope, c.exe, c.agent)
		if got != c.want {
			t.Errorf("HookCommand(%s, %q) = %s, want %s", c.scope, c.exe, got, c.want)
		}
		if p, ok := IsMandateCommand(got, c.agent); !ok || c.scope == User && p != c.exe {
			t.Errorf("round trip of %s: %q %v", got, p, ok)
		}
	}
}

func TestFrontBeside(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, EngineName)
	if got := FrontBeside(exe); got != "" {
		t.Errorf("no front: %q", got)
	}
	c := filepath.Join(dir, FrontName)
	if err := os.WriteFile(c, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := FrontBeside(exe); got != "" {
		t.Errorf("non-executable front used: %q", got)
	}
	if err := os.Chmod(c, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := FrontBeside(exe); got != c {
		t.Errorf("FrontBeside = %q, want %q", got, c)
	}
}

// Hermes: YAML the line edits do not handle (flow style, an empty list)
// is re-encoded, comments kept; a file Hermes would not read is refused.
func TestHermesYAML(t *testing.T) {
	o := opts(t, hook.Hermes, "")
	path, _ := Path(o)
	text := "# mine\nmodel: hermes-4\nhooks: {pre_tool_call: [{command: other}]}\n"
	put(t, path, []byte(text))
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	got := string(read(t, path))
	if !strings.Contains(got, "# mine") || !strings.Contains(got, "command: other") || strings.Count(got, exe+" hook hermes") != 4 {
		t.Errorf("flow style install:\n%s", got)
	}
	if res, err := Install(o); err != nil || res.Changed {
		t.Errorf("second install: %+v %v", res, err)
	}
	if _, err := Uninstall(o); err != nil {
		t.Fatal(err)
	}
	if got := string(read(t, path)); strings.Contains(got, "mandate") || !strings.Contains(got, "command: other") {
		t.Errorf("flow style uninstall:\n%s", got)
	}

	for _, c := range []struct{ text, want string }{
		{"model: a\nhooks: x: y\n", path + ":2: not valid YAML: mapping values are not allowed in this context"},
		{"model: a\n---\nmodel: b\n", path + ": holds 2 YAML documents"},
		{"hooks: {}\nmodel: a\nhooks: {}\n", path + `:3:1: the key "hooks" appears twice`},
		{"hooks: 3\n", path + ":1:8: hooks is not a mapping"},
		{"- a\n", path + ":1:1: the top level is not a mapping"},
	} {
		put(t, path, []byte(c.text))
		if _, err := Install(o); err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrParse) {
			t.Errorf("%q: %v, want %q", c.text, err, c.want)
		}
		if got := string(read(t, path)); got != c.text {
			t.Errorf("%q changed to %q", c.text, got)
		}
	}
}
