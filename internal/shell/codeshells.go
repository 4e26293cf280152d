package shell

import "path"

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
)

// codeShells are the programs whose code strings (c.code) run under
// another shell than the line's.
// Every program the analysis hands code strings to from its tables
// (launchers with a code mode or a :c or :sh option, entr -s) is listed
// (TestCodeRunnersDeclareShell). entr -s and watchexec run $SHELL -c
// (red-team round 22, #7); hyperfine, nodemon and perf's --pre/--post
// run sh -c; an option naming the shell (--shell, -S) overrides (the
// "sh" option kind: writers.go).
var codeShells = map[string]codeShell{
	"flock": codeUserShell, "script": codeUserShell, "tmux": codeUserShell, "sudo": codeUserShell,
	"su": codeLoginShell, "runuser": codeLoginShell, "sg": codeBinSh, "watch": codeBinSh,
	"entr": codeUserShell, "watchexec": codeUserShell, "hyperfine": codeBinSh, "nodemon": codeBinSh,
	"perf": codeBinSh, "sem": codeLineShell, "parallel": codeLineShell,
}

// codeDialect sets in sc the dialect of the shell that c's program runs
// its code with (codeShells): the dialect of sh, of the shell SHELL
// names, or any shell when that is not known.
func (c *cmd) codeDialect(sc *scope) {
	sh := ""
	switch k := codeShells[c.name]; {
	case k == 0 || k == codeLineShell:
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
