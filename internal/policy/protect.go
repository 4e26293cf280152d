package policy

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
	"github.com/mandate-dev/mandate/internal/lazy"
	"github.com/mandate-dev/mandate/internal/shell"
)

// Names of the built-in policies, as they appear in Decision.PolicyChecks.
const (
	PolicySelfProtection   = "mandate-self-protection"
	PolicyCredentialStores = "mandate-credential-stores"
	PolicyTrustLevel       = "mandate-trust-level"
	PolicyAnalysis         = "mandate-analysis"
)

// builtinPolicies lists the built-in policies in PolicyChecks order.
var builtinPolicies = []string{PolicySelfProtection, PolicyCredentialStores, PolicyTrustLevel, PolicyAnalysis}

// hookConfigs are the agents' hook configurations, relative to the
// repository root (at any depth below it) and to the home directory. An
// agent that could rewrite them could switch Mandate off.
//
// Each agent Mandate has a hook for states its own in its package
// (agent.Agent.Configs, internal/agent/<name>/configs.go), which reach
// these lists through ProtectAgent when the agent is registered: one
// table per agent, also the source of the gate's pins. Listed here are
// the files of agents Mandate has no hook for, and Mandate's own. (The
// policy package's tests load the registered agents' lists from
// testdata/agent-files.json, which internal/agent/agents's tests keep
// equal to the registry.)
var hookConfigs = []string{
	".windsurf/hooks.json",
	".codeium/windsurf/hooks.json",
	".codeium/windsurf/mcp_config.json", // Windsurf's MCP servers
	".clinerules/hooks/",
	".kiro/agents/", // Kiro CLI agents register hooks
	".kiro/hooks/",
	".kiro/settings/mcp.json",
	// OpenCode loads every JavaScript or TypeScript file of its plugin
	// directories at startup, in its own process.
	".opencode/plugins/", ".opencode/plugin/", ".config/opencode/plugins/", ".config/opencode/plugin/",
	// Not an agent's, Mandate's own: the state directory a repository is
	// governed with (internal/gate's statemark.go), in its git directory;
	// rewritten, a session could escape its tamper locks into a fresh one.
	".git/mandate-state",
	".git/worktrees/*/mandate-state",
	".git/modules/**/mandate-state",
}

// hookDirs are the directories that hold hook configurations; deleting
// one deletes the configuration.
var hookDirs = []string{".windsurf", ".codeium", ".clinerules", ".kiro", ".opencode"}

// systemHookConfigs are machine-wide agent settings.
var systemHookConfigs = []string{
	"/etc/windsurf/",
}

// AgentFiles are an agent's configuration files that self-protection
// guards, in the forms of hookConfigs, hookDirs and systemHookConfigs.
type AgentFiles struct {
	// Name is the agent's name as Mandate's commands take it (mandate
	// install NAME): a program given install NAME may be a Mandate front
	// (mandateargs.go).
	Name string
	// Configs are relative to the repository root (at any depth below it)
	// and to the home directory; a name ending in "/" is a directory and
	// everything below it.
	Configs []string
	// Dirs are directories that hold hook configurations: deleting one
	// deletes the configuration.
	Dirs []string
	// System are machine-wide settings, absolute.
	System []string
	// Credentials are home-relative files of Configs that hold
	// credentials (MCP servers' env blocks): credential stores too.
	Credentials []string `json:",omitempty"`
}

// ProtectAgent adds an agent's files to those self-protection guards
// (above, those of agents Mandate has no hook for). It is called by
// agent.Register from init functions only, before any policy is
// prepared.
func ProtectAgent(f AgentFiles) {
	hookConfigs = append(hookConfigs, f.Configs...)
	hookDirs = append(hookDirs, f.Dirs...)
	systemHookConfigs = append(systemHookConfigs, f.System...)
	for _, c := range f.Credentials {
		if !slices.Contains(credentialStores, c) {
			credentialStores = append(credentialStores, c)
		}
	}
	if f.Name != "" {
		mandateAgentNames[f.Name] = true
	}
}

type builtinSet struct {
	hook []*pathPat // repo- and home-relative, matched at any depth
	// hookFiles and hookDirs are hookConfigs' plain files and
	// directories (hookConfigNames), for the identities of protected files.
	hookFiles, hookDirs []string
	system              []*pathPat
	creds               []*pathPat // home-relative
	credSys             []*pathPat // systemCredentialStores
	// credSysFile marks the system stores that are files (no trailing
	// "/"): a glob deeper than one matches only paths below a file,
	// which do not exist (/proc/*/status is not below /proc/keys).
	credSysFile []bool
	// credFirst indexes creds by their first segment, lower case: a
	// path is checked against the few stores that can hold it.
	credFirst map[string][]int
	// credUndotted is set when a store's first segment does not start
	// with "." (Library/Keychains/): paths without a dot segment must
	// be checked too.
	credUndotted bool
}

// credHomes are the directories, other than the session's home, whose
// credential stores are protected: "*" is any one user name.
var credHomes = [][]string{{"root"}, {"home", "*"}, {"Users", "*"}, {"var", "root"}}

func mustPaths(list []string, prefix string) []*pathPat {
	out := make([]*pathPat, 0, len(list))
	for _, s := range list {
		pp, err := compilePath(prefix + s)
		if err != nil {
			panic("policy: built-in pattern " + s + ": " + err.Error())
		}
		out = append(out, pp)
	}
	return out
}

// sharedBuiltins are compiled on first use, once per process, and shared
// by every Policy: nothing modifies a builtinSet or its patterns after
// newBuiltins returns, and they depend on no policy or environment.
var sharedBuiltins = &lazy.Value[*builtinSet]{New: newBuiltins}

// credAbsPats are credentialStores under /root, /home/*, /Users/* and
// /var/root (credHomes), in that order: only a glob is matched against
// them (a path is looked up by its segments below the home, credLookup),
// and they are four fifths of the built-in patterns, so they are
// compiled on their own, when a glob first needs them.
var credAbsPats = &lazy.Value[[]*pathPat]{New: func() []*pathPat {
	out := make([]*pathPat, 0, len(credHomes)*len(credentialStores))
	for _, h := range credHomes {
		out = append(out, mustPaths(credentialStores, "/"+strings.Join(h, "/")+"/")...)
	}
	return out
}}

func newBuiltins() *builtinSet {
	b := &builtinSet{
		hook:    mustPaths(uncovered(hookConfigs), "**/"),
		system:  mustPaths(uncovered(systemHookConfigs), ""),
		creds:   mustPaths(credentialStores, "~/"),
		credSys: mustPaths(systemCredentialStores, ""),
	}
	b.hookFiles, b.hookDirs = hookConfigNames(hookConfigs)
	for _, s := range systemCredentialStores {
		b.credSysFile = append(b.credSysFile, !strings.HasSuffix(s, "/"))
	}
	b.credFirst = make(map[string][]int, len(b.creds))
	for i, pp := range b.creds {
		b.credFirst[pp.lower[0]] = append(b.credFirst[pp.lower[0]], i)
		if !strings.HasPrefix(pp.lower[0], ".") {
			b.credUndotted = true
		}
	}
	return b
}

// uncovered drops from list the patterns another one covers (a file in a
// listed directory, a name a glob matches): each is matched on every write
// of a dotted path.
func uncovered(list []string) []string {
	var out []string
	for i, p := range list {
		covered := false
		for j, q := range list {
			if i == j || p == q && j > i {
				continue
			}
			if p == q || strings.HasSuffix(q, "/") && strings.HasPrefix(p, q) {
				covered = true
			} else if !hasMeta(q) {
				// without a metacharacter q matches only itself (above)
			} else if m, err := path.Match(q, p); err == nil && m && !strings.HasSuffix(p, "/") {
				covered = true
			}
			if covered {
				break
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// stateDirs returns the state directories to protect for this action,
// as given and resolved.
func (ev *evaluation) stateDirs() []string {
	if ev.states != nil {
		return ev.states
	}
	dirs := append([]string{}, ev.p.opt.StateDirs...)
	if ev.home != "" {
		dirs = append(dirs, homeStateJoin.join(ev.home))
	}
	for _, pr := range ev.p.opt.Protected {
		if pr.Kind == ProtectState {
			dirs = append(dirs, pr.Path)
		}
	}
	for _, d := range dirs[:len(dirs):len(dirs)] {
		if r, err := ev.resolve(d); err == nil && r != d && !slices.Contains(dirs, r) {
			dirs = append(dirs, r)
		}
	}
	ev.states = dirs
	return dirs
}

// protFile is a file of the protected set, by path.
type protFile struct {
	path string // absolute, clean
	kind ProtectedKind
	tree bool // Protected.Tree
}

// what names the kind of protected file in a reason.
func (f protFile) what() string {
	switch f.kind {
	case ProtectHookConfig:
		return "an agent hook configuration"
	case ProtectBinary:
		return "a Mandate binary"
	}
	return "the policy file"
}

// protectedFiles are the exact files an agent may never write or delete:
// the policy in force, agent-policy.yaml at the repository root and the
// files Options.Protected lists, each as given and resolved.
func (ev *evaluation) protectedFiles() []protFile {
	if ev.protected != nil {
		return ev.protected
	}
	out := []protFile{}
	add := func(p string, k ProtectedKind, tree bool) {
		out = append(out, protFile{p, k, tree})
		if r, err := ev.resolve(p); err == nil && r != p {
			out = append(out, protFile{r, k, tree})
		}
	}
	if ev.p.path != "" {
		add(ev.p.path, ProtectPolicy, false)
	}
	if ev.root != "" {
		out = append(out, protFile{rootPolicyJoin.join(ev.root), ProtectPolicy, false})
	}
	if ev.rootR != "" && ev.rootR != ev.root {
		out = append(out, protFile{rootRPolicyJoin.join(ev.rootR), ProtectPolicy, false})
	}
	for _, pr := range ev.p.opt.Protected {
		if pr.Kind != ProtectState {
			add(pr.Path, pr.Kind, pr.Tree)
		}
	}
	ev.protected = out
	return out
}

// selfProtected returns why writing or deleting t is forbidden, or "".
// Deleting a directory that contains a protected file counts, and so does
// writing into one: a write whose target is a directory (cp -r … ., rsync,
// tar x, unzip, patch, git apply, chmod -R) may replace any file below it,
// the policy file and hook configuration included. holder is set when
// that is the only reason: t holds a protected path without being one.
func (ev *evaluation) selfProtected(t *target) (why string, holder bool) {
	// is reports whether t is p or an ancestor of p. A glob target is a
	// pattern over p's segments.
	is := func(p string) bool {
		if t.glob {
			return segsOverlap(t.absSegs, splitSegs(strings.TrimPrefix(p, "/")), false, false, 0)
		}
		if samePathFold(t.abs, p) {
			return true
		}
		_, ok := underFold(p, t.abs)
		return ok
	}
	for _, f := range ev.protectedFiles() {
		if is(f.path) {
			if t.glob || samePathFold(t.abs, f.path) {
				return f.what(), false
			}
			return fmt.Sprintf("a directory holding %s (a write into it may replace any file below; name the file instead)", f.what()), true
		}
		if f.tree {
			if _, ok := underFold(t.abs, f.path); ok && !t.glob {
				return f.what(), false
			}
			if t.glob && segsOverlap(foldSegs(f.path), t.lAbsSegs, true, true, 0) {
				return f.what(), false
			}
		}
	}
	for _, d := range ev.stateDirs() {
		if _, ok := underFold(t.abs, d); ok && !t.glob {
			return "Mandate's state directory", false
		}
		if t.glob && segsOverlap(foldSegs(d), t.lAbsSegs, true, true, 0) {
			return "Mandate's state directory", false
		}
		if is(d) {
			return "a directory containing Mandate's state directory", true
		}
	}
	b := ev.p.builtins()
	hook := func(t *target) bool {
		if !t.dot && !strings.HasPrefix(t.abs, "/etc/") && !strings.HasPrefix(t.abs, "/Library/") {
			return false
		}
		for _, pp := range b.hook {
			if pp.match(t, true) {
				return true
			}
		}
		for _, pp := range b.system {
			if pp.match(t, true) {
				return true
			}
		}
		return false
	}
	// The repository-relative patterns ("**/.claude/...") are matched at
	// every segment of the absolute path, not only below the repository
	// or the home directory: an agent reads the configuration of any
	// directory it is started in or given (Claude's --add-dir loads that
	// directory's skills, live), and /tmp or /srv is such a directory as
	// much as the home is. Every ancestor's segments are a suffix of the
	// absolute ones, so this one match covers the repository and the home.
	at := target{abs: t.abs, absSegs: t.absSegs, lAbsSegs: t.lAbsSegs, inRepo: true,
		relSegs: t.absSegs, lRelSegs: t.lAbsSegs, dot: t.dot, glob: t.glob, anyDir: t.anyDir}
	if hook(&at) {
		return "an agent hook configuration", false
	}
	// Deleting or writing into a directory that holds hook configurations,
	// the repository or the home directory.
	base := foldSeg(path.Base(t.abs))
	for _, name := range hookDirs {
		if base == name || (t.glob && (base == "**" || globIntersect(name, base))) {
			return "a directory holding agent hook configuration", false
		}
	}
	// The git directories of worktrees and submodules hold their
	// mandate-state (hookConfigs); deleting them deletes it.
	if inNestedGitDirs(t.abs, t.glob) {
		return "in the git directories of worktrees or submodules, which hold the state directory each is governed with", false
	}
	if (ev.root != "" && is(ev.root)) || (t.inRepo && t.rel == "") {
		return "the repository or a directory holding it, with its policy and hook configuration", true
	}
	if ev.home != "" && is(ev.home) {
		return "the home directory or a directory holding it", true
	}
	for _, pp := range ev.p.protectExtra {
		if pp.match(t, true) {
			return "a path listed in self_protection.extra_paths", false
		}
	}
	// An installed mandate binary outside the repository.
	if !t.inRepo && path.Base(t.abs) == "mandate" && path.Base(path.Dir(t.abs)) == "bin" {
		return "the installed mandate binary", false
	}
	return "", false
}

// credentialStore returns the credential store t falls in, or "".
func (ev *evaluation) credentialStore(t *target, write bool) string {
	allow := ev.p.credAllowRead
	if write {
		allow = ev.p.credAllowWrite
	}
	for _, pp := range allow {
		if pp.match(t, false) {
			return ""
		}
	}
	b := ev.p.builtins()
	for i, pp := range b.credSys {
		if t.glob && b.credSysFile[i] && len(t.absSegs) > len(pp.segs) && !slices.Contains(t.absSegs, "**") {
			continue
		}
		if pp.match(t, true) {
			return systemCredentialStores[i]
		}
	}
	if !t.dot && !b.credUndotted {
		goto extra // every store has a name starting with "." and t has none
	}
	if t.glob {
		// a glob can overlap a store from any segment on: every pattern
		for i, pp := range b.creds {
			if pp.match(t, true) {
				return "~/" + credentialStores[i]
			}
		}
		for i, pp := range credAbsPats.Get() {
			if pp.match(t, true) {
				return "~/" + credentialStores[i%len(credentialStores)]
			}
		}
		goto extra
	}
	// a path: its part below the session's home or another user's home,
	// checked against the stores that start with its first segment
	if t.inHome {
		if s := credLookup(b, t.lHSegs); s != "" {
			return s
		}
	}
	for _, h := range credHomes {
		if rel, ok := belowHome(t.lAbsSegs, h); ok {
			if s := credLookup(b, rel); s != "" {
				return s
			}
		}
	}
extra:
	for _, pp := range ev.p.credExtra {
		if pp.match(t, true) {
			return pp.src
		}
	}
	return ""
}

// credLookup returns the credential store that holds the home-relative
// path rel (lower case), or "".
func credLookup(b *builtinSet, rel []string) string {
	if len(rel) == 0 {
		return ""
	}
	for _, i := range b.credFirst[rel[0]] {
		if matchSegs(b.creds[i].lower, rel) {
			return "~/" + credentialStores[i]
		}
	}
	return ""
}

// belowHome returns the segments of abs below the home directory h
// ("*" matches any one segment), if abs is below it.
func belowHome(abs, h []string) ([]string, bool) {
	if len(abs) <= len(h) {
		return nil, false
	}
	for i, s := range h {
		if s != "*" && !fsview.EqualFold(abs[i], s) || s == "*" && abs[i] == "" {
			return nil, false
		}
	}
	return abs[len(h):], true
}

// selfCommands finds commands that would stop or remove Mandate by name:
// its service, or its binary looked up and removed. Running Mandate's own
// subcommands is judged in mandate.go, signals in signals.go.
func selfCommands(an *shell.Analysis) (subject, why string) {
	mentions := func(c *shell.Command) bool {
		for _, a := range c.Args {
			if strings.Contains(strings.ToLower(a), "mandate") {
				return true
			}
		}
		return false
	}
	var lookup, remover bool
	for i := range an.Commands {
		c := &an.Commands[i]
		switch {
		case (c.Name == "systemctl" || c.Name == "launchctl" || c.Name == "service") && mentions(c):
			for _, a := range c.Args {
				switch a {
				case "stop", "disable", "kill", "mask", "unload", "bootout", "remove":
					return c.Line, "stops Mandate's service"
				}
			}
		case c.Name == "go" && len(c.Args) > 0 && c.Args[0] == "clean" && mentions(c):
			return c.Line, "removes the installed mandate binary"
		case (c.Name == "pgrep" || c.Name == "pidof" || c.Name == "which" || c.Name == "whereis" ||
			c.Name == "type" || (c.Name == "command" && len(c.Args) > 0 && (c.Args[0] == "-v" || c.Args[0] == "-V"))) && mentions(c):
			lookup = true
		case c.Name == "rm" || c.Name == "unlink" || c.Name == "shred" || c.Name == "mv" || c.Name == "cp" ||
			c.Name == "ln" || c.Name == "chmod" || c.Name == "truncate" || c.Name == "install" || c.Name == "dd" || c.Name == "tee":
			remover = true
		}
	}
	if lookup && remover {
		return "", "looks up Mandate's binary and replaces or removes it"
	}
	return "", ""
}

// inNestedGitDirs reports whether abs is .git/worktrees or .git/modules,
// or below them (or, for a glob, may be: a glob's last segment matches
// either name), where worktrees' and submodules' git directories keep
// their mandate-state.
func inNestedGitDirs(abs string, glob bool) bool {
	// Each segment but the last, with the one after it (and whether
	// that one is the last), without splitting abs.
	for rest := abs; ; {
		seg, after, more := strings.Cut(rest, "/")
		if !more {
			return false
		}
		if foldSeg(seg) == ".git" {
			next, _, nextMore := strings.Cut(after, "/")
			if n := foldSeg(next); n == "worktrees" || n == "modules" || (glob && !nextMore) {
				return true
			}
		}
		rest = after
	}
}
