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
//     /root), $HOME, $PWD, variables assigned a literal earlier in the same
//     line in the same shell scope (a branch that may not run, a pipeline's
//     last side and a nameref make them unknown), and $(echo literal).
//     Any other expansion stays in source form ("$X") and marks the command
//     or path Dynamic. Program paths reduce to their base name.
//   - Re-parsed strings, up to MaxReparse levels: sh/bash/zsh/dash/ksh/…
//     -c STR, eval ARGS, su/runuser -c, env -S, flock -c, script -c, watch
//     CMD, parallel CMD, git rebase --exec, git submodule foreach, alias and
//     trap bodies, and ssh HOST CMD. The remote command of ssh is analyzed
//     for Commands, Hosts and Opaque only: its paths are on the remote host
//     and are not reported as local Reads/Writes/Deletes.
//   - Wrappers: sudo doas pkexec env nice ionice timeout nohup setsid stdbuf
//     chrt taskset numactl strace ltrace time chroot flock command (not -v)
//     exec builtin busybox toybox sshpass proxychains torsocks fakeroot
//     firejail unshare nsenter systemd-run valgrind xargs parallel watch find
//     -exec/-execdir/-ok/-okdir, git bisect run, and package runners (npx,
//     bunx, pnpx, uvx, corepack, npm/pnpm/yarn exec|dlx|x, bun x, uv/poetry/
//     pipx/pdm run, bundle exec, python -m MODULE). The wrapper and the
//     wrapped command are both reported; the wrapped one lists the chain in
//     Command.Via. xargs' command gets a dynamic last argument
//     ("{xargs-input}").
//   - The working directory: cd, pushd, cd -, cd (→ Options.Home), env -C
//     and git -C move the cwd for the commands that follow in the same scope;
//     a subshell, pipeline side or substitution has its own scope. cd is
//     assumed to succeed. After a cd to a directory not known statically,
//     or a cd in a branch that may not run, the cwd is unknown: Command.Cwd
//     is "" and a relative write or delete is Opaque.
//
// # Effects
//
// Writes: > >> >| &> &>> <> N> and >&FILE (not /dev/null, /dev/std*,
// /dev/tty, /dev/fd/*, fd duplications); tee; cp mv install rsync scp
// destinations (last argument or -t); ln link name; sed -i and sed w
// commands; perl -i; touch mkdir mkfifo mknod truncate chmod chown chgrp
// chattr setfacl sponge ed ex; dd of=; curl -o/-O/--output-dir/-D/-c; wget
// -O/-P/default file name; aria2c; sort -o; tar -x (its -C directory, or the
// cwd) and tar -c -f; unzip -d (or cwd); zip; 7z; patch (its file, -o, or
// the cwd when the patch names the files); git clone destination, git
// checkout/restore paths, git reset --hard and checkout -f (the cwd), git
// config --file/--global, git switch -f; time -o, strace -o, find
// -fprint*/-fls; editors' files; sudo -e; gawk -i inplace; uniq's output;
// -o of compilers and converters (gcc, clang, go build, rustc, iconv, gpg,
// pandoc, …). A directory written means anything below it. /proc/self/root
// and /proc/self/cwd prefixes are mapped to / and the cwd.
//
// Deletes: rm rmdir unlink shred srm; mv and git mv sources; find -delete
// (its start paths); git rm (not --cached); git clean (the cwd, or its
// paths); rsync --delete (destination) and --remove-source-files; tar
// --remove-files; gzip/bzip2/xz/zstd… without -c/-k (replace their input).
//
// Reads: every argument of every command that is not a flag, a code string,
// a pattern or a host is a candidate read (over-reporting is safe: the
// policy only acts on reads of blocked paths), plus the value of --flag=V,
// -fV when V looks like a path, NAME=V, @V; < and <> redirections; for-loop
// items; git show REV:PATH. echo, printf, test, [, :, true, false, kill and
// printenv are text commands: their arguments are not reads or URLs.
// Reading /proc/*/environ sets EnvDump.
//
// Hosts: every scheme://host URL in any argument of any non-text command;
// the targets of curl wget httpie xh aria2c lynx w3m, ssh (and -J,
// ProxyJump, HostName), scp/rsync/sftp user@host:path, git remotes
// (including git@host:org/repo), nc ncat netcat telnet socat ftp tftp lftp
// dig nslookup host ping traceroute mtr whois nmap ssh-keyscan, openssl
// -connect, psql/mysql/redis-cli/mongo -h/--host and host= connection
// strings, kubectl --server, docker -H, curl proxies, /dev/tcp/HOST/PORT.
// Hosts are lower case without port, trailing dot or IPv6 brackets. Plain
// text such as "echo api.example.com" is not a host reference.
//
// EnvRefs: names of $X ${X} ${X:-…} ${!X}, arithmetic names, printenv X,
// export/declare names. EnvDump: env/printenv alone, export/declare/typeset
// without names (or with -p/-x), set alone, compgen -v/-e, ps e, awk
// ENVIRON, jq env/$ENV, make -p/-e, /proc/*/environ.
//
// # Opaque
//
// A part whose effect cannot be known statically is reported in Opaque (the
// policy asks, or denies at read-only trust): a program name that is not
// static; a shell or interpreter (sh bash zsh … python node perl ruby php lua
// deno bun osascript pwsh …) reading its program from standard input (pipe,
// here-document, <, -s, -, /dev/stdin) or from a process substitution;
// inline interpreter code (python -c, node -e, perl -e, ruby -e, php -r,
// deno eval, …); sh -c, eval, ssh of a non-literal string; source of a
// process substitution or stdin; xargs or find -exec running an interpreter
// on input; awk programs using system, pipes, getline or print >; sed e
// commands and s///e; git -c/config keys that run commands (alias.*,
// core.sshCommand, core.pager, …) and ext:: remotes; tar, zip, rsync -e,
// scp -S, ssh -o ProxyCommand, nc -e, socat EXEC options that run programs;
// assignments to LD_PRELOAD, BASH_ENV, GIT_SSH_COMMAND, PAGER (non-trivial)
// and the like; ${X@P}; indirect ${!X} of an unknown name; write or delete
// targets not known statically; a program name that is a glob (/???/?m);
// network destinations not known statically (curl $URL, xargs curl, wget
// -i, curl -K); at, batch, crontab, tmux, screen, gdb, dc, sqlite3 dot
// commands or input, ed/ex, sed -f, editors with commands, man -P, ssh
// without a remote command, sudo -s/-i. Running a script file (bash x.sh, python
// script.py, make, npm test) is not opaque: the OS sandbox is its backstop.
//
// # Limits
//
// Analyze returns an error, which the caller turns into a deny, for a line
// over MaxLineBytes, containing NUL, invalid UTF-8, control characters
// (other than tab, newline and CRLF) or bidirectional overrides; a line
// that does not parse; more than MaxReparse levels of re-parsed strings,
// MaxNesting levels of nesting, MaxCommands commands, a brace expansion of
// more than MaxBraceWords words, or too much expanded or re-parsed text
// (errors wrap ErrLimit where a limit is the cause). Because the
// parser recurses once per nesting level and a Go stack overflow cannot be
// recovered, a line with more than 4000 brackets and compound-command
// keywords (counted regardless of quoting), or more than 4000 operator
// characters in a line that may contain arithmetic, is rejected before
// parsing. Time and memory are linear in the input.
//
// Symlinks are not resolved; globs are not expanded (PathRef.Glob marks
// them); aliases are not expanded at use, but alias bodies are analyzed.
package shell
