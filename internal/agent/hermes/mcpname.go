package hermes

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Hermes registers an MCP tool under a name built from the server's and
// the tool's names, each with every character outside [A-Za-z0-9_]
// replaced by "_" (tools/mcp_tool_schema.py, sanitize_mcp_name_component):
// mcp_<server>_<tool> in older releases, mcp__<server>__<tool> since
// #33533. Neither can be split back for certain: server prod_db's tool
// query is mcp_prod_db_query, as is server prod's tool db_query. Every
// split is an MCP call the name may stand for, each is judged, and the
// strictest wins. (The policy matches a block_mcp rule against the
// sanitized names too, so prod-db/* holds Hermes' prod_db.)

// maxMCPSplits bounds the readings of one name; a name with more is also
// an unknown tool (denied unless a rule allows it by name).
const maxMCPSplits = 16

// mcpSplits returns the (server, tool) pairs an MCP tool name may stand
// for: after "mcp__", at each "__"; after "mcp_", at each "_"; neither
// part empty. ok is false when there are more than maxMCPSplits.
func mcpSplits(name string) (splits [][2]string, ok bool) {
	add := func(rest, sep string) {
		for i := 1; i+len(sep) < len(rest); i++ {
			if rest[i:i+len(sep)] != sep {
				continue
			}
			s := [2]string{rest[:i], rest[i+len(sep):]}
			dup := false
			for _, x := range splits {
				dup = dup || x == s
			}
			if !dup {
				splits = append(splits, s)
			}
		}
	}
	if rest, found := strings.CutPrefix(name, "mcp__"); found {
		add(rest, "__")
	}
	if rest, found := strings.CutPrefix(name, "mcp_"); found {
		add(rest, "_")
	}
	if len(splits) > maxMCPSplits {
		return splits[:maxMCPSplits], false
	}
	return splits, true
}

// mcpActions is one mcp.call per split of name (nil when it is no MCP
// name), and an unknown action when there are too many splits.
func mcpActions(tool, cwd string, in map[string]any) []action.Action {
	splits, ok := mcpSplits(tool)
	var out []action.Action
	for _, s := range splits {
		out = append(out, hook.MCP(tool, cwd, s[0], s[1], in))
	}
	if !ok {
		out = append(out, hook.Unknown(tool, cwd))
	}
	return out
}
