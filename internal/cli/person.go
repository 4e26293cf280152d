package cli

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Commands that only a person may run (mandate tamper ack) refuse to run
// for an agent. Through a hook the policy already denies them; run by
// other means, the command checks for itself, as well as a process can:
//
//   - its environment carries none of the variables agents set for the
//     commands they run (agentEnv);
//   - none of its ancestors is a known agent program (agentPrograms);
//   - its standard input is a terminal, and a code printed on the
//     controlling terminal is typed back on it.
//
// For a per-user installation this is best effort: a process running as
// the same user can detach from its agent, clear its environment and
// drive a pseudo-terminal of its own. It becomes an operating-system
// guarantee with the system engine (a later issue), where the
// acknowledgement is made by an account the agent does not run as.

// agentEnv are environment variables agents set for the commands they
// run: names, and prefixes (ending in "_").
var agentEnv = []string{
	"CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", // Claude Code
	"CODEX_",     // Codex (CODEX_SANDBOX, CODEX_THREAD_ID, ...)
	"GEMINI_CLI", // Gemini CLI
	"COPILOT_",   // Copilot CLI
	"CURSOR_",    // Cursor (agent and integrated terminal)
	"HERMES_SESSION", "HERMES_AGENT",
	"WINDSURF_", "CASCADE_",
}

// agentEnvUserSettings are variables under those prefixes that a person
// sets for themselves (configuration, not a sign of an agent).
var agentEnvUserSettings = map[string]bool{
	"CODEX_HOME": true, "COPILOT_HOME": true,
}

// agentPrograms are the program names of agents, as an ancestor's
// executable or command name.
var agentPrograms = map[string]bool{
	"claude": true, "codex": true, "gemini": true, "copilot": true, "cursor": true, "cursor-agent": true,
	"hermes": true, "windsurf": true, "opencode": true, "amp": true, "kiro-cli": true, "aider": true, "goose": true,
}

// agentScripts are parts of an interpreter's command line (node, python,
// bun) that run an agent.
var agentScripts = []string{
	"@anthropic-ai/claude-code", "claude-code/cli", "@openai/codex", "@google/gemini-cli",
	"@github/copilot", "cursor-agent", "hermes_cli", "hermes-agent", "/bin/claude", "/bin/codex", "/bin/gemini",
	"@qwen-code/qwen-code", "@sourcegraph/amp", "@charmland/crush", "@augmentcode/auggie", "opencode-ai", "kimi_cli",
}

// proc is one ancestor process.
type proc struct {
	pid     int
	exe     string
	comm    string
	cmdline []string
}

// ancestry lists the calling process's ancestors, from its parent up
// (ancestry_linux.go); a test replaces it.
var ancestry = procAncestry

// agentSignals returns why the command looks run by an agent, or nothing.
func agentSignals(env *Env) []string {
	var out []string
	environ := env.Environ
	if environ == nil {
		environ = os.Environ()
	}
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if agentEnvUserSettings[name] {
			continue
		}
		for _, m := range agentEnv {
			if name == m || (strings.HasSuffix(m, "_") && strings.HasPrefix(name, m)) {
				out = append(out, "its environment sets "+name)
				break
			}
		}
	}
	ppid := env.Ppid
	if ppid == 0 {
		ppid = os.Getppid()
	}
	for _, p := range ancestry(ppid) {
		if why := agentProcess(p); why != "" {
			out = append(out, fmt.Sprintf("its ancestor process %d is %s", p.pid, why))
		}
	}
	return out
}

// agentProcess names the agent p runs, or "".
func agentProcess(p proc) string {
	for _, name := range []string{filepath.Base(p.exe), p.comm} {
		if agentPrograms[strings.ToLower(name)] {
			return name
		}
	}
	line := strings.Join(p.cmdline, " ")
	for _, s := range agentScripts {
		if strings.Contains(line, s) {
			return s
		}
	}
	if len(p.cmdline) > 0 && agentPrograms[strings.ToLower(filepath.Base(p.cmdline[0]))] {
		return filepath.Base(p.cmdline[0])
	}
	return ""
}

// terminal is the controlling terminal a person confirms on: it refuses
// unless env's standard input is a terminal (terminal_linux.go); a test
// replaces it.
var terminal = openTerminal

// confirmCode prints a short random code on the terminal and requires it
// typed back there.
func confirmCode(tty io.ReadWriter, what string) error {
	code, err := randomCode(6)
	if err != nil {
		return err
	}
	fmt.Fprintf(tty, "%s\nTo confirm that you, a person, do this, type the code %s and press Enter: ", what, code)
	line, err := readTerminalLine(tty, 64)
	if err != nil {
		return fmt.Errorf("reading the code: %w", err)
	}
	if !strings.EqualFold(strings.TrimSpace(line), code) {
		return errors.New("the code typed does not match")
	}
	return nil
}

// randomCode is n characters that are hard to confuse.
func randomCode(n int) (string, error) {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b), nil
}

// readTerminalLine reads up to a newline, at most max bytes, one byte at a time
// (nothing past the line is consumed from the terminal).
func readTerminalLine(r io.Reader, max int) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) < max {
		n, err := r.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return string(b), nil
			}
			b = append(b, one[0])
			continue
		}
		if err != nil {
			if err == io.EOF && len(b) > 0 {
				return string(b), nil
			}
			return "", err
		}
	}
	return string(b), nil
}
