package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// File operations: the programs that copy, move, create, change and
// delete files, and find.

func (c *cmd) find() error {
	// start paths: leading arguments before the expression
	var starts []field
	i := 0
	for i < len(c.args) {
		s := c.s(i)
		if s == "-H" || s == "-L" || s == "-P" || strings.HasPrefix(s, "-O") || s == "-D" {
			if s == "-D" {
				i++
			}
			i++
			continue
		}
		if strings.HasPrefix(s, "-") || s == "(" || s == "!" || s == ")" || s == "," {
			break
		}
		starts = append(starts, c.args[i])
		i++
	}
	if len(starts) == 0 {
		starts = []field{c.cwdField()}
	}
	valued := map[string]bool{"-name": true, "-iname": true, "-path": true, "-ipath": true, "-regex": true, "-iregex": true,
		"-type": true, "-xtype": true, "-size": true, "-mtime": true, "-atime": true, "-ctime": true, "-mmin": true, "-amin": true,
		"-cmin": true, "-perm": true, "-user": true, "-group": true, "-uid": true, "-gid": true, "-maxdepth": true,
		"-mindepth": true, "-printf": true, "-wholename": true, "-iwholename": true, "-lname": true, "-ilname": true,
		"-inum": true, "-links": true, "-samefile": true, "-fstype": true, "-context": true, "-used": true,
		"-newer": true, "-anewer": true, "-cnewer": true, "-regextype": true, "-files0-from": true}
	for ; i < len(c.args); i++ {
		c.skip[i] = true
		s := c.s(i)
		switch {
		case s == "-exec" || s == "-execdir" || s == "-ok" || s == "-okdir":
			j := i + 1
			for j < len(c.args) && c.s(j) != ";" && c.s(j) != "+" {
				c.skip[j] = true
				j++
			}
			if j < len(c.args) {
				c.skip[j] = true
			}
			if j > i+1 {
				inner := append([]field(nil), c.args[i+1:j]...)
				name := findNameFilter(c.strs())
				found := starts
				if s == "-execdir" || s == "-okdir" {
					found = c.absStarts(starts) // the command runs elsewhere
				}
				for k := range inner {
					if strings.Contains(inner[k].s, "{}") {
						inner[k] = foundField(inner[k], found, name)
					}
				}
				in := progName(inner[0])
				if isInterpreter(in) && !containsCode(inner) {
					c.opaque("find " + s + " runs " + in + " with found file names")
				}
				if isInterpreter(in) && containsCode(inner) {
					for _, f := range c.args[i+2 : j] {
						if strings.Contains(f.s, "{}") {
							c.opaque("find " + s + " substitutes file names into " + in + " code")
						}
					}
				}
				sc, err := c.a.enter(c.sc.withVia("find " + s))
				if err != nil {
					return err
				}
				if s == "-execdir" || s == "-okdir" {
					c.matchDirs(sc, found)
				}
				if err := c.a.execProgram(inner, sc); err != nil { // childenv.go
					return err
				}
			}
			i = j
		case s == "-delete":
			for _, f := range starts {
				c.del(f, "find -delete")
				// the names it unlinks: those below f a literal -name
				// keeps (or every file below f), judged on disk like
				// find -exec rm {} (a hard link of the policy among them
				// is the policy's name)
				if name := findNameFilter(c.strs()); !isGlobPattern(name) {
					c.del(foundField(field{s: "{}"}, []field{f}, name), "find -delete")
				}
			}
		case s == "-fprint" || s == "-fprint0" || s == "-fls" || s == "-fprintf":
			if i+1 < len(c.args) {
				i++
				c.skip[i] = true
				c.write(c.args[i], "find "+s)
			}
			if s == "-fprintf" && i+1 < len(c.args) {
				i++
				c.skip[i] = true
			}
		case valued[s]:
			if i+1 < len(c.args) {
				i++
				c.skip[i] = true
			}
		}
	}
	return nil
}

// matchDirs makes sc, the scope of a find -execdir command, run in the
// directory of each match: the parent of a start path (a start matches
// itself) or any directory below one, not known statically (cwdalts.go).
func (c *cmd) matchDirs(sc *scope, starts []field) {
	sc.cwdKnown, sc.cwdAlts, sc.cwdMaybe = false, nil, nil
	for i, f := range starts {
		if f.dyn || f.glob || !path.IsAbs(f.s) {
			continue
		}
		d := path.Clean(f.s)
		if i == 0 {
			sc.cwd = path.Dir(d)
		}
		sc.cwdAlts = append(sc.cwdAlts, d)
	}
}

// absStarts returns find's start paths made absolute from the cwd (a
// start not known statically, or under a cwd not known, is dynamic).
func (c *cmd) absStarts(starts []field) []field {
	out := make([]field, len(starts))
	for i, f := range starts {
		out[i] = f
		if f.dyn || path.IsAbs(f.s) {
			continue
		}
		if !c.sc.cwdKnown || c.sc.cwd == "" {
			out[i].dyn = true
			continue
		}
		out[i].s = path.Join(c.sc.cwd, f.s)
	}
	return out
}

// foundField replaces {} in an -exec argument by what find substitutes:
// a file below the start path (a glob when there is one static start
// path, otherwise not known statically).
func foundField(f field, starts []field, name string) field {
	if len(starts) == 1 && !starts[0].dyn && !f.dyn {
		if name != "" && f.s == "{}" {
			// find DIR -name PAT: the files below DIR whose name matches
			return filtered(starts[0], name, treeOpts{})
		}
		f.s = strings.ReplaceAll(f.s, "{}", path.Join(starts[0].s, "*"))
		f.glob = true
		return f
	}
	f.dyn = true
	return f
}

// findNameFilter returns the one -name pattern a find expression keeps
// files by, when the expression is that filter and tests that only narrow
// it (-type, -maxdepth, …); "" otherwise.
func findNameFilter(args []string) string {
	name := ""
	for i, a := range args {
		switch a {
		case "-name":
			if name != "" || i+1 >= len(args) || strings.Contains(args[i+1], "/") {
				return ""
			}
			name = args[i+1]
		case "-o", "-or", "!", "-not", ",", "-prune", "-path", "-wholename", "-iname", "-ipath", "-regex", "-iregex", "(", ")":
			return ""
		}
	}
	return name
}

// containsCode reports whether an interpreter invocation carries its
// program inline (sh -c '…'), which is then analyzed, rather than reading
// it from its arguments.
func containsCode(fs []field) bool {
	for _, f := range fs[1:] {
		if f.s == "-c" || f.s == "-e" || (strings.HasPrefix(f.s, "-") && !strings.HasPrefix(f.s, "--") && strings.ContainsAny(f.s, "c")) {
			return true
		}
	}
	return false
}

func (c *cmd) copyLike() {
	n := c.name
	o := c.parse(fileOpOptions.Get()[n])
	if n == "rsync" {
		if err := c.rsyncShell(o); err != nil && c.a.deferred == nil {
			c.a.deferred = err
		}
	}
	if n == "scp" {
		c.sshProgramOptions(o) // -S PROGRAM, -D SFTP-SERVER (netprograms.go)
		for _, f := range o.values("-J") {
			c.host(f.s, "scp -J")
		}
		for _, f := range o.values("-o") {
			if sshOption(c, f.s) != "" {
				c.opaque("ssh option runs a command: " + clip(f.s))
			}
		}
		c.sshConfigCode(o) // hostfiles.go
	}
	pos := c.posFields(o)
	if n == "scp" || n == "rsync" {
		for i, f := range pos {
			if g, ok := c.loopbackPath(f); ok {
				pos[i] = g
			}
		}
	}
	remote := func(f field) bool {
		if h, ok := scpHost(f.s); ok && (n == "scp" || n == "rsync") {
			c.host(h, n+" remote path")
			return true
		}
		if hs := urlHosts(f.s); len(hs) > 0 {
			for _, h := range hs { // rsync://host/module, also as a destination
				c.host(h, n+" URL")
			}
			return true
		}
		return false
	}
	var srcs []field
	var dest *field
	if t := o.values("-t", "--target-directory"); len(t) > 0 && n != "scp" {
		dest = &t[0]
		srcs = pos
	} else if n == "install" && o.is("-d") {
		for _, f := range pos {
			c.write(f, "install -d")
		}
		return
	} else if len(pos) >= 2 {
		d := pos[len(pos)-1]
		dest = &d
		srcs = pos[:len(pos)-1]
	} else if len(pos) == 1 && n == "ln" {
		d := field{s: path.Base(pos[0].s), dyn: pos[0].dyn}
		dest = &d
		srcs = pos
	} else {
		srcs = pos
	}
	for _, f := range srcs {
		if remote(f) {
			continue
		}
		if n == "mv" || (n == "rsync" && o.is("--remove-source-files")) {
			c.del(f, n+" source")
		}
	}
	if dest != nil && !remote(*dest) {
		why := n + " destination"
		if n == "ln" {
			why = linkNameWhy
		}
		c.write(*dest, why)
		if n == "rsync" && o.any("--delete", "--delete-before", "--delete-after", "--delete-during", "--delete-excluded", "--del") {
			c.del(*dest, "rsync --delete")
		}
	}
	c.linkCommand(o, srcs, dest)
	c.noteCopies(o, srcs, dest) // renames.go
	if dest != nil {
		// the destination is reported as a write, not a read
		for k := len(o.pos) - 1; k >= 0; k-- {
			if c.args[o.pos[k]].s == dest.s {
				c.skip[o.pos[k]] = true
				break
			}
		}
	}
}

func (c *cmd) modify() {
	n := c.name
	if n == "chmod" || n == "chattr" {
		c.modeOperand() // chmod -x FILE: -x is the mode, not an option
	}
	o := c.parse(fileOpOptions.Get()[n])
	pos := c.posFields(o)
	ix := o.pos
	switch n {
	case "chmod", "chown", "chgrp", "chattr":
		if !o.is("--reference") && len(pos) > 0 {
			c.skip[ix[0]] = true
			pos = pos[1:]
		}
	case "setfacl":
		if len(pos) > 0 && !o.any("-m", "-x", "-M", "-X", "-b", "-k") {
			pos = pos[1:]
		}
	case "mknod":
		if len(pos) > 1 {
			pos = pos[:1]
		}
	}
	for _, f := range pos {
		if !discardTarget(f.s) {
			c.write(f, n+" argument")
			if n == "mkdir" {
				c.noteMade(f) // cdfail.go
			}
		}
	}
}

// fileOpPrograms copy, move, create, change, sort into and delete files.
func fileOpPrograms() []program {
	return []program{
		{"rm rmdir unlink shred srm", effects((*cmd).remove)},
		{"trash trash-put rmtrash wipe gio", effects((*cmd).trash)},
		{"mv cp install ln rsync scp", effects((*cmd).copyLike)},
		{"touch mkdir truncate chmod chown chgrp tee sponge ed ex chattr setfacl mkfifo mknod", effects((*cmd).modifyCmd)},
		{"sort", effects((*cmd).sortCmd)},
		{"uniq", effects((*cmd).uniqCmd)},
		{"dd", effects((*cmd).ddCmd)},
		{"find", (*cmd).find},
	}
}

// fileOpOptions are the options of copyLike's and modify's programs that
// take a value (knowledge.go's progSpecs add theirs).
var fileOpOptions = &lazy.Value[map[string]optSpec]{New: func() map[string]optSpec {
	// (--backup, --reflink, --sparse, --preserve take a value only as
	// --opt=VALUE: the next word is an operand)
	cp := optSpec{short: "tSm", long: []string{"--target-directory", "--suffix"}}
	mk := optSpec{short: "mZ", long: []string{"--mode", "--context"}}
	mode := optSpec{long: []string{"--reference", "--from"}, short: "mMxX"}
	tee := optSpec{short: "p"}
	return map[string]optSpec{
		"cp": cp, "mv": cp,
		"install": {short: "tSmogT", long: []string{"--target-directory", "--suffix", "--mode", "--owner", "--group"}},
		"ln":      {short: "tS", long: []string{"--target-directory", "--suffix"}},
		"rsync": {short: "ef", long: []string{"--rsh", "--rsync-path", "--exclude", "--include", "--filter", "--exclude-from", "--include-from",
			"--files-from", "--password-file", "--log-file", "--temp-dir", "--partial-dir", "--backup-dir", "--chmod", "--chown", "--timeout",
			"--port", "--bwlimit"}},
		"scp":   {short: "cFiJloPSDX"},
		"touch": {short: "dtr", long: []string{"--date", "--reference", "--time"}},
		"mkdir": mk, "mkfifo": mk, "mknod": mk,
		"truncate": {short: "sr", long: []string{"--size", "--reference"}},
		"chmod":    mode, "chown": mode, "chgrp": mode, "chattr": mode, "setfacl": mode,
		"tee": tee, "sponge": tee, "ed": tee, "ex": tee,
	}
}}

func (c *cmd) remove() {
	o := c.parse(optSpec{short: "ns", long: []string{"--iterations", "--size", "--random-source"}})
	for _, f := range c.posFields(o) {
		c.del(f, c.name+" argument")
	}
}

func (c *cmd) trash() {
	n := c.name
	o := c.parse(optSpec{})
	pos := c.posFields(o)
	if n == "gio" {
		if len(pos) == 0 || (pos[0].s != "trash" && pos[0].s != "remove" && pos[0].s != "rm") {
			return
		}
		pos = pos[1:]
	}
	for _, f := range pos {
		c.del(f, n+" argument")
	}
}

func (c *cmd) modifyCmd() {
	c.modify()
	c.teeText()
	if c.name == "ed" || c.name == "ex" {
		c.opaque(c.name + " reads editing commands, which may run a shell (!)")
	}
}

func (c *cmd) sortCmd() {
	o := c.parse(optSpec{short: "okStT", long: []string{"--output", "--key", "--buffer-size", "--field-separator", "--temporary-directory"}})
	for _, f := range o.values("-o", "--output") {
		c.write(f, "sort -o")
	}
}

func (c *cmd) uniqCmd() {
	o := c.parse(optSpec{short: "fsw", long: []string{"--skip-fields", "--skip-chars", "--check-chars", "--group", "--all-repeated"}})
	if len(o.pos) >= 2 {
		c.write(c.args[o.pos[1]], "uniq output")
	}
}

func (c *cmd) ddCmd() {
	for i := range c.args {
		if v, ok := strings.CutPrefix(c.s(i), "of="); ok {
			f := c.args[i]
			f.s = v
			if !discardTarget(v) {
				c.write(f, "dd of=")
			}
		}
		if v, ok := strings.CutPrefix(c.s(i), "if="); ok {
			f := c.args[i]
			f.s = v
			c.read(f, "dd if=")
		}
	}
}
