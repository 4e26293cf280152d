package gate

import (
	"path/filepath"
	"strings"
)

// Pinned files that hold secrets — the .env files agents load into their
// environment (API keys), Claude Code's state file and MCP server
// configurations (their env blocks) — are pinned by digest only: no copy
// of them goes to pins/objects, where a backup or an export of the state
// directory would carry the keys in clear. The cost: mandate tamper ack
// --restore cannot put such a file back (it says so, and tamper status
// names the files); a person restores it by hand or accepts it as it is.

// secretNames are the base names of pinned files kept without a copy.
var secretNames = map[string]bool{
	".env": true, ".claude.json": true, ".mcp.json": true, "mcp.json": true,
	"mcp-config.json": true, "mcp_config.json": true,
}

// NoCopy reports whether the pinned file at path is pinned by digest
// only (no copy to restore from).
func NoCopy(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	return secretNames[base] || strings.HasPrefix(base, ".env.")
}
