package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// The programs the analysis models by name, as one table. Each family
// file lists its own as a catalogue of {names, handler} entries; dispatch
// (commands.go) looks a name up once. Programs recognised by a predicate
// rather than a name (every shell and interpreter by any version suffix,
// launchers, terminal emulators, extractors, …) are matched in dispatch
// before the table, and the option tables every program shares are
// knowledge.go's. The hosts of the clients that are data only
// (hostclients.go, netclients.go, dbclients.go) are reported for every
// command before the table is consulted (toolHosts, netClientHosts,
// dbConnection).
//
//	builtins.go      shell builtins and text-only commands
//	wrappers.go      wrappers that run a command line (sudo, env, nice, xargs, …)
//	fileops.go       copy, move, create, change, delete; find
//	archives.go      tar, zip, unzip, 7z
//	searchers.go     grep and its kin, rg, diff
//	textproc.go      sed, awk, jq, m4, dc
//	httpclients.go   curl, wget, httpie, …
//	netprograms.go   ssh and the clients of other protocols
//	git.go           git
//	pkgrunners.go    npx, npm exec, uv run, …
//	compilers.go     compilers, converters, go, make
//	interactive.go   editors, man, debuggers, tmux, sqlite3
//	servers.go       file servers
//	dbus.go          generic D-Bus clients (busctl, gdbus, dbus-send, qdbus)

// A handler models one program: what it reads, writes, deletes, runs and
// connects to. An error ends the analysis (a limit, a fork bomb).
type handler func(c *cmd) error

// A program is one catalogue entry: the names a program is known by,
// separated by spaces, and its handler.
type program struct {
	names string
	run   handler
}

// nothing is the handler of a program that is listed (it is not
// unlisted: candcmds.go) but has no effect beyond the shared ones.
func nothing(*cmd) error { return nil }

// effects makes a handler of a method that cannot fail.
func effects(f func(*cmd)) handler { return func(c *cmd) error { f(c); return nil } }

// programTable maps a program's name to its handler; built on first use.
var programTable = &lazy.Value[map[string]handler]{}

// programTable's New is set here rather than in its declaration: the
// handlers lead back to dispatch, which reads the table, and Go rejects
// that initialization cycle. One pointer store, no start-up work.
func init() { programTable.New = buildPrograms }

func buildPrograms() map[string]handler {
	families := [][]program{
		builtinPrograms(),
		wrapperPrograms(),
		fileOpPrograms(),
		archivePrograms(),
		searchPrograms(),
		textPrograms(),
		httpPrograms(),
		netPrograms(),
		gitPrograms(),
		runnerPrograms(),
		compilerPrograms(),
		interactivePrograms(),
		serverPrograms(),
		busPrograms(), // dbus.go
	}
	m := make(map[string]handler, 320)
	for _, family := range families {
		for _, p := range family {
			for _, n := range strings.Fields(p.names) {
				if _, dup := m[n]; dup {
					panic("shell: program " + n + " is listed twice")
				}
				m[n] = p.run
			}
		}
	}
	return m
}
