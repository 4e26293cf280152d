package policy

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"fmt"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// ---- MCP and unknown tools -------------------------------------------------

func (ev *evaluation) mcp() {
	a := ev.a
	subj := a.Server + "/" + a.MCPTool
	ix := &ev.p.idx
	ssubj := subj // sanitized, for block_mcp (mcpsanitize.go)
	if needsSanitizing(subj, "") {
		ssubj = sanitizeMCP(subj, "")
	}
	for i, rf := range ix.blockMCP {
		g, sg := ev.p.entry(rf).glob, ix.blockMCPSan[i]
		if matchGlob(g, subj) || sg != "" && (sg != g || ssubj != subj) && matchGlob(sg, ssubj) {
			ev.user(rf, Deny, subj, fmt.Sprintf("MCP tool %q matches block_mcp %q", subj, ev.p.entry(rf).text))
		}
	}
	allowedBy := map[int32]bool{}
	for _, rf := range ix.allowMCP {
		if matchGlob(ev.p.entry(rf).glob, subj) {
			allowedBy[rf.pol] = true
		}
	}
	for _, pa := range ix.allowMCPPolicies {
		if !allowedBy[int32(pa.pol)] {
			ev.userRule(pa.pol, pa.rule, Deny, subj, fmt.Sprintf("MCP tool %q is not in allow_mcp %s", subj, pa.list))
		}
	}
	if ev.trust == action.ReadOnly && len(allowedBy) == 0 {
		ev.deny(groupTrust, "read-only", subj, fmt.Sprintf("trust level read_only does not allow MCP tool %q unless allow_mcp names it", subj))
	}
	ev.mcpArguments()
	ev.mcpCommandLine()
	ev.mcpCommandRules() // mcpfamily.go
	ev.mcpSQL()          // mcpsql.go
}

// mcpKeys are argument names whose string values are taken as paths.
var mcpPathKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"path": true, "paths": true, "file": true, "files": true, "filename": true,
		"file_path": true, "filepath": true, "filePath": true, "dir": true,
		"directory": true, "cwd": true, "source": true, "destination": true,
		"target": true, "src": true, "dst": true, "dest": true, "root": true,
		"uri": true, "old_path": true, "new_path": true,
	}
}}

func mcpOp(tool string) opKind {
	t := strings.ToLower(tool)
	for _, w := range []string{"delete", "remove", "unlink", "rmdir"} {
		if strings.Contains(t, w) {
			return opDelete
		}
	}
	for _, w := range []string{"write", "edit", "create", "move", "rename", "patch", "put", "update", "append", "mkdir", "save", "upload", "insert", "replace", "set", "copy"} {
		if strings.Contains(t, w) {
			return opWrite
		}
	}
	return opRead
}

// mcpArguments inspects an MCP call's arguments (walked once, mcpwalk.go):
// URLs go through the host rules, path-like strings (absolute, ~/, ./,
// ../, a URI that addresses a local file, or under a path-named key in
// any spelling) through the path rules, as reads only when the tool's
// name is recognisably read-only, else as writes and reads (mcpverbs.go).
// Object keys are read as values are (mcpKeyArg).
func (ev *evaluation) mcpArguments() {
	t := ev.mcpArgs()
	if t == nil {
		ev.mcpEnvTool(nil) // mcpenv.go
		return
	}
	if t.err != nil {
		why := t.err.Error()
		if t.err != errMCPTooLarge {
			why = "MCP arguments are not valid JSON: " + why
		}
		ev.deny(groupAnalysis, "mcp-arguments", ev.a.MCPTool, why)
		return
	}
	if t.over && !ev.fatal {
		ev.fatal = true
		ev.deny(groupAnalysis, "mcp-arguments", ev.a.MCPTool, "MCP arguments too deeply nested or too large to inspect")
	}
	ev.mcpEnvTool(t)            // mcpenv.go
	ev.mcpPatches(t)            // mcppatch.go
	ops := mcpOps(ev.a.MCPTool) // mcpverbs.go
	// A local tool judged as the command it amounts to (mcptools.go: one
	// that runs in a directory argument) writes what that command's
	// analysis says it writes; its arguments are read here.
	if mcpCommands.Get()[ev.a.MCPTool].dir != "" {
		ops = []opKind{opRead}
	}
	nodes := t.nodes
	var skip []bool // nodes below the keys an object's command took (mcpObject)
	for i := 0; i < len(nodes); i++ {
		if skip != nil && skip[i] {
			continue
		}
		n := &nodes[i]
		ev.mcpAt = int32(i + 1) // mcpbase.go
		switch n.kind {
		case mcpObj:
			done := ev.mcpObject(n.obj) // mcpargs.go
			if len(done) == 0 {
				continue
			}
			for j := i + 1; j < int(n.end); j = int(nodes[j].end) {
				if !done[nodes[j].s] {
					continue
				}
				if skip == nil {
					skip = make([]bool, len(nodes))
				}
				end := int(nodes[j].end)
				if v := j + 1; v < end && nodes[v].kind == mcpStr && int(nodes[v].end) == end {
					// the value is one string: what it holds decoded
					// ({args: "{\"path\":…}"}) is arguments, not words
					end = v + 1
				}
				for k := j; k < end; k++ {
					skip[k] = true
				}
			}
		case mcpMapKey:
			ev.mcpKeyArg(nodes, i, ops) // mcpkeys.go
		case mcpStr:
			ev.mcpString(n.key, n.s, ops, false)
		}
	}
	ev.mcpAt = 0
}

// mcpString judges one string of the arguments under key; isKey: s is
// an object key, not a value (mcpKeyArg), which is never code or prose.
func (ev *evaluation) mcpString(key, s string, ops []opKind, isKey bool) {
	k := mcpKey(key)
	if mcpCodeKeys.Get()[k] && !isKey {
		ev.mcpCode(key, s)
		return
	}
	if len(s) > mcpMaxName {
		if isKey || mcpNameLike(key, s) {
			what := "value"
			if isKey {
				what = "key"
			}
			ev.deny(groupAnalysis, "mcp-argument-too-long", ev.a.MCPTool, fmt.Sprintf("MCP argument %s holds a %s of %d bytes that may name a file, longer than Mandate reads as a name (%d): what it names cannot be judged", oneLine(key, 60), what, len(s), mcpMaxName))
			return
		}
		s = s[:mcpMaxName] // text: read as far as the bound
	}
	ev.mcpCandidates(key, k, s)                             // mcphosts.go
	if u, ok := parseURI(s); ok && ev.mcpURI(key, u, ops) { // mcpuri.go
		return // a local file's URI: no host of its own
	}
	if i := strings.Index(s, "://"); i > 0 && !strings.ContainsAny(s[:i], " \t\n") {
		ev.mcpDest(key, s)
		return
	}
	if _, ok := specialSchemeAuthority(strings.TrimSpace(s)); ok && !strings.ContainsAny(s, " \n") {
		ev.mcpDest(key, s) // https:/host, https:\\host (mcpverbs.go)
		return
	}
	if conn, text := mcpConnKey(k); !text && !strings.ContainsAny(s, "\n") && (conn || strings.Contains(s, ";")) {
		for _, h := range connStringHosts(s) {
			if dh, ok := destHost(h); ok {
				ev.checkHost(dh, "MCP argument "+key+" (connection string)", false)
			}
		}
	}
	if isMCPOutputKey(key) && len(ops) == 1 {
		ops = []opKind{opWrite, opRead} // written whatever the tool's name
	}
	ev.mcpEnvName(key, s) // mcpnamed.go
	pathKey := mcpPathKeys.Get()[key] || isMCPPathKey(key) || isMCPWidePathKey(key) && mcpPathShaped(s)
	if strings.IndexByte(s, '\\') >= 0 || winDrive(s) {
		ev.mcpWinPath(key, s, ops, pathKey, isKey) // mcpwinpath.go
	}
	if isMCPDestKey(k) && ev.mcpDest(key, s) && !pathKey {
		return
	}
	if pathKey && (mcpHostOrPathKeys.Get()[k] || k == "from") && ev.mcpHostOrPath(key, s, k != "from") {
		return // user@host, host:port: an address, no local path
	}
	pathLike := strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~/") || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../")
	if !pathLike && !(pathKey && s != "" && !strings.ContainsAny(s, "\n")) {
		ev.mcpNamed(key, s, ops, isKey) // mcpnamed.go
		return
	}
	if ev.cwd == "" && !strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "~/") {
		// No working directory: name patterns (".env*") still apply.
		s = "/" + s
	}
	ev.mcpPath(s, ops, pathFlags{}) // every reading: mcpbase.go, toolpaths.go
}

// mcpNameLike reports whether a value may be read as a name: it stands
// under a path key, starts as a path does, or is a URI of a scheme that
// may address a local file.
func mcpNameLike(key, s string) bool {
	if mcpPathKeys.Get()[key] || isMCPPathKey(key) || isMCPWidePathKey(key) && mcpPathShaped(s) {
		return true
	}
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~") || strings.HasPrefix(s, ".") || winShaped(s) {
		return true
	}
	i := strings.IndexByte(s[:min(len(s), 64)], ':')
	return i >= 2 && validScheme(s[:i]) && schemeClass(strings.ToLower(s[:i])) != uriRemote
}

// agentInternalTools act only on the agent's own state: its plan or todo
// list (Claude Code's TaskCreate, TaskUpdate, TaskList and TaskGet replace
// TodoWrite), the schemas of its deferred tools, a question to its user,
// the output of its own background task (TaskOutput replaces BashOutput),
// or a subagent whose own tool calls go through the hooks in turn. They are
// allowed at every trust level (Claude Code cannot reach its MCP tools
// without ToolSearch); block_tools still forbids them.
var agentInternalTools = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"ToolSearch": true, "TodoWrite": true, "TodoRead": true, "Task": true, "Agent": true,
		"ExitPlanMode": true, "EnterPlanMode": true, "AskUserQuestion": true, "BashOutput": true,
		"TaskOutput": true, "TaskCreate": true, "TaskUpdate": true, "TaskList": true, "TaskGet": true,
		"write_todos": true, "report_intent": true, "update_plan": true, "update_todo": true,
	}
}}

func (ev *evaluation) unknownTool() {
	a := ev.a
	name := a.Tool
	if agentInternalTools.Get()[name] || ev.agentTool() { // agenttools.go
		return
	}
	for _, rf := range ev.p.idx.allowTools {
		if name != "" && matchGlob(ev.p.entry(rf).glob, name) {
			return
		}
	}
	ev.deny(groupAnalysis, "unknown-tool", name, fmt.Sprintf("tool %q is not one Mandate understands; it is denied unless a policy lists it in allow_tools", name))
}
