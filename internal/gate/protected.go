package gate

import (
	"encoding/json"
	"github.com/mandate-dev/mandate/internal/agent"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/install"
	"github.com/mandate-dev/mandate/internal/policy"
	unix "github.com/mandate-dev/mandate/internal/unixcompat"
)

// The protected set is what no agent action may change: the policy files
// in force, every agent's hook configuration (hookConfigs), Mandate's
// binaries and its state directory. The gate hands it to every decision
// (policy.Options.Protected) and pins it (pins.go).

// Kinds of pinned files, as stored in manifests and records.
const (
	kindPolicy  = "policy"
	kindHook    = "hook-config"
	kindHookDir = "hook-config-dir"
	// kindHookTree is a directory every file of which, at any depth, is
	// hook configuration (hooktrees.go).
	kindHookTree = "hook-config-tree"
	// kindPluginTree is a directory of Claude Code plugins: of its files,
	// at any depth, those that register hooks and MCP servers are hook
	// configuration (hooktrees.go).
	kindPluginTree = "hook-config-plugins"
	// kindScriptDir is the directory of a hook script: every file in it
	// (what the script imports or sources from beside it) is pinned with
	// it (hookscripts.go).
	kindScriptDir = "hook-script-dir"
	// kindTreeDigest is a directory of a hook tree past the tree's bound
	// (maxTreeEntries): pinned by a digest of the names and identities of
	// everything under it, checked on every call (hooktrees.go).
	kindTreeDigest = "hook-config-tree-digest"
	kindBinary     = "binary"
)

func protectKind(kind string) policy.ProtectedKind {
	switch kind {
	case kindPolicy:
		return policy.ProtectPolicy
	case kindBinary:
		return policy.ProtectBinary
	}
	return policy.ProtectHookConfig
}

// target is one file of the protected set before it is pinned.
type target struct {
	path   string
	kind   string
	format configFormat
	dir    bool // a directory of hook configurations (hooktrees.go)
	// inUse names the agent the file is protected for only while it is
	// in use (hookConfig.inUse); "" for every session.
	inUse string
}

// maxListed bounds the entries pinned one by one from one directory; past
// it, the directory is pinned by a digest of its whole listing
// (hooktrees.go).
var maxListed = 4096

// configTargets lists the hook configurations of one base: the repository
// (and start directory) when root is set, else the home directory and
// the machine's (home, getenv).
func configTargets(roots []string, home string, getenv func(string) string, repo bool) []target {
	var out []target
	add := func(dir string, c hookConfig) {
		p := filepath.Join(dir, filepath.FromSlash(c.path))
		if d, kind := dirPattern(p); kind != "" {
			out = append(out, dirTargets(d, kind, c.format)...)
			return
		}
		t := target{path: p, kind: kindHook, format: c.format}
		if c.inUse {
			t.inUse = c.agent
		}
		out = append(out, t)
	}
	for _, c := range hookConfigs() {
		if c.goos != "" && c.goos != runtime.GOOS {
			continue
		}
		switch {
		case repo && c.base == inRepo:
			for _, r := range roots {
				if r != "" {
					add(r, c)
				}
			}
		case !repo && c.base == inHome && home != "":
			add(home, c)
		case !repo && c.base == inEnvDir && getenv != nil:
			if d := getenv(c.env); d != "" && filepath.IsAbs(d) {
				add(filepath.Clean(d), c)
			}
		case !repo && c.base == absolute:
			add("/", c)
		case repo && c.base == inAncestors:
			for _, r := range roots {
				for d := filepath.Dir(r); r != "" && filepath.IsAbs(r); d = filepath.Dir(d) {
					add(d, c)
					if d == filepath.Dir(d) {
						break
					}
				}
			}
		}
	}
	return dedupTargets(out)
}

func dedupTargets(ts []target) []target {
	seen := make(map[string]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		if !seen[t.path] {
			seen[t.path] = true
			out = append(out, t)
		}
	}
	return out
}

// registeredPrograms returns the absolute paths of the Mandate programs a
// hook configuration registers: the program word of every command that
// runs "<…/mandate…> hook <agent>". A file that does not parse registers
// nothing that can be read (the file itself stays pinned).
func registeredPrograms(content []byte, format configFormat, home string) []string {
	var cmds []string
	switch format {
	case formatJSON, formatClaudeJSON:
		var v any
		if json.Unmarshal(content, &v) == nil {
			cmds = commandsIn(v, cmds)
		}
	case formatYAML:
		var v any
		if yaml.Unmarshal(content, &v) == nil {
			cmds = commandsIn(v, cmds)
		}
	case formatTOML:
		cmds = tomlCommands(content)
	}
	var out []string
	for _, c := range cmds {
		if !strings.Contains(c, "mandate") {
			continue
		}
		for _, agent := range agent.Names() {
			exe, ok := install.IsMandateCommand(c, agent)
			if !ok {
				continue
			}
			if rest, ok := strings.CutPrefix(exe, "~/"); ok && home != "" {
				exe = filepath.Join(home, rest)
			}
			if filepath.IsAbs(exe) {
				out = append(out, filepath.Clean(exe))
			}
			break
		}
	}
	return out
}

// commandsIn collects the command strings of hook handlers anywhere in a
// decoded configuration: "command", "bash" or "powershell" members, with
// Claude Code's exec form ("command" plus "args") joined.
func commandsIn(v any, out []string) []string {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"command", "bash", "powershell"} {
			s, ok := x[k].(string)
			if !ok {
				continue
			}
			if args, ok := x["args"].([]any); ok {
				for _, a := range args {
					if as, ok := a.(string); ok {
						s += " " + as
					}
				}
			}
			out = append(out, s)
		}
		for _, e := range x {
			out = commandsIn(e, out)
		}
	case []any:
		for _, e := range x {
			out = commandsIn(e, out)
		}
	}
	return out
}

// tomlCommands reads `command = "…"` assignments (basic or literal
// strings) from a TOML file, line by line.
func tomlCommands(content []byte) []string {
	var out []string
	for _, line := range strings.Split(string(content), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || strings.TrimSpace(k) != "command" {
			continue
		}
		v = strings.TrimSpace(v)
		switch {
		case len(v) >= 2 && v[0] == '\'' && strings.IndexByte(v[1:], '\'') >= 0:
			out = append(out, v[1:1+strings.IndexByte(v[1:], '\'')])
		case len(v) >= 2 && v[0] == '"':
			var s string
			if end := closingQuote(v); end > 0 && json.Unmarshal([]byte(v[:end+1]), &s) == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

func closingQuote(v string) int {
	for i := 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// binaries finds Mandate's own binaries: this process's executable, the
// front and the engine beside it, and every mandate or mandate-engine on
// the hook's PATH. (Programs registered in hook configurations are added
// by the pins.)
type binaries struct {
	once sync.Once
	own  []string // the executable and its siblings: fixed for the process

	mu     sync.Mutex
	path   string // the PATH the cache is for
	onPath []string
	at     time.Time
}

// pathTTL is how long a long-lived process trusts its PATH lookups.
const pathTTL = 30 * time.Second

func (b *binaries) list(pathEnv string, now time.Time) []string {
	b.once.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		add := func(p string) {
			if isExecutableFile(p) {
				b.own = append(b.own, p)
			}
		}
		add(exe)
		if r, err := filepath.EvalSymlinks(exe); err == nil && r != exe {
			add(r)
		}
		for _, n := range mandateNames {
			if p := filepath.Join(filepath.Dir(exe), n); p != exe {
				add(p)
			}
		}
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.path != pathEnv || b.at.IsZero() || now.Sub(b.at) > pathTTL || now.Before(b.at) {
		b.path, b.onPath, b.at = pathEnv, onPath(pathEnv), now
	}
	out := make([]string, 0, len(b.own)+len(b.onPath))
	out = append(out, b.own...)
	return append(out, b.onPath...)
}

// onPath lists every executable named like a Mandate binary in the
// absolute directories of pathEnv.
func onPath(pathEnv string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range filepath.SplitList(pathEnv) {
		if !filepath.IsAbs(d) || seen[d] {
			continue
		}
		seen[d] = true
		for _, n := range mandateNames {
			if p := filepath.Join(d, n); isExecutableFile(p) {
				out = append(out, p)
			}
		}
		if len(seen) > 256 {
			break
		}
	}
	return out
}

func isExecutableFile(p string) bool {
	var st unix.Stat_t
	return unix.Stat(p, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG && st.Mode&0o111 != 0
}
