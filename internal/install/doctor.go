package install

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/hook"
)

// DoctorOptions say where to look.
type DoctorOptions struct {
	Home, Repo string
	// Exe is the running mandate binary, to notice hooks that run another.
	Exe    string
	Getenv func(string) string
	// LookPath finds an agent's binary on PATH (exec.LookPath); nil finds
	// none.
	LookPath func(string) (string, error)
}

// Severity of a problem: an Error means an installed hook would not run
// (a silent fail-open); a Warning needs attention but does not.
const (
	Error   = "error"
	Warning = "warning"
)

// Problem is one reason hooks would not run, with its fix.
type Problem struct {
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Fix      string `json:"fix"`
}

// Installation is Mandate's hooks in one settings file.
type Installation struct {
	Scope Scope  `json:"scope"`
	Path  string `json:"path"`
	// Events are the events Mandate's hook is registered for.
	Events []string `json:"events"`
	// Missing are the events Install registers that this file lacks.
	Missing []string `json:"missing,omitempty"`
	// Commands are the hook commands found.
	Commands []string `json:"commands"`
}

// AgentReport is Doctor's finding for one agent.
type AgentReport struct {
	Agent string `json:"agent"`
	// Binary is the agent's binary found on PATH, if any.
	Binary    string         `json:"binary,omitempty"`
	Installed []Installation `json:"installed"`
	Problems  []Problem      `json:"problems"`
}

// Report is Doctor's result.
type Report struct {
	Agents []AgentReport `json:"agents"`
	// OK is false when any installed hook would not run.
	OK bool `json:"ok"`
	// Engine is the resident engine of the state directory, when the
	// caller looked (it never makes OK false: without it every call is
	// still decided, in its own process).
	Engine *EngineStatus `json:"engine,omitempty"`
}

// EngineStatus is what doctor reports of the resident engine.
type EngineStatus struct {
	StateDir string `json:"state_dir"`
	// Off is MANDATE_RESIDENT=off: every call runs mandate-engine.
	Off     bool `json:"off,omitempty"`
	Running bool `json:"running"`
	Pid     int  `json:"pid,omitempty"`
	// Failed is why the last start failed, while mandate waits before it
	// tries again (calls are decided in their own process meanwhile).
	Failed string `json:"failed,omitempty"`
}

var binaries = map[string][]string{
	hook.Claude: {"claude"}, hook.Codex: {"codex"}, hook.Gemini: {"gemini"},
	hook.Copilot: {"copilot"}, hook.Cursor: {"cursor-agent", "cursor"}, hook.Hermes: {"hermes"},
}

// configDirs are the directories whose presence means the agent is used
// here, relative to the repository (project) or home (user).
var configDirs = map[string][2][]string{
	hook.Claude:  {{".claude"}, {".claude", ".claude.json"}},
	hook.Codex:   {{".codex"}, {".codex"}},
	hook.Gemini:  {{".gemini"}, {".gemini"}},
	hook.Copilot: {{".github/hooks"}, {".copilot"}},
	hook.Cursor:  {{".cursor"}, {".cursor"}},
	hook.Hermes:  {nil, {".hermes"}},
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// Doctor inspects every agent found on the machine or in the repository.
func Doctor(o DoctorOptions) Report {
	rep := Report{OK: true}
	for _, agent := range hook.Names {
		ar := AgentReport{Agent: agent, Installed: []Installation{}, Problems: []Problem{}}
		found := false
		if o.LookPath != nil {
			for _, b := range binaries[agent] {
				if p, err := o.LookPath(b); err == nil {
					ar.Binary, found = p, true
					break
				}
			}
		}
		dirs := configDirs[agent]
		for _, d := range dirs[0] {
			if o.Repo != "" && exists(filepath.Join(o.Repo, d)) {
				found = true
			}
		}
		for _, d := range dirs[1] {
			if o.Home != "" && exists(filepath.Join(o.Home, d)) {
				found = true
			}
		}
		opts := Options{Agent: agent, Home: o.Home, Repo: o.Repo, Getenv: o.Getenv}
		for _, scope := range []Scope{Project, User} {
			opts.Scope = scope
			path, err := Path(opts)
			if err != nil {
				continue
			}
			inst, perr := inspect(agent, scope, path)
			if perr != nil {
				found = true
				ar.Problems = append(ar.Problems, *perr)
			}
			if inst != nil {
				found = true
				ar.Installed = append(ar.Installed, *inst)
			}
		}
		if !found {
			continue
		}
		if len(ar.Installed) == 0 {
			ar.Problems = append(ar.Problems, Problem{Warning,
				fmt.Sprintf("no Mandate hook is installed for %s: its tool calls are not governed", agent),
				fmt.Sprintf("mandate install %s", agent)})
		}
		for _, in := range ar.Installed {
			ar.Problems = append(ar.Problems, checkInstallation(o, agent, in)...)
			ar.Problems = append(ar.Problems, trust(o, agent, in)...)
		}
		for _, p := range ar.Problems {
			if p.Severity == Error {
				rep.OK = false
			}
		}
		rep.Agents = append(rep.Agents, ar)
	}
	return rep
}

// inspect reads one settings file and returns Mandate's installation in it,
// if any.
func inspect(agent string, scope Scope, path string) (*Installation, *Problem) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, &Problem{Error, fmt.Sprintf("cannot read %s: %v", path, err), "fix the file's permissions"}
	}
	sp, _ := specFor(agent)
	inst := &Installation{Scope: scope, Path: path}
	var disabled *Problem
	seen := map[string]bool{}
	add := func(ev, cmd string) {
		if !seen[ev] {
			inst.Events = append(inst.Events, ev)
			seen[ev] = true
		}
		for _, c := range inst.Commands {
			if c == cmd {
				return
			}
		}
		inst.Commands = append(inst.Commands, cmd)
	}
	if sp.layout == yamlHooks {
		_, root, err := parseYAML(data)
		if err != nil {
			return nil, &Problem{Error, fmt.Sprintf("%s: %v", path, err), "fix the YAML syntax"}
		}
		if hooks := yamlGet(root, "hooks"); hooks != nil && hooks.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(hooks.Content); i += 2 {
				for _, it := range hooks.Content[i+1].Content {
					if sp.oursYAML(it) {
						add(hooks.Content[i].Value, yamlGet(it, "command").Value)
					}
				}
			}
		}
	} else {
		root, _, err := parseSettings(data)
		if err != nil {
			return nil, &Problem{Error, fmt.Sprintf("%s: %v — the agent may ignore every hook in it", path, err), "fix the JSON syntax"}
		}
		if hooks := root.get("hooks"); hooks != nil && hooks.kind == 'o' {
			for i, ev := range hooks.keys {
				list := hooks.vals[i]
				if list.kind != 'a' {
					continue
				}
				for _, e := range list.vals {
					hs := []*node{e}
					if sp.layout == nested {
						hs = nil
						if g := e.get("hooks"); g != nil && g.kind == 'a' {
							hs = g.vals
						}
					}
					for _, h := range hs {
						if sp.ours(h) {
							add(ev, handlerCommand(h))
						}
					}
				}
			}
		}
		if d := root.get("disableAllHooks"); d != nil && d.kind == 'b' && d.b {
			disabled = &Problem{Error, fmt.Sprintf("%s sets disableAllHooks: no hook in it runs", path), "remove disableAllHooks from " + path}
		}
	}
	if len(inst.Events) == 0 {
		return nil, nil
	}
	if disabled != nil {
		return inst, disabled
	}
	for _, ev := range sp.events {
		if !seen[ev] {
			inst.Missing = append(inst.Missing, ev)
		}
	}
	return inst, nil
}

func scopeFlag(s Scope) string { return "--" + string(s) }

func checkInstallation(o DoctorOptions, agent string, in Installation) []Problem {
	var ps []Problem
	fix := fmt.Sprintf("mandate install %s %s", agent, scopeFlag(in.Scope))
	if len(in.Missing) > 0 {
		sev := Warning
		for _, m := range in.Missing {
			if m == "PreToolUse" || m == "BeforeTool" || m == "preToolUse" || m == "pre_tool_call" {
				sev = Error
			}
		}
		ps = append(ps, Problem{sev, fmt.Sprintf("%s: Mandate's hook is missing for %s", in.Path, strings.Join(in.Missing, ", ")), fix})
	}
	for _, c := range in.Commands {
		exe, _ := IsMandateCommand(c, agent)
		st, err := os.Stat(exe)
		switch {
		case err != nil:
			ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, which does not exist: %s treats a hook that cannot start as a non-blocking error and runs the tool", in.Path, exe, agent), fix})
		case st.IsDir() || st.Mode().Perm()&0o111 == 0:
			ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, which is not an executable file", in.Path, exe), fix})
		case o.Exe != "" && exe != o.Exe:
			ps = append(ps, Problem{Warning, fmt.Sprintf("%s: the hook runs %s, not this mandate (%s)", in.Path, exe, o.Exe), fix})
		}
		switch {
		case err != nil:
		case isLegacyClient(exe):
			ps = append(ps, Problem{Warning, fmt.Sprintf("%s: the hook runs %s, which this version of Mandate replaced with mandate hook", in.Path, exe), fix})
		case filepath.Base(exe) == FrontName && !isExecutableFile(filepath.Join(filepath.Dir(exe), EngineName)):
			if _, lerr := lookPath(o, EngineName); lerr != nil {
				ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, but there is no %s beside it or on PATH: every tool call is refused", in.Path, exe, EngineName), "install " + EngineName + " in " + filepath.Dir(exe)})
			}
		}
	}
	return ps
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func readJSON(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func isExecutableFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
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

// tomlTables reads a TOML file just far enough to know, per table header,
// its key = value lines (values unparsed). Enough for trust checks; it is
// not a TOML parser.
func tomlTables(data []byte) map[string]map[string]string {
	out := map[string]map[string]string{"": {}}
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = strings.Trim(line, "[] ")
			if out[cur] == nil {
				out[cur] = map[string]string{}
			}
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			v = strings.TrimSpace(v)
			if i := strings.Index(v, " #"); i >= 0 && !strings.HasPrefix(v, `"`) {
				v = strings.TrimSpace(v[:i])
			}
			out[cur][strings.Trim(strings.TrimSpace(k), `"`)] = strings.Trim(v, `"'`)
		}
	}
	return out
}

func codexTrust(o DoctorOptions, in Installation) []Problem {
	codexHome := getenv(o, "CODEX_HOME")
	if codexHome == "" {
		codexHome = filepath.Join(o.Home, ".codex")
	}
	cfgPath := filepath.Join(codexHome, "config.toml")
	data, _ := os.ReadFile(cfgPath)
	tables := tomlTables(data)
	var ps []Problem
	if tables["features"]["hooks"] == "false" || tables["features"]["codex_hooks"] == "false" {
		ps = append(ps, Problem{Error, cfgPath + " sets [features] hooks = false: Codex runs no hook", "remove hooks = false from [features] in " + cfgPath})
	}
	if in.Scope == Project {
		trusted := false
		for name, kv := range tables {
			p, ok := strings.CutPrefix(name, "projects.")
			if !ok {
				continue
			}
			if within(o.Repo, strings.Trim(p, `"'`)) && kv["trust_level"] == "trusted" {
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
	for name, kv := range tables {
		if strings.HasPrefix(name, "hooks.state") && kv["trusted_hash"] != "" &&
			strings.Contains(name, in.Path) && strings.Contains(name, "pre_tool_use") {
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
	for _, p := range []string{in.Path, userSettings} {
		m, err := readJSON(p)
		if err != nil {
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
	data, _ := os.ReadFile(in.Path)
	_, root, err := parseYAML(data)
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
