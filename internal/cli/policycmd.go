package cli

import (
	"context"
	"fmt"

	"github.com/mandate-dev/mandate/internal/action"
)

func runPolicy(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		return errorf(env, ExitUsage, "policy: want a subcommand: validate, test or explain")
	}
	switch args[0] {
	case "validate":
		return runPolicyValidate(env, args[1:])
	case "test":
		return runPolicyTest(env, args[1:])
	case "explain":
		return runPolicyExplain(env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, "Usage: mandate policy validate|test|explain [--policy FILE] ...")
		return ExitOK
	}
	return errorf(env, ExitUsage, "policy: unknown subcommand %q (want validate, test or explain)", args[0])
}

func runPolicyValidate(env *Env, args []string) int {
	fs := newFlags(env, "policy validate")
	path := fs.String("policy", "", "policy `file` (default: as mandate check finds it)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 1 && *path == "" {
		*path = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "policy validate: unexpected argument %q", fs.Arg(0))
	}
	p, err := loadPolicy(env, *path, env.Cwd, nil)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitFail
	}
	fmt.Fprintf(env.Stdout, "ok: %s is valid (%s)\n", p.Name(), p.Digest())
	return ExitOK
}

func runPolicyTest(env *Env, args []string) int {
	fs := newFlags(env, "policy test")
	path := fs.String("policy", "", "policy `file` (default: as mandate check finds it)")
	verbose := fs.Bool("v", false, "print every test, not only failures")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 1 && *path == "" {
		*path = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "policy test: unexpected argument %q", fs.Arg(0))
	}
	p, err := loadPolicy(env, *path, env.Cwd, nil)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitUsage
	}
	results := p.RunTests()
	passed, failed := 0, 0
	for _, r := range results {
		if r.Pass {
			passed++
			if *verbose {
				fmt.Fprintf(env.Stdout, "PASS %s: %s\n", r.Name, r.Got.Decision)
			}
			continue
		}
		failed++
		fmt.Fprintf(env.Stdout, "FAIL %s (%s): want %s, got %s: %s\n", r.Name, r.Source, r.Expect, r.Got.Decision, r.Got.Reason)
	}
	fmt.Fprintf(env.Stdout, "policy tests: %d passed, %d failed\n", passed, failed)
	if len(results) == 0 {
		fmt.Fprintf(env.Stderr, "mandate: %s has no tests: section; add examples of what it must allow and deny\n", p.Name())
	}
	if failed > 0 {
		return ExitFail
	}
	return ExitOK
}

func runPolicyExplain(env *Env, args []string) int {
	var o checkOptions
	fs := newFlags(env, "policy explain")
	fs.StringVar(&o.policyPath, "policy", "", "policy `file`")
	fs.StringVar(&o.trust, "trust", "", "trust `level`")
	fs.StringVar(&o.cwd, "cwd", "", "working `directory` of the action")
	fs.StringVar(&o.groups, "groups", "", "comma-separated identity `groups`")
	fs.StringVar(&o.command, "command", "", "explain this shell `command` line")
	fs.StringVar(&o.actionJSON, "action", "", "explain this normalized action given as `JSON`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
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
	fillContext(env, a, &o)
	fmt.Fprint(env.Stdout, p.Explain(a))
	return decisionExit(p.Evaluate(a).Decision)
}
