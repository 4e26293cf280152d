package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"
	"sync"
)

// Launchers: programs that run a command given to them, as data. Each
// is reported, and the command it runs is analysed like any other (as a
// program and its arguments, or as shell code when the launcher hands it
// to a shell). wrappers.go covers the wrappers of the system (sudo, env,
// timeout, xargs, …: wrapperPrograms and wrapperSpecs); this table covers
// the rest.

// launchMode says how a launcher runs what follows its options.
type launchMode int

const (
	launchArgv  launchMode = iota // the rest is a program and its arguments
	launchCode                    // the rest, joined, is shell code
	launchEach                    // every operand is shell code on its own
	launchOneOr                   // one operand is shell code; more are argv
)

type launcher struct {
	short  string   // short options taking a value
	long   []string // long options taking a value
	skip   int      // operands before the command (a user, a time, …)
	mode   launchMode
	code   []string // options whose value is shell code
	writes []string // options whose value is a file written
	opaque []string // options that make what runs unknown
	why    string   // opaque reason for those options
}

var launchers = &lazy.Value[map[string]launcher]{New: func() map[string]launcher {
	return map[string]launcher{
		"rlwrap":           {short: "bCDfFHlOpPsStwz", long: []string{"--break-chars", "--command-name", "--file", "--history-filename", "--logfile", "--filter"}, writes: []string{"-l", "--logfile", "-H", "--history-filename"}, opaque: []string{"-z", "--filter"}, why: "rlwrap runs a filter program"},
		"entr":             {}, // -s: see launch
		"faketime":         {skip: 1},
		"tsp":              {short: "LNDW"},
		"gosu":             {skip: 1},
		"su-exec":          {skip: 1},
		"setuidgid":        {skip: 1},
		"envuidgid":        {skip: 1},
		"runcon":           {skip: 1},
		"setarch":          {short: "B", skip: 1},
		"linux32":          {},
		"linux64":          {},
		"envdir":           {skip: 1, opaque: []string{""}, why: "envdir sets the environment from files"},
		"chpst":            {short: "uUbenlLmodpfcrt/", opaque: []string{"-e", "-/"}, why: "chpst sets the environment from files or another root"},
		"softlimit":        {short: "amdsloprftc"},
		"tini":             {short: "peg"},
		"dumb-init":        {short: "r"},
		"catatonit":        {},
		"dbus-run-session": {long: []string{"--config-file", "--dbus-daemon"}},
		"ssh-agent":        {short: "aEPt"},
		"trickle":          {short: "udwtlnL"},
		"proot":            {short: "rbwkvq", opaque: []string{"-r", "-R", "-S"}, why: "proot runs the command under another root"},
		"fakechroot":       {short: "lcde"},
		"flatpak-spawn":    {long: []string{"--env", "--directory", "--forward-fd", "--sandbox-expose", "--sandbox-expose-ro"}},
		"nq":               {},
		"cgexec":           {short: "g"},
		"systemd-inhibit":  {long: []string{"--what", "--who", "--why", "--mode"}},
		"sandbox-exec":     {short: "fpD"},
		"screen":           {short: "ceEhpSTLX", opaque: []string{""}, why: "runs commands in a terminal multiplexer"},
		"dtach":            {short: "acnANer"}, // dtach -n|-c|-A|-N SOCKET [opts] CMD… runs CMD detached
		"abduco":           {short: "acnAe"},   // abduco -n|-c|-A NAME CMD…
		"hyperfine":        {short: "wrmMpcsnPLSNu", long: []string{"--warmup", "--runs", "--min-runs", "--max-runs", "--prepare", "--cleanup", "--setup", "--command-name", "--parameter-scan", "--parameter-list", "--parameter-step-size", "--shell", "--style", "--sort", "--time-unit", "--export-asciidoc", "--export-csv", "--export-json", "--export-markdown", "--export-orgmode", "--output", "--input", "--conclude", "--reference"}, mode: launchEach, code: []string{"-p", "--prepare", "-c", "--cleanup", "-s", "--setup", "--conclude"}},
		"watchexec":        {short: "wWeEfisdpo", long: []string{"--watch", "--exts", "--filter", "--ignore", "--signal", "--debounce", "--shell", "--on-busy-update", "--project-origin", "--workdir", "--env", "--stop-signal", "--stop-timeout", "--delay-run", "--poll", "--emit-events-to", "--filter-file", "--ignore-file", "--watch-file"}, mode: launchOneOr},
		"nodemon":          {short: "wexdVI", long: []string{"--watch", "--ext", "--exec", "--delay", "--ignore", "--signal", "--config"}, code: []string{"-x", "--exec"}},
		"sem":              {short: "jS", long: []string{"--jobs", "--id", "--semaphorename", "--timeout"}, mode: launchCode},
		"perf":             {short: "eoptcCGFrm", long: []string{"--event", "--output", "--pid", "--tid", "--cpu", "--cgroup", "--call-graph", "--freq", "--repeat"}, skip: 1},
		"uftrace":          {short: "FNTDdLt", skip: 1},
		"heaptrack":        {short: "o", long: []string{"--output"}},
		"cpulimit":         {short: "lpe", long: []string{"--limit", "--pid", "--exe"}},
		"prlimit":          {short: "p", long: []string{"--pid", "--output"}},
		"taskpolicy":       {short: "cdgtbs"},
		"with-contenv":     {},
		"s6-setuidgid":     {skip: 1},
		"unshare-user":     {},
		"distrobox-enter":  {short: "ne", long: []string{"--name", "--additional-flags"}},
		"toolbox":          {short: "cdr", long: []string{"--container", "--distro", "--release"}, skip: 1},
		"direnv":           {skip: 2}, // direnv exec DIR CMD (see launch)
	}
}}

var launcherSet = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, len(launchers.Get()))
	for n := range launchers.Get() {
		m[n] = true
	}
	return m
})

// isLauncher reports whether n is a launcher of the table or the dynamic
// loader run as a program (ld-linux-x86-64.so.2 PROG runs PROG).
func isLauncher(n string) bool { return launcherSet()[n] || dynLoader(n) }

// dynLoader reports whether n is the name of a dynamic loader.
func dynLoader(n string) bool {
	switch {
	case n == "ld.so", n == "ld64.so.1", n == "ld64.so.2":
		return true
	case strings.HasPrefix(n, "ld-linux") && strings.Contains(n, ".so"),
		strings.HasPrefix(n, "ld-musl") && strings.Contains(n, ".so"),
		strings.HasPrefix(n, "ld-") && strings.HasSuffix(n, ".so.1"):
		return true
	}
	return false
}

// launch analyses a launcher and the command it runs.
func (c *cmd) launch() error {
	n := c.name
	l, ok := launchers.Get()[n]
	if dynLoader(n) {
		l = launcher{long: []string{"--library-path", "--inhibit-rpath", "--audit", "--preload", "--argv0", "--glibc-hwcaps-prepend", "--glibc-hwcaps-mask"},
			opaque: []string{"--audit", "--preload", "--library-path"}, why: "the loader loads other libraries into the program"}
		ok = true
	}
	if !ok {
		return nil
	}
	o := c.parse(optSpec{short: l.short, long: l.long, stopPos: l.mode != launchEach})
	c.w.modelled = true
	for _, k := range l.opaque {
		if k == "" || o.anyOf(k) {
			c.opaque(l.why)
		}
	}
	for _, f := range o.values(l.writes...) {
		c.write(f, n+" log or history file")
	}
	for _, f := range o.values(l.code...) {
		if err := c.code(f, n+" option", false); err != nil {
			return err
		}
	}
	if dynLoader(n) && o.anyOf("--list", "--verify", "--help", "--version") {
		return nil
	}
	if n == "prlimit" && len(o.values("-p", "--pid")) > 0 {
		return nil
	}
	if n == "entr" && o.is("-s") {
		l.mode = launchCode
	}
	if n == "perf" {
		if k, ok := c.pos(o, 0); !ok || c.s(k) != "stat" && c.s(k) != "record" && c.s(k) != "trace" && c.s(k) != "mem" && c.s(k) != "c2c" {
			return nil
		}
	}
	if n == "screen" && o.anyOf("-X") {
		return c.screenCommand(o) // multiplexers.go
	}
	if n == "toolbox" {
		if k, ok := c.pos(o, 0); !ok || c.s(k) != "run" {
			return nil
		}
	}
	if n == "direnv" {
		k, ok := c.pos(o, 0)
		if ok && (c.s(k) == "dump" || c.s(k) == "export") {
			// direnv dump prints the whole environment, direnv export
			// the variables .envrc sets, with their values.
			c.a.res.EnvDump = true
		}
		if !ok || c.s(k) != "exec" {
			c.w.modelled = false
			return nil
		}
	}
	pos := o.pos
	if len(pos) <= l.skip {
		return nil
	}
	for _, k := range pos[:l.skip] {
		c.skip[k] = true
	}
	if l.skip > 0 {
		// options may follow the operands before the command
		from := pos[l.skip-1] + 1
		rest := &cmd{a: c.a, sc: c.sc, name: n, args: c.args[from:], skip: c.skip[from:]}
		ro := rest.parse(optSpec{short: l.short, long: l.long, stopPos: true})
		if len(ro.pos) == 0 {
			return nil
		}
		c = rest
		pos = ro.pos
	} else {
		pos = pos[l.skip:]
	}
	if len(pos) > 0 && c.s(pos[0]) == "--" {
		c.skip[pos[0]] = true
		pos = pos[1:]
	}
	if len(pos) == 0 {
		return nil
	}
	mode := l.mode
	if mode == launchOneOr {
		mode = launchArgv
		if len(pos) == 1 {
			mode = launchCode
		}
	}
	switch mode {
	case launchCode:
		return c.joinedCode(pos, n)
	case launchEach:
		for _, k := range pos {
			c.skip[k] = true
			if err := c.code(c.args[k], n, false); err != nil {
				return err
			}
		}
		return nil
	}
	return c.wrap(pos[0], n)
}

// joinedCode analyses the arguments at ix, joined by spaces, as shell
// code run by c.
func (c *cmd) joinedCode(ix []int, via string) error {
	f := field{}
	parts := make([]string, 0, len(ix))
	for _, k := range ix {
		c.skip[k] = true
		parts = append(parts, c.s(k))
		f.dyn = f.dyn || c.args[k].dyn
	}
	f.s = strings.Join(parts, " ")
	return c.code(f, via, false)
}

func indexOf(list []int, v int) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return len(list)
}

// tmux runs tmux commands (tmux.go): -c runs shell code, -f a file of
// tmux commands when the command starts the server.
func (c *cmd) tmux() error {
	o := c.parse(optSpec{short: "cfLST", stopPos: true})
	for _, f := range o.values("-c") {
		if err := c.code(f, "tmux -c", false); err != nil {
			return err
		}
	}
	for _, f := range o.values("-f") {
		if f.s != "/dev/null" {
			c.read(f, "tmux -f configuration")
			c.opaque("tmux -f runs the tmux commands of a configuration file when it starts the server")
			if err := c.tmuxWritten(f, "tmux -f"); err != nil {
				return err
			}
		}
	}
	k, ok := c.pos(o, 0)
	if !ok {
		return nil
	}
	saved := c.a.tmuxServer
	c.a.tmuxServer = tmuxServerOf(o)
	defer func() { c.a.tmuxServer = saved }()
	return c.tmuxCode(k) // tmux.go
}
