package gate

import (
	"reflect"
	"testing"
)

// The programs a hook configuration registers, whatever the agent's file
// format: these are Mandate binaries, protected and pinned.
func TestRegisteredPrograms(t *testing.T) {
	cases := []struct {
		name    string
		format  configFormat
		content string
		want    []string
	}{
		{"claude", formatClaudeJSON, `{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"/opt/m/bin/mandate hook claude"}]}]}}`, []string{"/opt/m/bin/mandate"}},
		{"claude exec form", formatClaudeJSON, `{"hooks":{"PreToolUse":[{"hooks":[{"type":"command","command":"/usr/local/bin/mandate-engine","args":["hook","claude"]}]}]}}`, []string{"/usr/local/bin/mandate-engine"}},
		{"quoted path", formatJSON, `{"hooks":{"BeforeTool":[{"hooks":[{"command":"'/Users/dev/My Tools/mandate' hook gemini"}]}]}}`, []string{"/Users/dev/My Tools/mandate"}},
		{"copilot bash", formatJSON, `{"version":1,"hooks":{"preToolUse":[{"type":"command","bash":"/home/dev/bin/mandate hook copilot preToolUse"}]}}`, []string{"/home/dev/bin/mandate"}},
		{"home-relative", formatJSON, `{"hooks":{"preToolUse":[{"command":"~/bin/mandate hook cursor"}]}}`, []string{"/home/dev/bin/mandate"}},
		{"hermes yaml", formatYAML, "hooks:\n  pre_tool_call:\n    - command: \"/usr/local/bin/mandate hook hermes pre_tool_call\"\n", []string{"/usr/local/bin/mandate"}},
		{"codex toml", formatTOML, "[[hooks.PreToolUse.hooks]]\ntype = \"command\"\ncommand = \"/opt/mandate hook codex\"\n", []string{"/opt/mandate"}},
		{"codex toml literal", formatTOML, "command = '/opt/x/mandate hook codex'\n", []string{"/opt/x/mandate"}},
		{"legacy client", formatJSON, `{"hooks":{"PreToolUse":[{"hooks":[{"command":"/usr/bin/mandate-hook claude"}]}]}}`, []string{"/usr/bin/mandate-hook"}},
		{"another tool", formatJSON, `{"hooks":{"PreToolUse":[{"hooks":[{"command":"/usr/bin/steer hook claude"}]}]}}`, nil},
		{"bare name (found on PATH instead)", formatJSON, `{"hooks":{"PreToolUse":[{"hooks":[{"command":"mandate hook claude"}]}]}}`, nil},
		{"broken JSON", formatJSON, `{"hooks":`, nil},
	}
	for _, tc := range cases {
		got := registeredPrograms([]byte(tc.content), tc.format, "/home/dev")
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The governance digest of a Claude Code settings file leaves out what
// Claude Code itself writes during a call, and nothing else.
func TestGovDigest(t *testing.T) {
	empty := govOf(formatClaudeJSON, nil, true)
	same := []string{
		`{}`,
		`{"permissions":{"allow":["Bash(npm test:*)"]}}`,
		`{"permissions":{"allow":[],"deny":["Read(.env)"],"ask":[]},"model":"opus"}`,
	}
	for _, s := range same {
		if g := govOf(formatClaudeJSON, []byte(s), false); g != empty {
			t.Errorf("%s: %s, want the digest of an absent file", s, g)
		}
	}
	different := []string{
		`{"disableAllHooks":true}`,
		`{"hooks":{}}`,
		`{"env":{"MANDATE_POLICY":"/tmp/p.yaml"}}`,
		`{"permissions":{"defaultMode":"bypassPermissions"}}`,
		// another directory's skills, commands and agents load (red-team round 24 fix)
		`{"permissions":{"additionalDirectories":["/tmp/w"]}}`,
		`{"statusLine":{"type":"command","command":"sh x"}}`,
		``,
		`not json`,
	}
	seen := map[string]string{}
	for _, s := range different {
		g := govOf(formatClaudeJSON, []byte(s), false)
		if g == empty {
			t.Errorf("%q governs nothing, want a change", s)
		}
		if prev, ok := seen[g]; ok {
			t.Errorf("%q and %q have the same digest", s, prev)
		}
		seen[g] = s
	}
	if govOf(formatJSON, nil, true) == govOf(formatJSON, []byte(`{}`), false) {
		t.Error("for other agents an empty file is not an absent one")
	}
}

func FuzzRegisteredPrograms(f *testing.F) {
	f.Add([]byte(`{"hooks":{"PreToolUse":[{"hooks":[{"command":"/opt/mandate hook claude","args":["x"]}]}]}}`), uint8(formatJSON))
	f.Add([]byte("hooks:\n  pre_tool_call:\n    - command: /m hook hermes\n"), uint8(formatYAML))
	f.Add([]byte("command = \"/opt/mandate hook codex\"\ncommand = 'x\n"), uint8(formatTOML))
	f.Fuzz(func(t *testing.T, b []byte, format uint8) {
		for _, p := range registeredPrograms(b, configFormat(format%4+1), "/home/dev") {
			if p == "" || p[0] != '/' {
				t.Fatalf("a relative program %q", p)
			}
		}
		govOf(configFormat(format%4+1), b, false)
	})
}
