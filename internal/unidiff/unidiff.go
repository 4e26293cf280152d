// Package unidiff reads the files a diff changes, in every dialect a
// patch tool applies: unified and context diffs, git patches (with their
// extended headers and binary patches), svn's Index: lines, normal and ed
// diffs, indented or quoted as GNU patch accepts them. It serves the edit
// tools of MCP servers, which apply such text with patch(1), git apply or
// code of their own.
//
// # Contract
//
// Files returns the paths the text's headers name and what applying the
// text does to each. A header is read where GNU patch reads one: after
// any leading blanks and 'X' characters (patch strips a consistent
// indentation, as text pasted from mail or markdown has), "---" after
// RFC 934's "- " prefixes, the name after a space or a tab. The headers
// are:
//
//   - "--- OLD" followed by "+++ NEW" (unified), "*** OLD" followed by
//     "--- NEW" (context, diff -c), "diff --git a/X b/Y", and git's
//     extended headers after it (rename from/to, copy from/to, deleted
//     file mode): these are the files the text changes (Alt false);
//   - "Index: NAME" (svn; the name GNU patch falls back on): a file the
//     text changes when the text has a hunk of any dialect (@@ -, a
//     context hunk's stars, a normal diff's 1c1 followed by < or >, an
//     ed script's commands and "."), else a possible one;
//   - a "---", "+++" or "***" header standing alone, a rename or copy
//     line without a "diff --git" before it (prose: "copy to the
//     clipboard"), and the last two operands of a "diff …" command line
//     (diff -u a b, hg's diff -r REV FILE): possible files (Alt true).
//
// A name is returned at the strip level git uses (its a/ and b/ prefixes
// dropped when both headers carry them, else as written; git's C-quoted
// "…" spelling unquoted; a timestamp after a tab dropped; /dev/null meaning
// no file), and also, marked Alt, at every other strip level (patch -pN
// for any N: the path as written and each suffix after a "/", down to the
// base name GNU patch uses when no -p is given) and as the first word of a
// name with a space and no tab (GNU patch ends such a name at the space).
// A caller that judges the Alt readings as possible writes (a write only
// when they name a protected or blocked file) therefore judges at least
// the file any of these tools changes, whatever strip level it is run
// with, and a text that merely looks like a diff naming such a file.
//
// Files is lenient (it never fails: a text without headers has no files)
// and pure, linear in the text. It reads at most MaxFiles names, the
// deepest 64 strip levels of each and 8×MaxFiles readings in all, and
// reports more as truncated. Looks reports whether a
// text holds a diff (a header pair, a git header, or a hunk).
package unidiff

import (
	"strconv"
	"strings"
)

// Op is what applying a section does to a path.
type Op uint8

const (
	Write  Op = iota + 1 // the file is created or changed
	Delete               // the file is removed (deleted, renamed away)
	Read                 // the file is read (copied from)
)

// File is one path a section names and what happens to it.
type File struct {
	Path string
	Op   Op
	// Alt marks a possible file: another reading of a name (another
	// strip level, the first word), or a name from a header that stands
	// alone.
	Alt bool
}

// MaxFiles bounds the names read; Files reports more as truncated.
const MaxFiles = 4096

// Looks reports whether text holds a diff: a "---"/"+++" or
// "***"/"---" header pair, a "diff --git" line, or a hunk of any dialect.
func Looks(text string) bool {
	lines := strings.Split(text, "\n")
	if hasHunk(lines) {
		return true
	}
	for i := range lines {
		s := body(lines[i])
		if strings.HasPrefix(s, "diff --git ") {
			return true
		}
		if i+1 < len(lines) {
			_, old := header(s, "---")
			_, ctx := header(s, "***")
			_, next := header(body(lines[i+1]), "+++")
			_, nextOld := header(body(lines[i+1]), "---")
			if old && next || ctx && nextOld {
				return true
			}
		}
	}
	return false
}

// maybe reports whether text holds any mark a header starts with, so
// that text without one costs a few scans and no allocation.
func maybe(text string) bool {
	for _, m := range marks {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}

var marks = []string{"---", "+++", "***", "Index:", "diff ", "rename ", "copy ", "@@ -"}

// Files returns the paths the text's headers name. truncated is set when
// there were more than MaxFiles names.
func Files(text string) (files []File, truncated bool) {
	if !maybe(text) {
		return nil, false
	}
	r := &reader{}
	lines := strings.Split(text, "\n")
	hunk := hasHunk(lines)
	pre := func(p, c string) bool { return p == "/dev/null" || strings.HasPrefix(p, c) }
	deleted, starsLast, git := false, false, false
	var h hunkState
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		s := body(line)
		if h.in(line) {
			r.lone(s) // a hunk's line shaped like a header: a possible file
			starsLast = false
			continue
		}
		h.start(line, s)
		starsPrev := starsLast
		starsLast = strings.HasPrefix(s, "********")
		next := ""
		if i+1 < len(lines) {
			next = body(lines[i+1])
		}
		if v, ok := header(rfc934(s), "---"); ok {
			if w, ok := header(rfc934(next), "+++"); ok { // unified: --- OLD, +++ NEW
				r.pair(v, w, deleted, pre)
				deleted = false
				i++
			} else {
				r.header(v, Write, false, true)
			}
			continue
		}
		if v, ok := header(rfc934(s), "***"); ok && !starsPrev {
			if w, ok := header(rfc934(next), "---"); ok { // context: *** OLD, --- NEW
				r.pair(v, w, deleted, pre)
				deleted = false
				i++
			} else {
				r.header(v, Write, false, true)
			}
			continue
		}
		if v, ok := header(rfc934(s), "+++"); ok {
			r.header(v, Write, false, true)
			continue
		}
		switch {
		case strings.HasPrefix(s, "diff --git "):
			deleted, git = false, true
			a, b := gitPair(s[len("diff --git "):])
			pf := pre(a, "a/") && pre(b, "b/")
			r.add(a, Write, pf, false)
			r.add(b, Write, pf, false)
		case strings.HasPrefix(s, "diff "):
			for _, w := range operands(s[len("diff "):]) {
				r.add(w, Write, false, true)
			}
		case strings.HasPrefix(s, "Index:"):
			r.header(s[len("Index:"):], Write, false, !hunk)
		case strings.HasPrefix(s, "deleted file mode"):
			deleted = true
		case strings.HasPrefix(s, "rename from "):
			r.header(s[len("rename from "):], Delete, false, !git)
		case strings.HasPrefix(s, "rename to "):
			r.header(s[len("rename to "):], Write, false, !git)
		case strings.HasPrefix(s, "copy from "):
			r.header(s[len("copy from "):], Read, false, !git)
		case strings.HasPrefix(s, "copy to "):
			r.header(s[len("copy to "):], Write, false, !git)
		}
	}
	return r.files, r.truncated
}

// reader collects the files.
type reader struct {
	files     []File
	names     int
	truncated bool
}

// pair reads a header pair: the old file is written (deleted when the
// new one is /dev/null or git said so), the new one written.
func (r *reader) pair(oldV, newV string, deleted bool, pre func(p, c string) bool) {
	oldPath, oldWord := headerPath(oldV)
	newPath, newWord := headerPath(newV)
	pf := pre(oldPath, "a/") && pre(newPath, "b/")
	op := Write
	if newPath == "/dev/null" || deleted {
		op = Delete
	}
	r.add(oldPath, op, pf, false)
	r.add(oldWord, op, false, true)
	r.add(newPath, Write, pf, false)
	r.add(newWord, Write, false, true)
}

// header reads the name after a header mark.
func (r *reader) header(v string, op Op, prefixed, alt bool) {
	p, w := headerPath(v)
	r.add(p, op, prefixed, alt)
	r.add(w, op, false, true)
}

// add reports name p at its strip level (without git's a/ or b/ when
// prefixed) and, as Alt, at every other.
func (r *reader) add(p string, op Op, prefixed, alt bool) {
	p = strings.TrimRight(p, "\r")
	if p == "" || p == "/dev/null" {
		return
	}
	if r.names >= MaxFiles {
		r.truncated = true
		return
	}
	r.names++
	primary := p
	if prefixed {
		if i := strings.IndexByte(p, '/'); i > 0 && i < len(p)-1 {
			primary = p[i+1:]
		}
	}
	emit := func(s string, alt bool) {
		if s == "" || s == "/dev/null" {
			return
		}
		if len(r.files) >= maxReadings {
			r.truncated = true
			return
		}
		r.files = append(r.files, File{Path: s, Op: op, Alt: alt})
	}
	emit(primary, alt)
	if p != primary {
		emit(p, true)
	}
	// The suffixes after each "/" (all distinct, being of different
	// lengths), the deepest maxDepth of them: the base name upwards.
	var starts []int
	for i := 0; i < len(p); i++ {
		if p[i] == '/' && i+1 < len(p) && p[i+1] != '/' {
			starts = append(starts, i+1)
		}
	}
	if len(starts) > maxDepth {
		starts = starts[len(starts)-maxDepth:]
	}
	for _, i := range starts {
		if p[i:] != primary {
			emit(p[i:], true)
		}
	}
}

// maxDepth bounds the strip levels read of one name; maxReadings the
// readings of a whole text.
const (
	maxDepth    = 64
	maxReadings = 8 * MaxFiles
)

// lone reads a line inside a hunk that is shaped like a header: each
// name it holds is a possible file.
func (r *reader) lone(s string) {
	if contextRange(s) {
		return
	}
	t := rfc934(s)
	for _, m := range []string{"---", "+++", "***"} {
		if v, ok := header(t, m); ok {
			r.header(v, Write, false, true)
			return
		}
	}
	switch {
	case strings.HasPrefix(s, "diff --git "):
		a, b := gitPair(s[len("diff --git "):])
		r.add(a, Write, false, true)
		r.add(b, Write, false, true)
	case strings.HasPrefix(s, "diff "):
		for _, w := range operands(s[len("diff "):]) {
			r.add(w, Write, false, true)
		}
	case strings.HasPrefix(s, "Index:"):
		r.header(s[len("Index:"):], Write, false, true)
	case strings.HasPrefix(s, "rename from "):
		r.header(s[len("rename from "):], Delete, false, true)
	case strings.HasPrefix(s, "rename to "), strings.HasPrefix(s, "copy to "):
		_, v, _ := strings.Cut(s, " to ")
		r.header(v, Write, false, true)
	}
}

// hunkState follows the hunk being read, so that its lines (a removed
// "-- x" is "--- x") are not taken for the next file's headers: a
// unified hunk by the line counts of its @@ line, a context hunk by its
// lines' two-character prefixes. Lines are read after the hunk header's
// indentation, as GNU patch reads them.
type hunkState struct {
	kind     byte // 0, 'u' (unified) or 'c' (context)
	indent   string
	old, new int
}

// start begins a hunk after its header line.
func (h *hunkState) start(line, s string) {
	indent := line[:len(line)-len(s)]
	if strings.HasPrefix(s, "********") {
		*h = hunkState{kind: 'c', indent: indent}
		return
	}
	rest, ok := strings.CutPrefix(s, "@@ -")
	if !ok {
		return
	}
	old, rest, ok1 := hunkRange(rest)
	rest, ok2 := strings.CutPrefix(rest, " +")
	nw, rest, ok3 := hunkRange(rest)
	if ok1 && ok2 && ok3 && strings.HasPrefix(rest, " @@") && (old > 0 || nw > 0) {
		*h = hunkState{kind: 'u', indent: indent, old: old, new: nw}
	}
}

// in reports whether line belongs to the hunk being read, and ends the
// hunk at its last line or at a line that cannot belong to it.
func (h *hunkState) in(line string) bool {
	if h.kind == 0 {
		return false
	}
	raw := strings.TrimPrefix(line, h.indent)
	if strings.TrimLeft(line, " \t") == "" {
		raw = "" // a blank line: context whose spaces were eaten
	}
	if h.kind == 'c' {
		for _, p := range []string{"  ", "! ", "+ ", "- ", "\\", "********"} {
			if strings.HasPrefix(raw, p) {
				return true
			}
		}
		if raw == "" || contextRange(raw) {
			return true
		}
		h.kind = 0
		return false
	}
	c := byte(' ')
	if raw != "" {
		c = raw[0]
	}
	switch c {
	case ' ':
		h.old--
		h.new--
	case '-':
		h.old--
	case '+':
		h.new--
	case '\\':
	default:
		h.kind = 0
		return false
	}
	if h.old <= 0 && h.new <= 0 {
		h.kind = 0
	}
	return true
}

// hunkRange reads a unified hunk's START[,COUNT] and returns COUNT (1
// when absent).
func hunkRange(s string) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, s, false
	}
	n, s = 1, s[i:]
	if c, ok := strings.CutPrefix(s, ","); ok {
		j := 0
		for j < len(c) && c[j] >= '0' && c[j] <= '9' {
			j++
		}
		if j == 0 || j > 9 {
			return 0, s, false
		}
		n, _ = strconv.Atoi(c[:j])
		s = c[j:]
	}
	return n, s, true
}

// contextRange reports a context hunk's range line: "*** 1,5 ****" or
// "--- 1,5 ----".
func contextRange(s string) bool {
	v, ok := header(s, "***")
	if !ok {
		if v, ok = header(s, "---"); !ok {
			return false
		}
	}
	v = strings.TrimRight(v, " *-")
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !(v[i] >= '0' && v[i] <= '9' || v[i] == ',') {
			return false
		}
	}
	return true
}

// body is a line as GNU patch reads it for headers: without its trailing
// CR and its leading blanks and 'X' characters.
func body(line string) string {
	line = strings.TrimRight(line, "\r")
	return strings.TrimLeft(line, " \tX")
}

// rfc934 drops the "- " prefixes RFC 934 encapsulation puts before a
// line that starts with "-".
func rfc934(s string) string {
	for strings.HasPrefix(s, "- ") {
		s = s[2:]
	}
	return s
}

// header reports whether s is the three-character mark followed by a
// blank, and the text after it.
func header(s, mark string) (string, bool) {
	if len(s) < 4 || s[:3] != mark || s[3] != ' ' && s[3] != '\t' {
		return "", false
	}
	return s[4:], true
}

// hasHunk reports whether the lines hold a hunk of any dialect: a
// unified hunk header, a context hunk's stars, a normal diff's command
// followed by an old or new line, or an ed script's command and the "."
// that ends its text.
func hasHunk(lines []string) bool {
	cmd, ed, dot := false, false, false
	for _, l := range lines {
		s := body(l)
		switch {
		case strings.HasPrefix(s, "@@ -"), strings.HasPrefix(s, "********"):
			return true
		case cmd && (strings.HasPrefix(s, "< ") || strings.HasPrefix(s, "> ")):
			return true
		case s == ".":
			dot = true
		}
		var c byte
		cmd, c = command(s)
		ed = ed || c != 0
		if ed && dot {
			return true
		}
	}
	return false
}

// command reads a normal diff's command (1c1, 3,4d2, 5a6,7: true) and an
// ed script's (1c, 3,4d, 5a, 2i, 1,$s/x/y/: the letter).
func command(s string) (normal bool, ed byte) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ',' || s[i] == '$') {
		i++
	}
	if i == 0 || i == len(s) {
		return false, 0
	}
	c := s[i]
	rest := strings.TrimRight(s[i+1:], " \t")
	switch c {
	case 'a', 'c', 'd':
		j := 0
		for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == ',') {
			j++
		}
		if j == len(rest) && j > 0 {
			return true, 0
		}
		if rest == "" {
			return false, c
		}
	case 'i':
		if rest == "" {
			return false, c
		}
	case 's':
		if strings.HasPrefix(rest, "/") {
			return false, c
		}
	}
	return false, 0
}

// operands returns the last two operands of a diff command line (diff
// -u a b, diff -r REV FILE): its words that are not options, quotes
// removed.
func operands(s string) []string {
	var ws []string
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, "-") {
			continue
		}
		if len(w) >= 2 && (w[0] == '"' || w[0] == '\'') && w[len(w)-1] == w[0] {
			w = w[1 : len(w)-1]
		}
		ws = append(ws, w)
	}
	if len(ws) > 2 {
		ws = ws[len(ws)-2:]
	}
	return ws
}

// headerPath is the name of a header: C-quoted, or up to a tab (the
// timestamp diff -u writes), leading blanks skipped; word is its first
// word when it has a space and no tab (GNU patch's reading), else "".
func headerPath(s string) (name, word string) {
	s = strings.TrimLeft(strings.TrimRight(s, "\r"), " \t")
	if u, _, ok := cUnquote(s); ok {
		return u, ""
	}
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		return strings.TrimRight(s[:i], " "), ""
	}
	s = strings.TrimRight(s, " ")
	if i := strings.IndexAny(s, " \v\f"); i >= 0 {
		return s, s[:i]
	}
	return s, ""
}

// gitPair splits the operands of "diff --git a/X b/Y": quoted, or at the
// " b/" that makes both halves the same length (git's own reading when
// neither is renamed), else at the last " b/".
func gitPair(s string) (a, b string) {
	s = strings.TrimRight(s, "\r")
	if u, rest, ok := cUnquote(s); ok {
		b, _ = headerPath(strings.TrimSpace(rest))
		return u, b
	}
	if n := len(s); n%2 == 1 {
		h := n / 2
		if h >= 2 && h+3 <= n && s[h] == ' ' && s[2:h] == s[h+3:] {
			return s[:h], s[h+1:]
		}
	}
	if i := strings.LastIndex(s, " b/"); i > 0 {
		b, _ = headerPath(s[i+1:])
		return s[:i], b
	}
	if i := strings.IndexByte(s, ' '); i > 0 {
		b, _ = headerPath(s[i+1:])
		return s[:i], b
	}
	return s, ""
}

// cUnquote reads the C-quoted name at the start of s as git
// (unquote_c_style) and GNU patch write and read it: \" \\ \a \b \f \n
// \r \t \v and three octal digits are escapes, every other byte stands for
// itself, raw bytes that are not UTF-8 included. Any other escape, or no
// closing quote, is not a quoted name (ok false): the tools then read the
// name as written. It returns the name and the text after the quote.
func cUnquote(s string) (name, rest string, ok bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, false
	}
	var b []byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return string(b), s[i+1:], true
		case '\\':
		default:
			b = append(b, c)
			continue
		}
		if i+1 >= len(s) {
			return "", s, false
		}
		i++
		if e := strings.IndexByte(`"\abfnrtv`, s[i]); e >= 0 {
			b = append(b, "\"\\\a\b\f\n\r\t\v"[e])
			continue
		}
		if i+2 < len(s) && s[i] >= '0' && s[i] <= '3' && isOctal(s[i+1]) && isOctal(s[i+2]) {
			b = append(b, (s[i]-'0')<<6|(s[i+1]-'0')<<3|(s[i+2]-'0'))
			i += 2
			continue
		}
		return "", s, false
	}
	return "", s, false
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }
