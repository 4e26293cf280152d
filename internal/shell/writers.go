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
	shell    string // the shell an option names to run its code with (codeshells.go)
	// shellWords: the words an option naming that shell is looked for
	// in, when c is a part of its command (npm --script-shell=zsh exec -c)
	shellWords []field
	gitDir     *field // git --git-dir / GIT_DIR, for git init
	applet     bool   // busybox / toybox running one of its applets
	argv0      *field // the name the command it runs runs under (exec -a, env --argv0)
	foreign    bool   // its commands run under a shell that is not POSIX (hyperfine -S python3)
	cwdDone    bool   // its "cwd" options were applied before the command it runs (specCwd)
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
	if len(cs.fx) == 0 && cs.ops == "" && !cs.floor {
		c.w.modelled = cs.complete // nothing to apply
		return nil
	}
	o := c.w.last
	if !c.w.parsed {
		o = c.parse(optSpec{})
	}
	if err := c.optEffects(o, cs); err != nil {
		return err
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

// optEffects reports the effects of the option values in o by cs, and
// under cs.floor the candidate writes of what cs does not classify: the
// value of an option it does not list, and the tails of every option
// cluster before the first operand, since a letter the table does not
// know may take the rest of the word (-Xagent-policy.yaml); a tail that
// is a certain write already adds nothing.
func (c *cmd) optEffects(o opts, cs *compiledSpec) error {
	for _, v := range o.vals {
		found := false
		if err := cs.eachEffect(v.key, func(fx string) error { found = true; return c.effect(v, fx) }); err != nil {
			return err
		}
		if !found && cs.floor {
			c.a.candidates(c, v.f, true)
		}
	}
	if !cs.floor {
		return nil
	}
	end := len(c.args)
	if len(o.pos) > 0 {
		end = o.pos[0]
	}
	for i := 0; i < end && i < len(c.args); i++ {
		s := c.s(i)
		if s == "--" {
			break
		}
		if c.skip[i] {
			continue
		}
		if len(s) > 2 && s[0] == '-' && s[1] != '-' && !contains(cs.dashLong, s) {
			c.a.candidates(c, c.args[i], false)
		}
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
	case "w|":
		if s := f.s; strings.HasPrefix(s, "|") || strings.HasPrefix(s, "!") {
			f.s = s[1:]
			return c.code(f, why+" pipe", false)
		}
		if f.s != "-" && !discardTarget(f.s) {
			c.write(f, why)
		}
	case "?":
		c.a.candidates(c, f, true)
	case "sh":
		// the shell the program runs its commands with (SHELL -c CMD):
		// another program reads them in another language
		if w := strings.Fields(f.s); f.dyn || len(w) > 0 && w[0] != "none" && w[0] != "default" && !(isShell(path.Base(w[0])) && posixShell(path.Base(w[0]))) {
			c.opaque(why + " runs the commands with " + clip(f.s) + ", not a POSIX shell")
			c.w.foreign = true
		}
		if w := strings.Fields(f.s); !f.dyn && len(w) > 0 && w[0] != "none" && w[0] != "default" {
			c.w.shell = w[0]
		}
	case "d":
		c.write(f, why)
	case "p":
		c.write(prefixGlob(f, ""), why)
	case "r":
		if f.s != "-" || f.dyn {
			c.read(f, why)
		}
	case "rw":
		c.read(f, why)
		c.write(f, why)
	case "c", "x":
		return c.code(f, why, false)
	case "ld":
		return c.goLinkFlags(f, why) // golang.go
	case "o":
		c.opaque(why + " makes what " + c.name + " does unknown")
	case "s":
		c.foreignCode(f, why)
	case "cwd":
		if !c.w.cwdDone {
			c.runIn([]field{f})
		}
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
	if c.w.modelled || c.text || readOnlySet.Get()[c.name] {
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

// candidates reports the candidate writes of argument f of a program
// whose writes are not modelled: the strings candidateValues (optconv.go)
// says it may name a file by — the argument itself, the value of
// --opt=VALUE and -opt=VALUE, the values its option words may carry under
// the program's option convention (any tail of a getopt cluster, -oVALUE,
// -xoVALUE), the value of NAME=VALUE and the parts of lists (a:b, x=a,y=b).
// (The word after -o is an argument of its own.)
func (a *analyzer) candidates(c *cmd, f field, end bool) {
	if goPatternPrograms.Get()[c.name] && goPattern(f.s) {
		return // packages, not files (optconv.go)
	}
	var buf [12]string
	for _, p := range candidateValues(c.name, f.s, end, buf[:0]) {
		if !mayBePath(p) {
			continue
		}
		g := field{s: p, dyn: f.dyn, glob: f.glob && strings.ContainsAny(p, "*?["), cand: true}
		a.path(c.sc, kWrite, g, c.name, "argument of a program whose writes are not modelled")
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

// operandFields returns the fields of o's operands.
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
			c.write(pos[0], HardLinkTargetWhy)
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
			c.goFormatWrites(pos) // gofmt.go
		}
	case "rustfmt":
		emit := ""
		for _, v := range o.values("--emit") {
			emit = v.s
		}
		if !o.anyOf("--check") && emit != "stdout" && !(len(pos) == 0) {
			for _, f := range pos {
				c.rewrite(f, "rustfmt") // formatters.go
			}
		}
	case "yq": // yq -i EXPR FILE…
		c.yqWrites(o, pos) // yq.go
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

// optionName reports whether n can be the name of a -name=VALUE option.
func optionName(n string) bool {
	for i := 0; i < len(n); i++ {
		if !isOptByte(n[i]) && n[i] != '-' && n[i] != '_' {
			return false
		}
	}
	return n != ""
}
