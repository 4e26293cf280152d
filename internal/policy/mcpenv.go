package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// MCP environment tools: a tool whose server or tool name says it reads
// the process environment (env, environ, getenv, printenv, envvar…)
// returns the variables its arguments select, whatever the keys are
// called. Every string argument is read as names: a list (commas,
// semicolons, spaces, pipes), $NAME and NAME=VALUE spellings, globs
// (PROD_*), prefixes under a prefix-like key, substrings or regular
// expressions under a filter-like key. One that selects a block_env_vars
// name is a reference to it. A tool that selects nothing (no argument
// under a selecting key: list_env {}, process/environ {pid: 1}) returns
// the whole environment: a dump. (mcpnamed.go judges name-like keys of
// the wider family of variable and secret tools.)

// mcpEnvStrong are the words of a server or tool name that mean the
// process environment.
var mcpEnvStrong = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"env": true, "environ": true, "environment": true, "getenv": true, "printenv": true,
		"envvar": true, "envvars": true, "setenv": true, "unsetenv": true, "environs": true}
}}

// mcpEnvSelectKeys are last words of keys that select variables; a tool
// given none of them lists every variable.
var mcpEnvSelectKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"name": true, "names": true, "var": true, "vars": true, "variable": true, "variables": true,
		"key": true, "keys": true, "which": true, "env": true, "envvar": true, "envvars": true, "id": true, "ids": true,
		"prefix": true, "suffix": true, "pattern": true, "patterns": true, "filter": true, "glob": true, "regex": true,
		"regexp": true, "match": true, "query": true, "search": true, "only": true, "include": true, "select": true,
		"contains": true, "like": true, "grep": true, "startswith": true, "with": true}
}}

// mcpEnvSetWords in a tool's name: it sets or removes variables and
// returns none.
var mcpEnvSetWords = []string{"set", "setenv", "unset", "unsetenv", "delete", "remove", "add", "create", "update", "write", "put"}

// mcpEnvTool judges the arguments t (nil: none) of an environment tool:
// every string value and every object key (vars: {PROD_API_KEY: true})
// is read as names.
func (ev *evaluation) mcpEnvTool(t *mcpTree) {
	if len(ev.p.idx.envFold) == 0 && len(ev.p.idx.envPolicies) == 0 {
		return
	}
	tool := mcpWords(ev.a.MCPTool)
	strong := false
	for _, w := range append(mcpWords(ev.a.Server), tool...) {
		if mcpEnvStrong.Get()[w] {
			strong = true
			break
		}
	}
	if !strong {
		return
	}
	selects := false
	if t != nil {
		for i := range t.nodes {
			n := &t.nodes[i]
			switch n.kind {
			case mcpMapKey:
				if w := mcpWords(n.s); len(w) > 0 && mcpEnvSelectKeys.Get()[w[len(w)-1]] {
					selects = true
				}
				ev.mcpEnvSelect(n.key, n.s)
			case mcpStr:
				ev.mcpEnvSelect(n.key, n.s)
			}
		}
	}
	if selects {
		return
	}
	for _, w := range tool {
		if slices.Contains(mcpEnvSetWords, w) {
			return
		}
	}
	ev.envDump("MCP tool "+ev.a.Server+"/"+ev.a.MCPTool, "an environment tool given no variable to select returns the whole environment")
}

// mcpEnvSelect judges one string argument of an environment tool.
func (ev *evaluation) mcpEnvSelect(key, s string) {
	if len(s) > 4096 {
		s = s[:4096]
	}
	w := mcpWords(key)
	last := ""
	if len(w) > 0 {
		last = w[len(w)-1]
	}
	prefixKey := last == "prefix" || last == "startswith" || last == "with" && slices.Contains(w, "starts")
	filterKey := last == "filter" || last == "match" || last == "query" || last == "search" || last == "contains" ||
		last == "like" || last == "grep"
	regexKey := last == "regex" || last == "regexp" || last == "pattern" || last == "patterns"
	via := "MCP tool " + ev.a.Server + "/" + ev.a.MCPTool + " argument " + key
	toks := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '|'
	})
	if len(toks) > 256 {
		toks = toks[:256]
	}
	for _, t := range toks {
		t = strings.Trim(t, `"'`)
		t = strings.TrimPrefix(strings.TrimPrefix(t, "$"), "env:")
		t = strings.Trim(t, "{}%")
		if k, _, ok := strings.Cut(t, "="); ok && k != "" {
			t = k
		}
		if t == "" {
			continue
		}
		up := strings.ToUpper(t)
		if len(ev.p.idx.envRules(t)) > 0 {
			ev.blockedEnv(t, via)
			continue
		}
		for _, name := range ev.envNamesSorted() {
			hit := false
			switch {
			case prefixKey:
				hit = strings.HasPrefix(name, up)
			case filterKey:
				hit = strings.Contains(name, up)
			}
			if !hit && strings.ContainsAny(t, "*?[") {
				hit, _ = path.Match(up, name)
			}
			if hit {
				ev.blockedEnv(name, via+" ("+clipStr(t)+" selects it)")
			}
		}
		if (regexKey || filterKey) && strings.ContainsAny(t, `^$.+()|\`) {
			ev.mcpEnvRegex(t, via)
		}
	}
}

// mcpEnvRegex judges a regular expression selecting names.
func (ev *evaluation) mcpEnvRegex(expr, via string) {
	if len(expr) > 256 {
		ev.builtin(groupAnalysis, Ask, "mcp-env-pattern", ev.a.MCPTool, via+": a pattern too long to judge selects environment variables")
		return
	}
	re, err := regexp.Compile("(?i)" + expr)
	if err != nil {
		ev.builtin(groupAnalysis, Ask, "mcp-env-pattern", ev.a.MCPTool, via+": a pattern Mandate cannot read selects environment variables")
		return
	}
	for _, name := range ev.envNamesSorted() {
		if re.MatchString(name) {
			ev.blockedEnv(name, via+" ("+clipStr(expr)+" selects it)")
		}
	}
}

func clipStr(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// envNamesSorted are the block_env_vars names, upper-cased, in order.
func (ev *evaluation) envNamesSorted() []string {
	out := make([]string, 0, len(ev.p.idx.envFold))
	for name := range ev.p.idx.envFold {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
