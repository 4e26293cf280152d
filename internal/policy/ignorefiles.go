package policy

import (
	"bufio"
	"bytes"
	"path"
	"strings"

	"github.com/mandate-dev/mandate/internal/fsview"
)

// Hidden names an ignore file re-includes. A recursive reader that skips
// hidden names (rg without --hidden, fd, ag) still reads one that a "!"
// line of an ignore file names: "!.env" in a .gitignore, .ignore,
// .rgignore, .fdignore or .agignore of the directory searched, of a
// directory below it or above it, in the repository's .git/info/exclude or
// in git's global excludes file makes rg search .env. So the walk reads
// those files (bounded) and keeps every hidden name a "!" line could name.
// An ignore file Mandate cannot read in full (too large, not a regular
// file, too many of them) keeps every hidden name below its directory:
// what Mandate cannot read is not assumed to exclude anything.

// ignoreNames are the ignore files the search tools read in a directory.
var ignoreNames = []string{".gitignore", ".ignore", ".rgignore", ".fdignore", ".agignore"}

// Bounds on reading ignore files for one evaluation.
const (
	maxIgnoreFiles = 64
	maxIgnoreBytes = 64 << 10
)

// reinclude is one "!" line: a pattern relative to the directory of the
// ignore file that holds it. all keeps every hidden name below dir.
type reinclude struct {
	dir string
	pat []string // segments; nil with all
	// anchored: the pattern had a "/" before its end, and is matched
	// against the path below dir; otherwise against each name.
	anchored bool
	all      bool
}

// hiddenKeeper collects the re-includes a walk below root can meet.
type hiddenKeeper struct {
	ev    *evaluation
	rules []reinclude
	read  int             // ignore files read
	dirs  map[string]bool // directories whose ignore files are read
}

// newHiddenKeeper reads the ignore files that apply to root from above
// it: its ancestors' own, the repository's .git/info/exclude and git's
// global excludes file.
func (ev *evaluation) newHiddenKeeper(root string) *hiddenKeeper {
	k := &hiddenKeeper{ev: ev}
	for d := path.Dir(root); ; d = path.Dir(d) {
		k.readDir(d, nil)
		if d == "/" {
			break
		}
	}
	for d := root; ; d = path.Dir(d) {
		if info, ok := ev.lstat(path.Join(d, ".git")); ok {
			if info.Mode.IsDir() {
				k.readFile(path.Join(d, ".git/info/exclude"), d)
			}
			break
		}
		if d == "/" {
			break
		}
	}
	k.globalExcludes()
	return k
}

// globalExcludes reads git's global excludes file: core.excludesFile when
// git's configuration sets it, else $HOME/.config/git/ignore. A
// configuration Mandate cannot read plainly (an include, a value it
// cannot parse) keeps every hidden name.
func (k *hiddenKeeper) globalExcludes() {
	ev := k.ev
	file := ""
	if ev.home != "" {
		file = path.Join(ev.home, ".config/git/ignore")
	}
	var cfgs []string
	if ev.home != "" {
		cfgs = append(cfgs, path.Join(ev.home, ".gitconfig"), path.Join(ev.home, ".config/git/config"))
	}
	if ev.root != "" {
		cfgs = append(cfgs, path.Join(ev.root, ".git/config"))
	}
	for _, c := range cfgs {
		if _, ok := ev.lstat(c); !ok {
			continue
		}
		b, err := ev.readBounded(c, maxIgnoreBytes)
		if err != nil {
			k.keepAll("/")
			return
		}
		v, ok := excludesFileSetting(b)
		if !ok {
			k.keepAll("/")
			return
		}
		if v != "" {
			file = v
		}
	}
	switch {
	case file == "":
		return
	case strings.HasPrefix(file, "~/") && ev.home != "":
		file = path.Join(ev.home, file[2:])
	case !path.IsAbs(file):
		k.keepAll("/")
		return
	}
	k.readFile(file, "/")
}

// excludesFileSetting returns the value of core.excludesFile in a git
// configuration file's text ("" when absent); ok is false when the file
// includes others or the value cannot be read plainly.
func excludesFileSetting(b []byte) (val string, ok bool) {
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 4096), maxIgnoreBytes)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return "", false
			}
			section = strings.ToLower(strings.TrimSpace(line[1:end]))
			if strings.HasPrefix(section, "include") {
				return "", false
			}
			line = strings.TrimSpace(line[end+1:])
		}
		name, v, _ := strings.Cut(line, "=")
		if section != "core" || !strings.EqualFold(strings.TrimSpace(name), "excludesfile") {
			continue
		}
		v = strings.TrimSpace(v)
		if strings.ContainsAny(v, "\\;#") {
			return "", false
		}
		val = strings.Trim(v, `"`)
	}
	return val, sc.Err() == nil
}

// readDirs reads the ignore files of every directory from root down to
// the one holding p (a walk that lists no directories, as git's list of
// tracked files).
func (k *hiddenKeeper) readDirs(root, p string) {
	rel, ok := under(path.Dir(p), root)
	if !ok {
		return
	}
	d := root
	k.readDir(d, nil)
	if rel == "" {
		return
	}
	for _, s := range strings.Split(rel, "/") {
		d = path.Join(d, s)
		k.readDir(d, nil)
	}
}

// readDir reads the ignore files among names in dir (all of them that
// exist when names is nil), once.
func (k *hiddenKeeper) readDir(dir string, names []string) {
	if k.dirs[dir] {
		return
	}
	if k.dirs == nil {
		k.dirs = map[string]bool{}
	}
	k.dirs[dir] = true
	for _, n := range ignoreNames {
		if names != nil && !slicesContains(names, n) {
			continue
		}
		p := path.Join(dir, n)
		if names == nil {
			if _, ok := k.ev.lstat(p); !ok {
				continue
			}
		}
		k.readFile(p, dir)
	}
}

// readFile reads one ignore file whose patterns are relative to dir.
func (k *hiddenKeeper) readFile(file, dir string) {
	if k.read++; k.read > maxIgnoreFiles {
		k.keepAll("/")
		return
	}
	b, err := k.ev.readBounded(file, maxIgnoreBytes)
	if err != nil {
		if _, ok := k.ev.lstat(file); ok {
			k.keepAll(dir) // there, but not readable in full
		}
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimRight(line, "\r")
		pat, ok := strings.CutPrefix(line, "!")
		if !ok {
			continue // "\!x" is a literal "!x", and other lines exclude
		}
		if t := strings.TrimRight(pat, " "); !strings.HasSuffix(t, "\\") {
			pat = t
		}
		pat = strings.TrimSuffix(pat, "/")
		anchored := strings.Contains(pat, "/")
		pat = strings.TrimPrefix(pat, "/")
		if pat == "" {
			continue
		}
		k.rules = append(k.rules, reinclude{dir: dir, pat: strings.Split(pat, "/"), anchored: anchored})
	}
}

func (k *hiddenKeeper) keepAll(dir string) {
	k.rules = append(k.rules, reinclude{dir: dir, all: true})
}

// listed reads the ignore files a walk finds in a directory, before the
// directory's entries are visited.
func (k *hiddenKeeper) listed(dir string, names []string) {
	for _, n := range names {
		if slicesContains(ignoreNames, n) {
			k.readDir(dir, names)
			return
		}
	}
}

// keep reports whether the hidden path p is re-included: a rule of an
// ignore file above it names it, or names something below it (so that a
// walk descends to it).
func (k *hiddenKeeper) keep(p string) bool {
	for _, r := range k.rules {
		rel, ok := under(p, r.dir)
		if !ok || rel == "" {
			continue
		}
		if r.all {
			return true
		}
		if !r.anchored {
			if fsview.MatchName(r.pat[0], path.Base(p), true, true) {
				return true
			}
			continue
		}
		full, prefix, known := globSegs(r.pat, strings.Split(rel, "/"), true, true)
		if full || prefix || !known {
			return true
		}
	}
	return false
}
