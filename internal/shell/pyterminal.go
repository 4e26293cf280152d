package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// python -m MODULE with a terminal the agent types into later (Terminal).
// A module is a program by another name, and many are REPLs or debuggers
// (asyncio, IPython, _pyrepl, ipdb, pudb, code, pdb, sqlite3, a
// framework's shell): no list of those stays complete, so the default is
// inverted — a module reads its terminal unless it is known not to
// (pyQuietModules), and then only with the subcommands or options listed
// for it (red-team round 23 (c)).

// pyQuiet is what makes a quiet module read its terminal after all.
type pyQuiet struct {
	// subs are the subcommands (the module's first operand) that open a
	// shell or REPL: python -m flask shell.
	subs []string
	// opts are the options that do: python -m pytest --pdb.
	opts []string
}

// pyQuietModules are the modules known not to read commands from their
// terminal: the standard library's command-line tools that do not, and
// the everyday tools of Python projects (packaging, testing, linting,
// serving).
var pyQuietModules = &lazy.Value[map[string]pyQuiet]{New: func() map[string]pyQuiet {
	m := map[string]pyQuiet{
		"pytest":  {opts: []string{"--pdb", "--trace"}},
		"py.test": {opts: []string{"--pdb", "--trace"}},
		"flask":   {subs: []string{"shell"}},
		"django":  {subs: []string{"shell", "shell_plus", "dbshell"}},
		"celery":  {subs: []string{"shell"}},
		"scrapy":  {subs: []string{"shell"}},
		"poetry":  {subs: []string{"shell"}},
		"pipenv":  {subs: []string{"shell"}},
		"hatch":   {subs: []string{"shell"}},
		"jupyter": {subs: []string{"console", "qtconsole", "notebook", "lab"}},
	}
	for _, n := range strings.Fields(pyReadOnly + " " + pyQuietNames) {
		if _, ok := m[n]; !ok {
			m[n] = pyQuiet{}
		}
	}
	return m
}}

// pyQuietNames are the other quiet modules (pyReadOnly's are quiet too).
const pyQuietNames = "pip ensurepip venv virtualenv http.server SimpleHTTPServer json.tool compileall py_compile " +
	"tarfile zipfile gzip zipapp cProfile profile timeit trace pydoc build twine wheel setuptools_scm " +
	"pipx pdm uv nox tox coverage black isort flake8 pycodestyle pydocstyle pylint mypy ruff bandit " +
	"autopep8 yapf vulture radon pyright nose2 hypothesis alembic pre_commit sphinx mkdocs gunicorn " +
	"uvicorn hypercorn grpc_tools.protoc PyInstaller nuitka maturin cython piptools pip_audit pipdeptree " +
	"nbconvert streamlit locust"

// pyModuleTerminal is Terminal for an interpreter of the python family:
// "" when it runs no module, or a quiet one.
func pyModuleTerminal(name string, args []string) string {
	mod, rest, ok := pyModuleOf(args)
	if !ok {
		return ""
	}
	q, quiet := pyQuietModules.Get()[mod]
	if !quiet {
		return name + " -m " + mod + ": a module not known to leave its terminal alone (a REPL or debugger by another name) runs what is typed into it"
	}
	if len(q.opts) > 0 && hasOpt(rest, q.opts, "") {
		return name + " -m " + mod + ": " + whyDebugger
	}
	for _, a := range rest {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if contains(q.subs, a) {
			return name + " -m " + mod + " " + a + ": " + whyREPL
		}
		break
	}
	return ""
}

// pyModuleOf finds -m MODULE among a python command line's options (up
// to the first operand: a script, "-" or -c code run no module) and
// returns it with the module's own arguments.
func pyModuleOf(args []string) (mod string, rest []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--check-hash-based-pycs":
			i++
			continue
		case strings.HasPrefix(a, "--"):
			continue
		case !strings.HasPrefix(a, "-") || a == "-":
			return "", nil, false
		}
		for j := 1; j < len(a); j++ {
			switch a[j] {
			case 'm':
				if j+1 < len(a) {
					return a[j+1:], args[i+1:], true
				}
				if i+1 < len(args) {
					return args[i+1], args[i+2:], true
				}
				return "", nil, false
			case 'c':
				return "", nil, false
			case 'W', 'X', 'Q':
				if j == len(a)-1 {
					i++
				}
				j = len(a)
			}
		}
	}
	return "", nil, false
}
