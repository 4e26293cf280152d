package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Nested agents run by their entry scripts. A coding agent installed from
// npm or PyPI is a script an interpreter runs: node
// …/@anthropic-ai/claude-code/cli.js, python3 -m hermes_cli.main, deno run
// npm:@anthropic-ai/claude-code. Run that way it is the agent, and is
// judged exactly as its program is (agents.go, and the policy's
// nested-agent rules for its flags): the interpreter's command is
// rewritten to the agent's program name with the script's arguments.
// Which package or module is which agent is data (the tables below).

// agentNpmScoped are the agents' scoped npm packages (matched as the two
// path segments @scope/name anywhere in a script's path, or as a package
// specification), by the program each runs.
var agentNpmScoped = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"@anthropic-ai/claude-code": "claude",
		"@openai/codex":             "codex",
		"@google/gemini-cli":        "gemini",
		"@github/copilot":           "copilot",
		"@qwen-code/qwen-code":      "qwen",
		"@sourcegraph/amp":          "amp",
		"@charmland/crush":          "crush",
		"@augmentcode/auggie":       "auggie",
		"@continuedev/cli":          "cn",
		"@google/jules":             "jules",
	}
}}

// agentNpmPlain are the agents' unscoped npm packages: matched in a
// script's path only as the segment after node_modules (their names are
// ordinary words), and as package specifications.
var agentNpmPlain = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"opencode-ai": "opencode",
		"cline":       "cline",
		"codebuff":    "codebuff",
		"claude-code": "claude",
		"gemini-cli":  "gemini",
	}
}}

// agentPyModules are the agents' top-level Python modules (python -m
// MODULE[.sub], or a script below MODULE/ in site-packages or
// dist-packages), by program. agentPyDistinct ones are matched as a
// directory anywhere in a script's path (Hermes installs as a git
// checkout under ~/.hermes/hermes-agent).
var agentPyModules = &lazy.Value[map[string]string]{New: func() map[string]string {
	return map[string]string{
		"hermes_cli":       "hermes",
		"kimi_cli":         "kimi",
		"open_interpreter": "interpreter",
		"aider":            "aider",
		"interpreter":      "interpreter",
		"gptme":            "gptme",
		"sgpt":             "sgpt",
		"openhands":        "openhands",
	}
}}

var agentPyDistinct = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"hermes_cli": true, "kimi_cli": true, "open_interpreter": true}
}}

// agentOfNpmSpec returns the agent program an npm package specification
// (@scope/name[@version][/subpath], name[@version]) runs, or "".
func agentOfNpmSpec(spec string) string {
	s := strings.ToLower(spec)
	if strings.HasPrefix(s, "@") {
		scope, rest, ok := strings.Cut(s, "/")
		if !ok {
			return ""
		}
		name, _, _ := strings.Cut(rest, "/")
		if i := strings.IndexByte(name, '@'); i > 0 {
			name = name[:i]
		}
		return agentNpmScoped.Get()[scope+"/"+name]
	}
	name, _, _ := strings.Cut(s, "/")
	if i := strings.IndexByte(name, '@'); i > 0 {
		name = name[:i]
	}
	return agentNpmPlain.Get()[name]
}

// agentOfPyModule returns the agent program python -m MODULE runs, or "".
func agentOfPyModule(mod string) string {
	top, _, _ := strings.Cut(strings.ToLower(mod), ".")
	if a := agentPyModules.Get()[top]; a != "" {
		return a
	}
	if agentSet.Get()[top] {
		return top
	}
	return ""
}

// agentOfScript returns the agent program a script path belongs to, or
// "": a path through an agent's npm package or Python module, or an
// agent's program in a bin directory (node /usr/local/bin/claude, node
// node_modules/.bin/codex).
func agentOfScript(p string) string {
	segs := strings.Split(strings.ToLower(strings.ReplaceAll(p, "\\", "/")), "/")
	for i, s := range segs {
		prev := ""
		if i > 0 {
			prev = segs[i-1]
		}
		if strings.HasPrefix(s, "@") && i+1 < len(segs) {
			if a := agentNpmScoped.Get()[s+"/"+segs[i+1]]; a != "" {
				return a
			}
		}
		if prev == "node_modules" {
			if a := agentNpmPlain.Get()[s]; a != "" {
				return a
			}
		}
		if a := agentPyModules.Get()[s]; a != "" && i+1 < len(segs) &&
			(agentPyDistinct.Get()[s] || prev == "site-packages" || prev == "dist-packages") {
			return a
		}
	}
	if n := len(segs); n >= 2 && (segs[n-2] == "bin" || segs[n-2] == ".bin") {
		base := segs[n-1]
		for _, ext := range []string{".js", ".mjs", ".cjs", ".py"} {
			base = strings.TrimSuffix(base, ext)
		}
		if agentSet.Get()[base] {
			return base
		}
	}
	return ""
}

// agentScript runs the interpreter's script argument k as the agent it
// belongs to, when it belongs to one: the script becomes the agent's
// program name, the arguments after it the agent's.
func (c *cmd) agentScript(k int) (bool, error) {
	f := c.args[k]
	if f.dyn || f.proc {
		return false, nil
	}
	a := agentOfScript(f.s)
	if a == "" {
		return false, nil
	}
	c.args[k] = field{s: a}
	return true, c.wrap(k, c.name+" "+clip(f.s))
}

// denoAgent runs deno run/x/install of an agent's npm: specification or
// entry script as the agent.
func (c *cmd) denoAgent() (bool, error) {
	if len(c.args) < 2 || c.args[0].dyn || c.s(0) != "run" && c.s(0) != "x" {
		return false, nil
	}
	for k := 1; k < len(c.args); k++ {
		f := c.args[k]
		if f.dyn {
			return false, nil
		}
		if strings.HasPrefix(f.s, "-") {
			continue
		}
		a := ""
		if spec, ok := strings.CutPrefix(strings.ToLower(f.s), "npm:"); ok {
			a = agentOfNpmSpec(spec)
		} else {
			a = agentOfScript(f.s)
		}
		if a == "" {
			return false, nil
		}
		for i := 0; i < k; i++ {
			c.skip[i] = true
		}
		c.args[k] = field{s: a}
		return true, c.wrap(k, "deno "+c.s(0))
	}
	return false, nil
}
