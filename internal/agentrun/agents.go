package agentrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Agent names one supported agent CLI; its string is the key used in scenarios.
type Agent string

// The pinned agents.
const (
	Claude  Agent = "claude"
	Gemini  Agent = "gemini"
	Codex   Agent = "codex"
	Copilot Agent = "copilot"
)

// Agents lists every supported agent.
func Agents() []Agent { return []Agent{Claude, Gemini, Codex, Copilot} }

type agentSpec struct {
	pkg, version string
	model        string // model id sent to the fake server by default ("" = agent's own)
}

// spec returns the pins of a; they must match scripts/install-agents.sh
// (TestInstallScriptPins).
func (a Agent) spec() (agentSpec, bool) {
	switch a {
	case Claude:
		return agentSpec{pkg: "@anthropic-ai/claude-code", version: "2.1.330"}, true
	case Gemini:
		return agentSpec{pkg: "@google/gemini-cli", version: "0.61.0", model: "gemini-2.5-pro"}, true
	case Codex:
		return agentSpec{pkg: "@openai/codex", version: "0.169.0", model: "gpt-5.5"}, true
	case Copilot:
		return agentSpec{pkg: "@github/copilot", version: "1.0.102", model: "gpt-5.4"}, true
	}
	return agentSpec{}, false
}

// Package is the agent's npm package name ("" for an unknown agent).
func (a Agent) Package() string { s, _ := a.spec(); return s.pkg }

// Version is the pinned version ("" for an unknown agent).
func (a Agent) Version() string { s, _ := a.spec(); return s.version }

// DefaultModel is the model id the agent sends to the fake model unless Config.Model is set
// ("" = the agent's own default).
func (a Agent) DefaultModel() string { s, _ := a.spec(); return s.model }

// Valid reports whether a is a supported agent.
func (a Agent) Valid() bool { _, ok := a.spec(); return ok }

// ErrNotInstalled is wrapped by [Locate] when an agent is missing or at the wrong version.
var ErrNotInstalled = errors.New("agentrun: agent not installed (run scripts/install-agents.sh)")

// DefaultAgentsDir is where scripts/install-agents.sh installs the agents:
// $MANDATE_AGENTS_DIR, else $HOME/.cache/mandate-agents.
func DefaultAgentsDir() string {
	if d := os.Getenv("MANDATE_AGENTS_DIR"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "mandate-agents")
	}
	return filepath.Join(home, ".cache", "mandate-agents")
}

// Locate returns the command (argv prefix) that runs agent a from agentsDir, after checking
// that the pinned version is the one installed. Errors wrap [ErrNotInstalled].
func Locate(agentsDir string, a Agent) ([]string, error) {
	spec, ok := a.spec()
	if !ok {
		return nil, fmt.Errorf("agentrun: unknown agent %q", a)
	}
	nm := filepath.Join(agentsDir, "node_modules")
	pj := filepath.Join(nm, filepath.FromSlash(spec.pkg), "package.json")
	b, err := os.ReadFile(pj)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s not found in %s", ErrNotInstalled, a, spec.pkg, agentsDir)
	}
	var meta struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, fmt.Errorf("%w: %s: %s: %v", ErrNotInstalled, a, pj, err)
	}
	if meta.Version != spec.version {
		return nil, fmt.Errorf("%w: %s: %s is %s, want %s", ErrNotInstalled, a, spec.pkg, meta.Version, spec.version)
	}
	switch a {
	case Claude:
		// --ignore-scripts leaves bin/claude.exe a placeholder; the native binary lives in
		// the platform package @anthropic-ai/claude-code-<os>-<arch>[-musl]/claude.
		plat := runtime.GOOS + "-" + npmArch(runtime.GOARCH)
		for _, p := range []string{plat, plat + "-musl"} {
			c := filepath.Join(nm, "@anthropic-ai", "claude-code-"+p, "claude")
			if isExecutable(c) {
				return []string{c}, nil
			}
		}
		return nil, fmt.Errorf("%w: claude: no native binary for %s in %s", ErrNotInstalled, plat, nm)
	case Gemini:
		node, err := exec.LookPath("node")
		if err != nil {
			return nil, fmt.Errorf("%w: gemini: node not in PATH", ErrNotInstalled)
		}
		c := filepath.Join(nm, ".bin", "gemini")
		if _, err := os.Stat(c); err != nil {
			return nil, fmt.Errorf("%w: gemini: %v", ErrNotInstalled, err)
		}
		return []string{node, c}, nil
	default: // Codex, Copilot: node launchers that exec the platform package's native binary
		if _, err := exec.LookPath("node"); err != nil {
			return nil, fmt.Errorf("%w: %s: node not in PATH", ErrNotInstalled, a)
		}
		c := filepath.Join(nm, ".bin", string(a))
		if !isExecutable(c) {
			return nil, fmt.Errorf("%w: %s: %s missing", ErrNotInstalled, a, c)
		}
		return []string{c}, nil
	}
}

func npmArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x64"
	case "386":
		return "ia32"
	}
	return goarch
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}
