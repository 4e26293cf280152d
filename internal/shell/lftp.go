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
	c.batchEscapes(o.values("-f", "--rcfile")) // netprograms.go
	l := &lftpSession{c: c}
	if len(o.pos) > 0 {
		// the site lftp opens before running -e's commands
		l.open(c.s(o.pos[0]))
	}
	for _, f := range o.values("-c", "-e") {
		if f.dyn {
			c.opaque("lftp runs commands not known statically: " + clip(f.s))
			continue
		}
		l.script(f.s, 0)
	}
}

type lftpSession struct {
	c *cmd
	// local is set while the site is lftp's file: access method: the
	// "remote" side is this machine, and dir its directory there ("" the
	// local directory, as file:NAME is relative to it).
	local bool
	dir   string
}

// open notes the site a URL names: file: makes the remote side local.
func (l *lftpSession) open(url string) {
	if p, ok := lftpFilePath(url); ok {
		l.local, l.dir = true, p
		return
	}
	l.local, l.dir = false, ""
}

// lftpFilePath returns the local path of a file: URL (file:///x, file:/x,
// file://host/x, file:NAME relative to the local directory).
func lftpFilePath(s string) (string, bool) {
	if len(s) < 5 || !strings.EqualFold(s[:5], "file:") {
		return "", false
	}
	rest := s[5:]
	if strings.HasPrefix(rest, "//") {
		j := strings.IndexByte(rest[2:], '/')
		if j < 0 {
			return "/", true
		}
		rest = rest[2+j:]
	}
	return percentDecode(rest), true
}

// localPath returns the local path a "remote" name stands for: a file:
// URL anywhere, any name on a file: site; ok is false for a name on a
// remote host.
func (l *lftpSession) localPath(name string) (string, bool) {
	if p, ok := lftpFilePath(name); ok {
		return p, true
	}
	if !l.local {
		return "", false
	}
	if strings.HasPrefix(name, "/") || l.dir == "" {
		return name, true
	}
	return strings.TrimSuffix(l.dir, "/") + "/" + name, true
}

// lftpLocalEffects are what the remote-side commands do to the files they
// name when the site is file: (or a name is a file: URL).
var lftpLocalEffects = &lazy.Value[map[string]pathKind]{New: func() map[string]pathKind {
	return map[string]pathKind{
		"ls": kRead, "dir": kRead, "nlist": kRead, "cls": kRead, "rels": kRead, "renlist": kRead, "cat": kRead,
		"more": kRead, "zcat": kRead, "zmore": kRead, "bzcat": kRead, "find": kRead, "du": kRead, "glob": kRead,
		"rm": kDelete, "rmdir": kDelete, "mrm": kDelete,
		"mkdir": kWrite, "mv": kWrite, "mmv": kWrite, "chmod": kWrite, "ln": kWrite,
	}
}}

// remoteLocal reports the local files a remote-side command names on a
// file: site.
func (l *lftpSession) remoteLocal(name string, args []string) {
	kind, ok := lftpLocalEffects.Get()[name]
	if name == "cd" && len(args) > 0 && l.local {
		if p, ok := l.localPath(args[len(args)-1]); ok {
			l.dir = p
		}
		return
	}
	if !ok {
		return
	}
	first := true
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if name == "chmod" && first {
			first = false
			continue // the mode
		}
		p, isLocal := l.localPath(a)
		if !isLocal {
			continue
		}
		f := field{s: p, glob: strings.ContainsAny(p, "*?[")}
		if p == "" {
			f.s = "."
		}
		via := "lftp " + name + " on a file: site"
		switch kind {
		case kRead:
			if name == "find" || name == "du" {
				f = tree(f, treeOpts{})
			}
			l.c.read(f, via)
		case kDelete:
			l.c.del(f, via)
		case kWrite:
			l.c.write(f, via)
			if name == "mv" || name == "mmv" {
				l.c.del(f, via)
			}
		}
	}
}

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
	case lftpRemote:
		l.remoteLocal(name, args)
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
				l.open(a)
				if !l.local {
					c.destination(field{s: a}, via)
				}
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
		// the remote side: the source of a download, the target of an upload
		remote := ""
		if reverse && len(dirs) > 1 {
			remote = dirs[1]
		} else if !reverse && len(dirs) > 0 {
			remote = dirs[0]
		}
		if p, ok := l.localPath(remote); ok && (remote != "" || l.local) {
			if p == "" {
				p = "."
			}
			if reverse {
				c.write(field{s: p}, via+" -R on a file: site")
			} else {
				c.read(tree(field{s: p}, treeOpts{}), via+" on a file: site")
			}
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
			// on a file: site the upload writes a local file
			target := out
			if target == "" {
				target = f[strings.LastIndexByte(f, '/')+1:]
			}
			if p, ok := l.localPath(target); ok && p != "" {
				c.write(field{s: p, glob: strings.ContainsAny(p, "*?[")}, via+" on a file: site")
			}
		}
		return
	}
	for _, f := range files {
		// the source of a download on a file: site is a local file read
		if p, ok := l.localPath(f); ok && p != "" {
			c.read(field{s: p, glob: strings.ContainsAny(p, "*?[")}, via+" from a file: site")
		}
	}
	if out != "" {
		c.write(field{s: out}, via+" -o")
		return
	}
	for _, f := range files {
		if p, ok := lftpFilePath(f); ok {
			f = p
		}
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
