package shell

import (
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Reads of search tools and diff: rg, ag, ack, fd, grep, diff.

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
	var includes, cwdExclude []string
	var anchored []field // rg's includes with a '/': globs from its cwd
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
					if gitignoreAnchored(ex) {
						// anchored at rg's cwd: it excludes from a
						// search of the cwd only
						cwdExclude = append(cwdExclude, excludeName(ex)...)
					} else {
						t.exclude = append(t.exclude, excludeName(ex)...)
					}
				} else {
					includes = append(includes, strings.TrimPrefix(g, "/"))
					if gitignoreAnchored(g) {
						anchored = append(anchored, field{s: strings.TrimLeft(g, "/"), dyn: v.f.dyn, glob: true})
					}
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
	searched := false
	for _, f := range targets {
		if isStdin(f) {
			continue
		}
		t := t
		if f.s == "." && !f.dyn {
			t.exclude = append(slices.Clip(t.exclude), cwdExclude...)
		}
		if len(includes) == 0 {
			c.read(tree(f, t), n+" search")
			continue
		}
		searched = true
		c.read(f, n+" search") // a file named on the command line is searched
		for _, g := range includes {
			c.read(filtered(f, g, t), n+" search filtered by name")
		}
	}
	for _, g := range anchored {
		if searched {
			c.read(tree(g, treeOpts{globStar: true, dotGlob: true}), n+" search filtered by a path anchored at its working directory")
		}
	}
	return nil
}

// gitignoreAnchored reports an rg --glob that ripgrep anchors, as a line
// of a .gitignore in its working directory (the ignore crate's
// OverrideBuilder is built at the process's cwd): one with a '/' before
// its end ("/config/**", "config/*.env", "../x/**"). It matches a file's
// path relative to the cwd, whatever directory is searched (verified
// with ripgrep 13: rg KEY /home/dev/project/config -g '/config/*' run in
// /home/dev/project reads config/.env.production; -g '!/.ssh/**' does
// not exclude the .ssh of a parent directory searched). So an anchored
// include is also a recursive glob read from the cwd (every name: a
// whitelisted file is read even when hidden), and an anchored exclusion
// excludes only from a search of the cwd itself (".").
func gitignoreAnchored(g string) bool {
	return strings.Contains(strings.TrimRight(g, "/"), "/")
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
