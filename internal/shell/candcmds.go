package shell

import (
	"errors"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Candidate commands: the commands a program Mandate does not model may
// run. Listing wrappers one by one leaves every unlisted one open (a
// vendor's acme-run, Homebrew's gtimeout), so the class is read from the
// arguments' shape instead:
//
//   - a word sequence SHELL -c CODE or INTERPRETER -c|-e CODE anywhere in
//     the arguments (a shell or interpreter by any name isShell and
//     isInterpreter know) is analysed as the command it is, as a wrapper's
//     would be: it runs; so is a SHELL or INTERPRETER word when the line
//     gives the program a standard input (a pipe, a here-string or
//     here-document, a file): the shell may read its code from it, which
//     is then analysed as sh's own standard input is (stdinShell);
//   - command lines inside structured arguments (JSON, YAML, TOML values
//     and lists, XML text, KEY=value, comma-joined argvs) are candidate
//     commands (candstruct.go), as are the literal text on its standard
//     input and the values of the environment the line gives it;
//   - an argument, or an option's value, that is a command line of several
//     words whose first word is a program the analysis knows is analysed
//     as a candidate command: what it reads and reaches is reported, what
//     it writes or deletes is reported as candidate writes (counted only
//     when they name a protected path or one the rules forbid writing),
//     and what the analysis cannot read in it is dropped (mere text that
//     looks like a command does not make an everyday line ask);
//   - a program's GNU or uutils spelling (gtimeout, uu-env, gxargs) is the
//     program (prefixedBase), and a multi-call binary's applet is the
//     applet (coreutils --coreutils-prog=env, as busybox env).

// prefixedPrograms are the programs installed under a g- or uu- prefix
// (Homebrew's coreutils, findutils, gnu-sed, grep, gnu-tar, make,
// gnu-which; uutils' coreutils and findutils) or a gnu prefix (BSDs'
// gnutar, gnumake). The programs that only print text (echo, printf,
// true, test) are not listed: a prefixed name stays an unknown program,
// which is never less governed than the program it might be.
const prefixedPrograms = `
arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown chroot cksum comm cp csplit cut
date dd df dir dircolors dirname du env expand expr factor fmt fold groups head hostid id
install join kill link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od
paste pathchk pinky pr printenv ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum
sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee
timeout touch tr truncate tsort tty uname unexpand uniq unlink uptime users vdir wc who whoami
find xargs locate updatedb sed grep egrep fgrep tar make which indent getopt diff cmp sdiff diff3
`

var prefixedSet = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(prefixedPrograms) {
		m[n] = true
	}
	return m
}}

// prefixedBase returns the program a prefixed name is (gtimeout is
// timeout, uu-env is env, gnutar is tar), or n.
func prefixedBase(n string) string {
	if len(n) < 3 || specFor(n) != nil || readOnlySet.Get()[n] {
		return n // a program of its own name (gawk, gsed)
	}
	for _, p := range [...]string{"uu-", "uu_", "gnu-", "gnu", "g"} {
		if rest, ok := strings.CutPrefix(n, p); ok && prefixedSet.Get()[rest] {
			return rest
		}
	}
	return n
}

// prefixedName is prefixedBase for the program word prog as run: a bare
// name or one in a system directory (a script the agent names by its path,
// ./src/gtimeout, is not Homebrew's).
func prefixedName(n, prog string) string {
	if strings.Contains(prog, "/") && !systemBinDir(path.Dir(prog)) {
		return n
	}
	return prefixedBase(n)
}

// systemBinDir reports whether dir is a directory package managers install
// programs in.
func systemBinDir(dir string) bool {
	switch dir {
	case "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/opt/homebrew/bin",
		"/home/linuxbrew/.linuxbrew/bin", "/run/current-system/sw/bin", "/opt/local/bin", "/usr/pkg/bin":
		return true
	}
	return strings.HasPrefix(dir, "/opt/homebrew/opt/") || strings.HasPrefix(dir, "/usr/local/opt/")
}

// multicallPrefix is the option of GNU coreutils' multi-call binary that
// names the program it runs (coreutils --coreutils-prog=env).
const multicallPrefix = "--coreutils-prog"

// multicall analyses coreutils' multi-call binary: GNU's
// coreutils --coreutils-prog=NAME ARGS (or --coreutils-prog-shebang=NAME)
// and uutils' coreutils NAME ARGS run NAME, as busybox NAME does.
func (c *cmd) multicall() error {
	if len(c.args) == 0 || c.args[0].dyn {
		return nil
	}
	first := c.args[0]
	if rest, ok := strings.CutPrefix(first.s, multicallPrefix); ok {
		_, v, ok := strings.Cut(rest, "=")
		if !ok || v == "" {
			c.opaque("coreutils multi-call program not named statically")
			return nil
		}
		first.s = v
		c.args[0] = first
	} else if strings.HasPrefix(first.s, "-") {
		return nil // --help, --version, --list
	}
	c.w.applet = true
	return c.wrap(0, c.name)
}

// bwrapArgs are bubblewrap's options by the number of values they take
// (the others take none).
var bwrapArgs = &lazy.Value[map[string]int]{New: func() map[string]int {
	m := map[string]int{}
	for _, o := range strings.Fields("--bind --ro-bind --dev-bind --bind-try --ro-bind-try --dev-bind-try --symlink " +
		"--setenv --file --bind-data --ro-bind-data --chmod --overlay") {
		m[o] = 2
	}
	for _, o := range strings.Fields("--unsetenv --chdir --dir --tmpfs --proc --dev --mqueue --remount-ro --uid --gid " +
		"--hostname --lock-file --sync-fd --info-fd --json-status-fd --block-fd --userns-block-fd --seccomp " +
		"--add-seccomp-fd --exec-label --file-label --cap-add --cap-drop --perms --size --userns --userns2 --pidns " +
		"--argv0 --overlay-src --tmp-overlay --ro-overlay --level-prefix") {
		m[o] = 1
	}
	return m
}}

// bwrap analyses bubblewrap: bwrap OPTIONS COMMAND ARGS runs COMMAND, with
// the caller's environment unless --clearenv.
func (c *cmd) bwrap() error {
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		if f.dyn {
			c.opaque("bwrap option not known statically: " + clip(f.s))
			return nil
		}
		switch {
		case f.s == "--":
			return c.wrap(i+1, c.name)
		case f.s == "--args":
			c.opaque("bwrap reads further arguments from a file descriptor")
			i++
		case bwrapArgs.Get()[f.s] > 0:
			if f.s == "--setenv" && i+2 < len(c.args) {
				c.sc.setEnv(c.s(i+1), c.s(i+2), !c.args[i+1].dyn && !c.args[i+2].dyn)
			}
			i += bwrapArgs.Get()[f.s]
		case strings.HasPrefix(f.s, "-"):
		default:
			return c.wrap(i, c.name)
		}
	}
	return nil
}

// unlistedProgram reports whether c is a program the analysis does not
// model at all: no rule in dispatch, no table entry, not read-only, not a
// program whose reach or environment is modelled.
func (c *cmd) unlistedProgram() bool {
	if !c.unlisted || c.w.modelled || c.text || c.spec() != nil || c.reachModelled() || textReaders.Get()[c.name] {
		return false
	}
	_, passes := envPassers.Get()[c.name]
	return !passes
}

// codeFlag reports whether option word s, given to the shell or
// interpreter n, makes it run the code of its next argument.
func codeFlag(n, s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	if isShell(n) {
		return s[1] != '-' && strings.IndexByte(s, 'c') > 0 // -c, -lc, -ec
	}
	switch s {
	case "--eval", "--print", "--command", "-Command", "-command", "-EncodedCommand", "-encodedcommand", "-ec":
		return true
	}
	return s[1] != '-' && strings.ContainsAny(s[1:], "ceEpr") // -c, -e, -E, perl -ne, php -r, node -p
}

// candidateCommands analyses the commands an unlisted program's arguments
// may run (see the comment at the top of this file).
func (c *cmd) candidateCommands() error {
	if !c.unlistedProgram() {
		return nil
	}
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		if c.skip[i] || f.dyn {
			continue
		}
		n := prefixedBase(variantBase(progName(f)))
		if !isShell(n) && !isInterpreter(n) {
			continue
		}
		for j := i + 1; j < len(c.args) && !c.args[j].dyn && strings.HasPrefix(c.s(j), "-"); j++ {
			if codeFlag(n, c.s(j)) {
				return c.wrap(i, c.name)
			}
		}
	}
	if i := c.stdinShell(); i >= 0 {
		return c.wrap(i, c.name)
	}
	for i, f := range c.args {
		if c.skip[i] || f.dyn {
			continue
		}
		text := f.s
		if strings.HasPrefix(text, "-") && !strings.HasPrefix(text, "- ") && !strings.HasPrefix(text, "-\n") {
			_, v, ok := strings.Cut(text, "=")
			if !ok {
				continue
			}
			text = v
		}
		if err := c.candidateCommand(text); err != nil {
			return err
		}
		budget := maxStructTexts * 4
		if err := c.structuredCandidates(text, 0, &budget, maxStructTexts); err != nil {
			return err
		}
	}
	// literal text on its standard input, and the values of the
	// environment the line gives it, may be commands it runs too (echo
	// 'rm x' | acme-run, acme-run "$SHELL" <<< CODE, ACME_CMD='rm x'
	// acme-run)
	var texts []string
	if text, ok := c.fedLiteral(); ok {
		texts = append(texts, text)
	}
	texts = append(texts, c.envValues()...)
	for _, text := range texts {
		if err := c.candidateCommand(text); err != nil {
			return err
		}
		budget := maxStructTexts * 4
		if err := c.structuredCandidates(text, 0, &budget, maxStructTexts); err != nil {
			return err
		}
	}
	return nil
}

// envValues returns the known values of the variables the line puts in
// c's environment (NAME=value before it, export), in name order.
func (c *cmd) envValues() []string {
	if len(c.sc.cmdEnv) == 0 && len(c.a.exported) == 0 {
		return nil
	}
	vals := map[string]string{}
	for k := range c.a.exported {
		if v, ok := c.sc.vars[k]; ok && v.known {
			vals[k] = v.val
		}
	}
	for k, v := range c.sc.cmdEnv {
		if v.known {
			vals[k] = v.val
		}
	}
	names := make([]string, 0, len(vals))
	for k, v := range vals {
		if strings.ContainsAny(v, " \t\n") || mayBeStructured(v) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, k := range names {
		out[i] = vals[k]
	}
	return out
}

// fedLiteral returns the text c's standard input carries when the line
// shows it: fedText, or a file the line wrote with literal text.
func (c *cmd) fedLiteral() (string, bool) {
	if text, ok := c.fedText(); ok {
		return text, text != ""
	}
	v, ok := c.sc.fd(0)
	if !ok || v.kind != fdFile || v.dyn {
		return "", false
	}
	w, ok := c.a.writtenAt(c.sc, field{s: v.path})
	return w.text, ok && w.known && w.text != ""
}

// structuredCandidates analyses the command lines and argvs structured
// text holds (candstruct.go, up to max of them) as candidate commands,
// and the strings found as structured text in turn, up to maxStructNest
// levels and budget texts in all.
func (c *cmd) structuredCandidates(text string, nest int, budget *int, max int) error {
	for _, t := range structuredTextsN(text, max) {
		if t == text || *budget <= 0 {
			continue
		}
		*budget--
		if err := c.candidateCommand(t); err != nil {
			return err
		}
		if nest < maxStructNest {
			if err := c.structuredCandidates(t, nest+1, budget, maxStructTexts); err != nil {
				return err
			}
		}
	}
	return nil
}

// stdinShell returns the argument naming a shell or interpreter that may
// read its code from c's standard input, when the line gives c one (a
// pipe, a here-string, a here-document, a file): acme-run sh <<< CODE
// runs CODE as sh <<< CODE does. -1 when there is none, or when standard
// input is the agent's own (inherited, closed, /dev/null).
func (c *cmd) stdinShell() int {
	v, ok := c.sc.fd(0)
	if !ok || v.kind == fdStd || v.kind == fdClosed || v.kind == fdFile && !v.dyn && discardTarget(v.path) {
		return -1
	}
	for i, f := range c.args {
		if c.skip[i] || f.dyn {
			continue
		}
		if n := prefixedBase(variantBase(progName(f))); isShell(n) || isInterpreter(n) {
			return i
		}
	}
	return -1
}

// candidateCommand analyses text as a candidate command when it is a
// command line whose first word is a program the analysis knows.
func (c *cmd) candidateCommand(text string) error {
	if !strings.ContainsAny(text, " \t\n") {
		return nil
	}
	words := strings.Fields(text)
	if len(words) < 2 && !strings.ContainsAny(text, ";|&\n") {
		return nil
	}
	head := ""
	for _, w := range words {
		if isAssignWord(w) || inFields(candidateLead, w) {
			continue // FOO=1 rm x, { rm x; }, ! rm x, if rm x; then …
		}
		head = strings.Trim(strings.TrimPrefix(w, "\\"), "\"'")
		break
	}
	if !programWord(head) || !candidateHead(prefixedBase(variantBase(progName(field{s: head})))) {
		return nil
	}
	a := c.a
	sub := &analyzer{opt: a.opt, res: &Analysis{}, parser: a.parser, parsed: a.parsed, ncmd: a.ncmd,
		written: slices.Clone(a.written), writtenOverflow: a.writtenOverflow, writeSeq: a.writeSeq, links: a.links} // what the line wrote before (taskfiles.go, scripts.go)
	sub.opt.Cwd = c.sc.cwd
	sc := &scope{cwd: c.sc.cwd, cwdKnown: c.sc.cwdKnown, argsKnown: true, reparse: c.sc.reparse + 1, remote: c.sc.remote, cont: c.sc.cont, nest: c.sc.nest}
	sc.via = append(append([]string(nil), c.sc.via...), c.name+" (candidate command)")
	err := sub.parseAndWalk(text, sc)
	a.parsed, a.ncmd = sub.parsed, sub.ncmd
	if err != nil {
		if errors.Is(err, ErrLimit) {
			return err
		}
		return nil // not shell code: text
	}
	why := "candidate command of " + c.name
	r := a.res
	r.Commands = append(r.Commands, sub.res.Commands...)
	r.Reads = append(r.Reads, sub.res.Reads...)
	for _, w := range append(sub.res.Writes, sub.res.Deletes...) {
		w.Candidate, w.Why = true, why+": "+w.Why
		r.Writes = append(r.Writes, w)
	}
	r.Hosts = append(r.Hosts, sub.res.Hosts...)
	r.CandidateHosts = append(r.CandidateHosts, sub.res.CandidateHosts...)
	for _, e := range sub.res.EnvRefs {
		a.envRef(c.sc, e)
	}
	r.EnvDump = r.EnvDump || sub.res.EnvDump
	return nil
}

// candidateHead reports whether n is a program a candidate command may
// start with: one the analysis knows (knownProgram, envrunners.go), one
// whose hosts it models, or Mandate itself (the policy's own rules).
func candidateHead(n string) bool {
	return knownProgram(n) || hostModelledSet.Get()[n] || n == "mandate" || n == "mandate-engine"
}

// textReaders are programs that read command lines as data, never running
// them (mandate check --command CMD decides CMD).
var textReaders = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"mandate": true, "mandate-engine": true}
}}

// candidateLead are the words a command line may start with before its
// program: reserved words and grouping, as words of their own.
const candidateLead = "{ ( ! if then while until do for case time coproc exec command builtin"

// programWord reports whether w is spelled as a program word (a name or
// path, no quoting or punctuation): "(os/rm" of a Lisp is not rm.
func programWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if b := w[i]; !isOptByte(b) && !strings.ContainsRune("-_./+", rune(b)) {
			return false
		}
	}
	return w != "" && w[0] != '-'
}
