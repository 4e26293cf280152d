package hook

// searchArgvs is the table of how each agent's search tool hands its
// arguments to the program it runs: the argv of every program one call of
// the tool may run, word for word as the agent builds it (read from the
// agents' sources, cited per entry). Keys are "agent/tool", a mode after
// ':' ("hermes/search_files:files"); SearchArgv's key "" (and any key not
// listed) is defaultSearchArgv.
//
// Each string is one group of words separated by spaces; a group that
// names a placeholder whose value is empty is left out (an optional
// option and its value). Placeholders:
//
//	{pattern}  the search pattern (a regex, or a name glob in files mode)
//	{path}     the search root as the call gives it ("." when none)
//	{root}     the search root resolved against the cwd (an absolute path)
//	{glob}     the file filter (Claude's glob, Hermes' file_glob, Gemini's include_pattern)
//	{type}     a ripgrep file type
//
// Where a placeholder stands says how the agent hands that value over:
//
//   - as the VALUE of an option (after another word of its group, "-e
//     {pattern}", "--glob {glob}", or inside a word, "--include={glob}"),
//     or after a "--" word: safely, the program never reads it as an
//     option;
//   - as a word of its own (the group is just the placeholder) before any
//     "--": a plain positional. A value there that starts with '-' is an
//     option of that program (rg --pre=CMD runs CMD on every file; the
//     next positional then becomes the pattern and the search roots at the
//     program's working directory), so SearchArgv judges the call as that
//     program's command line.
//
// dir "root" runs the program in the search root (Gemini's legacy grep
// strategies); otherwise it runs in the agent's cwd. reads names a
// placeholder the program gives a meaning of its own (git grep's
// pathspec after "--": ':!docs' excludes, ':/' is the tree's top): a value
// with such a meaning is judged as that command line too.
//
// A tool whose source could not be read (closed source: Copilot CLI,
// Cursor) gets the plain readings of both rg and grep: the unknown is read
// as the dangerous case.
var searchArgvs = map[string][]searchArgv{
	// Claude Code's Grep (@anthropic-ai/claude-code cli.js, GrepTool call):
	// rg --hidden … (-e PATTERN when it starts with '-', else PATTERN)
	// --type T --glob G… ABSOLUTE_PATH. -e always is the same reading.
	"claude/Grep": {
		{argv: []string{"rg --hidden", "-e {pattern}", "--type {type}", "--glob {glob}", "{root}"}},
	},
	// Gemini CLI grep_search (packages/core/src/tools/ripGrep.ts
	// performRipgrepSearch): rg --json … --regexp PATTERN --glob INCLUDE
	// … ABSOLUTE_PATHS. Without ripgrep (tools/grep.ts GrepLogic), in the
	// search directory: git grep --untracked -n -E --ignore-case PATTERN
	// [--max-count N] [-- INCLUDE], else grep -r -n -H -E -I -i
	// --exclude-dir=… [--include=INCLUDE] PATTERN . — both plain.
	"gemini/grep_search": {
		{argv: []string{"rg --json --regexp {pattern}", "--glob {glob}", "--threads 4", "{root}"}},
		{dir: "root", argv: []string{"git grep --untracked -n -E --ignore-case", "{pattern}", "-- {glob}"}, reads: map[string]string{"glob": "pathspec"}},
		{dir: "root", argv: []string{"grep -r -n -H -E -I -i", "--include={glob}", "{pattern}", "."}},
	},
	// Hermes Agent search_files, content mode
	// (tools/file_operations_search.py _search_with_rg, its
	// _zero_match_probe after a search without matches, and the
	// _search_with_grep fallback, which anchors a relative path at
	// "$PWD"/): no "--" anywhere, so the pattern, and rg's path, are
	// plain positionals.
	"hermes/search_files": {
		{argv: []string{"rg --line-number --no-heading --with-filename --max-columns 2000 --max-columns-preview", "--glob {glob}", "{pattern}", "{path}"}},
		{argv: []string{"rg --hidden --no-ignore --count-matches", "--glob {glob}", "{pattern}", "{path}"}},
		{argv: []string{"grep -rnHE --exclude-dir=.*", "--include {glob}", "{pattern}", "{root}"}},
	},
	// Hermes search_files, files mode (_search_files_rg: rg --files -g GLOB
	// -- ROOTS; the find fallback prefixes a root that starts with '-' with
	// ./ and takes the pattern as -name's value): safe.
	"hermes/search_files:files": {
		{argv: []string{"rg --files -g {pattern} --", "{path}"}},
		{argv: []string{"find", "{root}", "-type f -name {pattern}"}},
	},
	// Copilot CLI's rg/grep tool and Cursor's Grep: closed source, the
	// argv unconfirmed: read as plain.
	// (Codex has no search tool of its own: it runs rg through its shell.)
	"copilot/grep": defaultSearchArgv,
	"copilot/rg":   defaultSearchArgv,
	"cursor/Grep":  defaultSearchArgv,
}

// defaultSearchArgv is how a search tool whose source is unknown is read:
// rg and grep each given the pattern and the path as plain positionals.
var defaultSearchArgv = []searchArgv{
	{argv: []string{"rg", "--glob {glob}", "--type {type}", "{pattern}", "{path}"}},
	{argv: []string{"grep -rn", "--include={glob}", "{pattern}", "{path}"}},
}
