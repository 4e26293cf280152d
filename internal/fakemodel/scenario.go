package fakemodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Scenario is a script for the fake model: per agent, an ordered list of tool calls, then a
// final text. Its JSON form is the one of the reference harness:
//
//	{"name":"shell","final":"Task finished.",
//	 "steps":[{"id":"shell",
//	   "claude": {"tool":"Bash","input":{"command":"echo x > f"}},
//	   "codex":  {"tool":"exec_command","input":{"cmd":"echo x > f"}}}],
//	 "checks":[{"step":"shell","path":"f","contains":"x"}]}
//
// A step without an entry for the playing agent (and without a "default" entry) is skipped.
type Scenario struct {
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Steps       []Step  `json:"steps"`
	Final       string  `json:"final,omitempty"`
	Checks      []Check `json:"checks,omitempty"`
}

// Step is one tool call, spelled per agent.
type Step struct {
	ID string
	// Calls maps an agent name (claude, gemini, codex, copilot, or "default") to the call.
	Calls map[string]ToolCall
}

// ToolCall is what the model asks the agent to run.
type ToolCall struct {
	// Tool is the tool name as the model-side API spells it (e.g. exec_command for Codex).
	Tool string `json:"tool"`
	// Input is a JSON object for function tools or a JSON string for freeform custom tools
	// (apply_patch). String values may contain {{NAME}} placeholders (Options.Vars).
	Input json.RawMessage `json:"input,omitempty"`
	// Namespace is set for Codex deferred (MCP) tools, e.g. "mcp__harness".
	Namespace string `json:"namespace,omitempty"`
}

// Check names an observable side effect of a step: after the step ran, the file Path
// (relative to the agent's work dir) contains Contains.
type Check struct {
	Step     string `json:"step"`
	Path     string `json:"path"`
	Contains string `json:"contains"`
}

// DefaultFinal is the final text of a scenario that sets none.
const DefaultFinal = "Done."

// UnmarshalJSON reads {"id": ..., "<agent>": {tool, input}, ...}.
func (s *Step) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("fakemodel: step: %w", err)
	}
	s.ID, s.Calls = "", map[string]ToolCall{}
	for k, v := range raw {
		if k == "id" {
			if err := json.Unmarshal(v, &s.ID); err != nil {
				return fmt.Errorf("fakemodel: step id: %w", err)
			}
			continue
		}
		var c ToolCall
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("fakemodel: step %q agent %q: %w", s.ID, k, err)
		}
		s.Calls[k] = c
	}
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (s Step) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(s.Calls)+1)
	for k, v := range s.Calls {
		m[k] = v
	}
	m["id"] = s.ID
	return json.Marshal(m)
}

// ParseScenario decodes and validates a scenario.
func ParseScenario(b []byte) (Scenario, error) {
	var sc Scenario
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		return Scenario{}, fmt.Errorf("fakemodel: parse scenario: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Scenario{}, errors.New("fakemodel: parse scenario: trailing data after the scenario object")
	}
	if err := sc.Validate(); err != nil {
		return Scenario{}, err
	}
	return sc, nil
}

// LoadScenario reads and parses a scenario file.
func LoadScenario(path string) (Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Scenario{}, fmt.Errorf("fakemodel: load scenario: %w", err)
	}
	return ParseScenario(b)
}

// Validate reports the first structural problem: a step without id, a duplicate id, a call
// without tool name, an input that is neither a JSON object nor a string, a check naming an
// unknown step or an unsafe path.
func (sc Scenario) Validate() error {
	ids := map[string]bool{}
	for i, st := range sc.Steps {
		if st.ID == "" {
			return fmt.Errorf("fakemodel: scenario %q: step %d has no id", sc.Name, i)
		}
		if ids[st.ID] {
			return fmt.Errorf("fakemodel: scenario %q: duplicate step id %q", sc.Name, st.ID)
		}
		ids[st.ID] = true
		for agent, c := range st.Calls {
			if c.Tool == "" {
				return fmt.Errorf("fakemodel: scenario %q: step %q agent %q: no tool name", sc.Name, st.ID, agent)
			}
			if len(c.Input) > 0 {
				switch firstByte(c.Input) {
				case '{', '"':
				default:
					return fmt.Errorf("fakemodel: scenario %q: step %q agent %q: input must be a JSON object or string", sc.Name, st.ID, agent)
				}
			}
		}
	}
	for _, c := range sc.Checks {
		if !ids[c.Step] {
			return fmt.Errorf("fakemodel: scenario %q: check names unknown step %q", sc.Name, c.Step)
		}
		if c.Path == "" || strings.HasPrefix(c.Path, "/") || strings.Contains("/"+c.Path+"/", "/../") {
			return fmt.Errorf("fakemodel: scenario %q: check path %q must be relative and stay in the work dir", sc.Name, c.Path)
		}
	}
	return nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// agentStep is one step as the playing agent sees it.
type agentStep struct {
	index int // position among the agent's steps
	id    string
	call  ToolCall
}

// stepsFor returns the steps that apply to agent, in order.
func (sc Scenario) stepsFor(agent string) []agentStep {
	var out []agentStep
	for _, st := range sc.Steps {
		c, ok := st.Calls[agent]
		if !ok {
			c, ok = st.Calls["default"]
		}
		if !ok {
			continue
		}
		out = append(out, agentStep{index: len(out), id: st.ID, call: c})
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

// substitute replaces {{NAME}} in every string of the JSON value v (object or string).
// Unknown names stay as they are.
func substitute(v json.RawMessage, vars map[string]string) (any, error) {
	if len(v) == 0 {
		return map[string]any{}, nil
	}
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return nil, fmt.Errorf("fakemodel: tool input: %w", err)
	}
	return substAny(x, vars), nil
}

func substAny(x any, vars map[string]string) any {
	switch t := x.(type) {
	case string:
		return placeholder.ReplaceAllStringFunc(t, func(m string) string {
			if v, ok := vars[m[2:len(m)-2]]; ok {
				return v
			}
			return m
		})
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = substAny(e, vars)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = substAny(e, vars)
		}
		return out
	}
	return x
}
