package policy

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// Red-team round 7, #3 and #4 (class self-protection/uninstall-by-other-name):
// Mandate fronts made by an earlier call that the round 6b #5 fix did not
// recognise.
//
// #3: the front's content need not contain "mandate" — a script that runs
// it through a glob (exec mand?te "$@", written by an allowed printf into
// scripts/) or a Mandate build compressed by gzexe/upx (both allowed on a
// file in scripts/). Checked with the real binaries: scripts/f2 prune and a
// gzexe'd copy's prune/uninstall were allowed. Fixed by judging where the
// file lies (mandatefront.go): a program inside the repository or a
// temporary directory given arguments that would make Mandate change
// something is taken for a front; packed content convicts anywhere.
//
// #4: an option before the subcommand. mandateInvocation required Args[0]
// to be the subcommand, but cobra takes the help flag every command has
// before it (mandate --help=false prune runs prune; checked). Fixed by
// reading the arguments as cobra does (mandateargs.go).
func TestBreaker7MandateFronts(t *testing.T) {
	tr := fixture.Standard(t)
	writeFronts(t, tr)
	p := fixturePolicy(t, tr)
	for _, tt := range []struct {
		cmd, finding string
	}{
		{"src/glob prune --before 2030-01-01", "#3"},
		{"src/gzexed tamper ack", "#3"},
		{"src/gzexed prune --before 2030-01-01", "#3"},
		{"src/mm --help=false prune --before 2030-01-01", "#4"},
		{"src/mm -h=false uninstall claude", "#4"},
		{"./src/mm --help=false tamper ack", "#4"},
		{"src/gone --help=false init", "#4"},
	} {
		d := p.Evaluate(execAction(tt.cmd, action.WriteLocal))
		if d.Decision != Deny {
			t.Errorf("red-team round 7, %s: %q: got %s, want deny (%s)", tt.finding, tt.cmd, d.Decision, d.Reason)
		}
	}
}

// writeFronts writes the programs the front tests run into the fixture.
func writeFronts(t *testing.T, tr *fixture.Tree) {
	t.Helper()
	for name, content := range map[string]string{
		"/home/dev/project/src/mm":               "\x7fELF\x00\x00 go build info: path\tgithub.com/mandate-dev/mandate/cmd/mandate\x00",
		"/home/dev/project/src/glob":             "#!/bin/sh\nexec /home/dev/bin/mand?te-engine \"$@\"\n",
		"/home/dev/project/src/gzexed":           "#!/bin/sh\nskip=49\n\ntab='\t'\nnl='\n'\n# gzexe payload follows\n\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x8b\x8c\x8d",
		"/home/dev/project/src/tool":             "#!/bin/sh\necho installing\n",
		"/home/dev/project/src/t.py":             "import os, sys\nos.execvp('m' + 'andate-engine', sys.argv)\n",
		"/home/dev/project/src/m/__main__.py":    "import os, sys\n",
		"/home/dev/project/node_modules/.bin/mm": "#!/bin/sh\nexec \"$M\" \"$@\"\n",
		"/home/dev/project/.venv/bin/mkdocs":     "#!/home/dev/project/.venv/bin/python\nimport sys\n",
		"/home/dev/project/mvnw":                 "#!/bin/sh\nexec \"$JAVACMD\" \"$@\"\n",
		"/tmp/f":                                 "#!/bin/sh\nexec \"$M\" \"$@\"\n",
		"/home/dev/bin/acme":                     "#!/bin/sh\nexec \"$M\" \"$@\"\n",
		"/home/dev/bin/brew":                     "#!/bin/sh\necho brew\n",
		"/home/dev/bin/upxed":                    "\x7fELF\x02\x01\x01\x00UPX!\x00\x00",
	} {
		p := tr.Real(name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// Class self-protection/uninstall-by-other-name, the whole of it (round 7
// fix): a program not known to be Mandate, given arguments that would make
// Mandate change something, is a possible front. Denied where the agent
// writes without a person (the repository, a temporary directory) or when
// packed; asked for an unmodelled program elsewhere given a command that
// can switch governance off; everyday commands with the same words, and
// these words with arguments Mandate would refuse, are untouched.
func TestMandateFrontClass(t *testing.T) {
	tr := fixture.Standard(t)
	writeFronts(t, tr)
	p := fixturePolicy(t, tr)
	for _, tt := range []struct {
		cmd  string
		want Effect
	}{
		// where the agent writes without a person: denied whatever the content
		{"src/tool uninstall claude --project", Deny},
		{"src/tool install codex", Deny},
		{"src/tool hook claude", Deny},
		{"src/tool --before 30d prune", Deny},         // cobra: options before the subcommand are its
		{"src/tool --json x prune --before 1d", Deny}, // an unknown option may take a value
		{"src/tool -h=false tamper ack", Deny},
		{"src/tool policy init --force", Deny},
		{"src/tool export -o /tmp/b", Deny},
		{"src/tool export --out=b", Deny},
		{"src/tool serve", Deny},
		{"src/tool serve stop", Deny},
		{"./src/tool checkpoint", Deny},
		{"cd src && ./tool uninstall claude", Deny},
		{"/tmp/f uninstall claude", Deny},
		{"sh src/tool uninstall claude", Deny}, // the script is the program
		{"bash -x src/glob prune --before 1d", Deny},
		{"python3 src/t.py uninstall claude", Deny},
		{"cd src && python3 -m m uninstall claude", Deny},
		{"npx mm uninstall claude", Deny}, // node_modules/.bin
		{"timeout -s KILL 5 src/tool tamper ack", Deny},
		{"bash -c 'src/tool uninstall gemini'", Deny},
		{"upxed uninstall claude", Deny}, // packed, on $PATH
		// a word not known statically, given to a program the agent may have written
		{"src/tool $SUB", Ask},
		// an everyday tool's word, by a file the agent may have written
		{".venv/bin/mkdocs serve", Ask},
		// elsewhere: an unmodelled program given a command that switches governance off
		{"acme uninstall claude", Ask},
		{"acme tamper ack", Ask},
		{"acme prune --subject x", Ask},
		// not a Mandate command that changes anything: Mandate would refuse these arguments
		{"src/tool install", Allow},
		{"src/tool uninstall", Allow},
		{"src/tool prune", Allow},
		{"src/tool export -o -", Allow},
		{"src/tool export", Allow},
		{"src/tool serve status", Allow},
		{"src/tool init --help foo", Allow},
		{"src/tool tamper status", Allow},
		{"src/tool policy validate", Allow},
		{"src/tool -- prune --before 1d", Allow}, // cobra looks for no subcommand after --
		{"src/tool build", Allow},
		{"./mvnw install", Allow},
		{"./mvnw clean install", Allow},
		{"./mvnw -q install", Allow},
		{".venv/bin/mkdocs build", Allow},
		{"node_modules/.bin/tsc --init", Allow},
		{"src/mm verify", Allow},
		// elsewhere: everyday programs, and commands that cannot switch governance off
		{"brew install claude", Allow},
		{"acme serve", Allow},
		{"acme init", Allow},
		{"acme install left-pad", Allow},
		{"make install", Allow},
		{"docker export app", Allow},
		{"git prune", Allow},
	} {
		d := p.Evaluate(execAction(tt.cmd, action.WriteLocal))
		if d.Decision != tt.want {
			t.Errorf("%q: got %s, want %s (%s)", tt.cmd, d.Decision, tt.want, d.Reason)
		}
	}
	// read_only: what asks at write_local is denied.
	if d := p.Evaluate(execAction("acme uninstall claude", action.ReadOnly)); d.Decision != Deny {
		t.Errorf("acme uninstall claude at read_only: got %s, want deny (%s)", d.Decision, d.Reason)
	}
}

// mandateChanges reads Mandate's arguments as Mandate would.
func TestMandateChanges(t *testing.T) {
	for _, tt := range []struct {
		args    []string
		want    string
		governs bool
	}{
		{[]string{"prune", "--before", "30d"}, "prune", true},
		{[]string{"--help=false", "prune", "--before=30d"}, "prune", true},
		{[]string{"-h=false", "uninstall", "claude"}, "uninstall", true},
		{[]string{"--before", "30d", "prune"}, "prune", true},
		{[]string{"--x", "y", "tamper", "ack"}, "tamper ack", true},
		{[]string{"tamper", "--utc", "ack"}, "tamper ack", true},
		{[]string{"serve"}, "serve", false},
		{[]string{"serve", "stop", "--timeout", "1s"}, "serve stop", false},
		{[]string{"export", "-ob"}, "export", true},
		{[]string{"init"}, "init", false},
		{[]string{"install", "$A"}, "install", true},
		{[]string{"$S"}, "$S", true},
		{[]string{"prune"}, "", false},
		{[]string{"install", "requests"}, "", false},
		{[]string{"export", "--out", "-"}, "", false},
		{[]string{"init", "dir"}, "", false},
		{[]string{"--", "prune", "--before", "1d"}, "", false},
		{[]string{"clean", "install"}, "", false},
		{[]string{"tamper", "status"}, "", false},
		{[]string{"policy", "validate"}, "", false},
		{nil, "", false},
	} {
		got, governs := mandateChanges(tt.args)
		if got != tt.want || governs != tt.governs {
			t.Errorf("mandateChanges(%q) = %q, %v; want %q, %v", tt.args, got, governs, tt.want, tt.governs)
		}
	}
}

// FuzzMandateChanges: any arguments give an answer, never a panic, and
// an answer is one of the words given (or a word with its group's
// subcommand).
func FuzzMandateChanges(f *testing.F) {
	f.Add("--help=false prune --before 30d")
	f.Add("-x y tamper -- ack")
	f.Add("export -o- --out=x")
	f.Add("serve stop $X")
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		for _, i := range mandateSubcommands(args) {
			if i < 0 || i >= len(args) {
				t.Fatalf("index %d out of %q", i, args)
			}
		}
		sub, _ := mandateChanges(args)
		if first, _, _ := strings.Cut(sub, " "); sub != "" && !slices.Contains(args, first) {
			t.Fatalf("mandateChanges(%q) = %q, not one of the words", args, sub)
		}
	})
}
