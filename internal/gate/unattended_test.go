package gate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/evidence"
	"github.com/mandate-dev/mandate/internal/install"
	"github.com/mandate-dev/mandate/internal/policy"
)

// claudeHooks is a project settings file routing Claude Code's calls to
// Mandate, as mandate install claude --project writes it.
const claudeHooks = `{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"mandate hook claude"}]}]}}`

// Class "delayed-governance-change" (red-team round 23 (c), #1), hook
// configurations and binaries: a process an allowed command left behind
// changes what routes the agents' calls to Mandate after the call landed,
// with nothing in flight. That is a tamper lock of its scope, attributed
// to no call, for the running session and every new one, until a person
// acknowledges it.
func TestRoutingChangeWithNothingInFlightLocks(t *testing.T) {
	settings := func(e *env) string { return filepath.Join(e.repo, ".claude", "settings.json") }
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, e *env)
		global bool
	}{
		{"hooks emptied", func(t *testing.T, e *env) { write(t, settings(e), `{}`) }, false},
		{"settings removed", func(t *testing.T, e *env) { os.Remove(settings(e)) }, false},
		{"disableAllHooks added", func(t *testing.T, e *env) {
			write(t, settings(e), strings.TrimSuffix(claudeHooks, "}")+`,"disableAllHooks":true}`)
		}, false},
		{"Mandate's hook routed elsewhere", func(t *testing.T, e *env) {
			write(t, settings(e), strings.Replace(claudeHooks, "mandate hook claude", "/tmp/m/mandate hook claude", 1))
		}, false},
		{"matcher narrowed", func(t *testing.T, e *env) {
			write(t, settings(e), strings.Replace(claudeHooks, `"matcher":"*"`, `"matcher":"NoSuchTool"`, 1))
		}, false},
		{"a hook command added", func(t *testing.T, e *env) {
			write(t, settings(e), `{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"mandate hook claude"}]}],`+
				`"SessionStart":[{"hooks":[{"type":"command","command":"sh src/x.sh"}]}]}}`)
		}, false},
		{"env set beside the hooks", func(t *testing.T, e *env) {
			write(t, settings(e), strings.TrimSuffix(claudeHooks, "}")+`,"env":{"PATH":"/tmp/m"}}`)
		}, false},
		{"settings.local.json created with disableAllHooks", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"disableAllHooks":true}`)
		}, false},
		{"settings made unparsable", func(t *testing.T, e *env) { write(t, settings(e), `{"hooks":`) }, false},
		// red-team round 24 (c), #2: Claude loads the skills, commands and
		// agents of an added directory (round 24 fix: not routing-harmless)
		{"an additional directory added", func(t *testing.T, e *env) {
			write(t, settings(e), strings.TrimSuffix(claudeHooks, "}")+`,"permissions":{"additionalDirectories":["/tmp/w"]}}`)
		}, false},
		{"settings.local.json created with an additional directory", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".claude", "settings.local.json"), `{"permissions":{"additionalDirectories":["/tmp/w"]}}`)
		}, false},
		{"codex project hooks removed", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".codex", "config.toml"), "model = \"o4\"\n")
		}, false},
		{"gemini .env written", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.repo, ".gemini", ".env"), "PATH=/tmp/m\n")
		}, false},
		{"a Mandate binary replaced", func(t *testing.T, e *env) {
			write(t, filepath.Join(e.bin, "mandate-engine"), "#!/bin/sh\nexit 0\n")
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			write(t, settings(e), claudeHooks)
			write(t, filepath.Join(e.repo, ".codex", "config.toml"), "model = \"o3\"\n\n[[hooks.PreToolUse]]\ncommand = \"mandate hook codex\"\n")
			write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
			e.g = e.gateAt(t, e.repo)
			e.landed(t)
			tc.change(t, e)
			g := e.gateAt(t, e.repo)
			d := mustDecide(t, g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Deny)
			if !strings.Contains(d.Reason, "outside any agent call") || !strings.Contains(d.Reason, "mandate tamper ack") {
				t.Errorf("reason: %s", d.Reason)
			}
			mustDecide(t, g, e.call(e.repo, "s-new", "t-2", "ls"), policy.Deny)
			tam := e.ofType(t, evidence.TypeTamper)
			if len(tam) != 1 || tam[0].Extra["attribution"] != attributionNone || tam[0].Extra["why"] == "" {
				t.Fatalf("tamper records: %+v", tam)
			}
			if tc.global != (tam[0].Extra["scope"] == "global") {
				t.Errorf("scope %v", tam[0].Extra["scope"])
			}
			locks, err := Locks(e.state)
			if err != nil || len(locks) != 1 {
				t.Fatalf("locks: %+v, %v", locks, err)
			}
			c := locks[0].Changes[0]
			if c.Attribution != attributionNone || len(c.Actions) != 0 || !hasSession(c.Sessions, "s-1") {
				t.Fatalf("lock change: %+v", c)
			}
			if _, err := Ack(context.Background(), AckOptions{StateDir: e.state, Log: e.log, Restore: true, Who: AckIdentity{User: "dev"}}); err != nil {
				t.Fatal(err)
			}
			mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-new", "t-3", "ls"), policy.Allow)
		})
	}
}

func hasSession(ls []LockAction, id string) bool {
	for _, a := range ls {
		if a.SessionID == id {
			return true
		}
	}
	return false
}

// Everyday (no false alarms): members the agents rewrite themselves when a
// person picks a theme or a model or answers a prompt route nothing; with
// nothing in flight such a change is a governance-change, no lock.
func TestHarmlessConfigChangeStaysAGovernanceChange(t *testing.T) {
	for _, tc := range []struct {
		name         string
		file, before string
		after        string
	}{
		{"claude output style", ".claude/settings.json", claudeHooks,
			strings.TrimSuffix(claudeHooks, "}") + `,"outputStyle":"Explanatory"}`},
		{"claude permission rule and model", ".claude/settings.json", claudeHooks,
			strings.TrimSuffix(claudeHooks, "}") + `,"permissions":{"allow":["Bash(npm test:*)"]},"model":"opus","outputStyle":"x"}`},
		{"gemini theme", ".gemini/settings.json", `{"hooks":{"BeforeTool":[{"hooks":[{"type":"command","command":"mandate hook gemini"}]}]}}`,
			`{"hooks":{"BeforeTool":[{"hooks":[{"type":"command","command":"mandate hook gemini"}]}]},"ui":{"theme":"Dracula"}}`},
		{"codex model", ".codex/config.toml", "model = \"o3\"\n\n[[hooks.PreToolUse]]\ncommand = \"mandate hook codex\"\n",
			"model = \"gpt-5\"\n\n[[hooks.PreToolUse]]\ncommand = \"mandate hook codex\"\n"},
		{"codex trusts a project", ".codex/config.toml", "model = \"o3\"\n",
			"model = \"o3\"\n\n[projects.\"/home/dev/src/app\"]\ntrust_level = \"trusted\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			path := filepath.Join(e.repo, filepath.FromSlash(tc.file))
			write(t, path, tc.before)
			write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
			e.g = e.gateAt(t, e.repo)
			e.landed(t)
			write(t, path, tc.after)
			g := e.gateAt(t, e.repo)
			mustDecide(t, g, e.call(e.repo, "s-1", "t-1", "ls"), policy.Allow)
			mustDecide(t, g, e.call(e.repo, "s-new", "t-2", "ls"), policy.Allow)
			if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
				t.Errorf("%d tamper records", n)
			}
		})
	}
}

// Mandate's own change, run by a person: mandate uninstall removes the
// hooks and moves the pins itself (Accept with the file it wrote), so
// nothing locks and the change is on the record.
func TestUninstallByAPersonDoesNotLock(t *testing.T) {
	e := newEnv(t, "")
	write(t, filepath.Join(e.repo, policy.FileName), npmPolicy)
	o := install.Options{Agent: "claude", Scope: install.Project, Home: e.home, Repo: e.repo}
	if _, err := install.Install(o); err != nil {
		t.Fatal(err)
	}
	e.g = e.gateAt(t, e.repo)
	e.landed(t)
	res, err := install.Uninstall(o)
	if err != nil || !res.Changed {
		t.Fatalf("uninstall: %+v, %v", res, err)
	}
	rep, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{res.Path}, Expect: asWritten(t, res.Path),
		By: "mandate uninstall claude", Who: AckIdentity{User: "dev"}})
	if err != nil || len(rep.Files) != 1 || rep.Files[0].Path != res.Path {
		t.Fatalf("accept: %+v, %v", rep, err)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-2", "t-1", "ls"), policy.Allow)
	if n := len(e.ofType(t, evidence.TypeTamper)); n != 0 {
		t.Errorf("%d tamper records after an uninstall by a person", n)
	}
	acc := e.ofType(t, evidence.TypeGovernanceAccept)
	if len(acc) != 1 || acc[0].Extra["by"] != "mandate uninstall claude" {
		t.Fatalf("governance.accept records: %+v", acc)
	}
	// Installed again the same way: no lock either.
	if _, err := install.Install(o); err != nil {
		t.Fatal(err)
	}
	if _, err := Accept(context.Background(), AcceptOptions{StateDir: e.state, Log: e.log, Paths: []string{res.Path}, Expect: asWritten(t, res.Path),
		By: "mandate install claude", Who: AckIdentity{User: "dev"}}); err != nil {
		t.Fatal(err)
	}
	mustDecide(t, e.gateAt(t, e.repo), e.call(e.repo, "s-3", "t-2", "ls"), policy.Allow)
}

// The members a change touched, compared leaf by leaf, TOML as Codex
// writes it, read by a TOML parser: values spanning lines are leaves like
// any other; what does not parse is an error (a change of such a file
// locks).
func TestConfigMembers(t *testing.T) {
	toml := "# c\nmodel = \"o3\" # x\n[projects.\"/a.b/c\"]\ntrust_level = \"trusted\"\n[[hooks.PreToolUse]]\ncommand = 'mandate hook codex'\nargs = [\"a\", \"]\"]\n" +
		"notify = [\n\"sh\",\n\"x.sh\"]\nnote = \"\"\"\nmulti\n\"\"\"\n"
	m, err := flattenConfig(formatTOML, []byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"model":                                   `"o3"`,
		"projects\x00/a.b/c\x00trust_level":       `"trusted"`,
		"hooks\x00PreToolUse\x000\x00command":     `"mandate hook codex"`,
		"hooks\x00PreToolUse\x000\x00args\x000":   `"a"`,
		"hooks\x00PreToolUse\x000\x00args\x001":   `"]"`,
		"hooks\x00PreToolUse\x000\x00notify\x001": `"x.sh"`,
		"hooks\x00PreToolUse\x000\x00note":        `"multi\n"`,
	} {
		if m[k] != want {
			t.Errorf("%q = %q, want %q (%q)", k, m[k], want, m)
		}
	}
	for _, bad := range []string{"not toml\n", "[a\n", "a = 1\na = 2\n", "args = [\n\"a\"\n"} {
		if _, err := flattenConfig(formatTOML, []byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	for _, tc := range []struct {
		m    []string
		pat  string
		want bool
	}{
		{[]string{"ui", "theme"}, "ui.**", true},
		{[]string{"ui"}, "ui.**", true},
		{[]string{"uix"}, "ui.**", false},
		{[]string{"projects", "/x", "trust_level"}, "projects.*.trust_level", true},
		{[]string{"projects", "/x", "mcp"}, "projects.*.trust_level", false},
		{[]string{"model", "name"}, "model", false},
	} {
		if got := matchMember(tc.m, strings.Split(tc.pat, ".")); got != tc.want {
			t.Errorf("%v ~ %s: %v", tc.m, tc.pat, got)
		}
	}
}
