package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import "strings"

// lftp runs commands of its own language (-c, -e, -f, and what it reads
// from input): open connects to a host, put/mput/mirror -R upload local
// files (reads), get/mget/mirror download into local files (writes), lcd
// changes the local directory, ! runs a shell command, and a command's
// output can be redirected to a local file (>) or piped into a shell
// command (|). A command the table does not know is opaque.

type lftpEffect uint8

const (
	lftpRemote lftpEffect = iota + 1 // acts on the server only (ls, cd, rm, cat)
	lftpOpen                         // connects to the host it names
	lftpPut                          // uploads local files (reads)
	lftpGet                          // downloads into local files (writes)
	lftpMirror                       // mirror: a download, or with -R an upload, of a tree
	lftpLcd                          // changes the local directory
	lftpNested                       // runs the lftp command that follows (repeat, queue, at)
	lftpSet                          // set NAME VALUE
	lftpOpaque                       // runs or reads what the analysis does not follow
)

var lftpCommands = &lazy.Value[map[string]lftpEffect]{New: func() map[string]lftpEffect {
	return map[string]lftpEffect{
		"ls": lftpRemote, "dir": lftpRemote, "nlist": lftpRemote, "cls": lftpRemote, "rels": lftpRemote, "renlist": lftpRemote,
		"cd": lftpRemote, "pwd": lftpRemote, "lpwd": lftpRemote, "cat": lftpRemote, "more": lftpRemote, "zcat": lftpRemote,
		"zmore": lftpRemote, "bzcat": lftpRemote, "find": lftpRemote, "du": lftpRemote, "rm": lftpRemote, "rmdir": lftpRemote,
		"mrm": lftpRemote, "mkdir": lftpRemote, "mv": lftpRemote, "mmv": lftpRemote, "chmod": lftpRemote, "ln": lftpRemote,
		"bye": lftpRemote, "exit": lftpRemote, "quit": lftpRemote, "close": lftpRemote, "echo": lftpRemote, "help": lftpRemote,
		"jobs": lftpRemote, "wait": lftpRemote, "kill": lftpRemote, "sleep": lftpRemote, "cache": lftpRemote, "user": lftpRemote,
		"debug": lftpRemote, "version": lftpRemote, "glob": lftpRemote, "scache": lftpRemote, "fg": lftpRemote, "bg": lftpRemote,
		"open": lftpOpen, "o": lftpOpen, "connect": lftpOpen, "lftp": lftpOpen,
		"put": lftpPut, "mput": lftpPut, "reput": lftpPut,
		"get": lftpGet, "mget": lftpGet, "pget": lftpGet, "reget": lftpGet, "get1": lftpGet, "pget1": lftpGet,
		"mirror": lftpMirror, "lcd": lftpLcd,
		"repeat": lftpNested, "queue": lftpNested, "at": lftpNested, "command": lftpNested,
		"set":    lftpSet,
		"source": lftpOpaque, "edit": lftpOpaque, "local": lftpOpaque, "alias": lftpOpaque, "history": lftpOpaque,
		"bookmark": lftpOpaque, "eval": lftpOpaque, "module": lftpOpaque, "attach": lftpOpaque, "torrent": lftpOpaque,
		"shell": lftpOpaque,
	}
}}

// lftp analyses lftp's command options.
func (c *cmd) lftp(o opts) {
	for _, f := range o.values("-f", "--rcfile") {
		c.read(f, "lftp script")
		c.opaque("lftp runs the commands of a script file")
	}
	l := &lftpSession{c: c}
	for _, f := range o.values("-c", "-e") {
		if f.dyn {
			c.opaque("lftp runs commands not known statically: " + clip(f.s))
			continue
		}
		l.script(f.s, 0)
	}
}

type lftpSession struct{ c *cmd }

// script analyses a command string: commands separated by ";", "&&",
// "||", "&" and newlines.
func (l *lftpSession) script(s string, depth int) {
	if depth > 4 {
		l.c.opaque("lftp commands nested too deeply")
		return
	}
	for _, part := range splitLftp(s) {
		l.command(strings.TrimSpace(part), depth)
	}
}

// splitLftp splits s at unquoted ; & | and newlines, except that "|"
// starts a pipe into a shell command, kept with its command.
func splitLftp(s string) []string {
	var out []string
	var q byte
	start := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case q != 0:
			if ch == q {
				q = 0
			}
		case ch == '\'' || ch == '"':
			q = ch
		case ch == '\\':
			i++
		case ch == '!' && strings.TrimSpace(s[start:i]) == "":
			// "!cmd" runs the rest of the line
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return append(out, s[start:])
			}
			out = append(out, s[start:i+j])
			start, i = i+j+1, i+j
		case ch == ';' || ch == '\n' || ch == '&' || ch == '|' && i+1 < len(s) && s[i+1] == '|':
			out = append(out, s[start:i])
			if i+1 < len(s) && (s[i+1] == '&' || s[i+1] == '|') {
				i++
			}
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func (l *lftpSession) command(line string, depth int) {
	c := l.c
	if line == "" || line[0] == '#' {
		return
	}
	if code, ok := strings.CutPrefix(line, "!"); ok {
		c.opaque("lftp ! runs a shell command")
		if err := c.code(field{s: code}, "lftp !", false); err != nil {
			c.a.defer1(err)
		}
		return
	}
	// output redirections and pipes of any command
	if i := unquotedByte(line, '|'); i >= 0 {
		c.opaque("lftp pipes a command's output into a shell command")
		if err := c.code(field{s: line[i+1:]}, "lftp |", false); err != nil {
			c.a.defer1(err)
		}
		line = line[:i]
	}
	if i := unquotedByte(line, '>'); i >= 0 {
		if t := metaArgs(strings.TrimLeft(line[i+1:], ">")); len(t) > 0 {
			c.write(field{s: t[0]}, "lftp output redirection")
		}
		line = line[:i]
	}
	words := metaArgs(line)
	if len(words) == 0 {
		return
	}
	name := words[0]
	args := words[1:]
	e, ok := lftpCommands.Get()[name]
	if !ok {
		c.opaque("lftp command " + clip(name) + " is not known")
		return
	}
	via := "lftp " + name
	switch e {
	case lftpOpen:
		for i := 0; i < len(args); i++ {
			a := args[i]
			switch {
			case a == "-e" && i+1 < len(args):
				l.script(args[i+1], depth+1)
				i++
			case a == "-u" || a == "-p" || a == "-s" || a == "--user" || a == "--password":
				i++
			case strings.HasPrefix(a, "-"):
			default:
				c.destination(field{s: a}, via)
			}
		}
	case lftpPut, lftpGet:
		l.transfer(e, name, args)
	case lftpMirror:
		reverse := false
		var dirs []string
		for i := 0; i < len(args); i++ {
			a := args[i]
			switch {
			case a == "-R" || a == "--reverse":
				reverse = true
			case a == "-x" || a == "-X" || a == "-i" || a == "-I" || a == "--exclude" || a == "--include" || a == "-P" ||
				a == "--parallel" || a == "--exclude-glob" || a == "--include-glob" || a == "-O" || a == "--target-directory":
				if (a == "-O" || a == "--target-directory") && i+1 < len(args) {
					dirs = append(dirs, args[i+1])
				}
				i++
			case strings.HasPrefix(a, "--exec") || strings.HasPrefix(a, "--script") || strings.HasPrefix(a, "--on-change") || strings.HasPrefix(a, "--use-pget"):
				c.opaque("lftp mirror runs or writes what an option names")
			case strings.HasPrefix(a, "-"):
			default:
				dirs = append(dirs, a)
			}
		}
		// mirror [-R] SOURCE [TARGET]: the local side is the target of a
		// download and the source of an upload; missing, the local cwd
		local := "."
		if reverse && len(dirs) > 0 {
			local = dirs[0]
		} else if !reverse && len(dirs) > 1 {
			local = dirs[1]
		}
		if reverse {
			c.read(tree(field{s: local}, treeOpts{}), via+" -R upload")
		} else {
			c.write(field{s: local}, via+" download")
		}
	case lftpLcd:
		if len(args) > 0 {
			sub := &cmd{a: c.a, sc: c.a.child(c.sc), name: "cd", args: []field{{s: args[0]}}, skip: []bool{false}}
			sub.cd()
			l.c = &cmd{a: c.a, sc: sub.sc, name: c.name, prog: c.prog}
		}
	case lftpNested:
		rest := args
		for len(rest) > 0 && (strings.HasPrefix(rest[0], "-") || name == "at" && rest[0] != "--") {
			rest = rest[1:]
		}
		if len(rest) > 0 && rest[0] == "--" {
			rest = rest[1:]
		}
		if len(rest) > 0 {
			l.script(strings.Join(rest, " "), depth+1)
		}
	case lftpSet:
		if len(args) > 0 {
			k := strings.ToLower(args[0])
			if strings.Contains(k, "file") || strings.Contains(k, "cmd") || strings.Contains(k, "program") ||
				strings.Contains(k, "log") || strings.Contains(k, "connect-program") || strings.Contains(k, "proxy") {
				c.opaque("lftp setting " + clip(k) + " names a program, file or host")
			}
		}
	case lftpOpaque:
		c.opaque(via + " runs or reads what the analysis does not follow")
		for _, a := range args {
			if !strings.HasPrefix(a, "-") {
				c.read(field{s: a}, via)
			}
		}
	}
}

// transfer analyses put/mput (local files read; -o names the remote
// file) and get/mget/pget (remote files; -o names the local file written,
// else the remote base name in the local directory, -O a local
// directory).
func (l *lftpSession) transfer(e lftpEffect, name string, args []string) {
	c := l.c
	via := "lftp " + name
	var files []string
	var out, outDir string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-o" && i+1 < len(args):
			out = args[i+1]
			i++
		case a == "-O" && i+1 < len(args):
			outDir = args[i+1]
			i++
		case a == "-n" || a == "-P" || a == "--parallel":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			files = append(files, a)
		}
	}
	if e == lftpPut {
		for _, f := range files {
			c.read(field{s: f, glob: strings.ContainsAny(f, "*?[")}, via+" upload")
		}
		return
	}
	if out != "" {
		c.write(field{s: out}, via+" -o")
		return
	}
	for _, f := range files {
		base := f[strings.LastIndexByte(f, '/')+1:]
		if u := strings.Index(f, "://"); u >= 0 && !strings.Contains(f[u+3:], "/") {
			continue
		}
		if outDir != "" {
			base = strings.TrimSuffix(outDir, "/") + "/" + base
		}
		if base != "" {
			c.write(field{s: base, glob: strings.ContainsAny(base, "*?[")}, via+" download")
		}
	}
}
