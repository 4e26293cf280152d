package shell

import "strings"

// cmd is one simple command being analyzed.
type cmd struct {
	a    *analyzer
	sc   *scope
	name string
	prog string // the program word as run (Command.Prog)
	args []field
	skip []bool // arguments that are not file names (code, patterns, hosts)
	text bool   // pure text command: no reads, no URLs
	rec  bool   // reads everything below directory arguments
	w    writeState
}

func (c *cmd) s(i int) string { return c.args[i].s }

// simple analyzes one simple command given its expanded fields.
func (a *analyzer) simple(fs []field, sc *scope) error {
	a.ncmd++
	if a.ncmd > MaxCommands {
		return limitErr("more than %d commands", MaxCommands)
	}
	if len(fs) == 0 {
		return nil
	}
	if _, ok := toolEnvOptions.Get()[progName(fs[0])]; ok && !fs[0].dyn {
		fs = a.toolEnvArgs(fs, progName(fs[0]), sc)
	}
	args := fs[1:]
	strs := make([]string, len(args))
	dyn := fs[0].dyn
	for i, f := range args {
		strs[i] = f.s
		dyn = dyn || f.dyn
	}
	name := progName(fs[0])
	prog := fs[0].s
	if sc.applet != "" {
		prog, sc.applet = sc.applet, "" // a busybox applet runs busybox
	}
	a.record(name, prog, strs, sc, dyn)
	last := fs[len(fs)-1]
	defer func() { sc.last, sc.lastKnown = last.s, !last.dyn && !last.glob }()
	c := &cmd{a: a, sc: sc, name: name, prog: prog, args: args, skip: make([]bool, len(args)), rec: recursiveReader(name, strs)}
	if a.opt.PowerShell {
		c.name = psName(name) // powershell.go
	}
	if !fs[0].dyn {
		c.name = variantBase(c.name) // progvariants.go: vim.tiny is vim
	}
	if fs[0].dyn {
		a.opaque(name, "program name is not known statically")
	} else if fs[0].glob && isGlobPattern(fs[0].s) {
		a.opaque(name, "program name is a glob pattern, not known statically")
	} else if strings.Contains(fs[0].s, "/") && prog == fs[0].s {
		if _, err := c.runWritten(fs[0], name, false, true); err != nil {
			return err
		}
	}
	if !fs[0].dyn && !(fs[0].glob && isGlobPattern(fs[0].s)) {
		if err := a.dispatch(c); err != nil {
			return err
		} else if err := c.applySpec(); err != nil {
			return err
		}
		c.fileLists()
		c.toolReads()
		c.credentialHelper()
		c.envDumpCommand()
		c.pkgWrites()
		c.formatterWrites()
		c.processControl()
		c.kubeconfigWrites()
		c.kubectlCanonical()
		c.configHome()
		c.outputWrites()
		c.controlDeviceWrites()
		if err := c.sshClientArgs(); err != nil {
			return err
		}
	}
	a.generic(c)
	return nil
}

// wrap analyzes args[from:] as the command run by wrapper c.
func (c *cmd) wrap(from int, via string) error {
	for i := from; i < len(c.args); i++ {
		c.skip[i] = true
	}
	if from >= len(c.args) {
		return nil
	}
	sc, err := c.a.enter(c.sc.withVia(via))
	if err != nil {
		return err
	}
	if c.w.applet {
		sc.applet = c.prog
	}
	inner := c.args[from:]
	// Leading NAME=value words are environment assignments (sudo, env).
	for len(inner) > 0 && !inner[0].dyn && isAssignWord(inner[0].s) {
		n, v, _ := strings.Cut(inner[0].s, "=")
		sc.setEnv(n, v, true)
		if err := c.a.dangerousEnv(sc, c.name, n, v, true); err != nil {
			return err
		}
		inner = inner[1:]
	}
	return c.a.simple(inner, sc)
}

func isAssignWord(s string) bool {
	n, _, ok := strings.Cut(s, "=")
	return ok && (validName(n) || funcImport(n))
}

// funcImport reports whether an environment variable's name is one bash
// imports as a function (BASH_FUNC_name%%, or BASH_FUNC_name() before
// the Shellshock fixes).
func funcImport(name string) bool {
	rest, ok := strings.CutPrefix(name, "BASH_FUNC_")
	return ok && rest != "" && (strings.HasSuffix(rest, "%%") || strings.HasSuffix(rest, "()"))
}

// code analyzes a statically known string of shell code run by c.
func (c *cmd) code(f field, via string, remote bool) error {
	if f.dyn {
		c.a.opaque(c.name, "shell code not known statically: "+clip(f.s))
		return nil
	}
	return c.a.reparse(f.s, c.sc, via, remote)
}

func (c *cmd) write(f field, why string) { c.a.path(c.sc, kWrite, f, c.name, why) }
func (c *cmd) del(f field, why string)   { c.a.path(c.sc, kDelete, f, c.name, why) }
func (c *cmd) read(f field, why string)  { c.a.path(c.sc, kRead, f, c.name, why) }
func (c *cmd) host(h, why string)        { c.a.host(c.sc, h, c.name, why) }
func (c *cmd) opaque(reason string)      { c.a.opaque(c.name, reason) }
func (c *cmd) cwdField() field           { return field{s: "."} }
func (c *cmd) posFields(o opts) []field  { return c.fieldsAt(o.pos) }
func (c *cmd) fieldsAt(ix []int) []field {
	out := make([]field, len(ix))
	for i, k := range ix {
		out[i] = c.args[k]
	}
	return out
}

func (a *analyzer) dispatch(c *cmd) error {
	n := c.name
	if a.opt.PowerShell {
		c.powerShellHosts() // powershell.go
	}
	switch {
	case a.opt.PowerShell && psEvalCommands.Get()[n] != "": // powershell.go
		return c.powerShellEval()
	case a.opt.PowerShell && c.psCmdletOnly(): // psbind.go
		return nil
	case isApplyPatch(c): // applypatch.go
		return c.applyPatch()
	case isShell(n):
		return c.shell()
	case isInterpreter(n) && !c.bunManager():
		return c.interpreter()
	case isLauncher(n):
		return c.launch()
	case isTermEmu(n): // termemus.go
		return c.termEmu()
	case isDeviceWriter(n):
		c.deviceWrites()
		return nil
	case isInlineCoder(n):
		c.inlineCode()
		return nil
	case n == "cmake":
		return c.cmakeE()
	case gitFrontends.Get()[n]:
		return c.gitFrontend()
	case isExtractor(n):
		c.extract()
		return nil
	case a.funcs[n].body != nil:
		if ok, err := c.callFunc(); ok || err != nil {
			c.w.modelled = true // its arguments are the function's
			return err
		}
	case c.nestedAgent():
		c.w.modelled = true // its prompt is text, its writes its own actions
		return nil
	case strings.HasPrefix(n, "git-") && specFor("git "+n[4:]) != nil:
		// git-push by its path under git-core is git push
		c.w.modelled = true
		for i := range c.args {
			c.skip[i] = true
		}
		sc, err := c.a.enter(c.sc.withVia(n))
		if err != nil {
			return err
		}
		return c.a.simple(append([]field{{s: "git"}, {s: n[4:]}}, c.args...), sc)
	case isPyModule(n) && len(c.sc.via) > 0 && strings.HasSuffix(c.sc.via[len(c.sc.via)-1], " -m"):
		c.pyModule()
		return nil
	}
	c.toolHosts()
	switch n {
	case "echo", "printf", "true", "false", ":", "test", "[":
		c.text = true
		if n == "printf" {
			o := c.parse(optSpec{short: "v"})
			for _, v := range o.values("-v") {
				if err := c.a.varNameArg(v, c.sc); err != nil {
					return err
				}
				c.sc.setVar(v.s, "", false)
				c.a.unknownAssign(c.sc, n, v.s)
			}
		}
		if n == "test" || n == "[" {
			return c.testNames()
		}
	case "eval":
		return c.eval()
	case "source", ".":
		return c.source()
	case "alias":
		for i := range c.args {
			c.skip[i] = true
			if _, v, ok := strings.Cut(c.s(i), "="); ok {
				f := c.args[i]
				f.s = v
				if err := c.code(f, "alias", false); err != nil {
					return err
				}
			}
		}
	case "trap":
		o := c.parse(optSpec{})
		if len(o.pos) > 1 || (len(o.pos) == 1 && !o.any("-p", "-l")) {
			c.skip[o.pos[0]] = true
			if s := c.s(o.pos[0]); s != "-" && s != "" {
				return c.code(c.args[o.pos[0]], "trap", false)
			}
		}
	case "cd", "pushd", "popd":
		c.cd()
	case "read", "mapfile", "readarray", "getopts", "wait":
		return c.readNames()
	case "unset":
		for i := range c.args {
			c.skip[i] = true
			if err := c.a.varNameArg(c.args[i], c.sc); err != nil {
				return err
			}
			c.sc.setVar(c.s(i), "", false)
		}
	case "printenv":
		c.text = true
		o := c.parse(optSpec{})
		for _, k := range o.pos {
			c.a.envRef(c.sc, c.s(k))
		}
		if len(o.pos) == 0 {
			c.a.res.EnvDump = true
		}
	case "set":
		if len(c.args) == 0 {
			c.a.res.EnvDump = true
		}
		c.text = true
		c.setPositional()
	case "shift":
		c.text = true
		c.shiftPositional()
	case "compgen":
		o := c.parse(optSpec{short: "AabcdefgjksuvGPSWXFC"})
		for _, v := range o.values("-A") {
			if v.s == "variable" || v.s == "export" {
				c.a.res.EnvDump = true
			}
		}
		if o.any("-v", "-e") {
			c.a.res.EnvDump = true
		}
	case "ps":
		for i := range c.args {
			s := c.s(i)
			if !strings.HasPrefix(s, "-") && strings.Contains(s, "e") || psEnvCluster(s) || strings.Contains(s, "environ") {
				c.a.res.EnvDump = true
			}
		}
		c.text = true
	case "command":
		o := c.parse(optSpec{stopPos: true})
		if o.any("-v", "-V") {
			c.text = true
			return nil
		}
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "command")
		}
	case "builtin", "exec", "nohup", "setsid", "unbuffer", "caffeinate", "fakeroot", "torsocks", "tsocks",
		"eatmydata", "catchsegv", "nocache", "chronic", "run0", "sudoedit-wrapper", "proxychains", "proxychains4",
		"firejail", "valgrind", "systemd-run", "pkexec", "setpriv", "unshare", "nsenter", "dbus-launch", "xvfb-run",
		"stdbuf", "nice", "ionice", "chrt", "taskset", "numactl", "strace", "ltrace", "time", "doas", "runuser", "sg", "su",
		"busybox", "toybox", "sshpass", "flock", "chroot", "timeout", "sudo", "env", "watch", "xargs", "parallel", "script":
		return c.wrapper()
	case "find":
		return c.find()
	case "rg", "ag", "ack", "ack-grep", "fd", "fdfind":
		return c.searchTool()
	case "ugrep", "ug", "ugrep+", "ug+", "pt", "sift", "rga", "ast-grep", "semgrep", "codespell", "trufflehog",
		"gitleaks", "detect-secrets":
		return c.searcher(searchers[n])
	case "darkhttpd", "httpd", "twistd", "caddy", "http-server", "serve", "live-server", "miniserve", "dufs",
		"simple-http-server", "static-web-server", "updog", "goshs", "webfsd", "thttpd", "mini_httpd", "rclone":
		c.fileServer(fileServers.Get()[n])
	case "grep", "egrep", "fgrep", "zgrep", "rgrep":
		c.grepReads()
	case "diff", "colordiff":
		c.diffReads()
	case "rm", "rmdir", "unlink", "shred", "srm":
		o := c.parse(optSpec{short: "ns", long: []string{"--iterations", "--size", "--random-source"}})
		for _, f := range c.posFields(o) {
			c.del(f, n+" argument")
		}
	case "mv", "cp", "install", "ln", "rsync", "scp":
		c.copyLike()
	case "touch", "mkdir", "truncate", "chmod", "chown", "chgrp", "tee", "sponge", "ed", "ex", "chattr", "setfacl", "mkfifo", "mknod":
		c.modify()
		c.teeText()
		if n == "ed" || n == "ex" {
			c.opaque(n + " reads editing commands, which may run a shell (!)")
		}
	case "sort":
		o := c.parse(optSpec{short: "okStT", long: []string{"--output", "--key", "--buffer-size", "--field-separator", "--temporary-directory"}})
		for _, f := range o.values("-o", "--output") {
			c.write(f, "sort -o")
		}
	case "dd":
		for i := range c.args {
			if v, ok := strings.CutPrefix(c.s(i), "of="); ok {
				f := c.args[i]
				f.s = v
				if !discardTarget(v) {
					c.write(f, "dd of=")
				}
			}
			if v, ok := strings.CutPrefix(c.s(i), "if="); ok {
				f := c.args[i]
				f.s = v
				c.read(f, "dd if=")
			}
		}
	case "sed", "gsed":
		c.sed()
	case "awk", "gawk", "mawk", "nawk":
		return c.awk()
	case "curl", "wget", "http", "https", "httpie", "xh", "xhs", "curlie", "aria2c", "lynx", "w3m", "links", "elinks":
		c.httpClient()
	case "ssh", "mosh", "autossh":
		return c.ssh()
	case "sftp", "ftp", "tftp", "lftp", "telnet", "nc", "ncat", "netcat", "socat", "dig", "nslookup", "host", "ping",
		"ping6", "traceroute", "traceroute6", "tracepath", "mtr", "whois", "nmap", "ssh-keyscan", "openssl",
		"psql", "pg_dump", "pg_dumpall", "pg_restore", "mysql", "mysqldump", "mariadb", "redis-cli", "mongo",
		"mongosh", "mongodump", "mongorestore", "kubectl", "docker", "podman", "ldapsearch", "rdesktop":
		c.network()
	case "git":
		return c.git()
	case "tar", "bsdtar", "unzip", "zip", "7z", "7za":
		c.archive()
	case "crontab", "at", "batch":
		c.w.modelled = true // the schedule's own files; its commands are opaque
		o := c.parse(optSpec{short: "fqtu"})
		if !o.any("-l", "-r") || n != "crontab" {
			c.opaque("schedules commands to run later")
		}
	case "tmux":
		return c.tmux()
	case "vi", "vim", "nvim", "view", "emacs", "nano", "vimdiff":
		o := c.parse(optSpec{short: "cSTtuUiwWs", long: []string{"--cmd", "--eval", "-batch"}})
		if o.any("-c", "-S", "--cmd", "--eval", "-s", "-W", "-w") || anyPrefix(c.args, "+") {
			c.opaque("editor runs commands")
		}
		if n != "view" && !o.is("-R") {
			for _, f := range c.posFields(o) {
				if !strings.HasPrefix(f.s, "+") {
					c.write(f, "edited file")
				}
			}
		}
	case "man":
		o := c.parse(optSpec{short: "PHMCRLmSe", long: []string{"--pager", "--html"}})
		c.text = true
		return c.manPager(o)
	case "gdb", "lldb":
		c.debuggerEnv() // optconv.go
		c.opaque("debugger can run arbitrary commands")
	case "less", "more":
		// reads only
	case "kill", "pkill", "killall":
		c.text = true
	case "jq", "gojq", "yq", "jaq":
		c.jq()
	case "make", "gmake":
		o := c.parse(optSpec{short: "CfIjloW", long: []string{"--directory", "--file", "--makefile", "--include-dir", "--jobs", "--load-average", "--old-file", "--what-if", "--eval"}})
		if o.any("-p", "--print-data-base", "-e", "--environment-overrides") {
			c.a.res.EnvDump = true
		}
	case "hash":
		o := c.parse(optSpec{short: "p"})
		if len(o.values("-p")) > 0 {
			c.opaque("hash -p makes a command name run another program")
		}
	case "shopt":
		c.shopt()
		for i := range c.args {
			if c.s(i) == "expand_aliases" {
				c.opaque("shopt expand_aliases makes aliases change what later lines run")
			}
		}
	case "enable":
		o := c.parse(optSpec{short: "f"})
		if len(o.values("-f")) > 0 || o.is("-n") {
			c.opaque("enable loads or disables shell builtins")
		}
	case "dc":
		c.opaque("dc can run shell commands (!)")
	case "m4", "gm4", "gnum4":
		c.macroProcessor()
	case "sqlite3", "duckdb", "sqlcipher", "spatialite":
		return c.sqliteLike()
	case "trash", "trash-put", "rmtrash", "wipe", "gio":
		o := c.parse(optSpec{})
		pos := c.posFields(o)
		if n == "gio" {
			if len(pos) == 0 || (pos[0].s != "trash" && pos[0].s != "remove" && pos[0].s != "rm") {
				return nil
			}
			pos = pos[1:]
		}
		for _, f := range pos {
			c.del(f, n+" argument")
		}
	case "uniq":
		o := c.parse(optSpec{short: "fsw", long: []string{"--skip-fields", "--skip-chars", "--check-chars", "--group", "--all-repeated"}})
		if len(o.pos) >= 2 {
			c.write(c.args[o.pos[1]], "uniq output")
		}
	case "gcc", "cc", "clang", "g++", "c++", "clang++", "rustc", "iconv", "gpg", "gpg2", "pandoc", "base64", "ssh-keygen", "javac", "tsc", "esbuild", "protoc":
		if convName(n) == "gcc" {
			c.gccOutputs() // single-dash long options (optconv.go)
			break
		}
		sp := optSpec{short: "o"}
		if n == "ssh-keygen" {
			sp.short = "fCNtbm"
		}
		if n == "javac" || n == "tsc" {
			sp.short = "d"
			sp.long = []string{"--outDir", "--outFile"}
		}
		o := c.parse(sp)
		for _, f := range o.values("-o", "--output", "--outfile", "--outDir", "--outFile", "-d") {
			c.write(f, n+" output")
		}
		if n == "ssh-keygen" {
			for _, f := range o.values("-f") {
				c.write(f, "ssh-keygen -f")
			}
		}
	case "grpcurl":
		c.network() // host:port operand, Go-style options
	case "go":
		return c.golang()
	case "npx", "bunx", "pnpx", "uvx", "corepack":
		o := c.parse(optSpec{short: "pc", long: []string{"--package", "--call", "--from", "--with", "--python"}, stopPos: true})
		if cs := o.values("-c", "--call"); len(cs) > 0 && n == "npx" {
			return c.code(cs[0], "npx -c", false)
		}
		if k, ok := c.pos(o, 0); ok {
			if n != "corepack" {
				c.packageRunner(o, k)
				c.args[k] = binOfSpec(c.args[k])
			}
			return c.wrap(k, n)
		}
	case "npm", "pnpm", "yarn", "bun", "uv", "poetry", "pipx", "bundle", "pdm", "hatch", "rye":
		// package runners: "npm exec X", "pnpm dlx X", "yarn dlx X",
		// "bun x X", "uv run X", "poetry run X", "pipx run X", "bundle
		// exec X" run the command X.
		if len(c.args) == 0 {
			return nil
		}
		npmSpecHosts(c)
		c.createRunner()
		sub, from := c.s(0), 1
		if n == "uv" && sub == "tool" && len(c.args) > 1 && c.s(1) == "run" {
			sub, from = "tool run", 2 // uv tool run X is uvx X
		}
		switch {
		case sub == "exec" || sub == "x" || sub == "dlx" || sub == "tool run" || sub == "run" && (n == "uv" || n == "poetry" || n == "pipx" || n == "pdm" || n == "hatch" || n == "rye"):
			rest := &cmd{a: c.a, sc: c.sc, name: n, args: c.args[from:], skip: c.skip[from:]}
			o := rest.parse(optSpec{short: "pcw", long: []string{"--package", "--call", "--workspace", "--with", "--from", "--python", "--spec"}, stopPos: true})
			for i := 0; i < from; i++ {
				c.skip[i] = true
			}
			if cs := o.values("-c", "--call"); len(cs) > 0 && n == "npm" {
				return rest.code(cs[0], n+" exec -c", false)
			}
			k, ok := rest.pos(o, 0)
			c.managerRunner(sub, rest, o, k, ok)
			if ok {
				if sub != "run" {
					rest.args[k] = binOfSpec(rest.args[k])
				}
				return rest.wrap(k, n+" "+sub)
			}
		}
	}
	return nil
}

func anyPrefix(fs []field, p string) bool {
	for _, f := range fs {
		if strings.HasPrefix(f.s, p) && !f.dyn {
			return true
		}
	}
	return false
}

// recursiveReader reports whether a command with these arguments reads the
// whole tree below its directory arguments.
func recursiveReader(name string, args []string) bool {
	flag := func(long []string, letters string) bool {
		for _, a := range args {
			if a == "--" {
				return false
			}
			for _, l := range long {
				if a == l || strings.HasPrefix(a, l+"=") {
					return true
				}
			}
			if len(a) > 1 && a[0] == '-' && a[1] != '-' && isLetters(a[1:]) && strings.ContainsAny(a[1:], letters) {
				return true
			}
		}
		return false
	}
	switch name {
	case "grep", "egrep", "fgrep", "zgrep":
		if flag([]string{"--recursive", "--dereference-recursive", "--directories=recurse"}, "rR") {
			return true
		}
		for i, a := range args {
			if a == "-d" && i+1 < len(args) && args[i+1] == "recurse" {
				return true
			}
		}
	case "cp", "scp":
		return flag([]string{"--recursive", "--archive"}, "rRa")
	case "rsync":
		return flag([]string{"--recursive", "--archive"}, "ra")
	case "zip":
		return flag([]string{"--recurse-paths"}, "r")
	case "tar", "bsdtar":
		if len(args) > 0 && isLetters(strings.TrimPrefix(args[0], "-")) && strings.Contains(args[0], "c") {
			return true
		}
		return flag([]string{"--create"}, "c")
	case "rg":
		// ripgrep skips hidden files unless told otherwise.
		if flag([]string{"--hidden"}, ".") {
			return true
		}
		for _, a := range args {
			if a == "-uu" || a == "-uuu" {
				return true
			}
		}
	}
	return false
}

// dynMarked reports whether s holds a part not known statically, which
// the expansion keeps in source form ($X, $(…), `…`) or as xargs' input.
func dynMarked(s string) bool {
	return strings.ContainsAny(s, "$`") || strings.Contains(s, xargsInput)
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.') {
			return false
		}
	}
	return true
}

// generic reports candidate reads and URL hosts for every argument not
// consumed by a specific rule.
func (a *analyzer) generic(c *cmd) {
	if c.text {
		return
	}
	end := false
	for i, f := range c.args {
		if c.skip[i] || f.s == "" || f.proc {
			continue
		}
		for _, h := range urlHosts(f.s) {
			a.host(c.sc, h, c.name, "url")
		}
		for _, g := range fileURLPaths(f.s) {
			// file:///path reads a local file
			g.dyn = g.dyn || f.dyn
			a.path(c.sc, kRead, g, c.name, "file URL")
		}
		if strings.Contains(f.s, "://") || strings.ContainsRune(f.s, '\n') {
			continue
		}
		s := f.s
		if !end && s == "--" {
			end = true
			continue
		}
		if c.mayWrite(i) {
			a.candidates(c, f, end)
		}
		var cands []string
		if !end && strings.HasPrefix(s, "-") && len(s) > 1 {
			if k, v, ok := strings.Cut(s, "="); ok && !c.patternOption(k) {
				cands = append(cands, v)
			} else if !strings.HasPrefix(s, "--") && len(s) > 2 && strings.ContainsAny(s[2:], "./~") {
				cands = append(cands, s[2:])
			}
		} else {
			cands = append(cands, s)
			if _, v, ok := strings.Cut(s, "="); ok {
				cands = append(cands, v)
			}
		}
		for _, p := range cands {
			if strings.ContainsAny(p, ":,") {
				// bind mounts and lists: ~/.ssh:/k, source=/x,target=/y
				for _, piece := range strings.FieldsFunc(p, func(r rune) bool { return r == ':' || r == ',' }) {
					if _, v, ok := strings.Cut(piece, "="); ok {
						piece = v
					}
					if piece != p && piece != "" {
						cands = append(cands, piece)
					}
				}
			}
		}
		for _, p := range cands {
			if p == "" || p == "-" {
				continue
			}
			g := f
			g.s = p
			g.rec = c.rec || f.rec
			// a piece of a dynamic word is static when the parts not
			// known are elsewhere in the word (their source form is kept)
			g.dyn = f.dyn && (p == f.s || dynMarked(p))
			a.path(c.sc, kRead, g, c.name, "argument")
			if q := strings.TrimLeft(p, "@<"); q != p && q != "" {
				g.s = q
				a.path(c.sc, kRead, g, c.name, "argument")
			}
		}
	}
}
