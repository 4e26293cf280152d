package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mandate-dev/mandate/internal/golden"
	"github.com/mandate-dev/mandate/internal/version"
)

// testEnv is an Env with the given state directory and working directory,
// a fixed clock, and UTC as the local zone.
func testEnv(state, cwd, stdin string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	vars := map[string]string{"MANDATE_HOME": state, "HOME": filepath.Join(filepath.Dir(state), "home")}
	return &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Cwd: cwd, Loc: time.UTC,
		Now:    func() time.Time { return evNow },
		Getenv: func(k string) string { return vars[k] }}, &out, &errb
}

func run(t *testing.T, env *Env, args ...string) int {
	t.Helper()
	return Main(context.Background(), env, args)
}

// golden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), []byte(got))
}

// allCommands lists every command of the tree, parents first.
func allCommands(root *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{root}
	for _, c := range root.Commands() {
		out = append(out, allCommands(c)...)
	}
	return out
}

// dataCommands print data, so they have --json.
var dataCommands = []string{
	"check", "policy validate", "policy test", "policy explain", "tamper status",
	"log", "sessions", "session show", "report", "verify", "export", "checkpoint", "prune", "init",
	"install", "uninstall", "doctor", "serve status", "version",
}

// TestEveryCommandDocumented: every command says in one line what it
// does, has a description, usage with its arguments, examples, a usage
// text for every flag, and the commands that print data have --json.
func TestEveryCommandDocumented(t *testing.T) {
	env, _, _ := testEnv(t.TempDir(), t.TempDir(), "")
	root := Tree(env)
	seen := map[string]bool{}
	for _, c := range allCommands(root) {
		name := commandName(c)
		seen[name] = true
		if c.Hidden || c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			continue
		}
		if c.Short == "" || strings.Contains(c.Short, "\n") || strings.HasSuffix(c.Short, ".") {
			t.Errorf("%q: summary %q: want one line, no final period", name, c.Short)
		}
		if strings.HasPrefix(name, "completion") {
			continue // cobra's own texts
		}
		if c.Long == "" && c.Annotations[helpTopic] == "" && name != "help" {
			t.Errorf("%q has no description", name)
		}
		if c.Runnable() && c.Example == "" && name != "help" {
			t.Errorf("%q has no examples", name)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Usage == "" {
				t.Errorf("%q --%s has no usage text", name, f.Name)
			}
		})
	}
	for _, name := range dataCommands {
		c, _, err := root.Find(strings.Fields(name))
		if err != nil || commandName(c) != name {
			t.Errorf("no command %q", name)
			continue
		}
		if c.Flags().Lookup("json") == nil {
			t.Errorf("%q prints data but has no --json", name)
		}
	}
	for _, name := range []string{"completion bash", "completion zsh", "completion fish", "completion powershell", "policy init", "serve stop", "help exit-codes"} {
		if !seen[name] && !seen[strings.TrimPrefix(name, "help ")] {
			t.Errorf("no command %q", name)
		}
	}
	// The exit-code table names only commands that exist.
	for path := range exitCodes {
		if path != "" && !seen[path] {
			t.Errorf("exit-code table names %q, which is no command", path)
		}
	}
}

// TestHelpGolden pins every command's --help: its summary, usage,
// examples, flag groups and exit codes.
func TestHelpGolden(t *testing.T) {
	env, _, _ := testEnv(t.TempDir(), t.TempDir(), "")
	var b strings.Builder
	for _, c := range allCommands(Tree(env)) {
		if c.Hidden || c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd {
			continue
		}
		args := append(strings.Fields(commandName(c)), "--help")
		if c.Annotations[helpTopic] != "" {
			args = []string{"help", c.Name()}
		}
		e, out, errb := testEnv(t.TempDir(), t.TempDir(), "")
		if code := run(t, e, args...); code != ExitOK || errb.Len() > 0 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb)
		}
		fmt.Fprintf(&b, "=== mandate %s\n%s\n", strings.Join(args, " "), out)
	}
	checkGolden(t, "help.golden", b.String())
}

// TestUsageErrors: what cobra refuses is exit 2 with one line on stderr,
// naming the command.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"nonsense"}, `unknown command "nonsense"`},
		{[]string{"polcy"}, "did you mean policy?"},
		{[]string{"log", "--bogus"}, "log: unknown flag: --bogus"},
		{[]string{"log", "extra"}, `log: unexpected argument "extra"`},
		{[]string{"log", "--limit", "x"}, `log: invalid argument "x"`},
		{[]string{"policy"}, "policy: want a subcommand"},
		{[]string{"policy", "nosuch"}, `policy: unknown subcommand "nosuch"`},
		{[]string{"tamper"}, "tamper: want a subcommand"},
		{[]string{"completion", "tcsh"}, `completion: unknown subcommand "tcsh"`},
		{[]string{"help", "nosuch"}, `no help topic "nosuch"`},
		{[]string{"install"}, "install: which agent?"},
		{[]string{"install", "claude", "codex"}, `install: unexpected argument "codex"`},
		{[]string{"policy", "validate", "a.yaml", "b.yaml"}, `policy validate: unexpected argument "b.yaml"`},
		{[]string{"serve", "restart"}, `serve: unexpected argument "restart"`},
		{[]string{"export"}, "export: --out FILE is required"},
		{[]string{"prune"}, "prune: --before T is required"},
		{[]string{"check", "--policy", "-", "--command", "ls"}, "--policy -: a decision depends on where the policy file is"},
	}
	for _, tt := range tests {
		env, _, errb := testEnv(t.TempDir(), t.TempDir(), "")
		code := run(t, env, tt.args...)
		msg := errb.String()
		if code != ExitUsage || !strings.HasPrefix(msg, "mandate: ") || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line containing %q", tt.args, code, msg, tt.want)
		}
	}
	// No command at all prints the help and exits 2.
	env, out, _ := testEnv(t.TempDir(), t.TempDir(), "")
	if code := run(t, env); code != ExitUsage || !strings.Contains(out.String(), "Decide and govern:") {
		t.Errorf("no command: exit %d\n%s", code, out)
	}
}

// TestVersion: mandate --version, -v and mandate version print the same
// line; --json has the documented fields.
func TestVersion(t *testing.T) {
	want := version.String() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}, {"-version"}} {
		env, out, errb := testEnv(t.TempDir(), t.TempDir(), "")
		if code := run(t, env, args...); code != ExitOK || out.String() != want {
			t.Errorf("%q: exit %d, %q %q; want %q", args, code, out, errb, want)
		}
	}
	env, out, _ := testEnv(t.TempDir(), t.TempDir(), "")
	if code := run(t, env, "version", "--json"); code != ExitOK || !strings.Contains(out.String(), `"go": "go1.`) {
		t.Errorf("version --json: %d %s", code, out)
	}
}

// TestCompletion: a script for every shell cobra supports.
func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash": "complete -o default -F __start_mandate mandate", "zsh": "#compdef mandate",
		"fish": "complete -c mandate", "powershell": "Register-ArgumentCompleter",
	} {
		env, out, errb := testEnv(t.TempDir(), t.TempDir(), "")
		if code := run(t, env, "completion", shell); code != ExitOK || !strings.Contains(out.String(), marker) {
			t.Errorf("completion %s: exit %d, stderr %q, script lacks %q", shell, code, errb, marker)
		}
	}
	// The completion of an agent argument offers the agents.
	env, out, _ := testEnv(t.TempDir(), t.TempDir(), "")
	if code := run(t, env, cobra.ShellCompRequestCmd, "install", "co"); code != ExitOK || !strings.Contains(out.String(), "codex") || !strings.Contains(out.String(), "copilot") {
		t.Errorf("__complete install co: %d\n%s", code, out)
	}
}

// TestDashCompat: long flags with one dash, as Go's flag package took
// them, are rewritten; values, shorthands and "--" are left alone.
func TestDashCompat(t *testing.T) {
	env, _, _ := testEnv(t.TempDir(), t.TempDir(), "")
	root := newRoot(env)
	tests := []struct{ in, want string }{
		{"log -json", "log --json"},
		{"log -session=abc -limit 3", "log --session=abc --limit 3"},
		{"log --grep -json", "log --grep -json"},
		{"log -grep -json", "log --grep -json"},
		{"log -n 5 -json", "log -n 5 --json"},
		{"log -- -json", "log -- -json"},
		{"check -command -json", "check --command -json"},
		{"check -c ls -json", "check -c ls --json"},
		{"policy test -v -junit -", "policy test -v --junit -"},
		{"verify -bundle - -key k", "verify --bundle - --key k"},
		{"-version", "--version"},
		{"hook claude -json", "hook claude -json"},
		{"log -nojson", "log -nojson"},
	}
	for _, tt := range tests {
		if got := strings.Join(dashCompat(root, strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExitCodesDoc keeps docs/cli.md's exit-code table the one the CLI
// shows (-update rewrites it).
func TestExitCodesDoc(t *testing.T) {
	const begin, end = "<!-- exit-codes:begin (generated: go test ./internal/cli -update) -->\n", "<!-- exit-codes:end -->"
	path := filepath.Join("..", "..", "docs", "cli.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the exit-code markers", path)
	}
	want := doc[:i+len(begin)] + exitCodesMarkdown() + doc[j:]
	if golden.Update() && want != doc {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		doc = want
	}
	if doc != want {
		t.Errorf("%s: the exit-code table differs from exitcodes.go (run go test ./internal/cli -update)", path)
	}
}
