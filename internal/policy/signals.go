package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"os"
	"os/user"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Signals. A command that signals processes is denied when the processes
// it picks could include one of Mandate's: the engine (started on demand,
// in its own session, as the agent's user), a hook call in flight, the
// CLI. What a command picks is read the way the program itself reads its
// arguments; a pick that is not known before the line runs (a $PID, the
// output of pgrep, a pid file, xargs input) could be anything, so it is
// denied too — except $! , $$ and job specs, which name the shell's own
// processes. Mandate's running processes come from Options.Procs, asked
// only when a line signals; with none known, a name or pattern is still
// matched against the names Mandate's processes run under.

// signalCommand applies the signal rules to one simple command.
func (ev *evaluation) signalCommand(c *shell.Command) {
	switch c.Name {
	case "kill":
		ev.killCmd(c)
	case "pkill":
		ev.pkillCmd(c)
	case "killall":
		ev.killallCmd(c)
	case "killall5":
		ev.denySignal(c, "signals every process on the machine, Mandate's included")
	case "skill", "snice":
		ev.skillCmd(c)
	case "slay":
		ev.slayCmd(c) // slay.go
	case "fuser":
		ev.fuserCmd(c)
	case "timeout":
		ev.timeoutCmd(c)
	case "systemctl", "loginctl", "launchctl":
		ev.serviceCmd(c)
	case "reboot", "poweroff", "halt", "shutdown", "init", "telinit":
		ev.powerCmd(c)
	case "strace", "ltrace", "gdb", "gcore", "reptyr", "lldb", "criu":
		ev.attachCmd(c)
	case "prlimit", "renice", "ionice", "taskset", "chrt", "cpulimit":
		ev.procControlCmd(c) // proccontrol.go
	default:
		ev.pidCommand(c) // livepids.go
	}
}

func (ev *evaluation) denySignal(c *shell.Command, why string) {
	ev.deny(groupSelf, "no-disable", c.Line, fmt.Sprintf("%q %s; agents may not stop or signal Mandate", c.Line, why))
}

// selfTargets name the shell itself or a child it started: never Mandate.
var selfTargets = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"$!": true, "${!}": true, "$$": true, "${$}": true, "$BASHPID": true, "${BASHPID}": true}
}}

// dynamicWord reports whether a word is not known before the line runs
// (globs aside: patterns are judged by their own rules).
func dynamicWord(s string) bool {
	return strings.ContainsAny(s, "$`") || strings.Contains(s, "{xargs-input}")
}

// ---- kill ----------------------------------------------------------------

// killCmd reads kill as bash's builtin, util-linux's and procps' kill do:
// an optional signal (-9, -KILL, -s KILL, -n 9, --signal KILL), then pids,
// negative pids (process groups), job specs and, for util-linux, names.
func (ev *evaluation) killCmd(c *shell.Command) {
	args := c.Args
	sig, i := "", 0
loop:
	for first := true; i < len(args); first = false {
		a := args[i]
		switch {
		case a == "--":
			i++
			break loop
		case a == "-l", a == "-L", a == "--table", strings.HasPrefix(a, "--list"), a == "-p", a == "--pid",
			a == "--help", a == "-h", a == "-V", a == "--version":
			return // lists signals or prints pids: sends nothing
		case a == "-s", a == "-n", a == "--signal":
			if i+1 < len(args) {
				sig = args[i+1]
			}
			i += 2
		case strings.HasPrefix(a, "--signal="):
			sig = a[len("--signal="):]
			i++
		case a == "-q", a == "--queue":
			i += 2
		case a == "--timeout":
			i += 3
		case a == "-a", a == "--all", a == "--verbose", a == "-r", a == "--require-handler":
			i++
		case first && len(a) > 1 && a[0] == '-' && (isSignalName(a[1:]) || dynamicWord(a)):
			sig = a[1:]
			i++
		default:
			break loop
		}
	}
	if i > len(args) {
		i = len(args)
	}
	if !dynamicWord(sig) && sig != "" && signalZero(sig) {
		return // signal 0 only tests that a process exists
	}
	for _, t := range args[i:] {
		if why := ev.pidTarget(t, true); why != "" {
			ev.denySignal(c, why)
			return
		}
	}
}

// pidTarget says why signalling target t could reach a Mandate process,
// or "". names: a word that is not a number is a process name (util-linux
// kill); otherwise it is an error the program reports.
func (ev *evaluation) pidTarget(t string, names bool) string {
	switch {
	case strings.HasPrefix(t, "%"):
		return "" // a job of this shell
	case selfTargets.Get()[t]:
		return ""
	case dynamicWord(t) || strings.ContainsAny(t, "*?["):
		return fmt.Sprintf("signals %q, a process not known before the line runs", t)
	}
	why := ""
	if !pidReadings(t, func(n int) bool { why = ev.pidNumberTarget(n); return why == "" }) {
		if !names {
			return ""
		}
		for _, pc := range ev.procCands() {
			if slices.Contains(pc.names, t) || slices.Contains(pc.names, trunc15(t)) {
				return fmt.Sprintf("signals the processes named %q, as Mandate's %s", t, pc.what())
			}
		}
	}
	return why
}

// pidNumberTarget says why signalling the pid n (a reading of a pid word,
// pidwords.go) could reach a Mandate process, or "".
func (ev *evaluation) pidNumberTarget(n int) string {
	switch {
	case n == -1:
		return "signals every process it may (-1), Mandate's included"
	case n == 0:
		return "signals its own process group, which a Mandate hook call may share"
	case n < 0:
		for _, pr := range ev.procList() {
			if pr.Unknown {
				return fmt.Sprintf("signals process group %d, which may hold Mandate's processes (they cannot be listed on this system)", -n)
			}
			if pr.Pgid == -n {
				return fmt.Sprintf("signals process group %d, which holds Mandate's process %d (%s)", -n, pr.Pid, procName(pr))
			}
		}
	default:
		for _, pr := range ev.procList() {
			if pr.Unknown {
				return fmt.Sprintf("signals process %d, which may be Mandate's (its processes cannot be listed on this system)", n)
			}
			if pr.Pid == n {
				return fmt.Sprintf("signals Mandate's process %d (%s)", n, procName(pr))
			}
		}
	}
	return ""
}

func procName(p Proc) string {
	if p.Exe != "" {
		return path.Base(p.Exe)
	}
	if len(p.Cmdline) > 0 {
		return path.Base(p.Cmdline[0])
	}
	return "mandate"
}

// ---- the processes a pattern or selection can reach ----------------------

// procCand is a Mandate process a pattern or a selection could pick: a
// running one (from Options.Procs) or one that could start after the
// line was decided (the engine starts on demand; a hook call runs for
// every tool call), of which only the names and the user are known.
type procCand struct {
	names    []string // the program names matching sees, full and cut to 15 bytes (the kernel's comm)
	cmdlines []string // the command lines pkill -f sees
	running  bool
	pid      int
	pgid     int
	sid      int
	uid      int
}

func (pc procCand) what() string {
	if pc.running {
		return fmt.Sprintf("process %d (%s)", pc.pid, pc.names[0])
	}
	return "program " + pc.names[0]
}

func trunc15(s string) string {
	if len(s) > 15 {
		return s[:15]
	}
	return s
}

func (ev *evaluation) procCands() []procCand {
	var out []procCand
	addNames := func(pc *procCand, n string) {
		for _, s := range []string{n, trunc15(n)} {
			if s != "" && !slices.Contains(pc.names, s) {
				pc.names = append(pc.names, s)
			}
		}
	}
	for _, p := range ev.procList() {
		if p.Unknown {
			continue // the programs' names below still match
		}
		pc := procCand{running: true, pid: p.Pid, pgid: p.Pgid, sid: p.Sid, uid: p.Uid}
		addNames(&pc, procName(p))
		if len(p.Cmdline) > 0 {
			addNames(&pc, path.Base(p.Cmdline[0]))
		}
		pc.cmdlines = []string{strings.Join(p.Cmdline, " ")}
		out = append(out, pc)
	}
	progs := []string{"mandate", "mandate-engine", "mandate-hook"}
	for _, n := range ev.binaryNames() {
		if !slices.Contains(progs, n) {
			progs = append(progs, n)
		}
	}
	words := slices.Clone(progs)
	for _, pr := range ev.p.opt.Protected {
		if pr.Kind == ProtectBinary && pr.Path != "" {
			words = append(words, pr.Path)
		}
	}
	uid := os.Getuid()
	for _, n := range progs {
		pc := procCand{uid: uid, pid: -1, pgid: -1, sid: -1}
		addNames(&pc, n)
		for _, w := range words {
			if path.Base(w) == n {
				pc.cmdlines = append(pc.cmdlines, w+" serve --background", w+" hook", w+" check")
			}
		}
		out = append(out, pc)
	}
	return out
}

// selection is what pkill, killall and skill select by besides a name:
// user ids, process groups, sessions, and attributes Mandate does not
// know of its processes (parent, terminal, namespace, cgroup, age), which
// could match any of them.
type selection struct {
	uids    []string
	pgids   []string
	sids    []string
	unknown []string // option names
}

func (s *selection) empty() bool {
	return len(s.uids)+len(s.pgids)+len(s.sids)+len(s.unknown) == 0
}

// could reports whether pc could be selected.
func (s *selection) could(pc procCand) bool {
	if len(s.unknown) > 0 {
		return true
	}
	if len(s.uids) > 0 && !anyVal(s.uids, func(v string) bool { return uidCould(v, pc.uid) }) {
		return false
	}
	if len(s.pgids) > 0 && !anyVal(s.pgids, func(v string) bool { return idCould(v, pc.pgid, pc.running) }) {
		return false
	}
	if len(s.sids) > 0 && !anyVal(s.sids, func(v string) bool { return idCould(v, pc.sid, pc.running) }) {
		return false
	}
	return true
}

// anyVal splits comma-separated option values and reports whether any
// satisfies f.
func anyVal(vals []string, f func(string) bool) bool {
	for _, v := range vals {
		for _, one := range strings.Split(v, ",") {
			if f(one) {
				return true
			}
		}
	}
	return false
}

func uidCould(v string, uid int) bool {
	if dynamicWord(v) || v == "" {
		return true
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n == uid
	}
	u, err := user.Lookup(v)
	if err != nil {
		return true // a user Mandate cannot look up could be the agent's
	}
	n, err := strconv.Atoi(u.Uid)
	return err != nil || n == uid
}

// idCould: "0" is the selecting process's own group or session, which a
// hook call may share; a number picks that group; a process not yet
// running will get an id nobody can name now.
func idCould(v string, id int, running bool) bool {
	if dynamicWord(v) || v == "0" || v == "" {
		return true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return true
	}
	return running && n == id
}

// ---- pkill ---------------------------------------------------------------

var pkillOpts = optSet{
	shortVal: "dgGPstuUFqOr",
	longVal: []string{"delimiter", "pgroup", "group", "parent", "session", "terminal", "euid", "uid",
		"pidfile", "signal", "queue", "ns", "nslist", "older", "runstates", "cgroup", "env"},
	longFlag: []string{"list-name", "list-full", "count", "full", "ignore-case", "newest", "oldest",
		"inverse", "lightweight", "exact", "echo", "logpidfile", "require-handler", "ignore-ancestors", "help", "version"},
	sigFirst: true,
}

func (ev *evaluation) pkillCmd(c *shell.Command) {
	opts, pos := parseOpts(c.Args, pkillOpts)
	if hasOpt(opts, "-h", "--help", "-V", "--version") {
		return
	}
	if sigs := optVals(opts, "-SIGNAL", "--signal"); len(sigs) > 0 && !dynamicWord(sigs[len(sigs)-1]) && signalZero(sigs[len(sigs)-1]) {
		return
	}
	if hasOpt(opts, "-F", "--pidfile") {
		ev.denySignal(c, "takes the processes to signal from a pid file, which could name Mandate's")
		return
	}
	if hasOpt(opts, "-v", "--inverse") {
		ev.denySignal(c, "signals every process that does not match, Mandate's included")
		return
	}
	sel := selection{
		uids:  optVals(opts, "-u", "--euid", "-U", "--uid"),
		pgids: optVals(opts, "-g", "--pgroup"),
		sids:  optVals(opts, "-s", "--session"),
	}
	for _, o := range opts {
		switch o.name {
		case "-G", "--group", "-P", "--parent", "-t", "--terminal", "--ns", "--nslist", "--cgroup", "-r", "--runstates", "--env", "-O", "--older":
			sel.unknown = append(sel.unknown, o.name)
		}
	}
	var re *regexp.Regexp
	if len(pos) > 0 {
		pat := pos[0]
		if dynamicWord(pat) {
			ev.denySignal(c, fmt.Sprintf("matches the pattern %q, not known before the line runs", pat))
			return
		}
		var err error
		re, err = compileERE(pat, hasOpt(opts, "-i", "--ignore-case"), hasOpt(opts, "-x", "--exact"))
		if err != nil {
			ev.denySignal(c, fmt.Sprintf("matches the pattern %q, which Mandate cannot read as a regular expression (%v)", pat, err))
			return
		}
	}
	if re == nil && sel.empty() {
		return // pkill refuses to run without a criterion
	}
	full := hasOpt(opts, "-f", "--full")
	for _, pc := range ev.procCands() {
		if re != nil && !pc.matches(re, full) {
			continue
		}
		if sel.could(pc) {
			ev.denySignal(c, "can select Mandate's "+pc.what())
			return
		}
	}
}

func (pc procCand) matches(re *regexp.Regexp, full bool) bool {
	list := pc.names
	if full {
		list = pc.cmdlines
	}
	for _, s := range list {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// ---- killall -------------------------------------------------------------

var killallOpts = optSet{
	shortVal: "suoyZn",
	longVal:  []string{"signal", "user", "older-than", "younger-than", "context", "ns"},
	longFlag: []string{"exact", "ignore-case", "process-group", "interactive", "list", "quiet", "regexp", "verbose", "version", "wait", "help"},
	sigFirst: true,
}

func (ev *evaluation) killallCmd(c *shell.Command) {
	opts, names := parseOpts(c.Args, killallOpts)
	if hasOpt(opts, "-l", "--list", "-V", "--version", "--help") {
		return
	}
	if sigs := optVals(opts, "-SIGNAL", "-s", "--signal"); len(sigs) > 0 && !dynamicWord(sigs[len(sigs)-1]) && signalZero(sigs[len(sigs)-1]) {
		return
	}
	sel := selection{uids: optVals(opts, "-u", "--user")}
	for _, o := range opts {
		switch o.name {
		case "-o", "--older-than", "-y", "--younger-than", "-Z", "--context", "-n", "--ns":
			sel.unknown = append(sel.unknown, o.name)
		}
	}
	if len(names) == 0 {
		if len(sel.uids) == 0 {
			return // killall needs a name or -u
		}
		for _, pc := range ev.procCands() {
			if sel.could(pc) {
				ev.denySignal(c, "signals every process of the user, Mandate's "+pc.what()+" included")
				return
			}
		}
		return
	}
	regex := hasOpt(opts, "-r", "--regexp")
	icase := hasOpt(opts, "-I", "--ignore-case")
	for _, name := range names {
		if dynamicWord(name) {
			ev.denySignal(c, fmt.Sprintf("signals processes named %q, a name not known before the line runs", name))
			return
		}
		var match func(procCand) bool
		switch {
		case regex:
			re, err := compileERE(name, icase, false)
			if err != nil {
				ev.denySignal(c, fmt.Sprintf("matches %q, which Mandate cannot read as a regular expression (%v)", name, err))
				return
			}
			match = func(pc procCand) bool { return pc.matches(re, false) }
		case strings.Contains(name, "/"):
			// killall /path signals the processes running that file.
			if why := ev.progPathIsMandate(name, c.Cwd); why != "" {
				ev.denySignal(c, "signals the processes running "+name+", "+why)
				return
			}
			if by := ev.lineWriter(absIn(c.Cwd, ev.cwd, name)); by != "" {
				ev.denySignal(c, "signals the processes running "+name+", a file "+by+" makes in the same line (it could be a link to Mandate's binary)")
				return
			}
			base := path.Base(name)
			match = func(pc procCand) bool { return slices.Contains(pc.names, base) }
		default:
			match = func(pc procCand) bool {
				for _, n := range pc.names {
					if n == name || n == trunc15(name) || icase && (strings.EqualFold(n, name) || strings.EqualFold(n, trunc15(name))) {
						return true
					}
				}
				return false
			}
		}
		for _, pc := range ev.procCands() {
			if match(pc) && sel.could(pc) {
				ev.denySignal(c, fmt.Sprintf("signals processes named %q, as Mandate's %s", name, pc.what()))
				return
			}
		}
	}
}

// progPathIsMandate says why the file at p (relative to cwd) is a Mandate
// binary, or "".
func (ev *evaluation) progPathIsMandate(p, cwd string) string {
	if cwd == "" {
		cwd = ev.cwd
	}
	if !path.IsAbs(p) {
		p = path.Join(cwd, p)
	}
	info, err := fsview.Stat(ev.fsys(), p)
	if err != nil || !info.Mode.IsRegular() {
		return ""
	}
	return ev.mandateFile(p, info)
}

// ---- skill, snice ----------------------------------------------------------

// skillCmd reads skill and snice: a signal or priority, then terms typed
// by -t -u -p -c or guessed from their shape (a number is a pid, a
// terminal path a tty, any other word a user or a command name).
func (ev *evaluation) skillCmd(c *shell.Command) {
	args := c.Args
	type term struct{ kind, val string }
	var terms []term
	for i := 0; i < len(args); i++ {
		a := args[i]
		kind := ""
		switch a {
		case "-l", "-L", "--list", "--table", "-n", "--no-action", "-h", "--help", "-V", "--version":
			return
		case "-t", "--tty":
			kind = "tty"
		case "-u", "--user":
			kind = "user"
		case "-p", "--pid":
			kind = "pid"
		case "-c", "--command":
			kind = "command"
		case "--ns", "--nslist":
			kind = "unknown"
		}
		if kind != "" {
			if i+1 < len(args) {
				i++
				terms = append(terms, term{kind, args[i]})
			}
			continue
		}
		if strings.HasPrefix(a, "-") || strings.HasPrefix(a, "+") {
			continue // a signal, a priority or a flag
		}
		switch {
		case isDigits(a):
			kind = "pid"
		case strings.Contains(a, "/") || strings.HasPrefix(a, "tty") || strings.HasPrefix(a, "pts"):
			kind = "tty"
		default:
			kind = "user-or-command"
		}
		terms = append(terms, term{kind, a})
	}
	for _, t := range terms {
		why := ""
		switch {
		case dynamicWord(t.val):
			why = fmt.Sprintf("selects %q, not known before the line runs", t.val)
		case t.kind == "pid":
			why = ev.pidTarget(t.val, false)
		case t.kind == "tty", t.kind == "unknown":
			why = fmt.Sprintf("selects by %s %q, which could hold a Mandate process", t.kind, t.val)
		case t.kind == "user":
			for _, pc := range ev.procCands() {
				if uidCould(t.val, pc.uid) {
					why = fmt.Sprintf("selects the processes of user %q, Mandate's %s among them", t.val, pc.what())
					break
				}
			}
		default: // a command name, or a user name
			_, lookErr := user.Lookup(t.val)
			for _, pc := range ev.procCands() {
				if slices.Contains(pc.names, t.val) || slices.Contains(pc.names, trunc15(t.val)) {
					why = fmt.Sprintf("selects the command %q, as Mandate's %s", t.val, pc.what())
					break
				}
				if lookErr == nil && uidCould(t.val, pc.uid) {
					why = fmt.Sprintf("selects the processes of user %q, Mandate's %s among them", t.val, pc.what())
					break
				}
			}
		}
		if why != "" {
			ev.denySignal(c, why)
			return
		}
	}
}
