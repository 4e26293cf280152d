package policy

import (
	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/lazy"
)

// How agents' search tools treat the symlinks their walk meets, as data:
// a tool that reads through a symlink to a file reads the file it names
// (Gemini's read_many_files globs with nodir and reads each match with
// fs.readFile, which follows the link: src/key matched by "src/*" reads
// ~/.ssh/id_rsa), one that skips symlinks reads nothing through them
// (Claude Code's Grep runs ripgrep without --follow; its Glob lists
// names). A tool not in the table follows every symlink, to files and
// directories: the unknown is judged at its widest.

// toolLinkMode is what a search tool does with a symlink below its root.
type toolLinkMode uint8

const (
	linksFollowAll   toolLinkMode = iota // files and directories (the default)
	linksFollowFiles                     // symlinks to files only
	linksSkip                            // none
)

// searchToolLinks maps agent/tool to its mode. Sources: Claude Code's
// Grep is ripgrep (no --follow; anthropics/claude-code#25317); Gemini
// CLI's read_many_files and the JavaScript fallback of its grep tool
// glob without following directory links and read matches with
// fs.readFile.
var searchToolLinks = &lazy.Value[map[string]toolLinkMode]{New: func() map[string]toolLinkMode {
	return map[string]toolLinkMode{
		"claude/Grep":                linksSkip,
		"claude/Glob":                linksSkip,
		"gemini/read_many_files":     linksFollowFiles,
		"gemini/grep_search":         linksFollowFiles,
		"gemini/search_file_content": linksFollowFiles,
	}
}}

// fileToolScope is the walk scope of a search tool's recursive read.
func fileToolScope(a *action.Action) walkScope {
	sc := walkScope{cmd: toolName(a.Tool), pattern: a.Pattern, fold: a.Fold, fileTool: true, follow: true}
	switch searchToolLinks.Get()[a.Actor.Agent+"/"+a.Tool] {
	case linksFollowFiles:
		sc.follow, sc.linkedFiles = false, true
	case linksSkip:
		sc.follow = false
	}
	return sc
}
