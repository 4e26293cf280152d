package policy

import (
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Signals sent by other means than naming processes: fuser -k on the
// files Mandate's processes hold, timeout around a Mandate command,
// service managers, power-off, debuggers attaching by pid.

// ---- fuser -k --------------------------------------------------------------

func (ev *evaluation) fuserCmd(c *shell.Command) {
	kill, mount, space := false, false, ""
	var names []string
	args := c.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			names = append(names, args[i+1:]...)
			i = len(args)
		case a == "-n" || a == "--namespace":
			if i+1 < len(args) {
				i++
				space = args[i]
			}
		case a == "-l" || a == "--list-signals" || a == "-V" || a == "--version" || a == "-h" || a == "--help":
			return
		case a == "--kill":
			kill = true
		case a == "--mount" || a == "--ismountpoint":
			mount = true
		case strings.HasPrefix(a, "--"):
		case strings.HasPrefix(a, "-") && len(a) > 1:
			if isSignalName(a[1:]) && !isDigits(a[1:]) && strings.ToUpper(a[1:]) == a[1:] {
				continue // -KILL, -TERM: the signal -k sends
			}
			if strings.HasPrefix(a, "-n") {
				space = a[2:]
				continue
			}
			kill = kill || strings.ContainsRune(a[1:], 'k')
			mount = mount || strings.ContainsAny(a[1:], "mcM")
		default:
			names = append(names, a)
		}
	}
	if !kill {
		return // fuser only lists
	}
	for _, name := range names {
		sp := space
		if i := strings.LastIndexByte(name, '/'); i >= 0 && (name[i+1:] == "tcp" || name[i+1:] == "udp") && !strings.HasPrefix(name, "/") {
			sp = name[i+1:]
		}
		if sp == "tcp" || sp == "udp" {
			continue // Mandate listens on a unix socket, never a port
		}
		if dynamicWord(name) || strings.ContainsAny(name, "*?[") {
			ev.denySignal(c, fmt.Sprintf("kills the processes using %q, a file not known before the line runs", name))
			return
		}
		p := name
		if !path.IsAbs(p) {
			cwd := c.Cwd
			if cwd == "" {
				cwd = ev.cwd
			}
			p = path.Join(cwd, p)
		}
		if why := ev.fuserReaches(p, mount); why != "" {
			ev.denySignal(c, "kills the processes using "+name+": "+why)
			return
		}
	}
}

// mandateDirs are Mandate's state directories: the ones every decision
// protects and those listed in Options.Protected.
func (ev *evaluation) mandateDirs() []string {
	dirs := slices.Clone(ev.stateDirs())
	for _, pr := range ev.p.opt.Protected {
		if pr.Kind == ProtectState && path.IsAbs(pr.Path) {
			dirs = append(dirs, path.Clean(pr.Path))
		}
	}
	return dirs
}

// fuserReaches says why fuser -k on p (with -m: on p's file system) could
// kill a Mandate process, or "".
func (ev *evaluation) fuserReaches(p string, mount bool) string {
	fsys := ev.fsys()
	if p == "/" {
		return "every process has / as its root directory"
	}
	res, err := fsview.Resolve(fsys, p)
	if err != nil {
		return fmt.Sprintf("it cannot be resolved (%v)", err)
	}
	info, err := fsys.Lstat(res)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if by := ev.lineWriter(p); by != "" {
				return "it is made by " + by + " in the same line (it could be a link to a file Mandate holds)"
			}
			return ""
		}
		return fmt.Sprintf("it cannot be examined (%v)", err)
	}
	// Files Mandate's processes hold: the state directory (the engine's
	// working directory, its log and socket), its binaries, /dev/null
	// (the engine's standard streams), the executables of its processes.
	type heldFile struct{ path, what string }
	held := []heldFile{{"/dev/null", "/dev/null, which Mandate's engine holds open"}}
	for _, d := range ev.mandateDirs() {
		held = append(held, heldFile{d, "Mandate's state directory " + d})
		for _, q := range []string{p, res} {
			if _, ok := under(q, d); ok {
				return "it is in Mandate's state directory " + d
			}
		}
	}
	for _, b := range ev.binaries() {
		held = append(held, heldFile{b.path, "Mandate's binary " + b.path})
	}
	for _, pr := range ev.procList() {
		if pr.Exe != "" {
			held = append(held, heldFile{pr.Exe, fmt.Sprintf("the executable of Mandate's process %d", pr.Pid)})
		}
	}
	for _, h := range held {
		hi, err := fsview.Stat(fsys, h.path)
		if err != nil {
			continue
		}
		if mount && hi.Dev == info.Dev {
			return "it is on the file system that holds " + h.what
		}
		if id, ok := hi.ID(); ok {
			if id2, ok2 := info.ID(); ok2 && id == id2 {
				return "it is " + h.what
			}
		}
	}
	if !mount && info.Mode.IsRegular() {
		if why := ev.mandateFile(res, info); why != "" {
			return "it is " + why
		}
	}
	return ""
}

// ---- timeout, services, power, debuggers -----------------------------------

var timeoutOpts = optSet{shortVal: "sk", longVal: []string{"signal", "kill-after"}, longFlag: []string{"preserve-status", "foreground", "verbose", "help", "version"}, stopAtFirst: true}

// timeoutCmd: timeout -s/-k signals the command it runs; when that
// command is Mandate, the signal reaches Mandate.
func (ev *evaluation) timeoutCmd(c *shell.Command) {
	opts, pos := parseOpts(c.Args, timeoutOpts)
	if !hasOpt(opts, "-s", "--signal", "-k", "--kill-after") || len(pos) < 2 {
		return
	}
	inner := shell.Command{Name: path.Base(pos[1]), Prog: pos[1], Args: pos[2:], Cwd: c.Cwd}
	if _, how, ok := ev.mandateInvocation(&inner); ok {
		ev.denySignal(c, "signals the Mandate process it runs ("+how+")")
	}
}

// unitCouldHoldMandate: units whose processes could include Mandate's
// (its engine runs in the user's login session), or a unit not known.
func unitCouldHoldMandate(u string) bool {
	l := strings.ToLower(u)
	return dynamicWord(u) || strings.ContainsAny(u, "*?[") || strings.Contains(l, "mandate") ||
		strings.HasSuffix(l, ".scope") || strings.HasSuffix(l, ".slice") ||
		strings.Contains(l, "session") || strings.Contains(l, "user@") || strings.HasPrefix(l, "user-")
}

var systemctlOpts = optSet{
	shortVal: "tpsHMno",
	longVal: []string{"type", "property", "signal", "host", "machine", "lines", "output", "kill-whom", "kill-value",
		"root", "state", "job-mode", "what", "timestamp", "message", "reboot-argument", "image", "boot-loader-entry",
		"boot-loader-menu", "check-inhibitors", "preset-mode", "when", "drop-in"},
}

func (ev *evaluation) serviceCmd(c *shell.Command) {
	switch c.Name {
	case "systemctl":
		_, pos := parseOpts(c.Args, systemctlOpts)
		if len(pos) == 0 {
			return
		}
		switch pos[0] {
		case "poweroff", "reboot", "halt", "kexec", "soft-reboot", "emergency", "rescue", "isolate", "exit", "default":
			ev.denySignal(c, "stops every process of the system or the user's service manager, Mandate's included")
		case "kill", "stop", "restart", "try-restart", "reload-or-restart", "try-reload-or-restart",
			"condrestart", "force-reload", "freeze", "clean", "mask", "disable":
			for _, u := range pos[1:] {
				if unitCouldHoldMandate(u) {
					ev.denySignal(c, fmt.Sprintf("acts on the processes of unit %q, which could hold Mandate's", u))
					return
				}
			}
		}
	case "loginctl":
		_, pos := parseOpts(c.Args, optSet{shortVal: "psHMn", longVal: []string{"property", "signal", "host", "machine", "lines", "output", "kill-whom"}})
		if len(pos) > 0 {
			switch pos[0] {
			case "kill-user", "terminate-user", "kill-session", "terminate-session", "terminate-seat":
				ev.denySignal(c, "ends a login session's or user's processes, Mandate's included")
			}
		}
	case "launchctl":
		if len(c.Args) == 0 {
			return
		}
		switch c.Args[0] {
		case "reboot":
			ev.denySignal(c, "stops every process, Mandate's included")
		case "bootout", "kill":
			for _, a := range c.Args[1:] {
				if dynamicWord(a) || ((strings.HasPrefix(a, "gui/") || strings.HasPrefix(a, "user/") || strings.HasPrefix(a, "login/")) && strings.Count(a, "/") == 1) {
					ev.denySignal(c, fmt.Sprintf("acts on %q, a whole user or login domain holding Mandate's processes", a))
					return
				}
			}
		}
	}
}

func (ev *evaluation) powerCmd(c *shell.Command) {
	for _, a := range c.Args {
		if a == "--help" || a == "-h" && c.Name != "shutdown" || a == "--version" || c.Name == "shutdown" && (a == "-c" || a == "--show") {
			return
		}
	}
	if c.Name == "init" || c.Name == "telinit" {
		if len(c.Args) == 0 {
			return
		}
		switch strings.ToLower(c.Args[0]) {
		case "0", "1", "6", "s", "single", "emergency", "rescue":
		default:
			return
		}
	}
	ev.denySignal(c, "stops every process of the machine, Mandate's included")
}

// attachCmd: a debugger or tracer attached to a Mandate process can read
// its memory (the signing key) and change what it does.
func (ev *evaluation) attachCmd(c *shell.Command) {
	var pids []string
	switch c.Name {
	case "strace", "ltrace":
		opts, _ := parseOpts(c.Args, optSet{shortVal: "pabeEoOsSuUPIX", longVal: []string{"attach", "output", "user", "trace", "signal", "env"}})
		for _, v := range optVals(opts, "-p", "--attach") {
			pids = append(pids, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })...)
		}
	case "gdb":
		opts, pos := parseOpts(c.Args, optSet{shortVal: "pcdexs", longVal: []string{"pid", "core", "directory", "ex", "eval-command", "command", "init-command", "init-eval-command", "symbols", "exec", "args", "cd", "tty"}})
		pids = optVals(opts, "-p", "--pid")
		if len(pos) > 1 {
			pids = append(pids, pos[1])
		}
	case "lldb":
		opts, _ := parseOpts(c.Args, optSet{shortVal: "pnocsOSk", longVal: []string{"attach-pid", "attach-name", "one-line", "core", "source"}})
		pids = optVals(opts, "-p", "--attach-pid")
		for _, n := range optVals(opts, "-n", "--attach-name") {
			if why := ev.pidTarget(n, true); why != "" || dynamicWord(n) {
				ev.denySignal(c, "attaches a debugger to "+n+", which could be Mandate's process")
				return
			}
		}
	case "gcore", "reptyr":
		_, pos := parseOpts(c.Args, optSet{shortVal: "oal"})
		pids = pos
	case "criu":
		opts, _ := parseOpts(c.Args, optSet{shortVal: "tDo", longVal: []string{"tree", "images-dir", "log-file"}})
		pids = optVals(opts, "-t", "--tree")
	}
	for _, p := range pids {
		why := ""
		if !isPidWord(p) {
			if dynamicWord(p) {
				why = "a process not known before the line runs"
			}
		} else if w := ev.pidTarget(p, false); w != "" {
			why = strings.TrimPrefix(w, "signals ")
		}
		if why != "" {
			ev.denySignal(c, "attaches to "+why+", reading its memory and changing what it does")
			return
		}
	}
}
