package shell

import (
	"path"
	"strings"
	"sync"
)

// Code the line writes, run by a later program of the line. A file the
// line writes is judged when it is written (writeKind):
//
//   - harmless: an empty file, the product of a builder or formatter
//     made from the project's files alone while the line had written no
//     code yet (go build -o bin/x: the project's own program; not one fed
//     the line's text on its standard input or in an argument, nor its
//     redirected output: product), a copy of a system program, or a
//     token edit of a source file (sed -i 's/old/new/': plain words in,
//     no quote, call or statement; a rename may still rewire the
//     project's own code);
//   - data: harmless by its name alone (an output format: .log, .csv; a
//     file no program picks by name: .gitignore, LICENSE; documentation
//     without an example a doctest runner would run), unless it starts
//     with #!: code only to a program it is named to as code
//     (codeFileOpts: node -r FILE, cmake -P FILE) and to a program the
//     analysis does not know naming it or a directory above it
//     (run-parts DIR);
//   - docs: documentation whose text may hold examples (doctest runners
//     run them: pytest --doctest-glob, python -m doctest, cargo test's
//     README.md);
//   - code: anything else, the content the analysis cannot judge for
//     whatever program may run it: literal code (printf … > x.py), any
//     content not known statically (a download, a copy, move or link of
//     a file on disk, sed -i with an edit that may bring code in, git apply,
//     patch, an archive extracted), a builder's product once the line
//     wrote code (cc -o m m.c after printf > m.c).
//
// Every later program is then judged by what it may run. An inert one
// (coderuns.go: programs that only read, print, copy, pack or fetch,
// git's subcommands that run no hook, database clients and container
// engines, whose own rules judge what they run) runs none of it, unless
// it reads configuration the line writes that can name a command
// (inertconfig.go: cargo metadata's build.rustc-wrapper, a lesskey file). One
// that hands everything it runs to the analysis (a wrapper, sh -c, a
// shell or make running a script or makefile the line wrote with literal
// text, a function) is judged by what it hands over. Any other program
// (an interpreter, a test runner, a build system, a task runner, a
// program by its path, a program the analysis does not know) may run a
// code file the line wrote: opaque, naming the file (fileRunners says
// which files a known runner runs: go test compiles *_test.go, cmake
// evaluates CMakeLists.txt; a docs file counts only for the runners that
// run examples, and a closed runner, a compiler, only for its own). A
// file written in a temporary directory counts only for a program whose
// argument names it or that runs there.
//
// "Later" is in the order the commands run: the sides of a pipeline
// and a background job run alongside what follows them (judged again
// when it is over), a loop's next round runs after its body's writes
// (a body that writes is walked twice), a function runs where it is
// called (its body is walked again when the line wrote files since its
// definition).

// writeKind is what a file the line writes may be to a later program.
type writeKind uint8

const (
	writeHarmless writeKind = iota
	// writeData: harmless by its name alone (a log, a text without an
	// example, LICENSE): no runner picks it by name, but one it is named
	// to as code (node -r x.log, cmake -P x.txt, run-parts DIR, a program
	// the analysis does not know) may run it
	writeData
	writeDocs
	writeCode
)

// derivedWriter reports whether by writes the project's own product from
// its files: builders (scripts.go) and formatters.
func derivedWriter(by string) bool {
	if builders.Get()[by] || by == "gofmt" || by == "goimports" || by == "rustfmt" {
		return true
	}
	_, ok := formatters.Get()[by]
	return ok
}

// product is what the command being analysed (by) vouches for: ok when
// it is a derivedWriter making its files from the project's alone. A
// builder or formatter fed text by the line (on its standard input, or
// in an argument that may carry code: gcc -D'main=…', gofmt -r 'x ->
// os.Remove(…)', cmake -E echo 'import os…') makes what it is fed:
// printf CODE | gofmt > z.go is CODE, and so is gcc -x c - -o m.
type product struct {
	by string
	ok bool
}

// productOf is c's product.
func (c *cmd) productOf() product {
	if !derivedWriter(c.name) {
		return product{}
	}
	if c.sc.feed != nil {
		return product{by: c.name} // its standard input is the line's
	}
	for _, f := range c.args {
		if f.dyn || !plainArg(f.s) {
			return product{by: c.name}
		}
	}
	return product{by: c.name, ok: true}
}

// plainArg reports whether an argument carries no text that may become
// code in what a builder makes of it: names, paths, numbers and flags
// (-o bin/x, -ldflags=-s -w, -DDEBUG=1, *.c), no quote, bracket, brace,
// semicolon, $, backquote, redirection or backslash.
func plainArg(s string) bool {
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case strings.IndexByte(" -_.,:/@+=&*?[]~%^#!", ch) >= 0:
		default:
			return false
		}
	}
	return true
}

// vouched reports whether the write being noted, by by, is the
// project's own product: a file a builder or formatter makes itself
// from the project's files alone (product), not its standard output
// redirected (a.stdout: what it prints is whatever it is given to
// print, cmake -E echo, go run).
func (a *analyzer) vouched(by string) bool {
	return !a.stdout && a.product.ok && a.product.by == by
}

// lineWroteCode reports whether the line wrote a file that may be code.
func (a *analyzer) lineWroteCode() bool {
	if a.writtenOverflow {
		return true
	}
	for i := range a.written {
		if a.written[i].kind == writeCode {
			return true
		}
	}
	return false
}

// judgeWrite says what the file abs the line writes (text, when known)
// may be to a later program. A name says only what the runners that
// pick files by name make of it (writeData): a #! line is checked
// first, and a runner the file is named to may run it whatever its name.
func (a *analyzer) judgeWrite(abs, by, text string, known bool) writeKind {
	if !known {
		switch {
		case a.vouched(by) && !a.lineWroteCode(), inFields(reportWriters, by):
			return writeHarmless
		case codeName(abs):
			return writeCode
		case inFields(dataNames, path.Base(abs)), extIn(abs, logExts):
			return writeData
		case extIn(abs, docExts):
			return writeDocs
		}
		return writeCode
	}
	switch {
	case text == "":
		return writeHarmless
	case strings.HasPrefix(text, "#!"), codeName(abs):
		return writeCode
	case inFields(dataNames, path.Base(abs)), extIn(abs, logExts):
		return writeData
	case extIn(abs, docExts):
		for _, m := range docExamples {
			if strings.Contains(text, m) || strings.HasPrefix(text, strings.TrimPrefix(m, "\n")) {
				return writeDocs
			}
		}
		return writeData
	}
	return writeCode
}

// namesCode reports whether an argument of c names the file p as code:
// the value of one of its codeFileOpts (node -r FILE), or, for a program
// the analysis does not know (any), any argument naming p or a directory
// above it (run-parts DIR).
func (c *cmd) namesCode(key, p string, any bool) bool {
	opts := codeFileOpts.Get()[key]
	if opts == "" {
		opts = codeFileOpts.Get()[c.name]
	}
	if opts == "" && !any {
		return false
	}
	for i, f := range c.args {
		if f.dyn {
			continue
		}
		v, ok := "", false
		if opts != "" {
			v, ok = optionValue(opts, c.args, i)
		}
		if !ok && any {
			v, ok = f.s, true
			if _, after, eq := strings.Cut(f.s, "="); eq && strings.HasPrefix(f.s, "-") {
				v = after
			}
		}
		if !ok || v == "" {
			continue
		}
		abs, known := c.a.absField(c.sc, field{s: v})
		if !known {
			continue
		}
		abs = c.a.physical(c.sc, abs).path
		if abs == p || any && strings.HasPrefix(p, strings.TrimSuffix(abs, "/")+"/") {
			return true
		}
	}
	return false
}

// optionValue returns the value args[i] gives one of opts (space
// separated): -f FILE, -fFILE, --file FILE, --file=FILE.
func optionValue(opts string, args []field, i int) (string, bool) {
	f, ok := optionField(opts, args, i)
	if f.dyn {
		return "", false
	}
	return f.s, ok
}

// optionField is optionValue's value as a field: the next word itself
// (with what is known of it), or the rest of args[i].
func optionField(opts string, args []field, i int) (field, bool) {
	s := args[i].s
	if !strings.HasPrefix(s, "-") || args[i].dyn {
		return field{}, false
	}
	for _, o := range strings.Fields(opts) {
		switch {
		case s == o:
			if i+1 < len(args) {
				return args[i+1], true
			}
			return field{}, false
		case strings.HasPrefix(o, "--") && strings.HasPrefix(s, o+"="):
			return field{s: s[len(o)+1:]}, true
		case len(o) == 2 && !strings.HasPrefix(s, "--") && strings.HasPrefix(s, o) && len(s) > 2:
			return field{s: strings.TrimPrefix(s[2:], "=")}, true
		}
	}
	return field{}, false
}

// extIn reports whether p's extension is one of exts (space separated).
func extIn(p, exts string) bool {
	e := path.Ext(p)
	return e != "" && inFields(exts, strings.ToLower(e))
}

// runnerPatterns is fileRunners with its patterns split.
var runnerPatterns = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for k, v := range fileRunners.Get() {
		m[k] = strings.Fields(v)
	}
	return m
})

// codeNames are the file names fileRunners run whatever their extension:
// exact names, extensions and other patterns.
type codeNameSet struct {
	exact, exts map[string]bool
	patterns    []namePattern // with wildcards, or a "/"; each once
}

// namePattern is a fileRunners pattern with what nameMatch needs of it
// worked out once: how many segments of a path it spans, and the literal
// text before its first special character, which any name path.Match
// matches it against starts with.
type namePattern struct {
	pat, lit string
	segs     int
}

func newNamePattern(pat string) namePattern {
	lit := pat
	if i := strings.IndexAny(pat, `*?[\`); i >= 0 {
		lit = pat[:i]
	}
	return namePattern{pat: pat, lit: lit, segs: strings.Count(pat, "/") + 1}
}

var codeNames = sync.OnceValue(func() *codeNameSet {
	cs := &codeNameSet{exact: map[string]bool{}, exts: map[string]bool{}}
	seen := map[string]bool{}
	for _, pats := range fileRunners.Get() {
		for _, p := range strings.Fields(pats) {
			switch {
			case !strings.ContainsAny(p, "*?[/"):
				cs.exact[p] = true
			case strings.HasPrefix(p, "*.") && !strings.ContainsAny(p[2:], "*?[/"):
				e := p[1:]
				if !inFields(docExts, e) && !inFields(logExts, e) {
					cs.exts[e] = true
				}
			case !seen[p]:
				// Many runners share a pattern (jest.config.*): a name
				// matches the set if it matches any one of them.
				seen[p] = true
				cs.patterns = append(cs.patterns, newNamePattern(p))
			}
		}
	}
	return cs
})

// codeName reports whether p is a file some runner runs by its name.
func codeName(p string) bool {
	cs := codeNames()
	base := path.Base(p)
	if cs.exact[base] || cs.exts[path.Ext(base)] {
		return true
	}
	for i := range cs.patterns {
		if cs.patterns[i].match(p) {
			return true
		}
	}
	return false
}

// nameMatch matches a fileRunners pattern against p: its base name, or
// its end when the pattern holds a "/".
func nameMatch(pat, p string) bool {
	np := newNamePattern(pat)
	return np.match(p)
}

// match is nameMatch for np: a tail of p that does not start with the
// pattern's literal text cannot match it.
func (np *namePattern) match(p string) bool {
	start := len(p)
	for n := np.segs; n > 0; n-- {
		if start = strings.LastIndexByte(p[:start], '/'); start < 0 {
			return false
		}
	}
	tail := p[start+1:]
	if !strings.HasPrefix(tail, np.lit) {
		return false
	}
	ok, _ := path.Match(np.pat, tail)
	return ok
}

// runnerKey returns the fileRunners and inertSet key of c: "git status",
// "go test", or the program's name (its family's for interpreters), and
// whether c is inert.
func (c *cmd) runnerKey() (key string, inert bool) {
	n := c.name
	set := inertSet()
	if subKeyed()[n] {
		if sub := c.subcommand(); sub != "" {
			key = n + " " + sub
			return key, set[key]
		}
	}
	switch {
	case set[n]:
		return n, true
	case dbClients.Get()[n].family != 0:
		return n, true // it runs the scripts it is given, judged there (dbscripts.go)
	case isPython(n):
		return "python", false
	case interpreterFamily(n) == "node" && n != "bun":
		return "node", false
	}
	return n, false
}

// subKeyed are the programs with entries per subcommand.
var subKeyed = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for k := range inertSubcommands.Get() {
		m[k] = true
	}
	for k := range fileRunners.Get() {
		if n, _, ok := strings.Cut(k, " "); ok {
			m[n] = true
		}
	}
	return m
})

// subcommand returns c's first operand, past the options taking a value
// before it (git -C DIR status).
func (c *cmd) subcommand() string {
	vals := subcommandValueOpts.Get()[c.name]
	for i := 0; i < len(c.args); i++ {
		f := c.args[i]
		switch {
		case f.dyn:
			return ""
		case !strings.HasPrefix(f.s, "-") && !strings.HasPrefix(f.s, "+"):
			return f.s
		case inFields(vals, f.s):
			i++ // the option's value
		}
	}
	return ""
}

// writtenCode judges the files the line wrote before c that c may run.
func (c *cmd) writtenCode() {
	a := c.a
	if len(a.written) == 0 && !a.writtenOverflow && a.concurrent == 0 || c.handed || c.sc.remote {
		return
	}
	key, inert := c.runnerKey()
	if inert || a.opt.PowerShell && psSpecs.Get()[c.name] != nil {
		return
	}
	if a.concurrent > 0 && !c.later {
		a.runLater(c)
	}
	closed := inFields(closedRunners, key)
	pats := runnerPatterns()[key]
	if pats == nil && key != c.name {
		pats = runnerPatterns()[c.name]
	}
	var found *writtenFile
	named := false
	unlisted := !closed && c.unlistedProgram()
	for i := range a.written {
		w := &a.written[i]
		if w.kind == writeHarmless || w.seq > c.seq0 || int(w.rec) == c.recIdx || !c.inScope(w.path) {
			continue // (a file c writes itself is not one it runs)
		}
		match := false
		for _, p := range pats {
			if w.kind != writeData && nameMatch(p, w.path) {
				match = true
				break
			}
		}
		if !match && c.namesCode(key, w.path, unlisted) {
			match = true // named to it as code, whatever its name
		}
		if !match && (w.kind != writeCode || closed) {
			continue
		}
		if found == nil || match && !named {
			found, named = w, match
		}
	}
	switch {
	case found != nil && named:
		c.opaque(key + " runs, imports or compiles " + clip(found.path) + ", which the line writes with content the analysis cannot judge")
	case found != nil:
		c.opaque(key + " may run " + clip(found.path) + ", which the line writes with content the analysis cannot judge (it is not known to leave the project's files unrun)")
	case a.writtenOverflow:
		c.opaque(key + " may run a file the line writes (more files written than are kept)")
	}
}

// Commands that run alongside others (the sides of a pipeline, a
// background job) may come across what those write after them: each is
// judged again once the pipeline, or for a background job the line, is
// over, with the writes made meanwhile.

// rerun is a command to judge again, with the writes made up to
// until (-1: all of the line's).
type rerun struct {
	c     *cmd
	until int32
}

// reruns are the commands to judge again; overflow: there were more
// than maxLaterRuns.
type reruns struct {
	list     []rerun
	overflow bool
}

// maxLaterRuns bounds the commands judged again.
const maxLaterRuns = 64

// concurrently starts a pipeline or a background job: it returns where
// its commands start in reruns.
func (a *analyzer) concurrently() int {
	a.concurrent++
	if a.reruns == nil {
		return 0
	}
	return len(a.reruns.list)
}

// concurrentEnd ends it: its commands are judged with the writes made
// up to here, or, for a background job, up to the line's end.
func (a *analyzer) concurrentEnd(from int, background bool) {
	a.concurrent--
	if a.reruns == nil {
		return
	}
	for i := from; i < len(a.reruns.list); i++ {
		r := &a.reruns.list[i]
		switch {
		case background:
			r.until = -1
		case r.until != -1:
			r.until = a.writeSeq
		}
	}
}

func (a *analyzer) runLater(c *cmd) {
	if a.reruns == nil {
		a.reruns = &reruns{}
	}
	if len(a.reruns.list) >= maxLaterRuns {
		a.reruns.overflow = true
		return
	}
	a.reruns.list = append(a.reruns.list, rerun{c: c})
}

// judgeLaterRuns judges again, at the line's end, the commands that ran
// alongside others.
func (a *analyzer) judgeLaterRuns() {
	if a.reruns == nil {
		return
	}
	for _, r := range a.reruns.list {
		until := r.until
		if until == -1 {
			until = a.writeSeq
		}
		if until > r.c.seq0 {
			r.c.later, r.c.seq0 = true, until
			r.c.writtenCode()
		}
	}
	if a.reruns.overflow && a.lineWroteCode() {
		a.opaque("line", "too many commands run alongside files the line writes to follow")
	}
}

// loopBody walks a loop's body, and again when it writes files: a later
// round may run what an earlier one wrote.
func (a *analyzer) loopBody(walk func() error) error {
	seq := a.writeSeq
	if err := walk(); err != nil || a.writeSeq == seq || a.looping > 0 {
		return err
	}
	a.looping++
	defer func() { a.looping-- }()
	return walk()
}

// tempDirs are where scratch files go: a file the line writes there
// counts only for a program that is told about it or runs there.
const tempDirs = "/tmp /var/tmp /dev/shm"

// inScope reports whether c may come across the file p the line wrote:
// any file outside a temporary directory; one inside, when c runs there
// or an argument of c names it, a directory above it or a file below it.
func (c *cmd) inScope(p string) bool {
	under := func(p, d string) bool { return p == d || strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/") }
	tmp := false
	for _, d := range strings.Fields(tempDirs) {
		tmp = tmp || under(p, d)
	}
	if v, ok := c.a.lookup(c.sc, "TMPDIR"); ok && path.IsAbs(v) && path.Clean(v) != "/" {
		tmp = tmp || under(p, path.Clean(v))
	}
	if !tmp || !c.sc.cwdKnown || c.sc.cwd == "" || under(p, c.sc.cwd) || under(c.sc.cwd, path.Dir(p)) {
		return true
	}
	for _, f := range c.args {
		if f.dyn {
			return true
		}
		s := f.s
		if _, v, ok := strings.Cut(s, "="); ok && strings.HasPrefix(s, "-") {
			s = v
		}
		abs, ok := c.a.absField(c.sc, field{s: s})
		if ok && (under(p, abs) || under(abs, p)) {
			return true
		}
	}
	return false
}

// writtenGlob returns the files the line wrote that the glob f may
// match (each of its components matched against theirs; ** any number
// of them), and those below a directory the line wrote that it matches.
func (a *analyzer) writtenGlob(sc *scope, f field) []writtenFile {
	abs, ok := a.absField(sc, f)
	if !ok {
		return nil
	}
	noCase := a.globsOn(sc)&globNoCase != 0
	pc := strings.Split(strings.TrimPrefix(abs, "/"), "/")
	var out []writtenFile
	for _, w := range a.written {
		wc := strings.Split(strings.TrimPrefix(w.path, "/"), "/")
		switch globPrefix(pc, wc, noCase) {
		case globWhole:
			out = append(out, w)
		case globBelow:
			out = append(out, writtenFile{path: w.path + "/…", by: w.by, kind: w.kind, derived: w.derived})
		}
	}
	return out
}

const (
	globNone  = 1 + iota
	globWhole // the whole path
	globBelow // the path, as a directory the pattern goes on below
)

// maxGlobWork bounds the component pairs one glob is matched over: past
// it, the glob is taken to match.
const maxGlobWork = 1 << 14

// globPrefix matches the components of a glob (pc) against those of a
// path (wc), remembering what each pair of positions gave (** may try
// every position: without it, a run of them is exponential).
func globPrefix(pc, wc []string, noCase bool) int {
	if (len(pc)+1)*(len(wc)+1) > maxGlobWork {
		return globWhole
	}
	memo := make([]int8, (len(pc)+1)*(len(wc)+1))
	var at func(i, j int) int
	at = func(i, j int) int {
		k := i*(len(wc)+1) + j
		if memo[k] != 0 {
			return int(memo[k])
		}
		r := globNone
		switch {
		case i == len(pc):
			if j == len(wc) {
				r = globWhole
			}
		case j == len(wc):
			r = globBelow
		case pc[i] == "**":
			r = globBelow // it may stop above the path, too
			for jj := j; jj <= len(wc); jj++ {
				if x := at(i+1, jj); x == globWhole {
					r = x
					break
				}
			}
		default:
			p, s := pc[i], wc[j]
			if noCase {
				p, s = foldCase(p), foldCase(s)
			}
			if shellMatch(p, s) {
				r = at(i+1, j+1)
			}
		}
		memo[k] = int8(r)
		return r
	}
	return at(0, 0)
}

// tokenEditExts are the source files a token edit (sed -i with
// replacements of plain words) cannot turn into new code: languages
// whose calls need parentheses or quotes (not shell, make, YAML or
// Ruby, where a word can become a command).
const tokenEditExts = ".go .py .rs .js .mjs .cjs .ts .mts .cts .tsx .jsx .java .kt .c .h .cc .cpp .cxx .hpp .hh .cs .swift .scala .css .scss .html .vue .svelte .txt .md .rst .adoc"

// tokenEdit reports whether every text a sed script puts in a file (s
// replacements, y targets, a/i/c text) is plain words: letters, digits,
// spaces and - _ . , : / @ + = &, and back-references.
func tokenEdit(inserts []string) bool {
	for _, t := range inserts {
		for i := 0; i < len(t); i++ {
			ch := t[i]
			switch {
			case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
			case strings.IndexByte(" -_.,:/@+=&", ch) >= 0:
			case ch == '\\' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9':
				i++
			default:
				return false
			}
		}
	}
	return true
}

// vouchEdit judges harmless the file f that a token edit rewrote, when
// the line had written no code before it.
func (c *cmd) vouchEdit(f field) {
	if !extIn(f.s, tokenEditExts) {
		return
	}
	abs, ok := c.a.absField(c.sc, f)
	if !ok {
		return
	}
	if i := c.a.writtenIndex(c.a.physical(c.sc, abs).path); i >= 0 && c.a.written[i].by == c.name {
		c.a.written[i].kind = writeHarmless
	}
}
