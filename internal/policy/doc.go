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
// Evaluate is pure apart from the file system it is given (Options.FS,
// fsview.OS when nil; Options.Resolve, Walk and Git replace parts of it
// when set): it reads the Action, the compiled policy and, at decision
// time, what the file system says of the paths the decision touches —
// what a path resolves to, which file it is (device and inode, so a hard
// link is seen), what a glob matches, which files a recursive read
// reaches. It never opens a file: only lstat, readlink and directory
// listings, each asked once per evaluation, only for the paths the
// decision touches, within budgets counted in calls (not time), so that
// the same tree gets the same decision. It never panics, and turns every
// internal error, including a path it cannot resolve (a symlink loop, a
// path too long, a component that is not a directory), into a Deny whose
// reason says why. Findings combine as deny > ask > allow. The Decision
// lists every policy, the user's and the built-in ones, in PolicyChecks,
// so an auditor sees what was checked and not only what fired.
//
// Built-in policies, always on and reported by these names:
//
//   - mandate-self-protection: no write, delete, truncation, chmod or hard
//     link of the policy file, of an agent-policy.yaml at the repository
//     root, of Mandate's state directories, binaries (Options.Protected) or
//     any agent's hook configuration, under any name (another hard link to
//     the same file included); no read of the state directories or of the
//     binaries; no killing or uninstalling Mandate. Nothing in a policy
//     file relaxes it.
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
// the environment variables it reads). A glob is judged by what it matches
// on disk, a recursive read by the files it reaches. The language itself
// is documented in docs/policy.md.
package policy
