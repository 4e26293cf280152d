package policy

import (
	"path"
	"path/filepath"
	"strings"

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
var hookConfigs = []string{
	".claude/settings*.json",
	".gemini/settings.json",
	".codex/",
	".github/hooks/",
	".github/copilot/settings*.json",
	".cursor/hooks.json",
	".copilot/",
	".hermes/config.yaml",
	".hermes/hooks/",
	".hermes/shell-hooks-allowlist.json",
	".windsurf/hooks.json",
	".codeium/windsurf/hooks.json",
	".clinerules/hooks/",
}

// hookDirs are the directories that hold hook configurations; deleting
// one deletes the configuration.
var hookDirs = []string{".claude", ".gemini", ".codex", ".github", ".cursor", ".copilot", ".hermes", ".windsurf", ".codeium", ".clinerules"}

// systemHookConfigs are machine-wide agent settings.
var systemHookConfigs = []string{
	"/etc/claude-code/",
	"/Library/Application Support/ClaudeCode/",
	"/etc/gemini-cli/",
	"/etc/cursor/",
	"/etc/windsurf/",
}

// credentialStores are read-protected below the home directory (and below
// /root, /home/* and /Users/*, whoever's home it is).
var credentialStores = []string{
	".ssh/", ".aws/", ".config/gcloud/", ".azure/", ".kube/config",
	".docker/config.json", ".netrc", ".git-credentials", ".npmrc", ".pypirc",
	".gnupg/",
}

type builtinSet struct {
	hook    []*pathPat // repo- and home-relative, matched at any depth
	system  []*pathPat
	creds   []*pathPat // home-relative
	credAbs []*pathPat // same, under /root, /home/*, /Users/*
}

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

// builtins are compiled once per Policy by newBuiltins (no package state).
func newBuiltins() *builtinSet {
	b := &builtinSet{
		hook:   mustPaths(hookConfigs, "**/"),
		system: mustPaths(systemHookConfigs, ""),
		creds:  mustPaths(credentialStores, "~/"),
	}
	for _, h := range []string{"/root/", "/home/*/", "/Users/*/", "/var/root/"} {
		b.credAbs = append(b.credAbs, mustPaths(credentialStores, h)...)
	}
	return b
}

// stateDirs returns the state directories to protect for this action.
func (ev *evaluation) stateDirs() []string {
	if ev.states != nil {
		return ev.states
	}
	dirs := append([]string{}, ev.p.opt.StateDirs...)
	if ev.home != "" {
		dirs = append(dirs, path.Join(ev.home, ".local/state/mandate"))
	}
	ev.states = dirs
	return dirs
}

// protectedFiles are exact files an agent may never write or delete.
func (ev *evaluation) protectedFiles() []string {
	if ev.protected != nil {
		return ev.protected
	}
	out := []string{}
	if ev.p.path != "" {
		out = append(out, ev.p.path)
		if r, err := ev.resolve(ev.p.path); err == nil && r != ev.p.path {
			out = append(out, r)
		}
	}
	if ev.root != "" {
		out = append(out, path.Join(ev.root, "agent-policy.yaml"))
	}
	if ev.rootR != "" && ev.rootR != ev.root {
		out = append(out, path.Join(ev.rootR, "agent-policy.yaml"))
	}
	ev.protected = out
	return out
}

// selfProtected returns why writing or deleting t is forbidden, or "".
// Deleting a directory that contains a protected file counts, and so does
// writing into one: a write whose target is a directory (cp -r … ., rsync,
// tar x, unzip, patch, git apply, chmod -R) may replace any file below it,
// the policy file and hook configuration included.
func (ev *evaluation) selfProtected(t *target) string {
	// is reports whether t is p or an ancestor of p. A glob target is a
	// pattern over p's segments.
	is := func(p string) bool {
		if t.glob {
			return segsOverlap(t.absSegs, splitSegs(strings.TrimPrefix(p, "/")), false, false, 0)
		}
		if t.abs == p {
			return true
		}
		_, ok := under(p, t.abs)
		return ok
	}
	for _, f := range ev.protectedFiles() {
		if is(f) {
			if t.glob || t.abs == f {
				return "the policy file"
			}
			return "a directory holding the policy file (a write into it may replace any file below; name the file instead)"
		}
	}
	for _, d := range ev.stateDirs() {
		if _, ok := under(t.abs, d); ok && !t.glob {
			return "Mandate's state directory"
		}
		if t.glob && segsOverlap(splitSegs(strings.TrimPrefix(d, "/")), t.absSegs, true, true, 0) {
			return "Mandate's state directory"
		}
		if is(d) {
			return "a directory containing Mandate's state directory"
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
	if t.inRepo || t.inHome {
		// Both repository- and home-relative: re-target the repo-relative
		// patterns ("**/.claude/...") at the home directory too.
		if hook(t) {
			return "an agent hook configuration"
		}
		if t.inHome && !t.inRepo {
			ht := &target{abs: t.abs, inRepo: true, rel: t.hrel, relSegs: t.hSegs, lRelSegs: t.lHSegs, lRel: strings.ToLower(t.hrel), dot: t.dot}
			if hook(ht) {
				return "an agent hook configuration"
			}
		}
	} else if hook(t) {
		return "an agent hook configuration"
	}
	// Deleting or writing into a directory that holds hook configurations,
	// the repository or the home directory.
	base := strings.ToLower(path.Base(t.abs))
	for _, name := range hookDirs {
		if base == name || (t.glob && (base == "**" || globIntersect(name, base))) {
			return "a directory holding agent hook configuration"
		}
	}
	if (ev.root != "" && is(ev.root)) || (t.inRepo && t.rel == "") {
		return "the repository or a directory holding it, with its policy and hook configuration"
	}
	if ev.home != "" && is(ev.home) {
		return "the home directory or a directory holding it"
	}
	for _, pp := range ev.p.protectExtra {
		if pp.match(t, true) {
			return "a path listed in self_protection.extra_paths"
		}
	}
	// An installed mandate binary outside the repository.
	if !t.inRepo && path.Base(t.abs) == "mandate" && path.Base(path.Dir(t.abs)) == "bin" {
		return "the installed mandate binary"
	}
	return ""
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
	if !t.dot {
		goto extra
	}
	for i, pp := range b.creds {
		if pp.match(t, true) {
			return "~/" + credentialStores[i]
		}
	}
	for i, pp := range b.credAbs {
		if pp.match(t, true) {
			return "~/" + credentialStores[i%len(credentialStores)]
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

// defaultResolve resolves symlinks in the longest existing prefix of p and
// appends the rest unchanged: a file about to be created resolves through
// its existing parent directories.
func defaultResolve(p string) (string, error) {
	rest := ""
	cur := p
	for i := 0; i < 256; i++ {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			if rest == "" {
				return r, nil
			}
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p, nil
		}
		if rest == "" {
			rest = filepath.Base(cur)
		} else {
			rest = filepath.Join(filepath.Base(cur), rest)
		}
		cur = parent
	}
	return p, nil
}
