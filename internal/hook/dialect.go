package hook

import (
	"runtime"
	"slices"
	"strings"
)

// Glob dialects. Each search tool hands its patterns to a matcher of its
// own, and the matchers do not read the same syntax: ripgrep's globset
// (Claude's Grep and Glob, rg --glob), fnmatch (find -name, grep
// --include), git's pathspec, and minimatch (node's glob, under Gemini
// CLI's glob, read_many_files and its grep fallback), which reads extended
// globs: @(a|b) one of the alternatives, ?(a|b) zero or one, +(…), *(…)
// and !(…) names the other dialects read as the literal text. SearchFiles
// reads the common syntax (*, ?, [...], **, {a,b}); a dialect's own
// syntax is turned into it here, by a reading that matches at least every
// name the dialect matches (searchTools says which dialects read each
// tool's patterns; an unlisted tool is read in all of them).
//
// Case: minimatch ignores case when its caller sets nocase (Gemini's
// read_many_files always, its glob tool unless case_sensitive is true),
// and by default on macOS and Windows; on Linux it then matches every
// segment, the literal ones too, against the names it lists. A search
// that ignores case is marked Fold on its actions, and the policy matches
// the pattern and the tree's names (the root's too) case-folded.

// Dialect names, for searchTools.
const (
	dialectGlobset   = "globset"   // ripgrep --glob / --files --glob
	dialectFnmatch   = "fnmatch"   // find -name, grep --include, Python's fnmatch
	dialectPathspec  = "pathspec"  // git's pathspec (see pathspecMagic)
	dialectMinimatch = "minimatch" // node's glob / minimatch with extended globs on
)

// Case readings of a tool, for searchTools' nocase.
const (
	nocaseAlways = "always"  // the tool ignores case (or its case is unknown)
	nocaseOS     = "os"      // node-glob's default: on macOS and Windows
	nocaseUnless = "unless:" // prefix: unless the call's named key is true
)

// dialectReadings returns the patterns p stands for in the dialects ds
// (nil: every dialect): p itself, and its extended-glob reading when a
// dialect reads extended globs.
func dialectReadings(ds []string, p string) []string {
	out := []string{p}
	if ds == nil || slices.Contains(ds, dialectMinimatch) {
		if x, ok := ExtglobReading(p); ok && x != p {
			out = append(out, x)
		}
	}
	return out
}

// searchFolds reports whether a call of a tool with case reading nocase
// and arguments in ignores case.
func searchFolds(nocase string, in map[string]any) bool {
	switch {
	case nocase == "":
		return false
	case nocase == nocaseOS:
		return runtime.GOOS == "darwin" || runtime.GOOS == "windows"
	case strings.HasPrefix(nocase, nocaseUnless):
		// only a JSON true turns folding off; anything else the agent
		// may coerce or ignore
		b, ok := in[strings.TrimPrefix(nocase, nocaseUnless)].(bool)
		return !ok || !b
	}
	return true
}

// maxExtglobDepth bounds the nesting of extended globs translated; deeper
// groups are read as "*".
const maxExtglobDepth = 8

// ExtglobReading turns minimatch's extended globs in p into the common
// glob syntax, segment by segment (minimatch splits a pattern at '/'
// before it reads a group, so no group spans one): @(a|b) is {a,b}, a
// single @(a) is a; ?(a|b) is {,a,b} (without the empty alternative when
// the group is the whole segment: no name is empty); +(…), *(…), !(…)
// are "*" within the segment, as is a group nested deeper than
// maxExtglobDepth or an alternative holding brace syntax (minimatch
// expands braces first). A backslash escapes the next character and a
// [...] class is copied as is, as minimatch scans them; an unclosed group
// is literal text, as minimatch reads it. ok is false when p has no
// group.
func ExtglobReading(p string) (string, bool) {
	if !strings.Contains(p, "(") {
		return p, false
	}
	segs := strings.Split(p, "/")
	changed := false
	for i, s := range segs {
		if t, ok := extglobSeg(s, 0); ok {
			segs[i], changed = t, true
		}
	}
	if !changed {
		return p, false
	}
	return strings.Join(segs, "/"), true
}

// isExtglobType reports a character that opens a group before "(".
func isExtglobType(c byte) bool { return strings.IndexByte("@?+*!", c) >= 0 }

// extglobSeg translates the groups of one segment s.
func extglobSeg(s string, depth int) (string, bool) {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			end := min(i+2, len(s))
			b.WriteString(s[i:end])
			i = end
			continue
		case c == '[':
			end := classEnd(s, i)
			b.WriteString(s[i:end])
			i = end
			continue
		case isExtglobType(c) && i+1 < len(s) && s[i+1] == '(':
			alts, end, ok := extglobGroup(s, i+2)
			if !ok {
				// unclosed: the rest is literal text to minimatch
				b.WriteString(s[i:])
				return b.String(), changed
			}
			whole := i == 0 && end == len(s)
			b.WriteString(extglobAlts(c, alts, whole, depth))
			changed = true
			i = end
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), changed
}

// classEnd returns the index after the [...] class at s[i] as minimatch's
// scan ends it: a "]" first (or first after "!"/"^") is a member; an
// unclosed class runs to the end.
func classEnd(s string, i int) int {
	j := i + 1
	if j < len(s) && (s[j] == '!' || s[j] == '^') {
		j++
	}
	if j < len(s) && s[j] == ']' {
		j++
	}
	for ; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case ']':
			return j + 1
		}
	}
	return len(s)
}

// extglobGroup splits the group whose text starts at s[start] (after
// "X(") at its top-level '|' up to its closing ")": the alternatives, the
// index after ")", and false when the group is not closed. A nested group
// ("X(" inside) is kept whole within its alternative; a bare "(" is
// literal and a bare ")" closes, as minimatch parses.
func extglobGroup(s string, start int) ([]string, int, bool) {
	var alts []string
	depth, from := 0, start
	for j := start; j < len(s); j++ {
		switch c := s[j]; {
		case c == '\\':
			j++
		case c == '[':
			j = classEnd(s, j) - 1
		case isExtglobType(c) && j+1 < len(s) && s[j+1] == '(':
			depth++
			j++
		case c == '|' && depth == 0:
			alts = append(alts, s[from:j])
			from = j + 1
		case c == ')':
			if depth == 0 {
				return append(alts, s[from:j]), j + 1, true
			}
			depth--
		}
	}
	return nil, 0, false
}

// extglobAlts is the common-syntax reading of a group of type typ with
// alternatives alts; whole says the group is its segment.
func extglobAlts(typ byte, alts []string, whole bool, depth int) string {
	if typ != '@' && typ != '?' || depth >= maxExtglobDepth {
		return "*"
	}
	var out []string
	if typ == '?' && !whole {
		out = append(out, "")
	}
	for _, a := range alts {
		if strings.ContainsAny(a, "{},") {
			return "*" // minimatch expanded these braces before the group
		}
		if t, ok := extglobSeg(a, depth+1); ok {
			a = t
		}
		if a == "" && whole {
			continue // no name is empty
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	switch len(out) {
	case 0:
		return "*" // matches no name: any reading is wide enough
	case 1:
		return out[0]
	}
	return "{" + strings.Join(out, ",") + "}"
}
