package redact

import (
	"encoding/json"
	"sort"
	"strings"
)

// Red-team round 16 (#31, #32): a command and its environment in a tree,
// found by shape rather than by a list of key names. Kubernetes puts the
// script in "args" beside "command" and expands $(X) from "env"; the
// Docker API says "Cmd" and "Env"; GitHub Actions expands ${{ env.X }}
// in "run"; an environment may be one level down or a dotenv string.
//
// Any string of the tree, any list of strings (an argument vector) and
// any object's string and list values joined (command before args) are
// candidate command lines; when one has a sink whose value is a
// reference of any syntax (failclosed.go: $X, $(X), ${{ env.X }}, %X%,
// ${env:X}), every value of every NAME=VALUE-shaped entry of the tree
// (an object of NAME keys, NAME=VALUE strings, {name, value} objects, a
// dotenv string) is learned as a secret, and so is every literal of the
// command line that had the sink.

// maxTreeSinkTexts bounds the command lines probed in one tree.
const maxTreeSinkTexts = 256

// scanSinks is the tree pass of failclosed.go.
func (t *treeRun) scanSinks(root any) {
	if !t.r.enabled[ruleUnresolved] {
		return
	}
	if skipNoReference && !sinkCandidate(root, 0) {
		// Nothing below could be probed: the walk would find no sink
		// and learn nothing (TestSinkCandidateSkipsNothing).
		return
	}
	var envVals []string
	var sinkTexts []string
	probed := 0
	sinks := map[string]bool{} // texts probed, and whether each has a sink
	isSink := func(s string) bool {
		if r, ok := sinks[s]; ok {
			return r
		}
		if probed >= maxTreeSinkTexts || !mayReference(s) {
			return false
		}
		probed++
		r := t.r.unresolvedSink(s, nil, nil, true)
		sinks[s] = r
		return r
	}
	probe := func(s string) {
		if isSink(s) {
			sinkTexts = append(sinkTexts, s)
		}
	}
	var walk func(v any, key string, depth int)
	walk = func(v any, key string, depth int) {
		if depth > maxTreeDepth {
			return
		}
		switch x := v.(type) {
		case string:
			probe(x)
			if envKey(key) {
				envVals = append(envVals, dotenvValues(x)...)
			}
		case []any:
			if items, ok := stringList(x); ok && len(items) > 1 && anyReference(items) {
				line, _ := renderArgv(items, seq(len(items)), false, false)
				probe(line)
			}
			envVals = append(envVals, envListValues(x)...)
			for _, e := range x {
				walk(e, key, depth+1)
			}
		case map[string]any:
			if probed < maxTreeSinkTexts && anyRefIn(x) {
				if line := joinedLine(x, false); line != "" && isSink(line) {
					// Red-team round 26 (#c6): when a member alone has
					// the sink, the other members are not its words: only
					// those that can be (argv lists, command and input
					// keys) are learned, not every name beside it.
					if !memberSink(x, isSink) {
						sinkTexts = append(sinkTexts, line)
					} else if parts := joinedLine(x, true); parts != "" {
						sinkTexts = append(sinkTexts, parts)
					}
				}
			}
			if envKey(key) || envObject(x) {
				for k, e := range x {
					if s, ok := e.(string); ok && isIdent(k) {
						envVals = append(envVals, s)
					}
				}
			}
			for k, e := range x {
				walk(e, k, depth+1)
			}
		}
	}
	walk(root, "", 0)
	if len(sinkTexts) == 0 {
		return
	}
	for _, v := range envVals {
		if !allowWord(v) {
			t.learn(v, ruleUnresolved)
		}
	}
	names := map[string]bool{}
	for _, s := range sinkTexts {
		for _, sp := range literalSpans(s) {
			t.learn(s[sp.start:sp.end], ruleUnresolved)
		}
		_, refs := sinkProbe(s)
		for _, ref := range refs {
			if ref.kind == 'n' && len(names) < 256 {
				names[ref.name] = true
			}
		}
	}
	// Red-team round 17 (#26): a reference is resolved by its name
	// anywhere in the tree, not only under an environment's key: vars,
	// params, GitHub's strategy.matrix.X and inputs.X.default, an object
	// with values of other types beside it.
	if len(names) > 0 {
		t.learnNamed(root, names, false, 0)
	}
}

// joinedLine renders an object's string and string-list members as one
// command line, command keys first (command, cmd, entrypoint, shell),
// then the rest in key order: Kubernetes' command + args. argv keeps only
// the members that can be words of a command: string lists, and strings
// under a command or an input key. "" when fewer than two words.
func joinedLine(x map[string]any, argv bool) string {
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ci, cj := cmdKey(keys[i]), cmdKey(keys[j])
		if ci != cj {
			return ci
		}
		return keys[i] < keys[j]
	})
	var joined []string
	for _, k := range keys {
		switch e := x[k].(type) {
		case string:
			if !argv || cmdKey(k) || inputKey(k) {
				joined = append(joined, e)
			}
		case []any:
			if items, ok := stringList(e); ok {
				joined = append(joined, items...)
			}
		}
	}
	if len(joined) < 2 {
		return ""
	}
	line, _ := renderArgv(joined, seq(len(joined)), false, false)
	return line
}

// memberSink reports an object with a member that has a sink on its own:
// a string, or a string list rendered as a command line.
func memberSink(x map[string]any, isSink func(string) bool) bool {
	for _, e := range x {
		switch v := e.(type) {
		case string:
			if isSink(v) {
				return true
			}
		case []any:
			if items, ok := stringList(v); ok && len(items) > 1 && anyReference(items) {
				if line, _ := renderArgv(items, seq(len(items)), false, false); isSink(line) {
					return true
				}
			}
		}
	}
	return false
}

// inputKey reports a key that names what a command is given: its
// arguments or its standard input (args, argv, arguments, stdin, input).
func inputKey(k string) bool {
	l := strings.ToLower(k)
	for _, w := range []string{"arg", "stdin", "input"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// skipNoReference lets scanSinks skip a tree sinkCandidate clears (off in
// the test that compares both).
var skipNoReference = true

// sinkCandidate reports whether the walk of scanSinks could probe
// anything in v, a node depth levels down: only a string that may hold a
// reference is probed, and a list or object's joined line only when one
// of its strings (or, for a list, a number rendered: json.Number is any
// text) may hold one. Those lie at most two levels below a node the walk
// enters (an object's list value's items), and the walk enters nodes up
// to maxTreeDepth deep; deeper containers count as candidates.
func sinkCandidate(v any, depth int) bool {
	switch x := v.(type) {
	case string:
		return mayReference(x)
	case json.Number:
		return mayReference(string(x))
	case []any:
		if depth > maxTreeDepth+2 {
			return true
		}
		for _, e := range x {
			if sinkCandidate(e, depth+1) {
				return true
			}
		}
	case map[string]any:
		if depth > maxTreeDepth+2 {
			return true
		}
		for _, e := range x {
			if sinkCandidate(e, depth+1) {
				return true
			}
		}
	}
	return false
}

// learnNamed learns every string scalar of v that lies under a key of
// names (at any depth, in lists and objects below it).
func (t *treeRun) learnNamed(v any, names map[string]bool, under bool, depth int) {
	if depth > maxTreeDepth {
		return
	}
	switch x := v.(type) {
	case string:
		if under && !allowWord(x) {
			t.learn(x, ruleUnresolved)
		}
	case []any:
		for _, e := range x {
			t.learnNamed(e, names, under, depth+1)
		}
	case map[string]any:
		for k, e := range x {
			t.learnNamed(e, names, under || names[k], depth+1)
		}
	}
}

// maxTreeDepth bounds how deep scanSinks walks.
const maxTreeDepth = 64

// anyReference reports an item that may hold a reference.
func anyReference(items []string) bool {
	for _, s := range items {
		if mayReference(s) {
			return true
		}
	}
	return false
}

// refValue reports a string, or a list with a string, that may hold a
// reference.
func refValue(v any) bool {
	switch e := v.(type) {
	case string:
		return mayReference(e)
	case []any:
		for _, x := range e {
			if s, ok := x.(string); ok && mayReference(s) {
				return true
			}
		}
	}
	return false
}

// anyRefIn reports an object with a value that may hold a reference.
func anyRefIn(m map[string]any) bool {
	for _, v := range m {
		if refValue(v) {
			return true
		}
	}
	return false
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// stringList returns the elements of a list of scalars as strings.
func stringList(x []any) ([]string, bool) {
	out := make([]string, 0, len(x))
	for _, e := range x {
		s, ok := argvScalar(e)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, len(out) > 0
}

// envKey reports a key that names an environment (env, Env, envVars,
// environment, variables, options.env …).
func envKey(k string) bool {
	l := strings.ToLower(k)
	return strings.Contains(l, "env") || strings.Contains(l, "variables")
}

// cmdKey reports a key that names a command (command, Cmd, Entrypoint,
// commandLine, shell, script, run, exec).
func cmdKey(k string) bool {
	l := strings.ToLower(k)
	for _, w := range []string{"command", "cmd", "entrypoint", "shell", "exec"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// envObject reports an object all of whose keys are environment
// variable names (UPPER_CASE) with string values.
func envObject(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k, v := range m {
		if _, ok := v.(string); !ok || !isEnvName(k) {
			return false
		}
	}
	return true
}

func isEnvName(k string) bool {
	if k == "" || isDigit(k[0]) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !isUpper(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

// envListValues returns the values of a list of NAME=VALUE strings or
// {name, value} objects.
func envListValues(x []any) []string {
	var out []string
	for _, e := range x {
		switch p := e.(type) {
		case string:
			if name, val, ok := strings.Cut(p, "="); ok && isIdent(name) {
				out = append(out, val)
			}
		case map[string]any:
			for _, vk := range []string{"value", "Value", "val"} {
				if v, ok := p[vk].(string); ok {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// dotenvValues returns the values of a dotenv text's NAME=VALUE lines.
func dotenvValues(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "export ")
		if name, val, ok := strings.Cut(line, "="); ok && isIdent(strings.TrimSpace(name)) {
			out = append(out, strings.Trim(strings.TrimSpace(val), `"'`))
		}
	}
	return out
}
