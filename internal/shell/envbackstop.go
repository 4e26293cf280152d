package shell

import (
	"sort"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// The environment's structural backstop (red-team round 19 #63, #64). The
// tables of variables that name a file a program reads (envfiles.go) or
// writes (envoutput.go) will never be complete: file(1) reads MAGIC,
// Python writes under PYTHONPYCACHEPREFIX, and every tool has its own.
// So the value of ANY variable in the environment a program is given (a
// prefix assignment, an exported or inherited-exported one) that is not
// in those tables and not known to be harmless (envHarmless) is judged
// as an unknown program's argument is: each piece of it that may be a
// path — the value, its ':'-, ','-, ';'- and blank-separated parts, the
// VALUE of a NAME=VALUE or --opt=VALUE part and the tail of a glued -Ipath
// — is a read of that path and a candidate write (counted only when it
// names a protected path or one the rules forbid writing). A part not
// known statically (the $PATH of PATH=x:$PATH) is the inherited value:
// not judged here. Both are judged by the rules that name files only
// (EnvNamedWhy): a value that is no path, or a path nothing protects, is
// no alarm.

// EnvNamedWhy is the Why of the reads and possible writes the backstop
// reports: the policy judges them by the rules that name files only
// (block_paths, credential stores, self-protection), as it does a name
// in a container's command (MountedNameWhy).
const EnvNamedWhy = "named by an environment variable no table knows"

// envHarmless are variables whose values name no file programs open.
var envHarmless = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`PWD OLDPWD SHLVL TERM COLORTERM LANG LANGUAGE COLUMNS LINES USER LOGNAME
		NODE_ENV RAILS_ENV RACK_ENV APP_ENV FLASK_ENV DJANGO_DEBUG ENV ENVIRONMENT STAGE DEBUG VERBOSE CI
		GOOS GOARCH GOAMD64 GOARM CGO_ENABLED GO111MODULE GOPROXY GONOSUMDB GOPRIVATE GONOPROXY GOSUMDB GOTOOLCHAIN
		GOMAXPROCS GOGC GOMEMLIMIT GODEBUG GOEXPERIMENT RUST_LOG RUST_BACKTRACE RUSTFLAGS CARGO_INCREMENTAL
		PYTHONUNBUFFERED PYTHONDONTWRITEBYTECODE PYTHONHASHSEED PYTHONWARNINGS PYTHONIOENCODING PYTHONOPTIMIZE
		FORCE_COLOR NO_COLOR CLICOLOR TZ_NOCHECK LC_ALL LC_CTYPE LC_MESSAGES LC_COLLATE LC_NUMERIC LC_TIME
		GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
		GIT_PAGER_IN_USE GIT_TERMINAL_PROMPT GIT_FLUSH JAVA_TOOL_OPTIONS_NONE MAKEFLAGS MAKELEVEL JOBS
		OMP_NUM_THREADS MKL_NUM_THREADS NUMBA_NUM_THREADS CUDA_VISIBLE_DEVICES HTTP_PROXY HTTPS_PROXY NO_PROXY
		http_proxy https_proxy no_proxy ALL_PROXY all_proxy PORT HOST HOSTNAME LOG_LEVEL LOGLEVEL`) {
		m[n] = true
	}
	return m
}}

// envModelled reports whether a table says what variable name's value is:
// harmless, a file read or written, a program's options, code, a
// configuration (judged there, not here).
func envModelled(name string) bool {
	if envHarmless.Get()[name] || strings.HasPrefix(name, "BASH_FUNC_") || funcImport(name) ||
		strings.HasPrefix(name, "MANDATE_") || // Mandate's own: the policy's mandateEnv
		strings.HasPrefix(name, "ANSIBLE_") { // ansible.go
		return true
	}
	if _, ok := hostVars.Get()[name]; ok {
		return true
	}
	if _, ok := envFileVars.Get()[name]; ok {
		return true
	}
	if _, ok := envOutputs.Get()[name]; ok {
		return true
	}
	if _, ok := foreignOptionVars.Get()[name]; ok {
		return true
	}
	if _, ok := optionVarReaders.Get()[name]; ok {
		return true
	}
	if _, _, ok := optionFamilyOf(name); ok {
		return true
	}
	return commandVars.Get()[name] || toolCommandVar(name) || codeLoadVars.Get()[name] || configFileVars.Get()[name]
}

// envBackstop judges the values of the environment c is given that no
// table knows.
func (c *cmd) envBackstop() {
	if len(c.sc.cmdEnv) == 0 && len(c.a.exported) == 0 {
		return
	}
	var names []string
	for k := range c.sc.cmdEnv {
		names = append(names, k)
	}
	for k := range c.a.exported {
		if _, ok := c.sc.cmdEnv[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		if envModelled(name) {
			continue
		}
		v, set := c.a.envOrVar(c.sc, name)
		if !set || v.val == "(…)" {
			continue
		}
		eachEnvPathPiece(v.val, func(p string) {
			c.read(field{s: p}, EnvNamedWhy)
			c.a.path(c.sc, kWrite, field{s: p, cand: true}, c.name, EnvNamedWhy)
		})
	}
}

// eachEnvPathPiece calls f with each piece of an environment value that
// may name a file (see envBackstop), skipping the ones not known
// statically.
func eachEnvPathPiece(val string, f func(p string)) {
	for _, part := range strings.FieldsFunc(val, func(r rune) bool {
		return r == ':' || r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n'
	}) {
		cands := [3]string{part}
		n := 1
		if k, v, ok := strings.Cut(part, "="); ok {
			cands[0] = k
			cands[n] = v
			n++
		} else if len(part) > 2 && part[0] == '-' && part[1] != '-' && strings.ContainsAny(part[2:], "./~") {
			cands[n] = part[2:] // -I/usr/include
			n++
		}
		for _, p := range cands[:n] {
			if p == "/dev/null" || strings.ContainsAny(p, "$`") || !mayBePath(p) || p[0] == '-' {
				continue
			}
			f(p)
		}
	}
}
