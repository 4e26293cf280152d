package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"
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

// A launcher's options are a string of "names:effect" words as in
// progSpecTable (knowledge.go): every option that takes a value is listed
// with what its value is — a file written (w), read (r), shell code (c),
// a command line (x), something that makes what runs unknown (o), or not
// a file (-). Under the floor rule the value of an option not listed,
// and the tail of an option cluster with no listed letter, are candidate
// writes, as an unmodelled program's are (TestLauncherOptions).
type launcher struct {
	opts string
	skip int // operands before the command (a user, a time, …)
	// lead says when the first skipped operand is there at all
	// (leadops.go); leadOpts are the options that replace it
	lead     leadRule
	leadOpts []string
	mode     launchMode
	opaque   []string // options (or "": always) that make what runs unknown
	why      string   // opaque reason for those options
}

var launchers = &lazy.Value[map[string]launcher]{New: func() map[string]launcher {
	return map[string]launcher{
		"rlwrap": {opts: "-b,--break-chars:- -C,--command-name:- -D,--history-no-dupes:- -f,--file:r -F,--prompt-format:- -g,--forget-matching:- " +
			"-H,--history-filename:rw -l,--logfile:w -O,--only-cook:- -p:- -P,--pre-given:- -q,--quote-characters:- -s,--histsize:- " +
			"-S,--substitute-prompt:- -t,--set-term-name:- -w,--wait-before-prompt:- -W,--polling:- -z,--filter:o",
			opaque: []string{"-z", "--filter"}, why: "rlwrap runs a filter program"},
		"entr":      {}, // -s: see launch
		"faketime":  {opts: "--date-prog:x", skip: 1},
		"tsp":       {opts: "-L:- -N:- -D:- -W:-"},
		"gosu":      {skip: 1},
		"su-exec":   {skip: 1},
		"setuidgid": {skip: 1},
		"envuidgid": {skip: 1},
		// runcon CONTEXT CMD, or runcon [-c] [-u U] [-r R] [-t T] [-l L] CMD
		"runcon": {opts: "-u,--user:- -r,--role:- -t,--type:- -l,--range:-", skip: 1, lead: leadNoOpts,
			leadOpts: []string{"-c", "--compute", "-u", "--user", "-r", "--role", "-t", "--type", "-l", "--range"}},
		// setarch [ARCH] [options] CMD: util-linux >= 2.33 takes ARCH only
		// from the first word, when it is not an option; its options are
		// flags. The names it is installed under (linux32, x86_64, …)
		// take no ARCH.
		"setarch": {skip: 1, lead: leadFirst},
		"linux32": {}, "linux64": {}, "i386": {}, "i686": {}, "x86_64": {}, "uname26": {},
		"aarch64": {}, "armv7l": {}, "ppc64": {}, "ppc64le": {}, "s390x": {}, "riscv64": {},
		"envdir": {skip: 1, opaque: []string{""}, why: "envdir sets the environment from files"},
		// chpst -l/-L FILE take a lock on FILE, creating it.
		"chpst": {opts: "-u:- -U:- -b:- -e:o -n:- -l:w -L:w -m:- -d:- -o:- -p:- -f:- -c:- -r:- -t:- -/:o",
			opaque: []string{"-e", "-/"}, why: "chpst sets the environment from files or another root"},
		"softlimit":        {opts: "-a:- -m:- -d:- -s:- -l:- -o:- -p:- -r:- -f:- -t:- -c:-"},
		"tini":             {opts: "-p:- -e:-"}, // -g and -s are flags
		"dumb-init":        {opts: "-r,--rewrite:-"},
		"catatonit":        {},
		"dbus-run-session": {opts: "--config-file:r --dbus-daemon:x"},
		// ssh-agent -a SOCKET makes a socket there.
		"ssh-agent": {opts: "-a:w -E:- -P:- -t:-"},
		"trickle":   {opts: "-u:- -d:- -w:- -t:- -l:- -n:- -L:-"},
		"proot": {opts: "-r,--rootfs:o -R:o -S:o -b,--bind,-m,--mount:o -w,--pwd,--cwd:cwd -k,--kernel-release:- -v,--verbose:- -q,--qemu:x",
			opaque: []string{"-r", "--rootfs", "-R", "-S"}, why: "proot runs the command under another root"}, // -b binds a host path at another name,
		"fakechroot":      {opts: "-l,--lib:o -c,--config-dir:o -d,--elfloader:o -e,--environment:o"},
		"flatpak-spawn":   {opts: "--env:- --directory:cwd --forward-fd:- --sandbox-expose:- --sandbox-expose-ro:-"},
		"nq":              {},
		"cgexec":          {opts: "-g:-"},
		"systemd-inhibit": {opts: "--what:- --who:- --why:- --mode:-"},
		"sandbox-exec":    {opts: "-f:r -p:- -D:-"},
		"screen":          {opts: "-c:r -e:- -h:- -p:- -S:- -T:- -X:- -Logfile:w", opaque: []string{""}, why: "runs commands in a terminal multiplexer"},
		// dtach -n|-c|-A|-N SOCKET [opts] CMD… runs CMD detached, making
		// SOCKET; -a attaches to one.
		"dtach": {opts: "-a:- -c:w -n:w -A:w -N:w -e:- -r:- -z:-"},
		// abduco -n|-c|-A NAME CMD…: a session name, a socket path when
		// it holds a /.
		"abduco": {opts: "-a:? -c:? -n:? -A:? -e:-"},
		// hyperfine --output null|pipe|inherit|FILE; --input null|FILE.
		"hyperfine": {opts: "-w,--warmup:- -r,--runs:- -m,--min-runs:- -M,--max-runs:- -p,--prepare:c -c,--cleanup:c -s,--setup:c --conclude:c " +
			"--reference:c -n,--command-name:- -P,--parameter-scan:- -L,--parameter-list:- -D,--parameter-step-size:- -S,--shell:sh --style:- " +
			"--sort:- -u,--time-unit:- --export-asciidoc:w --export-csv:w --export-json:w --export-markdown:w --export-orgmode:w " +
			"--output:? --input:r --min-benchmarking-time:-", mode: launchEach},
		"watchexec": {opts: "-w,--watch:- -W,--watch-non-recursive:- -e,--exts:- -f,--filter:- -i,--ignore:- -s,--signal:- -d,--debounce:- " +
			"-o,--on-busy-update:- -E,--env:- --shell:sh --project-origin:- --workdir:cwd --stop-signal:- --stop-timeout:- --delay-run:- --poll:- " +
			"--emit-events-to:- --filter-file:r --ignore-file:r --watch-file:r --log-file:w -j,--filter-prog:- --wrap-process:- --color:-",
			mode: launchOneOr},
		"nodemon": {opts: "-w,--watch:- -e,--ext:- -x,--exec:c -d,--delay:- -i,--ignore:- --signal:- --config:r"},
		// sem is GNU parallel: its options too.
		"sem": {opts: "-j,--jobs:- --id:- --semaphorename:- --timeout:- --joblog:w --results:d --tmpdir:d --sshloginfile:r -a,--arg-file:r",
			mode: launchCode},
		// perf's own options before its subcommand; those after it are
		// the subcommand's (perfCommand).
		"perf": {opts: "--exec-path:o --buildid-dir:- --debug:- --debugfs-dir:-", skip: 1},
		// perf stat's --pre/--post commands run through the shell.
		"perf stat": {opts: "-e,--event:- -o,--output:w -p,--pid:- -t,--tid:- -C,--cpu:- -G,--cgroup:- -r,--repeat:- -x,--field-separator:- " +
			"-I,--interval-print:- -D,--delay:- --pre:c --post:c --log-fd:- -M,--metrics:- --for-each-cgroup:- --interval-count:- " +
			"--timeout:- --td-level:- --filter:- --control:- -u,--uid:-"},
		"perf record": {opts: "-e,--event:- -o,--output:w -p,--pid:- -t,--tid:- -C,--cpu:- -G,--cgroup:- -c,--count:- -F,--freq:- " +
			"-m,--mmap-pages:- -r,--realtime:- -u,--uid:- -j,--branch-filter:- -k,--clockid:- -D,--delay:- --call-graph:- " +
			"--switch-output:- --switch-max-files:- --control:- --filter:- --max-size:- --affinity:- --synth:-"},
		"perf trace": {opts: "-e,--event,--expr:- -o,--output:w -p,--pid:- -t,--tid:- -C,--cpu:- -G,--cgroup:- -u,--uid:- " +
			"-m,--mmap-pages:- -F,--pf:- --duration:- --filter-pids:- --call-graph:- --max-events:- --max-stack:- --min-stack:- " +
			"--switch-on:- --switch-off:- --proc-map-timeout:-"},
		"perf ftrace": {opts: "-t,--tracer:- -p,--pid:- -C,--cpu:- -D,--graph-depth:- -T,--trace-funcs:- -N,--notrace-funcs:- " +
			"-G,--graph-funcs:- -g,--nograph-funcs:- -m,--buffer-size:- --graph-opts:- --func-opts:- -d,--delay:-"},
		// uftrace [record|live] [opts] CMD…: -d DIR is where it records.
		"uftrace": {opts: "-F,--filter:- -N,--notrace:- -T,--trigger:- -D,--depth:- -d,--data:d -L,--library-path:o -t,--time-filter:- " +
			"-A,--argument:- -R,--retval:- -P,--patch:- -U,--unpatch:- -Z,--size-filter:- -E,--event:- -S,--script:o -C,--caller-filter:- " +
			"-W,--watch:- -r,--time-range:- --logfile:w --signal:- --rt-prio:- --clock:- --demangle:- --max-stack:- --num-thread:- --buffer:-", skip: 1},
		"heaptrack": {opts: "-o,--output:w -p,--pid:-"},
		// memusage [options] PROG ARGS: the values of -n, -d and -b are
		// also code (evalscripts.go)
		"memusage":     {opts: "-n,--progname:- -p,--png:w -d,--data:w -b,--buffer:- --title:- -x,--x-size:- -y,--y-size:-"},
		"cpulimit":     {opts: "-l,--limit:- -p,--pid:- -e,--exe:-"},
		"prlimit":      {opts: "-p,--pid:- -o,--output:- " + prlimitResources},
		"taskpolicy":   {opts: "-c:- -d:- -g:- -t:- -b:- -s:-"},
		"with-contenv": {},
		"s6-setuidgid": {skip: 1},
		"unshare-user": {},
		"toolbox":      {opts: "-c,--container:- -d,--distro:- -r,--release:- --directory:cwd", skip: 1},
		"direnv":       {skip: 2}, // direnv exec DIR CMD (see launch)
		// start-stop-daemon --start --exec PROG [--startas PROG] -- ARGS:
		// the program is an option's value (see launch); -d DIR is its cwd.
		"start-stop-daemon": {opts: "-d,--chdir:cwd -x,--exec:- -a,--startas:- -n,--name:- -u,--user:- -c,--chuid:- -g,--group:- " +
			"-p,--pidfile:- -r,--chroot:o -N,--nicelevel:- -P,--procsched:- -I,--iosched:- -k,--umask:- -R,--retry:- -s,--signal:- " +
			"--ppid:- -O,--output:w --notify-timeout:-", opaque: []string{"-r", "--chroot"}, why: "start-stop-daemon runs the program under another root"},
	}
}}

// prlimitResources are prlimit's --RESOURCE=LIMITS options.
const prlimitResources = "--as=,--core=,--cpu=,--data=,--fsize=,--locks=,--memlock=,--msgqueue=,--nice=,--nofile=,--nproc=,--rss=," +
	"--rtprio=,--rttime=,--sigpending=,--stack=:-"

// dynLoaderOpts are the options of the dynamic loader run as a program.
const dynLoaderOpts = "--library-path:o --inhibit-rpath:- --audit:o --preload:o --argv0:- --glibc-hwcaps-prepend:- --glibc-hwcaps-mask:-"

// launcherSpecs are the launchers' options compiled, under floor; the
// key "" is the dynamic loader's.
var launcherSpecs = &lazy.Value[map[string]*compiledSpec]{New: func() map[string]*compiledSpec {
	m := make(map[string]*compiledSpec, len(launchers.Get())+1)
	for n, l := range launchers.Get() {
		cs := compileOpts(n, l.opts)
		cs.complete, cs.floor = true, true
		m[n] = cs
	}
	cs := compileOpts("ld.so", dynLoaderOpts)
	cs.complete, cs.floor = true, true
	m[""] = cs
	return m
}}

// launcherOpts is the optSpec of a launcher's compiled options.
func launcherOpts(cs *compiledSpec, stop bool) optSpec {
	return optSpec{short: cs.short, long: cs.long, dashLong: cs.dashLong, stopPos: stop}
}

var launcherSet = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := make(map[string]bool, len(launchers.Get()))
	for n := range launchers.Get() {
		if !strings.Contains(n, " ") { // "perf stat": a subcommand's options
			m[n] = true
		}
	}
	return m
}}

// isLauncher reports whether n is a launcher of the table or the dynamic
// loader run as a program (ld-linux-x86-64.so.2 PROG runs PROG).
func isLauncher(n string) bool { return launcherSet.Get()[n] || dynLoader(n) }

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
	cs := launcherSpecs.Get()[n]
	if dynLoader(n) {
		l = launcher{opaque: []string{"--audit", "--preload", "--library-path"}, why: "the loader loads other libraries into the program"}
		cs, ok = launcherSpecs.Get()[""], true
	}
	if !ok {
		return nil
	}
	o := c.parse(launcherOpts(cs, l.mode != launchEach))
	c.w.modelled = true
	for _, k := range l.opaque {
		if k == "" || o.anyOf(k) {
			c.opaque(l.why)
		}
	}
	if err := c.optEffects(o, cs); err != nil { // writers.go
		return err
	}
	if dynLoader(n) && o.anyOf("--list", "--verify", "--help", "--version") {
		return nil
	}
	if n == "prlimit" && len(o.values("-p", "--pid")) > 0 {
		return nil
	}
	if n == "start-stop-daemon" {
		return c.startStopDaemon(o)
	}
	restKey := n
	switch n {
	case "perf":
		key, skip := perfCommand(c, o)
		if key == "" {
			// perf report, inject, script, …: their options are not
			// modelled, so their arguments are candidate writes
			// (perf inject -o FILE).
			c.w.modelled = false
			return nil
		}
		restKey, l.skip = key, skip
	case "uftrace":
		switch k, ok := c.pos(o, 0); {
		case !ok:
			return nil
		case c.s(k) == "record" || c.s(k) == "live":
		case uftraceSubs.Get()[c.s(k)]:
			return nil // replays or reports what was recorded
		default:
			l.skip = 0 // uftrace PROG: live
		}
	}
	if n == "entr" && o.is("-s") {
		l.mode = launchCode
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
	if l.skip > 0 && len(pos) > 0 && !c.leadTaken(l.lead, pos[0], o, l.leadOpts) {
		l.skip-- // an optional leading operand left out: the word is the command
	}
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
		rs := launcherSpecs.Get()[restKey]
		ro := rest.parse(launcherOpts(rs, true))
		if err := rest.optEffects(ro, rs); err != nil {
			return err
		}
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
	switch {
	case c.w.foreign && mode != launchArgv:
		// commands in another language: read leniently
		for _, k := range pos {
			c.skip[k] = true
			if err := c.lenientCode(c.args[k], n); err != nil {
				return err
			}
		}
		return nil
	case mode == launchCode:
		return c.joinedCode(pos, n)
	case mode == launchEach:
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

// startStopDaemon analyses the program start-stop-daemon --start runs:
// --startas PROG (else --exec PROG) with the operands after "--" as its
// arguments, in the directory of -d (applied by optEffects).
func (c *cmd) startStopDaemon(o opts) error {
	for _, f := range o.values("-p", "--pidfile") {
		if o.anyOf("-m", "--make-pidfile") {
			c.write(f, c.name+" --make-pidfile")
		} else {
			c.read(f, c.name+" --pidfile")
		}
	}
	if !o.anyOf("-S", "--start") {
		return nil
	}
	progs := o.values("-a", "--startas")
	if len(progs) == 0 {
		progs = o.values("-x", "--exec")
	}
	if len(progs) == 0 {
		return nil
	}
	args := []field{progs[len(progs)-1]}
	for _, k := range o.pos {
		if c.s(k) != "--" {
			args = append(args, c.args[k])
		}
		c.skip[k] = true
	}
	run := &cmd{a: c.a, sc: c.sc, name: c.name, args: args, skip: make([]bool, len(args))}
	return run.wrap(0, c.name)
}

// uftraceSubs are uftrace's subcommands that run no program.
var uftraceSubs = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"replay": true, "report": true, "info": true, "dump": true, "graph": true, "script": true, "tui": true, "recv": true}
}}

// perfRecorders are perf's subcommands whose "record" runs a program
// through perf record (perf mem [opts] record [opts] CMD…).
var perfRecorders = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"mem": true, "c2c": true, "sched": true, "lock": true, "kmem": true, "timechart": true, "kwork": true}
}}

// perfCommand returns the launcherSpecs key of the options after perf's
// subcommand words and how many operands those words are, or "" when
// the subcommand runs no program.
func perfCommand(c *cmd, o opts) (string, int) {
	k, ok := c.pos(o, 0)
	if !ok {
		return "", 0
	}
	switch sub := c.s(k); {
	case sub == "stat" || sub == "record" || sub == "trace" || sub == "ftrace":
		return "perf " + sub, 1
	case perfRecorders.Get()[sub]:
		for i := 1; i < len(o.pos) && i <= 4; i++ {
			if c.s(o.pos[i]) == "record" {
				return "perf record", i + 1
			}
		}
	}
	return "", 0
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
