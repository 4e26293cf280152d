package hook

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// An agent reads its tools' arguments with its own code before it acts on
// them, and that code is not Mandate's: Claude Code trims a Grep or Glob
// path (expandPath: String.prototype.trim) and splits a Grep glob into a
// list; another agent, written in Python, strips with str.strip. Where an
// argument can be read more than one way, every reading is judged and the
// strictest wins: the argument as sent, and each way an agent is known to
// (or may) rewrite it before it runs.

// JSSpace reports the characters JavaScript's String.prototype.trim and
// its \s class remove or split at: ECMAScript's WhiteSpace (tab, vertical
// tab, form feed, space, no-break space, byte order mark, the Zs spaces)
// and LineTerminator (line feed, carriage return, U+2028, U+2029).
func JSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0xFEFF, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// pySpace reports the characters Python's str.strip and str.split remove
// or split at (str.isspace): Go's unicode.IsSpace and the information
// separators U+001C to U+001F.
func pySpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1C && r <= 0x1F }

// trimSets are the white-space sets of the agents' languages: JavaScript
// (Claude Code, Gemini CLI, Copilot CLI, Cursor), Python (Hermes) and Go's
// (Rust's char::is_whitespace, Codex, is the Unicode White_Space
// property, which Go's set holds).
var trimSets = [...]func(rune) bool{JSSpace, pySpace, unicode.IsSpace}

// PathReadings returns the names a path argument may stand for once the
// agent has normalised it: p as sent, p with leading and trailing white
// space trimmed by each agent language's rule, and each of those in
// Unicode NFC (macOS file systems and some agents compose names). A path
// that is only white space reads as "." too (the tool's working
// directory). p comes first; readings are distinct.
func PathReadings(p string) []string {
	out := []string{p}
	if p == "" {
		return out
	}
	add := func(s string) {
		if s == "" {
			s = "."
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, set := range trimSets {
		add(strings.TrimFunc(p, set))
	}
	if !isASCII(p) {
		for _, s := range slices.Clone(out) {
			add(norm.NFC.String(s))
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// maxGlobPieces bounds the readings of one glob argument; a longer list
// is read as no filter at all (every file), the widest reading.
const maxGlobPieces = 64

// GlobReadings returns the patterns a search tool's glob argument may
// stand for: the string whole (one rg --glob), each of its words split at
// JavaScript white space, and each word's pieces split at commas outside
// braces. Claude Code's Grep does the last two (2.1.197: glob.split(/\s+/),
// then every brace-free word split at ",", each piece its own rg --glob,
// with --hidden), so "*.go .env" and "*.md,.env*" search .env. A brace
// word is kept whole by Claude; its top-level comma pieces are judged
// too, which can only add readings. More than maxGlobPieces readings
// give "", every file.
func GlobReadings(glob string) []string {
	out := []string{glob}
	add := func(s string) bool {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
		return len(out) <= maxGlobPieces
	}
	for _, w := range strings.FieldsFunc(glob, JSSpace) {
		if !add(w) {
			return []string{""}
		}
		for _, piece := range topLevelCommas(w) {
			if !add(piece) {
				return []string{""}
			}
		}
	}
	return out
}

// topLevelCommas splits s at the commas outside {…} groups; nil when it
// has none.
func topLevelCommas(s string) []string {
	if !strings.Contains(s, ",") {
		return nil
	}
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	if start == 0 {
		return nil
	}
	return append(out, s[start:])
}

// The search tools read a backslash in a glob three ways: as an escape
// (ripgrep's globset on Unix, minimatch and picomatch, node-glob and
// fast-glob, bash: \e is e, \* a literal star), as a literal character
// (Python's fnmatch and glob, which Hermes and MCP servers use; minimatch
// with windowsPathsNoEscape), and as a path separator (globset and
// node-glob on Windows). Each is a reading, and the strictest wins.

// globSyntax holds the characters that are glob syntax to some tool: an
// escaped one is a literal character, read as "?" (any one character,
// which matches it and more) so that no later stage reads it as syntax.
const globSyntax = `*?[]{},!\`

// EscapeReadings returns the readings of a glob pattern's backslashes: p
// as sent (the literal reading), with every backslash a "/", and with
// every backslash an escape of the character after it (a dangling one
// dropped; an escaped glob character read as "?"). A backslash inside a
// [...] class, where the tools disagree about where the class ends,
// cannot be read exactly: that reading keeps the pattern's literal
// leading directories and reaches everything below them ("dir/**"). p
// comes first; readings are distinct; a pattern without a backslash has
// only itself.
func EscapeReadings(p string) []string {
	if !strings.Contains(p, `\`) {
		return []string{p}
	}
	out := []string{p}
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(strings.ReplaceAll(p, `\`, "/"))
	add(unescapeGlob(p))
	return out
}

// unescapeGlob is the escape reading of EscapeReadings.
func unescapeGlob(p string) string {
	comps := strings.Split(p, "/")
	for i, c := range comps {
		if strings.Contains(c, `\`) && strings.ContainsAny(c, "[]") {
			// everything below the literal directories before it
			j := 0
			for j < i && !strings.ContainsAny(comps[j], `*?[]{}\`) {
				j++
			}
			return strings.Join(append(comps[:j:j], "**"), "/")
		}
	}
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		if p[i] != '\\' {
			b.WriteByte(p[i])
			continue
		}
		i++
		switch {
		case i == len(p):
		case strings.IndexByte(globSyntax, p[i]) >= 0:
			b.WriteByte('?')
		default:
			b.WriteByte(p[i])
		}
	}
	return b.String()
}

// policyGlob turns a pattern of the literal reading into the policy's
// glob syntax, where a backslash escapes: each literal backslash becomes
// "?" (any one character, which matches it). One with a [...] class too
// cannot be rewritten exactly: "", everything below the root.
func policyGlob(pat string) string {
	if !strings.Contains(pat, `\`) {
		return pat
	}
	if strings.ContainsAny(pat, "[]") {
		return ""
	}
	return strings.ReplaceAll(pat, `\`, "?")
}
