package gate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mandate-dev/mandate/internal/canonjson"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
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

// maxTreeEntries bounds the entries of one tree pinned one by one when it
// is first pinned (directories and files, breadth first). Past it, each
// directory not yet listed is pinned whole by a digest of the names and
// identities of everything under it (kindTreeDigest, checked on every
// call); likewise a directory holding more than maxListed names is pinned
// by a digest of its whole listing (listingDigest). No bound drops an
// entry silently (red-team round 16, #63).
var maxTreeEntries = 4096

// maxDigestEntries bounds the entries a tree digest takes; past it the
// digest says so (doctor reports it) and still covers what it took.
const maxDigestEntries = 1 << 17

// digestListing prefixes the digest of a directory pinned by its listing
// (listingDigest, treeDigest): such an entry is examined on every call,
// since a file rewritten in place changes nothing of the directory's own
// identity.
const digestListing = "listing:"

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
// servers (.mcp.json), LSP servers (.lsp.json) and all of them inline
// (.claude-plugin/plugin.json), or in the files the manifest names
// (pluginmanifest.go); Codex's and Cursor's plugins likewise
// (.codex-plugin/plugin.json, .cursor-plugin/plugin.json, mcp.json). Their
// tree holds whole repositories, so only its directories and those files
// are pinned (the scripts their commands run are pinned with them:
// hookscripts.go); a plugin that appears is seen by the directory it
// appears in. Directories that hold no configuration (.git,
// node_modules) are not followed.
var (
	pluginConfigNames = map[string]bool{"hooks.json": true, ".mcp.json": true, "mcp.json": true, "plugin.json": true, ".lsp.json": true}
	pluginSkipDirs    = map[string]bool{".git": true, "node_modules": true}
)

// listDir lists what a directory target holds now: for kindHookDir its
// *.json files; for kindScriptDir its files; for a tree its files and its
// directories. A symlink is a file (its target is pinned with it); in a
// tree, a symlink to a directory is also followed: its target, by its
// real path, is a directory of the tree (red-team round 16, #67: a skill
// kept with the code and linked in). Past maxListed names, the first
// maxListed in name order are listed, and over says the directory is
// pinned by its listing too (examine).
func listDir(dir, kind string) (files, dirs []string, over bool) {
	if kind == kindTreeDigest {
		return nil, nil, false
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil, nil, false
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	sort.Strings(names)
	if len(names) > maxListed {
		names, over = names[:maxListed], true
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if kind == kindHookDir {
			if strings.HasSuffix(n, ".json") {
				files = append(files, p)
			}
			continue
		}
		fi, err := os.Lstat(p)
		if err == nil && fi.IsDir() {
			if kind != kindScriptDir && (kind != kindPluginTree || !pluginSkipDirs[n]) {
				dirs = append(dirs, p)
			}
			continue
		}
		if kind != kindPluginTree || pluginConfigNames[n] || (err == nil && fi.Mode()&os.ModeSymlink != 0) {
			files = append(files, p)
		}
		if kind == kindScriptDir || err != nil || fi.Mode()&os.ModeSymlink == 0 {
			continue
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if r, err := filepath.EvalSymlinks(p); err == nil && filepath.IsAbs(r) {
				dirs = append(dirs, filepath.Clean(r))
			}
		}
	}
	return files, dirs, over
}

// dirTargets lists a directory target and what it holds now: for a tree,
// breadth first, up to maxTreeEntries entries one by one, the directories
// left each pinned whole (kindTreeDigest).
func dirTargets(dir, kind string, format configFormat) []target {
	out := []target{{path: dir, kind: kind, format: format, dir: true}}
	at := map[string]int{dir: 0}
	queue := []string{dir}
	for len(queue) > 0 {
		if len(out) >= maxTreeEntries {
			for _, d := range queue {
				out[at[d]].kind = kindTreeDigest
			}
			break
		}
		files, dirs, _ := listDir(queue[0], kind)
		queue = queue[1:]
		for _, p := range files {
			if _, ok := at[p]; !ok {
				at[p] = len(out)
				out = append(out, target{path: p, kind: kindHook, format: format})
			}
		}
		for _, d := range dirs {
			if _, ok := at[d]; !ok { // a symlink loop is followed once
				at[d] = len(out)
				out = append(out, target{path: d, kind: kind, format: format, dir: true})
				queue = append(queue, d)
			}
		}
	}
	return out
}

// isDirKind reports whether a pinned entry is a directory target.
func isDirKind(kind string) bool {
	return kind == kindHookDir || kind == kindHookTree || kind == kindPluginTree || kind == kindScriptDir || kind == kindTreeDigest
}

// restat reports whether e is pinned by a listing digest, which the
// directory's own identity does not vouch for: it is examined on every
// call.
func (e *pinEntry) restat() bool { return strings.HasPrefix(e.Seen, digestListing) }

// dirDigest is the digest of a directory entry: "directory", or, for a
// directory too large to pin one by one, the digest of its listing.
func dirDigest(path, kind string) string {
	if kind == kindTreeDigest {
		return treeDigest(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "directory"
	}
	names, _ := f.Readdirnames(maxListed + 1)
	f.Close()
	if len(names) <= maxListed {
		return "directory"
	}
	return listingDigest(path)
}

// listingDigest digests the names in dir and what lstat says of each
// (device, inode, mode, size, times): a file rewritten, created, removed
// or renamed changes it.
func listingDigest(dir string) string {
	h := sha256.New()
	n := digestDir(h, dir, "", false, 0)
	return digestListing + fmt.Sprintf("%d:", n) + hex.EncodeToString(h.Sum(nil))
}

// treeDigest is listingDigest of every directory under dir (not through
// symlinks), at most maxDigestEntries entries ("truncated" past them).
func treeDigest(dir string) string {
	h := sha256.New()
	n := digestDir(h, dir, "", true, 0)
	tail := ""
	if n >= maxDigestEntries {
		tail = ":truncated"
	}
	return digestListing + "tree:" + fmt.Sprintf("%d:", n) + hex.EncodeToString(h.Sum(nil)) + tail
}

func digestDir(h hash.Hash, dir, rel string, deep bool, n int) int {
	f, err := os.Open(dir)
	if err != nil {
		fmt.Fprintf(h, "%s\x00error\x00", rel)
		return n
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	sort.Strings(names)
	for _, name := range names {
		if n >= maxDigestEntries {
			return n
		}
		n++
		p := filepath.Join(dir, name)
		o := observe(p)
		fmt.Fprintf(h, "%s/%s\x00%d:%d:%o:%d:%d:%d\x00", rel, name, o.l.Dev, o.l.Ino, o.l.Mode, o.l.Size, o.l.Mtime, o.l.Ctime)
		if deep && o.l.Mode&unix.S_IFMT == unix.S_IFDIR {
			n = digestDir(h, p, rel+"/"+name, deep, n)
		}
	}
	return n
}

// appeared pins as absent every file (and, in a tree, directory) now in
// the directory entry e that m does not hold yet, so that each shows as a
// change when settle reaches it (entries appended to m are examined in the
// same pass). A directory pinned by its listing adds at most maxListed.
func appeared(m *manifest, e pinEntry, now int64) {
	files, dirs, _ := listDir(e.Path, e.Kind)
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
