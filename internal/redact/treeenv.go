package redact

import (
	"strings"
)

// Red-team round 15 (#29): a command line and the environment it runs
// with, given side by side in a tree (MCP "run command" tools, CI steps,
// container specs):
//
//	{"command": "mysql -p\"$X\" db", "env": {"X": "PW"}}
//	{"command": ["sh", "-c", "…$X…"], "env": ["X=PW"]}
//	{"cmd": "…", "environment": [{"name": "X", "value": "PW"}]}
//
// The command was scanned with no bindings, and X names nothing, so the
// value was kept. Now the environment is written before the command as
// shell assignments (NAME='VALUE', one line each) and the whole is
// scanned as one text: what a finding covers of a value is learned as a
// secret of the tree, and masked wherever it occurs in it.

// treeEnvKeys name an object's environment; treeCmdKeys its command.
var (
	treeEnvKeys = []string{"env", "environment", "envs", "env_vars", "envvars", "environment_variables", "variables"}
	treeCmdKeys = []string{"command", "cmd", "script", "run", "commandline", "command_line", "args", "argv"}
)

// maxTreeEnv bounds the variables read from one environment.
const maxTreeEnv = 256

// scanCommandEnv scans m's command with m's environment bound.
func (t *treeRun) scanCommandEnv(m map[string]any) {
	var env any
	for _, k := range treeEnvKeys {
		if v, ok := m[k]; ok {
			env = v
			break
		}
	}
	if env == nil {
		return
	}
	cmd := ""
	for _, k := range treeCmdKeys {
		switch x := m[k].(type) {
		case string:
			cmd = x
		case []any:
			var items []string
			for _, e := range x {
				if s, ok := argvScalar(e); ok {
					items = append(items, s)
				}
			}
			idx := make([]int, len(items))
			for i := range idx {
				idx[i] = i
			}
			cmd, _ = renderArgv(items, idx, false, false)
		}
		if cmd != "" {
			break
		}
	}
	if cmd == "" || !strings.Contains(cmd, "$") {
		return
	}
	var sb strings.Builder
	var vals []span // each value's place in the line
	add := func(name string, v any) {
		val, ok := v.(string)
		if !ok || !isIdent(name) || val == "" || len(vals) >= maxTreeEnv {
			return
		}
		sb.WriteString(name)
		sb.WriteString("='")
		start := sb.Len()
		sb.WriteString(strings.ReplaceAll(val, "'", `'\''`))
		vals = append(vals, span{start: start, end: sb.Len(), secret: val})
		sb.WriteString("'\n")
	}
	switch e := env.(type) {
	case map[string]any:
		for k, v := range e {
			add(k, v)
		}
	case []any:
		for _, x := range e {
			switch p := x.(type) {
			case string:
				name, val, ok := strings.Cut(p, "=")
				if ok {
					add(name, val)
				}
			case map[string]any:
				name, _ := p["name"].(string)
				if name == "" {
					name, _ = p["key"].(string)
				}
				add(name, p["value"])
			}
		}
	}
	if len(vals) == 0 {
		return
	}
	sb.WriteString(cmd)
	line := sb.String()
	for _, sp := range t.r.detect(line) {
		for _, v := range vals {
			if sp.start < v.end && sp.end > v.start {
				t.learn(v.secret, sp.id)
			}
		}
	}
}
