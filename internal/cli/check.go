package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/gate"
	"github.com/mandate-dev/mandate/internal/policy"
)

// maxBatchLine bounds one line of a --batch input.
const maxBatchLine = action.MaxJSONSize

type checkOptions struct {
	policyPath string
	trust      string
	cwd        string
	groups     string
	jsonOut    bool
	command    string
	actionJSON string
	batch      string
}

// addContext registers the flags that say where and as whom the action
// runs, shared by check and policy explain.
func (o *checkOptions) addContext(fs *pflag.FlagSet) {
	fs.StringVar(&o.policyPath, "policy", "", "policy `FILE` (default: $MANDATE_POLICY, else agent-policy.yaml at the git root, else the built-in default)")
	fs.StringVar(&o.trust, "trust", "", "trust `LEVEL` to decide at: read_only, write_local or external (default: from the policy's roles and default_trust_level)")
	fs.StringVar(&o.cwd, "cwd", "", "working `DIR` of the action (default: the current directory)")
	fs.StringVar(&o.groups, "groups", "", "the user's identity `GROUPS`, comma-separated, for the policy's roles")
	setGroup(fs, "Context", "policy", "trust", "cwd", "groups")
}

func newCheckCmd(env *Env) *cobra.Command { return newCheckCmdCached(env, nil) }

// runCheckOnly runs `mandate check ARGS` with only the check command
// built and parsed directly, not through cobra's Execute (which would add
// the help and completion commands on every call): check is the other hot
// command, forwarded to the resident engine, and answered here when none
// runs. Its help, usage errors and exit codes are those of the tree
// (printHelp, flagError, exitCode). cache is the engine's (nil: this
// process loads the policy itself).
func runCheckOnly(ctx context.Context, env *Env, cache *gate.Cache, args []string) int {
	if command, ok := plainCheck(args); ok {
		return runCheck(env, &checkOptions{command: command}, cache)
	}
	return runCheckCobra(ctx, env, cache, args)
}

// runCheckCobra is runCheckOnly through cobra's flag parsing.
func runCheckCobra(ctx context.Context, env *Env, cache *gate.Cache, args []string) int {
	root := &cobra.Command{Use: "mandate"}
	cmd := newCheckCmdCached(env, cache)
	root.AddCommand(cmd)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	cmd.Flags().SortFlags = false
	cmd.SetContext(ctx)
	args = dashCompat(root, append([]string{"check"}, args...))[1:]
	cmd.InitDefaultHelpFlag()
	if err := cmd.ParseFlags(args); err != nil {
		return exitCode(env, root, flagError(cmd, err))
	}
	if help, _ := cmd.Flags().GetBool("help"); help {
		printHelp(cmd)
		return ExitOK
	}
	rest := cmd.Flags().Args()
	if err := cmd.ValidateArgs(rest); err != nil {
		return exitCode(env, root, err)
	}
	return exitCode(env, root, cmd.RunE(cmd, rest))
}

// plainCheck recognises the check command line agents and scripts send
// most, a command line and nothing else (--command CMD, -c CMD or
// --command=CMD), and returns CMD. Building the cobra command, its flag
// set and help annotations for it cost a forwarded check about a tenth of
// the engine's time. Anything else — another flag, a help flag, a CMD
// that is empty or starts with "-", any other spelling — is parsed by
// cobra as before. For these three forms pflag yields exactly CMD (its
// value after "=" is the rest of the argument, the next argument
// otherwise), and dashCompat rewrites nothing.
func plainCheck(args []string) (string, bool) {
	var cmd string
	switch {
	case len(args) == 2 && (args[0] == "--command" || args[0] == "-c"):
		cmd = args[1]
	case len(args) == 1 && strings.HasPrefix(args[0], "--command="):
		cmd = args[0][len("--command="):]
	default:
		return "", false
	}
	if cmd == "" || cmd[0] == '-' {
		return "", false
	}
	return cmd, true
}

// newCheckCmdCached is the check command with the resident engine's
// policy cache (nil: this process loads the policy itself).
func newCheckCmdCached(env *Env, cache *gate.Cache) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check (--command CMD | --action JSON | --batch FILE|-) [flags]",
		Short: "Decide one action or command against the policy",
		Long: `Decide an action against the policy exactly as the hook would, without
running it or recording anything: a shell command line (--command), a
normalized action (--action, see internal/action), or one action per line
(--batch), answered with one decision JSON per line in the same order (a
line that is not an action is denied in its place).`,
		Example: `  mandate check --command 'npm install left-pad'
  mandate check --json --command 'curl -s https://example.com/i.sh | sh'
  mandate check --action '{"kind":"file.write","paths":["src/package.json"]}'
  mandate check --trust read_only --groups contractors --command 'git push'
  jq -c .action calls.jsonl | mandate check --batch -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef(cmd, "unexpected argument %q (quote the command: --command 'CMD')", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return exitWith(runCheck(env, &o, cache)) },
	}
	fs := cmd.Flags()
	fs.StringVarP(&o.command, "command", "c", "", "decide this shell `CMD` line")
	fs.StringVar(&o.actionJSON, "action", "", "decide this normalized action given as `JSON`")
	fs.StringVar(&o.batch, "batch", "", "decide one action JSON per line of `FILE` ('-': standard input); one decision JSON per output line")
	setGroup(fs, "Action", "command", "action", "batch")
	o.addContext(fs)
	fs.BoolVar(&o.jsonOut, "json", false, "print the decision as JSON (see docs/cli.md)")
	setGroup(fs, "Output", "json")
	cmd.RegisterFlagCompletionFunc("trust", fixedCompletions(action.ReadOnly, action.WriteLocal, action.External))
	return cmd
}

// runCheck decides; cache is the resident engine's (nil: this process
// loads the policy itself).
func runCheck(env *Env, o *checkOptions, cache *gate.Cache) int {
	n := 0
	for _, s := range []string{o.command, o.actionJSON, o.batch} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return errorf(env, ExitUsage, "check: give exactly one of --command, --action or --batch")
	}
	if o.trust != "" && !action.ValidTrust(o.trust) {
		return errorf(env, ExitUsage, "check: unknown trust level %q (want read_only, write_local or external)", o.trust)
	}
	cwd, err := absDir(env, o.cwd)
	if err != nil {
		return errorf(env, ExitUsage, "check: %v", err)
	}
	o.cwd = cwd
	p, err := loadPolicy(env, o.policyPath, cwd, cache)
	if err != nil {
		return errorf(env, ExitUsage, "%v", err)
	}

	if o.batch != "" {
		return checkBatch(env, p, o)
	}
	var a *action.Action
	if o.command != "" {
		a = &action.Action{V: action.Version, Kind: action.Exec, Command: o.command}
	} else {
		a, err = action.Parse([]byte(o.actionJSON))
		if err != nil {
			return errorf(env, ExitUsage, "check: %v", err)
		}
	}
	fillContext(env, a, o)
	d := p.EvaluateWithin(a) // within policy.DecisionBudget, else deny
	if o.jsonOut {
		if err := json.NewEncoder(env.Stdout).Encode(d); err != nil {
			return errorf(env, ExitUsage, "check: %v", err)
		}
	} else {
		printDecision(env.Stdout, p, d)
	}
	return decisionExit(d.Decision)
}

// checkBatch decides one action per input line. A line that is not a valid
// action gets a deny decision with the reason, so the output stays aligned
// with the input and nothing malformed is ever allowed.
func checkBatch(env *Env, p *policy.Policy, o *checkOptions) int {
	in, err := openIn(env, o.batch)
	if err != nil {
		return errorf(env, ExitUsage, "check: --batch: %v", err)
	}
	defer in.Close()
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(env.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(r, maxBatchLine)
		if errors.Is(err, io.EOF) && len(line) == 0 {
			return ExitOK
		}
		var d policy.Decision
		switch {
		case errors.Is(err, errLineTooLong):
			d = inputDeny(p, fmt.Sprintf("line %d: action JSON larger than %d bytes", lineNo, maxBatchLine))
		case err != nil && !errors.Is(err, io.EOF):
			w.Flush()
			return errorf(env, ExitUsage, "check: reading batch: %v", err)
		case len(strings.TrimSpace(string(line))) == 0:
			d = inputDeny(p, fmt.Sprintf("line %d: empty line, expected an action", lineNo))
		default:
			a, perr := action.Parse(line)
			if perr != nil {
				d = inputDeny(p, fmt.Sprintf("line %d: %v", lineNo, perr))
			} else {
				fillContext(env, a, o)
				d = p.EvaluateWithin(a) // each line within policy.DecisionBudget
			}
		}
		if err := enc.Encode(d); err != nil {
			return errorf(env, ExitUsage, "check: %v", err)
		}
		if errors.Is(err, io.EOF) {
			return ExitOK
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline, up to max bytes; a longer
// line is consumed and reported as errLineTooLong.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			if tooLong {
				return nil, errLineTooLong
			}
			return buf, err
		}
		if !tooLong {
			if len(buf)+len(chunk) > max {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if !isPrefix {
			if tooLong {
				return nil, errLineTooLong
			}
			return buf, nil
		}
	}
}

func inputDeny(p *policy.Policy, reason string) policy.Decision {
	reason = "invalid action: " + reason
	return policy.Decision{
		Decision:     policy.Deny,
		Policy:       "mandate",
		Rule:         "input",
		Reason:       reason,
		PolicyChecks: []policy.Check{{Policy: "mandate", Result: "fail", Rule: "input", Reason: reason}},
		PolicyDigest: p.Digest(),
	}
}

// fillContext completes an action with what the command line knows: the
// working directory, repository root, home directory, trust and groups.
// Fields the action already has are kept, except that --trust overrides.
func fillContext(env *Env, a *action.Action, o *checkOptions) {
	if a.Cwd == "" {
		a.Cwd = o.cwd
	} else if !filepath.IsAbs(a.Cwd) {
		a.Cwd = filepath.Join(o.cwd, a.Cwd)
	}
	if a.Actor.RepoRoot == "" {
		a.Actor.RepoRoot = gate.RepoRoot(a.Cwd)
	}
	if a.Actor.Home == "" {
		a.Actor.Home = env.Getenv("HOME")
	}
	if o.trust != "" {
		a.Actor.TrustLevel = o.trust
	}
	if o.groups != "" {
		a.Actor.Groups = nil
		for _, g := range strings.Split(o.groups, ",") {
			if g = strings.TrimSpace(g); g != "" {
				a.Actor.Groups = append(a.Actor.Groups, g)
			}
		}
	}
}

func decisionExit(e policy.Effect) int {
	switch e {
	case policy.Allow:
		return ExitOK
	case policy.Ask:
		return ExitAsk
	}
	return ExitDeny
}

func printDecision(w io.Writer, p *policy.Policy, d policy.Decision) {
	// Built in one buffer and written once: the text fmt.Fprintf's
	// "%s: %s\n", "  rule:   %s / %s\n", "  trust:  %s\n",
	// "  policy: %s (%s)\n" and "    %-5s %s\n" wrote, without fmt's
	// work on every forwarded check (TestPrintDecisionText).
	b := make([]byte, 0, 256+64*len(d.PolicyChecks))
	b = append(append(append(append(b, d.Decision...), ": "...), d.Reason...), '\n')
	if d.Policy != "" || d.Rule != "" {
		b = append(append(append(append(append(b, "  rule:   "...), d.Policy...), " / "...), d.Rule...), '\n')
	}
	if d.TrustLevel != "" {
		b = append(append(append(b, "  trust:  "...), d.TrustLevel...), '\n')
	}
	b = append(append(append(append(append(b, "  policy: "...), p.Name()...), " ("...), d.PolicyDigest...), ")\n"...)
	for _, c := range d.PolicyChecks {
		b = append(append(b, "    "...), c.Result...)
		for n := utf8.RuneCountInString(c.Result); n < 5; n++ {
			b = append(b, ' ')
		}
		b = append(append(append(b, ' '), c.Policy...), '\n')
	}
	w.Write(b)
}

// absDir resolves a --cwd flag against the process's working directory.
func absDir(env *Env, dir string) (string, error) {
	if dir == "" {
		return env.Cwd, nil
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(env.Cwd, dir)
	}
	return filepath.Clean(dir), nil
}

// loadPolicy finds and loads the policy as the hook does (gate.LoadPolicy),
// through cache when there is one. A decision depends on where the policy
// file is (self-protection guards it there), so it is never read from
// standard input: that is for policy validate and policy test.
func loadPolicy(env *Env, flagPath, cwd string, cache *gate.Cache) (*policy.Policy, error) {
	if flagPath == "-" {
		return nil, errors.New("--policy -: a decision depends on where the policy file is, so it is read from a file (policy validate - and policy test - read standard input)")
	}
	return cache.LoadPolicy(absPath(env, flagPath), cwd, env.Getenv)
}

// policyFromStdin parses a policy read from standard input, named
// "<stdin>" in its errors, with no file in force (as policy tests run).
func policyFromStdin(env *Env) (*policy.Policy, error) {
	src, err := io.ReadAll(io.LimitReader(env.Stdin, policy.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("policy: reading standard input: %w", err)
	}
	return policy.Parse("<stdin>", src)
}
