package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"
	"sync"
)

// What programs write and run, as data. The logic that applies it is in
// writers.go; the programs with their own code (programs.go's families) use these
// tables for their options too (cmd.parse merges a program's value
// options, and applySpec reports their effects).

// readOnlyPrograms never write a file named by an operand or an option
// (or the option that does is in progSpecs and modelled there). The
// arguments of any other program the analysis does not model completely
// are candidate writes (PathRef.Candidate).
const readOnlyPrograms = `
cat tac head tail wc nl od hexdump hd strings cut paste join comm column fold fmt pr expand unexpand rev tr
look tsort cmp diff diff3 colordiff stat ls dir vdir du df basename dirname realpath readlink
namei pwd which whereis type md5sum sha1sum sha224sum sha256sum sha384sum sha512sum b2sum cksum sum base32
basenc grep egrep fgrep rgrep zgrep zegrep zfgrep zcat bzcat xzcat lzcat zstdcat lz4cat zless zmore bzless
xzless bzmore xzmore more jq gojq jaq gron shellcheck id whoami groups logname users who w uname arch
hostname date seq yes sleep expr factor numfmt nproc tty uptime free locale getconf getent lsblk lscpu
lsusb lspci lsmod lsattr getfacl findmnt lsof pgrep pidof vmstat iostat mpstat last lastlog dig host
nslookup ping ping6 traceroute traceroute6 tracepath whois mtr cal ncal bc nm objdump readelf size
zipinfo tput clear true false test [ : echo printf printenv kill jobs wait times umask ulimit help
dirs disown suspend caller getopts shift return exit logout let local readonly export declare typeset
unalias complete compopt cd pushd popd read mapfile readarray unset set shopt hash enable alias trap eval
`

// progSpecs says, per program (or "git SUBCOMMAND" / "go SUBCOMMAND"),
// what its options' values and its operands are. Options are a list of
// "names:effect" words: names separated by commas ("-o,--output"),
// "-x" a short option, "--name" a long one (GNU-style unique prefixes
// count), "-name" a single-dash long one; a long name ending in "=" takes
// a value only as --name=VALUE. Effects:
//
//	w   the value is a file written
//	d   a directory written into (anything below it)
//	p   the beginning of the names of files written (VALUE*)
//	r   a file read
//	rw  a file read and rewritten
//	c   shell code run
//	x   a command line run (program and arguments)
//	o   makes what the program does unknown
//	s   code in a language the analysis does not read (SQL of a client
//	    it does not model): opaque, its string literals judged as paths
//	?   a file written or a keyword (hyperfine --output null|FILE):
//	    a candidate write (PathRef.Candidate)
//	w|  a file written, or with a leading | or ! a shell command its
//	    output is piped to (strace -o '|cmd')
//	sh  the shell its commands run with (SHELL -c CMD): a POSIX shell
//	    or none, else what they do is unknown (opaque)
//	cwd the directory the command it runs starts in: its relative
//	    paths are judged there (a value not known statically makes
//	    the command's directory unknown)
//	-   a value that is not a file (parsed so that it is not an operand)
//
// Flags are options without a value: "dry" makes the program write
// nothing (exact spelling only, since an abbreviation that is not one
// would hide a write). Operand rules (ops) are in writers.go. complete
// says that every write-capable option and operand is modelled: the
// arguments left unclassified are reads only, never candidate writes.
// floor keeps the unmodelled-program rule under complete for what the
// table does not list: the value of an option it does not classify
// (--output=FILE where only -o is listed), and the tail of an option
// cluster with no listed letter, are candidate writes. The wrappers and
// launchers (wrappers.go, launchers.go) have it: their options are many
// and their output options easy to miss.
type progSpec struct {
	opts     string
	dry      string
	ops      string
	complete bool
	floor    bool
}

var progSpecTable = &lazy.Value[map[string]progSpec]{New: func() map[string]progSpec {
	return map[string]progSpec{
		// Core utilities.
		"cp":      {opts: "-t,--target-directory:d -S,--suffix:-", ops: "backup", complete: true},
		"mv":      {opts: "-t,--target-directory:d -S,--suffix:-", ops: "exchange,backup", complete: true},
		"ln":      {opts: "-t,--target-directory:d -S,--suffix:-", ops: "backup", complete: true},
		"link":    {ops: "link", complete: true},
		"install": {opts: "-t,--target-directory:d -S,--suffix:- -m,--mode:- -o,--owner:- -g,--group:- --strip-program:x -Z,--context=:-", ops: "backup", complete: true},
		"rm":      {complete: true}, "rmdir": {complete: true}, "unlink": {complete: true},
		"shred":  {opts: "-n,--iterations:- -s,--size:- --random-source:r", complete: true},
		"srm":    {complete: true},
		"touch":  {opts: "-d,--date:- -r,--reference:r -t:-", complete: true},
		"mkdir":  {opts: "-m,--mode:- -Z,--context=:-", ops: "mkdir", complete: true},
		"mkfifo": {opts: "-m,--mode:-", complete: true}, "mknod": {opts: "-m,--mode:-", complete: true},
		"truncate": {opts: "-s,--size:- -r,--reference:r", complete: true},
		"chmod":    {opts: "--reference:r", complete: true}, "chown": {opts: "--reference:r --from:-", complete: true},
		"chgrp": {opts: "--reference:r", complete: true}, "chattr": {complete: true}, "setfacl": {opts: "-M,--modify-file:r -X,--remove-file:r --restore:o", complete: true},
		"tee": {complete: true}, "sponge": {complete: true},
		"dd":     {complete: true},
		"sort":   {opts: "-o,--output:w -k,--key:- -S,--buffer-size:- -t,--field-separator:- -T,--temporary-directory:d --random-source:r --files0-from:r --compress-program:x --batch-size:- --parallel:-", complete: true},
		"uniq":   {opts: "-f,--skip-fields:- -s,--skip-chars:- -w,--check-chars:-", complete: true},
		"shuf":   {opts: "-o,--output:w --random-source:r -n,--head-count:- -i,--input-range:-", complete: true},
		"split":  {opts: "-a,--suffix-length:- --additional-suffix:- -b,--bytes:- -C,--line-bytes:- -l,--lines:- -n,--number:- -t,--separator:- --filter:c", ops: "split", complete: true},
		"csplit": {opts: "-b,--suffix-format:- -f,--prefix:- -n,--digits:-", ops: "csplit", complete: true},
		"mktemp": {opts: "-p:- --tmpdir=:- --suffix:-", dry: "-u --dry-run", ops: "mktemp", complete: true},
		"xxd":    {opts: "-c,-cols:- -g,-groupsize:- -l,-len:- -o,-offset:- -s,-seek:- -n,-name:- -R:-", ops: "xxd", complete: true},
		"tree":   {opts: "-o:w -L:- -P:- -I:- -H:- -T:- --charset:- --filelimit:- --timefmt:- --sort:- --fromfile=:r"},
		"file":   {opts: "-m,--magic-file:r -f,--files-from:r -F,--separator:- -P,--parameter:- -e,--exclude:- --exclude-quiet:-", ops: "file", complete: true},
		"less":   {opts: "-o,--log-file:w -O,--LOG-FILE:w -k,--lesskey-file:r -t,--tag:- -T,--tag-file:r -x,--tabs:- -b,--buffers:- -h,--max-back-scroll:- -j,--jump-target:- -y,--max-forw-scroll:- -z,--window:- -P,--prompt:- -p,--pattern:- -#,--shift:-", ops: "less", complete: true},
		"sdiff":  {opts: "-o,--output:w -w,--width:- --diff-program:x", complete: true},
		"base64": {opts: "-o,--output:w -i,--input:r -w,--wrap:- -b,--break:-", complete: true},
		"patch": {opts: "-i,--input:r -o,--output:w -r,--reject-file:w -B,--prefix:p -Y,--basename-prefix:- -z,--suffix:- -p,--strip:- " +
			"-d,--directory:- -D,--ifdef:- -F,--fuzz:- -V,--version-control:- -g,--get:- --quoting-style:- --read-only:- --reject-format:-",
			dry: "--dry-run -C --check", ops: "patch", complete: true},
		"history":   {ops: "history", complete: true},
		"fc":        {opts: "-e:x", ops: "fc", complete: true},
		"rg":        {opts: "--pre:x --hostname-bin:x --ignore-file:r -f,--file:r -g,--glob:- --iglob:- -t,--type:- -T,--type-not:- --type-add:- -e,--regexp:- -A,--after-context:- -B,--before-context:- -C,--context:- -m,--max-count:- -j,--threads:- -M,--max-columns:- -d,--max-depth:- --max-filesize:- -r,--replace:- -E,--encoding:- --engine:- --sort:- --sortr:- --colors:- --color:- --path-separator:- --pre-glob:- --context-separator:- --field-match-separator:- --field-context-separator:- --dfa-size-limit:- --regex-size-limit:-", complete: true},
		"ag":        {opts: "--pager:x -G,--file-search-regex:- -g:- --ignore:- --ignore-dir:- -A,--after:- -B,--before:- -C,--context:- -m,--max-count:- --depth:- -p,--path-to-ignore:r", complete: true},
		"ack":       {opts: "--pager:x --ackrc:r --ignore-ack-defaults:- --type-add:- --type-set:- -g:- -G:- --output:-", complete: true},
		"bat":       {opts: "--pager:x -l,--language:- -H,--highlight-line:- --theme:- --style:- --tabs:- --wrap:- --terminal-width:- -m,--map-syntax:- --file-name:- --diff-context:- --italic-text:- --decorations:- --color:- --paging:- -r,--line-range:- --ignored-suffix:-", complete: true},
		"gofmt":     {opts: "-r:-", ops: "inplaceW", complete: true},
		"goimports": {opts: "-local:-", ops: "inplaceW", complete: true},
		"rustfmt":   {opts: "--edition:- --config-path:r --config:- --emit:- --color:- --backup:- -l,--files-with-diff:-", ops: "rustfmt", complete: true},

		// Archives and compressors.
		"tar":    {opts: "--to-command:c -I,--use-compress-program:x --checkpoint-action:- --rsh-command:x --rmt-command:x -F,--info-script,--new-volume-script:x -g,--listed-incremental:rw --index-file:w -X,--exclude-from:r -T,--files-from:r --volno-file:rw --owner-map:r --group-map:r --add-file:r -V,--label:- -b,--blocking-factor:- -H,--format:- -K,--starting-file:- -L,--tape-length:- -N,--newer,--after-date:- --exclude:- --transform,--xform:- --owner:- --group:- --mode:- --mtime:- --exclude-tag:- --exclude-tag-all:- --exclude-tag-under:- --exclude-ignore:- --exclude-ignore-recursive:- --one-top-level=:d", ops: "tar", complete: true},
		"bsdtar": {opts: "-I:x --use-compress-program:x -X,--exclude-from:r -T,--files-from:r -s:- --options:- --format:- -b:- --exclude:-", ops: "tar", complete: true},
		"unzip":  {opts: "-d:d -P:-", ops: "unzip", complete: true},
		"zip":    {opts: "-O,--output-file:w -b,--temp-path:d -TT,--unzip-command:x -n,--suffixes:- -t,--from-date:- -tt,--before-date:- -P,--password:- -Z,--compression-method:- -i,--include:- -x,--exclude:-", complete: true},
		"7z":     {ops: "7z", complete: true}, "7za": {ops: "7z", complete: true}, "7zz": {ops: "7z", complete: true},
		"7zr":     {ops: "7z", complete: true},
		"ar":      {opts: "--output:d --plugin:o --target:- --record-libdeps:-", ops: "ar", complete: true},
		"cpio":    {opts: "-F,--file:- -O:- -I:r -E,--pattern-file:r -D,--directory:d -H,--format:- -M,--message:- -R,--owner:- -C,--io-size:- --rsh-command:x --block-size:-", ops: "cpio", complete: true},
		"bsdcpio": {opts: "-F,--file:- -O:- -I:r -E,--pattern-file:r -D,--directory:d -H,--format:- -M,--message:- -R,--owner:- -C,--io-size:- --rsh-command:x --block-size:-", ops: "cpio", complete: true}, // libarchive's cpio (round 23 (c))
		"pax":     {opts: "-f:- -s:- -o:- -x:- -b:- -B:- -G:- -T:- -U:-", ops: "pax", complete: true},
		"gzip":    {opts: "-S,--suffix:-", ops: "compress", complete: true}, "pigz": {opts: "-S,--suffix:- -p,--processes:- -b,--blocksize:-", ops: "compress", complete: true},
		"gunzip": {opts: "-S,--suffix:-", ops: "compress", complete: true}, "unpigz": {opts: "-S,--suffix:-", ops: "compress", complete: true},
		"bzip2": {ops: "compress", complete: true}, "bunzip2": {ops: "compress", complete: true}, "pbzip2": {ops: "compress", complete: true},
		"xz":   {opts: "-S,--suffix:- -T,--threads:- -F,--format:- -C,--check:- -M,--memlimit:- --files:r --files0:r", ops: "compress", complete: true},
		"unxz": {opts: "-S,--suffix:-", ops: "compress", complete: true}, "lzma": {opts: "-S,--suffix:-", ops: "compress", complete: true}, "unlzma": {ops: "compress", complete: true},
		"zstd":   {opts: "-o:w --output-dir-flat:d --output-dir-mirror:d -D:r --patch-from:r --trace:w -T,--threads:- --format=:- --memory=:- --stream-size=:- --size-hint=:- --target-compressed-block-size=:- --filelist:r", ops: "compress", complete: true},
		"unzstd": {opts: "-o:w --output-dir-flat:d --output-dir-mirror:d -D:r", ops: "compress", complete: true},
		"lz4":    {ops: "compress", complete: true}, "unlz4": {ops: "compress", complete: true},
		"lzip":     {opts: "-o,--output:w -S,--volume-size:- -B,--data-size:- -m,--match-length:- -s,--dictionary-size:-", ops: "compress", complete: true},
		"lzop":     {opts: "-o,--output:w -p,--path:d -S,--suffix:-", ops: "compress", complete: true},
		"brotli":   {opts: "-o,--output:w -S,--suffix:- -q,--quality:- -w,--lgwin:-", ops: "compress", complete: true},
		"compress": {ops: "compress", complete: true}, "uncompress": {ops: "compress", complete: true},

		// Network clients.
		"curl": {opts: "-o,--output:w --output-dir:- -D,--dump-header:w -c,--cookie-jar:w --trace:w --trace-ascii:w --stderr:w " +
			"--libcurl:w --etag-save:w --hsts:rw --alt-svc:rw --ssl-sessions:rw --etag-compare:r --netrc-file:r " +
			"--cacert:r --capath:r --crlfile:r --proxy-cacert:r --proxy-capath:r --proxy-crlfile:r --random-file:r --egd-file:r " +
			"--key:r --proxy-key:r --pubkey:r --trace-config:- --create-file-mode:- --proto-redir:- --proto:- --max-filesize:- " +
			"--max-redirs:- --pinnedpubkey:- --proxy-pinnedpubkey:- -w,--write-out:-", ops: "curl", complete: true},
		"wget": {opts: "-o,--output-file:w -a,--append-output:w -O,--output-document:w -P,--directory-prefix:- --save-cookies:w " +
			"--rejected-log:w --hsts-file:rw --warc-file:- --warc-tempdir:d --warc-dedup:r --load-cookies:r --post-file:r --body-file:r " +
			"--ca-certificate:r --certificate:r --private-key:r --ca-directory:r --crl-file:r --config:- --use-askpass:x " +
			"-e,--execute:- -i,--input-file:r -B,--base:- --default-page:- -U,--user-agent:- -t,--tries:- -T,--timeout:- -w,--wait:- " +
			"-Q,--quota:- --header:- --user:- --password:- --method:- --body-data:- --post-data:- -l,--level:- -A,--accept:- -R,--reject:- " +
			"-D,--domains:- --exclude-domains:- -I,--include-directories:- -X,--exclude-directories:- --cut-dirs:- --restrict-file-names:- " +
			"--progress:- --bind-address:- --limit-rate:- --referer:- --pinnedpubkey:-", ops: "wget", complete: true},
		"rsync": {opts: "--log-file:w --write-batch:- --only-write-batch:- --read-batch:r --backup-dir:d --partial-dir:- -T,--temp-dir:- " +
			"--files-from:r --exclude-from:r --include-from:r --password-file:r --compare-dest:r --copy-dest:r --link-dest:r --config:r " +
			"--early-input:r -f,--filter:- --exclude:- --include:- --chmod:- --chown:- --usermap:- --groupmap:- --timeout:- --contimeout:- " +
			"--port:- --bwlimit:- --max-size:- --min-size:- --modify-window:- --suffix:- --info:- --debug:- --iconv:- --sockopts:- " +
			"--out-format:- --log-file-format:- --outbuf:- --checksum-choice:- --compress-choice:- --compress-level:- --skip-compress:- " +
			"--max-delete:- -B,--block-size:- --protocol:- --address:- --stop-after:- --stop-at:- -M,--remote-option:- -e,--rsh:- --rsync-path:-",
			ops: "rsync", complete: true},
		"scp":     {opts: "-F:r -i:r -c:- -l:- -o:- -P:- -J:- -D:- -S:- -X:-", complete: true}, // -D, -S: sshProgramOptions
		"ssh":     {opts: "-E:w -F:r -i:r -S:w -I:o", ops: "ssh", complete: true},
		"nmap":    {opts: "-oN:w -oX:w -oG:w -oS:w -oA:p -oM:w -iL:r --resume:r --stylesheet:r --datadir:r --excludefile:r --servicedb:r --versiondb:r"},
		"ncat":    {opts: "-o,--output:w -x,--hex-dump:w --append-output:-"},
		"openssl": {opts: "-out:w -keyout:w -writerand:w -sess_out:w -keylogfile:w -outdir:d -CAserial:rw -signature:r -rand:r -engine:o -provider-path:o -provider:o -subj,-addext,-days,-set_serial,-servername,-starttls,-alpn,-cipher,-ciphersuites,-port:- -verify,-CApath,-sess_in:r"},
		"psql":    {opts: "-o,--output:w -L,--log-file:w -f,--file:r"},
		"pg_dump": {opts: "-f,--file:w"}, "pg_dumpall": {opts: "-f,--file:w"}, "pg_restore": {opts: "-f,--file:w -L,--use-list:r"},
		"mysqldump": {opts: "-r,--result-file:w -T,--tab:d"}, "mysql": {opts: "--tee:w --pager:x --init-command:s"}, "mariadb": {opts: "--tee:w --pager:x --init-command:s"},
		"redis-cli": {opts: "--rdb:w --functions-rdb:w"},
		// Database clients whose SQL and commands are not read (dbshells.go reads sqlite3, duckdb, psql, mysql).
		"cqlsh": {opts: "-e,--execute:s -f,--file:r --cqlshrc:r"}, "sqlcmd": {opts: "-Q:s -q:s -i:r -o:w"},
		"clickhouse-client": {opts: "-q,--query:s --queries-file:r -C,--config-file:r"}, "clickhouse": {opts: "-q,--query:s --queries-file:r -C,--config-file:r"},
		"mysqlsh": {opts: "-e,--execute:s -f,--file:r"}, "usql": {opts: "-c,--command:s -f,--file:r -o,--out:w"},
		"mycli": {opts: "-e,--execute:s"}, "litecli": {opts: "-e,--execute:s"}, "pgcli": {opts: "--init-command:s"},
		"cockroach": {opts: "-e,--execute:s -f,--file:r"}, "trino": {opts: "--execute:s -f,--file:r"},
		"snowsql": {opts: "-q,--query:s -f,--filename:r"}, "influx": {opts: "-execute:s"}, "bcp": {opts: "-i:r -o:w -e:w -F:-"},
		"mongodump": {opts: "-o,--out:d --archive=:w"}, "mongoexport": {opts: "-o,--out:w"},

		// Wrappers: their own options (the wrapped command is analysed on
		// its own). Those of wrapperSpecs (wrappers.go) take their value
		// options from here, under floor.
		"sudo": {complete: true}, "env": {complete: true}, "command": {complete: true},
		"doas":   {opts: "-u:- -C:r", complete: true, floor: true},
		"pkexec": {opts: "-u,--user:-", complete: true, floor: true},
		// firejail's options take their values after "=" only.
		"firejail": {opts: "--private-cwd=:cwd --private=:o --chroot=:o --overlay-named=:o --profile=:r --include=:r --env=:- --name=:- --net=:- --dns=:- --whitelist=:- --blacklist=:- --read-only=:- --read-write=:- --noexec=:- --join=:-", complete: true, floor: true},
		"run0":     {opts: "-u,--user:- -g,--group:- --nice:- -D,--chdir:cwd --setenv:- --property:- --description:- --slice:- --unit:- --machine:- --background:-", complete: true, floor: true},
		"nice":     {opts: "-n,--adjustment:-", complete: true, floor: true},
		"ionice":   {opts: "-c,--class:- -n,--classdata:- -p,--pid:- -P,--pgid:- -u,--uid:-", complete: true, floor: true},
		"timeout":  {opts: "-s,--signal:- -k,--kill-after:-", complete: true, floor: true},
		"stdbuf":   {opts: "-i,--input:- -o,--output:- -e,--error:-", complete: true, floor: true},
		"chrt":     {opts: "-T,--sched-runtime:- -P,--sched-period:- -D,--sched-deadline:-", complete: true, floor: true},
		"taskset":  {complete: true, floor: true}, "nohup": {complete: true, floor: true}, "setsid": {complete: true, floor: true},
		"builtin": {complete: true, floor: true}, "busybox": {complete: true, floor: true}, "toybox": {complete: true, floor: true},
		"exec":        {opts: "-a:-", complete: true, floor: true},
		"sshpass":     {opts: "-p:- -f:r -d:- -P:-", complete: true, floor: true},
		"proxychains": {opts: "-f:r", complete: true, floor: true}, "proxychains4": {opts: "-f:r", complete: true, floor: true},
		"torsocks": {opts: "-u:- -p:- -a:- -P:-", complete: true, floor: true}, "tsocks": {complete: true, floor: true},
		"fakeroot":   {opts: "-s:w -i:r -l,--lib:o --faked:x -b:-", complete: true, floor: true},
		"caffeinate": {opts: "-t:- -w:-", complete: true, floor: true}, "unbuffer": {complete: true, floor: true},
		"eatmydata": {complete: true, floor: true}, "catchsegv": {complete: true, floor: true}, "nocache": {complete: true, floor: true},
		"chronic": {complete: true, floor: true}, "dbus-launch": {complete: true, floor: true},
		"noglob": {complete: true, floor: true}, "nocorrect": {complete: true, floor: true}, "-": {complete: true, floor: true},
		"repeat": {complete: true, floor: true},
		"setpriv": {opts: "--reuid,--regid,--ruid,--rgid,--euid,--egid,--groups,--inh-caps,--ambient-caps,--bounding-set,--securebits,--pdeathsig," +
			"--selinux-label,--apparmor-profile,--landlock-access,--landlock-rule:- --seccomp-filter:r", complete: true, floor: true},
		"xvfb-run": {opts: "-e,--error-file:w -f,--auth-file:w -n,--server-num:- -p,--xauth-protocol:- -s,--server-args:- -w,--wait:-", complete: true, floor: true},
		"systemd-run": {opts: "-p,--property:- -E,--setenv:- -u,--unit:- -M,--machine:- --uid:- --gid:- --working-directory:- --description:- --slice:-",
			complete: true, floor: true},
		"numactl": {opts: "-C,--physcpubind:- -N,--cpunodebind:- -m,--membind:- -p,--preferred:- -i,--interleave:- -P:-", complete: true, floor: true},
		"nsenter": {opts: "-t,--target:- -S,--setuid:- -G,--setgid:-", complete: true, floor: true},
		"unshare": {opts: "-S,--setuid:- -G,--setgid:- -R,--root:- -w,--wd:-", complete: true, floor: true}, // the cwd: wrapperCwd
		// strace -o '|cmd' pipes the trace to a command; -A and -b… are
		// flags, not values (they would hide the command).
		"strace": {opts: "-o,--output:w| -e:- -p,--attach:- -s,--string-limit:- -u,--user:- -E,--env:- -I,--interruptible:- -P,--trace-path:- " +
			"-X,--const-print-style:- -b,--detach-on:- -a,--columns:- -S,--summary-sort-by:- -O:- -U,--summary-columns:- --trace:- --signal:- " +
			"--status:- --inject:- --fault:- --read:- --write:- --raw:- --abbrev:- --verbose:- --kvm:-", complete: true, floor: true},
		"ltrace": {opts: "-o,--output:w -a,--align:- -A:- -D,--debug:- -e:- -F,--config:r -l,--library:- -n,--indent:- -p:- -s:- -u:- -w,--where:- -x:-",
			complete: true, floor: true},
		"time":   {opts: "-o,--output:w -f,--format:-", complete: true, floor: true},
		"script": {opts: "-O,--log-out:w -I,--log-in:w -B,--log-io:w -T,--log-timing:w", complete: true},
		"watch":  {complete: true}, "xargs": {complete: true},
		"parallel": {opts: "--joblog:w --results:d --tmpdir:d --sshloginfile:r -a,--arg-file:r", complete: true},
		"su":       {complete: true}, "sg": {complete: true}, "runuser": {complete: true}, "chroot": {complete: true},
		"coreutils": {complete: true}, "bwrap": {complete: true}, // candcmds.go
		"valgrind": {opts: "--log-file=:w --xml-file=:w"},
		"npx":      {complete: true}, "bunx": {complete: true}, "pnpx": {complete: true}, "uvx": {complete: true},

		// Shell built-ins and keywords with effects on files or code.
		"source": {}, ".": {},

		// Editors and formatters.
		"sed": {complete: true}, "gsed": {complete: true},
		"awk": {complete: true}, "gawk": {opts: "-o,--pretty-print=:w -d,--dump-variables=:w -p,--profile=:w", complete: true},
		"mawk": {complete: true}, "nawk": {complete: true},
		"find": {complete: true},
		"yq": {opts: "-s,--split-exp,--split-exp-file:o --from-file:r -f:r --rawfile:r --slurpfile:r -o,--output-format:- -p,--input-format:- " +
			"-I,--indent:- --expression:- --front-matter:- --lua-prefix:- --lua-suffix:- --properties-separator:- --csv-separator:- " +
			"--xml-attribute-prefix:- --xml-content-name:- --xml-proc-inst-prefix:- --xml-directive-name:- --xml-root:- " +
			"--xml-item-depth:- -w,--width:- -L:- --arg:- --argjson:- --shell-key-separator:-", ops: "yq", complete: true},

		// git: "git SUBCOMMAND" (global options are read by git.go's git).
		// The subcommands listed complete write only inside .git or what is
		// modelled here and in git.go; the others (aliases, git-lfs,
		// git-subtree, …) have candidate writes.
		"git log": {opts: gitDiffOut, complete: true}, "git show": {opts: gitDiffOut, complete: true},
		"git diff": {opts: gitDiffOut, complete: true}, "git diff-tree": {opts: gitDiffOut, complete: true},
		"git diff-files": {opts: gitDiffOut, complete: true}, "git diff-index": {opts: gitDiffOut, complete: true},
		"git whatchanged": {opts: gitDiffOut, complete: true}, "git range-diff": {opts: gitDiffOut, complete: true},
		"git rev-list": {opts: gitDiffOut, complete: true}, "git reflog": {opts: gitDiffOut, complete: true},
		"git stash":              {opts: gitDiffOut + " -m,--message:- --pathspec-from-file:r", complete: true},
		"git format-patch":       {opts: gitDiffOut + " -o,--output-directory:- --signature-file:r --suffix:- --subject-prefix:- --in-reply-to:- --add-header:- --to:- --cc:- --from=:- --base:- --interdiff:- --range-diff:- --filename-max-length:- --start-number:- -v,--reroll-count:- --cover-from-description:- --description-file:r", ops: "git-format-patch", complete: true},
		"git archive":            {opts: "-o,--output:w --remote:- --exec:- --prefix:- --format:- --add-file:r --add-virtual-file:- --mtime:-", complete: true},
		"git bundle":             {opts: "--version:-", ops: "git-bundle", complete: true},
		"git worktree":           {opts: "-b:- -B:- --reason:- --orphan:-", ops: "git-worktree", complete: true},
		"git init":               {opts: "--separate-git-dir:d --template:r -b,--initial-branch:- --object-format:- --ref-format:- --shared=:-", ops: "git-init", complete: true},
		"git init-db":            {opts: "--separate-git-dir:d --template:r -b,--initial-branch:- --object-format:-", ops: "git-init", complete: true},
		"git clone":              {opts: "--separate-git-dir:d --template:r --reference,--reference-if-able:r -o,--origin:- -b,--branch:- --depth:- --shallow-since:- --shallow-exclude:- -j,--jobs:- --filter:- --server-option:- --bundle-uri:- -u,--upload-pack:- -c,--config:- --ref-format:-", ops: "git-clone", complete: true},
		"git submodule":          {opts: "-b,--branch:- --name:- --reference:r --depth:- --jobs:-", ops: "git-submodule"},
		"git checkout-index":     {opts: "--prefix:- --stage:-", ops: "git-checkout-index", complete: true},
		"git read-tree":          {opts: "--prefix:- --index-output:w --exclude-per-directory:-", ops: "git-read-tree", complete: true},
		"git merge-file":         {opts: "-L:-", ops: "git-merge-file", complete: true},
		"git mailinfo":           {opts: "--encoding=:-", ops: "git-mailinfo", complete: true},
		"git mailsplit":          {ops: "git-mailsplit", complete: true},
		"git unpack-file":        {ops: "git-unpack-file", complete: true},
		"git bugreport":          {opts: "-o,--output-directory:d -s,--suffix:-", ops: "git-bugreport", complete: true},
		"git diagnose":           {opts: "-o,--output-directory:d -s,--suffix:- --mode:-", ops: "git-diagnose", complete: true},
		"git fast-export":        {opts: "--export-marks:w --import-marks:r --import-marks-if-exists:r", complete: true},
		"git fast-import":        {opts: "--export-marks=:w --import-marks=:r --import-marks-if-exists=:r --export-pack-edges=:w", complete: true},
		"git pack-objects":       {ops: "git-pack-objects", complete: true},
		"git index-pack":         {opts: "-o:w", ops: "git-index-pack", complete: true},
		"git apply":              {opts: "--build-fake-ancestor:w --directory:- --exclude:- --include:- --whitespace:- -p:- -C:-", complete: true},
		"git am":                 {opts: "--directory:- --exclude:- --include:- --whitespace:- -p:- -C:- --patch-format:- --resolvemsg:- -S:-", complete: true},
		"git commit":             {opts: "-F,--file:r -t,--template:r -m,--message:- -C,--reuse-message:- -c,--reedit-message:- --fixup:- --squash:- --author:- --date:- --cleanup:- --pathspec-from-file:r --trailer:-", complete: true},
		"git tag":                {opts: "-F,--file:r -m,--message:- -u,--local-user:- --cleanup:-", complete: true},
		"git notes":              {opts: "-F,--file:r -m,--message:- -C,--reuse-message:- -c,--reedit-message:- --ref:-", complete: true},
		"git merge":              {opts: "-F,--file:r -m:- -s,--strategy:- -X,--strategy-option:-", complete: true},
		"git blame":              {opts: "--contents:r -S:r --ignore-revs-file:r -L:- --ignore-rev:-", complete: true},
		"git annotate":           {opts: "--contents:r -S:r", complete: true},
		"git grep":               {opts: "-f:r --max-depth:- -A,--after-context:- -B,--before-context:- -C,--context:- -m,--max-count:- --threads:- -e:-", ops: "git-grep", complete: true},
		"git send-email":         {opts: "--sendmail-cmd:c --to-cmd:c --cc-cmd:c --header-cmd:c --smtp-server:- --smtp-server-option:- --smtp-user:- --from:- --to:- --cc:- --bcc:- --subject:- --in-reply-to:- --identity:- --smtp-domain:- --smtp-encryption:- --smtp-server-port:-", ops: "git-send-email", complete: true},
		"git interpret-trailers": {opts: "--trailer:- --where:- --if-exists:- --if-missing:-", ops: "git-interpret-trailers", complete: true},
		"git maintenance":        {ops: "git-maintenance", complete: true},
		"git config":             {complete: true},
		"git status":             {complete: true}, "git add": {opts: "--pathspec-from-file:r --chmod:-", complete: true}, "git branch": {complete: true},
		"git rev-parse": {complete: true}, "git ls-files": {opts: "-X,--exclude-from:r --exclude-per-directory:-", complete: true},
		"git ls-tree": {complete: true}, "git ls-remote": {complete: true}, "git remote": {complete: true},
		"git fetch": {complete: true}, "git pull": {complete: true}, "git push": {complete: true},
		"git describe": {complete: true}, "git shortlog": {complete: true}, "git cat-file": {complete: true},
		"git show-ref": {complete: true}, "git for-each-ref": {complete: true}, "git symbolic-ref": {complete: true},
		"git update-ref": {complete: true}, "git var": {complete: true}, "git version": {complete: true},
		"git help": {complete: true}, "git count-objects": {complete: true}, "git fsck": {complete: true},
		"git gc": {complete: true}, "git prune": {complete: true}, "git repack": {complete: true},
		"git check-ignore": {complete: true}, "git check-attr": {complete: true}, "git check-ref-format": {complete: true},
		"git verify-commit": {complete: true}, "git verify-tag": {complete: true}, "git verify-pack": {complete: true},
		"git name-rev": {complete: true}, "git merge-base": {complete: true}, "git cherry": {complete: true},
		"git show-branch": {complete: true}, "git column": {complete: true}, "git stripspace": {complete: true},
		"git hash-object": {complete: true}, "git mktree": {complete: true}, "git commit-tree": {complete: true},
		"git update-index": {complete: true}, "git write-tree": {complete: true}, "git switch": {complete: true},
		"git checkout": {complete: true}, "git restore": {complete: true}, "git reset": {complete: true},
		"git rebase": {complete: true}, "git cherry-pick": {complete: true}, "git revert": {complete: true},
		"git rm": {complete: true}, "git mv": {complete: true}, "git clean": {complete: true},
		"git bisect": {complete: true}, "git sparse-checkout": {complete: true}, "git replace": {complete: true},
		"git filter-branch": {complete: true}, "git difftool": {complete: true}, "git mergetool": {complete: true},
		"git credential": {complete: true}, "git request-pull": {complete: true},
		"git lost-found": {complete: true}, "git commit-graph": {complete: true}, "git multi-pack-index": {complete: true},
		"git pack-refs": {complete: true}, "git prune-packed": {complete: true},
		"git lfs": {opts: "--file:-", ops: "git-lfs", complete: true},

		// Go (golang.go): "go SUB", the build flags shared by build, run,
		// test, install, list and vet.
		"go":          {opts: "-C:-"},
		"go build":    {opts: goBuildFlags + " -o:w", complete: true},
		"go install":  {opts: goBuildFlags, complete: true},
		"go run":      {opts: goBuildFlags + " -exec:x", complete: true},
		"go test":     {opts: goBuildFlags + " " + goTestFlags, complete: true},
		"go vet":      {opts: goBuildFlags + " -vettool:o", complete: true},
		"go list":     {opts: goBuildFlags + " -f:- -reuse:r -e:-", complete: true},
		"go get":      {opts: goBuildFlags, complete: true},
		"go mod":      {opts: "-modfile:rw -go:- -toolchain:- -compat:- -exclude:- -require:- -droprequire:- -replace:- -dropreplace:- -retract:- -dropretract:- -module:- -godebug:- -dropgodebug:- -tool:- -droptool:- -ignore:- -dropignore:- -o:w", complete: true},
		"go work":     {opts: "-go:- -toolchain:- -use:- -dropuse:- -replace:- -dropreplace:- -godebug:- -dropgodebug:- -o:w", complete: true},
		"go env":      {complete: true},
		"go clean":    {opts: goBuildFlags, complete: true},
		"go fmt":      {opts: "-mod:-", complete: true},
		"go fix":      {opts: goBuildFlags + " -fix:-", complete: true},
		"go generate": {opts: goBuildFlags + " -run:- -skip:-", complete: true},
		"go doc":      {complete: true}, "go version": {complete: true}, "go help": {complete: true}, "go bug": {complete: true},
		"go tool": {complete: true}, "go telemetry": {complete: true},
		"make":   {opts: "-f,--file,--makefile:- -C,--directory:- -E,--eval:- -I,--include-dir:r -o,--old-file,--assume-old:- -W,--what-if,--new-file,--assume-new:- -j,--jobs=:- -l,--load-average=:- -O,--output-sync=:- --debug=:- --jobserver-auth=:- --shuffle=:-", ops: "make"},
		"gmake":  {opts: "-f,--file,--makefile:- -C,--directory:- -E,--eval:- -I,--include-dir:r -o,--old-file,--assume-old:- -W,--what-if,--new-file,--assume-new:-", ops: "make"},
		"rename": {opts: "-e:-", ops: "rename", complete: true}, "prename": {opts: "-e:-", ops: "rename", complete: true},

		// pytest (also python -m pytest): report and log files, the
		// temporary root it deletes first (tooldirs.go), the
		// configuration it reads. Plugins add options: not complete.
		"pytest": {opts: pytestOpts}, "py.test": {opts: pytestOpts},

		// Python modules run with python -m (pymodules.go): json.tool
		// [infile [outfile]] writes its second operand.
		"json.tool":   {opts: "--indent:-", ops: "xxd", complete: true},
		"file-rename": {opts: "-e:-", ops: "rename", complete: true}, "perl-rename": {opts: "-e:-", ops: "rename", complete: true},
		"rename.ul": {ops: "rename", complete: true},
	}
}}

// pytestOpts are pytest's options (value and effect).
const pytestOpts = "--junitxml,--junit-xml:w --resultlog,--result-log:w --report-log:w --log-file:w --debug=:w --html:w " +
	"--json-report-file:w --basetemp:d -c,--config-file:r --confcutdir:- --rootdir:- -p:- -k:- -m:- --deselect:- " +
	"--junit-prefix:- --durations:- --tb:- --maxfail:- --capture:- --import-mode:- -W,--pythonwarnings:- --log-level:- " +
	"--log-cli-level:- --log-file-level:- --log-format:- --log-date-format:- -n,--numprocesses:- --dist:- --timeout:- " +
	"-o,--override-ini:-"

// goBuildFlags are the go build flags (value and effect).
const goBuildFlags = "-C:- -p:- -covermode:- -coverpkg:- -asmflags:- -buildmode:- -buildvcs:- -compiler:- -gccgoflags:ld " +
	"-gcflags:- -installsuffix:- -ldflags:ld -mod:- -modfile:rw -overlay:r -pgo:r -pkgdir:d -tags:- -toolexec:x -debug-actiongraph:w " +
	"-debug-runtime-trace:w -debug-trace:w"

// goTestFlags are go test's own flags.
const goTestFlags = "-o:w -exec:x -run:- -skip:- -bench:- -benchtime:- -count:- -cpu:- -list:- -parallel:- -timeout:- " +
	"-shuffle:- -fuzz:- -fuzztime:- -fuzzminimizetime:- -coverprofile:w -cpuprofile:w -memprofile:w -memprofilerate:- " +
	"-blockprofile:w -blockprofilerate:- -mutexprofile:w -mutexprofilefraction:- -trace:w -outputdir:d -vet:-"

// gitDiffOut are the diff and log options that write a file.
const gitDiffOut = "--output:w -O:r"

// compiledSpec is a progSpec parsed for use.
type compiledSpec struct {
	short    string            // short options taking a value
	long     []string          // long options taking a value ("--name")
	dashLong []string          // single-dash long options taking a value ("-name")
	eqOnly   map[string]bool   // long options taking a value only as --name=VALUE
	fx       map[string]string // option → effect
	dry      []string
	ops      string
	complete bool
	floor    bool // the value of an option the table does not classify is a candidate write
}

// compiledSpecs holds the table entries compiled so far, by key. An entry
// is compiled when a command first needs it, not the whole table at once:
// a hook process analyses one command line, and compiling every entry was
// a seventh of its time (the table has hundreds, most with options).
var compiledSpecs sync.Map // string → *compiledSpec

// compileSpec compiles the table entry s of key.
func compileSpec(key string, s progSpec) *compiledSpec {
	cs := compileOpts(key, s.opts)
	cs.ops, cs.complete, cs.dry, cs.floor = s.ops, s.complete, strings.Fields(s.dry), s.floor
	return cs
}

// compileOpts parses an options string of "names:effect" words (see
// progSpec) for program name; a word without an effect panics: every
// option a table lists is classified.
func compileOpts(name, opts string) *compiledSpec {
	cs := &compiledSpec{fx: map[string]string{}}
	for _, word := range strings.Fields(opts) {
		names, fx, ok := strings.Cut(word, ":")
		if !ok || fx == "" {
			panic("shell: options of " + name + ": option " + word + " has no effect")
		}
		for _, n := range strings.Split(names, ",") {
			eq := strings.HasSuffix(n, "=")
			n = strings.TrimSuffix(n, "=")
			cs.fx[n] = fx
			switch {
			case eq:
				if cs.eqOnly == nil {
					cs.eqOnly = map[string]bool{}
				}
				cs.eqOnly[n] = true
			case strings.HasPrefix(n, "--"):
				cs.long = append(cs.long, n)
			case len(n) == 2:
				cs.short += n[1:]
			default:
				cs.dashLong = append(cs.dashLong, n)
			}
		}
	}
	return cs
}

var readOnlySet = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(readOnlyPrograms + " " + pyReadOnly) {
		m[n] = true
	}
	return m
}}

// specFor returns the table entry for key, compiled, if any. The compiled
// entry is shared: callers must not modify it.
func specFor(key string) *compiledSpec {
	if cs, ok := compiledSpecs.Load(key); ok {
		return cs.(*compiledSpec)
	}
	s, ok := progSpecTable.Get()[key]
	if !ok {
		return nil
	}
	cs, _ := compiledSpecs.LoadOrStore(key, compileSpec(key, s))
	return cs.(*compiledSpec)
}
