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
// Evaluate is pure apart from the environment it is given (Options.FS,
// fsview.OS when nil; Options.Resolve, Walk, Git and Procs replace parts
// of it when set): it reads the Action, the compiled policy and, at
// decision time, what the file system says of the paths the decision
// touches — what a path resolves to, which file it is (device and inode,
// so a hard link is seen), what a glob matches, which files a recursive
// read reaches — and, for the few decisions that need them, what git's
// read-only plumbing says of a repository and which Mandate processes
// run. It reads file content only to compare a program with Mandate's
// binaries or scan it for Mandate's name or a packed payload (a program
// given Mandate's subcommands, mandatefront.go), a protected file with a
// git blob, the member names of an archive extracted into the repository
// (archivepeek.go), and the ignore files of a search that skips hidden
// names (fsview.OpenFS: regular files, non-blocking, bounded). Each question is asked once per evaluation,
// only for the paths the decision touches, within budgets counted in
// calls (not time), so that the same tree gets the same decision. The one
// exception is git: its queries share a wall-clock budget per evaluation
// (gitBudget, 1.5 s, facts.go), because a git that hangs must not hold
// the agent's tool call. A query cut off by it is a question git did not
// answer, decided as when no git is available (Options.Git nil): the
// branch is the one the action reports, or unknown, and whether a
// checkout touches a protected file is "cannot tell", which asks. So
// time changes a decision only when git is slower than the budget. It
// never panics, and turns every internal error, including a path it
// cannot resolve (a symlink loop, a path too long, a component that is
// not a directory), into a Deny whose reason says why. Findings combine
// as deny > ask > allow. The Decision lists every policy, the user's and
// the built-in ones, in PolicyChecks, so an auditor sees what was checked
// and not only what fired.
//
// Built-in policies, always on and reported by these names:
//
//   - mandate-self-protection: the protected set — every policy file in
//     force (and agent-policy.yaml at the repository root), every agent's
//     hook configuration, Mandate's binaries (Options.Protected) and its
//     state directories — is protected by identity: no write, delete,
//     rename onto, truncation, chmod/chown or hard link of any member
//     under any name (another hard link to the same device and inode, a
//     symlink, /proc/self/cwd/…, /dev/fd/…), and no read of the state
//     directories or the binaries. A Mandate binary run by an agent,
//     under any name or path, may only run its read-only subcommands
//     (check, log, sessions, verify, policy validate|test|explain,
//     doctor, version, …), its command line read as Mandate reads it
//     (mandateargs.go); any other program given arguments that would make
//     Mandate change something is a possible front, denied where the
//     agent writes without a person (the repository, a temporary
//     directory) or when its content names Mandate or is packed, asked
//     for an unmodelled program elsewhere (mandatefront.go); no signal or
//     process control (kill, pkill, killall, fuser -k, timeout -s, …) may
//     reach Mandate's processes; no .git file or directory, git init,
//     clone, worktree or submodule is made inside the governed
//     repository, nor a repository copied or extracted into it
//     (nestedcopies.go); a git operation that rewrites
//     the work tree from objects (checkout, switch, restore, reset
//     --hard, merge, rebase, cherry-pick, stash pop, checkout-index,
//     read-tree -u, …) is denied when git shows it would change a
//     protected file and asks when Mandate cannot tell, and plumbing
//     that forges content for a protected path is denied. Nothing in a
//     policy file relaxes it.
//   - mandate-credential-stores: no read or write of the usual credential
//     stores (~/.ssh/, ~/.aws/, ...) unless credential_stores.allow_reads or
//     allow_writes names the store explicitly.
//   - mandate-trust-level: what the session's trust level (read_only,
//     write_local, external) permits: the read-only command list, git push,
//     network access, opaque commands.
//   - mandate-analysis: command lines that cannot be analysed, unknown
//     tools, opaque parts, globs and recursive reads too large to check,
//     history reads git cannot answer for.
//
// Exec actions are never matched as raw strings: the command line goes
// through shell.Analyze and the rules apply to what it finds (every simple
// command, the paths it reads, writes and deletes, the hosts it contacts,
// the environment variables it reads). A glob is judged by what it matches
// on disk, a recursive read by the files it reaches, a command that prints
// git history by the files it prints. MCP call arguments are judged by
// the key each string stands under (mcpargs.go): a destination key's
// value is a host however it is written, a command key's a command line
// analysed as an exec's, a code key's opaque code; other strings are URLs
// or paths when they look like one. The language itself is documented in
// docs/policy.md.
package policy
