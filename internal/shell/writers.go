package shell

import (
	"path"
	"strconv"
	"strings"
)

// This file applies knowledge.go's tables: the effects of programs'
// options, their operand rules, and the candidate writes of programs whose
// writes are not modelled.

// writeState is what the write analysis keeps per command.
type writeState struct {
	key      string // the table key when it is not the name ("git log")
	last     opts   // the options parsed last by the command's rule
	parsed   bool   // last is set
	modelled bool   // every write-capable argument is modelled
	noCand   []bool // arguments that are never candidate writes (a script run)
	gitDir   *field // git --git-dir / GIT_DIR, for git init
	applet   bool   // busybox / toybox running one of its applets
}

func (c *cmd) specKey() string {
	if c.w.key != "" {
		return c.w.key
	}
	return c.name
}

func (c *cmd) spec() *compiledSpec { return specFor(c.specKey()) }

// withSpec adds the value options of c's table entry to sp, so that their
// values are not taken for operands.
func (c *cmd) withSpec(sp optSpec) optSpec {
	cs := c.spec()
	if cs == nil {
		return sp
	}
	short := sp.short
	for i := 0; i < len(cs.short); i++ {
		if strings.IndexByte(short, cs.short[i]) < 0 {
			short += cs.short[i : i+1]
		}
	}
	sp.short = short
	if len(cs.long) > 0 {
		sp.long = append(append(make([]string, 0, len(sp.long)+len(cs.long)), sp.long...), cs.long...)
	}
	if len(cs.dashLong) > 0 {
		sp.dashLong = append(append(make([]string, 0, len(sp.dashLong)+len(cs.dashLong)), sp.dashLong...), cs.dashLong...)
	}
	return sp
}

// abbreviates reports whether name ("--out") is a proper prefix of one of
// the long options in list.
func abbreviates(list []string, name string) bool {
	if len(name) < 4 || !strings.HasPrefix(name, "--") {
		return false
	}
	for _, l := range list {
		if len(l) > len(name) && strings.HasPrefix(l, name) {
			return true
		}
	}
	return false
}

// hasLong reports whether option full is present, spelled in full or
// abbreviated (for options that add effects: an abbreviation counts).
func (o opts) hasLong(full string) bool {
	for _, h := range o.has {
		if h == full || len(h) >= 4 && strings.HasPrefix(h, "--") && strings.HasPrefix(full, h) {
			return true
		}
	}
	return false
}

// anyOf reports whether one of the options is present; long ones may be
// abbreviated.
func (o opts) anyOf(keys ...string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k, "--") {
			if o.hasLong(k) {
				return true
			}
		} else if contains(o.has, k) {
			return true
		}
	}
	return false
}

// eachEffect calls fn with the effect of option key's value: its own,
// or, for an abbreviated long option, those of every option it may
// stand for.
func (cs *compiledSpec) eachEffect(key string, fn func(fx string) error) error {
	if fx, ok := cs.fx[key]; ok {
		return fn(fx)
	}
	if len(key) < 4 || !strings.HasPrefix(key, "--") {
		return nil
	}
	if fx, ok := cs.fx[key[1:]]; ok {
		return fn(fx) // --name for a -name option (Go's flag package takes both)
	}
	for name, fx := range cs.fx {
		if strings.HasPrefix(name, key) {
			if err := fn(fx); err != nil {
				return err
			}
		}
	}
	return nil
}

// applySpec reports what c's table entry says its options and operands
// do.
func (c *cmd) applySpec() error {
	cs := c.spec()
	if cs == nil {
		return nil
	}
	if len(cs.fx) == 0 && cs.ops == "" {
		c.w.modelled = cs.complete // nothing to apply
		return nil
	}
	o := c.w.last
	if !c.w.parsed {
		o = c.parse(optSpec{})
	}
	for _, v := range o.vals {
		if err := cs.eachEffect(v.key, func(fx string) error { return c.effect(v, fx) }); err != nil {
			return err
		}
	}
	dry := false
	for _, d := range cs.dry {
		if contains(o.has, d) {
			dry = true
		}
	}
	if cs.ops != "" {
		if err := c.operands(cs.ops, o, dry); err != nil {
			return err
		}
	}
	if cs.complete {
		c.w.modelled = true
	}
	return nil
}

// effect reports one option value's effect.
func (c *cmd) effect(v optValue, fx string) error {
	f := v.f
	why := c.specKey() + " " + v.key
	switch fx {
	case "w":
		if f.s != "-" && !discardTarget(f.s) {
			c.write(f, why)
		}
	case "d":
		c.write(f, why)
	case "p":
		c.write(prefixGlob(f, ""), why)
	case "r":
		c.read(f, why)
	case "rw":
		c.read(f, why)
		c.write(f, why)
	case "c", "x":
		return c.code(f, why, false)
	case "o":
		c.opaque(why + " makes what " + c.name + " does unknown")
	}
	return nil
}

// prefixGlob is the glob of the files whose names start with f and end
// with suffix.
func prefixGlob(f field, suffix string) field {
	f.s = globQuote(f.s) + "*" + globQuote(suffix)
	f.glob = true
	return f
}

// globQuote escapes glob metacharacters of a literal part of a glob.
func globQuote(s string) string {
	if !strings.ContainsAny(s, `*?[\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(`*?[\`, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mayWrite reports whether argument i of c is a candidate write: c is a
// program whose writes are not modelled (neither read-only nor modelled
// completely).
func (c *cmd) mayWrite(i int) bool {
	if c.w.modelled || c.text || readOnlySet()[c.name] {
		return false
	}
	return i >= len(c.w.noCand) || !c.w.noCand[i]
}

// notCandidate marks argument i as never a candidate write.
func (c *cmd) notCandidate(i int) {
	if c.w.noCand == nil {
		c.w.noCand = make([]bool, len(c.args))
	}
	if i < len(c.w.noCand) {
		c.w.noCand[i] = true
	}
}

// maxCluster bounds the option letters before a value in a cluster of
// short options (-xvfVALUE) that candidates consider.
const maxCluster = 8

// candidates reports the candidate writes of argument f of a program
// whose writes are not modelled: the argument itself, the value of
// --opt=VALUE and -opt=VALUE, any tail of a cluster of short options
// (-oVALUE, -xoVALUE), the value of NAME=VALUE and the parts of lists
// (a:b, x=a,y=b). (The word after -o is an argument of its own.)
func (a *analyzer) candidates(c *cmd, f field, end bool) {
	s := f.s
	if s == "" || strings.Contains(s, "://") || strings.ContainsRune(s, '\n') {
		return
	}
	var buf [12]string
	list := buf[:0]
	if !end && len(s) > 1 && s[0] == '-' {
		switch {
		case strings.HasPrefix(s, "--"):
			if _, v, ok := strings.Cut(s, "="); ok {
				list = append(list, v)
			}
		default:
			if n, v, ok := strings.Cut(s[1:], "="); ok && len(n) > 1 && optionName(n) {
				list = append(list, v) // -name=VALUE (Go, Java, find-style options)
				break
			}
			for k := 2; k < len(s) && k < 2+maxCluster; k++ {
				if !isOptByte(s[k-1]) {
					break
				}
				list = append(list, s[k:])
			}
		}
	} else {
		list = append(list, s)
		if n, v, ok := strings.Cut(s, "="); ok && n != "" {
			list = append(list, v)
		}
	}
	for _, p := range list {
		if strings.ContainsAny(p, ":,") {
			for _, piece := range strings.FieldsFunc(p, func(r rune) bool { return r == ':' || r == ',' }) {
				if _, v, ok := strings.Cut(piece, "="); ok {
					piece = v
				}
				if piece != p && len(list) < 32 {
					list = append(list, piece)
				}
			}
		}
	}
	for _, p := range list {
		if !mayBePath(p) {
			continue
		}
		g := field{s: p, dyn: f.dyn, glob: f.glob && strings.ContainsAny(p, "*?["), cand: true}
		a.path(c.sc, kWrite, g, c.name, "argument of a program whose writes are not modelled")
		if q := strings.TrimLeft(p, "@<"); q != p && mayBePath(q) {
			g.s = q
			a.path(c.sc, kWrite, g, c.name, "argument of a program whose writes are not modelled")
		}
	}
}

func isOptByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// mayBePath reports whether s could name a file: not empty, not "-", not a
// number.
func mayBePath(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	if c := s[len(s)-1]; c < '0' || c > '9' {
		return true // (and no error value to allocate)
	}
	_, err := strconv.ParseFloat(s, 64)
	return err != nil
}

// positionals returns the fields of o's operands.
func (c *cmd) operandFields(o opts) []field { return c.fieldsAt(o.pos) }

// joinField is dir/name as a field.
func joinField(dir field, name string) field {
	dir.s = strings.TrimSuffix(dir.s, "/") + "/" + name
	dir.glob = dir.glob || strings.ContainsAny(name, "*?[")
	return dir
}

// operands applies the operand rule named op.
func (c *cmd) operands(ops string, o opts, dry bool) error {
	if dry {
		return nil
	}
	for _, op := range strings.Split(ops, ",") {
		if err := c.operand(op, o); err != nil {
			return err
		}
	}
	return nil
}

func (c *cmd) operand(op string, o opts) error {
	pos := c.operandFields(o)
	switch op {
	case "backup":
		c.backupOps(o, pos)
	case "file": // file -C compiles a magic file into NAME.mgc
		if o.anyOf("-C", "--compile") {
			c.write(field{s: "*.mgc", glob: true}, "file -C")
		}
	case "less":
		for _, f := range c.args {
			if s := f.s; strings.HasPrefix(s, "+") && (strings.ContainsAny(s, "!|") || strings.HasPrefix(s, "+s") || strings.HasPrefix(s, "+v") || f.dyn) {
				c.opaque("less runs commands given with +: " + clip(s))
			}
		}
	case "unzip":
		for _, f := range c.args {
			if f.s == "-:" || strings.HasPrefix(f.s, "-") && !strings.HasPrefix(f.s, "--") && strings.Contains(f.s, ":") {
				c.write(field{s: "/"}, "unzip -: (members may name any path)")
			}
		}
	case "7z":
		c.sevenZipOps(pos)
	case "ssh":
		c.sshOps(o)
	case "exchange": // mv --exchange swaps: the sources are written too
		if o.hasLong("--exchange") {
			for _, f := range pos {
				c.write(f, "mv --exchange")
			}
		}
	case "mkdir":
		if o.anyOf("-p", "--parents") {
			for _, f := range pos {
				c.gitAncestors(f, "mkdir -p")
			}
		}
	case "link": // link FILE1 FILE2: a hard link is another name for FILE1
		if len(pos) == 2 {
			c.write(pos[1], linkNameWhy)
			c.write(pos[0], "hard link target")
			c.a.addLink(c.sc, pos[1], pos[0], true)
		}
	case "make":
		return c.makeOps(o)
	case "patch":
		c.patchOps(o, pos)
	case "split":
		return c.splitOps(o, pos)
	case "csplit":
		c.csplitOps(o)
	case "mktemp":
		c.mktempOps(o, pos)
	case "xxd": // xxd [-r] [infile [outfile]]
		if len(pos) >= 2 && pos[1].s != "-" {
			c.write(pos[1], "xxd output")
		}
	case "history": // history -a|-w [FILE]
		if o.anyOf("-a", "-w") {
			if len(pos) > 0 {
				c.write(pos[0], "history file")
			} else {
				c.write(c.homeField(".bash_history"), "history file")
			}
		}
	case "fc":
		if !o.anyOf("-l") {
			c.opaque("fc runs commands from the history")
		}
	case "inplaceW": // gofmt -w, goimports -w
		if o.anyOf("-w") {
			for _, f := range pos {
				c.write(f, c.name+" -w")
			}
		}
	case "rustfmt":
		emit := ""
		for _, v := range o.values("--emit") {
			emit = v.s
		}
		if !o.anyOf("--check") && emit != "stdout" && !(len(pos) == 0) {
			for _, f := range pos {
				c.write(f, "rustfmt")
			}
		}
	case "yq": // yq -i EXPR FILE…
		if o.anyOf("-i", "--inplace") && len(pos) > 1 {
			for _, f := range pos[1:] {
				c.write(f, "yq -i")
			}
		}
	case "ar":
		c.arOps()
	case "cpio":
		c.cpioOps(o, pos)
	case "pax":
		c.paxOps(o, pos)
	case "rename":
		c.renameOps(o, pos)
	case "compress":
		c.compressOps(o, pos)
	case "rsync":
		c.rsyncOps(o, pos)
		c.backupOps(o, pos)
	case "curl":
		c.curlOps(o)
	case "wget":
		return c.wgetOps(o)
	case "tar":
		c.tarOps(o)
		for _, v := range o.values("--checkpoint-action") {
			if cmdText, ok := strings.CutPrefix(v.s, "exec="); ok {
				v.s = cmdText
				if err := c.code(v, "tar --checkpoint-action=exec", false); err != nil {
					return err
				}
			}
		}
	default:
		return c.gitOperands(op, o, pos)
	}
	return nil
}

// gitAncestors reports the .git directories a command that creates the
// leading directories of f (mkdir -p, install -D) creates on the way.
func (c *cmd) gitAncestors(f field, why string) {
	p := f.s
	for i := 0; i < len(p); {
		j := strings.Index(p[i:], ".git")
		if j < 0 {
			return
		}
		end := i + j + len(".git")
		startOK := i+j == 0 || p[i+j-1] == '/'
		if startOK && end < len(p) && p[end] == '/' {
			g := f
			g.s = p[:end]
			c.write(g, why+" creates a .git directory")
		}
		i = end
	}
}

func (c *cmd) splitOps(o opts, pos []field) error {
	if len(o.values("--filter")) > 0 {
		return nil // the command writes (analysed as code)
	}
	prefix := field{s: "x"}
	if len(pos) >= 2 {
		prefix = pos[1]
	}
	suffix := ""
	for _, v := range o.values("--additional-suffix") {
		suffix = v.s
		if v.dyn || strings.Contains(v.s, "/") {
			c.opaque("split output names not known statically: " + clip(v.s))
		}
	}
	c.write(prefixGlob(prefix, suffix), "split output")
	return nil
}

func (c *cmd) csplitOps(o opts) {
	pos := o.pos
	for i, k := range pos {
		if i > 0 {
			c.skip[k] = true // patterns, not files
		}
	}
	prefix := field{s: "xx"}
	for _, v := range o.values("-f", "--prefix") {
		prefix = v
	}
	for _, v := range o.values("-b", "--suffix-format") {
		if v.dyn || strings.Contains(v.s, "/") {
			c.opaque("csplit output names not known statically: " + clip(v.s))
		}
	}
	c.write(prefixGlob(prefix, ""), "csplit output")
}

func (c *cmd) mktempOps(o opts, pos []field) {
	tmpl := field{s: "tmp.XXXXXXXXXX"}
	explicit := len(pos) > 0
	if explicit {
		tmpl = pos[0]
	}
	dir := ""
	var dirF field
	for _, v := range o.values("-p", "--tmpdir") {
		dir, dirF = v.s, v
	}
	if dir == "" && (o.anyOf("-t", "--tmpdir") || !explicit) {
		dir, dirF = "/tmp", field{s: "/tmp"}
		if v, ok := c.a.lookup(c.sc, "TMPDIR"); ok && v != "" {
			dir, dirF.s = v, v
		}
	}
	suffix := ""
	for _, v := range o.values("--suffix") {
		suffix = v.s
	}
	// The trailing X's are replaced by random characters.
	s := strings.TrimRight(tmpl.s, "X")
	n := len(tmpl.s) - len(s)
	g := tmpl
	g.s = globQuote(s) + strings.Repeat("?", n) + globQuote(suffix)
	g.glob = true
	if dir != "" && !path.IsAbs(tmpl.s) {
		g.s = globQuote(strings.TrimSuffix(dir, "/")) + "/" + g.s
		g.dyn = g.dyn || dirF.dyn
	}
	c.write(g, "mktemp")
}

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
		}
	case r:
		c.write(c.cwdField(), "pax extract")
		c.write(field{s: "/"}, "pax extract (absolute member names)")
	case w:
		for _, v := range o.values("-f") {
			c.write(v, "pax archive")
		}
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
	keep := cp.keep && !o.anyOf("--rm") || o.anyOf("-k", "--keep")
	for _, v := range o.values("-S", "--suffix") {
		cp.suffix = v.s
	}
	if len(o.values("-o", "--output")) > 0 {
		return // one output, reported by the table
	}
	if (c.name == "lz4" || c.name == "unlz4") && len(pos) == 2 && !o.anyOf("-m", "--multiple") {
		c.write(pos[1], c.name+" output")
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

func (c *cmd) rsyncOps(o opts, pos []field) {
	for _, v := range o.values("--write-batch", "--only-write-batch") {
		c.write(prefixGlob(v, ""), "rsync batch file")
	}
	var dest *field
	if len(pos) >= 2 {
		dest = &pos[len(pos)-1]
	}
	for _, v := range o.values("--partial-dir", "-T", "--temp-dir") {
		c.write(v, "rsync working directory")
		if dest != nil && !path.IsAbs(v.s) && !v.dyn {
			if _, remote := scpHost(dest.s); !remote {
				c.write(joinField(*dest, v.s), "rsync working directory (below the destination)")
			}
		}
	}
}

func (c *cmd) curlOps(o opts) {
	if o.anyOf("-J", "--remote-header-name") {
		dir := c.cwdField()
		if d := o.values("--output-dir"); len(d) > 0 {
			dir = d[len(d)-1]
		}
		c.write(joinField(dir, "*"), "curl -J (the server names the file)")
	}
	for _, v := range o.values("-w", "--write-out") {
		s := v.s
		for {
			i := strings.Index(s, "%output{")
			if i < 0 {
				break
			}
			s = s[i+len("%output{"):]
			j := strings.IndexByte(s, '}')
			if j < 0 {
				break
			}
			f := v
			f.s = strings.TrimPrefix(s[:j], ">>")
			c.write(f, "curl --write-out %output")
			s = s[j:]
		}
	}
	if d := o.values("--output-dir"); len(d) > 0 {
		// -o names are relative to --output-dir
		for _, v := range o.values("-o", "--output") {
			if !path.IsAbs(v.s) && v.s != "-" {
				c.write(joinField(d[len(d)-1], v.s), "curl -o in --output-dir")
			}
		}
	}
	for _, v := range o.values("--output-dir") {
		if o.anyOf("--create-dirs") {
			c.gitAncestors(joinField(v, "x"), "curl --create-dirs")
		}
	}
	if o.anyOf("--create-dirs") {
		for _, v := range o.values("-o", "--output") {
			c.gitAncestors(v, "curl --create-dirs")
		}
	}
}

// wgetrc commands (-e) that name files.
var wgetrcFiles = map[string]string{
	"outputdocument": "w", "logfile": "w", "dirprefix": "d", "savecookies": "w", "rejectedlog": "w",
	"hstsfile": "rw", "warcfile": "p", "loadcookies": "r", "postfile": "r", "bodyfile": "r", "inputfile": "r",
	"useaskpass": "x", "cacertificate": "r", "certificate": "r", "privatekey": "r",
}

func (c *cmd) wgetOps(o opts) error {
	prefix := c.cwdField()
	for _, v := range o.values("-P", "--directory-prefix") {
		prefix = v
	}
	for _, v := range o.values("-e", "--execute") {
		k, val, ok := strings.Cut(v.s, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(k))
		f := v
		f.s = strings.TrimSpace(val)
		if fx, ok := wgetrcFiles[k]; ok {
			if err := c.effect(optValue{"-e " + k, f}, fx); err != nil {
				return err
			}
		}
		switch k {
		case "recursive", "mirror", "pagerequisites", "contentdisposition", "trustservernames":
			c.write(joinField(prefix, "*"), "wget -e "+k)
		}
	}
	for _, v := range o.values("--warc-file") {
		c.write(prefixGlob(v, ""), "wget --warc-file")
	}
	if len(o.values("--config")) > 0 {
		for _, v := range o.values("--config") {
			c.read(v, "wget --config")
		}
		c.opaque("wget reads a configuration file, which can name files and programs")
	}
	if o.anyOf("-r", "--recursive", "-m", "--mirror", "-p", "--page-requisites", "-x", "--force-directories", "--protocol-directories") && len(o.values("-O", "--output-document")) == 0 {
		c.write(prefix, "wget recursive download")
	}
	if o.anyOf("--content-disposition", "--trust-server-names") && len(o.values("-O", "--output-document")) == 0 {
		c.write(joinField(prefix, "*"), "wget (the server names the file)")
	}
	if o.anyOf("-b", "--background") && len(o.values("-o", "--output-file", "-a", "--append-output")) == 0 {
		c.write(field{s: "wget-log*", glob: true}, "wget -b log")
	}
	return nil
}

// patchOps: patch [ORIGFILE [PATCHFILE]] writes ORIGFILE (and its
// backup and reject files next to it), or the files the patch names
// below the directory (-d, or the cwd).
func (c *cmd) patchOps(o opts, pos []field) {
	dir := c.cwdField()
	if d := o.values("-d", "--directory"); len(d) > 0 {
		dir = d[len(d)-1]
	}
	if len(pos) > 1 {
		c.read(pos[1], "patch file")
		c.notCandidate(o.pos[1])
	}
	if len(pos) == 0 || len(o.values("-o", "--output")) > 0 && len(pos) == 0 {
		c.write(dir, "patch (files named in the patch)")
		return
	}
	orig := pos[0]
	if !path.IsAbs(orig.s) && dir.s != "." {
		orig = joinField(dir, orig.s)
	}
	if len(o.values("-o", "--output")) == 0 {
		c.write(orig, "patch target")
	}
	c.write(prefixGlob(orig, ""), "patch backup and reject files")
	for _, v := range o.values("-Y", "--basename-prefix") {
		c.write(prefixGlob(joinField(dirField(orig), v.s), ""), "patch backup")
	}
}

// backupOps: cp, mv, ln, install and rsync with --backup or --suffix
// keep the file they replace as DEST + SUFFIX (or DEST.~N~): files whose
// names start with the destination's.
func (c *cmd) backupOps(o opts, pos []field) {
	if !o.anyOf("-b", "--backup", "-S", "--suffix") || len(pos) == 0 {
		return
	}
	t := o.values("-t", "--target-directory")
	if len(t) > 0 {
		for _, src := range pos {
			c.write(prefixGlob(joinField(t[len(t)-1], path.Base(src.s)), ""), c.name+" backup")
		}
		return
	}
	if len(pos) < 2 {
		return
	}
	dest := pos[len(pos)-1]
	c.write(prefixGlob(dest, ""), c.name+" backup")
	for _, src := range pos[:len(pos)-1] {
		c.write(prefixGlob(joinField(dest, path.Base(src.s)), ""), c.name+" backup")
	}
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

// sshOps: ssh -L/-R/-D with a path make a Unix socket there.
func (c *cmd) sshOps(o opts) {
	for _, v := range o.values("-L", "-R", "-D", "-W") {
		for _, part := range strings.Split(v.s, ":") {
			if strings.Contains(part, "/") {
				f := v
				f.s = part
				c.write(f, "ssh forwarded socket")
			}
		}
	}
}

// sshFileOption reports the ssh -o options that write files, run a
// program or load a library.
func sshFileOption(c *cmd, key, value string) {
	switch key {
	case "userknownhostsfile", "controlpath":
		for _, p := range strings.Fields(value) {
			if strings.EqualFold(p, "none") {
				continue
			}
			f := field{s: p}
			if strings.HasPrefix(p, "~/") {
				f = c.homeField(p[2:])
			}
			c.write(f, "ssh -o "+key)
		}
	case "xauthlocation":
		if err := c.code(field{s: value}, "ssh -o XAuthLocation", false); err != nil {
			c.opaque("ssh option runs a program: " + clip(value))
		}
	case "pkcs11provider", "securitykeyprovider":
		c.opaque("ssh option loads a library: " + clip(key))
	}
}

// optionName reports whether n can be the name of a -name=VALUE option.
func optionName(n string) bool {
	for i := 0; i < len(n); i++ {
		if !isOptByte(n[i]) && n[i] != '-' && n[i] != '_' {
			return false
		}
	}
	return n != ""
}

// socatFiles reports the files a socat address opens or creates: a bare
// path (GOPEN), CREATE/OPEN/GOPEN/PIPE:path, the Unix socket addresses,
// and the link= option (a symbolic link to a pseudo terminal).
func (c *cmd) socatFiles(f field) {
	s := f.s
	if s == "-" || s == "" || strings.EqualFold(s, "stdio") || strings.EqualFold(s, "stdin") || strings.EqualFold(s, "stdout") {
		return
	}
	addr, opts, _ := strings.Cut(s, ",")
	typ, rest, hasType := strings.Cut(addr, ":")
	file := field{dyn: f.dyn}
	switch t := strings.ToUpper(typ); {
	case !hasType && strings.Contains(addr, "/"):
		file.s = addr // a path alone is GOPEN
	case t == "CREATE" || t == "CREAT" || t == "OPEN" || t == "GOPEN" || t == "PIPE" || t == "FILE" ||
		strings.HasPrefix(t, "UNIX-") || strings.HasPrefix(t, "UNIX"):
		file.s = rest
	}
	if file.s != "" {
		c.write(file, "socat address")
	}
	for _, o := range strings.Split(opts, ",") {
		if v, ok := strings.CutPrefix(strings.ToLower(o), "link="); ok && v != "" {
			c.write(field{s: o[len("link="):], dyn: f.dyn}, "socat link=")
		}
	}
}
