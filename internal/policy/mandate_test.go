package policy

import "testing"

// TestMandateInvocations: Mandate run by an agent, under any name or path,
// may only run its read-only subcommands.
func TestMandateInvocations(t *testing.T) {
	p := mustParse(t, "policies: []").WithOptions(mandateFixture(t))
	const by = "mandate-by-identity"
	const sub = "mandate-subcommand-allowlist"
	runLines(t, p, "", []lineCase{
		{by, "mandate-engine uninstall claude --project", Deny, "no-disable"},
		{by, "mandate-hook claude", Deny, "no-disable"},
		{by, "/home/dev/bin/mandate-engine uninstall claude", Deny, "no-disable"},
		{by, "./src/tool uninstall claude --project", Deny, "no-disable"}, // hard link
		{by, "/tmp/x/helper uninstall claude", Deny, "no-disable"},        // a copy under another name
		{by, "cd /tmp/x && ./helper prune --before 1d", Deny, "no-disable"},
		{by, "m uninstall claude", Deny, "no-disable"}, // a symlink found on $PATH
		{by, "sudo mandate-engine serve", Deny, "no-disable"},
		{by, "bash -c 'mandate uninstall claude'", Deny, "no-disable"},
		{by, "env FOO=1 /usr/local/bin/m init", Deny, "no-disable"},
		{by, "go run ./cmd/mandate uninstall claude", Deny, "no-disable"},
		{by, "go run -tags x github.com/mandate-dev/mandate/cmd/mandate-engine@latest prune", Deny, "no-disable"},
		// A program the line itself makes from Mandate, then runs.
		{by, "ln -s /home/dev/bin/mandate-engine /tmp/m && /tmp/m uninstall claude", Deny, "no-disable"},
		{by, "cp /tmp/x/helper /tmp/y; /tmp/y prune --before 1d", Deny, "no-disable"},
		{by, "ln -s /home/dev/bin/mandate /home/dev/bin/tool && tool uninstall", Deny, "no-disable"},
		{by, "go build -o /tmp/m ./cmd/mandate-engine && /tmp/m uninstall claude", Deny, "no-disable"},
		{by, "go build -o bin/app ./cmd/app && ./bin/app serve", Allow, ""},
		{by, "ln -s /usr/bin/ls /tmp/l && /tmp/l -la", Allow, ""},
		{sub, "mandate uninstall claude", Deny, "no-disable"},
		{sub, "mandate prune --before 90d", Deny, "no-disable"},
		{sub, "mandate init", Deny, "no-disable"},
		{sub, "mandate serve --idle -1s", Deny, "no-disable"},
		{sub, "mandate checkpoint", Deny, "no-disable"},
		{sub, "mandate install claude --user", Deny, "no-disable"},
		{sub, "mandate export --out /tmp/b.json", Deny, "no-disable"},
		{sub, "mandate hook claude < forged.json", Deny, "no-disable"},
		{sub, "mandate demo", Deny, "no-disable"},
		{sub, "mandate tamper ack", Deny, "no-disable"},
		{sub, "mandate frobnicate", Deny, "no-disable"},
		{sub, "mandate", Deny, "no-disable"},
		{sub, "mandate $SUB", Deny, "no-disable"},
		{sub, "mandate unins*", Deny, "no-disable"},
		{sub, "mandate --policy x.yaml uninstall", Deny, "no-disable"},
		{sub, "mandate --help uninstall", Deny, "no-disable"},
		{sub, "mandate policy", Deny, "no-disable"},
		{sub, "mandate policy edit", Deny, "no-disable"},
		{sub, "mandate session delete x", Deny, "no-disable"},
		// The read-only subcommands run, under any name.
		{sub, "mandate check --command 'rm -rf /'", Allow, ""},
		{sub, "mandate log --limit 5", Allow, ""},
		{sub, "mandate log verify", Allow, ""},
		{sub, "mandate-engine sessions --json", Allow, ""},
		{sub, "mandate verify", Allow, ""},
		{sub, "mandate policy validate", Allow, ""},
		{sub, "mandate policy test -v", Allow, ""},
		{sub, "mandate policy explain --command ls", Allow, ""},
		{sub, "mandate policy --help", Allow, ""},
		{sub, "mandate doctor", Allow, ""},
		{sub, "mandate version", Allow, ""},
		{sub, "mandate --help", Allow, ""},
		{sub, "mandate help", Allow, ""},
		{sub, "mandate session show abc", Allow, ""},
		{sub, "mandate tamper status", Allow, ""},
		{by, "./src/tool check --command ls", Allow, ""},
		{by, "/home/dev/bin/other uninstall", Allow, ""}, // same size, other content
		{by, "ls -la", Allow, ""},
		{by, "go run ./cmd/server", Allow, ""},
	})
}

func TestMandateVerdict(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"check"}, true},
		{[]string{"-h"}, true},
		{[]string{"--version"}, true},
		{[]string{"policy", "test"}, true},
		{[]string{"policy", "help"}, true},
		{[]string{"tamper", "status"}, true},
		{nil, false},
		{[]string{"-x", "check"}, false},
		{[]string{"tamper"}, false},
		{[]string{"policy", "$X"}, false},
		{[]string{"{xargs-input}"}, false},
	} {
		if got := mandateVerdict(tc.args) == ""; got != tc.ok {
			t.Errorf("mandateVerdict(%q) ok = %v, want %v (%s)", tc.args, got, tc.ok, mandateVerdict(tc.args))
		}
	}
}
