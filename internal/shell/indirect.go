package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// Code handed to a program indirectly is judged by the code: where it is
// a literal it is analysed like bash -c's string, otherwise it is opaque.
// This file holds the shells by every name, the code a shell reads from a
// here-document, here-string or process substitution, the programs that
// git configuration and environment variables name, and the package
// runners that fetch what they run.

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
		if shellSet()[n[:i]] {
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
		if _, err := c.a.parser.Parse(strings.NewReader(f.s), ""); err != nil {
			return nil
		}
	}
	return c.code(f, via, false)
}

var shellSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(shellNames) {
		m[n] = true
	}
	return m
})

func isShell(n string) bool {
	if shellSet()[n] {
		return true
	}
	// A shell's name followed by a version or a build: bash5, bash-5.2,
	// zsh-5.9, ksh93u+m, sh5, bash-static.
	if len(n) > 64 {
		return false // no shell's name, even with a version
	}
	for i := 2; i < len(n) && i <= 8; i++ { // the longest shell name is 7
		if !shellSet()[n[:i]] {
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
func (c *cmd) fedCode(n int, via, reason string) error {
	v, ok := c.sc.fd(n)
	switch {
	case ok && v.kind == fdDoc && v.known:
		return c.a.reparse(v.doc, c.sc, via, false)
	case ok && v.kind == fdFile && !v.dyn:
		return nil // a script file, like bash FILE
	case ok && v.kind == fdDoc:
		c.opaque("runs shell code not known statically from a here-document")
	default:
		// (echo 'cmd' | bash is opaque even when the text is literal:
		// code that arrives through a pipe is exec/opaque-input)
		c.opaque(reason)
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
func (c *cmd) scriptCode(k int, via string) error {
	f := c.args[k]
	switch {
	case f.proc && f.docKnown:
		return c.a.reparse(f.doc, c.sc, via+" <(…)", false)
	case f.proc:
		c.opaque("runs shell code from a process substitution")
	case c.stdinPath(f) >= 0:
		n := c.stdinPath(f)
		return c.fedCode(n, via+" "+f.s, "runs shell code read from standard input")
	case f.dyn:
		c.opaque("runs a script whose name is not known statically")
	default:
		c.notCandidate(k) // the script itself is read, not written
		_, err := c.runWritten(f, via, false, false)
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
		return strings.Join(words, " ") + "\n", true
	case "printf":
		if len(st.Redirs) > 0 || len(fs) < 2 || strings.HasPrefix(fs[1].s, "-") {
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

// ---- package runners --------------------------------------------------

// registryFetch reports that runner may fetch package spec from a
// registry and run it. For npx and npm exec, a program already installed
// in node_modules/.bin of the cwd or an ancestor runs instead: the part is
// not opaque when one exists.
func (c *cmd) registryFetch(runner string, spec field, local bool) {
	if spec.dyn {
		c.opaque(runner + " may fetch and run a package named at run time from the registry")
		return
	}
	s := spec.s
	if s == "" || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/") {
		return // a local path
	}
	reason := runner + " may fetch and run package " + clip(s) + " from the registry"
	var unless []string
	if local && c.sc.cwdKnown && path.IsAbs(c.sc.cwd) {
		bin := s
		if strings.HasPrefix(bin, "@") {
			if _, b, ok := strings.Cut(bin, "/"); ok {
				bin = b
			}
		}
		if !strings.ContainsAny(bin, "@/:#") && bin != "" {
			for d := c.sc.cwd; ; d = path.Dir(d) {
				unless = append(unless, path.Join(d, "node_modules/.bin", bin))
				if d == "/" || len(unless) > 64 {
					break
				}
			}
		}
	}
	c.a.opaqueUnless(c.name, reason, unless)
}

// packageRunner handles npx, bunx, pnpx, uvx: the command they run is
// analysed (by the caller) and the fetch is reported.
func (c *cmd) packageRunner(o opts, k int) {
	if o.anyOf("--no-install", "--no", "--offline") {
		return
	}
	pkg := c.args[k]
	explicit := o.values("-p", "--package", "--from", "--with")
	switch c.name {
	case "npx":
		if len(explicit) > 0 {
			for _, p := range explicit {
				c.registryFetch("npx", p, false)
			}
			return
		}
		c.registryFetch("npx", pkg, true)
	default: // bunx, pnpx, uvx always fetch
		for _, p := range explicit {
			c.registryFetch(c.name, p, false)
		}
		c.registryFetch(c.name, pkg, false)
	}
}

// managerRunner handles "npm exec X", "pnpm dlx X", "yarn dlx X", "bun x
// X", "uv tool run X", "pipx run X", "npm init X", "npm create X": name
// is the package manager, sub its subcommand, rest what follows it.
func (c *cmd) managerRunner(sub string, rest *cmd, o opts, k int, hasCmd bool) {
	n := c.name
	var pkg field
	if hasCmd {
		pkg = rest.args[k]
	}
	explicit := o.values("-p", "--package", "--from", "--with", "--spec")
	switch {
	case n == "npm" && (sub == "exec" || sub == "x"):
		if o.anyOf("--no", "--offline", "--no-install") {
			return
		}
		if len(explicit) > 0 {
			for _, p := range explicit {
				c.registryFetch("npm exec", p, false)
			}
		} else if hasCmd {
			c.registryFetch("npm exec", pkg, true)
		}
	case sub == "dlx" || sub == "tool run" || n == "bun" && sub == "x" || n == "pipx" && sub == "run":
		for _, p := range explicit {
			c.registryFetch(n+" "+sub, p, false)
		}
		if hasCmd {
			c.registryFetch(n+" "+sub, pkg, false)
		}
	case sub == "run" && (n == "uv" || n == "pdm" || n == "hatch" || n == "rye" || n == "poetry"):
		for _, p := range explicit {
			c.registryFetch(n+" run --with", p, false)
		}
	}
}

// bunManager reports whether bun is run as a package manager (bun x,
// bun create, bun install, …) rather than as a JavaScript runtime.
func (c *cmd) bunManager() bool {
	if c.name != "bun" || len(c.args) == 0 || c.args[0].dyn {
		return false
	}
	switch c.s(0) {
	case "x", "create", "exec", "install", "i", "add", "a", "remove", "rm", "update", "link", "unlink", "pm", "init", "outdated", "publish", "patch":
		return true
	}
	return false
}

// createRunner handles "npm init X", "npm create X", "yarn create X",
// "pnpm create X", "bun create X": they fetch and run create-X.
func (c *cmd) createRunner() {
	if len(c.args) < 2 {
		return
	}
	sub := c.s(0)
	if sub != "create" && !(sub == "init" && c.name == "npm") {
		return
	}
	for i := 1; i < len(c.args); i++ {
		s := c.s(i)
		if strings.HasPrefix(s, "-") {
			if s == "--" {
				continue
			}
			continue
		}
		c.registryFetch(c.name+" "+sub, c.args[i], false)
		return
	}
}

func (a *analyzer) opaqueUnless(cmd, reason string, unless []string) {
	if len(unless) == 0 {
		a.opaque(cmd, reason)
		return
	}
	if a.mark(markKey{'o', cmd, reason}) {
		a.res.Opaque = append(a.res.Opaque, Opaque{Cmd: cmd, Reason: reason, UnlessExists: unless})
	}
}

// ---- git configuration and environment that name programs -----------

// gitConfigKind says what a git configuration key's value is: "shell"
// (a command line git runs with sh), "alias", "git" (git arguments, for
// credential helpers without a path), "opaque" (it makes git run or read
// something the value does not show), or "".
func gitConfigKind(k string) string {
	k = strings.ToLower(k)
	switch {
	case strings.HasPrefix(k, "alias."):
		return "alias"
	case k == "credential.helper", strings.HasPrefix(k, "credential.") && strings.HasSuffix(k, ".helper"):
		return "credential"
	case k == "core.pager", k == "core.sshcommand", k == "core.editor", k == "sequence.editor", k == "diff.external",
		k == "core.fsmonitor", k == "core.askpass", k == "core.gitproxy", k == "gpg.program",
		k == "uploadpack.packobjectshook", k == "sendemail.sendmailcmd", k == "sendemail.tocmd", k == "sendemail.cccmd",
		k == "sendemail.headercmd", k == "web.browser",
		strings.HasPrefix(k, "pager."),
		strings.HasPrefix(k, "diff.") && (strings.HasSuffix(k, ".textconv") || strings.HasSuffix(k, ".command")),
		strings.HasPrefix(k, "filter.") && (strings.HasSuffix(k, ".clean") || strings.HasSuffix(k, ".smudge") || strings.HasSuffix(k, ".process")),
		strings.HasPrefix(k, "merge.") && strings.HasSuffix(k, ".driver"),
		strings.HasSuffix(k, ".cmd"), strings.HasSuffix(k, ".path") && (strings.HasPrefix(k, "difftool.") || strings.HasPrefix(k, "mergetool.") || strings.HasPrefix(k, "browser.")),
		strings.HasPrefix(k, "gpg.") && strings.HasSuffix(k, ".program"),
		k == "sendemail.smtpserver", gitProgramKey(k):
		return "shell"
	case strings.HasPrefix(k, "remote.") && (strings.HasSuffix(k, ".uploadpack") || strings.HasSuffix(k, ".receivepack")):
		return "shell" // run through the shell, here for a local repository
	case k == "core.hookspath", k == "core.worktree", k == "include.path", strings.HasPrefix(k, "includeif."),
		k == "protocol.ext.allow":
		return "opaque"
	}
	return ""
}

// gitConfigValue analyses the program a git configuration key names: k
// and v from -c k=v, git config k v, GIT_CONFIG_KEY_n/VALUE_n or
// GIT_CONFIG_PARAMETERS.
func (c *cmd) gitConfigValue(k string, v field, hasValue bool) error {
	if hasValue && !v.dyn {
		gitConfigHosts(c, k+"="+v.s)
	}
	if hasValue {
		c.gitConfigFile(k, v)
	}
	kind := gitConfigKind(k)
	if kind == "" {
		return nil
	}
	lk := strings.ToLower(k)
	via := "git config " + lk
	if kind == "opaque" {
		if lk == "protocol.ext.allow" && !v.dyn && v.s == "never" {
			return nil
		}
		c.opaque("git configuration " + lk + " makes git run or read other code")
		return nil
	}
	if !hasValue {
		return nil // -c key alone is "true": not a program
	}
	if v.dyn {
		c.opaque("git configuration " + lk + " runs a command not known statically")
		return nil
	}
	s := strings.TrimSpace(v.s)
	if !c.a.mark(markKey{'g', lk, s}) {
		return nil // analysed already
	}
	// git runs the program with arguments of its own ("$@")
	sub := *c.sc
	sub.setArgs(nil, false)
	c = &cmd{a: c.a, sc: &sub, name: c.name}
	switch {
	case s == "":
		return nil
	case kind == "alias":
		if code, ok := strings.CutPrefix(s, "!"); ok {
			return c.a.reparse(code, c.sc, via, false)
		}
		return c.a.reparse("git "+s, c.sc, via, false)
	case kind == "credential":
		if code, ok := strings.CutPrefix(s, "!"); ok {
			return c.a.reparse(code, c.sc, via, false)
		}
		if strings.HasPrefix(s, "/") {
			return c.a.reparse(s, c.sc, via, false)
		}
		return c.a.reparse("git credential-"+s, c.sc, via, false)
	case lk == "core.fsmonitor" && (isBoolWord(s)):
		return nil
	case lk == "sendemail.smtpserver" && !strings.HasPrefix(s, "/"):
		return nil // a host
	case lk == "web.browser":
		return nil // a browser name git knows
	case strings.HasPrefix(lk, "submodule.") && strings.HasSuffix(lk, ".update"):
		if code, ok := strings.CutPrefix(s, "!"); ok {
			return c.a.reparse(code, c.sc, via, false)
		}
		return nil // checkout, rebase, merge, none
	}
	if w := strings.Fields(s); len(w) > 0 && strings.Contains(w[0], "/") && !systemProgram(w[0]) {
		// a program file of its own, as GIT_PROXY_COMMAND=src/x
		c.opaque("git configuration " + lk + " names a program file, " + clip(w[0]))
	}
	return c.a.reparse(s, c.sc, via, false)
}

func isBoolWord(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "1", "0":
		return true
	}
	return false
}

// gitConfigArg handles one "key=value" of git -c or git clone -c.
func (c *cmd) gitConfigArg(f field) error {
	k, v, ok := strings.Cut(f.s, "=")
	vf := f
	vf.s = v
	if f.dyn && !strings.ContainsAny(k, "$`") {
		// the key is literal, the value is not
	} else if f.dyn {
		c.opaque("git configuration not known statically: " + clip(f.s))
		return nil
	}
	return c.gitConfigValue(k, vf, ok)
}

// gitConfigCommand handles git config KEY VALUE (and git config set KEY
// VALUE, --add, --replace-all).
func (c *cmd) gitConfigCommand(o opts) error {
	pos := o.pos
	if len(pos) > 0 && !c.args[pos[0]].dyn {
		switch c.s(pos[0]) {
		case "set":
			pos = pos[1:]
		case "get", "unset", "list", "edit", "rename-section", "remove-section", "get-color", "get-colorbool":
			return nil
		}
	}
	if len(pos) < 2 {
		return nil
	}
	key := c.args[pos[0]]
	if key.dyn {
		c.opaque("git configuration key not known statically: " + clip(key.s))
		return nil
	}
	c.gitConfigPersists(key.s, o)
	return c.gitConfigValue(key.s, c.args[pos[1]], true)
}

// gitConfigParameters analyses GIT_CONFIG_PARAMETERS ('k'='v' 'k2'='v2').
func (c *cmd) gitConfigParameters(val string) error {
	for _, item := range sqWords(val) {
		k, v, ok := strings.Cut(item, "=")
		if err := c.gitConfigValue(k, field{s: v}, ok); err != nil {
			return err
		}
	}
	return nil
}

// sqWords splits a list of single-quoted words as git writes
// GIT_CONFIG_PARAMETERS ('a'='b' 'c'; ' inside is '\”).
func sqWords(s string) []string {
	var out []string
	var cur strings.Builder
	in, has := false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\'':
			in, has = !in, true
		case ch == '\\' && !in && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case (ch == ' ' || ch == '\t' || ch == '\n') && !in:
			if has || cur.Len() > 0 {
				out = append(out, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteByte(ch)
		}
	}
	if has || cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

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
	switch name {
	case "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH",
		"BASH_ENV", "ENV", "PERL5OPT", "PERL5LIB", "PYTHONSTARTUP", "PYTHONPATH", "NODE_OPTIONS", "RUBYOPT",
		"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG", "GIT_EXEC_PATH", "GIT_TEMPLATE_DIR",
		"GOFLAGS", "ZDOTDIR", "SHELLOPTS", "BASHOPTS":
		if name == "GOFLAGS" && known && !strings.Contains(val, "exec") && !strings.Contains(val, "overlay") && !strings.Contains(val, "modfile") {
			return nil
		}
		a.opaque(cmdName, "assignment to "+name+" can make programs run other code")
	case "PATH":
		if !known || !strings.HasPrefix(val, "/") {
			a.opaque(cmdName, "assignment to PATH changes which programs run")
		}
	default:
		if loaderEnv(name) {
			a.opaque(cmdName, "assignment to "+name+" can make programs load or run other code")
		}
	}
	return nil
}

// envOrVar looks name up in the command's environment and the line's
// variables: set says it was assigned in the line.
func (a *analyzer) envOrVar(sc *scope, name string) (varVal, bool) {
	if v, ok := sc.cmdEnv[name]; ok {
		return v, true
	}
	v, ok := sc.vars[name]
	return v, ok
}

// ---- inline edits ------------------------------------------------------

// inplaceSuffix finds an in-place option (-i[SUFFIX] in a cluster of short
// options, --in-place[=SUFFIX]) among the options before the first
// operand: value lists the letters whose value is the rest of a cluster.
func inplaceSuffix(args []field, value string) (suffix string, found bool) {
	for _, f := range args {
		s := f.s
		if s == "--" || !strings.HasPrefix(s, "-") || s == "-" {
			if !strings.HasPrefix(s, "-") {
				continue
			}
			break
		}
		if v, ok := strings.CutPrefix(s, "--in-place"); ok {
			found = true
			suffix = strings.TrimPrefix(v, "=")
			continue
		}
		if strings.HasPrefix(s, "--") {
			continue
		}
		for j := 1; j < len(s); j++ {
			if s[j] == 'i' {
				return s[j+1:], true
			}
			if strings.IndexByte(value, s[j]) >= 0 {
				break
			}
		}
	}
	return suffix, found
}

// backupOf is the backup file an in-place edit with suffix makes of f: a
// "*" in the suffix is replaced by the file's name, relative to its
// directory (sed -i'bak/*', perl -i'orig_*'); otherwise the suffix is
// appended.
func backupOf(f field, suffix string) field {
	if strings.Contains(suffix, "*") {
		f.s = path.Join(path.Dir(f.s), strings.ReplaceAll(suffix, "*", path.Base(f.s)))
		return f
	}
	f.s += suffix
	return f
}

// inlineEdit reports the files perl -i and ruby -i edit in place: their
// operands (after the script, when the code is not given with -e), and
// their backups.
func (c *cmd) inlineEdit(o opts, codeFlags []string) {
	n := c.name
	value := ""
	switch {
	case n == "perl" || strings.HasPrefix(n, "perl5"):
		value = "eEIMmxdCl0D"
	case n == "ruby":
		value = "erICEFKWTx0l"
	default:
		return
	}
	suffix, ok := inplaceSuffix(c.args, value)
	if !ok {
		return
	}
	files := c.posFields(o)
	if !o.any(codeFlags...) && len(files) > 0 {
		files = files[1:]
	}
	for _, f := range files {
		c.write(f, n+" -i")
		if suffix != "" {
			c.write(backupOf(f, suffix), n+" -i backup")
		}
	}
}

// denoRun: deno run npm:X, jsr:X or a URL fetches the code it runs.
func (c *cmd) denoRun() {
	if len(c.args) == 0 || c.s(0) != "run" && c.s(0) != "x" && c.s(0) != "install" {
		return
	}
	for _, f := range c.args[1:] {
		s := f.s
		if strings.HasPrefix(s, "-") {
			continue
		}
		lower := strings.ToLower(s)
		if strings.HasPrefix(lower, "npm:") || strings.HasPrefix(lower, "jsr:") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || f.dyn {
			c.opaque("deno " + c.s(0) + " fetches and runs " + clip(s))
		}
		return
	}
}

// maxCodeLiterals bounds the string literals taken from inline code
// where a caller still bounds them (codeLiterals takes every one).
const maxCodeLiterals = 256

// codeLiterals reports the string literals of inline interpreter code
// (python -c, node -e, perl -e, …) as reads: the code stays opaque (a
// human decides what it does to the files it names), but code that names
// a blocked file literally (open('.env').read()) is judged by that path.
// A literal is not a write: most are not file names at all ("fs", "id"),
// and which ones the code writes is what only the human can tell.
func (c *cmd) codeLiterals(code field) {
	if code.dyn {
		return
	}
	s := code.s
	c.a.candidateHosts(c, s) // hosts the code may connect to (candhosts.go)
	// Every distinct literal: a bound would drop the blocked path named
	// after it (the literals are disjoint parts of the code, so the work
	// is linear in it; relative ones count against maxExpandBytes).
	var seen map[string]bool
	for i := 0; i < len(s); i++ {
		q := s[i]
		if q != '\'' && q != '"' && q != '`' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != q && s[j] != '\n' {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(s) || s[j] != q {
			continue
		}
		lit := s[i+1 : j]
		i = j
		if lit == "" || len(lit) > 4096 || strings.ContainsAny(lit, "\\\n*?[") || !mayBePath(lit) {
			continue
		}
		if seen[lit] {
			continue
		}
		if seen == nil {
			seen = make(map[string]bool)
		}
		seen[lit] = true
		c.a.path(c.sc, kRead, field{s: lit}, c.name, "string in inline "+c.name+" code")
	}
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
