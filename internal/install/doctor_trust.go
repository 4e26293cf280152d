package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tailscale/hujson"
	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/agent"
)

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

// trust runs the agent's own checks (agent.Agent.Trust) on one
// installation.
func trust(o DoctorOptions, ag *agent.Agent, in Installation) []Problem {
	if ag.Trust == nil {
		return nil
	}
	env := agent.Env{Home: o.Home, Repo: o.Repo, Getenv: o.Getenv, ReadJSON: readJSON, ReadYAML: readYAML}
	var ps []Problem
	for _, p := range ag.Trust(env, agent.Installed{Scope: in.Scope, Path: in.Path, Events: in.Events, Commands: in.Commands}) {
		ps = append(ps, Problem(p))
	}
	return ps
}

// readYAML reads a YAML settings file into its top-level mapping.
func readYAML(path string) (*yaml.Node, error) {
	data, err := readSettings(path, false)
	if err != nil {
		return nil, err
	}
	_, root, err := parseYAML(path, data)
	return root, err
}
