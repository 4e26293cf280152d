package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Wrappers that change where the command they run starts (sudo -D, sudo
// -i, su -, pkexec, nsenter --wd, unshare --wd, systemd-run): its
// relative paths are relative to that directory, or to a directory not
// known statically.

// detach gives c a scope of its own, so that a change of directory for
// the wrapped command does not leak into the line.
func (c *cmd) detach() {
	if c.outer == nil {
		c.outer = c.sc
	}
	s := *c.sc
	c.sc = &s
}

// runIn makes the wrapped command start in dirs (applied in turn, as cd
// would).
func (c *cmd) runIn(dirs []field) {
	if len(dirs) == 0 {
		return
	}
	c.detach()
	for _, d := range dirs {
		sub := &cmd{a: c.a, sc: c.sc, name: "cd", args: []field{d}, skip: []bool{false}}
		sub.cd()
	}
}

// runInUnknown makes the wrapped command start in a directory not known
// statically (a login shell's home, a service's directory).
func (c *cmd) runInUnknown() {
	c.detach()
	c.sc.cwdKnown = false
	c.sc.cwdMaybe = nil
	c.sc.homeCwd = ""
}

// runInHome makes the wrapped command start in the home directory of
// user (nil: root) as a login shell does (sudo -i, su -, runuser -l,
// machinectl shell), and then in a directory not known statically: a
// relative read is judged in that home, a relative write is opaque. The
// home of the user Mandate runs as is known; another user's is read as
// /root or /home/USER (the usual layout, not a certainty).
func (c *cmd) runInHome(user *field) {
	home, ok := c.a.userHome(user)
	if ok {
		c.runIn([]field{{s: home}})
	}
	c.runInUnknown()
	if ok && c.sc.cwd == home {
		c.sc.homeCwd = home
	}
}

// userHome returns the home directory of user (nil: root), when it can
// be read: the user Mandate runs as (its HOME's last element), root, or
// /home/USER.
func (a *analyzer) userHome(user *field) (string, bool) {
	name := "root"
	if user != nil {
		if user.dyn || user.s == "" {
			return "", false
		}
		name = user.s
	}
	switch {
	case name == "root" || name == "0":
		return "/root", true
	case strings.ContainsAny(name, "/#"):
		return "", false // a uid or something else: not read
	case a.opt.Home != "" && path.Base(a.opt.Home) == name:
		return a.opt.Home, true
	}
	return "/home/" + name, true
}

// lastValue returns the last of fs, or nil.
func lastValue(fs []field) *field {
	if len(fs) == 0 {
		return nil
	}
	return &fs[len(fs)-1]
}

// wrapperCwd applies the options of c (a wrapper) that choose the wrapped
// command's directory or root.
func (c *cmd) wrapperCwd(o opts) {
	switch c.name {
	case "sudo":
		c.runIn(o.values("-D", "--chdir"))
		if o.anyOf("-i", "--login") {
			c.runInHome(lastValue(o.values("-u", "--user")))
		}
	case "su", "runuser":
		login := o.anyOf("-l", "--login")
		var user *field
		for _, k := range o.pos {
			if c.s(k) == "-" {
				login = true
			} else if user == nil {
				user = &c.args[k]
			}
		}
		if u := lastValue(o.values("-u", "--user")); u != nil && c.name == "runuser" {
			user = u
		}
		if login {
			c.runInHome(user)
		}
	case "run0":
		// run0(1): with no -D, the command starts in the client's
		// directory when it switches to root, else in the target user's
		// home (-D DIR: specCwd)
		if len(o.values("-D", "--chdir")) == 0 {
			if u := lastValue(o.values("-u", "--user")); u != nil && (u.dyn || u.s != "root" && u.s != "0") {
				c.runInHome(u)
			}
		}
		c.unitProperties(o.values("--property"), "run0")
	case "pkexec":
		// runs in the target user's environment, from its home
		c.runInHome(lastValue(o.values("--user")))
	case "nsenter":
		// -w[DIR] / --wd[=DIR], -r[DIR] / --root[=DIR], value glued
		limit := len(c.args)
		if len(o.pos) > 0 {
			limit = o.pos[0]
		}
		for _, f := range c.args[:limit] {
			s := f.s
			if !strings.HasPrefix(s, "-") {
				continue
			}
			switch {
			case s == "-w" || s == "--wd":
				c.runInUnknown() // the target process's directory
			case strings.HasPrefix(s, "--wd="), strings.HasPrefix(s, "-w") && !strings.HasPrefix(s, "--"):
				d := f
				d.s = strings.TrimPrefix(strings.TrimPrefix(s, "--wd="), "-w")
				c.runIn([]field{d})
			case strings.HasPrefix(s, "-r") && !strings.HasPrefix(s, "--") || strings.HasPrefix(s, "--root"):
				c.opaque("nsenter runs the command under another root directory")
				c.runInUnknown()
			}
		}
	case "unshare":
		c.runIn(o.values("-w", "--wd"))
		if len(o.values("-R", "--root")) > 0 {
			c.opaque("unshare runs the command under another root directory")
			c.runInUnknown()
		}
	case "systemd-run":
		if d := o.values("--working-directory"); len(d) > 0 {
			c.runIn(d)
		} else if !o.anyOf("-d", "--same-dir") {
			c.runInUnknown() // a service starts in / or the user's home
		}
		c.unitProperties(o.values("-p", "--property"), "systemd-run")
	}
}

// unitProperties judges the unit properties of systemd-run -p and run0
// --property: WorkingDirectory=DIR sets where the command starts; any
// other property not known to be harmless (RootDirectory=, BindPaths=,
// EnvironmentFile=, ExecStartPre=, …) makes what it does unknown.
func (c *cmd) unitProperties(props []field, via string) {
	for _, p := range props {
		name, val, _ := strings.Cut(p.s, "=")
		switch {
		case p.dyn:
			c.opaque(via + " property not known statically: " + clip(p.s))
		case name == "WorkingDirectory":
			d := p
			d.s = strings.TrimPrefix(val, "-")
			if d.s == "~" || strings.HasPrefix(d.s, "~/") {
				c.runInUnknown()
			} else {
				c.runIn([]field{d})
			}
		case !unitPlainProperties.Get()[name]:
			c.opaque(via + " -p " + clip(name) + " may change what the command reads, runs or sees under which name")
		}
	}
}

// specCwd makes the wrapped command start in the values of c's options
// whose effect in its table entry (progSpecTable, launchers) is "cwd"
// (run0 -D DIR, proot -w DIR): the one path every directory-choosing
// option of a table goes through, before the command is analysed.
func (c *cmd) specCwd(o opts) {
	cs := c.spec()
	if c.w.cwdDone || cs == nil {
		return
	}
	c.w.cwdDone = true
	for _, v := range o.vals {
		_ = cs.eachEffect(v.key, func(fx string) error {
			if fx == "cwd" {
				c.runIn([]field{v.f})
			}
			return nil
		})
	}
}

// isGlobPattern reports whether a word flagged as holding a glob
// character is a pattern bash expands: * or ?, or a [ closed by a
// later ] ("[" alone, the test command, is itself).
func isGlobPattern(s string) bool {
	if strings.ContainsAny(s, "*?") {
		return true
	}
	i := strings.IndexByte(s, '[')
	return i >= 0 && strings.IndexByte(s[i+1:], ']') >= 0
}

// wrapperSpec is a wrapper whose command line starts at one of its
// operands, after options: nice -n 5 CMD…, timeout 10 CMD… Its options
// and what their values are (which take one, which are files written)
// are its progSpecTable entry (knowledge.go), whose floor makes the
// value of an option the entry does not list a candidate write.
type wrapperSpec struct {
	at   int      // the operand the command line starts at (timeout DURATION CMD: 1)
	lead leadRule // when the first of those operands is there (leadops.go)
	skip bool     // the operands before it are not file names
	none []string // options with which no command runs (chrt -p)
	cwd  bool     // its options may set where the command starts (wrapperCwd)
	// applet: the command is the wrapper's own code (busybox sh): the
	// program that runs is the wrapper's binary
	applet bool
}

// wrapperSpecs are the wrappers run by runWrapped; those with more to
// them have their own code (wrapperPrograms).
var wrapperSpecs = &lazy.Value[map[string]wrapperSpec]{New: func() map[string]wrapperSpec {
	return map[string]wrapperSpec{
		"doas":         {},
		"pkexec":       {cwd: true},
		"run0":         {cwd: true},
		"nice":         {},
		"ionice":       {},
		"timeout":      {at: 1, skip: true},
		"stdbuf":       {},
		"chrt":         {at: 1, lead: leadPriority, none: []string{"-p"}},
		"taskset":      {at: 1, none: []string{"-p", "--pid"}},
		"proxychains":  {},
		"proxychains4": {},
		"sshpass":      {},
		"strace":       {},
		"ltrace":       {},
		"time":         {},
		"busybox":      {applet: true},
		"toybox":       {applet: true},

		"exec":        {cwd: true},
		"builtin":     {cwd: true},
		"nohup":       {cwd: true},
		"setsid":      {cwd: true},
		"unbuffer":    {cwd: true},
		"caffeinate":  {cwd: true},
		"fakeroot":    {cwd: true},
		"torsocks":    {cwd: true},
		"tsocks":      {cwd: true},
		"eatmydata":   {cwd: true},
		"catchsegv":   {cwd: true},
		"nocache":     {cwd: true},
		"chronic":     {cwd: true},
		"dbus-launch": {cwd: true},
		"firejail":    {cwd: true},
		"valgrind":    {cwd: true},
		"setpriv":     {cwd: true},
		// (-w/--wd and -r/--root take a value only glued: -wDIR)
		"nsenter":     {cwd: true},
		"unshare":     {cwd: true},
		"numactl":     {cwd: true},
		"xvfb-run":    {cwd: true},
		"systemd-run": {cwd: true},
		// zsh's precommand modifiers and repeat N CMD (shdialects.go):
		// to bash, programs that do not exist; to zsh, the command
		"noglob":    {},
		"nocorrect": {},
		"-":         {},
		"repeat":    {at: 1, skip: true},
	}
}}

// runWrapped analyzes a wrapper of wrapperSpecs and the command it runs.
func (c *cmd) runWrapped() error {
	w := wrapperSpecs.Get()[c.name]
	o := c.parse(optSpec{stopPos: true}) // value options: its progSpecTable entry
	if o.any(w.none...) {
		return nil
	}
	c.specCwd(o)
	if w.cwd {
		c.wrapperCwd(o)
	}
	if w.at > 0 && len(o.pos) > 0 && !c.leadTaken(w.lead, o.pos[0], o, nil) {
		w.at-- // an optional leading operand left out
	}
	if len(o.pos) <= w.at {
		if opt, ok := noCommandShells[c.name]; ok && (opt == "" || o.is(opt)) && !o.any("--version", "--help", "-h", "-V", "-L") {
			return c.noCommandShell() // childenv.go
		}
		return nil
	}
	if w.skip {
		for _, k := range o.pos[:w.at] {
			c.skip[k] = true
		}
	}
	if w.applet {
		c.w.applet = true
	}
	if a := o.values("-a"); c.name == "exec" && len(a) > 0 {
		c.w.argv0 = &a[len(a)-1] // exec -a NAME (dialectstate.go)
	}
	return c.wrap(o.pos[w.at], c.name)
}

func (c *cmd) sudo() error {
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
			// The command is handed to the shell's -c as one string:
			// sudo 1.9 builds it by putting a backslash before every
			// byte of the arguments but letters, digits, _, - and $
			// (sudoShellCode); sudo before 1.7 joined them as they are.
			// Both strings are analysed as the shell reads them, and the
			// words as given (what the escaping means to keep).
			ix := o.pos[indexOf(o.pos, k):]
			if err := c.code(sudoShellCode(c.fieldsAt(ix)), "sudo -s", false); err != nil {
				return err
			}
			if err := c.joinedCode(ix, "sudo -s"); err != nil {
				return err
			}
			return c.wrap(k, "sudo -s")
		}
		return c.wrap(k, "sudo")
	}
	if o.any("-s", "-i", "--shell", "--login") {
		c.opaque("sudo starts an interactive shell")
	}
	return nil
}

// sudoShellCode is the string sudo 1.9 (parse_args.c) hands to the
// shell's -c for sudo -s/-i CMD ARG…: every byte but an ASCII letter,
// digit, _, - or $ gets a backslash before it, the words joined by
// spaces. A backslash-newline is a line continuation, which the shell
// removes before reading words, so a newline vanishes (and a $ before it
// joins the name after it: $'$X\n_Y' is $X_Y). A byte past ASCII is
// left unescaped (the same to the shell: \ before a byte that is not
// special quotes nothing). A word not known statically makes the string
// not known (dyn).
func sudoShellCode(words []field) field {
	var b strings.Builder
	out := field{}
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		out.dyn = out.dyn || w.dyn
		for j := 0; j < len(w.s); j++ {
			ch := w.s[j]
			switch {
			case ch == '\n':
				continue // backslash-newline: removed
			case ch >= 0x80 || isLetter(ch) || ch >= '0' && ch <= '9' || ch == '_' || ch == '-' || ch == '$':
			default:
				b.WriteByte('\\')
			}
			b.WriteByte(ch)
		}
	}
	out.s = b.String()
	return out
}

func (c *cmd) env() error {
	o := c.parse(optSpec{short: "uCSa", long: []string{"--unset", "--chdir", "--split-string", "--block-signal", "--default-signal", "--ignore-signal", "--argv0"}, stopPos: true})
	if a := o.values("-a", "--argv0"); len(a) > 0 {
		c.w.argv0 = &a[len(a)-1] // the name the command runs under (dialectstate.go)
	}
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
	c.envCut(o) // env -i, env -u NAME (childenv.go)
	k := -1
	for _, p := range o.pos {
		if !c.args[p].dyn && c.s(p) == "-" && k < 0 {
			c.skip[p] = true // env - is env -i (cut by envCut)
			continue
		}
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
}

func (c *cmd) chroot() error {
	o := c.parse(optSpec{long: []string{"--userspec", "--groups"}, stopPos: true})
	if len(o.pos) > 1 {
		c.opaque("paths inside chroot are relative to another root")
		return c.wrap(o.pos[1], "chroot")
	}
	if len(o.pos) == 1 {
		c.opaque("runs the new root's default shell")
	}
	return nil
}

func (c *cmd) flock() error {
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
	return nil
}

func (c *cmd) script() error {
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
	return nil
}

func (c *cmd) watch() error {
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
	return c.a.execProgram(fs, sc) // childenv.go
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
	sub := c.a.newProcess(c.sc, importMaybe) // a new shell (childenv.go)
	sub.setArgs(nil, false)                  // "$@" stands for the input
	return c.a.reparse(f.s, sub, "parallel", false)
}

// wrapperPrograms run a command line given as their operands (or
// schedule one).
func wrapperPrograms() []program {
	ps := []program{
		{"command", (*cmd).commandBuiltin},
		{"sudo", (*cmd).sudo},
		{"env", (*cmd).env},
		{"runuser su sg", (*cmd).su},
		{"chroot", (*cmd).chroot},
		{"flock", (*cmd).flock},
		{"script", (*cmd).script},
		{"watch", (*cmd).watch},
		{"xargs", (*cmd).xargs},
		{"parallel", (*cmd).parallel},
		{"crontab at batch", effects((*cmd).schedule)},
		{"coreutils", (*cmd).multicall}, // candcmds.go
		{"bwrap", (*cmd).bwrap},         // candcmds.go
		{"sudoedit-wrapper", nothing},   // listed, no code of its own
	}
	for n := range wrapperSpecs.Get() {
		ps = append(ps, program{n, (*cmd).runWrapped})
	}
	return ps
}

func (c *cmd) commandBuiltin() error {
	o := c.parse(optSpec{stopPos: true})
	if o.any("-v", "-V") {
		c.text = true
		return nil
	}
	if k, ok := c.pos(o, 0); ok {
		return c.wrap(k, "command")
	}
	return nil
}

// schedule: crontab, at and batch run their commands later.
func (c *cmd) schedule() {
	c.w.modelled = true // the schedule's own files; its commands are opaque
	o := c.parse(optSpec{short: "fqtu"})
	if !o.any("-l", "-r") || c.name != "crontab" {
		c.opaque("schedules commands to run later")
	}
}
