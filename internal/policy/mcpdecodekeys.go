package policy

import "github.com/mandate-dev/mandate/internal/lazy"

// mcpPayloadKeys hold the text a tool writes into a file or sends as it
// is (a file's content, an edit's new text, a message, a request body):
// structured text there is the data written or sent, not arguments the
// server reads, and is not decoded (mcpdecode.go). Writing a package.json
// or a tsconfig.json through an MCP file tool gives its JSON as content;
// its "files" and "outDir" name nothing the call touches. Keys are
// compared folded (mcpKey); prose keys (mcpProseKeys) and code keys
// (mcpCodeKeys, judged as code) are not decoded either. The value of a key that names a file
// ({files: {"src/a.json": "{…}"}}) is that file's content too
// (mcpDecodable).
var mcpPayloadKeys = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		// a file's text
		"content": true, "contents": true, "text": true, "filecontent": true, "filecontents": true,
		"filetext": true, "newstring": true, "oldstring": true, "newtext": true, "oldtext": true,
		"newcontent": true, "newcontents": true, "oldcontent": true, "newsource": true,
		"data": true, "body": true, "diff": true, "patch": true,
		// prose and queries in other languages
		"message": true, "description": true, "sql": true, "markdown": true, "html": true,
	}
}}
