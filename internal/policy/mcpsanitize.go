package policy

import "strings"

// An agent may register an MCP tool under its names with every character
// outside [A-Za-z0-9_] replaced by "_" (Hermes: prod-db's tool run.query
// is mcp_prod_db_run_query), so the call names server prod_db. A
// block_mcp rule holds a call whose names equal its own once both are so
// sanitized: prod-db/* blocks prod_db/x. (allow_mcp is matched as
// written: a sanitized name is another server's too.)

// sanitizedGlob is a block_mcp glob with every character outside
// [A-Za-z0-9_/*?] replaced by "_"; "" for a glob with a class or an
// escape, which is matched as written only.
func sanitizedGlob(glob string) string {
	if strings.ContainsAny(glob, `[\`) {
		return ""
	}
	return sanitizeMCP(glob, "*?")
}

// matchSanitized reports whether subj ("server/tool") matches glob once
// both are sanitized.
func matchSanitized(glob, subj string) bool {
	sg := sanitizedGlob(glob)
	return sg != "" && matchGlob(sg, sanitizeMCP(subj, ""))
}

// needsSanitizing reports a character of s outside [A-Za-z0-9_/] and keep.
func needsSanitizing(s, keep string) bool {
	for i := 0; i < len(s); i++ {
		if !mcpNameByte(s[i]) && strings.IndexByte(keep, s[i]) < 0 {
			return true
		}
	}
	return false
}

// sanitizeMCP replaces each rune of s outside [A-Za-z0-9_/] and keep by "_"
// (Python's re.sub over code points: one "_" per character).
func sanitizeMCP(s, keep string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (mcpNameByte(byte(r)) || strings.IndexByte(keep, byte(r)) >= 0) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func mcpNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '/'
}
