package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
)

// exitRow is one exit code of a command and what it means.
type exitRow struct {
	code    int
	meaning string
}

// exitCodes is what each command's exit codes mean: one table, shown at
// the end of every command's help, by `mandate help exit-codes`, and in
// docs/cli.md (TestExitCodesDoc keeps it in sync). The key is the
// command's path without "mandate"; "" is every command not listed. The
// rule throughout: 1 is an answer of "no" (does not verify, does not
// validate, a test fails, a hook would not run) or work that could not be
// done; 2 is a usage error or input that cannot be read.
var exitCodes = map[string][]exitRow{
	"": {
		{0, "success"},
		{1, "the work could not be done (the reason is on stderr)"},
		{2, "usage error: unknown command or flag, a missing, extra or invalid argument"},
	},
	"log": {
		{0, "success (no matching record is not an error)"},
		{1, "no evidence log here, or it cannot be read; with --bundle: the bundle does not verify (what it holds is shown, marked; one that verifies only against the key it carries is shown with a note, exit 0)"},
		{2, "usage error: an invalid time or decision, an unknown or ambiguous session id; a --bundle that cannot be read (missing, a directory, empty, truncated, over the size limit)"},
	},
	"sessions": {
		{0, "success"},
		{1, "no evidence log here, or it cannot be read; with --bundle: the bundle does not verify (what it holds is shown, marked)"},
		{2, "usage error: an invalid time; a --bundle that cannot be read"},
	},
	"session show": {
		{0, "success"},
		{1, "no evidence log here, or it cannot be read; with --bundle: the bundle does not verify (what it holds is shown, marked)"},
		{2, "usage error: no session id, an unknown or ambiguous one; a --bundle that cannot be read"},
	},
	"report": {
		{0, "the report was written, of evidence that verifies against a trusted key"},
		{1, "the evidence does not verify, or a bundle verifies only against the key it carries (the report is written and says so at the top), or the report cannot be written"},
		{2, "usage error: no or an unknown --format; a --bundle that cannot be read"},
	},
	"export": {
		{0, "the bundle was written, and verified before it was handed over"},
		{1, "no evidence log here, the bundle cannot be written, or it does not verify (then nothing is written)"},
		{2, "usage error: no --out, an invalid time, an unknown or ambiguous session id, --out - to a terminal"},
	},
	"prune": {
		{0, "the payloads (or the subject's identity) were erased and the erasure recorded; with --dry-run, what would be erased was shown"},
		{1, "refused: the cut-off is within the policy's evidence.retention (without --force); no evidence log here, or it cannot be rewritten; nothing was erased"},
		{2, "usage error: no --before or --subject, a time in the future or that does not parse, a policy whose retention cannot be read, a --subject no record names; nothing was erased"},
	},
	"checkpoint": {
		{0, "a checkpoint was signed"},
		{1, "no evidence log here, an empty log, or it cannot be written"},
		{2, "usage error"},
	},
	"check": {
		{0, "allow"},
		{2, "usage or input error: bad flags, a policy that cannot be read or does not parse, an invalid action, an unreadable --batch file (with --batch: 0 once every line is answered)"},
		{3, "deny"},
		{4, "ask: a person must approve"},
	},
	"policy explain": {
		{0, "allow"},
		{2, "usage or input error, as for check"},
		{3, "deny"},
		{4, "ask"},
	},
	"policy validate": {
		{0, "the policy is valid"},
		{1, "the policy does not validate (every error at file:line:col)"},
		{2, "the policy cannot be read, or a usage error"},
	},
	"policy test": {
		{0, "every test passes (or there are none: a warning says so)"},
		{1, "a test fails, or the --junit file cannot be written"},
		{2, "the policy cannot be read or does not validate, or a usage error"},
	},
	"policy accept": {
		{0, "the pending changes were accepted, or there were none"},
		{1, "refused (run by an agent, no terminal, a wrong code, every change in a locked scope, a file changed since it was shown) or failed"},
		{2, "usage error"},
	},
	"policy init": {
		{0, "the starter policy was written"},
		{1, "the file exists (without --force) or cannot be written; nothing was changed"},
		{2, "usage error"},
	},
	"verify": {
		{0, "everything verifies"},
		{1, "does not verify: the first thing that does not hold is named; a bundle checked without --key verifies only against the key it carries (unless --trust-bundled-key)"},
		{2, "cannot read: no evidence log, a bundle that is missing, a directory, empty, truncated, corrupt or over the size limit; or a usage error"},
	},
	"hook": {
		{0, "the tool call may run (or the agent's own JSON answer is on stdout)"},
		{2, "deny, in the agent's protocol; every failure is a deny too (fail closed): never 1, which most agents read as allow"},
	},
	"doctor": {
		{0, "every installed hook will run"},
		{1, "some installed hook would not run: that agent would run tool calls ungoverned"},
		{2, "usage error"},
	},
	"install": {
		{0, "installed, or already installed"},
		{1, "the settings file cannot be edited, or the hook could not start on this machine; nothing was changed"},
		{2, "usage error: an unknown agent, a scope the agent does not have, an --exe that is not Mandate"},
	},
	"uninstall": {
		{0, "removed, or nothing to remove"},
		{1, "the settings file cannot be edited; nothing was changed"},
		{2, "usage error: an unknown agent, a scope the agent does not have"},
	},
	"tamper ack": {
		{0, "the locks were lifted, or there were none"},
		{1, "refused (run by an agent, no terminal, a wrong code) or failed"},
		{2, "usage error"},
	},
	"serve": {
		{0, "the engine stopped normally (idle, upgraded, signalled), or with --background another engine already serves"},
		{1, "the engine cannot start (the reason is in serve.log with --background)"},
		{2, "usage error"},
	},
	"serve stop": {
		{0, "the engine stopped, or none was running"},
		{1, "the engine still runs after --timeout"},
		{2, "usage error"},
	},
}

// exitRows returns the exit codes of the command at path.
func exitRows(path string) []exitRow {
	if rows, ok := exitCodes[path]; ok {
		return rows
	}
	return exitCodes[""]
}

// exitCodesSection is the "Exit codes:" section of a command's help.
func exitCodesSection(path string) string {
	var b strings.Builder
	b.WriteString("Exit codes:")
	for _, r := range exitRows(path) {
		fmt.Fprintf(&b, "\n  %d  %s", r.code, wrapText(r.meaning, 5, helpWidth))
	}
	return b.String()
}

// exitCodesTopic is `mandate help exit-codes`. Its text is written when
// it is shown (exitCodesText), not every time the tree is built.
func exitCodesTopic() *cobra.Command {
	return &cobra.Command{
		Use:         "exit-codes",
		Short:       "The exit codes of every command",
		Annotations: map[string]string{helpTopic: "exit-codes"},
	}
}

// exitCodesText is the text of `mandate help exit-codes`.
func exitCodesText() string {
	var b strings.Builder
	b.WriteString(`The exit codes of every command. 0 is success (check: allow); 1 is an answer
of "no" (does not verify, does not validate, a test fails, a hook would not
run) or work that could not be done; 2 is a usage error or input that cannot
be read; check and policy explain answer deny with 3 and ask with 4. Errors
are one line on stderr, starting "mandate: ".`)
	for _, path := range exitCodePaths() {
		name := path
		if name == "" {
			name = "every other command"
		}
		fmt.Fprintf(&b, "\n\n%s:", name)
		for _, r := range exitRows(path) {
			fmt.Fprintf(&b, "\n  %d  %s", r.code, wrapText(r.meaning, 5, helpWidth))
		}
	}
	return b.String()
}

// exitCodePaths lists the table's commands, the default last.
func exitCodePaths() []string {
	var paths []string
	for p := range exitCodes {
		if p != "" {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return append(paths, "")
}

// exitCodesMarkdown is the table as docs/cli.md shows it.
func exitCodesMarkdown() string {
	var b strings.Builder
	b.WriteString("| command | code | meaning |\n|---|---|---|\n")
	for _, path := range exitCodePaths() {
		name := "`mandate " + path + "`"
		if path == "" {
			name = "every other command"
		}
		for _, r := range exitRows(path) {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", name, r.code, strings.ReplaceAll(r.meaning, "|", `\|`))
			name = ""
		}
	}
	return b.String()
}
