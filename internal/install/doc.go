// Package install wires Mandate's hook into each agent's settings, removes
// it again, and diagnoses whether an installed hook would actually run.
//
// # Contract
//
// Install adds Mandate's hook entries to the agent's own settings file, in
// the format the agent's documentation defines (Claude Code
// .claude/settings.json, Codex .codex/hooks.json, Gemini CLI
// .gemini/settings.json, Copilot CLI .github/hooks/mandate.json, Cursor
// .cursor/hooks.json, in the repository or the user's home; Hermes
// ~/.hermes/config.yaml). What differs between agents (settings files,
// events, handler shape, accepted syntax, off switches, trust checks) is
// data of each agent's package, read through the agent registry
// (internal/agent); this package edits and inspects the three layouts
// those files share.
//
// The command an entry runs depends on the scope. A project install
// writes a file the team commits, so it names the bare front, "mandate
// hook <agent>", which each machine finds on its own PATH, as tools
// committed to a repository are referenced; it never names a path on one
// user's machine. A user install names the absolute path of the program
// (the front beside the running mandate-engine, or --exe), shell-quoted
// when needed. Copilot's entry adds the event, which its payload lacks.
// The caller checks the program before Install: CheckMandate accepts the
// running engine and its front, or a file with the same content, and
// otherwise runs `<program> version`, which must answer Mandate's version
// line; for a project install, the mandate on this machine's PATH must
// pass it, so that install never leaves a hook that cannot start here.
//
// Mandate's entries are recognised by their command (IsMandateCommand):
// "mandate hook <agent>" by any program whose base name starts with
// mandate, bare or at any path (so the absolute-path entries of user
// installs, and of project installs before the bare form, are found too),
// and an earlier version's "mandate-hook <agent>". Uninstall removes
// exactly those, and doctor inspects them; a reinstall replaces a stale
// entry where it stands.
//
// JSON settings files are edited, not rewritten: they are parsed as an
// exact syntax tree (github.com/tailscale/hujson), Mandate's entries are
// added at the end of the objects and lists they belong to, formatted like
// their neighbours (indentation, tabs, CRLF, one-line files), and the file
// is packed again, so comments, key order, spacing, escapes and the final
// newline (or its absence) are kept. Uninstall removes what Install added
// and, when nothing else changed, gives back the file byte for byte: a
// file Install created is deleted; an object or list that was empty
// before, or a Copilot or Cursor file holding only its version, is marked
// by an empty line before Mandate's first entry, so uninstall knows to
// keep it and restores what it held. A second install changes nothing.
// Writes are durable (temp file, fsync, rename, fsync of the directory)
// and keep the file's mode.
//
// Install reads a file the way its agent does, and refuses, changing
// nothing, one the agent would not read or in which the hook would not
// run, with the file, line and column: invalid JSON; comments, accepted by
// Gemini CLI only (Claude Code, Codex and Copilot CLI ignore a file with
// comments: tried against the pinned versions; Cursor's is unverified);
// trailing commas (Gemini CLI refuses to start); a key twice in an object;
// disableAllHooks (Claude Code, Copilot CLI); Gemini's
// hooksConfig.enabled: false or "mandate" in hooksConfig.disabled; a
// Copilot or Cursor version other than 1. It also refuses, before reading,
// a settings file that is a symbolic link (saying where it points: it
// never writes through one), not a regular file, larger than 4 MiB or
// nested deeper than 256 levels, read-only or not writable. Gemini CLI
// runs hooks by default, so Install adds no hooksConfig (entries an
// earlier version added are left, harmless).
//
// Hermes' config.yaml is edited the same way, as whole lines indented like
// their neighbours, when it is in the block style people write and the
// edited text means what re-encoding its YAML tree would; otherwise (flow
// style, an empty hooks: or list, no final newline) it is re-encoded with
// its comments, and the exact-bytes promise does not hold. A config.yaml
// with several documents or a key twice (in the top level or hooks) is
// refused.
//
// Doctor reports, per agent found on the machine or in the repository,
// where the hooks are installed and every reason they would not run:
// agents skip hooks silently when the project or the hook is not trusted
// (Claude Code's workspace trust, Codex project and hook trust, Gemini
// CLI's trusted folders and hooks switch, Copilot CLI's folder trust,
// Hermes' hook consent), when the file is one the agent ignores, or when
// the hook cannot start here: a bare mandate not on PATH, a program that
// is missing, not executable or not Mandate, a front without its engine;
// a project file naming a path on one machine is a warning. A skipped
// hook is a tool call that runs ungoverned. Each problem carries the fix.
package install
