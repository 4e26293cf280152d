package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/gate"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mandate-dev/mandate/internal/install"
)

// installFlags are the flags shared by install and uninstall.
type installFlags struct {
	project, user, asJSON bool
	exe, repo             string
}

func (f *installFlags) register(fs *pflag.FlagSet, withExe bool) {
	fs.BoolVar(&f.project, "project", false, "the repository's settings, shared with the team (the default, for agents that have them)")
	fs.BoolVar(&f.user, "user", false, "the user's settings (all repositories; the only scope of hermes)")
	fs.StringVar(&f.repo, "repo", "", "repository root `DIR` (default: the git root above the working directory)")
	setGroup(fs, "Scope", "project", "user", "repo")
	if withExe {
		fs.StringVar(&f.exe, "exe", "", "with --user: the mandate `PROGRAM` the hooks run, a path or a name on PATH (default: mandate beside this binary, else this binary); a --project install always writes the bare mandate, found on each machine's PATH")
		setGroup(fs, "Scope", "exe")
	}
	fs.BoolVar(&f.asJSON, "json", false, "print the result as JSON (see docs/cli.md)")
	setGroup(fs, "Output", "json")
}

// agentArg is the one positional argument of install and uninstall.
func agentArg(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return usagef(cmd, "which agent? (usage: mandate %s <agent> [--project|--user]; agents: %s)", cmd.Name(), strings.Join(agent.Names(), ", "))
	case len(args) > 1:
		return usagef(cmd, "unexpected argument %q (one agent at a time)", args[1])
	}
	return nil
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

func newInstallCmd(env *Env) *cobra.Command {
	var f installFlags
	return installCmd(&cobra.Command{
		Use:   "install <agent> [flags]",
		Short: "Wire Mandate's hooks into an agent's settings",
		Long: `Register 'mandate hook <agent>' in the agent's own settings file, so that the
agent asks Mandate before every tool call. The file is edited in place:
comments, key order and indentation survive, and uninstall restores it byte
for byte when nothing else changed.

A --project install (the default where the agent has project settings) goes
in the repository, for the whole team, and writes the bare 'mandate hook
<agent>', found on each machine's PATH; so mandate must be on PATH here. A
--user install covers all of this user's repositories and writes the
absolute path of --exe. Hermes has user settings only.

Agents: ` + strings.Join(agent.Names(), ", ") + `.`,
		Example: `  mandate install claude             # .claude/settings.json, for the team
  mandate install codex --project
  mandate install hermes --user      # ~/.hermes/config.yaml
  mandate install gemini --user --exe /usr/local/bin/mandate`,
		Args: agentArg,
		RunE: func(cmd *cobra.Command, args []string) error { return exitWith(runInstall(env, &f, args[0])) },
	}, &f, true)
}

func newUninstallCmd(env *Env) *cobra.Command {
	var f installFlags
	return installCmd(&cobra.Command{
		Use:   "uninstall <agent> [flags]",
		Short: "Remove Mandate's hooks from an agent's settings",
		Long: `Remove Mandate's hooks from the agent's settings file, leaving everything else
as it was: a file install created and nothing else changed is deleted, one
it edited is restored byte for byte when nothing else changed.`,
		Example: `  mandate uninstall claude
  mandate uninstall hermes --user`,
		Args: agentArg,
		RunE: func(cmd *cobra.Command, args []string) error { return exitWith(runUninstall(env, &f, args[0])) },
	}, &f, false)
}

func installCmd(cmd *cobra.Command, f *installFlags, withExe bool) *cobra.Command {
	cmd.ValidArgs = agent.Names()
	f.register(cmd.Flags(), withExe)
	return cmd
}

func runInstall(env *Env, f *installFlags, agent string) int {
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
	path, _ := install.Path(o)
	own := beginOwnChange(context.Background(), env, "mandate install "+agent, []string{path}) // ownchange.go
	res, err := install.Install(o)
	own.done(context.Background(), writtenBy(res, err))
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

func runUninstall(env *Env, f *installFlags, agent string) int {
	o, err := f.options(env, agent)
	if err != nil {
		return errorf(env, ExitUsage, "%v", err)
	}
	var own *ownChange
	if path, err := install.Path(o); err == nil {
		own = beginOwnChange(context.Background(), env, "mandate uninstall "+agent, []string{path}) // ownchange.go
	}
	res, err := install.Uninstall(o)
	own.done(context.Background(), writtenBy(res, err))
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

// writtenBy is what an install or uninstall wrote, for its acceptance
// (ownChange.done): nil when it failed or changed nothing.
func writtenBy(res install.Result, err error) map[string]string {
	if err != nil || !res.Changed {
		return nil
	}
	return map[string]string{res.Path: gate.WrittenDigest(res.Written, res.Removed)}
}

func newDoctorCmd(env *Env) *cobra.Command {
	var asJSON bool
	var repo string
	cmd := &cobra.Command{
		Use:   "doctor [flags]",
		Short: "Check that installed agent hooks would actually run",
		Long: `Check, for every agent found on PATH or in this repository's or your settings,
that Mandate's hooks are installed and would really run: agents skip hooks
silently when a project or hook is not trusted (Codex hook trust, Copilot
folder trust, Gemini trusted folders, Claude workspace trust), or when the
command a committed hook names cannot start on this machine. Each problem
comes with its fix. Also reports the resident engine.`,
		Example: `  mandate doctor
  mandate doctor --json | jq '.agents[] | select(.problems)'`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return exitWith(runDoctor(env, repo, asJSON)) },
	}
	cmd.Flags().StringVar(&repo, "repo", "", "repository root `DIR` (default: the git root above the working directory)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON (see docs/cli.md)")
	return cmd
}

func runDoctor(env *Env, repo string, asJSON bool) int {
	o := install.DoctorOptions{Home: homeOf(env), Repo: repo, Getenv: env.Getenv, LookPath: lookPathIn(env)}
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
	rep.Limits = platformLimits()
	if dir, err := gate.StateDir(env.Getenv); err == nil {
		rep.Pins = gate.PinLimits(dir) // said, never failing: each is still compared
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			if ps, err := gate.Pending(dir, homeOf(env)); err == nil {
				for _, p := range ps {
					rep.Pending = append(rep.Pending, fmt.Sprintf("%s (%s): accepted %s, found %s", p.Path, p.Scope(), p.Accepted, p.Found))
				}
			}
			// compared here, read-only: a change that switched the hooks
			// off is one no hook call comes to compare (red-team round 28, #301)
			if ds, err := gate.Drifts(dir, homeOf(env)); err == nil {
				for _, d := range ds {
					rep.Drift = append(rep.Drift, d.Describe())
					rep.OK = rep.OK && !d.Routes
				}
			}
		}
	}
	if asJSON {
		printJSON(env, rep)
	} else {
		printDoctor(env, rep)
		printEngine(env, rep.Engine)
		printLimits(env, rep.Limits)
		printPinLimits(env, rep.Pins)
		printPendingLines(env, rep.Pending)
		if len(rep.Drift) > 0 {
			fmt.Fprintf(env.Stdout, "\nNOT AS PINNED (no hook call compared them yet; doctor records nothing):\n")
			for _, d := range rep.Drift {
				fmt.Fprintf(env.Stdout, "  %s\n", d)
			}
		}
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
