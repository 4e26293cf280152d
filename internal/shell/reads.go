package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"path"
	"strings"
)

// Reads of whole trees, and of files named inside other arguments: what a
// search tool, a recursive diff or a git command that prints content can
// read. A tree read is reported once, at its root, with what the command
// skips (PathRef.SkipHidden, TrackedOnly, Exclude); a filter that keeps
// only some names is a Glob below the root.

// treeOpts are the walk facts of a recursive read (see PathRef).
type treeOpts struct {
	input               bool // names read from standard input (xargs): which files is not known
	skipHidden, tracked bool
	exclude             []string
	dotGlob, globStar   bool
}

// tree returns f read below, with opts.
func tree(f field, t treeOpts) field {
	f.rec = true
	f.tree = &t
	return f
}

// filtered returns the glob read dir/**/name (name a basename pattern):
// the files a tree walk keeps when only names matching name are read.
func filtered(dir field, name string, t treeOpts) field {
	g := dir
	g.s = strings.TrimSuffix(dir.s, "/") + "/**/" + name
	g.glob, g.rec = true, false
	t.globStar = true
	t.dotGlob = t.dotGlob || !t.skipHidden
	g.tree = &t
	return g
}

// excludeName returns the Exclude patterns that skip every file or
// directory named like the basename pattern name, at any depth.
func excludeName(name string) []string {
	name = strings.TrimSuffix(strings.TrimPrefix(name, "/"), "/")
	if name == "" {
		return nil
	}
	if strings.Contains(name, "/") {
		return []string{name, name + "/**"} // anchored at the root
	}
	return []string{"**/" + name, "**/" + name + "/**"}
}

// Excluded reports whether the file at p is one the command skips: its
// path relative to r.Path (for a Glob, to the literal directory above its
// first glob segment) matches one of r.Exclude, where "/" separates
// segments, each segment is a path.Match pattern and a "**" segment
// matches any number of segments. The base directory itself is never
// excluded.
func (r PathRef) Excluded(p string) bool {
	if len(r.Exclude) == 0 {
		return false
	}
	prefix := strings.TrimSuffix(r.excludeBase(), "/") + "/"
	rel, ok := strings.CutPrefix(p, prefix)
	if !ok || rel == "" {
		return false
	}
	segs := strings.Split(rel, "/")
	for _, pat := range r.Exclude {
		if matchSegs(strings.Split(pat, "/"), segs) {
			return true
		}
	}
	return false
}

func matchSegs(pat, segs []string) bool {
	// ok[i]: the pattern so far matches the first i segments (linear, no
	// backtracking over "**")
	ok := make([]bool, len(segs)+1)
	ok[0] = true
	for pi, p := range pat {
		next := make([]bool, len(segs)+1)
		if p == "**" {
			min := 0
			if pi == len(pat)-1 {
				min = 1 // a trailing ** is what lies below: x/** is not x
			}
			first := -1
			for i, v := range ok {
				if v {
					first = i
					break
				}
			}
			if first >= 0 {
				for i := first + min; i <= len(segs); i++ {
					next[i] = true
				}
			}
		} else {
			for i := 1; i <= len(segs); i++ {
				if ok[i-1] {
					if m, err := path.Match(p, segs[i-1]); err == nil && m {
						next[i] = true
					}
				}
			}
		}
		ok = next
	}
	return ok[len(segs)]
}

// ---- search tools ---------------------------------------------------------

// rgTypes are ripgrep's built-in file types (rg --type-list) that agents
// use most, as basename globs; an unknown type reads the whole tree.
var rgTypes = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"go": {"*.go"}, "py": {"*.py", "*.pyi"}, "python": {"*.py", "*.pyi"}, "js": {"*.js", "*.jsx", "*.mjs", "*.cjs", "*.vue"},
		"ts": {"*.ts", "*.tsx", "*.cts", "*.mts"}, "typescript": {"*.ts", "*.tsx", "*.cts", "*.mts"}, "rust": {"*.rs"},
		"java": {"*.java", "*.jsp", "*.jspx", "*.properties"}, "c": {"*.[chH]", "*.[chH].in", "*.cats"},
		"cpp": {"*.[ChH]", "*.cc", "*.[ch]pp", "*.[ch]xx", "*.hh", "*.inl", "*.[ChH].in", "*.cc.in", "*.[ch]pp.in", "*.[ch]xx.in", "*.hh.in"},
		"md":  {"*.markdown", "*.md", "*.mdown", "*.mdwn", "*.mkd", "*.mkdn", "*.mdx"}, "markdown": {"*.markdown", "*.md", "*.mdown", "*.mdwn", "*.mkd", "*.mkdn", "*.mdx"},
		"json": {"*.json", "*.sarif", "composer.lock", "*.avsc"}, "yaml": {"*.yaml", "*.yml"}, "toml": {"*.toml", "Cargo.lock"},
		"sh":   {"*.bash", "*.bashrc", ".bash_*", ".bashrc", "*.csh", "*.cshrc", "*.ksh", "*.kshrc", "*.sh", "*.tcsh", "*.zsh", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".profile", ".login", ".logout", ".cshrc", ".tcshrc"},
		"ruby": {"*.rb", "*.gemspec", "Gemfile", ".irbrc", "Rakefile", "config.ru"}, "html": {"*.htm", "*.html", "*.ejs"},
		"css": {"*.css", "*.scss"}, "sql": {"*.sql", "*.psql"}, "swift": {"*.swift"}, "kotlin": {"*.kt", "*.kts"},
		"php": {"*.php", "*.php3", "*.php4", "*.php5", "*.php7", "*.php8", "*.pht", "*.phtml"}, "proto": {"*.proto"},
		"txt": {"*.txt"}, "xml": {"*.xml", "*.xml.dist", "*.dtd", "*.xsl", "*.xslt", "*.xsd", "*.xjb", "*.rng", "*.sch", "*.xhtml"},
		"make": {"[Gg][Nn][Uu]makefile", "[Mm]akefile", "[Gg][Nn][Uu]makefile.am", "[Mm]akefile.am", "[Gg][Nn][Uu]makefile.in", "[Mm]akefile.in", "*.mk", "*.mak"},
	}
}}

// searchTool reads rg, ag, ack, fd and fdfind: what they search, which
// names they skip, and the programs they run.
func (c *cmd) searchTool() error {
	n := c.name
	var sp optSpec
	switch n {
	case "rg":
		sp = optSpec{short: "ABCEefgjmMrtTd", long: []string{"--after-context", "--before-context", "--context", "--encoding",
			"--regexp", "--file", "--glob", "--iglob", "--threads", "--max-count", "--max-columns", "--replace", "--type",
			"--type-not", "--max-depth", "--maxdepth", "--type-add", "--type-clear", "--pre", "--pre-glob", "--ignore-file",
			"--path-separator", "--sort", "--sortr", "--colors", "--color", "--context-separator", "--field-match-separator",
			"--field-context-separator", "--dfa-size-limit", "--regex-size-limit", "--max-filesize", "--engine", "--hostname-bin",
			"--hyperlink-format", "--generate", "--null-data-sep"}}
	case "ag":
		sp = optSpec{short: "ABCGgmpW", long: []string{"--after", "--before", "--context", "--file-search-regex", "--max-count",
			"--path-to-ignore", "--ignore", "--ignore-dir", "--depth", "--pager", "--workers", "--width", "--color-line-number",
			"--color-match", "--color-path"}}
	case "ack", "ack-grep":
		sp = optSpec{short: "ABCgm", long: []string{"--after-context", "--before-context", "--context", "--max-count",
			"--ignore-dir", "--ignore-directory", "--noignore-dir", "--ignore-file", "--files-from", "--pager", "--ackrc",
			"--type-add", "--type-set", "--type-del", "--output", "--match", "--color-filename", "--color-match", "--color-lineno"}}
	case "fd", "fdfind":
		return c.fd()
	}
	o := c.parse(sp)
	for _, f := range o.values("--pre", "--hostname-bin", "--pager") {
		if err := c.runProgramOption(f); err != nil {
			c.a.defer1(err)
		}
	}
	for _, f := range o.values("-f", "--file", "--ignore-file", "--path-to-ignore", "--files-from", "--ackrc") {
		c.read(f, n+" pattern or ignore file")
	}
	t := treeOpts{}
	hidden := false
	switch n {
	case "rg":
		us := 0
		for _, h := range o.has {
			if h == "-u" || h == "--unrestricted" {
				us++
			}
		}
		hidden = us >= 2 || o.any("--hidden", "-.")
		// ripgrep searches a hidden name that an ignore file whitelists
		// (!.env): one written earlier in the line, or named here, makes
		// hidden names reachable.
		t.skipHidden = !hidden && !c.a.ignoreWritten && len(o.values("--ignore-file")) == 0
	case "ag":
		hidden = o.any("--hidden", "-u", "--unrestricted", "-a", "--all-types", "--search-binary")
		t.skipHidden = !hidden && !c.a.ignoreWritten && len(o.values("-p", "--path-to-ignore")) == 0
	}
	var includes []string
	switch n {
	case "rg":
		for _, v := range o.vals {
			switch v.key {
			case "-g", "--glob", "--iglob":
				g := v.f.s
				if v.key == "--iglob" {
					g = foldCase(g)
				}
				if ex, ok := strings.CutPrefix(g, "!"); ok {
					t.exclude = append(t.exclude, excludeName(ex)...)
				} else {
					includes = append(includes, strings.TrimPrefix(g, "/"))
				}
			case "-t", "--type":
				globs, ok := rgTypes.Get()[v.f.s]
				if !ok {
					includes = append(includes, "*") // unknown type: any name
				}
				includes = append(includes, globs...)
			case "-T", "--type-not":
				for _, g := range rgTypes.Get()[v.f.s] {
					t.exclude = append(t.exclude, "**/"+g)
				}
			}
		}
	case "ag":
		for _, f := range o.values("--ignore", "--ignore-dir") {
			t.exclude = append(t.exclude, excludeName(f.s)...)
		}
	case "ack", "ack-grep":
		for _, f := range o.values("--ignore-dir", "--ignore-directory") {
			if !strings.Contains(f.s, ":") { // match:/is: filters are regexes
				t.exclude = append(t.exclude, "**/"+f.s+"/**")
			}
		}
	}
	if len(includes) > 0 && includes[0] == "*" {
		includes = nil
	}
	// the pattern is the first positional, unless given as an option
	pos := o.pos
	// (-l is --files-with-matches in rg, ag and ack: it lists the files
	// the pattern matches, which is still the first operand)
	patternGiven := len(o.values("-e", "--regexp", "-f", "--file", "--match")) > 0 || o.any("--files", "--type-list", "-f") && n != "ag"
	if n == "ag" && len(o.values("-g", "-G")) > 0 && len(o.values("-G")) == 0 {
		patternGiven = true // ag -g PATTERN lists names
	}
	if !patternGiven && len(pos) > 0 {
		c.skip[pos[0]] = true
		pos = pos[1:]
	}
	targets := c.fieldsAt(pos)
	for _, k := range pos {
		c.skip[k] = true
	}
	if len(targets) == 0 {
		if f := c.sc.feed; f != nil && !f.file && n != "ack" && n != "ack-grep" {
			// rg and ag search standard input when it is a pipe (a
			// redirected file may be /dev/null: rg then searches the cwd)
			return nil
		}
		targets = []field{c.cwdField()}
	}
	for _, f := range targets {
		if isStdin(f) {
			continue
		}
		if len(includes) == 0 {
			c.read(tree(f, t), n+" search")
			continue
		}
		c.read(f, n+" search") // a file named on the command line is searched
		for _, g := range includes {
			c.read(filtered(f, g, t), n+" search filtered by name")
		}
	}
	return nil
}

// fd lists names (a read of the directories it walks); with -x/--exec or
// -X/--exec-batch it runs a command on every file found, which reads them.
func (c *cmd) fd() error {
	execAt := -1
	for i, f := range c.args {
		if f.s == "-x" || f.s == "--exec" || f.s == "-X" || f.s == "--exec-batch" {
			execAt = i
			break
		}
	}
	head := c.args
	if execAt >= 0 {
		head = c.args[:execAt]
	}
	sub := &cmd{a: c.a, sc: c.sc, name: c.name, args: head, skip: c.skip[:len(head)]}
	o := sub.parse(optSpec{short: "edEtcjSoxXg", long: []string{"--extension", "--max-depth", "--min-depth", "--exact-depth",
		"--exclude", "--type", "--color", "--threads", "--size", "--changed-within", "--changed-before", "--owner",
		"--ignore-file", "--base-directory", "--path-separator", "--search-path", "--max-results", "--format"}})
	hidden := o.any("-H", "--hidden", "-u", "--unrestricted")
	t := treeOpts{skipHidden: !hidden && !c.a.ignoreWritten && len(o.values("--ignore-file")) == 0}
	for _, f := range o.values("-E", "--exclude") {
		t.exclude = append(t.exclude, excludeName(f.s)...)
	}
	for _, f := range o.values("--ignore-file") {
		c.read(f, "fd ignore file")
	}
	pos := o.pos
	if len(pos) > 0 {
		c.skip[pos[0]] = true // the pattern
	}
	var roots []field
	if len(pos) > 1 {
		roots = sub.fieldsAt(pos[1:])
	}
	roots = append(roots, o.values("--search-path", "--base-directory")...)
	if len(roots) == 0 {
		roots = []field{c.cwdField()}
	}
	for _, k := range pos {
		c.skip[k] = true
	}
	for _, r := range roots {
		c.read(r, "fd search directory")
	}
	if execAt < 0 {
		return nil
	}
	// the command after -x runs on each file found: {} (or an appended
	// argument) is a file below the roots
	end := len(c.args)
	for j := execAt + 1; j < len(c.args); j++ {
		if c.s(j) == ";" {
			end = j
			break
		}
	}
	for j := execAt; j < end; j++ {
		c.skip[j] = true
	}
	if end == execAt+1 {
		return nil
	}
	exts := o.values("-e", "--extension")
	found := func(r field) field {
		if len(exts) == 1 && !exts[0].dyn {
			return filtered(r, "*."+strings.TrimPrefix(exts[0].s, "."), t)
		}
		if g := o.values("-g", "--glob"); o.any("-g", "--glob") && len(pos) > 0 && !c.args[pos[0]].dyn && len(g) == 0 {
			return filtered(r, c.s(pos[0]), t)
		}
		return tree(r, t)
	}
	for _, r := range roots {
		inner := append([]field(nil), c.args[execAt+1:end]...)
		placed := false
		for k := range inner {
			if k > 0 && strings.Contains(inner[k].s, "{") {
				inner[k] = found(r)
				placed = true
			}
		}
		if !placed {
			inner = append(inner, found(r))
		}
		sc, err := c.a.enter(c.sc.withVia(c.name + " -x"))
		if err != nil {
			return err
		}
		if err := c.a.simple(inner, sc); err != nil {
			return err
		}
	}
	return nil
}

// grepReads reads grep's arguments: the pattern is not a file, -f names
// one, and a recursive grep reads the trees it is given (or the cwd),
// keeping --include names and skipping --exclude/--exclude-dir ones.
func (c *cmd) grepReads() {
	o := c.parse(optSpec{short: "efmABCdD", long: []string{"--regexp", "--file", "--max-count", "--after-context",
		"--before-context", "--context", "--directories", "--devices", "--include", "--exclude", "--exclude-dir",
		"--exclude-from", "--label", "--binary-files", "--group-separator"}})
	for _, f := range o.values("-f", "--file", "--exclude-from") {
		c.read(f, "grep pattern file")
	}
	pos := o.pos
	if len(o.values("-e", "--regexp", "-f", "--file")) == 0 && len(pos) > 0 {
		c.skip[pos[0]] = true // the pattern
		pos = pos[1:]
	}
	if !c.rec {
		return // the files are read as arguments
	}
	t := treeOpts{}
	for _, f := range o.values("--exclude") {
		t.exclude = append(t.exclude, "**/"+f.s)
	}
	for _, f := range o.values("--exclude-dir") {
		t.exclude = append(t.exclude, "**/"+strings.TrimSuffix(f.s, "/")+"/**")
	}
	includes := o.values("--include")
	targets := c.fieldsAt(pos)
	if len(targets) == 0 {
		targets = []field{c.cwdField()}
	}
	for _, k := range pos {
		c.skip[k] = true
	}
	for _, f := range targets {
		if isStdin(f) {
			continue
		}
		if len(includes) == 0 || f.dyn {
			c.read(tree(f, t), "grep -r")
			continue
		}
		c.read(f, "grep -r")
		for _, g := range includes {
			c.read(filtered(f, g.s, t), "grep -r --include")
		}
	}
}

// diffReads reads diff's operands: with -r the trees below them, without
// it the files directly in a directory operand (diff dir1 dir2 compares
// the files they hold), reported as the tree below it too.
func (c *cmd) diffReads() {
	o := c.parse(optSpec{short: "xXIFCUSDLW", long: []string{"--exclude", "--exclude-from", "--ignore-matching-lines",
		"--show-function-line", "--label", "--starting-file", "--from-file", "--to-file", "--line-format", "--width",
		"--tabsize", "--horizon-lines", "--color", "--palette", "--unchanged-line-format", "--old-line-format",
		"--new-line-format", "--changed-group-format", "--unchanged-group-format", "--old-group-format", "--new-group-format"}})
	for _, f := range o.values("-X", "--exclude-from") {
		c.read(f, "diff exclude file")
	}
	t := treeOpts{}
	for _, f := range o.values("-x", "--exclude") {
		t.exclude = append(t.exclude, excludeName(f.s)...)
	}
	ops := append(c.posFields(o), o.values("--from-file", "--to-file")...)
	for _, k := range o.pos {
		c.skip[k] = true
	}
	recursive := o.any("-r", "--recursive")
	for _, f := range ops {
		if isStdin(f) || f.proc {
			continue
		}
		if recursive {
			c.read(tree(f, t), "diff -r")
			continue
		}
		// a file, or the files directly in a directory: read as the
		// tree below the operand (a file's tree is the file), which
		// over-reports a directory's subdirectories
		c.read(tree(f, t), "diff operand")
	}
}

// ---- jq, yq -------------------------------------------------------------

// jq reads jq/gojq/jaq/yq's arguments: the filter is code (its $ENV/env
// dump the environment, yq's load()/load_str() read files and
// env()/strenv() read variables), --rawfile/--slurpfile NAME FILE and
// --from-file read files, and the rest are input files.
func (c *cmd) jq() {
	var progs, files []field
	progFromFile, argsMode := false, false
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		take := func(n int) []field {
			var out []field
			for j := 0; j < n && i+1 < len(c.args); j++ {
				i++
				c.skip[i] = true
				out = append(out, c.args[i])
			}
			return out
		}
		switch {
		case s == "--rawfile" || s == "--slurpfile":
			if v := take(2); len(v) == 2 {
				c.read(v[1], "jq "+s)
			}
		case s == "--arg" || s == "--argjson" || s == "--strarg":
			take(2)
		case s == "-f" || s == "--from-file":
			progFromFile = true
			for _, v := range take(1) {
				c.read(v, c.name+" program file")
			}
		case strings.HasPrefix(s, "--from-file="):
			progFromFile = true
			f := c.args[i]
			f.s = s[len("--from-file="):]
			c.read(f, c.name+" program file")
		case s == "--expression":
			progs = append(progs, take(1)...)
		case s == "-L" || s == "--indent" || s == "-o" || s == "--output-format" || s == "-p" || s == "--input-format" || s == "-I":
			take(1)
		case s == "--args" || s == "--jsonargs":
			argsMode = true
		case strings.HasPrefix(s, "-") && s != "-":
			// a flag
		case c.name == "yq" && i == 0 && (s == "eval" || s == "e" || s == "eval-all" || s == "ea"):
			c.skip[i] = true
		case len(progs) == 0 && !progFromFile:
			progs = append(progs, c.args[i])
			c.skip[i] = true
		case argsMode:
			c.skip[i] = true // values of $ARGS, not files
		default:
			files = append(files, c.args[i]) // read by the generic pass
		}
	}
	if c.name == "yq" && (anyArg(c.args, "-i") || anyArg(c.args, "--inplace")) {
		for _, f := range files {
			c.write(f, "yq -i")
		}
	}
	for _, p := range progs {
		c.jqProgram(p)
	}
}

// jqProgram reads a jq or yq filter for the environment and the files it
// reaches.
func (c *cmd) jqProgram(p field) {
	s := p.s
	if strings.Contains(s, "$ENV") || jqEnv().MatchString(s) || strings.Contains(s, "envsubst") {
		c.a.res.EnvDump = true
	}
	if c.name != "yq" && !strings.Contains(s, "load") && !strings.Contains(s, "env(") {
		return
	}
	for _, fn := range []string{"strenv(", "env("} {
		for rest := s; ; {
			i := strings.Index(rest, fn)
			if i < 0 {
				break
			}
			rest = rest[i+len(fn):]
			if j := strings.IndexByte(rest, ')'); j >= 0 {
				name := strings.Trim(strings.TrimSpace(rest[:j]), `"'`)
				if validName(name) {
					c.a.envRef(c.sc, name)
				} else {
					c.a.res.EnvDump = true // a name computed at run time
				}
			}
		}
	}
	for rest := s; ; {
		i := strings.Index(rest, "load")
		if i < 0 {
			break
		}
		rest = rest[i+len("load"):]
		j := strings.IndexByte(rest, '(')
		if j < 0 || j > len("_base64") || strings.ContainsAny(rest[:j], " \t\n|") {
			continue
		}
		arg := strings.TrimSpace(rest[j+1:])
		end := strings.IndexByte(arg, ')')
		if end < 0 {
			c.opaque("yq load of a file not known statically")
			continue
		}
		name := strings.TrimSpace(arg[:end])
		if len(name) >= 2 && (name[0] == '"' && name[len(name)-1] == '"' || name[0] == '\'' && name[len(name)-1] == '\'') &&
			!strings.ContainsAny(name[1:len(name)-1], `"\()`) {
			c.read(field{s: name[1 : len(name)-1], dyn: p.dyn}, c.name+" load()")
		} else {
			c.opaque(c.name + " loads a file not known statically: " + clip(name))
		}
	}
}

// ---- git ------------------------------------------------------------------

// gitContent are git subcommands that print file content for the paths
// they are given (after "--", or as pathspecs), and the options that stop
// them from printing content (names and statistics only).
var (
	gitContent = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"show": true, "log": true, "whatchanged": true, "diff": true, "format-patch": true,
			"diff-tree": true, "diff-index": true, "diff-files": true, "range-diff": true}
	}}
	gitNoContent = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"-s": true, "--no-patch": true, "--stat": true, "--shortstat": true, "--numstat": true,
			"--name-only": true, "--name-status": true, "--summary": true, "--raw": true, "--dirstat": true, "--quiet": true}
	}}
	gitLogPatch = &lazy.Value[map[string]bool]{New: func() map[string]bool {
		return map[string]bool{"-p": true, "-u": true, "--patch": true, "--patch-with-stat": true, "--patch-with-raw": true,
			"--cc": true, "-c": true, "--word-diff": true, "--color-words": true, "-W": true, "--function-context": true,
			"--full-diff": true, "-S": true, "-G": true, "--pickaxe-regex": true, "--ext-diff": true, "--textconv": true}
	}}
)

// gitReads reports what git SUB reads beyond its plain arguments: the
// tracked files git grep and git archive read, any object git cat-file
// --batch prints, REV:PATH objects, the pathspecs of commands that print
// content, and both trees of git diff --no-index.
func (a *analyzer) gitReads(rest *cmd, sub string) {
	switch {
	case sub == "grep":
		a.gitGrep(rest)
	case sub == "archive":
		o := rest.parse(optSpec{short: "o", long: []string{"--format", "--prefix", "--output", "--remote", "--exec", "--add-file", "--add-virtual-file", "--mtime"}})
		for _, f := range o.values("--remote") {
			if h, ok := scpHost(f.s); ok {
				rest.host(h, "git archive --remote")
			} else {
				rest.destination(f, "git archive --remote")
			}
		}
		for _, f := range o.values("--add-file") {
			rest.read(f, "git archive --add-file")
		}
		pos := rest.posFields(o)
		if len(pos) > 0 {
			a.revPaths(rest, pos[0], "git archive tree-ish")
			pos = pos[1:]
		}
		a.pathspecReads(rest, pos, treeOpts{tracked: true}, "git archive")
	case sub == "cat-file":
		o := rest.parse(optSpec{long: []string{"--path"}, flags: []string{"--batch"}}) // --filters is a flag
		if o.any("--batch", "--batch-check", "--batch-command", "--batch-all-objects") || anyPrefixFlag(o.has, "--batch") {
			// the object names fed in (REV:PATH is that file; an object
			// id may be any tracked file), or every object
			all := o.is("--batch-all-objects")
			if f := rest.sc.feed; !all && (f == nil || f.partial || len(f.words) == 0) {
				rest.opaque("git cat-file --batch reads objects named in input not known statically")
			} else if !all {
				for _, w := range f.words {
					switch {
					case w == "contents" || w == "info" || w == "flush":
					case strings.Contains(w, ":"):
						a.revPaths(rest, field{s: w}, "git cat-file --batch object name")
					default:
						all = true
					}
				}
			}
			if all {
				for _, r := range a.repoRoots(rest.sc) {
					rest.read(tree(field{s: r}, treeOpts{tracked: true}), "git cat-file --batch")
				}
			}
		}
		// cat-file -p OBJ, cat-file blob OBJ: an object named other than by
		// REV:PATH may be any file git holds
		content := o.any("-p", "--textconv", "--filters")
		for i, k := range o.pos {
			f := rest.args[k]
			if i == 0 && gitObjectTypes.Get()[f.s] {
				content = !gitNoContentTypes.Get()[f.s] // gitrevs.go
				continue
			}
			if strings.Contains(f.s, ":") && !f.dyn {
				a.revPaths(rest, f, "git cat-file rev:path")
			} else if content && (f.dyn || !gitCommitOrTree(f.s)) {
				for _, r := range a.repoRoots(rest.sc) {
					rest.read(tree(field{s: r}, treeOpts{tracked: true}), "git cat-file of an object")
				}
			}
		}
		for _, f := range o.values("--path") {
			rest.read(f, "git cat-file --path")
		}
	case sub == "diff" && anyArg(rest.args, "--no-index"):
		for i, f := range rest.args {
			if !strings.HasPrefix(f.s, "-") || f.s == "-" {
				rest.skip[i] = true
				if !isStdin(f) {
					rest.read(tree(f, treeOpts{}), "git diff --no-index")
				}
			}
		}
	case gitContent.Get()[sub]:
		content := sub != "log" && sub != "whatchanged"
		pathspecs := -1
		for i, f := range rest.args {
			switch {
			case f.s == "--":
				pathspecs = i + 1
			case gitNoContent.Get()[f.s] || strings.HasPrefix(f.s, "--stat=") || strings.HasPrefix(f.s, "--dirstat="):
				content = false
			case gitLogPatch.Get()[f.s] || strings.HasPrefix(f.s, "-L") || strings.HasPrefix(f.s, "-S") || strings.HasPrefix(f.s, "-G") ||
				strings.HasPrefix(f.s, "--word-diff"):
				content = true
			}
			if pathspecs >= 0 {
				break
			}
			if !strings.HasPrefix(f.s, "-") {
				a.revPaths(rest, f, "git "+sub+" rev:path")
			}
		}
		if content && pathspecs >= 0 {
			a.pathspecReads(rest, rest.args[pathspecs:], treeOpts{tracked: true}, "git "+sub+" -- pathspec")
		}
	case sub == "fast-export" || sub == "bundle" && len(rest.args) > 0 && rest.s(0) == "create" || sub == "pack-objects":
		// every object of the refs given: any file git holds
		for _, r := range a.repoRoots(rest.sc) {
			rest.read(tree(field{s: r}, treeOpts{tracked: true}), "git "+sub)
		}
	case sub == "blame" || sub == "annotate" || sub == "rev-parse":
		for _, f := range rest.args {
			if !strings.HasPrefix(f.s, "-") {
				a.revPaths(rest, f, "git "+sub+" rev:path")
			}
		}
	}
}

var gitObjectTypes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{"blob": true, "tree": true, "commit": true, "tag": true}
}}

func anyPrefixFlag(has []string, p string) bool {
	for _, h := range has {
		if strings.HasPrefix(h, p) {
			return true
		}
	}
	return false
}

// gitGrep reads git grep: every tracked file below its pathspecs or the
// cwd (--no-index and --untracked: every file), skipping what exclude
// pathspecs name.
func (a *analyzer) gitGrep(rest *cmd) {
	o := rest.parse(optSpec{short: "efmABCO", long: []string{"--max-depth", "--threads", "--after-context",
		"--before-context", "--context", "--max-count", "--open-files-in-pager", "--file"}})
	for _, f := range o.values("-f", "--file") {
		rest.read(f, "git grep pattern file")
	}
	t := treeOpts{tracked: !o.any("--no-index", "--untracked")}
	pos := o.pos
	if len(o.values("-e", "-f", "--file")) == 0 && len(pos) > 0 {
		rest.skip[pos[0]] = true // the pattern
		pos = pos[1:]
	}
	var specs []field
	dashdash := o.is("--")
	for _, k := range pos {
		rest.skip[k] = true
		f := rest.args[k]
		if dashdash && !o.is("--no-index") && k < firstAfterDashDash(rest) {
			// before --: revisions, whose trees hold the tracked files
			a.revPaths(rest, f, "git grep revision")
			continue
		}
		specs = append(specs, f)
		if !dashdash && !o.is("--no-index") && !strings.HasPrefix(f.s, ":") && !f.dyn {
			// git takes a word that is not a path for a revision, whose
			// tree is searched: ask unless the path exists
			if p, ok := a.absField(rest.sc, f); ok {
				a.opaqueUnless(rest.name, "git grep searches revision "+clip(f.s)+" if it is not a path", []string{p})
			}
		}
	}
	a.pathspecReads(rest, specs, t, "git grep")
}

// firstAfterDashDash returns the index of the first argument after "--".
func firstAfterDashDash(c *cmd) int {
	for i, f := range c.args {
		if f.s == "--" {
			return i + 1
		}
	}
	return len(c.args)
}

// pathspecReads reports a recursive read below each git pathspec (the cwd
// when there is none that includes), with exclude pathspecs (:!x, :^x,
// :(exclude)x) as Exclude patterns of each read.
func (a *analyzer) pathspecReads(c *cmd, specs []field, t treeOpts, why string) {
	var incl []field
	for _, f := range specs {
		s, magic := gitPathspec(f.s)
		switch {
		case magic.exclude:
			if !f.dyn {
				t.exclude = append(t.exclude, excludeSpec(s, magic.top)...)
			}
		case magic.top:
			for _, r := range a.repoRoots(c.sc) {
				g := f
				g.s = path.Join(r, s)
				incl = append(incl, g)
			}
		default:
			g := f
			g.s = s
			if g.s == "" {
				g.s = "."
			}
			incl = append(incl, g)
		}
	}
	if len(incl) == 0 {
		incl = []field{c.cwdField()}
	}
	for _, f := range incl {
		if i := strings.IndexAny(f.s, "*?["); i >= 0 && !f.dyn {
			// git's * crosses "/": the files whose name matches the last
			// part, anywhere below the literal directory
			dir := f
			dir.s = path.Dir(f.s[:i] + "x")
			name := path.Base(f.s)
			if strings.Contains(f.s[i:], "/") || !strings.ContainsAny(name, "*?[") {
				name = "*" + name[strings.LastIndexAny(name, "*?]")+1:]
				if strings.ContainsAny(path.Base(f.s), "*?[") {
					name = path.Base(f.s)
				}
			}
			t2 := t
			t2.dotGlob = true
			c.read(filtered(dir, name, t2), why+" pathspec")
			continue
		}
		c.read(tree(f, t), why)
	}
}

type pathspecMagic struct{ exclude, top bool }

// gitPathspec strips pathspec magic (:!x :^x :/x :(exclude,top)x) and says
// which it had.
func gitPathspec(s string) (string, pathspecMagic) {
	var m pathspecMagic
	if !strings.HasPrefix(s, ":") {
		return s, m
	}
	rest := s[1:]
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return s, m
		}
		for _, w := range strings.Split(rest[1:end], ",") {
			switch strings.TrimSpace(w) {
			case "exclude":
				m.exclude = true
			case "top":
				m.top = true
			}
		}
		return rest[end+1:], m
	}
	for len(rest) > 0 {
		switch rest[0] {
		case '!', '^':
			m.exclude = true
		case '/':
			m.top = true
		case ':':
			return rest[1:], m
		default:
			return rest, m
		}
		rest = rest[1:]
	}
	return rest, m
}

// excludeSpec turns an exclude pathspec into Exclude patterns: the path
// itself and everything below it (git matches pathspecs as prefixes, and
// its * crosses "/", so a pattern excludes less here than in git: safe).
func excludeSpec(s string, top bool) []string {
	s = strings.TrimPrefix(path.Clean("/"+s), "/")
	if s == "" || top || strings.HasPrefix(s, "..") {
		return nil // relative to the root, or above the read: not expressible
	}
	return []string{s, s + "/**"}
}

// revPaths reports the file a REV:PATH (or :PATH, :N:PATH) object name
// reads. The path is relative to the repository root (unless it starts
// with ./ or ../); where the root is not known, every directory from the
// cwd up might be it.
func (a *analyzer) revPaths(c *cmd, f field, why string) {
	s := f.s
	if strings.Contains(s, "://") || strings.HasPrefix(s, "-") {
		return
	}
	var p string
	switch {
	case strings.HasPrefix(s, ":/"):
		return // :/message searches commit messages
	case strings.HasPrefix(s, ":") && len(s) > 2 && s[1] >= '0' && s[1] <= '3' && s[2] == ':':
		p = s[3:]
	case strings.HasPrefix(s, ":"):
		p = s[1:]
	default:
		_, after, ok := strings.Cut(s, ":")
		if !ok {
			return
		}
		p = after
	}
	if p == "" {
		return
	}
	// a revision not known statically ($(git rev-parse HEAD):.env) still
	// names the path after it
	g := field{s: p, dyn: f.dyn && strings.ContainsAny(p, "$`")}
	if strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
		c.read(g, why)
		return
	}
	for _, r := range a.repoRoots(c.sc) {
		g.s = path.Join(r, p)
		c.read(g, why)
	}
}

// repoRoots returns the directories that may be the repository root for
// a git command run in sc: Options.Root when the cwd is inside it, else
// the cwd and each of its parents.
func (a *analyzer) repoRoots(sc *scope) []string {
	cwd := sc.cwd
	if !sc.cwdKnown || cwd == "" {
		return []string{"/"}
	}
	if r := cleanAbs(a.opt.Root); r != "" && (cwd == r || strings.HasPrefix(cwd, strings.TrimSuffix(r, "/")+"/")) {
		return []string{r}
	}
	var out []string
	for d := cwd; ; d = path.Dir(d) {
		out = append(out, d)
		if d == "/" || d == "." || d == "" {
			return out
		}
	}
}

// absField returns the absolute path of a static field in sc.
func (a *analyzer) absField(sc *scope, f field) (string, bool) {
	if f.dyn {
		return "", false
	}
	if path.IsAbs(f.s) {
		return path.Clean(f.s), true
	}
	if !sc.cwdKnown || sc.cwd == "" {
		return "", false
	}
	return path.Join(sc.cwd, f.s), true
}

// ignoreFiles are the files whose whitelist lines (!name) make search
// tools read names they would skip.
var ignoreFiles = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{".gitignore": true, ".ignore": true, ".rgignore": true, ".fdignore": true, ".agignore": true}
}}

// refFacts completes a PathRef with the walk facts its field carries and
// the shell's glob options in force.
func (a *analyzer) refFacts(r *PathRef, f field, sc *scope) {
	if t := f.tree; t != nil {
		if r.Recursive {
			r.SkipHidden = t.skipHidden
			r.TrackedOnly = t.tracked
		}
		if r.Recursive || r.Glob {
			r.Exclude = t.exclude
		}
		if r.Glob {
			r.DotGlob, r.GlobStar = t.dotGlob, t.globStar
		}
	}
	if r.Glob && (f.tree == nil || !f.tree.globStar) {
		// a glob the shell expands: the options in force apply
		fl := a.globsOn(sc)
		r.DotGlob = r.DotGlob || fl&globDot != 0
		r.GlobStar = r.GlobStar || fl&globStar != 0
		if fl&globNoCase != 0 {
			r.Path = foldCase(r.Path)
		}
	}
}

// mergeRead widens the read already reported for abs with the facts of
// another read of it: the union of what the two read.
func (a *analyzer) mergeRead(abs string, r PathRef) {
	i, ok := a.readAt[abs]
	if !ok {
		return
	}
	old := &a.res.Reads[i]
	if r.Recursive && !old.Recursive {
		old.Recursive, old.SkipHidden, old.TrackedOnly, old.Exclude = true, r.SkipHidden, r.TrackedOnly, r.Exclude
	} else if r.Recursive {
		old.SkipHidden = old.SkipHidden && r.SkipHidden
		old.TrackedOnly = old.TrackedOnly && r.TrackedOnly
		old.Exclude = commonStrings(old.Exclude, r.Exclude)
	}
	if old.Glob || r.Glob {
		old.Exclude = commonStrings(old.Exclude, r.Exclude)
	}
	old.DotGlob = old.DotGlob || r.DotGlob
	old.GlobStar = old.GlobStar || r.GlobStar
	old.Dynamic = old.Dynamic || r.Dynamic
	old.IfExists = old.IfExists && r.IfExists
}

// commonStrings returns the strings in both a and b, in a's order.
func commonStrings(a, b []string) []string {
	var out []string
	for _, s := range a {
		for _, t := range b {
			if s == t {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// excludeBase is the directory a PathRef's Exclude patterns are relative
// to: Path for a recursive read, the literal directory above the first
// glob segment for a glob.
func (r PathRef) excludeBase() string {
	if !r.Glob {
		return r.Path
	}
	segs := strings.Split(r.Path, "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "*?[") {
			if i <= 1 {
				return "/"
			}
			return strings.Join(segs[:i], "/")
		}
	}
	return r.Path
}

// runProgramOption analyses the program an option names (rg --pre PROG,
// ag --pager CMD): a static program path or name is run like a command of
// the line, on a file it is handed ("{file}"), so the rules about which
// program runs apply to it (a script file is not opaque, a Mandate binary
// is still Mandate); a command line with arguments is shell code; a value
// not known statically is opaque.
func (c *cmd) runProgramOption(f field) error {
	switch {
	case f.dyn || f.s == "":
		c.opaque(c.name + " runs a program not known statically on what it reads: " + clip(f.s))
		return nil
	case strings.ContainsAny(f.s, " \t|;&$`<>()"):
		return c.code(f, c.name+" program option", false)
	}
	sc, err := c.a.enter(c.sc.withVia(c.name))
	if err != nil {
		return err
	}
	return c.a.simple([]field{f, {s: "{file}", dyn: true}}, sc)
}
