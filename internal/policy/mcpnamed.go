package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// MCP arguments judged by what they name, whatever their key. A server's
// argument keys are its own words: a path may stand under pathInProject,
// file_path_in_repo or location, and a program's whole argument list
// under argv. Four readings close what the key tables do not list:
//
//   - a key with a path word anywhere in it (mcpPathWords, and location)
//     holds a path when its value is shaped like one (one word with a "/"
//     or a "."), unless its last word names something else
//     (mcpNonPathTails: target_branch, file_type, source_lang);
//   - any other string that, taken as a path, names a blocked, protected
//     or credential path (.env, agent-policy.yaml,
//     .github/workflows/x.yml, src/p) is judged as that path, as a
//     candidate is (candidate.go): only those rules apply to it;
//   - an argument list (argv, args, arguments: a list, or a string of
//     shell words) of an object with no command key is a command line,
//     its first word the program;
//   - a value of an environment tool's name-like key, or of any tool's
//     env key, that is a variable block_env_vars lists, in any case,
//     reads that variable.

// mcpNonPathTails end keys that hold no path even though a path word
// stands before them.
var mcpNonPathTails = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"branch": true, "branches": true, "ref": true, "refs": true, "sha": true, "commit": true,
		"revision": true, "rev": true, "version": true, "id": true, "ids": true, "type": true,
		"types": true, "kind": true, "language": true, "lang": true, "encoding": true,
		"format": true, "mode": true, "size": true, "count": true, "length": true, "limit": true,
		"offset": true, "line": true, "lines": true, "column": true, "text": true, "content": true,
		"contents": true, "body": true, "data": true, "hash": true, "checksum": true,
		"pattern": true, "patterns": true, "glob": true, "regex": true, "filter": true,
		"query": true, "host": true, "hosts": true, "port": true, "url": true, "urls": true,
		"user": true, "owner": true, "title": true, "description": true, "message": true,
		"number": true, "index": true, "depth": true, "permissions": true, "separator": true,
	}
}}

// mcpProseTails end keys whose value is prose for people to read or text
// to search for, never a name a program acts on.
var mcpProseTails = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"title": true, "subject": true, "summary": true, "description": true, "comment": true,
		"caption": true, "note": true, "notes": true, "question": true, "answer": true,
		"reason": true, "label": true, "labels": true, "headline": true, "topic": true,
		// text searched for, not a name: search_code {query: ".env"}
		"query": true, "q": true, "regex": true, "term": true, "terms": true,
		"keyword": true, "keywords": true, "needle": true,
	}
}}

// isMCPWidePathKey reports whether a key has a path word anywhere in it
// (pathInProject, file_path_in_repo, location, target_dir_rel) and no
// tail that names something else.
func isMCPWidePathKey(key string) bool {
	w := mcpWords(key)
	if len(w) == 0 || mcpNonPathTails.Get()[w[len(w)-1]] {
		return false
	}
	for i, x := range w {
		if mcpPathWords.Get()[x] || x == "location" || x == "locations" || x == "loc" {
			return true
		}
		if i > 0 && mcpPathWords.Get()[w[i-1]+x] {
			return true
		}
	}
	return false
}

// mcpPathShaped reports whether a value under a wide path key reads as a
// path: one word with a separator or an extension.
func mcpPathShaped(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\r\n") && strings.ContainsAny(s, "/.\\~")
}

// mcpNamed judges a string under a key that names no path by the path it
// would name: only the rules for blocked, protected and credential paths
// apply (a name a rule forbids is forbidden whatever key carries it).
// exact: s is a name whatever key it stands under (an object key, a
// URI's path), never text or prose.
func (ev *evaluation) mcpNamed(key, s string, ops []opKind, exact bool) {
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i] // a C server's name
	}
	s = strings.TrimFunc(s, anySpace) // a server that trims (toolpaths.go)
	if s == "" || len(s) > mcpMaxName || ev.reach != nil || strings.ContainsAny(s, " \t\r\n") {
		return
	}
	if _, text := mcpConnKey(mcpKey(key)); text && !exact {
		return // text a tool writes or sends
	}
	if w := mcpWords(key); len(w) > 0 && mcpProseTails.Get()[w[len(w)-1]] && !exact {
		return // prose: an issue's title, a commit's subject
	}
	if ev.cwd == "" && !strings.HasPrefix(s, "/") {
		s = "/" + s // no working directory: name patterns (".env*") still apply
	}
	var buf [2]string
	readings, _, _ := ev.mcpReadings(s, buf[:0]) // every reading: mcpbase.go, toolpaths.go
	for _, q := range readings {
		q, err := ev.absPath(q)
		if err != nil {
			continue
		}
		q = path.Clean(q)
		targets := []*target{newTarget(q, ev.root, ev.home)}
		if res, err := ev.resolve(ev.kernelPath(q)); err == nil {
			if res = path.Clean(res); res != q {
				targets = append(targets, newTarget(res, ev.rootR, ev.homeR))
			}
		}
		const named = chkBlock | chkCreds | chkSelf
		for _, op := range ops {
			ev.judge(targets, op, pathFlags{via: "MCP argument " + key}, named)
		}
	}
}

// mcpArgvObject judges an object's argument list given with no command
// key ({argv: [rm, agent-policy.yaml]}, {args: "rm x"}) as the command
// line it is, in the working directory the object names; a list that
// starts with an option names no program and is left to the walk. It
// reports the keys it judged.
func (ev *evaluation) mcpArgvObject(x map[string]any, skip map[string]bool) map[string]bool {
	for _, k := range argKeys(x) {
		if !isArgvKey(k) || skip[k] {
			continue
		}
		var line string
		switch v := x[k].(type) {
		case string: // shell words
			if f := strings.Fields(v); len(f) > 0 && !strings.HasPrefix(f[0], "-") {
				line = v
			}
		case []any:
			words := make([]string, 0, len(v))
			for _, e := range v {
				s, ok := scalarString(e)
				if !ok {
					words = nil
					break
				}
				words = append(words, s)
			}
			if len(words) > 0 && words[0] != "" && !strings.HasPrefix(words[0], "-") {
				line = quoteArgv(words)
			}
		}
		if line == "" {
			continue
		}
		if skip == nil {
			skip = map[string]bool{}
		}
		cwd := ev.mcpWorkdir(x, skip)
		ev.mcpCommandIn(k, line, cwd)
		skip[k] = true
	}
	return skip
}

// mcpEnvToolWords in a tool's name say it reads or sets environment
// variables or secrets by name.
var mcpEnvToolWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"env": true, "environ": true, "environment": true, "getenv": true, "printenv": true,
		"setenv": true, "envvar": true, "envvars": true, "variable": true, "variables": true,
		"var": true, "vars": true, "secret": true, "secrets": true,
	}
}}

// mcpEnvNameKeys are the last words of keys that hold a variable's name.
var mcpEnvNameKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"name": true, "names": true, "var": true, "vars": true, "variable": true,
		"variables": true, "key": true, "keys": true, "env": true, "envvar": true, "id": true,
	}
}}

// mcpEnvName judges a value of an environment tool's name-like key as a
// reference to the variable it names.
func (ev *evaluation) mcpEnvName(key, s string) {
	if len(s) > 256 || len(ev.p.idx.envFold) == 0 {
		return
	}
	w := mcpWords(key)
	if len(w) == 0 || len(ev.p.idx.envRules(s)) == 0 {
		return
	}
	via := "MCP tool " + ev.a.Server + "/" + ev.a.MCPTool + " argument " + key
	for _, x := range w {
		if x == "env" || x == "environment" || x == "envvar" || x == "envvars" || x == "environ" {
			ev.blockedEnv(s, via) // a variable passed through (docker's env: [NAME])
			return
		}
	}
	if !mcpEnvNameKeys.Get()[w[len(w)-1]] {
		return
	}
	for _, t := range append(mcpWords(ev.a.Server), mcpWords(ev.a.MCPTool)...) {
		if mcpEnvToolWords.Get()[t] {
			ev.blockedEnv(s, via)
			return
		}
	}
}
