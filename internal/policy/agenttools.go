package policy

import (
	"fmt"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/lazy"
)

// Agents' own tools the adapters pass on as unknown, judged for what they
// do rather than denied as unknown:
//
//   - Claude Code's TaskStop (KillShell and KillBash before it) stops a
//     background shell or task the agent started (Bash
//     run_in_background, Monitor): it names the task by the agent's own
//     task id, never a pid, so it acts on the agent's own process only, as
//     TaskOutput (BashOutput before it) reads its output. Allowed, like
//     agentInternalTools (Mandate's processes are not the agent's shells,
//     and kill/pkill through Bash are judged as commands).
//   - Claude Code's Skill (and SlashCommand before it) loads a skill or
//     custom command into the agent's context; its SKILL.md may run
//     !`command` lines in a shell and register hooks as it loads, with no
//     tool call Mandate sees. What runs is not known before it runs:
//     opaque, as code in an MCP argument is (ask; deny at read_only).
//   - Gemini CLI's save_memory appends a fact to the user's global context
//     file ~/.gemini/GEMINI.md, which every later Gemini session in every
//     project loads as instructions. It is no hook configuration (hooks
//     live in settings.json, protected), but it is a write outside the
//     project that persists the agent's text: it is judged as the write
//     of that file it is, so allow_paths and block_paths decide (the
//     example policy, which allows writes only in src/, tests/ and docs/,
//     denies it).
type agentToolKind uint8

const (
	agentToolOwnProcess agentToolKind = iota + 1
	agentToolOpaque
	agentToolMemoryWrite
)

// agentTools maps agent/tool ("" agent: any agent) to what it does.
var agentTools = &lazy.Value[map[string]agentToolKind]{New: func() map[string]agentToolKind {
	return map[string]agentToolKind{
		"/TaskStop":          agentToolOwnProcess,
		"/KillShell":         agentToolOwnProcess,
		"/KillBash":          agentToolOwnProcess,
		"/Skill":             agentToolOpaque,
		"/SlashCommand":      agentToolOpaque,
		"gemini/save_memory": agentToolMemoryWrite,
	}
}}

// geminiMemoryFile is the file save_memory appends to (Gemini CLI's
// default context file name in its global directory).
const geminiMemoryFile = "~/.gemini/GEMINI.md"

// agentTool judges a known agent tool; false when a.Tool is none.
func (ev *evaluation) agentTool() bool {
	a := ev.a
	kind, ok := agentTools.Get()["/"+a.Tool]
	if !ok {
		agent := a.Actor.Agent
		if agent == "" && a.Tool == "save_memory" {
			agent = "gemini" // only Gemini CLI has it
		}
		kind, ok = agentTools.Get()[agent+"/"+a.Tool]
	}
	if !ok {
		return false
	}
	switch kind {
	case agentToolOpaque:
		detail := fmt.Sprintf("tool %q loads a skill or command whose shell lines and hooks run without a tool call Mandate sees — its effect cannot be known before it runs", a.Tool)
		if ev.trust == action.ReadOnly {
			ev.deny(groupAnalysis, "opaque", a.Tool, detail+" (trust level read_only)")
		} else {
			ev.builtin(groupAnalysis, Ask, "opaque", a.Tool, detail)
		}
	case agentToolMemoryWrite:
		if err := ev.setDirs(); err != nil {
			ev.deny(groupAnalysis, "working-directory", "", err.Error())
			return true
		}
		p, err := ev.absPath(geminiMemoryFile)
		if err != nil {
			ev.deny(groupAnalysis, "path", geminiMemoryFile, err.Error())
			return true
		}
		ev.checkPath(p, opWrite)
	}
	return true
}
