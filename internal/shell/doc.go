// Package shell is the static analysis of shell command lines for the policy
// engine: Analyze parses one bash command line (mvdan.cc/sh/v3, bash dialect)
// and reports every simple command it runs and the files, hosts and
// environment it touches, without running anything. Rules are applied to the
// result, never to the raw string. It is pure: no I/O, no clock, no
// randomness, no package state; the same line and Options give the same
// Analysis. An Analyzer (NewAnalyzer) reuses its parser between calls and is
// not safe for concurrent use; Analyze uses a fresh one.
//
// The analysis over-reports rather than under-reports: every argument is a
// candidate read, both a wrapper and the command it wraps are Commands, and
// whatever cannot be known is either kept in source form (Dynamic) or listed
// in Opaque. It never under-reports silently: a construct it cannot follow
// is Opaque, and a line it cannot analyze is an error.
//
// # What is resolved statically
//
//   - Every simple command anywhere: pipelines, && || ; lists, ( ) and { }
//     groups, $( ) and backticks, <( ) >( ), function bodies (analyzed where
//     they are defined), if/while/until/for/select/case bodies, [[ ]] and
//     arithmetic operands, assignment values, here-strings and unquoted
//     here-document bodies.
//   - Quoting and expansion: quotes, backslashes, $'…' (ANSI-C), brace
//     expansion ({a,b}, {1..9}), $IFS at its default value, ~ ~/ ~+ ~- (from
//     Options.Home and the cwd; ~user as a sibling of Options.Home, or
//     /root), and after = and every : of an assignment or of a word that
//     looks like one (dd if=~/x), $HOME, $PWD, variables assigned a literal
//     earlier in the same line in the same shell scope (a branch that may
//     not run, a pipeline's last side and a nameref make them unknown),
//     literal arrays (${a[@]}, ${a[1]}), positional parameters (none in the
//     line an agent runs; set --, shift, sh -c CODE ARG0 ARG…, a call of a
//     function the line defines), $_ (the previous command's last
//     argument), ${x%p} ${x#p} ${x/p/r}, case changes, ${#x} and literal
//     substrings of known values, and $(echo …), $(printf …), $(pwd),
//     $(dirname …), $(basename …) of literals (params.go, printf.go).
//     An unknown ${x:-WORD} or ${x-WORD} may be WORD: the command is
//     analysed a second time with such defaults in place (defaults.go).
//     A for loop over up to 16 known items is analysed once per item (a
//     glob item stands for the files it matches). Any other expansion
//     stays in source form ("$X") and marks the command or path Dynamic.
//     Program paths reduce to their base name.
//   - Shell state (shellvars.go, renames.go). Writes to the variables
//     that are the shell's own tables or settings (BASH_CMDS,
//     BASH_ALIASES, zsh's commands/aliases/functions, PATH, FPATH,
//     EXECIGNORE, …: the table shellVars) are judged by every route that
//     writes a variable: assignments in every syntax, declarations,
//     printf -v, read, mapfile, for loops, ${x:=v}, arithmetic, {fd}>,
//     name references. A command name the line hashed or aliased (hash -p,
//     BASH_CMDS[k]=v, alias, BASH_ALIASES[k]=v) is analysed again as the
//     program or text it runs; a program path the line makes a link or a
//     copy of another program (ln -s /bin/rm src/cat, cp, install) is
//     analysed again as that program, and so is a name that a file the
//     line makes may be found as in PATH. What is not known statically
//     there is opaque. set -k (keyword) makes NAME=V words anywhere in
//     a command its environment as well as its arguments (keyword.go).
//   - Carriage returns as bash reads them: a word character, so `\` CR
//     LF is no line continuation and "EOF" CR no here-document
//     terminator for "EOF" (crlf.go).
//   - Text bash evaluates as arithmetic is code (arith.go): a variable's
//     value in $(( )) (( )) let for (( )), subscripts and substring
//     offsets, [[ -eq ]] operands, values assigned to -i variables, and
//     the subscript of a name given to printf -v, read, mapfile, getopts,
//     wait -p, unset, test -v or declare: a $(…) in an array subscript
//     there runs. Known text is parsed as arithmetic and walked.
//   - Re-parsed strings, up to MaxReparse levels: bash -c and every shell
//     by any name (isShell: ksh93, mksh, bash5, zsh-5.9, busybox sh, …),
//     code a shell or source reads from a literal here-document,
//     here-string, /dev/stdin, /dev/fd/N or process substitution, eval
//     ARGS, su/runuser -c, env -S, flock -c, script -c, watch CMD,
//     parallel CMD, git rebase --exec, git submodule foreach, alias and
//     trap bodies, ssh HOST CMD, and the command lines options and
//     variables name (indirect.go: git -c/config keys that run programs,
//     GIT_CONFIG_KEY_n/VALUE_n, GIT_CONFIG_PARAMETERS, GIT_SSH_COMMAND,
//     PAGER, EDITOR, …; knowledge.go's "c" and "x" option effects: tar
//     --to-command, sort --compress-program, rg --pre, …), make --eval
//     text, make's command-line variable definitions, MAKEFLAGS (which
//     make expands as makefile text) and makefiles from input
//     (makefile.go), awk's system(),
//     print | "cmd" and "cmd" | getline (awkscan.go), a function bash
//     imports from BASH_FUNC_name%% in env/sudo words, mapfile -C,
//     compgen/complete -C, -F and -W and bind -x (callbacks.go), the
//     languages programs carry (dslcode.go, dsltools.go: roff requests of
//     groff/nroff/man -l/soelim, TeX's \input, \openout, \write18 and
//     filecontents, MetaPost, Miller's DSL and verbs, SQL over files:
//     literal file names and commands judged, computed ones opaque), sudo
//     -s/-i CMD, parallel ::: CMD…, git's --upload-pack/--receive-pack/
//     --exec, remote.*.uploadpack, difftool -x and filter-branch filters,
//     man -P, rsync -e and RSYNC_RSH, scp -S, ssh's LocalCommand and
//     KnownHostsCommand, the configuration of ssh -F and curl -K when it
//     is a literal process substitution or here-document (progopts.go),
//     sqlite3's .shell/.system, the option words of TAR_OPTIONS,
//     MAKEFLAGS, PARALLEL, MANOPT, GOFLAGS, PYTEST_ADDOPTS, npm_config_*,
//     PIP_*, … and the JVM's, rustc's and the C compiler's options in
//     MAVEN_OPTS, RUSTFLAGS, CFLAGS, … judged as their program's command
//     line wherever the variable is set (toolenv.go, optvars.go), programs tools' own
//     variables name (envprograms.go: RUSTC_WRAPPER, CARGO_TARGET_*_RUNNER,
//     SVN_SSH, KUBE_EDITOR, CC, …), git keys such as trailer.*.command and
//     gpg.ssh.defaultKeyCommand and HOME/XDG_CONFIG_HOME moved for programs
//     with command-running configuration (confighome.go), cmake -E
//     chdir/env/time (cmake.go), ssh options of check_by_ssh and sshfs
//     (sshclients.go), inline code of languages the analysis does not
//     read, keystrokes typed into another terminal and network code
//     servers (inlinecode.go: opaque), the languages of database shells
//     (dbshells.go: sqlite3/duckdb
//     dot-commands, psql backslash commands and backquotes, mysql client
//     commands, read from tables; risky SQL is opaque, the literals of
//     SQL that reads or writes files are judged as paths read and
//     candidate writes, other literals are data; clients whose SQL is not
//     read take knowledge.go's effect "s"), lftp's commands (lftp.go),
//     m4's input (macros.go, opaque), and a script the line
//     writes with literal text and then runs (bash FILE, source FILE,
//     ./FILE, sh < FILE; scripts.go: another interpreter's code, or a
//     script whose text the line does not show, is opaque), and the task
//     file a task runner finds when the line wrote it (make, just,
//     go-task, mise, lefthook, treefmt, npm scripts, Procfiles, …:
//     taskfiles.go; makefiles and justfiles are read as such, the other
//     formats for candidate commands and opaque). Shells whose language is
//     not POSIX (elvish, xonsh, nu, fish, csh) are opaque, and their code
//     is analysed where it parses as shell code. The remote command of
//     ssh is analyzed for Commands, Hosts and Opaque only: its paths are
//     on the remote host and are not reported as local
//     Reads/Writes/Deletes — unless the host is this machine (localhost,
//     127/8, ::1, or not known statically: loopback.go), where it runs in
//     the home directory with local paths.
//   - Wrappers: the catalogue of wrappers.go (wrapperPrograms: sudo, env,
//     su, chroot, flock, script, watch, xargs, parallel, command (not -v);
//     and the table wrapperSpecs: nice, timeout, nohup, strace, busybox,
//     nsenter, systemd-run, …), find -exec/-execdir/-ok/-okdir, git bisect
//     run, the package runners of pkgrunners.go (npx, bunx, uvx, npm/pnpm/
//     yarn exec|dlx|x, bun x, uv/poetry/pipx/pdm run, bundle exec) and
//     python -m MODULE, the launchers of launchers.go (rlwrap, entr,
//     screen, faketime, gosu, ssh-agent, hyperfine, the dynamic loader
//     ld-linux*.so PROG, …) and git-X programs (git-push is git push),
//     environment managers and secret injectors (envrunners.go: nix-shell
//     --run, nix develop -c, pipenv/conda/pixi run, pyenv/asdf/mise exec,
//     guix shell --, aws-vault/chamber exec, sops exec-env, envchain,
//     teller run, …; injectors also read their credential store,
//     credhelpers.go), and any program no table knows whose arguments
//     hold "sh -c CODE" or "-- PROG" of a program the analysis knows, or
//     name a shell or interpreter while the line gives the program a
//     standard input (acme-run sh <<< CODE: candcmds.go); command lines
//     in such a program's structured arguments (JSON values and arrays,
//     YAML and TOML keys and lists, comma-joined argvs: candstruct.go)
//     are candidate commands.
//     The wrapper and the wrapped command are both reported; the wrapped
//     one lists the chain in Command.Via; its Command.Prog is the program
//     word that runs (for a busybox or toybox applet, the multi-call
//     binary); a runner's package spec names its program (npx npm@latest
//     runs npm). xargs' command gets a dynamic last argument
//     ("{xargs-input}"), or the words of a literal input it splits the
//     same way. Command.Env lists the NAME=value assignments in effect
//     for a command.
//   - The working directory: cd, pushd, cd -, cd (→ Options.Home), env -C
//     and git -C move the cwd for the commands that follow in the same scope
//     (sudo -D, nsenter/unshare --wd move it for the wrapped command; sudo
//     -i, su -, pkexec and systemd-run make it unknown: wrappers.go);
//     a subshell, pipeline side or substitution has its own scope. cd is
//     assumed to succeed. cd NAME searches CDPATH (assigned or exported in
//     the line) and, with shopt -s cdable_vars, takes NAME for a variable:
//     every candidate is read and the cwd is the first one tried, not
//     known (cdpath.go). After a cd to a directory not known statically,
//     or a cd in a branch that may not run, the cwd is unknown: Command.Cwd
//     is "" and a relative write or delete is Opaque.
//
// # Effects
//
// Writes: redirections (> >> >| &> &>> <> N> >&FILE, and >&N or
// /dev/fd/N when the line opened N on a file; not /dev/null or the
// standard streams); the destinations, targets and outputs of the
// programs modelled by name (programs.go lists the family files and
// their catalogues) and in knowledge.go's tables (option
// → effect, operand rules in writers.go, archives.go, netwrites.go and
// gitwrites.go), including every way the line makes a repository (.git
// written by git init, clone, worktree add, submodule add, mkdir -p
// x/.git, and the programs that run git init or clone for it, read as
// that git command: gh repo clone, jj git init, cargo new --vcs git,
// rails new, gh repo create --clone, repo init: persisthooks.go); the
// targets
// of inline edits (sed -i, perl -i, ruby -i, awk print > "FILE", gawk
// -i inplace) and their backups; what package managers write when they
// change dependencies (pkgwrites.go: npm i/add/isntall, pnpm/yarn/bun
// add, pip/pip3/uv pip install, uv/poetry add, cargo add, go get,
// composer require, gem install, … write the project's manifest and lock
// file, in the directories above as candidates, or the user's install
// directories), the go command's outputs (golang.go), formatters'
// operands (formatters.go: a directory is the glob of what they format
// below it), python -m modules (pymodules.go), device operands of
// wipefs, mkfs.*, sgdisk, … (devices.go), the entries git update-index
// and git mktree forge (gitplumbing.go), the kubeconfig kubectl config
// use-context rewrites (and kubectx, kubens: kubecontexts.go, which also
// records a program that reaches Kubernetes context NAME — kubecolor and oc
// analysed as kubectl, helm/skaffold/tilt/… --kube-context or --context —
// as the command "kubectl --context=NAME …"), the files that persistent
// settings write (persist.go: npm/pnpm/yarn config set, gh alias/config/
// extension, editors' --install-extension, rustup toolchain link and
// override, direnv allow, mise trust, version pins, cloud CLIs'
// configure; a stored command run later is also Opaque), files environment variables name (envoutput.go:
// GIT_TRACE*, GIT_INDEX_FILE, SSLKEYLOGFILE, history files), the
// directories programs delete or fill, by the option or the variable
// that names them (tooldirs.go: cargo clean and CARGO_TARGET_DIR, go
// clean -cache and GOCACHE, make install and DESTDIR, uv/pip/npm cache
// clean and their cache variables, …; a cache's own layout is a
// candidate glob below it), the output options of wrappers and
// launchers (their option tables classify every value; under the floor
// rule an option they do not list, or the tail of an option cluster, is
// a candidate write), output
// options of other programs (outputs.go), extraction directories of
// extractors (cmake.go), the control devices and spools destructive
// subcommands act through (controldevices.go: zfs destroy, dmsetup
// remove_all, crontab -r). A hard link is also a write of its target. A
// directory written means anything below it.
//
// Candidate writes (PathRef.Candidate): every argument of a program that
// is neither on knowledge.go's read-only list nor modelled completely —
// the argument, --opt=VALUE, -opt=VALUE, the values its option words may
// carry under the program's option convention (optconv.go: any tail of a
// getopt cluster, -oVALUE, by default; for programs reading single-dash
// long options — gcc, java, Go's flag package, openssl, mvn — only the
// value after = or : or after a listed option name), NAME=VALUE and the
// parts of a:b lists; not numbers, URLs or a Go analyser's package
// patterns — and the string literals of inline interpreter code. The
// policy decides what a candidate means (CandidateValues tells it which
// argument a value came from).
//
// Kernel aliases and descriptors (procpath.go, fds.go): /dev/fd,
// /dev/std*, /proc/<pid>/{root,cwd,fd,task}, /proc/thread-self and
// /proc/$$ are followed before ".." applies; /proc/self/fd/N is the file
// the line opened on N. Links the line creates (links.go) make every
// path at or below them also a path through their target.
//
// Deletes: rm rmdir unlink shred srm; mv and git mv sources; the
// directories cleaning subcommands delete (tooldirs.go); find -delete
// (its start paths); git rm (not --cached: the index entries either
// removes are the policy's to judge, policy/gitindex_paths.go); git clean (the cwd, or its
// paths); rsync --delete (destination) and --remove-source-files; tar
// --remove-files; compressors replacing their input (not -c/-k, and not
// zstd/lz4 without --rm); rename sources.
//
// Containers (containers.go, containerdefs.go, containertables.go): a
// host path a container is bound (docker run -v, --mount, compose
// volumes, devcontainer mounts, kube hostPath) is a write of it
// (read-write) and a read of its tree; a device a write; --privileged
// and the like opaque; definitions the line writes are read here, those
// on disk by the policy (Analysis.ContainerFiles).
//
// Reads: every argument of every command that is not a flag, a code string,
// a pattern or a host is a candidate read (over-reporting is safe: the
// policy only acts on reads of blocked paths), plus the value of --flag=V,
// -fV when V looks like a path, NAME=V, @V; < and <> redirections; for-loop
// items. The text commands of builtins.go's catalogue (echo, printf,
// test, kill, printenv, …) have arguments that are not reads or URLs. Beyond arguments
// (reads.go, feeds.go, urls.go):
//
//   - Trees. A command that reads everything below a directory reports one
//     Recursive read of it, with what it skips: rg, ag and fd -x skip
//     hidden names (SkipHidden; not with --hidden, -., -uu, -u, or once an
//     ignore file that may whitelist them is written in the line); grep
//     -r/-R, ack, diff -r and git diff --no-index read them; git grep and
//     git archive read tracked files only (TrackedOnly; not with
//     --no-index/--untracked). Exclusions (:!x pathspecs, rg -g '!x',
//     grep --exclude/--exclude-dir, ag --ignore, fd -E, diff -x) are
//     PathRef.Exclude; name filters (rg -g/-t, grep --include, fd -e, git
//     pathspec globs, find -name) make the read a GlobStar glob below the
//     directory instead. A search tool's pattern is not a read.
//     Searchers and scanners beyond these (ugrep, pt, sift, rga,
//     ast-grep, gitleaks, …) and static file servers (darkhttpd, busybox
//     httpd, php -S, caddy file-server, git daemon, …) are tables
//     (searchers.go, servers.go): each root is a Recursive read.
//   - Content aliases (aliasreads.go). A read of a raw storage or memory
//     device (/dev/sda, /dev/nvme0n1p2, /dev/mapper/*, /dev/mem) is also
//     a Recursive read of "/"; a read of a file in a git object store
//     (.git/objects/…) is also a TrackedOnly read of the repository.
//   - Names through pipes. The names find, fd, git ls-files and ls print
//     (through cat/sort/grep/head/tail), and the words echo, printf, a
//     here-string or a here-document feed in, are what xargs appends and
//     what git cat-file --batch* looks up: find . | xargs cat reads the
//     tree; echo .env | xargs cat reads .env. A write or delete target
//     that comes from such names is opaque.
//   - Git objects. REV:PATH, :PATH and :N:PATH (show, cat-file, blame,
//     archive, grep revisions, --batch input) are reads of PATH relative
//     to the repository root (Options.Root; every directory from the cwd
//     up when it is not known); git cat-file --batch* reads any tracked
//     file; the pathspecs after -- of commands that print content (show,
//     log -p/-S/-G, diff, format-patch) are TrackedOnly reads. A git grep
//     word that may be a revision rather than a path is opaque unless the
//     path exists (Opaque.UnlessExists).
//   - File syntax inside arguments: jq/gojq/jaq --rawfile/--slurpfile NAME
//     FILE and -f/--from-file, yq load()/load_str(), sed r/R commands and
//     -f scripts, diff operands (read as trees), the string literals of
//     inline interpreter code (python -c, node -e, …, or code from a
//     literal input: reads, the code stays opaque).
//   - Names from lists (filelists.go): tar -T, zip -@, cpio -o/-p, pax,
//     rsync --files-from, git --pathspec-from-file, wc/du --files0-from,
//     … read the names a literal input or find/fd/ls pipe gives; from a
//     file or other input, opaque. Option values that name files read
//     (dig -f, ssh-keyscan -f, jq -L, …: toolreads.go), programs that
//     print a stored credential (gh auth token, git credential fill, aws
//     configure export-credentials, …: a read of the store it prints,
//     credhelpers.go) and the Unix sockets nc -U and curl --unix-socket
//     connect to (read and written). The values of pattern options
//     (--exclude, --include, --glob, …) are no reads; tar's --exclude is
//     its read's Exclude.
//   - file: URLs (file:///p, file://host/p, file:/p, any program, any
//     position) after curl's {a,b} and [a-z] globbing and percent-decoding.
//   - Glob options tracked through the line like variables: shopt -s
//     dotglob or a non-empty GLOBIGNORE set DotGlob, globstar GlobStar,
//     nocaseglob folds the glob's case ([eE]); an option set where the
//     analysis cannot follow it (a branch, eval, a function, bash -O) is
//     taken to be on. Extended globs (@(…), !(…)) are globs.
//   - The same path read twice is one PathRef with the wider facts.
//
// Reading a process's environment sets EnvDump: /proc/<pid>/environ and
// /proc/<pid>/task/<tid>/environ (and …/mem) for any pid, self,
// thread-self, $$, $PPID or a part not known statically, through
// /proc/<pid>/root, /dev/fd/.. or a glob that can match them
// (/pro?/self/env*), by any reader or redirection.
//
// Hosts: every scheme://authority URL in any argument of any non-text
// command (not file:, s3:, gs: and other storage schemes), each host of a
// comma-separated list (mongodb://a,b/), after userinfo, brackets and port;
// where parsers disagree (http://a\@b/) every reading. The targets of curl
// (with its own {a,b}/[1-3] globbing), wget, httpie, xh, aria2c, lynx, w3m;
// ssh and its -J, -W, -L/-R, ProxyJump, HostName, LocalForward and the
// code of ProxyCommand; scp/rsync/sftp user@host:path and rsync -e 'ssh
// …'; git remotes (git@host:org/repo) and configuration that sends git
// elsewhere (url.X.insteadOf, http.proxy, remote.*.url, git config,
// git remote add|set-url); the clients of netprograms.go's protoClients
// table (nc, socat, ftp, dig, ping, nmap, …) by operand and by their host
// options (openssl -connect, psql/mysql/redis-cli/mongo -h/--host/-u/
// --uri, kubectl --server, docker -H), host= or hostaddr= connection
// strings (mysql -p takes only a glued password), every libpq and
// MySQL/MariaDB client through one model (dbclients.go: -h in any
// spelling, conninfo and URIs with ?host=, service and option files,
// PSQLRC and client plugins opaque; psqlvars.go, dbscripts.go), curl
// -x/--preproxy/--connect-to/--resolve/
// --doh-url and --expand-* values expanded from --variable, wget -e
// http_proxy=, /dev/tcp/HOST/PORT; the clients of hostclients.go's table
// (gnutls-cli, cqlsh, sqlcmd -S, clickhouse --host, smbclient //HOST/…,
// gh --hostname, etcdctl --endpoints, git send-email --smtp-server,
// getent hosts, …), lftp's open, and in any program a --host, --server,
// --endpoint, --url, … option whose value is a URL or a dotted name (not
// a bind-all or loopback address); module and package
// names (go get/install/run/mod download HOST/…, npm github:u/r and u/r);
// and proxy and endpoint variables assigned in any form (NAME=V cmd,
// export, declare -x, local, env, sudo): the table in hostvars.go
// (http_proxy, ALL_PROXY, PGHOST, DATABASE_URL, GOPROXY, PIP_INDEX_URL,
// npm_config_registry, AWS_ENDPOINT_URL*, …, not NO_PROXY or GOPRIVATE),
// names ending in _PROXY, _URL, _HOST, _ADDR… with a host-shaped value,
// and a URL in any variable. Hosts are canonical (internal/hostname:
// IDNA/UTS 46 mapping, case, trailing dot, percent-decoding, IPv4 in any
// inet_aton notation, IPv6 without brackets or zone, IPv4-mapped as IPv4;
// an IPv4 address embedded in IPv6 is reported too); a host that cannot be
// canonicalised, or one not known statically, is Opaque. Plain text such
// as "echo api.example.com" is not a host reference. The clients of
// netclients.go's table (valkey-cli, mongoexport, pg_receivewal,
// mosquitto_pub, drill/kdig @SERVER, snmpwalk AGENT, fping, ipmitool -H,
// …), wezterm ssh and kitten ssh (as ssh) report their hosts too.
//
// CandidateHosts (candhosts.go): every word, option value, cluster tail,
// inline code and environment value given to a program whose network use
// is not modelled (neither text, read-only, nor in hostModelled) that
// reads as a dotted host name or an IP address; the policy holds them to
// block_hosts only.
//
// EnvRefs: names of $X ${X} ${X:-…} ${!X}, arithmetic names, printenv X,
// export/declare names, a bare name as the word of ${x:-NAME} ${x:=NAME}
// ${x:+NAME} ${x:?NAME} (it can become an indirect reference), yq
// env(NAME)/strenv(NAME), and the references in a value bash expands or
// runs later: PS0–PS4, BASH_ENV and ENV (expanded; their command
// substitutions are analysed) and PROMPT_COMMAND (run: analysed as code)
// (envrefs.go). EnvDump: env/printenv alone, export/declare/typeset without
// names (or with -p/-x), set alone, compgen -v/-e, ps e, awk ENVIRON,
// jq/yq env/$ENV, envsubst without a format or literal input (with one:
// the names it gives are EnvRefs), make -p/-e, ${!prefix*} and ${!prefix@}, npm
// run env, php -i, cmake -E environment, strace -v, ltrace, systemctl
// and tmux show-environment, launchctl export, and the environment files
// above. Variables passed on by name (envpass.go): docker/podman/
// nerdctl/compose/kubectl run -e NAME, systemd-run -E NAME, ssh SendEnv,
// systemctl import-environment NAME and dbus-update-activation-
// environment NAME are EnvRefs; NAME* globs, --env-host, --all and
// import-environment without names are EnvDump. Languages that read the
// environment (envlangs.go): Miller's ENV["NAME"], Go templates' .Env.NAME
// and env.Getenv "NAME", sys.env("NAME") and System.getenv("NAME"),
// Maven's env.NAME are EnvRefs; the map whole or by an unknown name, mvn
// help:system, jq front ends' env and bazel info client-env are EnvDump.
// tmux (tmuxfmt.go, tmuxparse.go): every name in a format's #{…} (the
// server looks a name it does not know up in its environment), $NAME in
// a tmux command list and update-environment's names are EnvRefs; #{V:…}
// and update-environment patterns are EnvDump.
//
// # tmux
//
// A tmux line is a list of tmux commands (tmux.go, tmuxcmds.go), each
// resolved as tmux resolves it (alias, name, unique prefix; a word ending
// in ";" ends a command) and each argument judged by its kind: #() in any
// argument is shell code the server runs now (analysed, opaque); shell
// commands (run-shell, if-shell, pipe-pane, display-popup, detach -E) are
// analysed; command lists given as strings (bindings, hooks, aliases,
// menus, prompts, if-shell's and confirm-before's commands, source-file of
// a file the line writes) are parsed with tmux's grammar and analysed the
// same way; load-buffer and save-buffer name files read and written.
// Settings that run code later (code options, hooks, aliases) are opaque
// and analysed (tmuxopts.go). Variables set in the environment of a
// long-lived process (tmux set-environment, NAME=VALUE in a tmux command
// list, systemctl set-environment, dbus-update-activation-environment,
// launchctl setenv, screen -X setenv: envstores.go; the same calls made
// over D-Bus by busctl, gdbus, dbus-send or qdbus: dbus.go) are judged by
// export's table (dangerousEnv); a code-carrying name (envCarriesCode) is
// opaque and a write of the process's socket (/tmp/tmux-$UID/default,
// tmux -S PATH, /run/user/$UID/systemd/private, …), which path rules
// judge. A command name tmux would not know is opaque.
//
// # Opaque
//
// A part whose effect cannot be known statically is reported in Opaque (the
// policy asks, or denies at read-only trust): a program name that is not
// static or is a glob; code (shell strings, here-documents, make text,
// awk targets, git configuration values, command variables) that is not
// literal; a shell or interpreter reading its program from standard
// input or an unknown process substitution; inline interpreter code
// (python -c, node -e, …); write or delete targets not known statically,
// including writes through a descriptor the line did not open or through
// another process's working directory; package runners that may fetch
// what they run (npx and npm exec unless node_modules/.bin of the cwd or
// an ancestor has it: Opaque.UnlessExists; pnpm/yarn dlx, bunx, uvx,
// pipx run, deno run npm:… always); options that load code (knowledge.go
// effect "o": ssh -I, openssl -engine, …); wrappers that run their
// command under another root; assignments to LD_PRELOAD, BASH_ENV and
// the like; ${X@P}; indirect ${!X} of an unknown name; network
// destinations not known statically; schedulers, multiplexers,
// debuggers, editors with commands, sqlite3 .shell; another coding agent
// run by the agent (agents.go: claude, codex, gemini, copilot, …);
// commands that act on running processes (prlimit --pid, renice, strace
// -p, gcore: proccontrol.go); go generate and go run MODULE@version;
// assignments to loader and runtime injection variables (GCONV_PATH,
// GLIBC_TUNABLES, JAVA_TOOL_OPTIONS, npm_config_script_shell, …) and a
// command variable naming a program file outside the system's
// directories. Running a script file (bash x.sh, python script.py, make,
// npm test) is not opaque: the OS sandbox is its backstop — unless the
// line itself writes it (see above).
//
// With Options.PowerShell the line is an agent's PowerShell command, parsed
// with bash's grammar after every backslash is read as "/" (a path
// separator, never an escape, in PowerShell); command names match without
// case and without .exe. PowerShell's evaluation (powershell.go:
// Invoke-Expression and iex, Invoke-Command, powershell/pwsh and cmd, jobs,
// Start-Process, Add-Type, modules, aliases, ForEach-Object and
// Where-Object script blocks, the call operator &, [scriptblock]::Create,
// InvokeScript, the function: drive) is opaque wherever its word stands,
// and the literal text it evaluates is analysed as PowerShell in turn
// (judged by its words when bash's grammar cannot parse it). Text the two
// grammars split differently (a backtick, typographic quotes, <# #>, ${…})
// makes the line opaque. PowerShell's network commands name hosts under
// -Uri, -ComputerName, … (or any prefix of them) and as positional
// arguments, with or without a scheme (iwr host/x): Hosts.
//
// PowerShell's file cmdlets (pscmdlets.go's table, applied by psbind.go)
// are bound as PowerShell binds them — parameters by any unambiguous
// prefix, positional arguments to the positional parameters not named,
// "a,b" arrays — and their paths judged as read, written, deleted or moved;
// -Path expands wildcards (quoted or not: a Glob on disk, dotfiles
// included), -LiteralPath does not; a file cmdlet given no path takes
// it from the pipeline (opaque unless the line shows a listing before
// it). A cmdlet the table lacks, or a call it cannot bind, is judged as
// an unmodelled program. Set-Location, sl, cd, chdir, cd.., Push-Location
// and Pop-Location move the cwd, also from inside ( ), $( ) and a
// pipeline (one runspace). The env: drive, Environment::, $env:NAME,
// ${env:NAME} and [Environment]::GetEnvironmentVariable(s) read variables
// (EnvRefs) or all of them (EnvDump). Every path is also judged as Windows
// reads it (psnames.go): trailing dots and spaces dropped, a ":stream"
// cut off, an 8.3 "~N" component as the glob of the long names it may
// stand for; \\host\share is a host.
//
// # Limits
//
// Analyze returns an error, which the caller turns into a deny, for a line
// over MaxLineBytes, containing NUL, invalid UTF-8, control characters
// (other than tab, newline and CRLF) or bidirectional overrides; a line
// that does not parse; a symbolic link loop the line makes and then uses
// (ErrLinkLoop); more than MaxReparse levels of re-parsed strings,
// MaxNesting levels of nesting (braces of a brace expansion included),
// MaxCommands commands, a brace expansion of more than MaxBraceWords
// words, or too much expanded or re-parsed text (errors wrap ErrLimit
// where a limit is the cause). Because the parser recurses once per
// nesting level and a Go stack overflow cannot be recovered, a line with
// more than 4000 brackets and compound-command keywords (counted
// regardless of quoting), or more than 4000 operator characters in a line
// that may contain arithmetic, is rejected before parsing.
//
// Time and memory are linear in the input, plus a constant: what would
// grow faster is counted for the whole line and is an ErrLimit past its
// bound — the word parts brace expansion and brace splitting copy (a
// product of alternatives and word length, n² for nested braces), the
// variables copied into subshells and branches (assignments times
// subshells), and the expanded text, checked as each word grows (a=$a$a
// doubles it). A test states the class, resource exhaustion, for every
// nesting construct (limits_test.go).
//
// Symlinks on disk are not resolved (the policy does, at decision time);
// links the line itself creates are followed (links.go). Globs are not
// expanded (PathRef.Glob marks them); alias bodies are analyzed where they
// are defined and, when the line uses the alias, with the arguments of
// the use (renames.go).
package shell
