package shell

import (
	"path"
	"slices"
	"strings"
)

// Which shell runs code a program is handed (red-team round 21, #5, #6).
// The line runs as bash, but code a program runs is read by the shell
// that program starts, in that shell's dialect (dialectstate.go):
//
//   - flock -c, script -c, tmux's commands, sudo -s run $SHELL -c CODE:
//     the dialect of the shell SHELL names when the line binds it, else
//     any shell (dialAny: SHELL is inherited, zsh on macOS and many
//     desktops); su -c and runuser -c run the target user's login shell,
//     not known: any shell; watch runs sh -c (codeShells);
//   - a script with no #! line run by its path is run by glibc's
//     execvp's ENOEXEC fallback as /bin/sh when a program (env, timeout,
//     nohup, nice, xargs, find -exec, sudo) starts it; the line's bash
//     runs it itself, as bash (and so do exec and command); zsh hands it
//     to /bin/sh too (noShebangShell).

// codeShell is the shell a program runs its code strings with.
type codeShell uint8

const (
	codeUserShell  codeShell = iota + 1 // $SHELL
	codeLoginShell                      // the target user's login shell: not known
	codeBinSh                           // /bin/sh
	codeLineShell                       // the shell that runs the line (GNU parallel finds its parent's)
	// codeConfigShell: /bin/sh unless a configuration file names another
	// (npm's script-shell in .npmrc, which the analysis does not read):
	// any shell
	codeConfigShell
)

// codeShellSrc says where a program takes the shell it runs its code
// strings with: its default (kind), and the options and environment
// variables that name another (red-team round 23, #5). A shell named by
// one of them overrides the default; one whose value is not known
// statically is any shell (dialAny); one that is no shell whose dialect
// the analysis reads (fish, a program) makes the code opaque.
type codeShellSrc struct {
	kind codeShell
	// opts: the options whose value names the shell (--opt=V, --opt V),
	// looked for among all the program's words (npm --script-shell=zsh
	// exec -c CODE)
	opts string
	// env: the environment variables that name it (the command's prefix
	// assignments or an exported binding of the line); fold: their names
	// are matched in any case (npm reads npm_config_* so)
	env  string
	fold bool
}

// codeShells are the programs whose code strings (c.code) run under
// another shell than the line's.
// Every program the analysis hands code strings to from its tables
// (launchers with a code mode or a :c or :sh option, entr -s) is listed
// (TestCodeRunnersDeclareShell). entr -s and watchexec run $SHELL -c
// (red-team round 22, #7); hyperfine, nodemon and perf's --pre/--post
// run sh -c; an option naming the shell (--shell, -S) overrides (the
// "sh" option kind: writers.go). npm exec -c and npx -c run their code
// with npm's script-shell (--script-shell, npm_config_script_shell,
// .npmrc; sh by default); GNU parallel and sem with $PARALLEL_SHELL, else
// the shell they were started from. make takes its shell from SHELL= on
// its command line or in a makefile (makefile.go: opaque); the task
// runners (just's set shell, a Taskfile's) read theirs from files the
// analysis treats as scripts (taskfiles.go).
var codeShells = map[string]codeShellSrc{
	"flock": {kind: codeUserShell}, "script": {kind: codeUserShell}, "tmux": {kind: codeUserShell},
	"sudo": {kind: codeUserShell}, "su": {kind: codeLoginShell}, "runuser": {kind: codeLoginShell},
	"sg": {kind: codeBinSh}, "watch": {kind: codeBinSh}, "entr": {kind: codeUserShell},
	"watchexec": {kind: codeUserShell}, "hyperfine": {kind: codeBinSh}, "nodemon": {kind: codeBinSh},
	"perf": {kind: codeBinSh},
	"sem":  {kind: codeLineShell, env: "PARALLEL_SHELL"}, "parallel": {kind: codeLineShell, env: "PARALLEL_SHELL"},
	"npm": {kind: codeConfigShell, opts: "--script-shell", env: "npm_config_script_shell", fold: true},
	"npx": {kind: codeConfigShell, opts: "--script-shell", env: "npm_config_script_shell", fold: true},
}

// codeDialect sets in sc the dialect of the shell that c's program runs
// its code with (codeShells): the dialect of sh, of the shell SHELL
// names, of the shell an option or variable names, or any shell when
// that is not known.
func (c *cmd) codeDialect(sc *scope) {
	src := codeShells[c.name]
	k := src.kind
	if k == 0 {
		return
	}
	sh := ""
	named, dyn := c.namedShell(src)
	switch {
	case dyn:
		// named by a value not known statically: any shell
	case named != "":
		sh = path.Base(named)
		if _, known := dialectByName[shellBase(sh)]; !known || !isShell(sh) || !posixShell(sh) {
			c.opaque("runs its code with " + clip(named) + ", not a shell whose dialect the analysis reads")
			sh = ""
		}
	case k == codeLineShell:
		return
	case c.w.shell != "" && k != codeLoginShell:
		sh = path.Base(c.w.shell) // --shell zsh, -S zsh (writers.go)
		if _, known := dialectByName[shellBase(sh)]; !known || !isShell(sh) {
			sh = ""
		}
	case k == codeBinSh:
		sh = "sh"
	case k == codeUserShell:
		v, ok := c.a.lookup(sc, "SHELL")
		n := progName(field{s: v})
		if _, known := dialectByName[shellBase(n)]; ok && known && isShell(n) {
			sh = n
		} else if ok && v != "" {
			// fish, csh, tcsh, a program: not a dialect the analysis reads
			c.opaque("runs its code with SHELL=" + clip(v) + ", not a shell whose dialect the analysis reads")
		}
	}
	if sh == "" {
		sc.dialect, sc.zopts, sc.noArith = dialAny, zAllOpts, true
		sc.posix = max(sc.posix, posixMaybe)
		return
	}

	cc := *c
	cc.sc, cc.name, cc.prog, cc.argv0 = sc, sh, sh, nil
	cc.runDialect(opts{}, nil)
	sc.noArith = noArithShell(sh)
}

// namedShell returns the shell an option or environment variable of src
// names for c's code (the option wins, its last use), and whether that
// name is not known statically. An option's value is looked for in every
// word of the program (c.w.shellWords when set: the words before a
// subcommand that c, a part of the command, does not hold).
func (c *cmd) namedShell(src codeShellSrc) (string, bool) {
	words := c.args
	if c.w.shellWords != nil {
		words = c.w.shellWords
	}
	named, dyn, found := "", false, false
	for _, o := range strings.Fields(src.opts) {
	scan:
		for i, f := range words {
			switch {
			case f.s == "--" && !f.dyn:
				break scan
			case f.s == o && i+1 < len(words):
				named, dyn, found = words[i+1].s, words[i+1].dyn || words[i+1].glob, true
			case strings.HasPrefix(f.s, o+"="):
				named, dyn, found = f.s[len(o)+1:], f.dyn || f.glob, true
			case f.dyn && (strings.HasPrefix(f.s, "$") || strings.HasPrefix(f.s, "`")):
				dyn, found = true, true // a word not known statically may be the option
			}
		}
	}
	if found {
		return named, dyn
	}
	for _, n := range strings.Fields(src.env) {
		for _, name := range c.envNames(n, src.fold) {
			v, set := c.a.envOrVar(c.sc, name)
			if _, prefix := c.sc.cmdEnv[name]; !set || !prefix && !c.a.exported[name] && !c.a.allExport {
				continue // a shell variable the program does not see
			}
			return v.val, !v.known
		}
	}
	return "", false
}

// envNames are the names of the command's environment that are n, or
// equal to n in any case when fold is set.
func (c *cmd) envNames(n string, fold bool) []string {
	if !fold {
		return []string{n}
	}
	var out []string
	for k := range c.sc.cmdEnv {
		if strings.EqualFold(k, n) {
			out = append(out, k)
		}
	}
	for k := range c.sc.vars {
		if strings.EqualFold(k, n) && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// noShebangShell is the shell that runs c, a script with no #! line run
// by its path: sh when a program execs it (execvp's fallback) or when
// the shell that runs the line may be zsh, "" (the shell itself)
// otherwise.
func (c *cmd) noShebangShell() string {
	if !c.direct || mayZsh(c.sc.dialect) && c.sc.dialect != dialAny {
		return "sh"
	}
	return ""
}

// shellOptsNotCandidate marks the values of c's options that name a code
// shell (opts, as in codeShells) as no candidate writes: the option's
// value is the program that runs the code, read by namedShell, not a file
// the program writes (npm --script-shell=/bin/zsh).
func (c *cmd) shellOptsNotCandidate(opts string) {
	for o := range strings.FieldsSeq(opts) {
		for i, f := range c.args {
			switch {
			case f.s == "--" && !f.dyn:
				return
			case f.s == o && i+1 < len(c.args):
				c.notCandidate(i + 1)
			case strings.HasPrefix(f.s, o+"="):
				c.notCandidate(i)
			}
		}
	}
}
