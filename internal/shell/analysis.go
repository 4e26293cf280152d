package shell

// Options tell Analyze about the environment a command line runs in.
type Options struct {
	// Cwd is the absolute working directory the command line starts in.
	Cwd string
	// Home is the user's home directory, for ~ expansion.
	Home string
	// Root is the repository root, if known: git resolves REV:PATH
	// object names and :/ pathspecs against it. When it is empty, or the
	// cwd is not below it, every directory from the cwd up is taken as a
	// possible root.
	Root string
	// PowerShell says the line is PowerShell (an agent's PowerShell
	// tool): it is read with bash's grammar, command names match without
	// case, and PowerShell's evaluation of text and script blocks is
	// opaque (powershell.go).
	PowerShell bool
	// PosixSh says the shell that runs the line may be a POSIX sh (dash,
	// ash) rather than bash (Codex's exec_command runs the user's
	// shell): a top-level ((…)) is read both as bash's arithmetic and as
	// sh's nested subshells, the strictest reading winning (shdialects.go).
	PosixSh bool
	// CwdUnknown says the line starts in a directory not known
	// statically (an agent's persistent shell after a cd Mandate could
	// not follow): Cwd is only the best reading, and a relative path is
	// also a name in any directory (cwdalts.go).
	CwdUnknown bool
	// Dirs answers whether a path is a directory at decision time: a cd
	// to a directory that is not there fails and leaves the cwd where it
	// was (cdfail.go). Without it every cd is taken to succeed.
	Dirs DirOracle
}

// Analysis is everything statically knowable about what a command line
// does. Paths are absolute and lexically cleaned (joined with the cwd in
// force at that point, "..": resolved; symlinks are NOT resolved here).
type Analysis struct {
	// Commands lists every simple command found anywhere in the line, in
	// source order, including those nested in substitutions, subshells,
	// sh -c / eval strings, wrappers (sudo, env, xargs, find -exec, …).
	Commands []Command
	Reads    []PathRef
	Writes   []PathRef
	Deletes  []PathRef
	Hosts    []HostRef
	// CandidateHosts are the words of programs whose network use the
	// analysis does not model that read as a host name or address
	// (candhosts.go): the program may or may not contact them. The
	// policy holds them to block_hosts only, and otherwise ignores them.
	CandidateHosts []HostRef `json:",omitempty"`
	// CandidateLabels are the single-label words of the same programs
	// (dbprod), canonical: a policy naming a single-label host holds them
	// to that entry alone (a single label is no name a search domain
	// completes from a word of any program). CandidateLabelsOverflow is
	// set when more were seen than are kept (candlabels.go).
	CandidateLabels         []string `json:",omitempty"`
	CandidateLabelsOverflow bool     `json:",omitempty"`
	// EnvRefs are the names of environment variables the line reads
	// ($X, ${X}, printenv X, …), deduplicated, in order of appearance.
	EnvRefs []string
	// EnvDump is set when the line dumps the whole environment (env or
	// printenv alone, export -p, set, declare -x, /proc/*/environ, …).
	EnvDump bool
	// NameFiles are files on disk (not shown by the line) whose text
	// names variables a program copies from the caller's environment: an
	// env file's NAME-only lines, a compose file's interpolations and
	// value-less environment entries (envbyname.go). The policy reads
	// them at decision time.
	NameFiles []NameFile `json:",omitempty"`
	// ContainerFiles are container definitions on disk (not written by
	// the line) that a command names and starts containers from: the
	// policy reads them at decision time and judges the host paths they
	// bind (containers.go).
	ContainerFiles []ContainerFile `json:",omitempty"`
	// Opaque lists the parts whose effect cannot be known statically.
	Opaque []Opaque
	// EndCwds are the directories the line's own shell may be in when
	// the line ends, the best reading first; EndCwdUnknown says it may
	// be elsewhere, not known statically (endcwd.go).
	EndCwds       []string `json:"-"`
	EndCwdUnknown bool     `json:"-"`
	// KeepsState lists what the line's own shell may leave for the
	// agent's next call when the agent keeps its shell's functions,
	// aliases and exported variables (keptstate.go).
	KeepsState []string `json:"-"`
}

// NameFile is a file whose text names variables passed by name.
type NameFile struct {
	Path string // absolute, lexically cleaned
	// Kind is "env" (lines NAME or NAME=VALUE) or "compose" (a compose
	// file): see EnvFileNames and ComposeNames.
	Kind string
	Cmd  string
}

// ContainerFile is a container definition on disk a command names.
type ContainerFile struct {
	Path   string // absolute, lexically cleaned
	Format string // "compose", "devcontainer", "kube", "bake" (ParseContainerDef) or "dockerfile" (ParseDockerfile)
	// Base is the directory relative host paths are taken from; Vars
	// the definition's variables known statically (ParseContainerDef).
	Base string
	Vars map[string]string `json:",omitempty"`
	Cmd  string
	// Words are the words of the line after the runner's subcommand
	// (compose run SERVICE CMD): a command run in the container, whose
	// paths the file's mounts may map to host files (MountedNames).
	Words []string `json:",omitempty"`
	// Contexts, for a Dockerfile, are the build's named contexts: name
	// to absolute host path ("" not known), for COPY --from=name.
	Contexts map[string]string `json:",omitempty"`
}

// Command is one simple command.
type Command struct {
	// Name is the program's base name after resolving quoting, escapes and
	// absolute paths ("/usr/bin/rm", "\rm", "r''m" are all "rm").
	Name string
	// Prog is the program word as the shell runs it, after expansion: a
	// bare name looked up on $PATH ("rm") or a path ("/usr/bin/rm",
	// "./x"), so that the policy can tell which file runs (a copy or link
	// of a Mandate binary under another name is still Mandate).
	Prog string
	// Args are the arguments after static expansion. A part that cannot be
	// known statically is kept in its source form (e.g. "$X").
	Args []string
	// Line is Name and Args joined by single spaces: what block_commands
	// patterns are matched against.
	Line string
	// Cwd is the working directory in force for this command (after cd).
	Cwd string
	// Via lists the wrappers this command was found through, outermost
	// first (e.g. ["sudo", "bash -c"]).
	Via []string
	// Dynamic is true when some argument is not statically known.
	Dynamic bool
	// Env lists the NAME=value environment assignments in effect for the
	// command that the line makes (NAME=value before it or before a
	// wrapper that runs it, env NAME=value, sudo NAME=value, and
	// variables the line exports), sorted by name; a value not known
	// statically is in source form.
	Env []string
	// Unlisted is true when the analysis does not model the program at
	// all (candcmds.go unlistedProgram): no rule, no table entry, not
	// read-only, no modelled reach or environment. The policy judges
	// such a program given one of Mandate's own subcommands as a
	// possible Mandate front (policy mandatefront.go).
	Unlisted bool
	// Script, when not 0, is 1 + the index in Args of the script file a
	// shell, an interpreter or source runs (sh FILE ARGS, python3 FILE
	// ARGS): the arguments after it are the script's.
	Script int
}

// PathRef is a path a command reads, writes or deletes.
type PathRef struct {
	Path string // absolute, cleaned
	Cmd  string // the simple command's Name
	Why  string // e.g. "redirect >", "cp destination", "argument"
	// Dynamic is set when part of Path is not known statically; that part
	// is kept in source form (e.g. "/home/dev/project/$X/.env").
	Dynamic bool
	// Glob is set when Path contains an unquoted glob metacharacter (* ? [)
	// or an extended glob: the command touches whatever the pattern
	// matches at run time (e.g. "cat .e*" reads .env).
	Glob bool
	// Recursive is set on a read of an argument by a command that reads
	// everything below a directory (grep -r, cp -r, rsync -a, tar c,
	// zip -r, scp -r, rg --hidden): the files it reads are those under
	// Path, which only the file system knows.
	Recursive bool
	// SkipHidden, on a Recursive read, says the command skips names that
	// start with "." below Path (rg without --hidden/-uu): the walk need
	// not look at them. Except one: rg, ag and fd search a hidden name an
	// ignore file whitelists ("!.env" in a .gitignore, .ignore, .rgignore,
	// .fdignore, .agignore or .git/info/exclude below or above Path, or
	// the global excludes file), so the walk must read those files first
	// and not skip what a "!" line names.
	SkipHidden bool
	// TrackedOnly, on a Recursive read, says the command reads only the
	// files git tracks below Path (git grep, git archive, git cat-file
	// --batch-all-objects): the policy may ask git which they are, and
	// must otherwise assume every file.
	TrackedOnly bool
	// DotGlob and GlobStar, on a Glob path, are the shell options in force
	// where the glob expands (shopt -s dotglob or a GLOBIGNORE assignment
	// earlier in the line: * and ? match a leading "."; shopt -s globstar:
	// ** matches any number of directories).
	DotGlob, GlobStar bool
	// Exclude, on a Recursive read (or a Glob), lists what the command
	// skips: patterns relative to Path (for a Glob, to the literal
	// directory above its first glob segment), "/"-separated, each segment
	// a path.Match pattern or "**" for any number of segments (one or more
	// at the end: "x/**" is what lies below x, not x). A file
	// whose relative path matches one is not read (Excluded reports it):
	// git grep's :!x pathspecs, rg -g '!x', grep --exclude, diff -x. The
	// patterns exclude no more than the command does.
	Exclude []string
	// Candidate is set on a write reported for an argument of a program
	// whose writes the analysis does not model: it may or may not be
	// written. The policy counts it as a write when it names a protected
	// path or a path the rules forbid writing, and otherwise ignores it.
	Candidate bool
	// IfExists is set on a read a program makes only when the file is
	// there (an env file it loads by default, envloaders.go): the
	// policy counts it only when the path exists at decision time (for
	// a Glob, when something matches it). On a write it says the program
	// rewrites files that exist and creates none (a formatter's files
	// below a directory, formatters.go): the write adds no name another
	// glob of the line could match.
	IfExists bool `json:",omitempty"`
	// Mount is set on the read (Recursive) and, for a read-write one, the
	// write of a host directory or file given to a container (a bind
	// mount, a compose volume, a hostPath; containers.go): what runs in
	// the container is not known, so the policy judges the path given as
	// a whole — the path itself and everything below it — rather than as
	// a command's own read and write. A read or write of the same path by
	// something else in the line clears it.
	Mount bool `json:",omitempty"`
}

// HardLinkTargetWhy is the Why of a write reported for the existing file
// a hard link is made to (ln A B, link A B, cp -l A B): the link is another
// name for A, so what is later written through B is written to A.
const HardLinkTargetWhy = "hard link target"

// HostRef is a network host a command contacts.
type HostRef struct {
	Host string // lower case, no trailing dot, no port
	Cmd  string
	Why  string // e.g. "url", "ssh destination", "psql -h"
}

// Opaque is a part of the line whose effect cannot be known statically.
type Opaque struct {
	Cmd    string
	Reason string // e.g. "pipes data into an interpreter (sh)"
	// UnlessExists lists absolute paths any one of which, existing when
	// the line is decided, shows that the part runs a program already on
	// disk rather than one fetched at run time (npx X runs
	// node_modules/.bin/X when it is installed): the part is then not
	// opaque. Empty means always opaque.
	UnlessExists []string
}
