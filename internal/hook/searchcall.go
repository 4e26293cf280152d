package hook

import (
	"slices"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// searchTool is one entry of searchTools: the keys and rewrites of a
// search tool's arguments.
type searchTool struct {
	roots, patterns, globs, types []string
	names                         bool
	rootRW, nameRW                []string
	globAs                        string
	argv                          string
	dialects                      []string // nil: every dialect
	nocase                        string
}

// searchRewrites are the rewrites an agent applies to one argument before
// its program sees it, by the name searchTools gives them: each returns
// the values the argument becomes (the value as sent is judged anyway).
var searchRewrites = map[string]func(string) []string{
	"hermes-multipath": hermesMultiPath,
	"hermes-files":     hermesFilesPattern,
	"whole-dir":        wholeDir,
}

// valueMeaning is what a value means to a program beyond the glob
// SearchFiles reads: wide reports one that reaches everything below the
// search root (and maybe above: the program's command line is judged
// too), program one whose command line must be judged because the
// program reads it otherwise.
type valueMeaning struct{ wide, program func(string) bool }

// searchValueMeanings are the valueMeanings by the name searchTools and
// searchArgvs give them.
var searchValueMeanings = map[string]valueMeaning{
	"pathspec": {wide: pathspecMagic, program: pathspecSpecial},
}

// maxSearchCombos bounds the command lines one search call is judged as
// (patterns × filters × types); a call with more is unknown (ask).
const maxSearchCombos = 64

// SearchCall judges a call of the search tool key (a searchTools key; an
// unlisted one is unknown) from its raw arguments in: the union of every
// root, pattern, filter and type under every key the table lists, and
// every rewrite of them, as SearchFiles' reads of what the tool reaches,
// plus SearchArgv's command lines for each combination the program may be
// handed.
func SearchCall(key, tool, cwd string, in map[string]any) []action.Action {
	t, ok := searchTools[key]
	if !ok {
		return []action.Action{Unknown(tool, cwd)}
	}
	roots := rewritten(Paths(in, t.roots...), t.rootRW)
	pats := Paths(in, t.patterns...)
	globs := Paths(in, t.globs...)
	types := Paths(in, t.types...)
	var filters []string
	if t.names {
		pats = rewritten(pats, t.nameRW)
		filters = pats
	} else {
		wide := searchValueMeanings[t.globAs].wide
		for _, g := range globs {
			if wide != nil && wide(g) {
				filters = append(filters, "") // its own meaning: everything
			}
			filters = append(filters, GlobReadings(g)...)
		}
		for _, ty := range types {
			ps := ripgrepTypes.Get()[strings.ToLower(ty)]
			if len(ps) == 0 {
				ps = []string{""} // an unknown type: every file
			}
			filters = append(filters, ps...)
		}
	}
	var read []string
	for _, f := range filters {
		for _, r := range dialectReadings(t.dialects, f) {
			if !slices.Contains(read, r) {
				read = append(read, r)
			}
		}
	}
	gitignore := t.dialects == nil || slices.Contains(t.dialects, dialectGlobset)
	acts := searchFiles(tool, cwd, roots, read, gitignore)
	if searchFolds(t.nocase, in) {
		for i := range acts {
			acts[i].Fold = true
		}
	}
	if t.argv == "" {
		return acts
	}
	if len(pats) == 0 {
		pats = []string{""}
	}
	if len(globs) == 0 || t.names {
		globs = []string{""}
	}
	if len(types) == 0 {
		types = []string{""}
	}
	if len(pats)*len(globs)*len(types) > maxSearchCombos {
		return append(acts, Unknown(tool, cwd))
	}
	n := len(acts)
	for _, p := range pats {
		for _, g := range globs {
			for _, ty := range types {
				for _, a := range SearchArgv(t.argv, tool, cwd, SearchArgs{Pattern: p, Roots: roots, Glob: g, Type: ty}) {
					if !slices.ContainsFunc(acts[n:], func(o action.Action) bool { return o.Command == a.Command && o.Cwd == a.Cwd }) {
						acts = append(acts, a)
					}
				}
			}
		}
	}
	return acts
}

// rewritten is vals and, after them, every value the named rewrites make
// of each, distinct.
func rewritten(vals, rws []string) []string {
	if len(rws) == 0 {
		return vals
	}
	out := slices.Clone(vals)
	for _, v := range vals {
		for _, name := range rws {
			for _, r := range searchRewrites[name](v) {
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// hermesMultiPath is Hermes' _try_multi_path_search split of a search path
// that does not exist whole: at commas, each part stripped (newer builds),
// or each comma part split at white space (older builds), or at white
// space when there is no comma. Every part is a root (each one's "~" is
// expanded by Hermes, and kept home-relative by ResolvePath).
func hermesMultiPath(p string) []string {
	var out []string
	add := func(s string) {
		if s != "" && s != p && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, chunk := range strings.Split(p, ",") {
		add(strings.TrimFunc(chunk, pySpace))
		for _, w := range strings.FieldsFunc(chunk, pySpace) {
			add(w)
		}
	}
	return out
}

// hermesFilesPattern is Hermes' files-mode rewrite of a name pattern:
// _search_files keeps the last '/' segment of a pattern that has a '/' (or
// starts with "**/"), which find takes as -name; _search_files_rg puts '*'
// before one without '/' that does not start with '*' (rg --files -g).
// "docs/*.tf" is *.tf from the root, "tf" is *tf, "docs/" is "*", every
// file.
func hermesFilesPattern(p string) []string {
	s := p
	if strings.HasPrefix(p, "**/") || strings.Contains(p, "/") {
		s = p[strings.LastIndexByte(p, '/')+1:]
	}
	out := []string{s}
	if !strings.HasPrefix(s, "*") {
		out = append(out, "*"+s)
	}
	return out
}

// wholeDir is a read-many entry that names a directory: all of it
// (Gemini's read_many_files reads "src" and "src/" as src/**).
func wholeDir(p string) []string {
	p = strings.TrimRight(p, "/")
	if p == "" {
		return nil
	}
	return []string{p + "/**"}
}

// pathspecMagic reports a git pathspec with magic (":!x", ":^x", ":/",
// ":(top)", ":(icase)x", ":(exclude)x", ":(glob)…"): exclusion, the top of
// the tree, any case. Read conservatively: everything below the search
// root, and git grep's command line judged (the policy reads pathspecs as
// git does, ":/" from the repository's top too).
func pathspecMagic(v string) bool { return strings.HasPrefix(v, ":") }

// pathspecSpecial reports a git pathspec that git reads otherwise than
// the glob SearchFiles reads: magic, or a wildcard in a pattern with '/'
// (git's '*' matches '/' too: "*/main.tf" is main.tf at any depth). Its
// git grep command line is judged.
func pathspecSpecial(v string) bool {
	return pathspecMagic(v) || strings.Contains(v, "/") && strings.ContainsAny(v, "*?[")
}
