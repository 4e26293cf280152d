package gate

import (
	"encoding/json"
	"github.com/mandate-dev/mandate/internal/agent"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/install"
)

// Hook programs. A hook configuration runs programs outside any tool call
// (a hook handler, an MCP server, the status line, an API key helper):
// pinning the configuration is not enough when what it runs is a script
// an interpreter is given ("python3 \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/fmt.py",
// "node src/server.js", "bash ~/.claude/statusline.sh") or a script run
// by path: a command the agent runs can rewrite the script, and the
// harness runs it later, unseen. So the files the command lines of a
// configuration name are pinned with it, in its scope, as text (any
// change counts), whether or not they exist (one created later is a
// change): every word of a command that names a path — one holding a
// "/" or ending in a script suffix — with $CLAUDE_PROJECT_DIR, the
// plugin's $CLAUDE_PLUGIN_ROOT, $HOME and ~ expanded, relative to the
// repository for a repository's configuration (where the harness runs its
// hooks); a relative path in a user configuration depends on the session
// and is left. Mandate's own hook commands are pinned as binaries
// (registeredPrograms). The scripts are found when a scope is pinned (a
// session's start, a call reaching a repository first), from the
// configurations as they are then: a configuration that changes is a
// change of its own. Each pinned script costs a stat per call, like any
// pinned file; no bound drops one (red-team round 16, #63: a
// configuration is at most maxParsedConfig, which bounds them).
//
// What a script loads at run time (a module it imports, a file it
// sources) is found beside it far more often than anywhere else, and no
// reading of the script can list it honestly. So the directory a hook
// script is in is pinned with it (kindScriptDir: every file in it, one
// level; a directory past maxListed names by its listing) and protected
// as a tree (a write into it is a write of a protected path), when it is a
// configuration place: outside every repository for the user's and the
// machine's configurations (~/.claude/hooks), and in a hidden top-level
// directory of the repository (.claude/hooks, .github/hooks) for a
// repository's (red-team round 16, #66). Not pinned: the home directory,
// the file-system root and the system's program directories (a script
// there shares its directory with everything), a repository's source
// directories (src/, scripts/: the agent's everyday work; the script
// itself is pinned), subdirectories of a script's directory, and modules
// loaded from anywhere else (site-packages, node_modules, a sourced file
// named by an absolute path elsewhere).

// helperKeys are members of a settings file whose value is a command line
// the harness runs (Claude Code's credential and telemetry helpers).
var helperKeys = []string{"apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper"}

// scriptSuffixes end a word naming a script without a "/" ("uv run
// fmt.py").
var scriptSuffixes = []string{".py", ".sh", ".bash", ".zsh", ".js", ".mjs", ".cjs", ".ts", ".rb", ".pl", ".php", ".ps1", ".lua"}

// scriptTargets lists the files the command lines of the configurations
// among ts name (see above). root is the repository of a repository's
// configurations, "" for the user's and the machine's.
func scriptTargets(ts []target, root, home string) []target {
	var out []target
	seen := map[string]bool{}
	for _, t := range ts {
		if t.dir || (t.kind != kindHook) || t.format == formatText {
			continue
		}
		b, err := readRegular(t.path, maxConfigSize, false)
		if err != nil {
			continue
		}
		vars := map[string]string{"HOME": home, "CLAUDE_PROJECT_DIR": root}
		if plugin := pluginRoot(t.path); plugin != "" {
			vars["CLAUDE_PLUGIN_ROOT"] = plugin
		}
		for _, c := range configCommands(b, t.format) {
			if mandateCommand(c) {
				continue
			}
			for _, p := range commandPaths(c, root, home, vars) {
				if seen[p] {
					continue
				}
				seen[p] = true
				out = append(out, target{path: p, kind: kindHook, format: formatText})
				if d := filepath.Dir(p); !seen[d] && scriptDirPinned(d, root, home) {
					seen[d] = true
					out = append(out, dirTargets(d, kindScriptDir, formatText)...)
				}
			}
		}
	}
	return out
}

// systemDirs are directories a hook script's directory is not pinned for.
var systemDirs = map[string]bool{"/bin": true, "/sbin": true, "/usr/bin": true, "/usr/sbin": true,
	"/usr/local/bin": true, "/usr/local/sbin": true, "/opt/homebrew/bin": true, "/tmp": true, "/usr/lib": true, "/usr/local/lib": true}

// scriptDirPinned reports whether the directory d of a hook script is
// pinned with it (see above).
func scriptDirPinned(d, root, home string) bool {
	if d == "/" || d == home || d == root || systemDirs[d] || (home != "" && d == filepath.Dir(home)) {
		return false
	}
	if root == "" {
		return true // the user's or the machine's configuration
	}
	rel, err := filepath.Rel(root, d)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return root == "" // outside the repository: another scope's business
	}
	return strings.HasPrefix(rel, ".")
}

// configCommands lists the command lines of a configuration.
func configCommands(b []byte, format configFormat) []string {
	var v any
	switch format {
	case formatJSON, formatClaudeJSON, formatClaudeState:
		if json.Unmarshal(b, &v) != nil {
			return nil
		}
	case formatYAML:
		if yaml.Unmarshal(b, &v) != nil {
			return nil
		}
	case formatTOML:
		return tomlCommands(b)
	default:
		return nil
	}
	if format == formatClaudeState {
		// only the MCP servers it starts govern (claudeStateGov)
		m, _ := v.(map[string]any)
		keep := []any{m["mcpServers"]}
		if ps, ok := m["projects"].(map[string]any); ok {
			for _, p := range ps {
				if pm, ok := p.(map[string]any); ok {
					keep = append(keep, pm["mcpServers"])
				}
			}
		}
		v = keep
	}
	cmds := commandsIn(v, nil)
	if m, ok := v.(map[string]any); ok {
		for _, k := range helperKeys {
			if s, ok := m[k].(string); ok {
				cmds = append(cmds, s)
			}
		}
	}
	return cmds
}

// mandateCommand reports whether c runs Mandate's hook.
func mandateCommand(c string) bool {
	if !strings.Contains(c, "mandate") {
		return false
	}
	for _, agent := range agent.Names() {
		if _, ok := install.IsMandateCommand(c, agent); ok {
			return true
		}
	}
	return false
}

// pluginRoot is the root of the plugin (Claude Code's, Codex's, Cursor's)
// whose configuration is at p (…/plugins/…/PLUGIN/hooks/hooks.json, …/PLUGIN/.mcp.json), or "".
func pluginRoot(p string) string {
	if !strings.Contains(p, string(filepath.Separator)+"plugins"+string(filepath.Separator)) {
		return ""
	}
	d := filepath.Dir(p)
	switch filepath.Base(d) {
	case "hooks", ".claude-plugin", ".codex-plugin", ".cursor-plugin":
		return filepath.Dir(d)
	}
	return d
}

// commandPaths lists the paths the words of command line c name.
func commandPaths(c, root, home string, vars map[string]string) []string {
	var out []string
	for _, w := range shellWords(c, vars) {
		if w == "" || strings.HasPrefix(w, "-") || strings.Contains(w, "://") || strings.ContainsAny(w, "$`*?[{\n") {
			continue
		}
		if rest, ok := strings.CutPrefix(w, "~/"); ok {
			if home == "" {
				continue
			}
			w = filepath.Join(home, rest)
		}
		if !strings.Contains(w, "/") && !hasScriptSuffix(w) {
			continue
		}
		if !filepath.IsAbs(w) {
			if root == "" {
				continue
			}
			w = filepath.Join(root, w)
		}
		out = append(out, filepath.Clean(w))
	}
	return out
}

func hasScriptSuffix(w string) bool {
	for _, s := range scriptSuffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// shellWords splits a command line into words as a POSIX shell reads
// quotes and backslashes, with $NAME and ${NAME} of vars expanded (an
// unknown or empty variable is left as written, which marks the word as
// not known). Operators (; | & < >) end words and are dropped.
func shellWords(s string, vars map[string]string) []string {
	var out []string
	var b strings.Builder
	in := false
	flush := func() {
		if in {
			out = append(out, b.String())
		}
		b.Reset()
		in = false
	}
	expand := func(i int) (int, bool) {
		// s[i] == '$'
		name, end := "", i+1
		if end < len(s) && s[end] == '{' {
			j := strings.IndexByte(s[end:], '}')
			if j < 0 {
				return i, false
			}
			name, end = s[end+1:end+j], end+j+1
		} else {
			for end < len(s) && (s[end] == '_' || s[end] >= 'A' && s[end] <= 'Z' || s[end] >= 'a' && s[end] <= 'z' || s[end] >= '0' && s[end] <= '9') {
				end++
			}
			name = s[i+1 : end]
		}
		if v := vars[name]; v != "" {
			b.WriteString(v)
			return end, true
		}
		return i, false
	}
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote == '\'':
			if ch == '\'' {
				quote = 0
			} else {
				b.WriteByte(ch)
			}
		case ch == '\\' && i+1 < len(s) && quote != '\'':
			i++
			b.WriteByte(s[i])
			in = true
		case ch == '$' && quote != '\'':
			in = true
			if end, ok := expand(i); ok {
				i = end - 1
			} else {
				b.WriteByte(ch)
			}
		case quote == '"':
			if ch == '"' {
				quote = 0
			} else {
				b.WriteByte(ch)
			}
		case ch == '\'' || ch == '"':
			quote, in = ch, true
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == ';' || ch == '|' || ch == '&' || ch == '<' || ch == '>' || ch == '(' || ch == ')':
			flush()
		default:
			b.WriteByte(ch)
			in = true
		}
	}
	flush()
	return out
}
