package policy

import (
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/fsview"
)

// The fixed environment the tests: section runs in, so that a policy's
// tests give the same answer on every machine: the repository is at
// TestRepoRoot (the policy file at its root), the home directory at
// TestHome, no symlink is resolved and the file system holds nothing.
const (
	TestRepoRoot = "/repo"
	TestHome     = "/home/agent"
)

type testCase struct {
	name       string
	line, col  int
	act        action.Action
	expect     Effect
	expectRule string
}

// TestResult is the outcome of one entry of the tests: section.
type TestResult struct {
	Name   string `json:"name"`
	Source string `json:"source"` // file:line:col of the test
	Expect Effect `json:"expect"`
	// ExpectRule is the test's expect_rule: the policy, or policy/rule,
	// that must decide (see RuleMatches).
	ExpectRule string   `json:"expect_rule,omitempty"`
	Got        Decision `json:"got"`
	Pass       bool     `json:"pass"`
}

// RuleMatches reports whether d was decided by want, an expect_rule:
// the deciding policy's name ("dependency-control"), or it and the rule,
// either in full as the decision names it
// ("dependency-control/block_commands[0] \"npm install\"") or by the
// rule's kind ("dependency-control/block_commands", a built-in rule such
// as "mandate-self-protection/protected-path").
func RuleMatches(d Decision, want string) bool {
	if d.Policy == "" {
		return false
	}
	kind, _, _ := strings.Cut(d.Rule, "[")
	return want == d.Policy || want == d.Policy+"/"+d.Rule || want == d.Policy+"/"+kind
}

// RunTests evaluates every entry of the tests: section against p in the
// fixed test environment and reports each outcome.
func (p *Policy) RunTests() []TestResult {
	q := p.WithOptions(Options{Resolve: func(s string) (string, error) { return s, nil }, FS: fsview.Empty})
	if p.name != DefaultName {
		// A policy file is in force at the repository root; the built-in
		// default runs, as in use, with none.
		q.path = path.Join(TestRepoRoot, "agent-policy.yaml")
	}
	out := make([]TestResult, 0, len(p.tests))
	for i := range p.tests {
		tc := &p.tests[i]
		a := tc.act
		a.Actor.Groups = append([]string(nil), tc.act.Actor.Groups...)
		// each test within the budget of a check: a test that cannot be
		// decided in time fails, whatever it expects
		d := q.EvaluateWithin(&a)
		out = append(out, TestResult{
			Name:       tc.name,
			Source:     fmt.Sprintf("%s:%d:%d", p.name, tc.line, tc.col),
			Expect:     tc.expect,
			ExpectRule: tc.expectRule,
			Got:        d,
			Pass:       d.Decision == tc.expect && (tc.expectRule == "" || RuleMatches(d, tc.expectRule)) && !TimedOut(d),
		})
	}
	return out
}

func (ps *parser) tests(n *yaml.Node, p *Policy) []testCase {
	var out []testCase
	names := map[string]bool{}
	ps.seq(n, "tests", func(it *yaml.Node) {
		d := deref(it)
		tc := testCase{act: action.Action{V: action.Version}}
		if d != nil {
			tc.line, tc.col = d.Line, d.Column
		}
		tc.act.Actor.RepoRoot = TestRepoRoot
		tc.act.Actor.Home = TestHome
		tc.act.Cwd = TestRepoRoot
		sources := 0
		var ruleNode *yaml.Node
		before := len(ps.errs)
		ps.mapping(it, "a test", []field{
			{key: "name", required: true, fn: func(_, v *yaml.Node) {
				if s, ok := ps.str(v, "test name"); ok {
					if names[s] {
						ps.errAt(deref(v), "duplicate test name %q", s)
					}
					names[s] = true
					tc.name = s
				}
			}},
			{key: "command", fn: func(_, v *yaml.Node) {
				sources++
				if s, ok := ps.str(v, "test command"); ok {
					tc.act.Kind, tc.act.Command = action.Exec, s
				}
			}},
			{key: "argv", fn: func(_, v *yaml.Node) {
				sources++
				tc.act.Kind = action.Exec
				for _, a := range ps.strList(v, "test argv", true) {
					tc.act.Argv = append(tc.act.Argv, a.Value)
				}
			}},
			{key: "action", fn: func(_, v *yaml.Node) {
				sources++
				ps.testAction(v, &tc.act)
			}},
			{key: "trust", fn: func(_, v *yaml.Node) {
				tc.act.Actor.TrustLevel = ps.trust(v, "test trust")
			}},
			{key: "groups", fn: func(_, v *yaml.Node) {
				for _, g := range ps.strList(v, "test groups", false) {
					tc.act.Actor.Groups = append(tc.act.Actor.Groups, g.Value)
				}
			}},
			{key: "cwd", fn: func(_, v *yaml.Node) {
				if s, ok := ps.str(v, "test cwd"); ok {
					tc.act.Cwd = path.Join(TestRepoRoot, s)
					if path.IsAbs(s) {
						tc.act.Cwd = path.Clean(s)
					}
				}
			}},
			{key: "branch", fn: func(_, v *yaml.Node) {
				tc.act.Branch, _ = ps.str(v, "test branch")
			}},
			{key: "expect", required: true, fn: func(_, v *yaml.Node) {
				s, ok := ps.str(v, "test expect")
				if !ok {
					return
				}
				switch Effect(s) {
				case Allow, Ask, Deny:
					tc.expect = Effect(s)
				default:
					ps.errAt(deref(v), "test expect must be allow, ask or deny, not %q", s)
				}
			}},
			{key: "expect_rule", fn: func(_, v *yaml.Node) {
				if s, ok := ps.str(v, "test expect_rule"); ok {
					if s == "" {
						ps.errAt(deref(v), "test expect_rule is empty: name the policy, or policy/rule, that must decide")
					}
					tc.expectRule = s
					ruleNode = deref(v)
				}
			}},
		})
		if tc.expectRule != "" && tc.expect == Allow && len(ps.errs) == before {
			ps.errAt(ruleNode, "test %q: expect_rule needs expect: deny or ask (an allow is decided by no rule)", tc.name)
		}
		if sources != 1 && len(ps.errs) == before {
			ps.errAt(d, "test %q needs exactly one of command, argv or action", tc.name)
		}
		if len(ps.errs) == before {
			if err := tc.act.Validate(); err != nil {
				ps.errAt(d, "test %q: %v", tc.name, err)
			}
		}
		out = append(out, tc)
	})
	return out
}

func (ps *parser) testAction(n *yaml.Node, a *action.Action) {
	str := func(dst *string, what string) func(_, v *yaml.Node) {
		return func(_, v *yaml.Node) {
			if s, ok := ps.str(v, what); ok {
				*dst = s
			}
		}
	}
	ps.mapping(n, "a test action", []field{
		{key: "kind", required: true, fn: func(_, v *yaml.Node) {
			s, ok := ps.str(v, "action kind")
			if !ok {
				return
			}
			k := action.Kind(s)
			if !k.Valid() {
				names := make([]string, len(action.Kinds))
				for i, k := range action.Kinds {
					names[i] = string(k)
				}
				if sg := suggest(s, names); sg != "" {
					ps.errAt(deref(v), "unknown action kind %q (did you mean %s?)", s, sg)
				} else {
					ps.errAt(deref(v), "unknown action kind %q", s)
				}
				return
			}
			a.Kind = k
		}},
		{key: "tool", fn: str(&a.Tool, "action tool")},
		{key: "command", fn: str(&a.Command, "action command")},
		{key: "argv", fn: func(_, v *yaml.Node) {
			for _, s := range ps.strList(v, "action argv", true) {
				a.Argv = append(a.Argv, s.Value)
			}
		}},
		{key: "paths", fn: func(_, v *yaml.Node) {
			for _, s := range ps.strList(v, "action paths", true) {
				a.Paths = append(a.Paths, s.Value)
			}
		}},
		{key: "content", fn: str(&a.Content, "action content")},
		{key: "url", fn: str(&a.URL, "action url")},
		{key: "host", fn: str(&a.Host, "action host")},
		{key: "method", fn: str(&a.Method, "action method")},
		{key: "server", fn: str(&a.Server, "action server")},
		{key: "mcp_tool", fn: str(&a.MCPTool, "action mcp_tool")},
		{key: "arguments", fn: func(_, v *yaml.Node) {
			x, err := nodeValue(v, 0)
			if err != nil {
				ps.errAt(deref(v), "action arguments: %v", err)
				return
			}
			raw, err := json.Marshal(x)
			if err != nil {
				ps.errAt(deref(v), "action arguments: %v", err)
				return
			}
			a.Arguments = raw
		}},
	})
}

// nodeValue converts YAML to a JSON-compatible value.
func nodeValue(n *yaml.Node, depth int) (any, error) {
	n = deref(n)
	if n == nil || depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := deref(n.Content[i])
			if k == nil || k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: keys must be strings", n.Line)
			}
			v, err := nodeValue(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			v, err := nodeValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			return n.Value == "true", nil
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			if err != nil {
				return n.Value, nil
			}
			return f, nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}
