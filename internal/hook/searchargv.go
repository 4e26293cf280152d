package hook

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
)

// searchArgv is one program a search tool runs: its argv template (see
// searchArgvs) and where it runs.
type searchArgv struct {
	dir  string // "root": in the search root; "": in the cwd
	argv []string
	// reads names the placeholders this program gives a meaning of its
	// own (a searchValueMeanings name: {"glob": "pathspec"} for git grep):
	// a value that meaning's program func reports is judged as this
	// command line too.
	reads map[string]string
}

// SearchArgs are the values a search tool's call hands its program.
type SearchArgs struct {
	Pattern string   // the search pattern
	Roots   []string // the search roots as given (none: ".")
	Glob    string   // the file filter
	Type    string   // a ripgrep file type
}

// SearchArgv judges a search tool's call as the command lines its program
// runs when the call hands that program an option: for each argv of key's
// entry in searchArgvs (defaultSearchArgv when there is none) and each
// root, when a value standing as a plain positional (the pattern, a
// relative path) starts with '-', that argv, shell-quoted word by word, is
// an exec action in the directory the program runs in, for the shell
// analyser and the policy to judge as that program's command line (rg
// --pre=CMD, -f FILE, --hidden, grep --include, git grep -O …); so is an
// argv one of whose values has a meaning of its own to that program (its
// reads: git grep's pathspec magic ':!x', ':/'). A call
// that hands its program no option gives no action: SearchFiles judges
// what it reads.
func SearchArgv(key, tool, cwd string, a SearchArgs) []action.Action {
	progs, ok := searchArgvs[key]
	if !ok {
		progs = defaultSearchArgv
	}
	roots := a.Roots
	if len(roots) == 0 {
		roots = []string{""}
	}
	var out []action.Action
	for _, root := range roots {
		vals := map[string]string{"pattern": a.Pattern, "glob": a.Glob, "type": a.Type, "path": root, "root": ResolvePath(cwd, root)}
		if root == "" {
			vals["path"] = "."
			vals["root"] = cwd
		}
		for _, p := range progs {
			words, option := fillArgv(p.argv, vals)
			for name, meaning := range p.reads {
				if m := searchValueMeanings[meaning]; m.program != nil && vals[name] != "" && m.program(vals[name]) {
					option = true
				}
			}
			if !option {
				continue
			}
			dir := cwd
			if p.dir == "root" {
				dir = vals["root"]
			}
			cmd := shellJoin(words)
			dup := false
			for _, o := range out {
				dup = dup || (o.Command == cmd && o.Cwd == dir)
			}
			if !dup {
				out = append(out, Exec(tool, dir, cmd))
			}
		}
	}
	return out
}

// fillArgv substitutes vals into an argv template, leaving out a group
// whose placeholder is empty, and reports whether a plain positional (a
// group that is one placeholder, before any "--") starts with '-'.
func fillArgv(groups []string, vals map[string]string) ([]string, bool) {
	var words []string
	option, dashdash := false, false
	for _, g := range groups {
		tmpl := strings.Fields(g)
		filled := make([]string, 0, len(tmpl))
		empty := false
		for _, w := range tmpl {
			v, ok := substitute(w, vals)
			if !ok {
				empty = true
				break
			}
			filled = append(filled, v)
		}
		if empty {
			continue
		}
		if len(tmpl) == 1 && isPlaceholder(tmpl[0]) && !dashdash && strings.HasPrefix(filled[0], "-") {
			option = true
		}
		for _, w := range tmpl {
			dashdash = dashdash || w == "--"
		}
		words = append(words, filled...)
	}
	return words, option
}

// substitute fills the placeholders of one template word; false when one
// of them is empty.
func substitute(w string, vals map[string]string) (string, bool) {
	i := strings.IndexByte(w, '{')
	if i < 0 {
		return w, true
	}
	j := strings.IndexByte(w[i:], '}')
	if j < 0 {
		return w, true
	}
	v := vals[w[i+1:i+j]]
	if v == "" {
		return "", false
	}
	rest, ok := substitute(w[i+j+1:], vals) // v itself is not scanned: a '{' in it is literal
	if !ok {
		return "", false
	}
	return w[:i] + v + rest, true
}

func isPlaceholder(w string) bool {
	return len(w) > 2 && w[0] == '{' && w[len(w)-1] == '}' && !strings.ContainsAny(w[1:len(w)-1], "{}")
}

// shellJoin quotes each word for a POSIX shell.
func shellJoin(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(w, "'", `'\''`))
		b.WriteByte('\'')
	}
	return b.String()
}
