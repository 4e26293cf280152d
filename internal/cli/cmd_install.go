package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/install"
)

// installFlags are the flags shared by install and uninstall.
type installFlags struct {
	project, user, asJSON bool
	exe, repo             string
}

func (f *installFlags) register(fs *flag.FlagSet, withExe bool) {
	fs.BoolVar(&f.project, "project", false, "the repository's settings (default; shared with the team)")
	fs.BoolVar(&f.user, "user", false, "the user's settings (all repositories)")
	fs.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	fs.StringVar(&f.repo, "repo", "", "repository root (default: the git root above the working directory)")
	if withExe {
		fs.StringVar(&f.exe, "exe", "", "with --user: the mandate the hooks run, a path or a name on PATH (default: mandate beside this binary, else this binary); a --project install always writes the bare mandate, found on each machine's PATH")
	}
}

// parseWithAgent parses flags before and after the agent argument.
func parseWithAgent(fs *flag.FlagSet, args []string) (agent string, code int, ok bool) {
	if code, ok := parseFlags(fs, args); !ok {
		return "", code, false
	}
	if fs.NArg() == 0 {
		return "", ExitOK, true
	}
	agent = fs.Arg(0)
	if code, ok := parseFlags(fs, fs.Args()[1:]); !ok {
		return "", code, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "mandate: unexpected arguments %q\n", fs.Args())
		return "", ExitUsage, false
	}
	return agent, ExitOK, true
}

// repoRoot is the git work tree root at or above dir, else dir.
func repoRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

func homeOf(env *Env) string {
	if h := env.Getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// selfExe is the absolute, symlink-resolved path of the running binary.
func selfExe() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return filepath.Abs(exe)
}

// hookExe is the program hooks should run: the front, mandate, beside
// mandate-engine self (each tool call then costs little more than starting
// a small program; see internal/front), else self, which answers the same
// in its own process.
func hookExe(self string) string {
	if c := install.FrontBeside(self); c != "" {
		return c
	}
	return self
}

func (f *installFlags) options(env *Env, agent string) (install.Options, error) {
	o := install.Options{Agent: agent, Home: homeOf(env), Getenv: env.Getenv}
	switch {
	case f.project && f.user:
		return o, errors.New("choose one of --project and --user")
	case f.user:
		o.Scope = install.User
	case f.project:
		o.Scope = install.Project
	}
	o.Repo = f.repo
	if o.Repo == "" {
		o.Repo = repoRoot(env.Cwd)
	}
	if abs, err := filepath.Abs(o.Repo); err == nil {
		o.Repo = abs
	}
	return o, nil
}

func agentUsage(env *Env, cmd string) int {
	return errorf(env, ExitUsage, "usage: mandate %s <agent> [--project|--user] (agents: %s)", cmd, strings.Join(hook.Names, ", "))
}

func runInstall(ctx context.Context, env *Env, args []string) int {
	var f installFlags
	fs := newFlags(env, "install")
	f.register(fs, true)
	agent, code, ok := parseWithAgent(fs, args)
	if !ok {
		return code
	}
	if agent == "" {
		return agentUsage(env, "install")
	}
	o, err := f.options(env, agent)
	if err != nil {
		return errorf(env, ExitUsage, "%v", err)
	}
	if _, err := install.Path(o); err != nil {
		if errors.Is(err, install.ErrAgent) || errors.Is(err, install.ErrScope) {
			return errorf(env, ExitUsage, "%v", err)
		}
		return errorf(env, ExitFail, "%v", err)
	}
	if code, ok := f.hookProgram(env, &o); !ok {
		return code
	}
	res, err := install.Install(o)
	if err != nil {
		if errors.Is(err, install.ErrAgent) || errors.Is(err, install.ErrScope) {
			return errorf(env, ExitUsage, "%v", err)
		}
		return errorf(env, ExitFail, "%v (nothing was changed)", err)
	}
	if f.asJSON {
		return printJSON(env, res)
	}
	if res.Changed {
		fmt.Fprintf(env.Stdout, "installed Mandate's %s hooks (%s) in %s\n", agent, res.Command, res.Path)
	} else {
		fmt.Fprintf(env.Stdout, "Mandate's %s hooks (%s) are already installed in %s (nothing changed)\n", agent, res.Command, res.Path)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(env.Stdout, "next: %s\n", n)
	}
	fmt.Fprintln(env.Stdout, "check with: mandate doctor")
	return ExitOK
}

// hookProgram decides and checks the program the hooks run, before
// anything is written. A project install (a file the team commits) writes
// the bare `mandate hook <agent>`, which each machine runs from its own
// PATH: here that mandate must be on PATH and be Mandate, or the hook
// could not start on this machine. A user install writes the absolute
// path of --exe (a bare name is looked up on PATH), by default the front
// beside this mandate-engine, which must exist, be executable and be
// Mandate (install.CheckMandate: the running engine and its front are
// known; another program must answer `version` as Mandate does).
func (f *installFlags) hookProgram(env *Env, o *install.Options) (int, bool) {
	var known []string
	if self, err := selfExe(); err == nil {
		known = []string{self, hookExe(self)}
	}
	scope := o.Scope
	if scope == "" {
		scope = install.DefaultScope(o.Agent)
	}
	written := install.HookCommand(install.Project, "", o.Agent)
	if scope == install.Project {
		if f.exe != "" {
			return errorf(env, ExitUsage, "--exe applies to --user installs: a project install writes the bare %q, which each teammate's machine finds on its own PATH", written), false
		}
		p, err := lookPathIn(env)(install.FrontName)
		if err != nil {
			return errorf(env, ExitFail, "a project install writes %q, which runs the %s found on PATH, and there is none on PATH here (%s): the hook could not start on this machine; put %s and %s in a directory on PATH, or install with --user (nothing was changed)",
				written, install.FrontName, env.Getenv("PATH"), install.FrontName, install.EngineName), false
		}
		if err := install.CheckMandate(p, known...); err != nil {
			return errorf(env, ExitFail, "a project install writes %q, which runs the %s found on PATH, and here that is %s: %v (nothing was changed)", written, install.FrontName, p, err), false
		}
		return ExitOK, true
	}
	exe := f.exe
	switch {
	case exe == "":
		self, err := selfExe()
		if err != nil {
			return errorf(env, ExitFail, "cannot find this binary's path (%v); pass --exe", err), false
		}
		exe = hookExe(self)
	case !strings.Contains(exe, "/"):
		p, err := lookPathIn(env)(exe)
		if err != nil {
			return errorf(env, ExitUsage, "--exe %s: no such program on PATH (%s)", exe, env.Getenv("PATH")), false
		}
		exe = p
	}
	if abs, err := filepath.Abs(exe); err == nil {
		exe = abs
	}
	if err := install.CheckMandate(exe, known...); err != nil {
		if f.exe == "" {
			return errorf(env, ExitFail, "this binary's mandate cannot be the hook program (%v); pass --exe with the installed mandate (nothing was changed)", err), false
		}
		return errorf(env, ExitUsage, "--exe %s: %v (nothing was changed)", f.exe, err), false
	}
	o.Exe = exe
	return ExitOK, true
}

func runUninstall(ctx context.Context, env *Env, args []string) int {
	var f installFlags
	fs := newFlags(env, "uninstall")
	f.register(fs, false)
	agent, code, ok := parseWithAgent(fs, args)
	if !ok {
		return code
	}
	if agent == "" {
		return agentUsage(env, "uninstall")
	}
	o, err := f.options(env, agent)
	if err != nil {
		return errorf(env, ExitUsage, "%v", err)
	}
	res, err := install.Uninstall(o)
	if err != nil {
		if errors.Is(err, install.ErrAgent) || errors.Is(err, install.ErrScope) {
			return errorf(env, ExitUsage, "%v", err)
		}
		return errorf(env, ExitFail, "%v (nothing was changed)", err)
	}
	if f.asJSON {
		return printJSON(env, res)
	}
	switch {
	case res.Removed:
		fmt.Fprintf(env.Stdout, "removed Mandate's %s hooks; %s had nothing else and was deleted\n", agent, res.Path)
	case res.Changed:
		fmt.Fprintf(env.Stdout, "removed Mandate's %s hooks from %s\n", agent, res.Path)
	default:
		fmt.Fprintf(env.Stdout, "no Mandate %s hooks in %s (nothing changed)\n", agent, res.Path)
	}
	return ExitOK
}

func runDoctor(ctx context.Context, env *Env, args []string) int {
	fs := newFlags(env, "doctor")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	repo := fs.String("repo", "", "repository root (default: the git root above the working directory)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return errorf(env, ExitUsage, "usage: mandate doctor [--json] [--repo DIR]")
	}
	o := install.DoctorOptions{Home: homeOf(env), Repo: *repo, Getenv: env.Getenv, LookPath: lookPathIn(env)}
	if o.Repo == "" {
		o.Repo = repoRoot(env.Cwd)
	}
	self, selfErr := selfExe()
	if selfErr == nil {
		o.Exe = hookExe(self)
	}
	rep := install.Doctor(o)
	if selfErr == nil {
		rep.Engine = engineStatus(env, self)
	}
	if *asJSON {
		printJSON(env, rep)
	} else {
		printDoctor(env, rep)
		printEngine(env, rep.Engine)
	}
	if !rep.OK {
		return ExitFail
	}
	return ExitOK
}

// lookPathIn finds binaries on env's PATH.
func lookPathIn(env *Env) func(string) (string, error) {
	return func(name string) (string, error) {
		for _, dir := range filepath.SplitList(env.Getenv("PATH")) {
			if dir == "" {
				continue
			}
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode().Perm()&0o111 != 0 {
				return p, nil
			}
		}
		return "", exec.ErrNotFound
	}
}

func printDoctor(env *Env, rep install.Report) {
	w := env.Stdout
	if len(rep.Agents) == 0 {
		fmt.Fprintln(w, "no agent found on PATH or in this repository's or your settings")
		return
	}
	for _, a := range rep.Agents {
		line := a.Agent
		if a.Binary != "" {
			line += " (" + a.Binary + ")"
		}
		fmt.Fprintln(w, line)
		for _, in := range a.Installed {
			fmt.Fprintf(w, "  installed (%s): %s [%s]\n", in.Scope, in.Path, strings.Join(in.Events, ", "))
		}
		for _, p := range a.Problems {
			fmt.Fprintf(w, "  %-7s %s\n", strings.ToUpper(p.Severity), p.Message)
			fmt.Fprintf(w, "          fix: %s\n", p.Fix)
		}
		if len(a.Problems) == 0 {
			fmt.Fprintln(w, "  ok: the hooks will run")
		}
	}
	if rep.OK {
		fmt.Fprintln(w, "\nall installed hooks will run")
	} else {
		fmt.Fprintln(w, "\nsome installed hooks would NOT run: those agents would run tool calls ungoverned (fix the ERRORs above)")
	}
}

func printJSON(env *Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return errorf(env, ExitFail, "%v", err)
	}
	return ExitOK
}
