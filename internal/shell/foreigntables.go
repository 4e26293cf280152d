package shell

import "github.com/mandate-dev/mandate/internal/lazy"

// Tables of the constructs known to mean in zsh and ksh what they mean
// in bash (foreigndialect.go): what is not in them is opaque or
// dynamic there.

// foreignTable is one dialect's set of same-meaning constructs.
type foreignTable struct {
	// builtins are the dialect's builtins and precommand words: one not
	// in same is opaque (its meaning there is not bash's).
	builtins map[string]bool
	// same are the builtins that mean what bash's do (cd with one
	// operand: cd OLD NEW is modelled in chdir).
	same map[string]bool
	// specials are parameters whose assignment changes what the shell
	// does (tied search paths, argv0 of every command, hooks that run
	// code, named directories): an assignment is opaque.
	specials map[string]bool
	// litSpecial are characters of an unquoted literal the dialect may
	// read as operators (zsh's EXTENDED_GLOB ^ #, named directories and
	// ~ exclusions); leadEquals: a leading = is a command's path (zsh's
	// EQUALS).
	litSpecial string
	leadEquals bool
	// starStar: ** is a recursive glob (bash only with globstar).
	starStar bool
}

// sameEnv are environment variables a foreign dialect reads as bash does
// (scalars the shell sets or imports).
var sameEnv = map[string]bool{"HOME": true, "PWD": true, "OLDPWD": true, "USER": true, "LOGNAME": true, "TMPDIR": true, "SHELL": true}

// sameSpecialParams are special parameters with the same value.
const sameSpecialParams = "?$!#"

var foreignTables = &lazy.Value[[nDialects]*foreignTable]{New: func() (t [nDialects]*foreignTable) {
	set := func(s ...string) map[string]bool {
		m := map[string]bool{}
		for _, w := range s {
			m[w] = true
		}
		return m
	}
	same := set("cd", "chdir", ":", "true", "false", "echo", "printf", "test", "[", "export", "unset", "exit",
		"return", "shift", "wait", "pwd", "read", "source", ".", "eval", "exec", "command", "trap", "kill", "jobs",
		"break", "continue", "set", "umask", "getopts", "pushd", "popd", "dirs", "alias", "unalias", "local",
		"readonly", "type", "which", "whence", "print", "noglob", "nocorrect", "-", "time", "let", "setopt",
		"unsetopt", "emulate", "bg", "fg", "disown", "times", "unfunction", "functions", "declare", "typeset", "builtin",
		"integer", "float")
	t[dialZsh] = &foreignTable{
		builtins: set("-", ".", ":", "[", "alias", "autoload", "bg", "bindkey", "break", "builtin", "bye", "cap", "cd",
			"chdir", "clone", "command", "comparguments", "compcall", "compctl", "compdescribe", "compfiles",
			"compgroups", "compquote", "comptags", "comptry", "compvalues", "continue", "declare", "dirs", "disable",
			"disown", "echo", "echotc", "echoti", "emulate", "enable", "eval", "exec", "exit", "export", "false", "fc",
			"fg", "float", "functions", "getcap", "getln", "getopts", "hash", "history", "integer", "jobs", "kill",
			"let", "limit", "local", "log", "logout", "noglob", "nocorrect", "popd", "print", "printf", "pushd", "pushln", "pwd", "r",
			"read", "readonly", "rehash", "return", "sched", "set", "setcap", "setopt", "shift", "source", "stat",
			"suspend", "test", "times", "trap", "true", "ttyctl", "type", "typeset", "ulimit", "umask", "unalias",
			"unfunction", "unhash", "unlimit", "unset", "unsetopt", "vared", "wait", "whence", "where", "which",
			"zcompile", "zformat", "zftp", "zle", "zmodload", "zparseopts", "zprof", "zpty", "zregexparse", "zselect",
			"zsocket", "zstyle", "ztcp", "private", "strftime", "sysopen", "sysread", "syswrite", "zsystem"),
		same: same,
		specials: set("ARGV0", "cdpath", "path", "fpath", "FPATH", "manpath", "MANPATH", "module_path",
			"MODULE_PATH", "mailpath", "psvar", "argv", "watch", "options", "parameters", "functions", "aliases",
			"galiases", "saliases", "commands", "nameddirs", "userdirs", "builtins", "reswords", "dis_aliases",
			"dis_galiases", "dis_saliases", "dis_functions", "dis_builtins", "dis_reswords", "dis_patchars",
			"patchars", "modules", "NULLCMD", "READNULLCMD", "TMPPREFIX", "chpwd_functions", "precmd_functions",
			"preexec_functions", "periodic_functions", "zshexit_functions", "zshaddhistory_functions",
			"ZDOTDIR", "KSH_ARRAYS", "histchars", "HISTCHARS", "fignore", "FIGNORE", "ENV"),
		litSpecial: "^#",
		leadEquals: true,
		starStar:   true,
	}
	t[dialKsh] = &foreignTable{
		builtins: set(".", ":", "[", "alias", "bg", "break", "builtin", "cd", "command", "continue", "disown", "echo",
			"eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "let", "newgrp",
			"print", "printf", "pwd", "read", "readonly", "return", "set", "shift", "sleep", "test", "times", "trap",
			"true", "typeset", "ulimit", "umask", "unalias", "unset", "wait", "whence", "local", "source", "realpath",
			"suspend", "bind", "rename", "enum", "nameref", "r", "autoload", "functions", "integer", "float",
			"compound", "redirect"),
		same:     same,
		specials: set("ENV", "FPATH", "SH_OPTIONS"),
	}
	// a shell not known: zsh's rules, with ksh's builtins and specials
	// too
	z, k := t[dialZsh], t[dialKsh]
	anyShell := *z
	anyShell.builtins, anyShell.specials = map[string]bool{}, map[string]bool{}
	for _, m := range []map[string]bool{z.builtins, k.builtins} {
		for n := range m {
			anyShell.builtins[n] = true
		}
	}
	for _, m := range []map[string]bool{z.specials, k.specials} {
		for n := range m {
			anyShell.specials[n] = true
		}
	}
	t[dialAny] = &anyShell
	return t
}}
