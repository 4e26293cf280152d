// Package install wires Mandate's hook into each agent's settings, removes
// it again, and diagnoses whether an installed hook would actually run.
//
// # Contract
//
// Install merges Mandate's hook entries into the agent's own settings file
// (Claude Code .claude/settings.json, Codex .codex/hooks.json, Gemini CLI
// .gemini/settings.json, Copilot CLI .github/hooks/mandate.json, Cursor
// .cursor/hooks.json, in the repository or the user's home; Hermes
// ~/.hermes/config.yaml). Every other setting and hook is kept, in its
// order; a file is only rewritten when something changes, so installing
// twice leaves it byte for byte as the first install did. Writes are
// durable (temp file, fsync, rename, fsync of the directory). A settings
// file that cannot be parsed is an error, never overwritten.
//
// Mandate's entries are recognised by their command, "<path>/mandate hook
// <agent>" (the binary's absolute path), so Uninstall removes exactly
// those and whatever became empty because of it, and a reinstall from a
// moved binary replaces the stale entry.
//
// Doctor reports, per agent found on the machine or in the repository,
// where the hooks are installed and every reason they would not run:
// agents skip hooks silently when the project or the hook is not trusted
// (Claude Code's workspace trust, Codex project and hook trust, Gemini
// CLI's trusted folders and hooks switch, Copilot CLI's folder trust,
// Hermes' hook consent) or when the hook's binary is gone, and a skipped
// hook is a tool call that runs ungoverned. Each problem carries the fix.
package install
