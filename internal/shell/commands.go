package shell

import (
	"path"
	"regexp"
	"strings"
	"sync"
)

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
	// unlisted: no rule of dispatch names the program (candcmds.go)
	unlisted bool
}

func (c *cmd) s(i int) string { return c.args[i].s }

// opts is the result of option parsing.
type opts struct {
	pos  []int      // indexes of positional arguments
	vals []optValue // option values, in order
	has  []string   // options present
	// abbrev: the program takes a unique prefix of a long option
	// (getopt_long, git's parse-options, argparse): a "--pre" present
	// stands for every modelled long option it may abbreviate.
	abbrev bool
	long   []string // the value options parsed: given in full, never a prefix
	flags  []string // the same for options without a value
}

type optValue struct {
	key string
	f   field
}

// optSpec describes the options of a command: short letters taking a
// value, long names taking a value ("--name"), and whether option parsing
// stops at the first positional argument (wrappers).
type optSpec struct {
	short   string
	long    []string
	stopPos bool
	// dashLong: single-dash long options taking a value (find-like, ssh -o is short)
	dashLong []string
	// plus: arguments starting with + are options too (sh +x, +o opt)
	plus bool
	// glued: short letters whose value is only ever attached (mysql
	// -pSECRET): alone they take nothing, so "-p -h HOST" keeps -h.
	glued string
	// noCluster: a single-dash word is one option (Go's flags: -cover is
	// not -c -o ver); the short letters are its one-letter options
	noCluster bool
	// flags: long options taking no value that are also prefixes of
	// modelled ones (--batch, --batch-all-objects): given in full, they
	// abbreviate nothing
	flags []string
}

func (c *cmd) parse(sp optSpec) opts {
	o := c.parseOpts(c.withSpec(sp))
	c.w.last, c.w.parsed = o, true
	return o
}

func (c *cmd) parseOpts(sp optSpec) opts {
	var o opts
	o.abbrev = !sp.noCluster && !noAbbrev[c.name]
	o.long, o.flags = sp.long, sp.flags
	end := false
	for i := 0; i < len(c.args); i++ {
		a := c.s(i)
		if sp.plus && !end && len(a) > 1 && a[0] == '+' {
			a = "-" + a[1:]
		}
		if end || a == "-" || !strings.HasPrefix(a, "-") || c.args[i].dyn && !strings.HasPrefix(a, "-") {
			o.pos = append(o.pos, i)
			if sp.stopPos {
				for j := i + 1; j < len(c.args); j++ {
					o.pos = append(o.pos, j)
				}
				return o
			}
			continue
		}
		if a == "--" {
			end = true
			o.has = append(o.has, "--")
			continue
		}
		if contains(sp.dashLong, a) {
			o.has = append(o.has, a)
			if i+1 < len(c.args) {
				i++
				o.vals = append(o.vals, optValue{a, c.args[i]})
				c.skip[i] = true
			}
			continue
		}
		if name, v, ok := strings.Cut(a, "="); ok && !strings.HasPrefix(a, "--") && contains(sp.dashLong, name) {
			f := c.args[i]
			f.s = v
			o.has = append(o.has, name)
			o.vals = append(o.vals, optValue{name, f})
			continue
		}
		if strings.HasPrefix(a, "--") {
			name, v, hasEq := strings.Cut(a, "=")
			o.has = append(o.has, name)
			if hasEq {
				f := c.args[i]
				f.s = v
				o.vals = append(o.vals, optValue{name, f})
			} else if contains(sp.long, name) && i+1 < len(c.args) {
				i++
				o.vals = append(o.vals, optValue{name, c.args[i]})
				c.skip[i] = true
			} else if i+1 < len(c.args) && abbreviates(sp.long, name) {
				// GNU getopt_long takes a unique prefix of an option:
				// the next word is its value, or an operand if name is
				// an option not listed; it is reported as both.
				o.vals = append(o.vals, optValue{name, c.args[i+1]})
			}
			continue
		}
		if sp.noCluster {
			name, v, eq := strings.Cut(a, "=")
			o.has = append(o.has, name)
			valued := len(name) == 2 && strings.IndexByte(sp.short, name[1]) >= 0
			switch {
			case eq:
				f := c.args[i]
				f.s = v
				o.vals = append(o.vals, optValue{name, f})
			case valued && i+1 < len(c.args):
				i++
				o.vals = append(o.vals, optValue{name, c.args[i]})
				c.skip[i] = true
			}
			continue
		}
		for j := 1; j < len(a); j++ {
			k := shortOpt(a[j])
			o.has = append(o.has, k)
			if strings.IndexByte(sp.glued, a[j]) >= 0 {
				if j+1 < len(a) {
					f := c.args[i]
					f.s = a[j+1:]
					o.vals = append(o.vals, optValue{k, f})
				}
				break
			}
			if strings.IndexByte(sp.short, a[j]) >= 0 {
				if j+1 < len(a) {
					f := c.args[i]
					f.s = a[j+1:]
					o.vals = append(o.vals, optValue{k, f})
				} else if i+1 < len(c.args) {
					i++
					o.vals = append(o.vals, optValue{k, c.args[i]})
					c.skip[i] = true
				}
				break
			}
		}
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shortOpt returns "-x" for the byte x without allocating for ASCII.
func shortOpt(b byte) string {
	const letters = "-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P-Q-R-S-T-U-V-W-X-Y-Z-0-1-2-3-4-5-6-7-8-9"
	if i := strings.IndexByte(letters, b); i > 0 && letters[i-1] == '-' {
		return letters[i-1 : i+1]
	}
	return "-" + string(rune(b))
}

// is reports whether option k is present.
func (o opts) is(k string) bool {
	for _, h := range o.has {
		if o.names(h, k) {
			return true
		}
	}
	return false
}

func (o opts) any(keys ...string) bool {
	for _, k := range keys {
		if o.is(k) {
			return true
		}
	}
	return false
}

func (o opts) values(keys ...string) []field {
	var out []field
	for _, v := range o.vals {
		for _, k := range keys {
			if o.names(v.key, k) {
				out = append(out, v.f)
				break
			}
		}
	}
	return out
}

// names reports whether option h, as given, names the modelled option k:
// spelled in full, or, where the program takes abbreviations, as a
// prefix of it ("--in-pl" for "--in-place"). A prefix of several
// modelled options names each of them: the analysis assumes the worst.
func (o opts) names(h, k string) bool {
	if h == k {
		return true
	}
	return o.abbrev && len(h) >= 3 && len(h) < len(k) && h[0] == '-' && h[1] == '-' && h[2] != '-' &&
		k[len(h)-1] == h[len(h)-1] && strings.HasPrefix(k, h) && !contains(o.long, h) && !contains(o.flags, h)
}

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
		c.name = variantBase(c.name)        // progvariants.go: vim.tiny is vim
		c.name = prefixedName(c.name, prog) // candcmds.go: gtimeout is timeout
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
		} else if err := c.unknownRunner(); err != nil { // envrunners.go
			return err
		} else if err := c.candidateCommands(); err != nil { // candcmds.go
			return err
		}
		c.fileLists()
		c.toolReads()
		c.envFileLoads() // envloaders.go
		c.credentialHelper()
		c.envDumpCommand()
		c.envLanguage() // envlangs.go
		c.envPass()     // envpass.go
		c.envByName()   // envbyname.go
		c.pkgWrites()
		c.formatterWrites()
		c.processControl()
		c.kubeconfigWrites()
		c.kubectlCanonical()
		if err := c.kubeContexts(); err != nil { // kubecontexts.go
			return err
		}
		c.configHome()
		c.persistentSettings()                    // persist.go
		if err := c.gitEquivalent(); err != nil { // persisthooks.go
			return err
		}
		c.outputWrites()
		c.controlDeviceWrites()
		if err := c.sshClientArgs(); err != nil {
			return err
		}
	}
	c.hostFiles()   // hostfiles.go
	c.hostConfEnv() // hostconfvars.go
	a.generic(c)
	c.resolverEnv() // hostconfvars.go
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

func (c *cmd) pos(o opts, k int) (int, bool) {
	if k < len(o.pos) {
		return o.pos[k], true
	}
	return 0, false
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

func isInterpreter(n string) bool {
	if isShell(n) {
		return true
	}
	switch n {
	case "node", "nodejs", "perl", "ruby", "php", "lua", "luajit", "deno", "bun", "osascript", "pwsh",
		"powershell", "Rscript", "julia", "tclsh", "wish", "expect", "irb", "jshell", "groovy", "scala", "guile":
		return true
	}
	return isPython(n) || strings.HasPrefix(n, "lua5") || strings.HasPrefix(n, "perl5") || isPHP(n)
}

func isPython(n string) bool {
	if n == "python" || n == "pypy" || n == "pypy3" {
		return true
	}
	if strings.HasPrefix(n, "python") {
		for _, r := range n[len("python"):] {
			if !(r >= '0' && r <= '9' || r == '.') {
				return false
			}
		}
		return true
	}
	return false
}

func isStdin(f field) bool {
	switch f.s {
	case "-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
		return true
	}
	return false
}

func (a *analyzer) dispatch(c *cmd) error {
	n := c.name
	if a.opt.PowerShell {
		c.powerShellHosts() // powershell.go
	}
	switch {
	case a.opt.PowerShell && c.psPropertyOnly(): // psstmt.go
		return nil
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
	case isEnvInheritor(n): // containerenv.go
		return c.envInherit()
	case isLauncher(n):
		return c.launch()
	case envLoaderRuns(c): // envloaders.go
		return c.envLoaderRun()
	case isEnvRunner(n): // envrunners.go
		return c.envRun()
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
	if dc, ok := dbClients.Get()[n]; ok {
		c.dbConnection(dc)
	}
	c.netClientHosts() // netclients.go
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
		c.allExportSet() // allexport.go
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
			o := rest.parse(optSpec{short: "pcw", long: []string{"--package", "--call", "--workspace", "--with", "--from", "--python", "--spec", "--env-file"}, stopPos: true})
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
	case "coreutils":
		return c.multicall() // candcmds.go
	case "bwrap":
		return c.bwrap() // candcmds.go
	default:
		c.unlisted = true
	}
	return nil
}

// jqEnv matches jq's env builtin, which dumps the environment.
// (compiled on first use: package-level regexps cost every process start-up)
var jqEnv = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|[^A-Za-z0-9_$.])env([^A-Za-z0-9_]|$)`) })

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
	candHosts := !c.reachModelled() // candhosts.go
	if candHosts {
		a.envCandidateHosts(c)
	}
	a.inputCandidateHosts(c)
	for i, f := range c.args {
		if c.skip[i] || f.s == "" || f.proc {
			continue
		}
		if candHosts {
			a.candidateHosts(c, f.s)
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

func (c *cmd) shell() error {
	o := c.parse(optSpec{short: "oO", long: []string{"--rcfile", "--init-file"}, stopPos: true, plus: true})
	if o.any("--version", "--help") {
		return nil
	}
	for _, f := range o.values("--rcfile", "--init-file") {
		c.read(f, "rc file")
	}
	if o.is("-c") {
		k, ok := c.pos(o, 0)
		if !ok {
			c.opaque("shell -c without code")
			return nil
		}
		c.skip[k] = true
		saved := c.sc.globs
		c.a.shellOptions(c.sc, o) // bash -O dotglob -c '…'
		defer func() { c.sc.globs = saved }()
		// sh -c CODE NAME ARG…: $0 is NAME, $1… the ARGs
		sub := *c.sc
		sub.setArgs(nil, true)
		sub.arg0, sub.arg0Known = "", false
		rest := c.fieldsAt(o.pos[1:])
		for i, f := range rest {
			c.skip[o.pos[1+i]] = true
			if f.dyn || f.glob {
				sub.argsKnown = false
			}
			if i == 0 {
				sub.arg0, sub.arg0Known = f.s, !f.dyn && !f.glob
			} else {
				sub.args = append(sub.args, f.s)
			}
		}
		sub.setArgs(sub.args, sub.argsKnown)
		cc := *c
		cc.sc = &sub
		if !posixShell(c.name) {
			return cc.lenientCode(c.args[k], c.name+" -c")
		}
		return cc.code(c.args[k], c.name+" -c", false)
	}
	k, ok := c.pos(o, 0)
	if o.is("-s") || o.is("-i") || !ok {
		return c.fedCode(0, c.name+" (standard input)", "runs shell code read from standard input")
	}
	return c.scriptCode(k, c.name)
}

func (c *cmd) interpreter() error {
	n := c.name
	var sp optSpec
	var codeFlags []string
	switch {
	case isPython(n):
		sp = optSpec{short: "cmWXQ", stopPos: true}
		codeFlags = []string{"-c"}
	case n == "node" || n == "nodejs" || n == "bun":
		sp = optSpec{short: "eprC", long: []string{"--eval", "--print", "--require", "--import", "--loader", "--experimental-loader", "--input-type", "--conditions"}, stopPos: true}
		codeFlags = []string{"-e", "-p", "--eval", "--print"}
	case n == "perl" || strings.HasPrefix(n, "perl5"):
		sp = optSpec{short: "eEIMmx", stopPos: true}
		codeFlags = []string{"-e", "-E"}
	case n == "ruby" || n == "irb":
		sp = optSpec{short: "erICE", stopPos: true}
		codeFlags = []string{"-e"}
	case strings.HasPrefix(n, "php"):
		sp = optSpec{short: "rcdfzBRFE", stopPos: true}
		codeFlags = []string{"-r", "-B", "-R", "-E"}
	case strings.HasPrefix(n, "lua"):
		sp = optSpec{short: "el", stopPos: true}
		codeFlags = []string{"-e"}
	case n == "osascript":
		sp = optSpec{short: "els", stopPos: true}
		codeFlags = []string{"-e"}
	case n == "pwsh" || n == "powershell":
		sp = optSpec{dashLong: []string{"-Command", "-c", "-EncodedCommand", "-ec", "-e", "-File", "-f"}, stopPos: true}
		codeFlags = []string{"-Command", "-c", "-EncodedCommand", "-ec", "-e"}
	case n == "deno":
		c.skip = c.skip[:len(c.args)]
		c.w.modelled = true // what its program writes is the program's (deno's own permissions)
		if len(c.args) > 0 && (c.s(0) == "eval" || c.s(0) == "repl") {
			c.opaque("inline deno code")
		}
		if ok, err := c.denoAgent(); ok { // agentscripts.go
			return err
		}
		c.denoRun()
		if len(c.args) == 0 {
			c.opaque("runs code read from standard input")
		}
		return nil
	default:
		sp = optSpec{short: "ef", stopPos: true}
		codeFlags = []string{"-e", "-c"}
	}
	o := c.parse(sp)
	if o.any("--version", "-V", "--help", "-h", "-v", "-version") && len(o.pos) == 0 && !o.any(codeFlags...) {
		return nil
	}
	if strings.HasPrefix(n, "php") && c.phpServer() {
		return nil
	}
	if strings.HasPrefix(n, "php") && o.any("-i", "--info", "-m", "--ini", "-l") && len(o.pos) == 0 && !o.any(codeFlags...) {
		return nil // information about php itself (-i is phpinfo(): toolreads.go)
	}
	c.inlineEdit(o, codeFlags) // perl -pi, ruby -i: writes of their files
	if o.any(codeFlags...) {
		c.opaque("inline " + n + " code")
		for _, code := range o.values(codeFlags...) {
			c.codeLiterals(code)
		}
		return nil
	}
	if isPython(n) && o.is("-m") {
		// python -m MODULE args runs the module like a command
		// (python -m pip install x is pip install x).
		if ms := o.values("-m"); len(ms) > 0 && !ms[0].dyn {
			// everything after -m MODULE is the module's
			inner := []field{ms[0]}
			if a := agentOfPyModule(ms[0].s); a != "" {
				inner[0] = field{s: a} // python -m hermes_cli.main is hermes (agentscripts.go)
			}
			for k := 0; k < len(c.args); k++ {
				if s := c.s(k); s == "-m" || strings.HasPrefix(s, "-m") && s[2:] == ms[0].s {
					from := k + 2
					if s != "-m" {
						from = k + 1
					}
					for j := k; j < len(c.args); j++ {
						c.skip[j] = true
					}
					if from < len(c.args) {
						inner = append(inner, c.args[from:]...)
					}
					break
				}
			}
			if sc, err := c.a.enter(c.sc.withVia(n + " -m")); err == nil {
				if err := c.a.simple(inner, sc); err != nil {
					return err
				}
			} else {
				return err
			}
		}
		return nil
	}
	if strings.HasPrefix(n, "php") && o.is("-f") {
		return nil
	}
	k, ok := c.pos(o, 0)
	switch {
	case !ok || isStdin(c.args[k]) || c.stdinPath(c.args[k]) == 0:
		c.opaque("runs " + n + " code read from standard input")
		if text, known := c.fedText(); known {
			c.codeLiterals(field{s: text}) // python3 - <<< 'open(".env")'
		}
	case c.args[k].proc:
		c.opaque("runs " + n + " code from a process substitution")
		if c.args[k].docKnown {
			c.codeLiterals(field{s: c.args[k].doc})
		}
	case c.stdinPath(c.args[k]) >= 0:
		c.opaque("runs " + n + " code read from standard input")
	case c.args[k].dyn:
		c.opaque("runs a script whose name is not known statically")
	default:
		if ok, err := c.agentScript(k); ok { // agentscripts.go
			return err
		}
		c.notCandidate(k) // the script is read, not written
		_, err := c.runWritten(c.args[k], n, true, false)
		return err
	}
	return nil
}

func (c *cmd) eval() error {
	var parts []string
	f := field{}
	for k := range c.args {
		if k == 0 && c.s(k) == "--" {
			continue
		}
		c.skip[k] = true
		parts = append(parts, c.s(k))
		f.dyn = f.dyn || c.args[k].dyn
	}
	if len(parts) == 0 {
		return nil
	}
	f.s = strings.Join(parts, " ")
	return c.code(f, "eval", false)
}

func (c *cmd) source() error {
	if len(c.args) == 0 {
		return nil
	}
	f := c.args[0]
	switch {
	case f.proc && !f.docKnown:
		c.opaque("sources code from a process substitution")
	case f.dyn && !f.proc && c.stdinPath(f) < 0:
		c.opaque("sources a file whose name is not known statically")
	default:
		return c.scriptCode(0, c.name)
	}
	return nil
}

func (c *cmd) cd() {
	sc := c.sc
	o := c.parse(optSpec{})
	if c.name == "popd" {
		sc.cwdKnown = false
		return
	}
	var target field
	if k, ok := c.pos(o, 0); ok {
		target = c.args[k]
		c.skip[k] = true
		if target.s != "-" {
			c.read(target, c.name+" directory")
		}
	} else if c.name == "pushd" {
		sc.cwdKnown = false
		return
	} else {
		h, ok := c.a.lookup(sc, "HOME")
		if !ok {
			sc.cwdKnown = false
			return
		}
		target = field{s: h}
	}
	if target.s == "-" {
		if sc.oldpwd == "" {
			sc.cwdKnown = false
			return
		}
		target.s = sc.oldpwd
	}
	if target.dyn || target.glob {
		sc.oldpwd = sc.cwd
		sc.cwdKnown = false
		return
	}
	next := target.s
	if alts, unknown := c.cdSearch(next); len(alts) > 0 || unknown {
		c.cdAmbiguous(alts, unknown)
		return
	}
	if !path.IsAbs(next) {
		if sc.cwd == "" {
			sc.cwdKnown = false
			return
		}
		next = sc.cwd + "/" + next
	} else {
		sc.cwdKnown = true // an absolute cd makes the cwd known again
	}
	sc.oldpwd = sc.cwd
	ph := c.a.physical(sc, next) // cd /dev/fd is cd /proc/self/fd
	if ph.dyn || ph.stream {
		sc.cwdKnown = false
		return
	}
	c.setCwd(ph.path)
}

func (c *cmd) wrapper() error {
	n := c.name
	switch n {
	case "sudo":
		o := c.parse(optSpec{short: "ugCDhprtTUa", long: []string{"--user", "--group", "--close-from", "--chdir", "--host", "--prompt", "--role", "--type", "--command-timeout", "--other-user"}, stopPos: true})
		if o.any("-e", "--edit") {
			for _, f := range c.posFields(o) {
				c.write(f, "sudoedit")
			}
			return nil
		}
		c.wrapperCwd(o)
		if k, ok := c.pos(o, 0); ok {
			if o.any("-s", "-i", "--shell", "--login") {
				// the command is handed to the shell's -c
				return c.joinedCode(o.pos[indexOf(o.pos, k):], "sudo -s")
			}
			return c.wrap(k, "sudo")
		}
		if o.any("-s", "-i", "--shell", "--login") {
			c.opaque("sudo starts an interactive shell")
		}
	case "doas":
		o := c.parse(optSpec{short: "uC", stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "doas")
		}
	case "pkexec", "run0":
		o := c.parse(optSpec{long: []string{"--user"}, short: "u", stopPos: true})
		c.wrapperCwd(o)
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, n)
		}
	case "env":
		o := c.parse(optSpec{short: "uCS", long: []string{"--unset", "--chdir", "--split-string", "--block-signal", "--default-signal", "--ignore-signal"}, stopPos: true})
		if s := o.values("-S", "--split-string"); len(s) > 0 {
			f := s[0]
			rest := c.posFields(o)
			for _, r := range rest {
				f.s += " " + r.s
				f.dyn = f.dyn || r.dyn
			}
			for _, k := range o.pos {
				c.skip[k] = true
			}
			return c.code(f, "env -S", false)
		}
		k := -1
		for _, p := range o.pos {
			if c.args[p].dyn || !isAssignWord(c.s(p)) {
				k = p
				break
			}
			c.skip[p] = true
			nm, v, _ := strings.Cut(c.s(p), "=")
			c.sc.setEnv(nm, v, true)
			if err := c.a.dangerousEnv(c.sc, "env", nm, v, true); err != nil {
				return err
			}
		}
		if k < 0 {
			c.a.res.EnvDump = true
			return nil
		}
		sc := c.sc
		if d := o.values("-C", "--chdir"); len(d) > 0 {
			sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: d[:1], skip: []bool{false}}
			sub.cd()
			c.sc = sub.sc
		}
		return c.wrap(k, "env")
	case "nice":
		o := c.parse(optSpec{short: "n", long: []string{"--adjustment"}, stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "nice")
		}
	case "ionice":
		o := c.parse(optSpec{short: "cnp", long: []string{"--class", "--classdata", "--pid", "--pgid", "--uid"}, stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "ionice")
		}
	case "timeout":
		o := c.parse(optSpec{short: "sk", long: []string{"--signal", "--kill-after"}, stopPos: true})
		if len(o.pos) > 1 {
			c.skip[o.pos[0]] = true
			return c.wrap(o.pos[1], "timeout")
		}
	case "stdbuf":
		o := c.parse(optSpec{short: "ioe", long: []string{"--input", "--output", "--error"}, stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "stdbuf")
		}
	case "chrt":
		o := c.parse(optSpec{stopPos: true})
		if o.is("-p") {
			return nil
		}
		if len(o.pos) > 1 {
			return c.wrap(o.pos[1], "chrt")
		}
	case "taskset":
		o := c.parse(optSpec{stopPos: true})
		if o.any("-p", "--pid") {
			return nil
		}
		if o.any("-c", "--cpu-list") {
			if len(o.pos) > 1 {
				return c.wrap(o.pos[1], "taskset")
			}
		} else if len(o.pos) > 1 {
			return c.wrap(o.pos[1], "taskset")
		}
	case "numactl", "valgrind", "firejail", "systemd-run", "setpriv", "unshare", "nsenter", "xvfb-run", "eatmydata",
		"catchsegv", "nocache", "chronic", "dbus-launch", "builtin", "nohup", "setsid", "unbuffer", "caffeinate",
		"fakeroot", "torsocks", "tsocks", "exec":
		sp := optSpec{stopPos: true}
		switch n {
		case "exec":
			sp.short = "a"
		case "caffeinate":
			sp.short = "tw"
		case "nsenter":
			// (-w/--wd and -r/--root take a value only glued: -wDIR)
			sp.short = "tSG"
			sp.long = []string{"--target", "--setuid", "--setgid"}
		case "numactl":
			sp.short = "CNmpiP"
			sp.long = []string{"--physcpubind", "--cpunodebind", "--membind", "--preferred", "--interleave"}
		case "xvfb-run":
			sp.short = "efnpsw"
			sp.long = []string{"--error-file", "--auth-file", "--server-num", "--xauth-protocol", "--server-args", "--wait"}
		case "fakeroot":
			sp.short = "is"
		case "torsocks":
			sp.short = "upaP"
		case "unshare":
			sp.long = []string{"--setuid", "--setgid", "--root", "--wd"}
			sp.short = "SGRw"
		case "systemd-run":
			sp.short = "pEuM"
			sp.long = []string{"--unit", "--property", "--setenv", "--uid", "--gid", "--working-directory", "--description", "--slice"}
		}
		o := c.parse(sp)
		c.wrapperCwd(o)
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, n)
		}
	case "proxychains", "proxychains4":
		o := c.parse(optSpec{short: "f", stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, n)
		}
	case "sshpass":
		o := c.parse(optSpec{short: "pfdPe", stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, n)
		}
	case "strace", "ltrace":
		o := c.parse(optSpec{short: "oepsuEIPXbaAS", stopPos: true})
		for _, f := range o.values("-o") {
			c.write(f, n+" -o")
		}
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, n)
		}
	case "time":
		o := c.parse(optSpec{short: "fo", long: []string{"--format", "--output"}, stopPos: true})
		for _, f := range o.values("-o", "--output") {
			c.write(f, "time -o")
		}
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "time")
		}
	case "chroot":
		o := c.parse(optSpec{long: []string{"--userspec", "--groups"}, stopPos: true})
		if len(o.pos) > 1 {
			c.opaque("paths inside chroot are relative to another root")
			return c.wrap(o.pos[1], "chroot")
		}
		if len(o.pos) == 1 {
			c.opaque("runs the new root's default shell")
		}
	case "flock":
		o := c.parse(optSpec{short: "wEc", long: []string{"--wait", "--timeout", "--conflict-exit-code", "--command"}, stopPos: true})
		if cs := o.values("-c", "--command"); len(cs) > 0 {
			return c.code(cs[0], "flock -c", false)
		}
		if len(o.pos) > 2 && (c.s(o.pos[1]) == "-c" || c.s(o.pos[1]) == "--command") {
			// flock FILE -c COMMAND
			c.skip[o.pos[1]], c.skip[o.pos[2]] = true, true
			return c.code(c.args[o.pos[2]], "flock -c", false)
		}
		if len(o.pos) > 1 {
			return c.wrap(o.pos[1], "flock")
		}
	case "busybox", "toybox":
		o := c.parse(optSpec{stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			// the applet is busybox's own code: the program that runs
			// is the busybox binary
			c.w.applet = true
			return c.wrap(k, n)
		}
	case "runuser", "su", "sg":
		return c.su()
	case "script":
		o := c.parse(optSpec{short: "cETIOBm", long: []string{"--command", "--echo", "--log-timing", "--log-in", "--log-out", "--log-io", "--logging-format"}})
		if cs := o.values("-c", "--command"); len(cs) > 0 {
			if err := c.code(cs[0], "script -c", false); err != nil {
				return err
			}
		} else {
			c.opaque("script runs an interactive shell")
		}
		for _, f := range c.posFields(o) {
			c.write(f, "script typescript")
		}
	case "watch":
		o := c.parse(optSpec{short: "nqd", long: []string{"--interval", "--differences", "--equexit"}, stopPos: true})
		if k, ok := c.pos(o, 0); ok {
			if o.any("-x", "--exec") {
				return c.wrap(k, "watch")
			}
			f := field{}
			var parts []string
			for _, p := range o.pos {
				c.skip[p] = true
				parts = append(parts, c.s(p))
				f.dyn = f.dyn || c.args[p].dyn
			}
			f.s = strings.Join(parts, " ")
			return c.code(f, "watch", false)
		}
	case "xargs":
		return c.xargs()
	case "parallel":
		return c.parallel()
	}
	return nil
}

func (c *cmd) su() error {
	o := c.parse(optSpec{short: "cCsgGuwP", long: []string{"--command", "--session-command", "--shell", "--group", "--supp-group", "--user", "--whitelist-environment"}})
	c.wrapperCwd(o)
	if cs := o.values("-c", "-C", "--command", "--session-command"); len(cs) > 0 {
		for _, k := range o.pos {
			c.skip[k] = true
		}
		return c.code(cs[0], c.name+" -c", false)
	}
	if c.name == "runuser" && o.is("-u") {
		if k, ok := c.pos(o, 0); ok {
			return c.wrap(k, "runuser")
		}
	}
	if c.name == "sg" && len(o.pos) > 1 {
		f := field{}
		var parts []string
		for _, p := range o.pos[1:] {
			c.skip[p] = true
			parts = append(parts, c.s(p))
			f.dyn = f.dyn || c.args[p].dyn
		}
		f.s = strings.Join(parts, " ")
		return c.code(f, "sg", false)
	}
	c.opaque(c.name + " starts an interactive shell")
	return nil
}

const xargsInput = "{xargs-input}"

func (c *cmd) xargs() error {
	o := c.parse(optSpec{short: "ILnPsdEa", long: []string{"--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--max-lines", "--replace", "--eof", "--process-slot-var"}, stopPos: true})
	for _, f := range o.values("-a", "--arg-file") {
		c.read(f, "xargs -a")
	}
	k, ok := c.pos(o, 0)
	if !ok {
		return nil // runs echo
	}
	inner := c.args[k]
	in := progName(inner)
	if isInterpreter(in) || in == "eval" || inner.dyn {
		c.opaque("xargs runs " + in + " with arguments read from input")
	}
	for i := k; i < len(c.args); i++ {
		c.skip[i] = true
	}
	sc, err := c.a.enter(c.sc.withVia("xargs"))
	if err != nil {
		return err
	}
	fs := append([]field(nil), c.args[k:]...)
	repl := ""
	if r := o.values("-I", "--replace"); len(r) > 0 {
		repl = r[0].s
	} else if r := o.values("-i"); len(r) > 0 || o.is("-i") {
		repl = "{}"
		if len(r) > 0 && r[0].s != "" {
			repl = r[0].s
		}
	}
	if in := xargsFeed(c.sc.feed); in != nil {
		if in[0].tree != nil {
			return c.xargsFed(fs, repl, in, sc) // file names from find, fd, ls…
		}
		// literal words: run with them; where xargs may split them
		// otherwise, also as if they were not known
		if err := c.xargsFed(append([]field(nil), fs...), repl, in, sc); err != nil {
			return err
		}
		if xargsSplitsLikeFeed(c.sc.feed, o, repl) {
			// the template is what xargs runs; its input is known, so
			// only the command is reported, not effects of an unknown
			c.a.recordTemplate(fs, sc)
			return nil
		}
	}
	if repl != "" {
		// -I: the input replaces repl inside the arguments
		for i := range fs {
			if strings.Contains(fs[i].s, repl) {
				fs[i].dyn = true
			}
		}
	} else {
		fs = append(fs, field{s: xargsInput, dyn: true})
	}
	return c.a.simple(fs, sc)
}

func (c *cmd) parallel() error {
	o := c.parse(optSpec{short: "jSaI", long: []string{"--jobs", "--sshlogin", "--arg-file", "--joblog", "--results", "--delay", "--timeout", "--tmpdir", "--workdir"}, stopPos: true})
	if len(o.values("-S", "--sshlogin")) > 0 {
		c.opaque("parallel runs commands on remote hosts")
	}
	var cmdPos []int
	sep := len(c.args)
	for _, p := range o.pos {
		if s := c.s(p); s == ":::" || s == "::::" || s == ":::+" || s == "::::+" {
			sep = p
			break
		}
		cmdPos = append(cmdPos, p)
	}
	for i := range c.args[:sep] {
		c.skip[i] = true
	}
	if len(cmdPos) == 0 {
		return c.parallelLines(sep)
	}
	f := field{dyn: true}
	var parts []string
	for _, p := range cmdPos {
		parts = append(parts, c.s(p))
	}
	f.s = strings.Join(parts, " ")
	// {} and friends are filled from input: make them dynamic ("$@").
	replaced := f.s
	for _, ph := range []string{"{}", "{.}", "{/}", "{//}", "{/.}", "{#}", "{%}"} {
		replaced = strings.ReplaceAll(replaced, ph, `"$@"`)
	}
	if replaced == f.s {
		replaced += ` "$@"`
	}
	f.s = replaced
	// parallel runs its command through a shell; the {} placeholders are
	// filled from input.
	for _, p := range cmdPos {
		if c.args[p].dyn {
			c.opaque("parallel command not known statically")
			return nil
		}
	}
	sub := *c.sc
	sub.setArgs(nil, false) // "$@" stands for the input
	return c.a.reparse(f.s, &sub, "parallel", false)
}

func (c *cmd) find() error {
	// start paths: leading arguments before the expression
	var starts []field
	i := 0
	for i < len(c.args) {
		s := c.s(i)
		if s == "-H" || s == "-L" || s == "-P" || strings.HasPrefix(s, "-O") || s == "-D" {
			if s == "-D" {
				i++
			}
			i++
			continue
		}
		if strings.HasPrefix(s, "-") || s == "(" || s == "!" || s == ")" || s == "," {
			break
		}
		starts = append(starts, c.args[i])
		i++
	}
	if len(starts) == 0 {
		starts = []field{c.cwdField()}
	}
	valued := map[string]bool{"-name": true, "-iname": true, "-path": true, "-ipath": true, "-regex": true, "-iregex": true,
		"-type": true, "-xtype": true, "-size": true, "-mtime": true, "-atime": true, "-ctime": true, "-mmin": true, "-amin": true,
		"-cmin": true, "-perm": true, "-user": true, "-group": true, "-uid": true, "-gid": true, "-maxdepth": true,
		"-mindepth": true, "-printf": true, "-wholename": true, "-iwholename": true, "-lname": true, "-ilname": true,
		"-inum": true, "-links": true, "-samefile": true, "-fstype": true, "-context": true, "-used": true,
		"-newer": true, "-anewer": true, "-cnewer": true, "-regextype": true, "-files0-from": true}
	for ; i < len(c.args); i++ {
		c.skip[i] = true
		s := c.s(i)
		switch {
		case s == "-exec" || s == "-execdir" || s == "-ok" || s == "-okdir":
			j := i + 1
			for j < len(c.args) && c.s(j) != ";" && c.s(j) != "+" {
				c.skip[j] = true
				j++
			}
			if j < len(c.args) {
				c.skip[j] = true
			}
			if j > i+1 {
				inner := append([]field(nil), c.args[i+1:j]...)
				name := findNameFilter(c.strs())
				for k := range inner {
					if strings.Contains(inner[k].s, "{}") {
						inner[k] = foundField(inner[k], starts, name)
					}
				}
				in := progName(inner[0])
				if isInterpreter(in) && !containsCode(inner) {
					c.opaque("find " + s + " runs " + in + " with found file names")
				}
				if isInterpreter(in) && containsCode(inner) {
					for _, f := range c.args[i+2 : j] {
						if strings.Contains(f.s, "{}") {
							c.opaque("find " + s + " substitutes file names into " + in + " code")
						}
					}
				}
				sc, err := c.a.enter(c.sc.withVia("find " + s))
				if err != nil {
					return err
				}
				if err := c.a.simple(inner, sc); err != nil {
					return err
				}
			}
			i = j
		case s == "-delete":
			for _, f := range starts {
				c.del(f, "find -delete")
				// the names it unlinks: those below f a literal -name
				// keeps (or every file below f), judged on disk like
				// find -exec rm {} (a hard link of the policy among them
				// is the policy's name)
				if name := findNameFilter(c.strs()); !isGlobPattern(name) {
					c.del(foundField(field{s: "{}"}, []field{f}, name), "find -delete")
				}
			}
		case s == "-fprint" || s == "-fprint0" || s == "-fls" || s == "-fprintf":
			if i+1 < len(c.args) {
				i++
				c.skip[i] = true
				c.write(c.args[i], "find "+s)
			}
			if s == "-fprintf" && i+1 < len(c.args) {
				i++
				c.skip[i] = true
			}
		case valued[s]:
			if i+1 < len(c.args) {
				i++
				c.skip[i] = true
			}
		}
	}
	return nil
}

// foundField replaces {} in an -exec argument by what find substitutes:
// a file below the start path (a glob when there is one static start
// path, otherwise not known statically).
func foundField(f field, starts []field, name string) field {
	if len(starts) == 1 && !starts[0].dyn && !f.dyn {
		if name != "" && f.s == "{}" {
			// find DIR -name PAT: the files below DIR whose name matches
			return filtered(starts[0], name, treeOpts{})
		}
		f.s = strings.ReplaceAll(f.s, "{}", path.Join(starts[0].s, "*"))
		f.glob = true
		return f
	}
	f.dyn = true
	return f
}

// findNameFilter returns the one -name pattern a find expression keeps
// files by, when the expression is that filter and tests that only narrow
// it (-type, -maxdepth, …); "" otherwise.
func findNameFilter(args []string) string {
	name := ""
	for i, a := range args {
		switch a {
		case "-name":
			if name != "" || i+1 >= len(args) || strings.Contains(args[i+1], "/") {
				return ""
			}
			name = args[i+1]
		case "-o", "-or", "!", "-not", ",", "-prune", "-path", "-wholename", "-iname", "-ipath", "-regex", "-iregex", "(", ")":
			return ""
		}
	}
	return name
}

// containsCode reports whether an interpreter invocation carries its
// program inline (sh -c '…'), which is then analyzed, rather than reading
// it from its arguments.
func containsCode(fs []field) bool {
	for _, f := range fs[1:] {
		if f.s == "-c" || f.s == "-e" || (strings.HasPrefix(f.s, "-") && !strings.HasPrefix(f.s, "--") && strings.ContainsAny(f.s, "c")) {
			return true
		}
	}
	return false
}

func (c *cmd) copyLike() {
	n := c.name
	// (--backup, --reflink, --sparse, --preserve take a value only as
	// --opt=VALUE: the next word is an operand)
	sp := optSpec{short: "tSm", long: []string{"--target-directory", "--suffix"}}
	switch n {
	case "install":
		sp.short = "tSmogT"
		sp.long = append(sp.long, "--mode", "--owner", "--group")
	case "ln":
		sp.short = "tS"
	case "rsync":
		sp = optSpec{short: "ef", long: []string{"--rsh", "--rsync-path", "--exclude", "--include", "--filter", "--exclude-from", "--include-from", "--files-from", "--password-file", "--log-file", "--temp-dir", "--partial-dir", "--backup-dir", "--chmod", "--chown", "--timeout", "--port", "--bwlimit"}}
	case "scp":
		sp = optSpec{short: "cFiJloPSDX"}
	}
	o := c.parse(sp)
	if n == "rsync" {
		if err := c.rsyncShell(o); err != nil && c.a.deferred == nil {
			c.a.deferred = err
		}
	}
	if n == "scp" {
		for _, f := range o.values("-S") {
			if err := c.runProgramOption(f); err != nil && c.a.deferred == nil {
				c.a.deferred = err
			}
		}
		for _, f := range o.values("-J") {
			c.host(f.s, "scp -J")
		}
		for _, f := range o.values("-o") {
			if sshOption(c, f.s) != "" {
				c.opaque("ssh option runs a command: " + clip(f.s))
			}
		}
		c.sshConfigCode(o) // hostfiles.go
	}
	pos := c.posFields(o)
	if n == "scp" || n == "rsync" {
		for i, f := range pos {
			if g, ok := c.loopbackPath(f); ok {
				pos[i] = g
			}
		}
	}
	remote := func(f field) bool {
		if h, ok := scpHost(f.s); ok && (n == "scp" || n == "rsync") {
			c.host(h, n+" remote path")
			return true
		}
		if hs := urlHosts(f.s); len(hs) > 0 {
			for _, h := range hs { // rsync://host/module, also as a destination
				c.host(h, n+" URL")
			}
			return true
		}
		return false
	}
	var srcs []field
	var dest *field
	if t := o.values("-t", "--target-directory"); len(t) > 0 && n != "scp" {
		dest = &t[0]
		srcs = pos
	} else if n == "install" && o.is("-d") {
		for _, f := range pos {
			c.write(f, "install -d")
		}
		return
	} else if len(pos) >= 2 {
		d := pos[len(pos)-1]
		dest = &d
		srcs = pos[:len(pos)-1]
	} else if len(pos) == 1 && n == "ln" {
		d := field{s: path.Base(pos[0].s), dyn: pos[0].dyn}
		dest = &d
		srcs = pos
	} else {
		srcs = pos
	}
	for i, f := range srcs {
		if remote(f) {
			continue
		}
		if n == "mv" || (n == "rsync" && o.is("--remove-source-files")) {
			c.del(f, n+" source")
		}
		_ = i
	}
	if dest != nil && !remote(*dest) {
		why := n + " destination"
		if n == "ln" {
			why = linkNameWhy
		}
		c.write(*dest, why)
		if n == "rsync" && o.any("--delete", "--delete-before", "--delete-after", "--delete-during", "--delete-excluded", "--del") {
			c.del(*dest, "rsync --delete")
		}
	}
	c.linkCommand(o, srcs, dest)
	if dest != nil {
		// the destination is reported as a write, not a read
		for k := len(o.pos) - 1; k >= 0; k-- {
			if c.args[o.pos[k]].s == dest.s {
				c.skip[o.pos[k]] = true
				break
			}
		}
	}
}

func (c *cmd) modify() {
	n := c.name
	sp := optSpec{}
	switch n {
	case "touch":
		sp = optSpec{short: "dtr", long: []string{"--date", "--reference", "--time"}}
	case "mkdir", "mkfifo", "mknod":
		sp = optSpec{short: "mZ", long: []string{"--mode", "--context"}}
	case "truncate":
		sp = optSpec{short: "sr", long: []string{"--size", "--reference"}}
	case "chmod", "chown", "chgrp", "chattr", "setfacl":
		sp = optSpec{long: []string{"--reference", "--from"}, short: "mMxX"}
	case "tee", "sponge", "ed", "ex":
		sp = optSpec{short: "p"}
	}
	if n == "chmod" || n == "chattr" {
		c.modeOperand() // chmod -x FILE: -x is the mode, not an option
	}
	o := c.parse(sp)
	pos := c.posFields(o)
	ix := o.pos
	switch n {
	case "chmod", "chown", "chgrp", "chattr":
		if !o.is("--reference") && len(pos) > 0 {
			c.skip[ix[0]] = true
			pos = pos[1:]
		}
	case "setfacl":
		if len(pos) > 0 && !o.any("-m", "-x", "-M", "-X", "-b", "-k") {
			pos = pos[1:]
		}
	case "mknod":
		if len(pos) > 1 {
			pos = pos[:1]
		}
	}
	for _, f := range pos {
		if !discardTarget(f.s) {
			c.write(f, n+" argument")
		}
	}
}

func (c *cmd) archive() {
	n := c.name
	switch n {
	case "tar", "bsdtar":
		// old-style first argument without dash: "xzf"
		if len(c.args) > 0 && !strings.HasPrefix(c.s(0), "-") && !c.args[0].dyn {
			c.args[0].s = "-" + c.args[0].s
		}
		o := c.parse(optSpec{short: "fCIKLNTXbgV", long: []string{"--file", "--directory", "--use-compress-program", "--to-command", "--checkpoint-action", "--rsh-command", "--exclude", "--files-from", "--exclude-from", "--transform", "--owner", "--group", "--mode", "--info-script", "--new-volume-script"}})
		dir := c.cwdField()
		// --exclude=PAT skips every member whose name (or a directory
		// above it) matches PAT, at any depth
		var ex treeOpts
		for _, v := range o.values("--exclude") {
			if !v.dyn {
				ex.exclude = append(ex.exclude, excludeName(v.s)...)
			}
		}
		member := func(f field) {
			if c.rec {
				f = tree(f, ex) // tar c reads the trees they name
			}
			c.read(f, "tar member")
		}
		if d := o.values("-C", "--directory"); len(d) > 0 {
			dir = d[0]
			c.read(dir, "tar -C")
			// member names are relative to the -C directory
			for _, k := range o.pos {
				f := c.args[k]
				if !path.IsAbs(f.s) {
					f.s = path.Join(dir.s, f.s)
				}
				c.skip[k] = true
				member(f)
			}
		} else if c.rec {
			for _, k := range o.pos {
				c.skip[k] = true
				member(c.args[k])
			}
		}
		files := o.values("-f", "--file")
		switch {
		case o.any("-x", "--extract", "--get"):
			if !o.any("-O", "--to-stdout", "--to-command") {
				// members piped to stdout or a command are not written
				c.write(dir, "tar extract directory")
			}
			for _, f := range files {
				c.read(f, "tar archive")
			}
		case o.any("-c", "--create", "-r", "--append", "-u", "--update"):
			for _, f := range files {
				if f.s != "-" && !discardTarget(f.s) {
					c.write(f, "tar archive")
				}
			}
		}
		if o.is("--remove-files") {
			for _, f := range c.posFields(o) {
				c.del(f, "tar --remove-files")
			}
		}
	case "unzip":
		o := c.parse(optSpec{short: "dxP"})
		dir := c.cwdField()
		if d := o.values("-d"); len(d) > 0 {
			dir = d[0]
		}
		if !o.any("-l", "-t", "-v", "-p", "-Z") {
			c.write(dir, "unzip destination")
		}
	case "zip":
		o := c.parse(optSpec{short: "bntxiP", long: []string{"--unzip-command", "--temp-path"}})
		if o.any("-T", "--test") && len(o.values("--unzip-command")) > 0 || o.is("-TT") {
			c.opaque("zip runs a command")
		}
		for _, a := range c.args {
			if a.s == "-TT" {
				c.opaque("zip runs a command")
			}
		}
		if k, ok := c.pos(o, 0); ok {
			c.write(c.args[k], "zip archive")
			c.skip[k] = true
		}
		if o.any("-m", "--move") {
			for _, f := range c.posFields(o)[min(1, len(o.pos)):] {
				c.del(f, "zip -m")
			}
		}
	case "7z", "7za":
		o := c.parse(optSpec{})
		if k, ok := c.pos(o, 0); ok && len(o.pos) > 1 {
			switch c.s(k) {
			case "a", "u":
				c.write(c.args[o.pos[1]], "7z archive")
			case "x", "e":
				dir := c.cwdField()
				for i := range c.args {
					if v, ok := strings.CutPrefix(c.s(i), "-o"); ok && v != "" {
						dir = c.args[i]
						dir.s = v
					}
				}
				c.write(dir, "7z destination")
			}
		}
	}
}

func (c *cmd) sed() {
	o := c.parse(optSpec{short: "efl", long: []string{"--expression", "--file", "--line-length"}})
	inPlace := o.is("-i") || o.is("--in-place")
	// -i may carry a suffix glued to it (-i.bak): parse() then treats the
	// rest as more short flags, which is harmless.
	scripts := o.values("-e", "--expression")
	files := o.pos
	if len(scripts) == 0 && len(o.values("-f", "--file")) == 0 && len(files) > 0 {
		scripts = []field{c.args[files[0]]}
		c.skip[files[0]] = true
		files = files[1:]
	}
	for _, f := range o.values("-f", "--file") {
		c.read(f, "sed script file")
		c.opaque("sed script from a file")
	}
	for _, s := range scripts {
		if s.dyn {
			c.opaque("sed script not known statically")
			continue
		}
		execs, writes, reads, cmds := sedScanCmds(s.s)
		for _, cmd := range cmds {
			// e COMMAND runs COMMAND (for each line it reaches)
			if err := c.code(field{s: cmd}, "sed e", false); err != nil && c.a.deferred == nil {
				c.a.deferred = err
			}
		}
		if execs {
			c.opaque("sed script executes commands")
		}
		for _, w := range writes {
			c.write(field{s: w}, "sed w command")
		}
		for _, r := range reads {
			c.read(field{s: r}, "sed r command")
		}
	}
	if inPlace {
		suffix, _ := inplaceSuffix(c.args, "efl")
		for _, k := range files {
			c.write(c.args[k], "sed -i")
			if suffix != "" {
				c.write(backupOf(c.args[k], suffix), "sed -i backup")
			}
		}
	}
}

// sedScanCmds is sedScan, with the commands of e COMMAND.
func sedScanCmds(s string) (execs bool, writes, reads, cmds []string) {
	i := 0
	skipSpace := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ';' || s[i] == '\n' || s[i] == '{' || s[i] == '}' || s[i] == '!') {
			i++
		}
	}
	readDelim := func(d byte) {
		for i < len(s) && s[i] != d {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		i++
	}
	toEOL := func() string {
		j := i
		for i < len(s) && s[i] != '\n' {
			i++
		}
		return strings.TrimSpace(s[j:i])
	}
	for guard := 0; i < len(s) && guard < len(s)+8; guard++ {
		skipSpace()
		// addresses
		for i < len(s) {
			switch {
			case s[i] >= '0' && s[i] <= '9' || s[i] == '$' || s[i] == ',' || s[i] == '~' || s[i] == '+' || s[i] == ' ':
				i++
				continue
			case s[i] == '/':
				i++
				readDelim('/')
				continue
			case s[i] == '\\' && i+1 < len(s):
				d := s[i+1]
				i += 2
				readDelim(d)
				continue
			case s[i] == 'I' || s[i] == 'M':
				if i > 0 && (s[i-1] == '/') {
					i++
					continue
				}
			}
			break
		}
		skipSpace()
		if i >= len(s) {
			break
		}
		c := s[i]
		i++
		switch c {
		case 'e':
			execs = true
			if cmd := toEOL(); cmd != "" {
				cmds = append(cmds, cmd)
			}
		case 'w', 'W':
			if f := toEOL(); f != "" && !discardTarget(f) {
				writes = append(writes, f)
			}
		case 'r', 'R':
			// r FILE / R FILE: the file name runs to the end of the line
			if f := toEOL(); f != "" && f != "/dev/stdin" {
				reads = append(reads, f)
			}
		case 'a', 'i', 'c', ':', 'b', 't', 'T', 'q', 'Q', 'l', 'L':
			if c == 'b' || c == 't' || c == 'T' || c == ':' {
				for i < len(s) && s[i] != ';' && s[i] != '\n' {
					i++
				}
			} else if c != 'q' && c != 'Q' && c != 'l' && c != 'L' {
				toEOL()
			}
		case 's', 'y':
			if i >= len(s) {
				return execs, writes, reads, cmds
			}
			d := s[i]
			i++
			readDelim(d)
			readDelim(d)
			if c == 's' {
				for i < len(s) && strings.IndexByte("gpiImMe0123456789w", s[i]) >= 0 {
					if s[i] == 'e' {
						execs = true
					}
					if s[i] == 'w' {
						i++
						if f := toEOL(); f != "" && !discardTarget(f) {
							writes = append(writes, f)
						}
						break
					}
					i++
				}
			}
		}
	}
	return execs, writes, reads, cmds
}

func (c *cmd) awk() error {
	o := c.parse(optSpec{short: "Fvfeil", long: []string{"--field-separator", "--assign", "--file", "--source", "--include", "--exec", "--load"}})
	if len(o.values("-l", "--load")) > 0 {
		c.opaque("awk loads an extension")
	}
	progs := o.values("-e", "--source")
	pos := o.pos
	inplace := false
	for _, f := range o.values("-i", "--include") {
		if f.s == "inplace" || f.s == "inplace.awk" {
			inplace = true
		} else {
			c.opaque("awk includes a library file")
		}
	}
	for _, f := range o.values("-f", "--file", "--exec") {
		c.read(f, "awk program")
		c.opaque("awk program from a file")
	}
	if len(progs) == 0 && len(o.values("-f", "--file", "--exec")) == 0 && len(pos) > 0 {
		progs = []field{c.args[pos[0]]}
		c.skip[pos[0]] = true
	}
	for _, p := range progs {
		if p.dyn {
			c.opaque("awk program not known statically")
			continue
		}
		ok, err := c.awkProgram(p)
		if err != nil {
			return err
		}
		inplace = inplace || ok
	}
	if inplace {
		for _, k := range pos {
			if !c.skip[k] {
				c.write(c.args[k], "awk -i inplace")
			}
		}
	}
	return nil
}

func (c *cmd) httpClient() {
	n := c.name
	var o opts
	switch n {
	case "curl":
		c.curlExpand()
		o = c.parse(optSpec{short: "odHXuAebcFTwxmKErCDUQYyzt", long: []string{"--output", "--data", "--data-raw", "--data-binary",
			"--data-urlencode", "--data-ascii", "--json", "--header", "--request", "--user", "--user-agent", "--referer", "--cookie",
			"--cookie-jar", "--form", "--form-string", "--upload-file", "--write-out", "--proxy", "--max-time", "--config", "--cert",
			"--key", "--cacert", "--capath", "--range", "--resolve", "--connect-to", "--connect-timeout", "--retry", "--output-dir",
			"--limit-rate", "--url", "--interface", "--dns-servers", "--doh-url", "--preproxy", "--proxy-user", "--socks5",
			"--socks5-hostname", "--socks4", "--socks4a", "--unix-socket", "--dump-header", "--trace", "--trace-ascii", "--stderr",
			"--oauth2-bearer", "--aws-sigv4", "--variable", "--expand-url", "--url-query", "--retry-max-time", "--max-filesize"}})
		for _, f := range o.values("-o", "--output", "-D", "--dump-header", "--trace", "--trace-ascii", "--stderr", "-c", "--cookie-jar") {
			if f.s != "-" && !discardTarget(f.s) {
				c.write(f, "curl "+"output")
			}
		}
		for _, f := range o.values("-T", "--upload-file", "-K", "--config") {
			c.read(f, "curl upload")
		}
		if all, err := c.curlConfig(o); err != nil {
			c.a.deferred = err
		} else if len(o.values("-K", "--config")) > 0 && !all {
			c.opaque("curl reads its options from a file")
		}
		for _, f := range o.values("--unix-socket", "--abstract-unix-socket") {
			c.socket(f, "curl --unix-socket")
		}
		for _, f := range o.values("--variable") {
			// --variable %NAME imports the environment variable NAME
			if name, ok := strings.CutPrefix(f.s, "%"); ok {
				name, _, _ = strings.Cut(name, "=")
				name, _, _ = strings.Cut(name, "@")
				c.a.envRef(c.sc, name)
			}
		}
		// option values that name files curl reads and sends
		for _, f := range o.values("-b", "--cookie", "-E", "--cert", "--key", "--cacert", "--netrc-file", "-H", "--header", "--variable") {
			v := f.s
			switch {
			case strings.HasPrefix(v, "@"):
				f.s = v[1:]
			case strings.Contains(v, "@") && !strings.Contains(v, "://") && !strings.Contains(v, ":"):
				f.s = v[strings.LastIndexByte(v, '@')+1:] // --variable name@file
			case strings.ContainsAny(v, "=:;") || v == "":
				continue // inline cookie or header
			}
			c.read(f, "curl file option")
		}
		for _, f := range o.values("-d", "--data", "--data-binary", "--data-urlencode", "--data-ascii", "--json", "-F", "--form") {
			v := f.s
			if i := strings.Index(v, "=@"); i >= 0 {
				v = v[i+1:]
			} else if i := strings.Index(v, "=<"); i >= 0 {
				v = v[i+1:]
			}
			if rest, ok := strings.CutPrefix(v, "@"); ok && rest != "-" {
				f.s = rest
				c.read(f, "curl upload")
			} else if rest, ok := strings.CutPrefix(v, "<"); ok {
				f.s = rest
				c.read(f, "curl upload")
			}
		}
		for _, f := range o.values("-x", "--proxy", "--preproxy", "--socks5", "--socks5-hostname", "--socks4", "--socks4a") {
			if h, ok := bareHost(f.s); ok {
				c.host(h, "curl proxy")
			}
		}
		for _, f := range o.values("-H", "--header") {
			if k, v, ok := strings.Cut(f.s, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "host") {
				c.host(strings.TrimSpace(v), "curl Host header")
			}
		}
		c.curlRouting(o)
		targets := append(c.posFields(o), o.values("--url")...)
		remoteName := o.any("-O", "--remote-name", "--remote-name-all")
		dir := ""
		if d := o.values("--output-dir"); len(d) > 0 {
			dir = d[0].s + "/"
		}
		for _, f := range targets {
			if urls, ok := curlGlob(f.s); o.any("-g", "--globoff") || ok && len(urls) == 1 {
				c.target(f)
			} else if !ok {
				c.opaque("curl URL glob too large or malformed: " + clip(f.s))
				c.target(f)
			} else {
				for _, u := range urls { // curl expands {a,b} and [a-z] itself
					g := f
					g.s = u
					c.target(g)
				}
			}
			if remoteName {
				if b := urlBase(f.s); b != "" {
					c.write(field{s: dir + b, dyn: f.dyn}, "curl -O")
				}
			}
		}
		for _, k := range o.pos {
			c.skip[k] = true
		}
	case "wget":
		o = c.parse(optSpec{short: "OoaPUetTwiQlAR", long: []string{"--output-document", "--output-file", "--append-output",
			"--directory-prefix", "--user-agent", "--execute", "--tries", "--timeout", "--wait", "--input-file", "--quota",
			"--header", "--user", "--password", "--post-data", "--post-file", "--body-data", "--body-file", "--method",
			"--level", "--accept", "--reject", "--load-cookies", "--save-cookies", "--ca-certificate", "--certificate", "--private-key"}})
		for _, f := range o.values("-o", "--output-file", "-a", "--append-output", "--save-cookies") {
			c.write(f, "wget log")
		}
		for _, f := range o.values("--post-file", "--body-file", "-i", "--input-file", "--load-cookies") {
			c.read(f, "wget input")
		}
		c.wgetExecute(o)
		if o.any("--use-askpass") {
			c.opaque("wget runs an askpass program")
		}
		if len(o.values("-i", "--input-file")) > 0 {
			c.opaque("wget reads its destinations from a file")
		}
		outs := o.values("-O", "--output-document")
		prefix := o.values("-P", "--directory-prefix")
		for _, f := range outs {
			if f.s != "-" && !discardTarget(f.s) {
				c.write(f, "wget -O")
			}
		}
		for _, k := range o.pos {
			f := c.args[k]
			c.skip[k] = true
			c.target(f)
			if len(outs) == 0 && !o.any("--spider") {
				if len(prefix) > 0 {
					c.write(prefix[0], "wget -P")
				} else if b := urlBase(f.s); b != "" {
					c.write(field{s: b, dyn: f.dyn}, "wget download")
				} else {
					c.write(field{s: "index.html"}, "wget download")
				}
			}
		}
	default:
		sp := optSpec{short: "aAo", long: []string{"--auth", "--auth-type", "--output", "--session", "--proxy", "--cert", "--cert-key", "--verify"}}
		if n == "aria2c" {
			sp = optSpec{short: "oidx", long: []string{"--out", "--input-file", "--dir", "--all-proxy", "--http-proxy", "--https-proxy", "--max-connection-per-server"}}
		}
		o = c.parse(sp)
		for _, f := range o.values("-i", "--input-file") {
			c.read(f, n+" input file")
			c.opaque(n + " reads its destinations from a file")
		}
		for _, f := range o.values("--proxy", "--all-proxy", "--http-proxy", "--https-proxy") {
			c.destination(f, n+" proxy")
		}
		for _, f := range o.values("-o", "--output") {
			c.write(f, n+" output")
		}
		for _, k := range o.pos {
			s := c.s(k)
			c.skip[k] = true
			if s == strings.ToUpper(s) && !strings.ContainsAny(s, ":/.") {
				continue // METHOD
			}
			if strings.ContainsAny(s, "=@") && !strings.Contains(s, "://") && (n != "aria2c" && n != "lynx" && n != "w3m" && n != "links" && n != "elinks") {
				// request items; field@file and field=@file send a file
				if i := strings.LastIndexByte(s, '@'); i >= 0 && i+1 < len(s) {
					f := c.args[k]
					f.s = s[i+1:]
					c.read(f, n+" file item")
				}
				continue
			}
			f := c.args[k]
			if strings.HasPrefix(s, ":") {
				f.s = "localhost" + s
			}
			c.target(f)
			if n == "aria2c" {
				if b := urlBase(f.s); b != "" {
					c.write(field{s: b}, "aria2c download")
				}
			}
		}
	}
}

// target records the host of a URL or bare host argument of a network
// command; a destination not known statically is opaque.
func (c *cmd) target(f field) {
	if len(f.s) > 5 && strings.EqualFold(f.s[:5], "file:") {
		for _, g := range fileURLPaths(f.s) {
			g.dyn = g.dyn || f.dyn
			c.read(g, "file URL")
		}
		return
	}
	if f.tree != nil && f.tree.input {
		c.opaque("network destination not known statically: read from input")
		return
	}
	if hs := urlHosts(f.s); len(hs) > 1 && !f.dyn {
		for _, h := range hs { // parsers that disagree: every reading
			c.host(h, "destination")
		}
		return
	}
	h, ok := bareHost(f.s)
	if !ok {
		return
	}
	if f.dyn {
		if _, ok := normHost(h); !ok || strings.ContainsAny(h, "$`({") {
			c.opaque("network destination not known statically: " + clip(f.s))
			return
		}
	}
	c.host(h, "destination")
}

func urlBase(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	i := strings.IndexByte(u, '/')
	if i < 0 {
		return ""
	}
	b := path.Base(u[i:])
	if b == "/" || b == "." || b == "" {
		return ""
	}
	return b
}

// sshOption reads one -o option; it returns the ProxyCommand it sets, for
// the caller to analyse as code.
func sshOption(c *cmd, s string) (proxyCommand string) {
	k, v, _ := strings.Cut(s, "=")
	if v == "" {
		k, v, _ = strings.Cut(s, " ")
	}
	switch strings.ToLower(strings.TrimSpace(k)) {
	case "proxycommand":
		if v = strings.TrimSpace(v); v != "none" {
			return v
		}
	case "localcommand", "knownhostscommand":
		c.sshCommandOption(strings.TrimSpace(k), strings.TrimSpace(v))
	case "remotecommand":
		c.opaque("ssh option runs a command: " + clip(s))
	case "localforward", "remoteforward":
		c.forwardSpec(v, "ssh "+strings.TrimSpace(k))
	case "proxyjump":
		for _, h := range strings.Split(v, ",") {
			c.host(strings.TrimSpace(h), "ssh ProxyJump")
		}
	case "hostname":
		c.host(strings.TrimSpace(v), "ssh HostName")
	default:
		sshFileOption(c, strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v))
	}
	return ""
}

func (c *cmd) ssh() error {
	short := "bcDEeFIiJLlmOopQRSWwB"
	if c.name == "autossh" {
		short += "M" // autossh -M PORT (its monitoring port), not ssh's -M flag
	}
	o := c.parse(optSpec{short: short, stopPos: true})
	for _, f := range o.values("-o") {
		if pc := sshOption(c, f.s); pc != "" {
			// ssh runs it as $SHELL -c "exec COMMAND"
			if err := c.code(field{s: "exec " + pc, dyn: f.dyn}, "ssh ProxyCommand", false); err != nil {
				return err
			}
		}
	}
	c.sshForwards(o)
	for _, f := range o.values("-J") {
		for _, h := range strings.Split(f.s, ",") {
			c.host(strings.TrimPrefix(h, "ssh://"), "ssh -J")
		}
	}
	for _, f := range o.values("-i", "-F", "-E", "-S") {
		c.read(f, "ssh "+"file")
	}
	for _, f := range o.values("-F") {
		proxy, _ := c.sshConfig(f)
		for _, pc := range proxy {
			if err := c.code(field{s: "exec " + pc}, "ssh ProxyCommand", false); err != nil {
				return err
			}
		}
	}
	k, ok := c.pos(o, 0)
	if !ok {
		return nil
	}
	c.skip[k] = true
	dest := c.args[k]
	if dest.dyn {
		c.opaque("ssh destination not known statically")
	} else {
		h := strings.TrimPrefix(dest.s, "ssh://")
		if i := strings.IndexByte(h, '/'); i >= 0 {
			h = h[:i]
		}
		c.host(h, "ssh destination")
	}
	if len(o.pos) > 1 {
		f := field{}
		var parts []string
		for _, p := range o.pos[1:] {
			c.skip[p] = true
			parts = append(parts, c.s(p))
			f.dyn = f.dyn || c.args[p].dyn
		}
		f.s = strings.Join(parts, " ")
		if destLocal(dest) {
			return c.sshHere(f, dest)
		}
		return c.code(f, "ssh "+dest.s, true)
	}
	if !o.any("-N", "-O", "-G", "-V", "-Q") {
		c.opaque("ssh runs a remote shell reading commands from input")
	}
	return nil
}

func (c *cmd) network() {
	n := c.name
	var sp optSpec
	hostFlags := []string{}
	positionalHosts := true
	switch n {
	case "nc", "ncat", "netcat":
		sp = optSpec{short: "psiwqxXeOIcTo", long: []string{"--exec", "--sh-exec", "--lua-exec", "--proxy", "--source", "--wait"}}
		hostFlags = []string{"-x", "--proxy"}
	case "lftp":
		sp = optSpec{short: "cefup", long: []string{"--rcfile"}}
	case "ftp":
		sp = optSpec{short: ftpValueOpts}
	case "telnet", "tftp", "sftp":
		sp = optSpec{short: "belnmkuiPoFSJcRBD", long: nil}
	case "socat":
		sp = optSpec{}
		positionalHosts = false
	case "dig":
		sp = optSpec{short: "bcfkpqtxy"}
	case "nslookup", "host", "whois", "mtr", "traceroute", "traceroute6", "tracepath":
		sp = optSpec{short: "tcWNiRmsfgqpwzhF"}
	case "ping", "ping6":
		sp = optSpec{short: "cisItWwlQmMpS"}
	case "nmap":
		sp = optSpec{short: "poiSe", long: []string{"--script", "--script-args", "-oN", "-oX", "-oG", "-oA"}}
	case "ssh-keyscan":
		sp = optSpec{short: "ptTf"}
	case "openssl":
		sp = optSpec{dashLong: []string{"-connect", "-host", "-proxy", "-in", "-out", "-key", "-cert", "-CAfile", "-servername", "-passin", "-passout", "-inkey", "-signkey"}}
		positionalHosts = false
		hostFlags = []string{"-connect", "-host", "-proxy"}
	case "psql", "pg_dump", "pg_dumpall", "pg_restore":
		sp = optSpec{short: "hpUdcfoFnNtTLvPWCEjSZ", long: []string{"--host", "--port", "--username", "--dbname", "--command", "--file", "--output", "--set", "--variable"}}
		positionalHosts = false
		hostFlags = []string{"-h", "--host"}
	case "mysql", "mysqldump", "mariadb":
		sp = optSpec{short: "hPuDeS", glued: "p", long: []string{"--host", "--port", "--user", "--database", "--execute", "--socket"}}
		positionalHosts = false
		hostFlags = []string{"-h", "--host"}
	case "redis-cli":
		sp = optSpec{short: "hpauns", long: []string{"--user", "--pass", "--tls", "--cacert"}}
		positionalHosts = false
		hostFlags = []string{"-h"}
	case "mongo", "mongosh", "mongodump", "mongorestore":
		sp = optSpec{long: []string{"--host", "--port", "--username", "--eval", "--file", "--uri", "--db", "--out"}, short: "ufh", glued: "p"}
		positionalHosts = false
	case "kubectl":
		sp = optSpec{short: "snlfocC", long: []string{"--server", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "--token", "--filename", "--output", "--selector", "--container"}}
		positionalHosts = false
		hostFlags = []string{"-s", "--server"}
	case "docker", "podman":
		sp = optSpec{short: "Hcl", long: []string{"--host", "--context", "--config", "--log-level"}, stopPos: true}
		positionalHosts = false
		hostFlags = []string{"-H", "--host"}
	case "grpcurl":
		sp = goFlagSpec(grpcurlValued)
		positionalHosts = false // grpcurlOps
	default:
		sp = optSpec{}
	}
	o := c.parse(sp)
	switch n {
	case "lftp":
		c.lftp(o)
	case "sftp":
		c.sshClientOptions(o)
		c.sshConfigCode(o) // hostfiles.go
	case "docker", "podman":
		imageHosts(c)
	}
	if n == "whois" {
		hostFlags = []string{"-h"} // the server queried
	}
	for _, f := range o.values(hostFlags...) {
		h := f.s
		if hs := urlHosts(h); len(hs) > 0 {
			h = hs[0]
		}
		c.host(h, n+" host flag")
	}
	if n == "openssl" && len(o.pos) > 1 && c.s(o.pos[0]) == "s_client" {
		// OpenSSL 3: openssl s_client [options] [host:port]
		for _, k := range o.pos[1:] {
			c.skip[k] = true
			c.destination(c.args[k], "openssl s_client")
		}
	}
	switch n {
	case "openssl":
		for _, f := range o.values("-in", "-key", "-inkey", "-cert", "-CAfile", "-signkey", "-passin") {
			if v, ok := strings.CutPrefix(f.s, "file:"); ok {
				f.s = v
			} else if f.s == "" || strings.Contains(f.s, ":") {
				continue
			}
			c.read(f, "openssl input")
		}
		for _, f := range o.values("-out") {
			c.write(f, "openssl -out")
		}
	case "grpcurl":
		c.grpcurlOps(o)
	case "nc", "ncat", "netcat":
		if len(o.values("-e", "-c", "--exec", "--sh-exec", "--lua-exec")) > 0 {
			c.opaque(n + " runs a program connected to the network")
		}
		if o.any("-U", "--unixsock") {
			for _, k := range o.pos {
				c.skip[k] = true
				c.socket(c.args[k], n+" -U")
			}
			positionalHosts = false
		}
		if o.any("-l", "--listen") {
			c.opaque(n + " listens for network connections")
			positionalHosts = false
		}
	case "socat":
		for _, k := range o.pos {
			c.skip[k] = true
			s := c.s(k)
			c.socatFiles(c.args[k])
			typ, rest, _ := strings.Cut(s, ":")
			switch strings.ToUpper(typ) {
			case "EXEC", "SYSTEM":
				c.opaque("socat runs a program: " + clip(s))
			case "TCP", "TCP4", "TCP6", "UDP", "UDP4", "UDP6", "OPENSSL", "SSL", "TCP-CONNECT", "UDP-SENDTO", "SOCKS4", "SOCKS4A", "PROXY":
				h := rest
				if i := strings.IndexByte(h, ','); i >= 0 {
					h = h[:i]
				}
				c.host(h, "socat address")
			case "OPEN", "GOPEN", "FILE", "PIPE", "CREATE":
				f := c.args[k]
				f.s, _, _ = strings.Cut(rest, ",")
				c.read(f, "socat "+strings.ToUpper(typ)+" address")
			case "TCP-LISTEN", "TCP4-LISTEN", "TCP6-LISTEN", "UDP-LISTEN", "OPENSSL-LISTEN":
				c.opaque("socat listens for network connections")
			}
		}
	case "nmap":
		if len(o.values("--script")) > 0 {
			c.opaque("nmap runs scripts")
		}
	case "mysql", "mariadb", "psql":
		c.dbClientCode(o)
		for _, f := range o.values("-d", "--dbname") {
			connInfoHosts(c, f.s)
			for _, h := range urlHosts(f.s) {
				c.host(h, n+" -d")
			}
		}
		for _, k := range o.pos {
			connInfoHosts(c, c.s(k))
		}
	case "mongo", "mongosh", "mongodump", "mongorestore":
		if len(o.values("--eval")) > 0 {
			c.opaque("inline mongo shell code")
		}
		c.mongoAddress(o)
	case "redis-cli":
		for _, f := range o.values("-u") {
			c.destination(f, "redis-cli -u")
		}
	case "dig":
		for _, k := range o.pos {
			s := c.s(k)
			c.skip[k] = true
			if strings.HasPrefix(s, "+") {
				continue
			}
			if strings.HasPrefix(s, "@") {
				c.host(s[1:], "dns server")
				continue
			}
			if isDNSType(s) {
				continue
			}
			c.target(c.args[k])
		}
		return
	}
	if positionalHosts {
		for i, k := range o.pos {
			c.skip[k] = true
			s := c.s(k)
			if (n == "nc" || n == "ncat" || n == "netcat" || n == "telnet") && i > 0 {
				continue // port
			}
			if n == "sftp" || n == "ftp" || n == "lftp" {
				if h, ok := scpHost(s); ok {
					c.host(h, n+" destination")
					continue
				}
			}
			if n == "nslookup" && i > 0 {
				c.host(s, "dns server")
				continue
			}
			c.target(c.args[k])
		}
	}
}

func isDNSType(s string) bool {
	switch strings.ToUpper(s) {
	case "A", "AAAA", "MX", "TXT", "NS", "CNAME", "SOA", "PTR", "SRV", "ANY", "CAA", "DS", "DNSKEY", "AXFR", "IN", "CH":
		return true
	}
	return false
}

func connInfoHosts(c *cmd, s string) {
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		if k == "host" || k == "hostaddr" {
			c.host(strings.Trim(v, "'"), "connection string") // a,b lists too
		}
	}
}

func (c *cmd) git() error {
	// global options
	i := 0
	sc := c.sc
	for i < len(c.args) {
		s := c.s(i)
		if !strings.HasPrefix(s, "-") {
			break
		}
		c.skip[i] = true
		switch {
		case s == "-C" && i+1 < len(c.args):
			i++
			c.skip[i] = true
			sub := &cmd{a: c.a, sc: c.a.child(sc), name: "cd", args: c.args[i : i+1], skip: []bool{false}}
			sub.cd()
			sc = sub.sc
		case s == "-c" && i+1 < len(c.args):
			i++
			c.skip[i] = true
			if err := c.gitConfigArg(c.args[i]); err != nil {
				return err
			}
		case strings.HasPrefix(s, "-c") && len(s) > 2:
			f := c.args[i] // -cKEY=VALUE
			f.s = s[2:]
			if err := c.gitConfigArg(f); err != nil {
				return err
			}
		case strings.HasPrefix(s, "--config-env"):
			c.opaque("git configuration from the environment")
		case s == "--exec-path" || strings.HasPrefix(s, "--exec-path="):
			if strings.Contains(s, "=") {
				c.opaque("git --exec-path changes which programs run")
			}
		case s == "--git-dir" || s == "--work-tree" || s == "--namespace" || s == "--super-prefix":
			i++
			if i < len(c.args) {
				c.skip[i] = true
				gitDirRead(c, s, c.args[i])
				if s == "--git-dir" {
					c.w.gitDir = &c.args[i]
				}
			}
		case strings.HasPrefix(s, "--git-dir=") || strings.HasPrefix(s, "--work-tree="):
			k, v, _ := strings.Cut(s, "=")
			f := c.args[i]
			f.s = v
			gitDirRead(c, k, f)
			if k == "--git-dir" {
				c.w.gitDir = &f
			}
		}
		i++
	}
	if i >= len(c.args) {
		return nil
	}
	sub := c.s(i)
	c.skip[i] = true
	rest := &cmd{a: c.a, sc: sc, name: "git", args: c.args[i+1:], skip: c.skip[i+1:]}
	rest.w.key, rest.w.gitDir = "git "+sub, c.w.gitDir
	c.a.gitReads(rest, sub)
	rest.gitPlumbing(sub)
	netSub := false
	switch sub {
	case "clone", "fetch", "pull", "push", "ls-remote", "remote", "submodule", "archive", "request-pull", "svn":
		netSub = true
	case "config":
		o := rest.parse(optSpec{short: "f", long: []string{"--file", "--blob", "--type", "--default"}})
		if err := rest.gitConfigCommand(o); err != nil {
			return err
		}
		for _, f := range o.values("-f", "--file") {
			rest.write(f, "git config --file")
		}
		if o.is("--global") && len(o.pos) >= 2 {
			rest.write(rest.homeField(".gitconfig"), "git config --global")
		}
	case "rm":
		o := rest.parse(optSpec{})
		if !o.is("--cached") && !o.any("-n", "--dry-run") {
			for _, f := range rest.posFields(o) {
				rest.del(f, "git rm")
			}
		}
	case "mv":
		o := rest.parse(optSpec{})
		pos := rest.posFields(o)
		if len(pos) >= 2 {
			for _, f := range pos[:len(pos)-1] {
				rest.del(f, "git mv source")
			}
			rest.write(pos[len(pos)-1], "git mv destination")
		}
	case "clean":
		o := rest.parse(optSpec{short: "e", long: []string{"--exclude"}})
		if !o.any("-n", "--dry-run") {
			if len(o.pos) == 0 {
				rest.del(field{s: "."}, "git clean")
			}
			for _, f := range rest.posFields(o) {
				rest.del(f, "git clean")
			}
		}
	case "switch":
		o := rest.parse(optSpec{short: "cC"})
		if o.any("-f", "--force", "--discard-changes") {
			rest.write(field{s: "."}, "git switch --discard-changes")
		}
	case "checkout", "restore", "reset", "stash":
		o := rest.parse(optSpec{short: "bBs", long: []string{"--source"}})
		if sub == "reset" && o.is("--hard") || sub == "checkout" && (o.is("-f") || o.is("--force")) {
			rest.write(field{s: "."}, "git "+sub)
		}
		if sub == "reset" && o.is("--merge") || sub == "checkout" && o.is("--") && len(o.pos) == 0 {
			rest.write(field{s: "."}, "git "+sub)
		}
		if sub == "restore" || o.is("--") {
			pos := rest.posFields(o)
			if sub != "restore" {
				// git checkout TREE-ISH -- PATHS: only the paths are written
				pos = rest.fieldsAt(afterDashDash(rest, o.pos))
			}
			for _, f := range pos {
				rest.write(f, "git "+sub)
			}
		} else if sub == "checkout" {
			for _, f := range rest.posFields(o) {
				if f.s == "." || strings.Contains(f.s, "/") {
					rest.write(f, "git checkout")
				}
			}
		}
	case "apply", "am":
		// The files a patch touches are named inside it, which is not
		// known statically: the whole working tree may be written.
		o := rest.parse(optSpec{short: "pCS", long: []string{"--directory", "--exclude", "--include", "--whitespace", "--build-fake-ancestor"}})
		if !o.any("--check", "--stat", "--numstat", "--summary", "--cached", "--show-current-patch", "--abort", "--quit") {
			rest.write(field{s: "."}, "git "+sub+" (files named in the patch)")
		}
		for _, f := range rest.posFields(o) {
			rest.read(f, "git "+sub+" input")
		}
	case "commit", "tag", "notes", "merge":
		o := rest.parse(optSpec{short: "mFCt", long: []string{"--message", "--file", "--author", "--date", "--template", "--reuse-message", "--fixup"}})
		for _, f := range o.values("-F", "--file") {
			rest.read(f, "git "+sub+" -F")
		}
		_ = o
	case "rebase":
		o := rest.parse(optSpec{short: "xsX", long: []string{"--exec", "--onto", "--strategy"}})
		for _, f := range o.values("-x", "--exec") {
			if err := rest.code(f, "git rebase --exec", false); err != nil {
				return err
			}
		}
	case "bisect":
		if len(rest.args) > 1 && rest.s(0) == "run" {
			return rest.wrap(1, "git bisect run")
		}
	case "filter-branch", "difftool", "mergetool", "daemon", "instaweb":
		c.opaque("git " + sub + " runs commands")
		if err := rest.gitToolCode(sub); err != nil {
			return err
		}
		if sub == "daemon" || sub == "instaweb" {
			for _, r := range c.a.repoRoots(rest.sc) { // served to the network: every object
				rest.read(tree(field{s: r}, treeOpts{tracked: true}), "served by git "+sub)
			}
		}
	case "add", "diff", "log", "status", "blame", "grep", "ls-files", "branch", "rev-parse", "init":
	}
	if sub == "submodule" && len(rest.args) > 1 && rest.s(0) == "foreach" {
		o := rest.parse(optSpec{})
		if len(o.pos) > 1 {
			f := field{}
			var parts []string
			for _, p := range o.pos[1:] {
				rest.skip[p] = true
				parts = append(parts, rest.s(p))
				f.dyn = f.dyn || rest.args[p].dyn
			}
			f.s = strings.Join(parts, " ")
			return rest.code(f, "git submodule foreach", false)
		}
	}
	if netSub {
		o := rest.parse(optSpec{short: "objc", long: []string{"--origin", "--branch", "--depth", "--reference", "--upload-pack", "--receive-pack", "--exec", "--template", "--config", "--separate-git-dir", "--jobs", "--filter", "--server-option", "--push-option", "--shallow-since"}})
		for _, f := range o.values("-u", "--upload-pack", "--receive-pack", "--exec") {
			// run through the shell, here for a local repository
			c.opaque("git runs a custom remote program")
			if err := rest.code(f, "git "+sub+" --upload-pack", false); err != nil {
				return err
			}
		}
		for _, f := range o.values("-c", "--config") {
			if err := c.gitConfigArg(f); err != nil {
				return err
			}
		}
		pos := rest.posFields(o)
		for i, f := range pos {
			if h, ok := scpHost(f.s); ok {
				rest.host(h, "git remote")
				rest.skip[o.pos[i]] = true
			}
			if strings.HasPrefix(f.s, "ext::") {
				c.opaque("git ext:: transport runs a command")
			}
		}
		if sub == "clone" && len(pos) > 0 {
			var dest field
			if len(pos) > 1 {
				dest = pos[1]
			} else if b := strings.TrimSuffix(path.Base(strings.TrimRight(strings.ReplaceAll(pos[0].s, ":", "/"), "/")), ".git"); b != "" && b != "." && b != "/" {
				dest = field{s: b, dyn: pos[0].dyn}
			}
			if dest.s != "" {
				rest.write(dest, "git clone destination")
				if !o.anyOf("--bare", "--mirror") {
					rest.write(joinField(dest, ".git"), "git clone creates a repository")
				}
				for _, k := range o.pos {
					if rest.args[k].s == dest.s {
						rest.skip[k] = true
					}
				}
			}
		}
	}
	if err := rest.applySpec(); err != nil {
		return err
	}
	rest.fileLists()
	c.w.modelled = rest.w.modelled
	for j, v := range rest.w.noCand {
		if v {
			c.notCandidate(i + 1 + j)
		}
	}
	c.sc = sc
	return nil
}
