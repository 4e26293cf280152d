package install

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/hook"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
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

// Installing into nothing writes the golden settings; installing again
// changes nothing, byte for byte; uninstalling removes the file again.
func TestInstallFreshIdempotentUninstall(t *testing.T) {
	for _, agent := range hook.Names {
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
				if !res.Changed || len(res.Notes) == 0 {
					t.Errorf("result %+v", res)
				}
				first := read(t, res.Path)
				golden(t, agent+"."+string(scope)+".golden", first)
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

// Existing settings and hooks survive install, and uninstall restores the
// file byte for byte.
func TestInstallKeepsEverythingElse(t *testing.T) {
	existing := map[string]string{
		hook.Claude: `{
  "model": "opus",
  "permissions": {
    "allow": [
      "Bash(npm test)"
    ],
    "deny": []
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "/usr/local/bin/lint-hook"
          }
        ]
      }
    ],
    "Stop": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "notify-send done"
          }
        ]
      }
    ]
  },
  "env": {
    "N": 1.50
  }
}
`,
		hook.Gemini: `{
    "security": {
        "auth": {
            "selectedType": "gemini-api-key"
        }
    },
    "hooks": {
        "BeforeTool": [
            {
                "matcher": "write_file",
                "hooks": [
                    {
                        "type": "command",
                        "command": "./check.sh <&> \u00e9"
                    }
                ]
            }
        ]
    },
    "hooksConfig": {
        "enabled": true
    }
}
`,
		hook.Copilot: `{
  "version": 1,
  "hooks": {
    "preToolUse": [
      {
        "type": "command",
        "bash": "./scripts/audit.sh"
      }
    ]
  }
}
`,
		hook.Hermes: `# my hermes config
model: hermes-4
hooks:
  pre_tool_call:
    - matcher: terminal
      command: /usr/local/bin/other-hook # keep me
approvals:
  mode: smart
`,
	}
	for agent, text := range existing {
		t.Run(agent, func(t *testing.T) {
			o := opts(t, agent, "")
			path, err := Path(o)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeFile(path, []byte(text)); err != nil {
				t.Fatal(err)
			}
			if _, err := Install(o); err != nil {
				t.Fatal(err)
			}
			got := string(read(t, path))
			for _, keep := range []string{"other-hook", "lint-hook", "notify-send", "audit.sh", "check.sh", "gemini-api-key", "1.50", "smart", "# keep me", "# my hermes config"} {
				if strings.Contains(text, keep) && !strings.Contains(got, keep) {
					t.Errorf("lost %q:\n%s", keep, got)
				}
			}
			if !strings.Contains(got, exe+" hook "+agent) {
				t.Errorf("hook not installed:\n%s", got)
			}
			golden(t, agent+".merged.golden", []byte(got))
			if _, err := Uninstall(o); err != nil {
				t.Fatal(err)
			}
			after := string(read(t, path))
			if agent == hook.Gemini {
				// Unicode escapes are written as the characters they mean.
				text = strings.Replace(text, `\u00e9`, "é", 1)
			}
			if after != text {
				t.Errorf("uninstall did not restore the file:\n--- got\n%s\n--- want\n%s", after, text)
			}
		})
	}
}

// A reinstall from a moved binary replaces the stale entry, not adds one.
func TestReinstallReplacesStalePath(t *testing.T) {
	o := opts(t, hook.Claude, Project)
	o.Exe = "/old/place/mandate"
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	o.Exe = "/new place/mandate"
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	got := string(read(t, filepath.Join(o.Repo, ".claude", "settings.json")))
	if strings.Contains(got, "/old/place") || strings.Count(got, `'/new place/mandate' hook claude`) != 5 {
		t.Errorf("settings:\n%s", got)
	}
}

func TestBrokenSettingsNeverOverwritten(t *testing.T) {
	for _, text := range []string{`{"hooks": [1,2]}`, `{"a": `, `[1]`, `{"hooks":{"PreToolUse":{}}}`} {
		o := opts(t, hook.Claude, Project)
		path, _ := Path(o)
		if err := writeFile(path, []byte(text)); err != nil {
			t.Fatal(err)
		}
		if _, err := Install(o); err == nil {
			t.Errorf("%s: install succeeded", text)
		}
		if got := string(read(t, path)); got != text {
			t.Errorf("%s: file changed to %s", text, got)
		}
	}
}

func TestScopeAndAgentErrors(t *testing.T) {
	o := opts(t, hook.Hermes, Project)
	if _, err := Install(o); err == nil {
		t.Error("hermes --project accepted")
	}
	o = opts(t, "claude-code", Project)
	if _, err := Install(o); err == nil {
		t.Error("unknown agent accepted")
	}
	o = opts(t, hook.Claude, Project)
	o.Exe = "mandate"
	if _, err := Install(o); err == nil {
		t.Error("relative exe accepted")
	}
}

func TestIsMandateCommand(t *testing.T) {
	cases := []struct {
		cmd, agent string
		ok         bool
	}{
		{"/usr/bin/mandate hook claude", "claude", true},
		{"'/a b/mandate' hook copilot preToolUse", "copilot", true},
		{"/usr/bin/mandate hook codex", "claude", false},
		{"/usr/local/bin/mandate-v2 hook claude", "claude", true},
		{"/usr/bin/mandatory hook claude", "claude", false},
		{"/usr/bin/other hook claude", "claude", false},
		{"mandate check", "claude", false},
		{"/usr/bin/mandate-hook claude", "claude", true},
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
	if got := HookCommand("/a b/it's/mandate", "claude"); got != `'/a b/it'\''s/mandate' hook claude` {
		t.Errorf("HookCommand quoting: %s", got)
	}
	if f := shellFields(HookCommand("/a b/it's/mandate", "claude")); len(f) != 3 || f[0] != "/a b/it's/mandate" {
		t.Errorf("round trip: %q", f)
	}
	if got := HookCommand("/opt/bin/mandate-engine", "gemini"); got != "/opt/bin/mandate-engine hook gemini" {
		t.Errorf("HookCommand for the engine: %s", got)
	}
}

// The ordered JSON round-trips any settings file it accepts.
func FuzzOrderedJSON(f *testing.F) {
	f.Add([]byte(`{"a":[1,2.5e3,{"b":null}],"c":"\u003c\u00e9","d":true}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := parseJSON(data)
		if err != nil {
			return
		}
		out := n.encode("  ")
		m, err := parseJSON(out)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		if !bytes.Equal(m.encode("  "), out) {
			t.Fatalf("not stable: %s", out)
		}
	})
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
