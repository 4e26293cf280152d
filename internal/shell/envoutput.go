package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strconv"
	"strings"
)

// Environment variables whose value names a file (or a directory) a
// program writes, by program family, as data: git's trace targets and
// its index and object directories, the TLS key log every NSS/OpenSSL
// client honours, the history files of shells and REPLs, tools' log and
// coverage files. An assignment to one is a write of the path it names;
// a value not known statically is opaque.

// envOutputKind says how a variable's value names what is written.
type envOutputKind byte

const (
	envFile  envOutputKind = 'w' // a file written (appended to)
	envDir   envOutputKind = 'd' // a directory written into
	envTrace envOutputKind = 't' // git's trace target: 0/1/2/true/false, a fd number, af_unix:…, or a path
)

var envOutputs = &lazy.Value[map[string]envOutputKind]{New: func() map[string]envOutputKind {
	return map[string]envOutputKind{
		// git
		"GIT_TRACE": envTrace, "GIT_TRACE2": envTrace, "GIT_TRACE2_EVENT": envTrace, "GIT_TRACE2_PERF": envTrace,
		"GIT_TRACE_PACKET": envTrace, "GIT_TRACE_PACK_ACCESS": envTrace, "GIT_TRACE_PACKFILE": envTrace,
		"GIT_TRACE_PERFORMANCE": envTrace, "GIT_TRACE_SETUP": envTrace, "GIT_TRACE_SHALLOW": envTrace,
		"GIT_TRACE_CURL": envTrace, "GIT_TRACE_REFS": envTrace, "GIT_TRACE_FSMONITOR": envTrace, "GIT_TRACE_SIDEBAND": envTrace,
		"GIT_INDEX_FILE": envFile, "GIT_OBJECT_DIRECTORY": envDir, "GIT_COMMON_DIR": envDir, "GIT_SHALLOW_FILE": envFile,
		// TLS key logs (curl, wget, Firefox, Chrome, Python, Node with --tls-keylog's variable)
		"SSLKEYLOGFILE": envFile,
		// history files
		"HISTFILE": envFile, "LESSHISTFILE": envFile, "NODE_REPL_HISTORY": envFile, "PYTHON_HISTORY": envFile,
		"MYSQL_HISTFILE": envFile, "PSQL_HISTORY": envFile, "SQLITE_HISTORY": envFile, "REDISCLI_HISTFILE": envFile,
		"R_HISTFILE": envFile, "GDBHISTFILE": envFile, "IRB_HISTFILE": envFile, "LUA_HISTORY": envFile,
		// logs, traces and coverage of tools
		"MALLOC_TRACE": envFile, "PIP_LOG": envFile, "PIP_LOG_FILE": envFile, "TF_LOG_PATH": envFile,
		"ANSIBLE_LOG_PATH": envFile, "PACKER_LOG_PATH": envFile, "COVERAGE_FILE": envFile, "LLVM_PROFILE_FILE": envFile,
		"GOCOVERDIR": envDir, "NODE_V8_COVERAGE": envDir, "GCOV_PREFIX": envDir, "npm_config_logs_dir": envDir,
		"NPM_CONFIG_LOGS_DIR": envDir, "CURL_TRACE": envFile,
		// Python's .pyc files (round 19 #64) and compiler caches' logs; the
		// cache directories themselves are the programs' own files
		// (GOCACHE=/tmp/x is everyday): envbackstop.go judges them by the
		// rules that name files
		"PYTHONPYCACHEPREFIX": envDir, "CCACHE_LOGFILE": envFile, "SCCACHE_ERROR_LOG": envFile,
	}
}}

// envOutput reports the write an assignment of val to name makes.
func (a *analyzer) envOutput(sc *scope, cmdName, name, val string, known bool) {
	if name == "GIT_TRACE_REDACT" && (!known || !gitTrue(val)) {
		// git's traces (GIT_TRACE_CURL, GIT_CURL_VERBOSE, GIT_TRACE_PACKET)
		// print the Authorization headers and cookies its credential
		// helpers supply once redaction is off: the stores are read
		c := &cmd{a: a, sc: sc, name: cmdName}
		c.credStores(gitHelperStores(""), "GIT_TRACE_REDACT off makes git's traces print credentials")
	}
	kind, ok := envOutputs.Get()[name]
	if !ok {
		return
	}
	if !known {
		a.opaque(cmdName, name+" names a file written, not known statically")
		return
	}
	why := name + " names a file programs write"
	switch kind {
	case envTrace:
		v := strings.TrimSpace(val)
		low := strings.ToLower(v)
		if strings.HasPrefix(low, "af_unix:") {
			return // a socket, not a file
		}
		if !strings.Contains(v, "/") {
			return // off, stderr, a descriptor, or a relative name git refuses
		}
		val = v
		why = name + " names the file git appends its trace to"
	case envDir:
		why = name + " names a directory programs write into"
	}
	if val == "" || val == "/dev/null" {
		return
	}
	a.path(sc, kWrite, field{s: val}, cmdName, why)
}

// gitTrue reports whether git reads an environment value as true (its
// boolean spellings and non-zero numbers); anything else turns a
// default-on setting off, or is refused.
func gitTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on":
		return true
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return err == nil && n != 0
}
