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
// pinned file; at most maxHookScripts per scope.

// maxHookScripts bounds the scripts pinned for one scope.
const maxHookScripts = 64

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
				if !seen[p] && len(out) < maxHookScripts {
					seen[p] = true
					out = append(out, target{path: p, kind: kindHook, format: formatText})
				}
			}
		}
	}
	return out
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
