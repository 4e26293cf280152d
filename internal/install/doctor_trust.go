package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/tailscale/hujson"

	"github.com/mandate-dev/mandate/internal/hook"
)

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// maxStateFile bounds the agents' own state and trust files doctor reads
// (~/.claude.json keeps per-project history and grows).
const maxStateFile = 64 << 20

// readJSON reads an agent's JSON (or JSONC) file into a map.
func readJSON(path string) (map[string]any, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxStateFile))
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err == nil {
		return m, nil
	}
	if depth, _, _ := scanJSONC(data); depth > maxNesting {
		return nil, fmt.Errorf("%s is nested too deep", path)
	}
	if data, err = hujson.Standardize(data); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func lookPath(o DoctorOptions, name string) (string, error) {
	if o.LookPath == nil {
		return "", errors.New("no PATH lookup")
	}
	return o.LookPath(name)
}

func getenv(o DoctorOptions, k string) string {
	if o.Getenv == nil {
		return ""
	}
	return o.Getenv(k)
}

func trust(o DoctorOptions, agent string, in Installation) []Problem {
	switch agent {
	case hook.Claude:
		return claudeTrust(o, in)
	case hook.Codex:
		return codexTrust(o, in)
	case hook.Gemini:
		return geminiTrust(o, in)
	case hook.Copilot:
		return copilotTrust(o, in)
	case hook.Cursor:
		if in.Scope == Project {
			return []Problem{{Warning, "Cursor runs project hooks only in a trusted workspace, which Mandate cannot check", "confirm in Cursor that " + o.Repo + " is a trusted workspace, or install with --user"}}
		}
	case hook.Hermes:
		return hermesTrust(o, in)
	}
	return nil
}

func claudeTrust(o DoctorOptions, in Installation) []Problem {
	if in.Scope != Project {
		return nil
	}
	path := filepath.Join(o.Home, ".claude.json")
	if d := getenv(o, "CLAUDE_CONFIG_DIR"); d != "" {
		path = filepath.Join(d, ".claude.json")
	}
	fix := fmt.Sprintf("run claude in %s once and accept the workspace trust dialog (non-interactive claude -p treats the folder as trusted)", o.Repo)
	m, err := readJSON(path)
	if err != nil {
		return []Problem{{Error, fmt.Sprintf("Claude Code has no record of trusting %s (%s unreadable): interactive sessions hold back its hooks until the trust dialog is accepted", o.Repo, path), fix}}
	}
	projects, _ := m["projects"].(map[string]any)
	for p, v := range projects {
		if pm, ok := v.(map[string]any); ok && within(o.Repo, p) {
			if t, _ := pm["hasTrustDialogAccepted"].(bool); t {
				return nil
			}
		}
	}
	return []Problem{{Error, fmt.Sprintf("Claude Code has not trusted %s: interactive sessions hold back its project hooks until the trust dialog is accepted", o.Repo), fix}}
}

// codexConfig is the part of Codex's config.toml the trust checks read.
type codexConfig struct {
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

// readCodexConfig reads Codex's config.toml; a file that is missing or
// is not TOML reads as empty (Codex trusts nothing from it either).
func readCodexConfig(path string) codexConfig {
	var c codexConfig
	f, err := os.Open(path)
	if err != nil {
		return c
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxStateFile))
	if err == nil && toml.Unmarshal(data, &c) != nil {
		c = codexConfig{}
	}
	return c
}

func codexTrust(o DoctorOptions, in Installation) []Problem {
	codexHome := getenv(o, "CODEX_HOME")
	if codexHome == "" {
		codexHome = filepath.Join(o.Home, ".codex")
	}
	cfgPath := filepath.Join(codexHome, "config.toml")
	cfg := readCodexConfig(cfgPath)
	var ps []Problem
	if cfg.Features["hooks"] == false || cfg.Features["codex_hooks"] == false {
		ps = append(ps, Problem{Error, cfgPath + " sets [features] hooks = false: Codex runs no hook", "remove hooks = false from [features] in " + cfgPath})
	}
	if in.Scope == Project {
		trusted := false
		for p, proj := range cfg.Projects {
			if within(o.Repo, p) && proj.TrustLevel == "trusted" {
				trusted = true
			}
		}
		if !trusted {
			ps = append(ps, Problem{Error,
				fmt.Sprintf("Codex loads %s only when the project is trusted, and %s does not trust %s: the hooks silently do not run", in.Path, cfgPath, o.Repo),
				fmt.Sprintf("trust the project when codex asks, or add [projects.%q] trust_level = \"trusted\" to %s; or install with --user", o.Repo, cfgPath)})
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
		ps = append(ps, Problem{Error,
			fmt.Sprintf("Codex skips hooks until they are reviewed and trusted, and %s has no trust entry for %s: Codex will run tools unchecked", cfgPath, in.Path),
			"run codex, open /hooks and trust the Mandate hooks (re-do it after every mandate install that changed them); in CI run codex exec --dangerously-bypass-hook-trust, or ship the hooks as managed hooks in requirements.toml"})
	}
	return ps
}

func geminiTrust(o DoctorOptions, in Installation) []Problem {
	var ps []Problem
	userSettings := filepath.Join(o.Home, ".gemini", "settings.json")
	// The installation's own file is checked by inspect (offSwitch).
	for _, p := range []string{userSettings} {
		m, err := readJSON(p)
		if err != nil || p == in.Path {
			continue
		}
		if hc, ok := m["hooksConfig"].(map[string]any); ok {
			if e, ok := hc["enabled"].(bool); ok && !e {
				ps = append(ps, Problem{Error, p + " sets hooksConfig.enabled = false: Gemini CLI runs no hook", "set hooksConfig.enabled to true in " + p})
			}
			if dis, ok := hc["disabled"].([]any); ok {
				for _, d := range dis {
					if d == "mandate" {
						ps = append(ps, Problem{Error, p + " lists \"mandate\" in hooksConfig.disabled", "remove it from hooksConfig.disabled in " + p})
					}
				}
			}
		}
	}
	if in.Scope != Project {
		return ps
	}
	if m, err := readJSON(userSettings); err == nil {
		if sec, ok := m["security"].(map[string]any); ok {
			if ft, ok := sec["folderTrust"].(map[string]any); ok {
				if e, ok := ft["enabled"].(bool); ok && !e {
					return ps // folder trust switched off: every folder is trusted
				}
			}
		}
	}
	if getenv(o, "GEMINI_CLI_TRUST_WORKSPACE") == "true" {
		return ps
	}
	tf := filepath.Join(o.Home, ".gemini", "trustedFolders.json")
	m, _ := readJSON(tf)
	trusted := false
	for p, v := range m {
		switch v {
		case "TRUST_FOLDER":
			trusted = trusted || within(o.Repo, p)
		case "TRUST_PARENT":
			trusted = trusted || within(o.Repo, filepath.Dir(p))
		case "DO_NOT_TRUST":
			if filepath.Clean(p) == filepath.Clean(o.Repo) {
				return append(ps, Problem{Error, fmt.Sprintf("%s marks %s as not trusted: Gemini CLI skips its project hooks", tf, o.Repo), "trust the folder in gemini (/permissions) or edit " + tf})
			}
		}
	}
	if !trusted {
		ps = append(ps, Problem{Error,
			fmt.Sprintf("%s is not a trusted folder for Gemini CLI (%s): project hooks are skipped in untrusted folders", o.Repo, tf),
			"run gemini in the repository and trust the folder, or install with --user"})
	}
	return ps
}

func copilotTrust(o DoctorOptions, in Installation) []Problem {
	if in.Scope != Project {
		return nil
	}
	dir := getenv(o, "COPILOT_HOME")
	if dir == "" {
		dir = filepath.Join(o.Home, ".copilot")
	}
	cfg := filepath.Join(dir, "config.json")
	m, _ := readJSON(cfg)
	trusted := false
	for _, key := range []string{"trusted_folders", "trustedFolders"} {
		list, _ := m[key].([]any)
		for _, v := range list {
			if s, ok := v.(string); ok && within(o.Repo, s) {
				trusted = true
			}
		}
	}
	if trusted {
		return nil
	}
	return []Problem{{Error,
		fmt.Sprintf("Copilot CLI loads repository hooks only in a trusted folder, and %s does not list %s in trusted_folders: the hooks silently do not run", cfg, o.Repo),
		"start copilot in the repository and trust it for future sessions (CI: COPILOT_ALLOW_ALL=true), or install with --user"}}
}

func hermesTrust(o DoctorOptions, in Installation) []Problem {
	var ps []Problem
	if getenv(o, "HERMES_SAFE_MODE") == "1" {
		ps = append(ps, Problem{Error, "HERMES_SAFE_MODE=1 is set: Hermes registers no hook", "unset HERMES_SAFE_MODE"})
	}
	data, _ := readSettings(in.Path, false)
	_, root, err := parseYAML(in.Path, data)
	if err == nil {
		if a := yamlGet(root, "hooks_auto_accept"); a != nil && a.Value == "true" {
			return ps
		}
	}
	if getenv(o, "HERMES_ACCEPT_HOOKS") == "1" {
		return ps
	}
	allow := filepath.Join(filepath.Dir(in.Path), "shell-hooks-allowlist.json")
	var list struct {
		Approvals []struct {
			Event   string `json:"event"`
			Command string `json:"command"`
		} `json:"approvals"`
	}
	if f, err := os.Open(allow); err == nil {
		_ = json.NewDecoder(io.LimitReader(f, 4<<20)).Decode(&list)
		f.Close()
	}
	approved := map[string]bool{}
	for _, a := range list.Approvals {
		approved[a.Event+"\x00"+a.Command] = true
	}
	var missing []string
	for _, ev := range in.Events {
		ok := false
		for _, c := range in.Commands {
			ok = ok || approved[ev+"\x00"+c]
		}
		if !ok {
			missing = append(missing, ev)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		ps = append(ps, Problem{Error,
			fmt.Sprintf("Hermes has not approved Mandate's hooks for %s (%s): non-interactive runs skip unapproved hooks silently", strings.Join(missing, ", "), allow),
			"run hermes once interactively and approve the hooks, or set hooks_auto_accept: true in " + in.Path})
	}
	return ps
}
