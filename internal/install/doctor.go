package install

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/agent"
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
	Error   = agent.Error
	Warning = agent.Warning
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
	// Limits are the protections this platform does not have yet, with
	// what Mandate does instead (none on Linux; set by the caller).
	Limits []string `json:"platform_limits,omitempty"`
	// Pins are the protected files and directories not pinned file by
	// file (gate.PinLimits; set by the caller): never failing.
	Pins []string `json:"pin_limits,omitempty"`
	// Pending are the policies whose files hold a change no person
	// accepted yet (gate.Pending; set by the caller): said, never failing.
	Pending []string `json:"pending_governance,omitempty"`
	// Drift are the pinned governance files not as the pins last saw
	// them, which no check has compared yet (gate.Drifts; set by the
	// caller, read-only): one whose change reroutes the agents' calls
	// makes OK false (its hooks may not run at all).
	Drift []string `json:"governance_drift,omitempty"`
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
	// Unsupported is why this platform has no resident engine yet: every
	// call runs mandate-engine in its own process.
	Unsupported string `json:"unsupported,omitempty"`
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// Doctor inspects every agent found on the machine or in the repository.
func Doctor(o DoctorOptions) Report {
	rep := Report{OK: true}
	for _, ag := range agent.All() {
		name := ag.Name
		ar := AgentReport{Agent: name, Installed: []Installation{}, Problems: []Problem{}}
		found := false
		if o.LookPath != nil {
			for _, b := range ag.Binaries {
				if p, err := o.LookPath(b); err == nil {
					ar.Binary, found = p, true
					break
				}
			}
		}
		for _, d := range ag.ProjectDirs {
			if o.Repo != "" && exists(filepath.Join(o.Repo, d)) {
				found = true
			}
		}
		for _, d := range ag.UserDirs {
			if o.Home != "" && exists(filepath.Join(o.Home, d)) {
				found = true
			}
		}
		opts := Options{Agent: name, Home: o.Home, Repo: o.Repo, Getenv: o.Getenv}
		inspected := map[string]bool{}
		for _, scope := range []Scope{Project, User} {
			opts.Scope = scope
			path, err := Path(opts)
			if err != nil {
				continue
			}
			inst, perrs := inspect(name, scope, path)
			if inst != nil || len(perrs) > 0 {
				inspected[path] = true // its off switch, if any, is reported with it
			}
			if len(perrs) > 0 {
				found = true
				ar.Problems = append(ar.Problems, perrs...)
			}
			if inst != nil {
				found = true
				ar.Installed = append(ar.Installed, *inst)
			}
		}
		if off := layerOffSwitches(o, ag, inspected); len(off) > 0 { // doctor_layers.go
			found = true
			ar.Problems = append(ar.Problems, off...)
		}
		if !found {
			continue
		}
		if len(ar.Installed) == 0 {
			ar.Problems = append(ar.Problems, Problem{Warning,
				fmt.Sprintf("no Mandate hook is installed for %s: its tool calls are not governed", name),
				fmt.Sprintf("mandate install %s", name)})
		}
		for _, in := range ar.Installed {
			ar.Problems = append(ar.Problems, checkInstallation(o, ag, in)...)
			ar.Problems = append(ar.Problems, trust(o, ag, in)...)
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

// inspect reads one settings file and returns Mandate's installation in
// it, if any, and what would keep the agent from reading the file.
func inspect(name string, scope Scope, path string) (*Installation, []Problem) {
	data, err := readSettings(path, false)
	if err != nil {
		return nil, []Problem{{Error, err.Error(), "fix the file, or remove it and run mandate install " + name + " " + scopeFlag(scope)}}
	}
	if data == nil || isBlank(data) {
		return nil, nil
	}
	sp, _ := specFor(name)
	inst := &Installation{Scope: scope, Path: path}
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
	var ps []Problem
	if sp.layout == yamlHooks {
		_, root, err := parseYAML(path, data)
		if err != nil {
			return nil, []Problem{{Error, err.Error(), "fix the YAML syntax"}}
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
		d, err := parseJSONC(path, data, sp)
		if err != nil {
			return nil, []Problem{{Error, err.Error() + " — the agent may ignore every hook in it", "fix the JSON syntax"}}
		}
		for _, e := range mandateEntries(d, sp) {
			add(e[0], e[1])
		}
		for _, n := range d.notes {
			sev := Error
			if n.dup {
				sev = Warning
			}
			ps = append(ps, fileProblem(sev, n))
		}
		if fe := sp.offSwitch(d); fe != nil {
			ps = append(ps, fileProblem(Error, fe))
		}
	}
	if len(inst.Events) == 0 {
		return nil, nil
	}
	for _, ev := range sp.events {
		if !seen[ev] {
			inst.Missing = append(inst.Missing, ev)
		}
	}
	return inst, ps
}

func scopeFlag(s Scope) string { return "--" + string(s) }

// fileProblem is a FileError as doctor reports it: the fix without
// "then install again".
func fileProblem(sev string, fe *FileError) Problem {
	msg := *fe
	msg.Fix = ""
	fix, _, _ := strings.Cut(fe.Fix, ", then ")
	return Problem{sev, msg.Error(), fix}
}

func checkInstallation(o DoctorOptions, ag *agent.Agent, in Installation) []Problem {
	name := ag.Name
	var ps []Problem
	fix := fmt.Sprintf("mandate install %s %s", name, scopeFlag(in.Scope))
	if len(in.Missing) > 0 {
		sev := Warning
		if slices.Contains(in.Missing, ag.Install.PreTool) {
			sev = Error
		}
		ps = append(ps, Problem{sev, fmt.Sprintf("%s: Mandate's hook is missing for %s", in.Path, strings.Join(in.Missing, ", ")), fix})
	}
	display := ag.Display
	if display == "" {
		display = name
	}
	cannot := display + " treats a hook that cannot start as a non-blocking error and runs the tool"
	checked := map[string]bool{}
	for _, c := range in.Commands {
		exe, _ := IsMandateCommand(c, name)
		if checked[exe] {
			continue
		}
		checked[exe] = true
		where := exe
		if isBare(exe) {
			p, err := lookPath(o, exe)
			if err != nil {
				ps = append(ps, Problem{Error,
					fmt.Sprintf("%s: the hook runs %s from PATH, and there is no %s on PATH here: %s", in.Path, exe, exe, cannot),
					"put mandate and mandate-engine in a directory on the PATH your agents start with (e.g. go build -o ~/bin/ ./cmd/mandate ./cmd/mandate-engine, with ~/bin on PATH)"})
				continue
			}
			exe, where = p, p+" (found on PATH)"
		} else if in.Scope == Project {
			ps = append(ps, Problem{Warning,
				fmt.Sprintf("%s is shared with the team, but its hook names a path on one machine (%s): where that path does not exist the hook cannot start, and %s", in.Path, exe, cannot),
				fix + " (writes the bare mandate hook " + name + ", found on each machine's PATH)"})
		}
		st, err := os.Stat(exe)
		switch {
		case err != nil:
			ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, which does not exist: %s", in.Path, where, cannot), fix})
			continue
		case st.IsDir() || st.Mode().Perm()&0o111 == 0:
			ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, which is not an executable file", in.Path, where), fix})
			continue
		case isLegacyClient(exe):
			ps = append(ps, Problem{Warning, fmt.Sprintf("%s: the hook runs %s, which this version of Mandate replaced with mandate hook", in.Path, where), fix})
			continue
		case filepath.Base(exe) == FrontName && !isExecutableFile(filepath.Join(filepath.Dir(realPath(exe)), EngineName)):
			// (the front looks beside its own file, links resolved)
			if _, lerr := lookPath(o, EngineName); lerr != nil {
				ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, but there is no %s beside it or on PATH: every tool call is refused", in.Path, where, EngineName), "install " + EngineName + " in " + filepath.Dir(realPath(exe))})
				continue
			}
		}
		var known []string
		if o.Exe != "" {
			known = []string{o.Exe, filepath.Join(filepath.Dir(o.Exe), EngineName)}
		}
		if err := CheckMandate(exe, known...); err != nil {
			ps = append(ps, Problem{Error, fmt.Sprintf("%s: the hook runs %s, which is not Mandate (%v): %s", in.Path, where, err, cannot),
				"make " + exe + " Mandate's front (mandate, with mandate-engine beside it), then " + fix})
			continue
		}
		if o.Exe != "" && !sameProgram(exe, o.Exe) {
			ps = append(ps, Problem{Warning, fmt.Sprintf("%s: the hook runs %s, not this mandate (%s)", in.Path, where, o.Exe), fix})
		}
	}
	return ps
}

// realPath is p with symbolic links resolved, or p.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
