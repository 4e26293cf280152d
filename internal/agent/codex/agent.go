package codex

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/mandate-dev/mandate/internal/agent"
	"github.com/mandate-dev/mandate/internal/hook"
)

// Agent is Codex.
var Agent = &agent.Agent{
	Name:    hook.Codex,
	Display: "Codex",
	Hook:    Adapter{},
	Shapes: []hook.Shape{{Rank: 40, Match: func(f hook.Fields) bool {
		tp, _ := f.String("transcript_path")
		return f.HasAny("turn_id") || strings.Contains(tp, "/.codex/")
	}}},
	Binaries:    []string{"codex"},
	ProjectDirs: []string{".codex"},
	UserDirs:    []string{".codex"},
	Install: agent.Install{
		Layout:     agent.Nested,
		Events:     []string{"PreToolUse", "PostToolUse", "SessionStart"},
		ToolEvents: []string{"PreToolUse", "PostToolUse"},
		PreTool:    "PreToolUse",
		Syntax: agent.Syntax{Comments: false,
			Strict:   "Codex (0.169.0) ignores a hooks.json with comments, so Mandate's hook would never run",
			Trailing: "a trailing comma is not JSON, and Codex ignored a hooks.json that was not plain JSON"},
		Project: func(e agent.Env) string { return filepath.Join(e.Repo, ".codex", "hooks.json") },
		User:    func(e agent.Env) string { return filepath.Join(e.Dir("CODEX_HOME", ".codex"), "hooks.json") },
		Handler: agent.CommandHandler,
		Note:    "Codex skips hooks silently until they are trusted: run codex, open /hooks and trust the Mandate hooks (CI: codex exec --dangerously-bypass-hook-trust); project hooks also need the project trusted in ~/.codex/config.toml.",
	},
	Configs: configs,
	Trust:   trust,
}

// maxConfig bounds the config.toml doctor reads.
const maxConfig = 64 << 20

// config is the part of Codex's config.toml the trust checks read.
type config struct {
	Features map[string]any `toml:"features"`
	Projects map[string]struct {
		TrustLevel string `toml:"trust_level"`
	} `toml:"projects"`
	Hooks struct {
		State map[string]struct {
			TrustedHash string `toml:"trusted_hash"`
		} `toml:"state"`
	} `toml:"hooks"`
}

// readConfig reads Codex's config.toml; a file that is missing or is not
// TOML reads as empty (Codex trusts nothing from it either).
func readConfig(path string) config {
	var c config
	f, err := os.Open(path)
	if err != nil {
		return c
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfig))
	if err == nil && toml.Unmarshal(data, &c) != nil {
		c = config{}
	}
	return c
}

// trust checks that Codex runs hooks, trusts the project of a project
// installation, and has reviewed and trusted the hooks.
func trust(e agent.Env, in agent.Installed) []agent.Problem {
	cfgPath := filepath.Join(e.Dir("CODEX_HOME", ".codex"), "config.toml")
	cfg := readConfig(cfgPath)
	var ps []agent.Problem
	// The user's layer, and the project's (a trusted project's
	// .codex/config.toml is a layer over it: red-team round 28, #301).
	layers := []string{cfgPath}
	if e.Repo != "" {
		layers = append(layers, filepath.Join(e.Repo, ".codex", "config.toml"))
	}
	for i, p := range layers {
		c := cfg
		if i > 0 {
			c = readConfig(p)
		}
		if c.Features["hooks"] == false || c.Features["codex_hooks"] == false {
			ps = append(ps, agent.Problem{Severity: agent.Error, Message: p + " sets [features] hooks = false: Codex runs no hook", Fix: "remove hooks = false from [features] in " + p})
		}
	}
	if in.Scope == agent.Project {
		trusted := false
		for p, proj := range cfg.Projects {
			if agent.Within(e.Repo, p) && proj.TrustLevel == "trusted" {
				trusted = true
			}
		}
		if !trusted {
			ps = append(ps, agent.Problem{Severity: agent.Error,
				Message: fmt.Sprintf("Codex loads %s only when the project is trusted, and %s does not trust %s: the hooks silently do not run", in.Path, cfgPath, e.Repo),
				Fix:     fmt.Sprintf("trust the project when codex asks, or add [projects.%q] trust_level = \"trusted\" to %s; or install with --user", e.Repo, cfgPath)})
		}
	}
	// Hook trust: Codex records reviewed hooks as [hooks.state."<key>"]
	// with a trusted_hash, the key naming the hooks file, the event label
	// and the handler's position. Mandate does not compute Codex's hash
	// (it is Codex's to define); it only looks for a trust entry for the
	// PreToolUse hook of this file, so a hook changed since it was trusted
	// is not detected here.
	hookTrusted := false
	for key, st := range cfg.Hooks.State {
		if st.TrustedHash != "" && strings.Contains(key, in.Path) && strings.Contains(key, "pre_tool_use") {
			hookTrusted = true
		}
	}
	if !hookTrusted {
		ps = append(ps, agent.Problem{Severity: agent.Error,
			Message: fmt.Sprintf("Codex skips hooks until they are reviewed and trusted, and %s has no trust entry for %s: Codex will run tools unchecked", cfgPath, in.Path),
			Fix:     "run codex, open /hooks and trust the Mandate hooks (re-do it after every mandate install that changed them); in CI run codex exec --dangerously-bypass-hook-trust, or ship the hooks as managed hooks in requirements.toml"})
	}
	return ps
}
