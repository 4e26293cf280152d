package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy"
)

func newPolicyCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Validate, test, explain or start a policy",
		Long: `Work on the policy (agent-policy.yaml; the language is docs/policy.md):
validate it, run its tests: section, explain how it decides an action,
write a commented starter policy for a team, or accept (as a person) a change
of it that no agent call made.`,
		Example: `  mandate policy init
  mandate policy validate
  mandate policy test --junit policy-tests.xml
  mandate policy explain --command 'git push --force origin main'`,
		Args:        cobra.ArbitraryArgs,
		RunE:        subcommandsOnly,
		Annotations: map[string]string{groupOnly: "true"},
	}
	cmd.AddCommand(newPolicyValidateCmd(env), newPolicyTestCmd(env), newPolicyExplainCmd(env), newPolicyInitCmd(env), newPolicyAcceptCmd(env))
	return cmd
}

// policyArg loads the policy named by a positional argument or --policy
// ("-": standard input), else the one found as the hook finds it.
func policyArg(env *Env, flagPath string, args []string) (*policy.Policy, error) {
	path := flagPath
	if len(args) == 1 {
		if path != "" {
			return nil, usageError{"give the policy file once (as an argument or --policy, not both)"}
		}
		path = args[0]
	}
	if path == "-" {
		return policyFromStdin(env)
	}
	return loadPolicy(env, path, env.Cwd, nil)
}

// validateResult is `mandate policy validate --json`.
type validateResult struct {
	Valid  bool            `json:"valid"`
	Policy string          `json:"policy"`
	Digest string          `json:"digest,omitempty"`
	Tests  int             `json:"tests"`
	Errors []policyProblem `json:"errors,omitempty"`
}

// policyProblem is one error of a policy, at file:line:col (0: unknown).
type policyProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// policyProblems lists the errors in err, a policy that could not be
// loaded.
func policyProblems(file string, err error) []policyProblem {
	var el policy.ErrorList
	var e *policy.Error
	switch {
	case errors.As(err, &el):
		out := make([]policyProblem, len(el))
		for i, e := range el {
			out[i] = policyProblem{e.File, e.Line, e.Col, e.Msg}
		}
		return out
	case errors.As(err, &e):
		return []policyProblem{{e.File, e.Line, e.Col, e.Msg}}
	}
	return []policyProblem{{File: file, Message: err.Error()}}
}

func newPolicyValidateCmd(env *Env) *cobra.Command {
	var path string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "validate [FILE|-] [flags]",
		Short: "Check that a policy parses, with every error at file:line:column",
		Long: `Check that a policy parses and compiles. Every problem is reported with its
file:line:column (unknown keys with the nearest valid one, wrong types, bad
regular expressions or globs, …). Without FILE, the policy is found as the
hook finds it ($MANDATE_POLICY, else agent-policy.yaml at the git root,
else the built-in default).`,
		Example: `  mandate policy validate
  mandate policy validate ci/agent-policy.yaml --json
  curl -s https://example.com/p.yaml | mandate policy validate -`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := policyArg(env, path, args)
			var ue usageError
			if errors.As(err, &ue) {
				return usagef(cmd, "%s", ue.msg)
			}
			if err != nil {
				// A policy that does not validate is 1; one that cannot be
				// read, 2.
				c := ExitUsage
				if errors.Is(err, policy.ErrInvalid) {
					c = ExitFail
				}
				if asJSON {
					name := policyName(path, args)
					printJSON(env, validateResult{Policy: name, Errors: policyProblems(name, err)})
				}
				fmt.Fprintln(env.Stderr, err)
				return exitError{c}
			}
			if asJSON {
				return exitWith(printJSON(env, validateResult{Valid: true, Policy: p.Name(), Digest: p.Digest(), Tests: len(p.RunTests())}))
			}
			fmt.Fprintf(env.Stdout, "ok: %s is valid (%s)\n", p.Name(), p.Digest())
			return nil
		},
	}
	cmd.Flags().StringVar(&path, "policy", "", "policy `FILE` ('-': standard input) (default: as mandate check finds it)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON (see docs/cli.md)")
	return cmd
}

// policyName names the policy a command was asked about, for output
// when it could not be loaded.
func policyName(flagPath string, args []string) string {
	switch {
	case len(args) == 1 && args[0] == "-", flagPath == "-":
		return "<stdin>"
	case len(args) == 1:
		return args[0]
	}
	return flagPath
}

type policyTestOptions struct {
	path, junit string
	verbose     bool
	json        bool
}

// policyTestReport is `mandate policy test --json`.
type policyTestReport struct {
	Policy string              `json:"policy"`
	Digest string              `json:"digest"`
	Passed int                 `json:"passed"`
	Failed int                 `json:"failed"`
	Tests  []policy.TestResult `json:"tests"`
}

func newPolicyTestCmd(env *Env) *cobra.Command {
	var o policyTestOptions
	cmd := &cobra.Command{
		Use:   "test [FILE|-] [flags]",
		Short: "Run a policy's tests: section",
		Long: `Run every entry of the policy's tests: section in a fixed environment (the
repository at /repo, the home directory at /home/agent, an empty file
system), so a policy's tests give the same answer on every machine, and
report each failure with the decision and reason the policy gave. A test
with expect_rule passes only when that policy (or policy/rule) decided.
--junit writes a JUnit XML report that CI systems read.`,
		Example: `  mandate policy test
  mandate policy test -v agent-policy.yaml
  mandate policy test --junit reports/policy.xml
  mandate policy test --json | jq '.tests[] | select(.pass | not)'`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runPolicyTest(cmd, env, &o, args) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.path, "policy", "", "policy `FILE` ('-': standard input) (default: as mandate check finds it)")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print every test, not only failures")
	fs.BoolVar(&o.json, "json", false, "print the results as JSON (see docs/cli.md)")
	fs.StringVar(&o.junit, "junit", "", "also write a JUnit XML report to `FILE` ('-': standard output, instead of the text report)")
	setGroup(fs, "Output", "verbose", "json", "junit")
	return cmd
}

func runPolicyTest(cmd *cobra.Command, env *Env, o *policyTestOptions, args []string) error {
	if o.json && o.junit == "-" {
		return usagef(cmd, "--json and --junit - both write standard output: choose one")
	}
	p, err := policyArg(env, o.path, args)
	var ue usageError
	if errors.As(err, &ue) {
		return usagef(cmd, "%s", ue.msg)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return exitError{ExitUsage}
	}
	results := p.RunTests()
	rep := policyTestReport{Policy: p.Name(), Digest: p.Digest(), Tests: results}
	for _, r := range results {
		if r.Pass {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	if o.junit != "" {
		if err := writeJUnit(env, o.junit, &rep); err != nil {
			return exitError{errorf(env, ExitFail, "policy test: --junit: %v", err)}
		}
	}
	switch {
	case o.json:
		if rep.Tests == nil {
			rep.Tests = []policy.TestResult{}
		}
		printJSON(env, rep)
	case o.junit != "-":
		printTestResults(env.Stdout, &rep, o.verbose)
	}
	if len(results) == 0 {
		fmt.Fprintf(env.Stderr, "mandate: %s has no tests: section; add examples of what it must allow and deny\n", p.Name())
	}
	if rep.Failed > 0 {
		return exitError{ExitFail}
	}
	return nil
}

func printTestResults(w io.Writer, rep *policyTestReport, verbose bool) {
	for _, r := range rep.Tests {
		if r.Pass {
			if verbose {
				fmt.Fprintf(w, "PASS %s: %s%s\n", r.Name, r.Got.Decision, decidedBy(r.Got))
			}
			continue
		}
		fmt.Fprintf(w, "FAIL %s (%s): %s\n", r.Name, r.Source, testFailure(r))
	}
	fmt.Fprintf(w, "policy tests: %d passed, %d failed\n", rep.Passed, rep.Failed)
}

// testFailure says what a failed test wanted and got.
func testFailure(r policy.TestResult) string {
	want := string(r.Expect)
	if r.ExpectRule != "" {
		want += " by " + r.ExpectRule
	}
	return fmt.Sprintf("want %s, got %s%s: %s", want, r.Got.Decision, decidedBy(r.Got), r.Got.Reason)
}

// decidedBy is " by POLICY/RULE" for a decision some rule made.
func decidedBy(d policy.Decision) string {
	if d.Policy == "" {
		return ""
	}
	return " by " + d.Policy + "/" + d.Rule
}

// explainResult is `mandate policy explain --json`.
type explainResult struct {
	Policy      string          `json:"policy"`
	Digest      string          `json:"policy_digest"`
	Action      *action.Action  `json:"action"`
	Decision    policy.Decision `json:"decision"`
	Explanation string          `json:"explanation"`
}

func newPolicyExplainCmd(env *Env) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "explain (--command CMD | --action JSON) [flags]",
		Short: "Explain which rules an action hits and why",
		Long: `Explain, for a person, how the policy decides an action: the trust level and
where it came from, what the action was found to do (commands, reads,
writes, hosts, opaque parts), every policy checked and which rule hit, and
the decision. Nothing runs and nothing is recorded. The exit code is the
decision's, as for check.`,
		Example: `  mandate policy explain --command 'cd src && n''pm install -D x'
  mandate policy explain --groups contractors --command 'git push origin main'
  mandate policy explain --json --action '{"kind":"net.fetch","url":"https://api.example.com"}'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return exitWith(runPolicyExplain(env, &o)) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.command, "command", "c", "", "explain this shell `CMD` line")
	fs.StringVar(&o.actionJSON, "action", "", "explain this normalized action given as `JSON`")
	setGroup(fs, "Action", "command", "action")
	o.addContext(fs)
	fs.BoolVar(&o.jsonOut, "json", false, "print the action, the decision and the explanation as JSON (see docs/cli.md)")
	setGroup(fs, "Output", "json")
	return cmd
}

func runPolicyExplain(env *Env, o *checkOptions) int {
	if (o.command == "") == (o.actionJSON == "") {
		return errorf(env, ExitUsage, "policy explain: give exactly one of --command or --action")
	}
	if o.trust != "" && !action.ValidTrust(o.trust) {
		return errorf(env, ExitUsage, "policy explain: unknown trust level %q", o.trust)
	}
	cwd, err := absDir(env, o.cwd)
	if err != nil {
		return errorf(env, ExitUsage, "policy explain: %v", err)
	}
	o.cwd = cwd
	p, err := loadPolicy(env, o.policyPath, cwd, nil)
	if err != nil {
		return errorf(env, ExitUsage, "%v", err)
	}
	var a *action.Action
	if o.command != "" {
		a = &action.Action{V: action.Version, Kind: action.Exec, Command: o.command}
	} else if a, err = action.Parse([]byte(o.actionJSON)); err != nil {
		return errorf(env, ExitUsage, "policy explain: %v", err)
	}
	fillContext(env, a, o)
	// The explanation and the decision analyse the line each: both
	// within policy.DecisionBudget, else deny.
	// (explained is read only once the decision came back in time.)
	var explained string
	d := p.Within(policy.DecisionBudget, func() policy.Decision {
		explained = p.Explain(a)
		return p.Evaluate(a)
	})
	text := d.Reason + "\n"
	if !policy.TimedOut(d) {
		text = explained
	}
	if o.jsonOut {
		if c := printJSON(env, explainResult{Policy: p.Name(), Digest: p.Digest(), Action: a, Decision: d, Explanation: text}); c != ExitOK {
			return c
		}
	} else {
		fmt.Fprint(env.Stdout, text)
	}
	return decisionExit(d.Decision)
}

// writeTo writes to path ("-": env's standard output) through fn; a file
// is replaced only once fn succeeded.
func writeTo(env *Env, path string, fn func(io.Writer) error) error {
	if path == "-" {
		return fn(env.Stdout)
	}
	path = absPath(env, path)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mandate-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
