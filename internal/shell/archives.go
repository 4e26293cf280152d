package shell

import (
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// What archivers, compressors and renamers write (operand rules named in
// knowledge.go): where extraction puts members (absolute member names
// go anywhere), which archive a command rewrites, the names compressors
// give their output, and the names both renames compute.

// arOps: ar [-]KEY[MODS] [--plugin P] [RELPOS] [COUNT] ARCHIVE [MEMBER…]
func (c *cmd) arOps() {
	var key string
	var rest []field
	keyFound := false
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		switch {
		case s == "--plugin" || s == "--target" || s == "--output" || s == "--record-libdeps":
			i++
			continue
		case strings.HasPrefix(s, "--") || strings.HasPrefix(s, "@"):
			continue
		}
		if !keyFound {
			key, keyFound = strings.TrimPrefix(s, "-"), true
			continue
		}
		rest = append(rest, c.args[i])
	}
	op := byte(0)
	for i := 0; i < len(key); i++ {
		if strings.IndexByte("dmpqrstx", key[i]) >= 0 {
			op = key[i]
			break
		}
	}
	skip := 0
	if strings.ContainsAny(key, "abi") && op != 'x' && op != 'p' && op != 't' {
		skip++
	}
	if strings.Contains(key, "N") {
		skip++
	}
	if strings.Contains(key, "l") && op != 'x' && op != 'p' && op != 't' {
		skip++
	}
	if len(rest) <= skip {
		return
	}
	archive, members := rest[skip], rest[skip+1:]
	switch op {
	case 'd', 'm', 'q', 'r', 's':
		c.write(archive, "ar archive")
	case 'x':
		dir := c.cwdField()
		for i := 0; i < len(c.args); i++ {
			if v, ok := strings.CutPrefix(c.s(i), "--output="); ok {
				dir = c.args[i]
				dir.s = v
			} else if c.s(i) == "--output" && i+1 < len(c.args) {
				dir = c.args[i+1]
			}
		}
		if len(members) == 0 || strings.Contains(key, "P") {
			c.write(dir, "ar extract")
			return
		}
		for _, m := range members {
			c.write(joinField(dir, path.Base(m.s)), "ar extract")
		}
	}
}

func (c *cmd) cpioOps(o opts, pos []field) {
	switch {
	case o.anyOf("-o", "--create"):
		for _, v := range o.values("-F", "--file", "-O") {
			if !remoteArchive(v.s) {
				c.write(v, "cpio archive")
			}
		}
	case o.anyOf("-p", "--pass-through"):
		if len(pos) > 0 {
			c.write(pos[len(pos)-1], "cpio destination")
		}
	case o.anyOf("-i", "--extract"):
		for _, v := range o.values("-F", "--file") {
			c.read(v, "cpio archive")
		}
		if o.anyOf("-t", "--list", "--to-stdout") {
			return
		}
		if !o.anyOf("--no-absolute-filenames") {
			// members with absolute names are written where they say
			c.write(field{s: "/"}, "cpio extract (absolute member names)")
		}
		dir := c.cwdField()
		if d := o.values("-D", "--directory"); len(d) > 0 {
			dir = d[len(d)-1]
		}
		c.write(dir, "cpio extract")
	}
}

// remoteArchive reports whether an archive name is [user@]host:file,
// which tar and cpio reach with rsh.
func remoteArchive(s string) bool {
	i := strings.IndexByte(s, ':')
	return i > 0 && !strings.Contains(s[:i], "/")
}

func (c *cmd) paxOps(o opts, pos []field) {
	r, w := o.anyOf("-r"), o.anyOf("-w")
	if len(o.values("-s")) > 0 && r {
		c.opaque("pax -s renames the files it writes")
	}
	switch {
	case r && w:
		if len(pos) > 0 {
			c.write(pos[len(pos)-1], "pax copy destination")
			c.notCandidate(o.pos[len(o.pos)-1])
		}
		c.paxReads(o, pos[:max(len(pos)-1, 0)])
	case r:
		c.write(c.cwdField(), "pax extract")
		c.write(field{s: "/"}, "pax extract (absolute member names)")
	case w:
		for _, v := range o.values("-f") {
			c.write(v, "pax archive")
		}
		c.paxReads(o, pos)
	}
}

// paxReads: pax -w and -rw read the trees their operands name (not with
// -d), or the names standard input lists.
func (c *cmd) paxReads(o opts, files []field) {
	if len(files) == 0 {
		c.listNames(field{s: "-"}, "", !o.anyOf("-d"), "pax names")
		return
	}
	for _, f := range files {
		f.rec = !o.anyOf("-d")
		c.read(f, "pax input")
	}
}

// renameOps: perl rename (rename [-e] EXPR FILE…) and util-linux rename
// (rename FROM TO FILE…) are both called rename: both readings are
// reported. A file renamed is deleted under its old name and written
// under its new one.
func (c *cmd) renameOps(o opts, pos []field) {
	if o.anyOf("-n", "--no-act", "--nono") {
		return
	}
	exprs := o.values("-e", "--expr")
	files := pos
	if len(exprs) == 0 && len(pos) > 0 && c.name != "rename.ul" {
		exprs, files = pos[:1], pos[1:]
	}
	// perl rename
	if c.name != "rename.ul" {
		for _, f := range files {
			c.del(f, "rename source")
			dest, ok := f, len(exprs) > 0
			for _, e := range exprs {
				if e.dyn {
					ok = false
					break
				}
				var known bool
				dest.s, known = perlSubst(e.s, dest.s)
				ok = ok && known
			}
			if ok {
				c.write(dest, "rename destination")
			} else {
				c.write(dirField(f), "rename destination (a name computed at run time)")
			}
		}
		for _, e := range exprs {
			if !e.dyn && !simplePerlSubst(e.s) {
				c.opaque("perl rename expression is perl code: " + clip(e.s))
			} else if e.dyn {
				c.opaque("rename expression not known statically")
			}
		}
	}
	// util-linux rename
	if c.name != "rename" || len(pos) >= 3 {
		if len(pos) < 3 || c.name == "prename" || c.name == "perl-rename" || c.name == "file-rename" {
			return
		}
		from, to := pos[0], pos[1]
		for _, f := range pos[2:] {
			c.del(f, "rename source")
			g := f
			g.s = strings.Replace(f.s, from.s, to.s, 1)
			g.dyn = g.dyn || from.dyn || to.dyn
			c.write(g, "rename destination")
		}
	}
}

// dirField is the directory of f (as a directory written into).
func dirField(f field) field {
	f.s = path.Dir(f.s)
	return f
}

// simplePerlSubst reports whether e is s/A/B/flags or y/A/B/ (tr) with
// literal parts, which renames without running other code.
func simplePerlSubst(e string) bool {
	_, ok := perlSubst(e, "")
	return ok
}

// perlSubst applies a perl s/A/B/[gi] or y/A/B/ expression whose parts are
// literal to name; ok is false when e is anything else.
func perlSubst(e, name string) (string, bool) {
	op := ""
	switch {
	case strings.HasPrefix(e, "s"):
		op = "s"
	case strings.HasPrefix(e, "tr"):
		op = "tr"
	case strings.HasPrefix(e, "y"):
		op = "y"
	default:
		return name, false
	}
	rest := e[len(op):]
	if rest == "" || isOptByte(rest[0]) || rest[0] == ' ' || rest[0] == '\\' {
		return name, false
	}
	d := rest[0]
	parts := strings.Split(rest[1:], string(d))
	if len(parts) != 3 {
		return name, false
	}
	from, to, flags := parts[0], parts[1], parts[2]
	if strings.Trim(flags, "gi") != "" || op != "s" && flags != "" {
		return name, false
	}
	if strings.ContainsAny(from, `\.^$|()[]{}*+?@`) || strings.ContainsAny(to, `\$@`) || from == "" {
		return name, false
	}
	if op != "s" {
		if len(from) != len(to) {
			return name, false
		}
		return strings.NewReplacer(pairs(from, to)...).Replace(name), true
	}
	n := 1
	if strings.Contains(flags, "g") {
		n = -1
	}
	if strings.Contains(flags, "i") {
		return name, false
	}
	return strings.Replace(name, from, to, n), true
}

func pairs(from, to string) []string {
	var out []string
	for i := 0; i < len(from); i++ {
		out = append(out, from[i:i+1], to[i:i+1])
	}
	return out
}

// compressor is what a compression program does by default.
type compressor struct {
	suffix     string
	decompress bool
	keep       bool // keeps its input unless told otherwise (--rm)
}

// compressorRemoves are the options that make a compressor which keeps
// its input by default remove it (zstd/lz4 --rm, brotli -j, lzop -U).
var compressorRemoves = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"zstd": {"--rm"}, "unzstd": {"--rm"}, "lz4": {"--rm"}, "unlz4": {"--rm"},
		"brotli": {"-j", "--rm"}, "lzop": {"-U", "--unlink", "--delete"},
	}
}}

func compressorOf(name string) compressor {
	switch name {
	case "gzip", "pigz":
		return compressor{suffix: ".gz"}
	case "gunzip", "unpigz":
		return compressor{suffix: ".gz", decompress: true}
	case "bzip2", "pbzip2":
		return compressor{suffix: ".bz2"}
	case "bunzip2":
		return compressor{suffix: ".bz2", decompress: true}
	case "xz":
		return compressor{suffix: ".xz"}
	case "unxz":
		return compressor{suffix: ".xz", decompress: true}
	case "lzma":
		return compressor{suffix: ".lzma"}
	case "unlzma":
		return compressor{suffix: ".lzma", decompress: true}
	case "zstd":
		return compressor{suffix: ".zst", keep: true}
	case "unzstd":
		return compressor{suffix: ".zst", decompress: true, keep: true}
	case "lz4":
		return compressor{suffix: ".lz4", keep: true}
	case "unlz4":
		return compressor{suffix: ".lz4", decompress: true, keep: true}
	case "lzip":
		return compressor{suffix: ".lz"}
	case "lzop":
		return compressor{suffix: ".lzo", keep: true}
	case "brotli":
		return compressor{suffix: ".br", keep: true}
	case "compress":
		return compressor{suffix: ".Z"}
	case "uncompress":
		return compressor{suffix: ".Z", decompress: true}
	}
	return compressor{suffix: ".gz"}
}

// compressOps: a compressor replaces FILE by FILE.gz (or the reverse),
// unless it writes to standard output, keeps, tests or lists.
func (c *cmd) compressOps(o opts, pos []field) {
	cp := compressorOf(c.name)
	if o.anyOf("-d", "--decompress", "--uncompress") {
		cp.decompress = true
	}
	if o.anyOf("-z", "--compress") && c.name != "zstd" && c.name != "lz4" {
		cp.decompress = false
	}
	if o.anyOf("-c", "--stdout", "--to-stdout", "-t", "--test", "-l", "--list") {
		return
	}
	rm := o.anyOf(compressorRemoves.Get()[c.name]...)
	keep := cp.keep && !rm || o.anyOf("-k", "--keep")
	for _, v := range o.values("-S", "--suffix") {
		cp.suffix = v.s
	}
	if len(o.values("-o", "--output")) > 0 {
		// one output, reported by the table; the source goes with --rm
		if rm {
			for _, f := range pos {
				if f.s != "-" {
					c.del(f, c.name+" removes its input")
				}
			}
		}
		return
	}
	if (c.name == "lz4" || c.name == "unlz4") && len(pos) == 2 && !o.anyOf("-m", "--multiple") {
		c.write(pos[1], c.name+" output")
		if rm && pos[0].s != "-" {
			c.del(pos[0], c.name+" removes its input")
		}
		return
	}
	dirs := o.values("--output-dir-flat", "--output-dir-mirror", "-p", "--path")
	for _, f := range pos {
		if f.s == "-" {
			continue
		}
		out := f
		switch {
		case o.anyOf("-r", "--recursive"):
			// every file below f is replaced
		case !cp.decompress:
			out.s += cp.suffix
		case o.anyOf("-N", "--name"):
			// the name stored in the archive, in the same directory
			out = joinField(dirField(f), "*")
		default:
			stripped, ok := decompressedName(f.s, cp.suffix)
			if !ok {
				continue // refused: unknown suffix
			}
			out.s = stripped
		}
		if len(dirs) > 0 {
			out = joinField(dirs[0], path.Base(out.s))
		}
		c.write(out, c.name+" output")
		if !keep {
			c.del(f, c.name+" replaces its input")
		}
	}
}

// decompressedName returns the name a decompressor gives the output of
// name, and false when it refuses it.
func decompressedName(name, suffix string) (string, bool) {
	for _, s := range []string{suffix, ".gz", ".z", "-gz", "-z", "_z", ".bz2", ".bz", ".xz", ".lzma", ".zst", ".zstd", ".lz4", ".lz", ".lzo", ".br", ".Z"} {
		if s != "" && len(name) > len(s) && strings.HasSuffix(name, s) {
			return name[:len(name)-len(s)], true
		}
	}
	for _, s := range []string{".tgz", ".taz", ".tbz", ".tbz2", ".txz", ".tzst", ".tlz"} {
		if strings.HasSuffix(name, s) {
			return name[:len(name)-len(s)] + ".tar", true
		}
	}
	return "", false
}

// tarOps: tar -A/--catenate and --delete rewrite the archive; -P
// extracts members with absolute names where they say.
func (c *cmd) tarOps(o opts) {
	if o.anyOf("-A", "--catenate", "--concatenate", "--delete") {
		for _, f := range o.values("-f", "--file") {
			if f.s != "-" {
				c.write(f, c.name+" archive")
			}
		}
	}
	extract := o.anyOf("-x", "--extract", "--get")
	if extract && o.anyOf("-P", "--absolute-names") {
		c.write(field{s: "/"}, c.name+" -P (absolute member names)")
	}
}

// sevenZipOps: 7z d and rn rewrite the archive; x -spf extracts members
// with absolute names where they say.
func (c *cmd) sevenZipOps(pos []field) {
	if len(pos) < 2 {
		return
	}
	switch pos[0].s {
	case "d", "rn":
		c.write(pos[1], "7z "+pos[0].s)
	case "x", "e":
		for _, f := range c.args {
			if strings.HasPrefix(f.s, "-spf") {
				c.write(field{s: "/"}, "7z -spf (absolute member names)")
			}
		}
	}
}

func (c *cmd) archive() {
	n := c.name
	switch n {
	case "tar", "bsdtar":
		// old-style first argument without dash: "xzf"
		if len(c.args) > 0 && !strings.HasPrefix(c.s(0), "-") && !c.args[0].dyn {
			c.args[0].s = "-" + c.args[0].s
		}
		o := c.parse(optSpec{short: "fCIKLNTXbgV", long: []string{"--file", "--directory", "--use-compress-program", "--to-command", "--checkpoint-action", "--rsh-command", "--exclude", "--files-from", "--exclude-from", "--transform", "--owner", "--group", "--mode", "--info-script", "--new-volume-script"}})
		dir := c.cwdField()
		// --exclude=PAT skips every member whose name (or a directory
		// above it) matches PAT, at any depth
		var ex treeOpts
		for _, v := range o.values("--exclude") {
			if !v.dyn {
				ex.exclude = append(ex.exclude, excludeName(v.s)...)
			}
		}
		member := func(f field) {
			if c.rec {
				f = tree(f, ex) // tar c reads the trees they name
			}
			c.read(f, "tar member")
		}
		if d := o.values("-C", "--directory"); len(d) > 0 {
			dir = d[0]
			c.read(dir, "tar -C")
			// member names are relative to the -C directory
			for _, k := range o.pos {
				f := c.args[k]
				if !path.IsAbs(f.s) {
					f.s = path.Join(dir.s, f.s)
				}
				c.skip[k] = true
				member(f)
			}
		} else if c.rec {
			for _, k := range o.pos {
				c.skip[k] = true
				member(c.args[k])
			}
		}
		files := o.values("-f", "--file")
		switch {
		case o.any("-x", "--extract", "--get"):
			if !o.any("-O", "--to-stdout", "--to-command") {
				// members piped to stdout or a command are not written
				c.write(dir, "tar extract directory")
			}
			for _, f := range files {
				c.read(f, "tar archive")
			}
		case o.any("-c", "--create", "-r", "--append", "-u", "--update"):
			for _, f := range files {
				if f.s != "-" && !discardTarget(f.s) {
					c.write(f, "tar archive")
				}
			}
		}
		if o.is("--remove-files") {
			for _, f := range c.posFields(o) {
				c.del(f, "tar --remove-files")
			}
		}
	case "unzip":
		o := c.parse(optSpec{short: "dxP"})
		dir := c.cwdField()
		if d := o.values("-d"); len(d) > 0 {
			dir = d[0]
		}
		if !o.any("-l", "-t", "-v", "-p", "-Z") {
			c.write(dir, "unzip destination")
		}
	case "zip":
		o := c.parse(optSpec{short: "bntxiP", long: []string{"--unzip-command", "--temp-path"}})
		if o.any("-T", "--test") && len(o.values("--unzip-command")) > 0 || o.is("-TT") {
			c.opaque("zip runs a command")
		}
		for _, a := range c.args {
			if a.s == "-TT" {
				c.opaque("zip runs a command")
			}
		}
		if k, ok := c.pos(o, 0); ok {
			c.write(c.args[k], "zip archive")
			c.skip[k] = true
		}
		if o.any("-m", "--move") {
			for _, f := range c.posFields(o)[min(1, len(o.pos)):] {
				c.del(f, "zip -m")
			}
		}
	case "7z", "7za", "7zz", "7zr":
		o := c.parse(optSpec{})
		if k, ok := c.pos(o, 0); ok && len(o.pos) > 1 {
			switch c.s(k) {
			case "a", "u":
				c.write(c.args[o.pos[1]], "7z archive")
			case "x", "e":
				dir := c.cwdField()
				for i := range c.args {
					if v, ok := strings.CutPrefix(c.s(i), "-o"); ok && v != "" {
						dir = c.args[i]
						dir.s = v
					}
				}
				c.write(dir, "7z destination")
			}
		}
	}
}

// archivePrograms create and extract archives (the compressors and the
// other archivers are knowledge.go's).
func archivePrograms() []program {
	return []program{
		{"tar bsdtar unzip zip 7z 7za 7zz 7zr", effects((*cmd).archive)},
	}
}
