package gate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// Plugin manifests. A plugin's manifest (.claude-plugin/plugin.json, and
// Codex's and Cursor's) registers its components inline or names the
// files that hold them, relative to the plugin's root ("hooks":
// "./config/pre-tool.json", "mcpServers": "./mcp-config.json",
// "lspServers": "./.lsp.json", "agents": ["./agents/a.md"], "skills":
// "./skills/"): every file and directory a manifest names is pinned with
// it, as configuration (a directory as a tree), so that the protected set
// follows what the agent's configuration references (red-team round 16,
// #65). The default component files (hooks/hooks.json, .mcp.json,
// .lsp.json) are pinned by name in a plugin tree (pluginConfigNames).

// pluginComponentKeys are the manifest members that name component
// files or directories, and the format their files are read in.
var pluginComponentKeys = map[string]configFormat{
	"hooks": formatJSON, "mcpServers": formatJSON, "lspServers": formatJSON,
	"agents": formatText, "skills": formatText, "commands": formatText, "outputStyles": formatText,
}

// pluginManifestDirs are the directories a plugin manifest is in.
var pluginManifestDirs = map[string]bool{".claude-plugin": true, ".codex-plugin": true, ".cursor-plugin": true}

// manifestTargets lists the files and directories the plugin manifests
// among ts name.
func manifestTargets(ts []target) []target {
	var out []target
	seen := map[string]bool{}
	for _, t := range ts {
		if t.dir || filepath.Base(t.path) != "plugin.json" || !pluginManifestDirs[filepath.Base(filepath.Dir(t.path))] {
			continue
		}
		b, err := readRegular(t.path, maxConfigSize, false)
		if err != nil {
			continue
		}
		var m map[string]any
		if json.Unmarshal(b, &m) != nil {
			continue
		}
		root := filepath.Dir(filepath.Dir(t.path))
		for k, format := range pluginComponentKeys {
			for _, rel := range manifestPaths(m[k]) {
				p := filepath.Clean(filepath.Join(root, strings.ReplaceAll(rel, "${CLAUDE_PLUGIN_ROOT}", ".")))
				if seen[p] {
					continue
				}
				seen[p] = true
				if fi, err := os.Stat(p); err == nil && fi.IsDir() {
					out = append(out, dirTargets(p, kindHookTree, format)...)
					continue
				}
				out = append(out, target{path: p, kind: kindHook, format: format})
			}
		}
	}
	return out
}

// manifestPaths lists the relative paths a manifest member names: a
// string, or a list of strings (inline objects name none).
func manifestPaths(v any) []string {
	var out []string
	add := func(s string) {
		if s != "" && !filepath.IsAbs(s) && !strings.Contains(s, "://") {
			out = append(out, s)
		}
	}
	switch x := v.(type) {
	case string:
		add(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				add(s)
			}
		}
	}
	return out
}
