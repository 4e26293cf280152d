package hook

// searchTools is the table of how each agent's search tool reads its
// arguments before it runs anything: every key a value may arrive under
// (the agent, or another build of it, may read any of them: each present
// key is judged, never only the first), and every rewrite the agent applies
// to a value before its program sees it. SearchCall judges the union of all
// of them, the value as sent too (older builds do not rewrite). Keys are
// searchArgvs' keys ("agent/tool", a mode after ':'); a tool whose program
// is not run with an argv Mandate knows has argv "".
//
// Fields:
//
//	roots     keys of the search directories (a string or an array each)
//	patterns  keys of the search pattern (a regex; a name glob when names)
//	globs     keys of the file filter
//	types     keys of a ripgrep file type
//	names     the pattern is a name glob (Glob, find): it filters files
//	rootRW    rewrites of each root (searchRewrites), its results extra roots
//	nameRW    rewrites of a names pattern, its results extra patterns
//	globAs    what the filter is to some program the tool runs
//	          (searchValueMeanings): "pathspec" is git's (magic ':…')
//	argv      the searchArgvs key of the programs one call runs ("": none)
//	dialects  the glob dialects that read the patterns or the filter
//	          (dialect.go: globset, fnmatch, pathspec, minimatch); nil
//	          for a tool whose matcher is unknown: every dialect
//	nocase    when the tool ignores case (dialect.go): "" never,
//	          "always" (also a closed-source tool: unknown is folded),
//	          "os" on macOS and Windows (node-glob's default), or
//	          "unless:KEY" unless the call's KEY is true
var searchTools = map[string]searchTool{
	// Claude Code (@anthropic-ai/claude-code cli.js GrepTool, GlobTool):
	// both run ripgrep (rg --glob, rg --files --glob), whose globset has
	// no extended globs and matches case-sensitively.
	"claude/Grep": {roots: []string{"path"}, patterns: []string{"pattern"}, globs: []string{"glob"}, types: []string{"type"}, argv: "claude/Grep",
		dialects: []string{dialectGlobset}},
	"claude/Glob": {roots: []string{"path"}, patterns: []string{"pattern"}, names: true, dialects: []string{dialectGlobset}},
	// Gemini CLI grep_search (ripGrep.ts, and grep.ts's git grep strategy,
	// where include_pattern is a pathspec after "--"); include is the
	// older name of include_pattern (search_file_content). Its last
	// strategy (GrepLogic's JavaScript fallback) hands include_pattern to
	// node's glob (globStream: dot, no nocase, so case is ignored on macOS
	// and Windows) and extended globs are on; rg --glob, git's pathspec
	// and grep --include read it too.
	"gemini/grep_search": {roots: []string{"dir_path", "path", "directory"}, patterns: []string{"pattern"},
		globs: []string{"include_pattern", "include"}, globAs: "pathspec", argv: "gemini/grep_search",
		dialects: []string{dialectGlobset, dialectPathspec, dialectFnmatch, dialectMinimatch}, nocase: nocaseOS},
	// Gemini CLI 0.61.0 glob (GlobToolInvocation.execute): node's glob
	// with dot, nocase: !case_sensitive (and no noext, nobrace, matchBase
	// or windowsPathsNoEscape): extended globs, case ignored unless the
	// model sets case_sensitive. read_many_files
	// (ReadManyFilesToolInvocation.execute): every include (paths in older
	// builds), '\' made '/', in one glob call with dot and nocase: true;
	// an entry that is a directory is read whole.
	"gemini/glob": {roots: []string{"dir_path", "path", "directory"}, patterns: []string{"pattern"}, names: true,
		dialects: []string{dialectMinimatch}, nocase: nocaseUnless + "case_sensitive"},
	"gemini/read_many_files": {patterns: []string{"include", "paths"}, names: true, nameRW: []string{"whole-dir"},
		dialects: []string{dialectMinimatch}, nocase: nocaseAlways},
	// Hermes Agent search_files (tools/file_operations.py): a path that does
	// not exist whole is split into several (_try_multi_path_search: at
	// commas, each part stripped, else at white space; older builds split
	// every comma part at white space too) and each part is searched. In
	// files mode, _search_files keeps only the last '/' segment of a
	// pattern that has one (or starts with "**/"), and _search_files_rg
	// puts '*' before a name that has no '/' and does not start with '*'.
	// Its filters go to rg --glob, grep --include and find -name (globset,
	// fnmatch): no extended globs, case-sensitive.
	"hermes/search_files": {roots: []string{"path"}, patterns: []string{"pattern"}, globs: []string{"file_glob"},
		rootRW: []string{"hermes-multipath"}, argv: "hermes/search_files", dialects: []string{dialectGlobset, dialectFnmatch}},
	"hermes/search_files:files": {roots: []string{"path"}, patterns: []string{"pattern"}, names: true,
		rootRW: []string{"hermes-multipath"}, nameRW: []string{"hermes-files"}, argv: "hermes/search_files:files",
		dialects: []string{dialectGlobset, dialectFnmatch}},
	// Copilot CLI (closed source, its JavaScript compressed in the
	// binary): roots under paths (a string or an array, 1.0.102) or path.
	// Its matchers are unknown: every dialect, case folded.
	"copilot/grep": {roots: []string{"paths", "path"}, patterns: []string{"pattern"}, globs: []string{"glob"}, types: []string{"type"}, argv: "copilot/grep", nocase: nocaseAlways},
	"copilot/rg":   {roots: []string{"paths", "path"}, patterns: []string{"pattern"}, globs: []string{"glob"}, types: []string{"type"}, argv: "copilot/rg", nocase: nocaseAlways},
	"copilot/glob": {roots: []string{"paths", "path"}, patterns: []string{"pattern"}, names: true, nocase: nocaseAlways},
	// Cursor (closed source): every name a directory, pattern or filter is
	// seen or documented under; every dialect, case folded.
	"cursor/Grep": {roots: cursorRoots, patterns: []string{"pattern", "query", "regex"}, globs: []string{"glob", "include_pattern"}, types: []string{"type"}, argv: "cursor/Grep", nocase: nocaseAlways},
	"cursor/Glob": {roots: cursorRoots, patterns: []string{"glob_pattern", "pattern", "glob"}, names: true, nocase: nocaseAlways},
	// Codex has no search tool of its own: it runs rg through its shell,
	// which the shell analyser reads.
}

// cursorRoots are the argument names a Cursor search tool's directory may
// have: Cursor's documented and Claude Code's, and the other agents'.
var cursorRoots = []string{"path", "target_directory", "directory", "dir_path", "paths", "root"}
