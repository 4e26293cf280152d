package policy

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Object keys in MCP arguments. A server may take a key for a name as
// readily as a value: an LSP WorkspaceEdit's changes map is keyed by
// document URI ({changes: {"file:///…/x": [edits]}}), a batch write's
// files by path ({files: {PATH: TEXT}}), a selection by name
// ({contents: {".env": true}}, {env: {NAME: …}}). A key is judged as a
// value of the object's own key would be (mcpString with the key of the
// object holding it), never as code or prose, and no key is skipped: one
// with a CR, LF or NUL is read as a value with them is (a URL parser
// drops the newline, a C server stops at the NUL), and one longer than
// mcpMaxName is denied:
//
//   - a URI (scheme:…) is judged by the local paths it names (uri.go);
//   - a key shaped like a path (one word with "/", ".", "\" or "~") is a
//     path when the object's key names paths (files, paths) or the key
//     is absolute, ~/, ./ or ../, and otherwise a name held to the rules
//     that name files (mcpNamed: block_paths, credential stores,
//     self-protection), as is a bare word under any key ({files:
//     {infrastructure: …}}, {items: {infrastructure: true}}), as a
//     value is;
//   - a bare word is a variable's name where a value would be
//     (mcpEnvName), unless the key is given a value (an assignment).
//
// The key is written when the tool's name says it may write (as a
// value's is), and also when a key above it or below it says so (edit,
// changes, newText, output: mcpEditKeyWords) or a text below it spans
// lines (content): the strictest reading of a map of paths.

// mcpEditKeyWords are words of keys that make the paths beside or below
// them written.
var mcpEditKeyWords = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"edit": true, "edits": true, "change": true, "changes": true, "documentchanges": true,
		"write": true, "writes": true, "patch": true, "patches": true, "replace": true,
		"replacement": true, "replacements": true, "newtext": true, "newstring": true,
		"newcontent": true, "newcontents": true, "newsource": true, "insert": true, "inserts": true,
		"rename": true, "renames": true, "create": true, "overwrite": true, "append": true,
		"diff": true, "diffs": true, "update": true, "updates": true, "save": true,
		"output": true, "delete": true, "deletes": true, "remove": true, "new": true,
	}
}}

// mcpKeyArg judges the key node i.
func (ev *evaluation) mcpKeyArg(nodes []mcpNode, i int, ops []opKind) {
	n := &nodes[i]
	k, parent := n.s, n.key
	if k == "" {
		return
	}
	if !mcpPathShaped(strings.TrimFunc(k, anySpace)) && !strings.ContainsAny(k, ":\x00") && len(k) <= mcpMaxName {
		// {env: {PROD_API_KEY: null}} passes the variable through; a
		// value given ({env: {DEBUG: "1"}}) is an assignment, as
		// DEBUG=1 in a list is.
		if v := &nodes[min(i+1, len(nodes)-1)]; !(n.end > int32(i+1) && v.end == n.end && (v.kind == mcpScalar || v.kind == mcpStr && v.s != "")) {
			ev.mcpEnvName(parent, k)
		}
		// A name under any parent, as a value is ({items:
		// {infrastructure: true}}, {entries: {NAME: …}}).
		ev.mcpNamed(parent, k, mcpKeyOps(nodes, i, ops), true)
		return
	}
	ev.mcpString(parent, k, mcpKeyOps(nodes, i, ops), true)
}

// mcpKeyOps returns what the call may do to the path key node i names:
// ops, and a write as well where the keys around it or a text below it
// say so.
func mcpKeyOps(nodes []mcpNode, i int, ops []opKind) []opKind {
	for _, op := range ops {
		if op != opRead {
			return ops
		}
	}
	edit := func(key string) bool {
		if mcpEditKeyWords.Get()[mcpKey(key)] || isMCPOutputKey(key) {
			return true
		}
		for _, w := range mcpWords(key) {
			if mcpEditKeyWords.Get()[w] {
				return true
			}
		}
		return false
	}
	for j := nodes[i].up; j >= 0; j = nodes[j].up {
		if edit(nodes[j].s) {
			return []opKind{opWrite, opRead}
		}
	}
	for j := i + 1; j < int(nodes[i].end); j++ {
		switch b := &nodes[j]; b.kind {
		case mcpMapKey:
			if edit(b.s) {
				return []opKind{opWrite, opRead}
			}
		case mcpStr:
			if strings.IndexByte(b.s, '\n') >= 0 {
				return []opKind{opWrite, opRead}
			}
		}
	}
	return ops
}
