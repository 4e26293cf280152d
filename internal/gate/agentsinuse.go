package gate

import (
	"os"
	"path/filepath"
	"strings"
)

// Files an agent loads into its own environment — and so into every hook
// process's — are hook configuration while that agent is in use
// (hookConfig.inUse): a plain .env in the repository, above it, or in the
// home directory, which Gemini CLI loads. They are protected and pinned
// for a session when its agent is that agent, or when the agent's hook
// configuration exists in the repository or the home directory (another
// agent's session could otherwise prepare the .env the next Gemini
// session loads). Otherwise a .env is an ordinary project file.

// keepInUse drops the targets protected only while an agent is in use
// when that agent is not. The answer costs one Lstat per location of the
// agent's hook configuration, at pin time only.
func keepInUse(ts []target, s *Session, root string) []target {
	var known map[string]bool
	out := ts[:0]
	for _, t := range ts {
		if t.inUse != "" {
			if known == nil {
				known = map[string]bool{}
			}
			use, ok := known[t.inUse]
			if !ok {
				use = agentInUse(t.inUse, s, root)
				known[t.inUse] = use
			}
			if !use {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// agentInUse reports whether agent is the session's, or has a hook
// configuration file (not a directory, not an in-use location) in root or
// the session's home directory.
func agentInUse(agent string, s *Session, root string) bool {
	if s != nil && strings.EqualFold(s.Agent, agent) {
		return true
	}
	home := ""
	if s != nil {
		home = s.Home
	}
	for _, c := range hookConfigs() {
		if c.agent != agent || c.inUse || strings.Contains(c.path, "*") {
			continue
		}
		base := ""
		switch c.base {
		case inRepo:
			base = root
		case inHome:
			base = home
		}
		if base == "" {
			continue
		}
		if _, err := os.Lstat(filepath.Join(base, filepath.FromSlash(c.path))); err == nil {
			return true
		}
	}
	return false
}
