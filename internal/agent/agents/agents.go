// Package agents is the registry of hook adapters: it maps an agent's
// command-line name (claude, codex, gemini, copilot, cursor, hermes) to its
// hook.Adapter. It holds no state; the table is built per call.
package agents

import (
	"github.com/mandate-dev/mandate/internal/hook"
	"github.com/mandate-dev/mandate/internal/agent/claude"
	"github.com/mandate-dev/mandate/internal/agent/codex"
	"github.com/mandate-dev/mandate/internal/agent/copilot"
	"github.com/mandate-dev/mandate/internal/agent/cursor"
	"github.com/mandate-dev/mandate/internal/agent/gemini"
	"github.com/mandate-dev/mandate/internal/agent/hermes"
)

// Lookup returns the adapter named name.
func Lookup(name string) (hook.Adapter, bool) {
	switch name {
	case hook.Claude:
		return claude.Adapter{}, true
	case hook.Codex:
		return codex.Adapter{}, true
	case hook.Gemini:
		return gemini.Adapter{}, true
	case hook.Copilot:
		return copilot.Adapter{}, true
	case hook.Cursor:
		return cursor.Adapter{}, true
	case hook.Hermes:
		return hermes.Adapter{}, true
	}
	return nil, false
}
