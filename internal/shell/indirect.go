package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Code handed to a program indirectly is judged by the code: where it is
// a literal it is analysed like bash -c's string, otherwise it is opaque.
// This file holds the shells by every name, the code a shell reads from a
// here-document, here-string or process substitution, and the programs
// environment variables name; git configuration's are in gitconfig.go, the
// package runners that fetch what they run in pkgrunners.go, inline
// interpreter code and edits in interpreters.go.

// shellNames are the shells, by name (a version may follow: bash5,
// zsh-5.9, ksh93, ksh2020, bash-static).
const shellNames = "sh bash zsh dash ksh mksh lksh oksh pdksh ash rbash rzsh rksh fish csh tcsh yash posh bosh jsh hush msh " +
	otherShells

// otherShells are shells whose language is not the POSIX shell's: their
// code is analysed as shell code where it parses as such (simple commands
// read the same), and is opaque where it does not.
const otherShells = "elvish xonsh nu nushell ion oil osh ysh murex rc es scsh"

// posixShell reports whether shell n (a name isShell accepts) reads
// POSIX shell code.
func posixShell(n string) bool {
	base := n
	for i := min(len(n), 8); i >= 2; i-- {
		if shellSet.Get()[n[:i]] {
			base = n[:i]
			break
		}
	}
	switch base {
	case "fish", "csh", "tcsh":
		return false
	}
	return !strings.Contains(" "+otherShells+" ", " "+base+" ")
}

// lenientCode analyses code in another shell's language: opaque, and
// also analysed as shell code where it parses as such (simple commands
// read the same).
func (c *cmd) lenientCode(f field, via string) error {
	// what it means in that language is not what it means here
	c.opaque(c.name + " runs code in another shell language, read here as POSIX shell code")
	if !f.dyn {
		if !c.a.parses(f.s) {
			return nil
		}
	}
	return c.code(f, via, false)
}

var shellSet = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(shellNames) {
		m[n] = true
	}
	return m
}}

func isShell(n string) bool {
	if shellSet.Get()[n] {
		return true
	}
	// A shell's name followed by a version or a build: bash5, bash-5.2,
	// zsh-5.9, ksh93u+m, sh5, bash-static.
	if len(n) > 64 {
		return false // no shell's name, even with a version
	}
	if !strings.HasSuffix(n, "static") && !strings.ContainsAny(n, "0123456789") {
		return false // neither a build nor a version follows any prefix
	}
	for i := 2; i < len(n) && i <= 8; i++ { // the longest shell name is 7
		if !shellSet.Get()[n[:i]] {
			continue
		}
		rest := n[i:]
		if rest == "-static" || rest == ".static" {
			return true
		}
		rest = strings.TrimLeft(rest, "-._")
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' && strings.Trim(rest, "0123456789.+-_abcdefghijklmnopqrstuvwxyz") == "" {
			return true
		}
	}
	return false
}

// stdinPath returns the descriptor a script path reads (-, /dev/stdin,
// /dev/fd/N, /proc/self/fd/N, /proc/$$/fd/N), or -1.
func (c *cmd) stdinPath(f field) int {
	if f.s == "-" && !f.dyn {
		return 0
	}
	if f.dyn && !selfPidOnly(f.s) || !strings.HasPrefix(f.s, "/") {
		return -1
	}
	raw := f.s
	if strings.HasPrefix(raw, "/proc/") {
		if pid, rest, ok := strings.Cut(raw[len("/proc/"):], "/"); ok && isSelfPid(pid) {
			raw = "/proc/self/" + rest
		}
	}
	switch {
	case raw == "/dev/stdin":
		return 0
	case strings.HasPrefix(raw, "/dev/fd/"):
		raw = "/proc/self/fd/" + raw[len("/dev/fd/"):]
	}
	if n, ok := strings.CutPrefix(raw, "/proc/self/fd/"); ok && isFD(n) && !strings.HasSuffix(n, "-") {
		k := 0
		for _, d := range n {
			k = k*10 + int(d-'0')
			if k > 1<<20 {
				return -1
			}
		}
		return k
	}
	return -1
}

// fedCode analyses the code a shell (or source) reads from descriptor n
// (a here-document, a here-string): known literal code is analysed,
// anything else is opaque. A file redirected onto it is a script file.
func (c *cmd) fedCode(n int, via, reason string, w where) error {
	v, ok := c.sc.fd(n)
	switch {
	case ok && v.kind == fdDoc && v.known:
		c.handed = true
		return c.reparseAt(v.doc, c.sc, via, w)
	case ok && v.kind == fdFile && !v.dyn:
		// a script file, like bash FILE: one the line writes runs the
		// text it wrote (echo 'rm x' > f; sh < f)
		_, err := c.runWritten(field{s: v.path}, via, false, false, w)
		return err
	case ok && v.kind == fdDoc:
		c.opaque("runs shell code not known statically from a here-document")
	default:
		// echo 'cmd' | bash is opaque even when the text is literal (code
		// that arrives through a pipe is exec/opaque-input), and the text
		// the line shows is analysed too: what it does to protected or
		// blocked paths is decided, not asked
		c.opaque(reason)
		if text, known := c.fedText(); known && ok && v.kind == fdPipe {
			return c.reparseAt(text, c.sc, via, w)
		}
	}
	return nil
}

// fedText returns the text standard input carries when the line shows
// it: a literal here-document or here-string, or echo/printf piped in.
func (c *cmd) fedText() (string, bool) {
	v, ok := c.sc.fd(0)
	switch {
	case ok && v.kind == fdDoc:
		return v.doc, v.known
	case ok && v.kind == fdPipe && c.sc.feed != nil && c.sc.feed.text != "" && !c.sc.feed.partial:
		return c.sc.feed.text, true
	}
	return "", false
}

// scriptCode analyses the script argument k of a shell or source: a file
// runs as a script (not opaque: the sandbox is its backstop); standard
// input, a descriptor or a process substitution carries code, analysed
// when it is literal.
func (c *cmd) scriptCode(k int, via string, w where) error {
	f := c.args[k]
	switch {
	case f.proc && f.docKnown:
		c.handed = true
		return c.reparseAt(f.doc, c.sc, via+" <(…)", w)
	case f.proc:
		c.opaque("runs shell code from a process substitution")
	case c.stdinPath(f) >= 0:
		n := c.stdinPath(f)
		return c.fedCode(n, via+" "+f.s, "runs shell code read from standard input", w)
	case f.dyn:
		c.opaque("runs a script whose name is not known statically")
	default:
		c.notCandidate(k)    // the script itself is read, not written
		c.pathSearchReads(f) // pathsearch.go
		c.runsScript(k)
		_, err := c.runWritten(f, via, false, false, w)
		return err
	}
	return nil
}

// procOutput returns what a process substitution prints when it is
// echo or printf of literal text, or cat of a literal here-document or
// here-string.
func (a *analyzer) procOutput(stmts []*syntax.Stmt, sc *scope) (string, bool) {
	if len(stmts) != 1 {
		return "", false
	}
	st := stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 || len(call.Args) == 0 || st.Negated || st.Background {
		return "", false
	}
	for _, w := range call.Args {
		if !isStaticWord(w) {
			return "", false
		}
	}
	fs, err := a.fields(call.Args, sc, false)
	if err != nil || len(fs) == 0 {
		return "", false // ($IFS alone expands to no word)
	}
	for _, f := range fs {
		if f.dyn || f.glob {
			return "", false
		}
	}
	switch fs[0].s {
	case "echo":
		if len(st.Redirs) > 0 {
			return "", false
		}
		var words []string
		for _, f := range fs[1:] {
			words = append(words, f.s)
		}
		if len(words) > 0 && strings.HasPrefix(words[0], "-") {
			return "", false
		}
		if plain, _, same, _ := echoReadings(words); same { // echo.go
			return plain + "\n", true
		}
		return "", false
	case "printf":
		dashes := len(fs) > 2 && fs[1].s == "--"
		if dashes {
			fs = append(fs[:1:1], fs[2:]...) // printf -- FORMAT
		}
		if len(st.Redirs) > 0 || len(fs) < 2 || !dashes && strings.HasPrefix(fs[1].s, "-") {
			return "", false
		}
		var args []string
		for _, f := range fs[1:] {
			args = append(args, f.s)
		}
		return printfOutput(args)
	case "cat":
		if len(fs) != 1 || len(st.Redirs) != 1 {
			return "", false
		}
		r := st.Redirs[0]
		switch r.Op {
		case syntax.Hdoc, syntax.DashHdoc:
			if hdocQuoted(r.Word) || r.Hdoc != nil && isStaticWord(r.Hdoc) {
				text, known, err := a.hdocText(r, sc)
				return text, known && err == nil
			}
		case syntax.WordHdoc:
			if isStaticWord(r.Word) {
				f, err := a.oneField(r.Word, sc)
				return f.s + "\n", err == nil && !f.dyn
			}
		}
	}
	return "", false
}

// opaqueUnless reports an opaque part that is not opaque when one of the
// files unless names exists.
func (a *analyzer) opaqueUnless(cmd, reason string, unless []string) {
	if len(unless) == 0 {
		a.opaque(cmd, reason)
		return
	}
	if a.mark(markKey{'o', cmd, reason}) {
		a.res.Opaque = append(a.res.Opaque, Opaque{Cmd: cmd, Reason: reason, UnlessExists: unless})
	}
}

// ---- environment variables that name programs ---------------------------

// commandVars are environment variables whose value is a command line a
// program runs (git, man, less, ssh, …).
var commandVars = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"GIT_SSH_COMMAND": true, "GIT_PAGER": true, "GIT_EDITOR": true, "GIT_SEQUENCE_EDITOR": true,
		"GIT_EXTERNAL_DIFF": true, "GIT_SSH": true, "GIT_ASKPASS": true, "SSH_ASKPASS": true, "GIT_PROXY_COMMAND": true,
		"PAGER": true, "EDITOR": true, "VISUAL": true, "MANPAGER": true, "SYSTEMD_PAGER": true, "BROWSER": true,
		"LESSOPEN": true, "LESSCLOSE": true, "PROMPT_COMMAND": true, "SUDO_ASKPASS": true,
	}
}}

// dangerousEnv judges an assignment to a variable that makes later
// programs run code: a literal command line is analysed, anything else
// that can run code the analysis cannot see is opaque.
func (a *analyzer) dangerousEnv(sc *scope, cmdName, name, val string, known bool) error {
	a.assignEffects(sc, cmdName, name, val, known)
	a.envOutput(sc, cmdName, name, val, known)
	if err := a.optionVarAssign(sc, cmdName, name, val, known); err != nil { // optvars.go
		return err
	}
	c := &cmd{a: a, sc: sc, name: cmdName}
	switch {
	case funcImport(name):
		// bash defines a function from it, which runs under that name
		if !known {
			a.opaque(cmdName, "environment function "+name+" not known statically")
			return nil
		}
		if body := strings.TrimSpace(val); strings.HasPrefix(body, "()") {
			return a.reparse("imported_function"+body, sc, name+"=", false)
		}
		return nil
	case commandVars.Get()[name] || toolCommandVar(name):
		if !known {
			a.opaque(cmdName, "assignment to "+name+" can make programs run other code")
			return nil
		}
		code := val
		if name == "LESSOPEN" || name == "LESSCLOSE" {
			code = strings.TrimLeft(strings.TrimSpace(code), "|-")
		}
		if strings.TrimSpace(code) == "" || !a.mark(markKey{'v', name, code}) {
			return nil
		}
		if name == "LESSOPEN" {
			a.lessReplacement(sc, cmdName, val) // lessopen.go
		}
		if w := strings.Fields(code); len(w) > 0 && strings.Contains(w[0], "/") && !systemProgram(w[0]) {
			// a program file of its own: what it does is not in the line
			a.opaque(cmdName, name+" names a program file, "+clip(w[0]))
		}
		return a.reparse(code, sc, name+"=", false)
	case name == "GIT_CONFIG_PARAMETERS":
		if !known {
			a.opaque(cmdName, "assignment to "+name+" can make programs run other code")
			return nil
		}
		return c.gitConfigParameters(val)
	case strings.HasPrefix(name, "GIT_CONFIG_KEY_"), strings.HasPrefix(name, "GIT_CONFIG_VALUE_"):
		n := name[strings.LastIndexByte(name, '_')+1:]
		k, kok := a.lookup(sc, "GIT_CONFIG_KEY_"+n)
		v, vok := a.lookup(sc, "GIT_CONFIG_VALUE_"+n)
		if strings.HasPrefix(name, "GIT_CONFIG_KEY_") {
			k, kok = val, known
			if _, set := a.envOrVar(sc, "GIT_CONFIG_VALUE_"+n); !set {
				if kok && gitConfigKind(k) != "" {
					// the value may come later in the line, or from the
					// environment
					v, vok = "", false
					if gitConfigKind(k) == "opaque" {
						return c.gitConfigValue(k, field{}, true)
					}
					a.opaque(cmdName, "git configuration "+strings.ToLower(k)+" from the environment runs a command not known statically")
				} else if !kok {
					a.opaque(cmdName, "git configuration key from the environment not known statically")
				}
				return nil
			}
		} else {
			v, vok = val, known
			if _, set := a.envOrVar(sc, "GIT_CONFIG_KEY_"+n); !set {
				a.opaque(cmdName, "git configuration value from the environment for a key not known statically")
				return nil
			}
		}
		if !kok {
			a.opaque(cmdName, "git configuration key from the environment not known statically")
			return nil
		}
		return c.gitConfigValue(k, field{s: v, dyn: !vok}, true)
	case name == "PS1" || name == "PS2" || name == "PS4":
		// prompts are expanded: $(…) in them runs
		if !known {
			if strings.ContainsAny(val, "$`") {
				a.opaque(cmdName, "assignment to "+name+" can make the shell run other code")
			}
			return nil
		}
		if strings.Contains(val, "$(") || strings.Contains(val, "`") {
			return a.reparse(": "+val, sc, name+"=", false)
		}
	}
	if (name == "GIT_CONFIG_GLOBAL" || name == "GIT_CONFIG_SYSTEM" || name == "GIT_CONFIG") && known {
		// a configuration file the line writes with literal text is
		// judged by what it says
		if w, ok := a.writtenAt(sc, field{s: val}); ok && w.known {
			return c.gitConfigText(w.text)
		}
	}
	switch {
	case configFileVars.Get()[name]: // toolconfigtables.go
		if !known || val != "" && val != "/dev/null" {
			a.opaque(cmdName, "assignment to "+name+" makes a tool read a configuration that can name programs")
		}
	case codeLoadVars.Get()[name]:
		a.opaque(cmdName, "assignment to "+name+" can make programs run other code")
	case envStateVar(name):
		a.envState(cmdName, name, svVal{val, known}) // shellvars.go
	case loaderEnv(name):
		a.opaque(cmdName, "assignment to "+name+" can make programs load or run other code")
	}
	return nil
}

// codeLoadVars are variables that make programs load a file, a library
// or options that run code the value does not show.
var codeLoadVars = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields("LD_PRELOAD LD_LIBRARY_PATH LD_AUDIT DYLD_INSERT_LIBRARIES DYLD_LIBRARY_PATH " +
		"BASH_ENV ENV PERL5OPT PERL5LIB PYTHONSTARTUP PYTHONPATH NODE_OPTIONS RUBYOPT " +
		"GIT_CONFIG_GLOBAL GIT_CONFIG_SYSTEM GIT_CONFIG GIT_EXEC_PATH GIT_TEMPLATE_DIR " +
		"ZDOTDIR SHELLOPTS BASHOPTS") {
		m[n] = true
	}
	return m
}}

// envCarriesCode reports whether a variable makes the programs that
// inherit it run code, load a file, a library or a configuration, or
// pick another program: every name dangerousEnv and assignEffects judge
// as such, and HOME and XDG_CONFIG_HOME, which choose the start-up and
// configuration files programs read (confighome.go). It is the one table
// for an environment set outside the line (tmux's, tmuxopts.go), whose
// later programs the line does not show.
func envCarriesCode(name string) bool {
	switch name {
	case "PATH", "HOME", "XDG_CONFIG_HOME", "PS0", "PS1", "PS2", "PS3", "PS4", "GLOBIGNORE", "GIT_CONFIG_PARAMETERS",
		"GIT_CONFIG_COUNT", "GIT_DIR", "GIT_WORK_TREE":
		return true
	}
	return funcImport(name) || configFileVars.Get()[name] || commandVars.Get()[name] || toolCommandVar(name) || codeLoadVars.Get()[name] || envStateVar(name) ||
		loaderEnv(name) || laterExpanded.Get()[name] || laterRun.Get()[name] ||
		strings.HasPrefix(name, "GIT_CONFIG_KEY_") || strings.HasPrefix(name, "GIT_CONFIG_VALUE_")
}

// envOrVar looks name up in the command's environment and the line's
// variables: set says it was assigned in the line.
func (a *analyzer) envOrVar(sc *scope, name string) (varVal, bool) {
	if v, ok := sc.cmdEnv[name]; ok {
		return v, true
	}
	return sc.varEntry(name) // varstore.go
}

// systemProgram reports whether path p is a program installed in the
// system's directories (not one a line or an agent could have written).
func systemProgram(p string) bool {
	for _, d := range []string{"/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/", "/usr/local/bin/", "/opt/homebrew/bin/", "/usr/libexec/", "/usr/lib/git-core/"} {
		if strings.HasPrefix(p, d) && !strings.Contains(p[len(d):], "/") && !strings.Contains(p, "..") {
			return true
		}
	}
	return false
}
