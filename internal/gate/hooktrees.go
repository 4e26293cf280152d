package gate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// Hook configuration directories. A location of the table (hookConfigs)
// whose last element is "*.json" is a directory whose JSON files are hook
// configurations (Copilot's .github/hooks/); one whose last element is
// "**" is a tree whose every file, at any depth, is (Claude Code's
// subagents and skills, whose frontmatter registers hooks; Hermes's hook
// handlers; Gemini CLI's extensions, which register hooks and MCP
// servers, and whose files those run). The directory itself is pinned
// too (kindHookDir, kindHookTree): when it changes, the files and, for a
// tree, the directories that appeared in it are pinned as absent, so that
// each shows as a change (settle), whether or not the directory existed
// when the session started.

// maxTreeEntries bounds the entries taken from one tree when it is first
// pinned (directories and files, breadth first).
const maxTreeEntries = 1024

// dirPattern splits a location's path into its directory and the kind of
// the directory target: kindHookDir for "*.json", kindHookTree for "**",
// "" for a plain file.
func dirPattern(p string) (dir, kind string) {
	sep := string(filepath.Separator)
	if d, ok := strings.CutSuffix(p, sep+"*.json"); ok {
		return d, kindHookDir
	}
	if d, ok := strings.CutSuffix(p, sep+"**"); ok {
		return d, kindHookTree
	}
	if d, ok := strings.CutSuffix(p, sep+"**"+sep+"hooks.json"); ok {
		return d, kindPluginTree
	}
	return p, ""
}

// Claude Code plugins (~/.claude/plugins: marketplaces' clones, the
// installed plugins' cache) register hooks (hooks/hooks.json), MCP
// servers (.mcp.json) and both inline (.claude-plugin/plugin.json);
// Codex's and Cursor's plugins likewise (.codex-plugin/plugin.json,
// .cursor-plugin/plugin.json, mcp.json). Their
// tree holds whole repositories, so only its directories and those files
// are pinned (the scripts their commands run are pinned with them:
// hookscripts.go); a plugin that appears is seen by the directory it
// appears in. Directories that hold no configuration (.git,
// node_modules) are not followed.
var (
	pluginConfigNames = map[string]bool{"hooks.json": true, ".mcp.json": true, "mcp.json": true, "plugin.json": true}
	pluginSkipDirs    = map[string]bool{".git": true, "node_modules": true}
)

// listDir lists what a directory target holds now, bounded: for
// kindHookDir its *.json files; for kindHookTree its files and its
// directories (not followed through symlinks: a symlink is a file whose
// target is pinned with it).
func listDir(dir, kind string) (files, dirs []string) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, nil
	}
	names, _ := f.Readdirnames(maxListed)
	f.Close()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if kind == kindHookDir {
			if strings.HasSuffix(n, ".json") {
				files = append(files, p)
			}
			continue
		}
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			if kind != kindPluginTree || !pluginSkipDirs[n] {
				dirs = append(dirs, p)
			}
		} else if kind != kindPluginTree || pluginConfigNames[n] {
			files = append(files, p)
		}
	}
	return files, dirs
}

// dirTargets lists a directory target and what it holds now: for a tree,
// breadth first, at most maxTreeEntries entries.
func dirTargets(dir, kind string, format configFormat) []target {
	out := []target{{path: dir, kind: kind, format: format, dir: true}}
	queue := []string{dir}
	for len(queue) > 0 && len(out) < maxTreeEntries {
		files, dirs := listDir(queue[0], kind)
		queue = queue[1:]
		for _, p := range files {
			out = append(out, target{path: p, kind: kindHook, format: format})
		}
		for _, d := range dirs {
			out = append(out, target{path: d, kind: kind, format: format, dir: true})
			queue = append(queue, d)
		}
	}
	if len(out) > maxTreeEntries {
		out = out[:maxTreeEntries]
	}
	return out
}

// isDirKind reports whether a pinned entry is a directory target.
func isDirKind(kind string) bool {
	return kind == kindHookDir || kind == kindHookTree || kind == kindPluginTree
}

// appeared pins as absent every file (and, in a tree, directory) now in
// the directory entry e that m does not hold yet, so that each shows as a
// change when settle reaches it (entries appended to m are examined in the
// same pass).
func appeared(m *manifest, e pinEntry, now int64) {
	files, dirs := listDir(e.Path, e.Kind)
	absent := func(p, kind string) {
		if m.find(p) >= 0 {
			return
		}
		gov := govOf(e.Format, nil, true)
		if isDirKind(kind) {
			gov = digestAbsent
		}
		m.Entries = append(m.Entries, pinEntry{Path: p, Kind: kind, Format: e.Format,
			Missing: true, Checked: now, Seen: digestAbsent, SeenGov: gov, Pinned: digestAbsent, PinnedGov: gov})
	}
	for _, p := range files {
		absent(p, kindHook)
	}
	for _, d := range dirs {
		absent(d, e.Kind)
	}
}

// claudeStateGoverning are the members of Claude Code's state file
// (~/.claude.json) that govern what runs: the MCP servers it starts, at
// user scope and per project, and which of a project's .mcp.json servers
// are approved. Claude Code rewrites everything else in it (counters,
// caches, tips) during tool calls.
var (
	claudeStateGoverning = []string{"mcpServers"}
	claudeStateProject   = []string{"mcpServers", "enabledMcpjsonServers", "disabledMcpjsonServers", "enableAllProjectMcpServers"}
)

// claudeStateGov is the governance digest of ~/.claude.json: the digest of
// its governing members only (a file that does not parse counts whole).
func claudeStateGov(b []byte) string {
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil || v == nil {
		return digestBytes(b)
	}
	keep := map[string]any{}
	for _, k := range claudeStateGoverning {
		if x, ok := v[k]; ok && governs(x) {
			keep[k] = x
		}
	}
	if projects, ok := v["projects"].(map[string]any); ok {
		ps := map[string]any{}
		for name, pv := range projects {
			pm, ok := pv.(map[string]any)
			if !ok {
				ps[name] = pv
				continue
			}
			kp := map[string]any{}
			for _, k := range claudeStateProject {
				if x, ok := pm[k]; ok && governs(x) {
					kp[k] = x
				}
			}
			if len(kp) > 0 {
				ps[name] = kp
			}
		}
		if len(ps) > 0 {
			keep["projects"] = ps
		}
	}
	if len(keep) == 0 {
		return govEmpty
	}
	cb, err := canonjson.Marshal(keep)
	if err != nil {
		return digestBytes(b)
	}
	return digestBytes(cb)
}

// governs reports whether a member's value says anything: Claude Code
// writes empty lists, maps and false for every project it opens.
func governs(x any) bool {
	switch y := x.(type) {
	case nil:
		return false
	case bool:
		return y
	case map[string]any:
		return len(y) > 0
	case []any:
		return len(y) > 0
	}
	return true
}
