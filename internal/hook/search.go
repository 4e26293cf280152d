package hook

import (
	"slices"
	"sort"
	"strings"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/lazy"
)

// SearchFiles is the action of an agent's search or find tool (Grep, Glob,
// grep_search, rg, search_files, …): a recursive file.read of every file
// below each of roots (the cwd when there is none) that one of patterns
// matches (every file when there is none). The tool reads what it
// searches, so the policy's read rules apply to everything it can reach.
//
// A pattern is part of the reach, not only a filter: an absolute pattern
// (/home/dev/.ssh/*, ~/.aws/*) searches from its own directory whatever
// the root, and ".." climbs out of it (../../**). Each pattern is
// normalized into a root and a pattern relative to it, in path-glob
// syntax ("**" matches any number of directories), with the widest
// reading wherever the tools differ:
//
//   - brace alternatives are expanded ({src,/etc}/*, *.{ts,tsx}), at most
//     maxBraceAlternatives; more reach everything below "/";
//   - the literal leading directories of a pattern join its root
//     (src/**/*.go searches src; /etc/*.conf searches /etc); a pattern
//     without any wildcard is a read of that path;
//   - ".." before any wildcard stays in the root, for the policy to
//     resolve through the file system (../../** searches
//     /home/dev/project/../..); after a wildcard (src/*/../x) it can climb
//     out of whatever a symlink matched by the wildcard points to, so it
//     reads everything below "/";
//   - a pattern without "/" matches a name at any depth ("**/*.go"), as
//     ripgrep's --glob does (a top-level match only, as a Glob tool has it,
//     is a subset), a name without wildcards too (main.tf is
//     **/main.tf, and everything below a directory of that name);
//   - an exclusion ("!*.md", ripgrep's syntax) and "**" read everything;
//   - a backslash is read as an escape, a literal character and a path
//     separator (EscapeReadings), every reading judged.
//
// Actions group the roots that share a pattern.
func SearchFiles(tool, cwd string, roots, patterns []string) []action.Action {
	return searchFiles(tool, cwd, roots, patterns, false)
}

// searchFiles is SearchFiles; with gitignore, each pattern is also read as
// the gitignore line a ripgrep --glob is (anchor.go): anchored at the cwd
// (and, with a leading '/', at the search root).
func searchFiles(tool, cwd string, roots, patterns []string, gitignore bool) []action.Action {
	if len(roots) == 0 {
		roots = []string{""}
	}
	if len(patterns) == 0 {
		patterns = []string{""}
	}
	byPattern := map[string][]string{}
	var order []string
	add := func(root, pat string) {
		pat = policyGlob(pat)
		if _, ok := byPattern[pat]; !ok {
			order = append(order, pat)
		}
		for _, r := range byPattern[pat] {
			if r == root {
				return
			}
		}
		byPattern[pat] = append(byPattern[pat], root)
	}
	var all []string
	for _, r := range roots {
		for _, rr := range PathReadings(r) {
			if !slices.Contains(all, rr) {
				all = append(all, rr)
			}
		}
	}
	for _, r := range all {
		root := ResolvePath(cwd, r)
		if root == "" {
			root = cwd
		}
		if root == "" {
			root = "."
		}
		for _, p := range patterns {
			for _, e := range EscapeReadings(p) {
				alts, ok := expandBraces(e, maxBraceAlternatives)
				if !ok {
					add("/", "")
					continue
				}
				for _, alt := range alts {
					if name, ok := bareName(alt); ok {
						// main.tf, .env: that name at any depth, and
						// everything below a directory of that name
						add(root, "**/"+name)
						add(root, "**/"+name+"/**")
						continue
					}
					add(reach(root, alt))
					if !gitignore {
						continue
					}
					if dirs, rel, ok := gitignoreAnchors(cwd, root, alt); ok {
						for _, d := range dirs {
							add(reach(d, rel))
						}
					}
				}
			}
		}
	}
	out := make([]action.Action, 0, len(order))
	for _, pat := range order {
		rs := byPattern[pat]
		sort.Strings(rs)
		out = append(out, action.Action{Kind: action.FileRead, Tool: tool, Cwd: cwd, Paths: rs, Recursive: true, Pattern: pat})
	}
	return out
}

// maxBraceAlternatives bounds brace expansion of a search pattern.
const maxBraceAlternatives = 64

// reach normalizes one brace-free pattern searched from root into the
// directory it searches and a pattern relative to it ("" = everything).
// ".." in the literal part is kept in the root for the policy to resolve
// as the kernel does (the directory before it may be a symlink); after a
// wildcard it may climb out of any directory a symlink matched by the
// wildcard points to, so it reaches everything below "/".
func reach(root, pat string) (string, string) {
	pat = strings.TrimSpace(pat)
	if pat == "" || strings.HasPrefix(pat, "!") {
		return root, ""
	}
	base := root
	rest := pat
	switch {
	case strings.HasPrefix(pat, "/"):
		base, rest = "/", pat
	case pat == "~" || strings.HasPrefix(pat, "~/"):
		base, rest = "~", strings.TrimPrefix(pat, "~")
	}
	comps := strings.Split(rest, "/")
	i := 0
	for i < len(comps) && !hasGlobMeta(comps[i]) {
		i++
	}
	base = tidyPath(base + "/" + strings.Join(comps[:i], "/"))
	if i == len(comps) {
		return base, "" // no wildcard: that path itself
	}
	tail := comps[i:]
	for _, c := range tail {
		if c == ".." {
			return "/", ""
		}
	}
	p := strings.Join(tail, "/")
	if !strings.Contains(p, "/") && p != "**" {
		p = "**/" + p
	}
	if p == "**" || p == "**/*" || p == "**/**" {
		return base, ""
	}
	return base, p
}

// bareName reports a pattern that is one name without wildcards (main.tf,
// .env): a glob filter that matches that name at any depth (ripgrep's
// --glob, and every tool that treats a pattern without "/" as a base
// name), not only the file of that name in the root.
func bareName(pat string) (string, bool) {
	pat = strings.TrimSpace(pat)
	pat = strings.TrimSuffix(pat, "/")
	if pat == "" || pat == "." || pat == ".." || pat == "~" || strings.ContainsAny(pat, "/!") || hasGlobMeta(pat) {
		return "", false
	}
	return pat, true
}

func hasGlobMeta(c string) bool { return strings.ContainsAny(c, "*?[{") }

// expandBraces expands {a,b} alternatives (nested too); false when there
// would be more than max.
func expandBraces(p string, max int) ([]string, bool) {
	open := -1
	depth := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '{':
			if depth == 0 {
				open = i
			}
			depth++
		case '}':
			if depth == 0 {
				continue
			}
			depth--
			if depth > 0 {
				continue
			}
			// Split the group at its top-level commas.
			var alts []string
			d, s := 0, open+1
			for j := open + 1; j < i; j++ {
				switch p[j] {
				case '{':
					d++
				case '}':
					d--
				case ',':
					if d == 0 {
						alts = append(alts, p[s:j])
						s = j + 1
					}
				}
			}
			alts = append(alts, p[s:i])
			if len(alts) == 1 {
				continue // {x}: no alternatives, a literal
			}
			var out []string
			for _, a := range alts {
				more, ok := expandBraces(p[:open]+a+p[i+1:], max)
				if !ok || len(out)+len(more) > max {
					return nil, false
				}
				out = append(out, more...)
			}
			return out, true
		}
	}
	return []string{p}, true
}

// ripgrepTypes lists the file names ripgrep's --type (Claude's Grep type,
// Copilot's rg type) selects, for the common types. Sources: ripgrep's
// built-in type list (rg --type-list). A type not listed here selects
// every file, since Mandate cannot tell what it matches.
var ripgrepTypes = &lazy.Value[map[string][]string]{New: func() map[string][]string {
	return map[string][]string{
		"c":          {"*.[chH]", "*.[chH].in", "*.cats"},
		"cpp":        {"*.[ChH]", "*.cc", "*.[ch]pp", "*.[ch]xx", "*.hh", "*.inl", "*.[ChH].in", "*.cc.in", "*.[ch]pp.in", "*.[ch]xx.in", "*.hh.in"},
		"cs":         {"*.cs"},
		"csharp":     {"*.cs"},
		"css":        {"*.css", "*.scss"},
		"go":         {"*.go"},
		"html":       {"*.htm", "*.html", "*.ejs"},
		"java":       {"*.java", "*.jsp", "*.jspx", "*.properties"},
		"js":         {"*.js", "*.jsx", "*.vue", "*.cjs", "*.mjs"},
		"jsx":        {"*.js", "*.jsx", "*.vue", "*.cjs", "*.mjs"},
		"json":       {"*.json", "composer.lock"},
		"kotlin":     {"*.kt", "*.kts"},
		"lua":        {"*.lua"},
		"markdown":   {"*.markdown", "*.md", "*.mdown", "*.mdwn", "*.mkd", "*.mkdn"},
		"md":         {"*.markdown", "*.md", "*.mdown", "*.mdwn", "*.mkd", "*.mkdn"},
		"php":        {"*.php", "*.php3", "*.php4", "*.php5", "*.php7", "*.php8", "*.pht", "*.phtml"},
		"proto":      {"*.proto"},
		"protobuf":   {"*.proto"},
		"py":         {"*.py"},
		"python":     {"*.py"},
		"rb":         {"config.ru", "Gemfile", ".irbrc", "Rakefile", "*.gemspec", "*.rb", "*.rbw"},
		"ruby":       {"config.ru", "Gemfile", ".irbrc", "Rakefile", "*.gemspec", "*.rb", "*.rbw"},
		"rust":       {"*.rs"},
		"scala":      {"*.scala", "*.sbt"},
		"sql":        {"*.sql", "*.psql"},
		"swift":      {"*.swift"},
		"toml":       {"*.toml", "Cargo.lock"},
		"ts":         {"*.ts", "*.tsx", "*.cts", "*.mts"},
		"tsx":        {"*.ts", "*.tsx", "*.cts", "*.mts"},
		"typescript": {"*.ts", "*.tsx", "*.cts", "*.mts"},
		"txt":        {"*.txt"},
		"xml":        {"*.xml", "*.xml.dist", "*.dtd", "*.xsl", "*.xslt", "*.xsd", "*.xjb", "*.rng", "*.sch", "*.xhtml"},
		"yaml":       {"*.yaml", "*.yml"},
		"yml":        {"*.yaml", "*.yml"},
	}
}}

// SearchPatterns returns the file patterns of a search tool's arguments:
// the readings of glob (a glob filter, see GlobReadings) if set, else
// type (a ripgrep file type; unknown types give no pattern, every file),
// else none.
func SearchPatterns(glob, typ string) []string {
	if glob != "" {
		return GlobReadings(glob)
	}
	if typ != "" {
		return ripgrepTypes.Get()[strings.ToLower(typ)]
	}
	return nil
}
