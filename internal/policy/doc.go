// Package policy is Mandate's policy language and decision engine: it reads
// agent-policy.yaml, compiles it once, and decides allow, ask or deny for
// every normalized action before the action runs.
//
// # Contract
//
// Parse and Load compile a policy file into an immutable *Policy that is safe
// for concurrent use. Every problem in the file is an error carrying its
// file:line:column (unknown keys with a suggestion, wrong types, bad regular
// expressions or globs, unknown trust levels, duplicate names, empty rules,
// several YAML documents, alias bombs, files over 4 MiB); nothing is ignored.
// Default returns the built-in policy used when no file exists
// (default.yaml), which asks before destructive work outside the
// repository and before destroying git history.
//
// Evaluate is pure apart from symlink resolution (injectable through
// Options.Resolve): it reads only the Action and the compiled policy, never
// panics, and turns every internal error into a Deny whose reason says why.
// Findings combine as deny > ask > allow. The Decision lists every policy,
// the user's and the built-in ones, in PolicyChecks, so an auditor sees what
// was checked and not only what fired.
//
// Built-in policies, always on and reported by these names:
//
//   - mandate-self-protection: no write or delete of the policy file, of an
//     agent-policy.yaml at the repository root, of Mandate's state
//     directories, or of any agent's hook configuration; no killing or
//     uninstalling Mandate. Nothing in a policy file relaxes it.
//   - mandate-credential-stores: no read or write of the usual credential
//     stores (~/.ssh/, ~/.aws/, ...) unless credential_stores.allow_reads or
//     allow_writes names the store explicitly.
//   - mandate-trust-level: what the session's trust level (read_only,
//     write_local, external) permits: the read-only command list, git push,
//     network access, opaque commands.
//   - mandate-analysis: command lines that cannot be analysed, unknown tools.
//
// Exec actions are never matched as raw strings: the command line goes
// through shell.Analyze and the rules apply to what it finds (every simple
// command, the paths it reads, writes and deletes, the hosts it contacts,
// the environment variables it reads). The language itself is documented in
// docs/policy.md.
package policy
