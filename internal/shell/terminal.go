package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// Programs that take commands from their terminal. An agent whose shell
// tool keeps the command's terminal open and lets the model type into it
// later without a hook (Codex's write_stdin) reaches through such a
// program whatever it can do: an editor's :!cmd and :w any-file, a
// pager's !cmd, a REPL's system(), a database client's \! cmd, a
// multiplexer's new window, an interactive remote or container shell.
// What is typed is never seen, so the command is as unknown as bash
// reading its standard input. The analysis only reports the fact
// (Terminal); whether a terminal is open is the agent's (action.TTY),
// and the policy judges.
//
// A program is listed with the options that make it read its terminal
// (when) or leave it alone (unless), and how many operands it may have
// before it stops being interactive (operands). A subcommand row (sub)
// applies to "PROG SUB …". Sources: each program's manual page; GTFOBins
// for the shell escapes.

// termRule is one row of terminalTable.
type termRule struct {
	why string
	// sub, when set, is the subcommand the row is for (the first operand,
	// or a path ending in /SUB); then, when set, the operand after it.
	sub, then string
	// when: the program reads its terminal only with one of these
	// options; unless: never with one of these (when both match, it
	// does). A single-letter entry ("-m") also matches inside a cluster
	// of short options ("-am"), up to a letter of values.
	when, unless []string
	// operands: interactive only with at most this many operands (-1:
	// any number).
	operands int
	// values are the short option letters that take a value (the rest
	// of a cluster, or the next word), and longValues the long options
	// that take the next word, so that values are not counted as
	// operands.
	values     string
	longValues []string
}

const (
	whyEditor   = "an editor runs commands and writes files typed into it (:!cmd, :w)"
	whyPager    = "a pager runs commands typed into it (!cmd)"
	whyREPL     = "an interpreter runs the code typed into it"
	whyDebugger = "a debugger runs the code typed into it"
	whyDB       = "a database client runs commands typed into it, shell escapes included (\\! cmd)"
	whyShell    = "it gives an interactive shell"
	whyMux      = "a terminal multiplexer runs commands typed into it"
	whyTUI      = "a terminal program with a shell escape runs commands typed into it"
	whyClient   = "a network client with a local shell escape (!cmd) runs commands typed into it"
)

// terminalTable lists the programs by name.
var terminalTable = &lazy.Value[map[string][]termRule]{New: func() map[string][]termRule {
	return map[string][]termRule{
		// Editors, and the commands that open one.
		"vi": {{why: whyEditor, operands: -1}}, "vim": {{why: whyEditor, operands: -1}}, "nvim": {{why: whyEditor, operands: -1}},
		"view": {{why: whyEditor, operands: -1}}, "vimdiff": {{why: whyEditor, operands: -1}}, "rvim": {{why: whyEditor, operands: -1}},
		"gvim": {{why: whyEditor, operands: -1}}, "nvi": {{why: whyEditor, operands: -1}}, "elvis": {{why: whyEditor, operands: -1}},
		"vis": {{why: whyEditor, operands: -1}}, "kak": {{why: whyEditor, operands: -1}}, "hx": {{why: whyEditor, operands: -1}},
		"helix": {{why: whyEditor, operands: -1}}, "nano": {{why: whyEditor, operands: -1}}, "pico": {{why: whyEditor, operands: -1}},
		"micro": {{why: whyEditor, operands: -1}}, "joe": {{why: whyEditor, operands: -1}}, "jed": {{why: whyEditor, operands: -1}},
		"mcedit": {{why: whyEditor, operands: -1}}, "ne": {{why: whyEditor, operands: -1}}, "mg": {{why: whyEditor, operands: -1}},
		"zile": {{why: whyEditor, operands: -1}}, "jove": {{why: whyEditor, operands: -1}}, "ee": {{why: whyEditor, operands: -1}},
		"editor": {{why: whyEditor, operands: -1}}, "sensible-editor": {{why: whyEditor, operands: -1}}, "select-editor": {{why: whyEditor, operands: -1}},
		// vim under its other names, and the wrappers that exec it or
		// $EDITOR (red-team round 23 (c)): restricted vim has no :! but
		// :e and :w any file.
		"ex": {{why: whyEditor, operands: -1}}, "rview": {{why: whyEditor, operands: -1}}, "evim": {{why: whyEditor, operands: -1}},
		"eview": {{why: whyEditor, operands: -1}}, "gview": {{why: whyEditor, operands: -1}}, "rgvim": {{why: whyEditor, operands: -1}},
		"rgview": {{why: whyEditor, operands: -1}}, "vimtutor": {{why: whyEditor, operands: -1}}, "vipe": {{why: whyEditor, operands: -1}},
		"emacs":       {{why: whyEditor, operands: -1, unless: []string{"--batch", "-batch", "--script", "-script", "--version", "--help"}}},
		"emacsclient": {{why: whyEditor, operands: -1, unless: []string{"--eval", "-e", "--version", "--help"}}},
		"visudo":      {{why: whyEditor, operands: -1, unless: []string{"-c", "--check", "-V", "--version", "-h", "--help"}}},
		"vipw":        {{why: whyEditor, operands: -1}}, "vigr": {{why: whyEditor, operands: -1}}, "sudoedit": {{why: whyEditor, operands: -1}},
		"fc":        {{why: whyEditor, operands: -1, unless: []string{"-l", "-s"}}},
		"crontab":   {{why: whyEditor, operands: -1, when: []string{"-e"}}},
		"sudo":      {{why: whyEditor, operands: -1, when: []string{"-e", "--edit"}, values: "ugCDghpRrTUt"}},
		"kubectl":   {{why: whyEditor, sub: "edit", operands: -1}, {why: whyShell, sub: "exec", operands: -1, when: []string{"-i", "-t", "--stdin", "--tty"}}, {why: whyShell, sub: "attach", operands: -1, when: []string{"-i", "-t", "--stdin", "--tty"}}, {why: whyShell, sub: "run", operands: -1, when: []string{"-i", "-t", "--stdin", "--tty"}}, {why: whyShell, sub: "debug", operands: -1, when: []string{"-i", "-t", "--stdin", "--tty"}}},
		"oc":        {{why: whyEditor, sub: "edit", operands: -1}, {why: whyShell, sub: "exec", operands: -1, when: []string{"-i", "-t", "--stdin", "--tty"}}, {why: whyShell, sub: "rsh", operands: -1}, {why: whyShell, sub: "debug", operands: -1}},
		"systemctl": {{why: whyEditor, sub: "edit", operands: -1}},
		"virsh":     {{why: whyEditor, sub: "edit", operands: -1}, {why: whyShell, sub: "console", operands: -1}},
		"hg":        {{why: whyEditor, sub: "commit", operands: -1, unless: []string{"-m", "--message", "-l", "--logfile"}, values: "mlIXdu"}, {why: whyEditor, sub: "ci", operands: -1, unless: []string{"-m", "--message", "-l", "--logfile"}, values: "mlIXdu"}, {why: whyEditor, sub: "histedit", operands: -1}},
		"svn":       {{why: whyEditor, sub: "commit", operands: -1, unless: []string{"-m", "--message", "-F", "--file"}, values: "mF"}, {why: whyEditor, sub: "ci", operands: -1, unless: []string{"-m", "--message", "-F", "--file"}, values: "mF"}, {why: whyEditor, sub: "propedit", operands: -1}, {why: whyEditor, sub: "pedit", operands: -1}},
		// Pagers and browsers.
		"less": {{why: whyPager, operands: -1}}, "more": {{why: whyPager, operands: -1}}, "most": {{why: whyPager, operands: -1}},
		"pg": {{why: whyPager, operands: -1}}, "lv": {{why: whyPager, operands: -1}}, "man": {{why: whyPager, operands: -1}},
		// the compressors' wrappers exec less (or $PAGER, more by
		// default) whatever PAGER says for less itself (round 23 (c))
		"zless": {{why: whyPager, operands: -1}}, "xzless": {{why: whyPager, operands: -1}}, "bzless": {{why: whyPager, operands: -1}},
		"lzless": {{why: whyPager, operands: -1}}, "zstdless": {{why: whyPager, operands: -1}}, "zmore": {{why: whyPager, operands: -1}},
		"xzmore": {{why: whyPager, operands: -1}}, "bzmore": {{why: whyPager, operands: -1}}, "lzmore": {{why: whyPager, operands: -1}},
		"w3m":   {{why: whyPager, operands: -1, unless: []string{"-dump", "-dump_source", "-dump_head"}}},
		"lynx":  {{why: whyPager, operands: -1, unless: []string{"-dump", "-source", "-head"}}},
		"links": {{why: whyPager, operands: -1, unless: []string{"-dump", "-source"}}}, "elinks": {{why: whyPager, operands: -1, unless: []string{"-dump", "-source"}}},
		"tig": {{why: whyTUI, operands: -1}}, "lazygit": {{why: whyTUI, operands: -1}}, "gitui": {{why: whyTUI, operands: -1}},
		"mc": {{why: whyTUI, operands: -1}}, "ranger": {{why: whyTUI, operands: -1}}, "nnn": {{why: whyTUI, operands: -1}},
		"vifm": {{why: whyTUI, operands: -1}}, "lf": {{why: whyTUI, operands: -1}}, "yazi": {{why: whyTUI, operands: -1}},
		"htop": {{why: "a process viewer sends signals typed into it", operands: -1}}, "top": {{why: "a process viewer sends signals typed into it", operands: -1, unless: []string{"-b"}}},
		"btop":    {{why: "a process viewer sends signals typed into it", operands: -1}},
		"weechat": {{why: whyTUI, operands: -1}}, "irssi": {{why: whyTUI, operands: -1}}, "gnuplot": {{why: whyTUI, operands: 0}},
		// Multiplexers and terminals.
		"tmux": {{why: whyMux, operands: -1}}, "screen": {{why: whyMux, operands: -1}}, "byobu": {{why: whyMux, operands: -1}},
		"zellij": {{why: whyMux, operands: -1}}, "dtach": {{why: whyMux, operands: -1}}, "abduco": {{why: whyMux, operands: -1}},
		"minicom": {{why: whyShell, operands: -1}}, "picocom": {{why: whyShell, operands: -1}}, "cu": {{why: whyShell, operands: -1}},
		"script": {{why: whyShell, operands: -1, unless: []string{"-c", "--command"}, values: "cEIOBTm"}},
		// REPLs (an interpreter without a program already reads its input:
		// the analysis finds that opaque).
		"ghci": {{why: whyREPL, operands: -1}}, "ipython": {{why: whyREPL, operands: -1}}, "ipython3": {{why: whyREPL, operands: -1}},
		"bpython": {{why: whyREPL, operands: -1}}, "ptpython": {{why: whyREPL, operands: -1}}, "irb": {{why: whyREPL, operands: -1}},
		"pry": {{why: whyREPL, operands: -1}}, "utop": {{why: whyREPL, operands: -1}}, "jshell": {{why: whyREPL, operands: -1}},
		"groovysh": {{why: whyREPL, operands: -1}}, "iex": {{why: whyREPL, operands: -1}}, "erl": {{why: whyREPL, operands: -1, unless: []string{"-noshell", "-eval", "-s", "-run"}}},
		"clj": {{why: whyREPL, operands: 0}}, "clojure": {{why: whyREPL, operands: 0}}, "scala": {{why: whyREPL, operands: 0}},
		"R": {{why: whyREPL, operands: -1, unless: []string{"-e", "-f", "--file", "CMD"}}}, "julia": {{why: whyREPL, operands: 0, unless: []string{"-e", "--eval", "-E", "--print"}}},
		"ocaml": {{why: whyREPL, operands: 0}}, "swift": {{why: whyREPL, operands: 0}}, "kotlin": {{why: whyREPL, operands: 0}},
		"kotlinc": {{why: whyREPL, operands: 0}}, "sbcl": {{why: whyREPL, operands: 0, unless: []string{"--eval", "--load", "--non-interactive"}}}, "octave": {{why: whyREPL, operands: 0, unless: []string{"--eval"}}},
		"maxima": {{why: whyREPL, operands: -1}}, "sage": {{why: whyREPL, operands: 0}}, "gp": {{why: whyREPL, operands: 0}},
		"sbt": {{why: whyREPL, operands: 0}}, "lein": {{why: whyREPL, sub: "repl", operands: -1}},
		"stack": {{why: whyREPL, sub: "ghci", operands: -1}, {why: whyREPL, sub: "repl", operands: -1}},
		"cabal": {{why: whyREPL, sub: "repl", operands: -1}}, "deno": {{why: whyREPL, sub: "repl", operands: -1}}, "bun": {{why: whyREPL, sub: "repl", operands: -1}},
		"ghc":    {{why: whyREPL, operands: -1, when: []string{"--interactive"}}},
		"python": {{why: whyREPL, operands: -1, when: []string{"-i"}, values: "cmWXQ"}}, "python3": {{why: whyREPL, operands: -1, when: []string{"-i"}, values: "cmWXQ"}},
		"pypy3": {{why: whyREPL, operands: -1, when: []string{"-i"}, values: "cmWXQ"}},
		"node":  {{why: whyREPL, operands: -1, when: []string{"-i", "--interactive"}}, {why: whyDebugger, sub: "inspect", operands: -1}, {why: whyDebugger, sub: "debug", operands: -1}},
		"yarn":  {{why: whyREPL, sub: "node", operands: 0}, {why: whyREPL, sub: "node", operands: -1, when: []string{"-i", "--interactive"}}, {why: whyDebugger, sub: "node", then: "inspect", operands: -1}},
		// Python's debuggers by their own names (Debian's pdb3 is a link
		// to pdb.py), and pytest dropping into pdb (round 23 (c))
		"pdb": {{why: whyDebugger, operands: -1}}, "ipdb": {{why: whyDebugger, operands: -1}}, "pudb": {{why: whyDebugger, operands: -1}},
		"pytest": {{why: whyDebugger, operands: -1, when: []string{"--pdb", "--trace"}}}, "py.test": {{why: whyDebugger, operands: -1, when: []string{"--pdb", "--trace"}}}, "php": {{why: whyREPL, operands: -1, when: []string{"-a", "--interactive"}, values: "cdfrBREFz"}},
		"lua": {{why: whyREPL, operands: -1, when: []string{"-i"}}}, "perl": {{why: whyDebugger, operands: -1, when: []string{"-d"}, values: "eEIMmxi0lC"}},
		// Database clients.
		"mysql":   {{why: whyDB, operands: -1, unless: []string{"-e", "--execute", "-V", "--version", "--help", "-?"}, values: "eDhPpSuUoc"}},
		"mariadb": {{why: whyDB, operands: -1, unless: []string{"-e", "--execute", "-V", "--version", "--help", "-?"}, values: "eDhPpSuUoc"}},
		"psql":    {{why: whyDB, operands: -1, unless: []string{"-c", "--command", "-f", "--file", "-l", "--list", "-V", "--version", "--help", "-?"}, values: "cdfhLopPTUv"}},
		"pgcli":   {{why: whyDB, operands: -1}}, "mycli": {{why: whyDB, operands: -1, unless: []string{"-e", "--execute"}}}, "litecli": {{why: whyDB, operands: -1, unless: []string{"-e", "--execute"}}},
		"usql":      {{why: whyDB, operands: -1, unless: []string{"-c", "--command", "-f", "--file"}}},
		"redis-cli": {{why: whyDB, operands: 0, values: "hpsanuc"}}, "keydb-cli": {{why: whyDB, operands: 0, values: "hpsanuc"}},
		"mongo": {{why: whyDB, operands: 1, unless: []string{"--eval", "--file", "-f"}}}, "mongosh": {{why: whyDB, operands: 1, unless: []string{"--eval", "--file", "-f"}}},
		"cqlsh":             {{why: whyDB, operands: -1, unless: []string{"-e", "--execute", "-f", "--file"}}},
		"sqlcmd":            {{why: whyDB, operands: -1, unless: []string{"-Q", "-i", "--query", "--input-file"}}},
		"clickhouse-client": {{why: whyDB, operands: -1, unless: []string{"-q", "--query", "--queries-file"}}},
		"duckdb":            {{why: whyDB, operands: 1, unless: []string{"-c"}}},
		"influx":            {{why: whyDB, operands: -1, unless: []string{"-execute"}}},
		"sqlplus":           {{why: whyDB, operands: -1}}, "isql": {{why: whyDB, operands: -1}},
		// Network clients and remote or container shells.
		"ftp": {{why: whyClient, operands: -1}}, "telnet": {{why: whyClient, operands: -1}}, "tftp": {{why: whyClient, operands: -1}},
		"sftp":      {{why: whyClient, operands: -1, unless: []string{"-b"}, values: "BbcDFiJlPRSsX"}},
		"lftp":      {{why: whyClient, operands: -1, unless: []string{"-c", "-f"}}},
		"smbclient": {{why: whyClient, operands: -1, unless: []string{"-c", "--command", "-L", "--list"}}},
		"mosh":      {{why: whyShell, operands: 1}}, "autossh": {{why: whyShell, operands: 1, values: "BbcDEeFIiJLlMmOopQRSWw"}},
		"ssh":            {{why: whyShell, operands: 1, unless: []string{"-N", "-W", "-O", "-G", "-V", "-Q"}, values: "BbcDEeFIiJLlmOopQRSWw"}, {why: whyShell, operands: -1, when: []string{"-t"}, values: "BbcDEeFIiJLlmOopQRSWw"}},
		"docker":         {{why: whyShell, sub: "attach", operands: -1, values: "Hcflp", longValues: dockerLong.Get()}, {why: whyShell, sub: "exec", operands: -1, when: []string{"-i", "-t", "--interactive", "--tty"}, values: "Hcflp", longValues: dockerLong.Get()}, {why: whyShell, sub: "run", operands: -1, when: []string{"-i", "-t", "--interactive", "--tty"}, values: "Hcflp", longValues: dockerLong.Get()}, {why: whyShell, sub: "start", operands: -1, when: []string{"-i", "--interactive"}, values: "Hcflp", longValues: dockerLong.Get()}, {why: whyShell, sub: "compose", operands: -1, values: "Hcflp", longValues: dockerLong.Get()}},
		"podman":         {{why: whyShell, sub: "attach", operands: -1}, {why: whyShell, sub: "exec", operands: -1, when: []string{"-i", "-t", "--interactive", "--tty"}}, {why: whyShell, sub: "run", operands: -1, when: []string{"-i", "-t", "--interactive", "--tty"}}, {why: whyShell, sub: "start", operands: -1, when: []string{"-i", "--interactive"}}},
		"nerdctl":        {{why: whyShell, sub: "exec", operands: -1, when: []string{"-i", "-t", "--interactive", "--tty"}}, {why: whyShell, sub: "run", operands: -1, when: []string{"-i", "-t", "--interactive", "--tty"}}},
		"docker-compose": {{why: whyShell, sub: "exec", operands: -1, unless: []string{"-T", "--no-TTY", "-d", "--detach"}, values: "Hcflp", longValues: dockerLong.Get()}, {why: whyShell, sub: "run", operands: -1, unless: []string{"-T", "--no-TTY", "-d", "--detach"}, values: "Hcflp", longValues: dockerLong.Get()}},
		"vagrant":        {{why: whyShell, sub: "ssh", operands: -1, unless: []string{"-c", "--command"}}},
		"machinectl":     {{why: whyShell, sub: "shell", operands: -1}, {why: whyShell, sub: "login", operands: -1}},
		"toolbox":        {{why: whyShell, sub: "enter", operands: -1}}, "distrobox": {{why: whyShell, sub: "enter", operands: -1}},
		"multipass": {{why: whyShell, sub: "shell", operands: -1}},
		"newgrp":    {{why: whyShell, operands: -1}}, "login": {{why: whyShell, operands: -1}},
		// Project environments that start a shell or a REPL, frameworks'
		// consoles, mail clients and other terminal programs with a shell
		// escape (red-team round 3).
		"nix-shell": {{why: whyShell, operands: -1, unless: []string{"--run", "--command"}}},
		"nix":       {{why: whyShell, sub: "develop", operands: -1, unless: []string{"-c", "--command"}}, {why: whyShell, sub: "shell", operands: -1, unless: []string{"-c", "--command"}}, {why: whyREPL, sub: "repl", operands: -1}},
		"poetry":    {{why: whyShell, sub: "shell", operands: -1}},
		"pipenv":    {{why: whyShell, sub: "shell", operands: -1}},
		"hatch":     {{why: whyShell, sub: "shell", operands: -1}},
		"direnv":    {{why: whyEditor, sub: "edit", operands: -1}},
		"rails":     {{why: whyREPL, sub: "console", operands: -1}, {why: whyREPL, sub: "c", operands: -1}, {why: whyDB, sub: "dbconsole", operands: -1}, {why: whyDB, sub: "db", operands: -1}},
		"manage.py": djangoShells.Get(), "django-admin": djangoShells.Get(),
		"artisan":         {{why: whyREPL, sub: "tinker", operands: -1}},
		"dotnet":          {{why: whyREPL, sub: "fsi", operands: 0}},
		"racket":          {{why: whyREPL, operands: 0, unless: []string{"-e", "--eval", "-f", "--load", "-r", "--script", "-t", "--require", "-l", "--lib"}}, {why: whyREPL, operands: -1, when: []string{"-i", "--repl"}}},
		"ansible-console": {{why: whyShell, operands: -1}},
		"mutt":            {{why: whyTUI, operands: -1}}, "neomutt": {{why: whyTUI, operands: -1}}, "alpine": {{why: whyTUI, operands: -1}}, "pine": {{why: whyTUI, operands: -1}},
		"mailx": {{why: whyTUI, operands: -1}}, "mail": {{why: whyTUI, operands: -1}}, "s-nail": {{why: whyTUI, operands: -1}}, "nail": {{why: whyTUI, operands: -1}},
		"ncdu": {{why: whyTUI, operands: -1, unless: []string{"-o"}}},
	}
}}

// djangoShells: manage.py shell, dbshell, shell_plus.
var djangoShells = &lazy.Value[[]termRule]{New: func() []termRule {
	return []termRule{{why: whyREPL, sub: "shell", operands: -1}, {why: whyREPL, sub: "shell_plus", operands: -1}, {why: whyDB, sub: "dbshell", operands: -1}}
}}

// dockerLong are the global and compose options of docker that take the
// next word.
var dockerLong = &lazy.Value[[]string]{New: func() []string {
	return []string{"--context", "--host", "--config", "--log-level", "--file", "--project-name", "--profile", "--env-file", "--project-directory", "--ansi", "--parallel", "--progress"}
}}

// Terminal returns why c, run with a terminal the agent can type into
// later unseen, reads commands from it; "" when it does not.
func Terminal(c *Command) string {
	if c.Name == "git" {
		return gitTerminal(c.Args)
	}
	name := termName(c.Name)
	for _, r := range terminalTable.Get()[name] {
		if r.matches(name, c.Args) {
			return c.Name + ": " + r.why
		}
	}
	if isPython(name) {
		if why := pyModuleTerminal(c.Name, c.Args); why != "" { // pyterminal.go
			return why
		}
	}
	// python3 manage.py shell, php artisan tinker: the script's rows
	if script := scriptRunners.Get()[name]; script != "" {
		for _, r := range terminalTable.Get()[script] {
			if r.sub == "" {
				continue
			}
			r.sub, r.then = script, r.sub
			if r.matches(name, c.Args) {
				return c.Name + ": " + r.why
			}
		}
	}
	return ""
}

// TerminalAs is Terminal for c when the file its name runs is another
// program on disk: name is the base name of the file a symlink chain
// ends at (Debian's alternatives: /usr/bin/pager → /etc/alternatives/pager
// → /usr/bin/less, www-browser → w3m; pdb3 → pdb.py). A multi-call binary
// (busybox, toybox, coreutils) chooses its applet by the name it was run
// as, so its own name says nothing: "".
func TerminalAs(c *Command, name string) string {
	if name == "" || name == c.Name || multiCall[name] {
		return ""
	}
	for _, n := range []string{name, strings.TrimSuffix(name, ".py")} {
		d := *c
		d.Name = n
		if why := Terminal(&d); why != "" {
			return c.Name + " (" + name + ") " + strings.TrimPrefix(why, n)
		}
	}
	return ""
}

// multiCall are the binaries that run the applet their argv[0] names.
var multiCall = map[string]bool{"busybox": true, "toybox": true, "coreutils": true, "busybox.static": true, "busybox-static": true}

// scriptRunners: an interpreter running a script of terminalTable by
// its file name.
var scriptRunners = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"python": "manage.py", "python3": "manage.py", "python2": "manage.py", "pypy3": "manage.py", "pypy": "manage.py",
		"php": "artisan",
	}
}}

// termName is the name terminalTable knows a program by: its own, or its
// base name without a variant suffix (Debian's vim.tiny, vim.basic,
// vim.gtk3, python3.12, nvim-0.9, ipython3.11, mysql-8.0).
func termName(n string) string {
	if _, ok := terminalTable.Get()[n]; ok {
		return n
	}
	if v := variantBase(n); v != n {
		return v
	}
	b := n
	if i := strings.IndexByte(b, '.'); i > 0 && i < len(b)-1 {
		if _, ok := terminalTable.Get()[b[:i]]; ok && !strings.HasSuffix(b, ".py") {
			return b[:i] // vim.tiny, mysql.exe
		}
	}
	b = strings.TrimRight(b, "0123456789.")
	b = strings.TrimSuffix(b, "-")
	for _, c := range []string{b, strings.TrimRight(b, "0123456789")} {
		if _, ok := terminalTable.Get()[c]; ok && c != "" {
			return c
		}
	}
	switch {
	case strings.HasPrefix(n, "python3"):
		return "python3"
	case strings.HasPrefix(n, "python"):
		return "python"
	case strings.HasPrefix(n, "php"):
		return "php"
	}
	return n
}

func (r termRule) matches(name string, args []string) bool {
	ops := r.operandsOf(args)
	if r.sub != "" {
		if len(ops) == 0 || ops[0] != r.sub && !strings.HasSuffix(ops[0], "/"+r.sub) {
			return false
		}
		ops = ops[1:]
		if r.then != "" {
			if len(ops) == 0 || ops[0] != r.then {
				return false
			}
			ops = ops[1:]
		}
		if name == "docker" && r.sub == "compose" {
			// docker compose exec|run allocate a terminal unless -T
			return len(ops) > 0 && (ops[0] == "exec" || ops[0] == "run") && !hasOpt(args, []string{"-T", "--no-TTY", "-d", "--detach"}, r.values)
		}
	}
	if len(r.when) > 0 && !hasOpt(args, r.when, r.values) {
		return false
	}
	if len(r.unless) > 0 && hasOpt(args, r.unless, r.values) && !(len(r.when) > 0) {
		return false
	}
	return r.operands < 0 || len(ops) <= r.operands
}

// operandsOf returns the arguments that are neither options nor their
// values.
func (r termRule) operandsOf(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i+1:]...)
		case strings.HasPrefix(a, "--"):
			if !strings.Contains(a, "=") && contains(r.longValues, a) {
				i++
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			for j := 1; j < len(a); j++ {
				if strings.IndexByte(r.values, a[j]) >= 0 {
					if j == len(a)-1 {
						i++ // the value is the next word
					}
					break
				}
			}
		default:
			out = append(out, a)
		}
	}
	return out
}

// hasOpt reports whether args hold one of opts: exactly, as --opt=value,
// or (a single letter) in a cluster of short options before a letter of
// values, whose value the rest of the cluster is.
func hasOpt(args, opts []string, values string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		for _, o := range opts {
			if a == o || strings.HasPrefix(o, "--") && strings.HasPrefix(a, o+"=") {
				return true
			}
			if len(o) == 2 && o[0] == '-' && len(a) > 2 && a[0] == '-' && a[1] != '-' {
				for j := 1; j < len(a); j++ {
					if a[j] == o[1] {
						return true
					}
					if strings.IndexByte(values, a[j]) >= 0 {
						break
					}
				}
			}
		}
	}
	return false
}

// gitTerminal: git commands that open an editor (commit, merge, tag,
// revert, rebase -i, notes, …), prompt hunk by hunk with an editor (-p,
// -i), run merge or diff tools, or open the manual.
func gitTerminal(args []string) string {
	// global options: those that take the next word
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") {
		switch args[i] {
		case "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--exec-path", "--super-prefix":
			i++
		}
		i++
	}
	if i >= len(args) {
		return ""
	}
	sub, rest := args[i], args[i+1:]
	has := func(values string, opts ...string) bool { return hasOpt(rest, opts, values) }
	const commitValues = "mFCctSu"
	editor := "git " + sub + ": " + whyEditor
	switch sub {
	case "commit":
		if has(commitValues, "-e", "--edit", "-p", "--patch", "--interactive", "-c", "--reedit-message") {
			return editor
		}
		if has(commitValues, "-m", "--message", "-F", "--file", "-C", "--reuse-message", "--no-edit", "--dry-run") || fixupMessage(rest) {
			return ""
		}
		return editor
	case "merge", "pull":
		if has("msFX", "-e", "--edit") {
			return editor
		}
		if has("msFX", "--no-edit", "-m", "--message", "-F", "--file", "--ff-only", "--squash", "--no-commit", "--abort", "--quit", "--rebase", "-r") {
			return ""
		}
		return editor
	case "tag":
		if has("mFu", "-e", "--edit") || has("mFu", "-a", "--annotate", "-s", "--sign", "-u", "--local-user") && !has("mFu", "-m", "--message", "-F", "--file") {
			return editor
		}
	case "revert":
		if !has("m", "--no-edit", "-n", "--no-commit", "--abort", "--quit", "--skip") {
			return editor
		}
	case "cherry-pick":
		if has("m", "-e", "--edit", "--continue") {
			return editor
		}
	case "rebase":
		if has("sXx", "-i", "--interactive", "--edit-todo", "--continue") {
			return editor
		}
	case "notes":
		for _, a := range rest {
			switch a {
			case "edit":
				return editor
			case "add", "append":
				if !has("mFCc", "-m", "--message", "-F", "--file", "-C", "--reuse-message") {
					return editor
				}
			}
		}
	case "add":
		if has("", "-i", "--interactive", "-p", "--patch", "-e", "--edit") {
			return editor
		}
	case "checkout", "reset", "restore", "stash":
		if has("", "-p", "--patch") {
			return editor
		}
	case "am", "clean":
		if has("", "-i", "--interactive") {
			return "git " + sub + ": it prompts for each change typed into it"
		}
	case "config":
		if has("f", "-e", "--edit") || len(rest) > 0 && rest[0] == "edit" {
			return editor
		}
	case "branch":
		if has("", "--edit-description") {
			return editor
		}
	case "replace":
		if has("", "-e", "--edit") {
			return editor
		}
	case "difftool", "mergetool":
		if !has("", "--tool-help") {
			return "git " + sub + ": it runs a diff or merge tool (an editor) on the terminal"
		}
	case "send-email":
		return "git send-email: it prompts and opens an editor typed into it"
	case "help":
		return "git help: " + whyPager
	}
	return ""
}

// fixupMessage reports a --fixup=COMMIT that makes the message itself
// (not --fixup=amend: or reword:, which open the editor).
func fixupMessage(args []string) bool {
	for i, a := range args {
		v, ok := strings.CutPrefix(a, "--fixup=")
		if !ok && a == "--fixup" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok && !strings.HasPrefix(v, "amend:") && !strings.HasPrefix(v, "reword:") {
			return true
		}
	}
	return false
}
