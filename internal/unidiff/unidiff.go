// Package unidiff reads the files a unified diff or a git patch changes:
// the text patch(1), git apply and the edit tools of MCP servers apply.
//
// # Contract
//
// Files returns, for every file section of the text, the paths the
// section names and what applying it does to each: "---"/"+++" headers
// (a timestamp after a tab dropped, /dev/null meaning no file), "diff
// --git a/X b/Y" lines, and git's extended headers (rename from/to, copy
// from/to, new file mode, deleted file mode). Paths are returned as
// read at the strip level git uses (its a/ and b/ prefixes dropped when
// both headers carry them, else as written, git's C-quoted "…" spelling
// unquoted) and, for a path with more than one component, also at the
// other level (marked Alt: patch -p0 of an a/ path, git apply's -p1 of a
// path without one), so that a caller judging both judges at least the
// file a tool applying the text with either strip level changes. Files is lenient (it never fails: a text without
// headers has no files) and pure, linear in the text. Looks reports
// whether a text is shaped like a diff at all.
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
	// Alt marks the reading at the other strip level.
	Alt bool
}

// MaxFiles bounds the paths returned; Files reports more as truncated.
const MaxFiles = 4096

// Looks reports whether text holds a unified diff or git patch header:
// a "--- " line followed by a "+++ " line, or a "diff --git " line.
func Looks(text string) bool {
	if strings.Contains(text, "diff --git ") {
		return true
	}
	i := strings.Index(text, "--- ")
	for i >= 0 {
		if i == 0 || text[i-1] == '\n' {
			rest := text[i:]
			if nl := strings.IndexByte(rest, '\n'); nl >= 0 && strings.HasPrefix(rest[nl+1:], "+++ ") {
				return true
			}
		}
		j := strings.Index(text[i+4:], "--- ")
		if j < 0 {
			break
		}
		i += 4 + j
	}
	return false
}

// Files returns the paths the text's sections name. truncated is set
// when there were more than MaxFiles.
func Files(text string) (files []File, truncated bool) {
	// add reports p; prefixed: git's a/ b/ prefix is to be dropped.
	add := func(p string, op Op, prefixed bool) {
		p = strings.TrimRight(p, "\r")
		if p == "" || p == "/dev/null" {
			return
		}
		if len(files)+2 > MaxFiles {
			truncated = true
			return
		}
		i := strings.IndexByte(p, '/')
		if i <= 0 || i == len(p)-1 || p[i+1:] == "/dev/null" {
			// No other strip level, or one that names no file.
			files = append(files, File{Path: p, Op: op})
			return
		}
		files = append(files, File{Path: p[i+1:], Op: op, Alt: !prefixed}, File{Path: p, Op: op, Alt: prefixed})
	}
	pre := func(p, c string) bool { return p == "/dev/null" || strings.HasPrefix(p, c) }
	deleted := false
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		switch {
		case strings.HasPrefix(line, "diff --git "):
			deleted = false
			a, b := gitPair(line[len("diff --git "):])
			pf := pre(a, "a/") && pre(b, "b/")
			add(a, Write, pf)
			add(b, Write, pf)
		case strings.HasPrefix(line, "--- ") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "+++ "):
			oldPath, newPath := headerPath(line[4:]), headerPath(strings.TrimRight(lines[i+1][4:], "\r"))
			i++
			pf := pre(oldPath, "a/") && pre(newPath, "b/")
			if newPath == "/dev/null" || deleted {
				add(oldPath, Delete, pf)
			} else {
				add(oldPath, Write, pf)
			}
			add(newPath, Write, pf)
			deleted = false
		case strings.HasPrefix(line, "deleted file mode"):
			deleted = true
		case strings.HasPrefix(line, "rename from "):
			add(headerPath(line[len("rename from "):]), Delete, false)
		case strings.HasPrefix(line, "rename to "):
			add(headerPath(line[len("rename to "):]), Write, false)
		case strings.HasPrefix(line, "copy from "):
			add(headerPath(line[len("copy from "):]), Read, false)
		case strings.HasPrefix(line, "copy to "):
			add(headerPath(line[len("copy to "):]), Write, false)
		}
	}
	return files, truncated
}

// headerPath is the path of a ---/+++ header: C-quoted, or up to a tab
// (the timestamp diff -u writes).
func headerPath(s string) string {
	if strings.HasPrefix(s, `"`) {
		if q, err := strconv.QuotedPrefix(s); err == nil {
			if u, err := strconv.Unquote(q); err == nil {
				return u
			}
		}
	}
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, " \r")
}

// gitPair splits the operands of "diff --git a/X b/Y": quoted, or at the
// " b/" that makes both halves the same length (git's own reading when
// neither is renamed), else at the last " b/".
func gitPair(s string) (a, b string) {
	s = strings.TrimRight(s, "\r")
	if strings.HasPrefix(s, `"`) {
		if q, err := strconv.QuotedPrefix(s); err == nil {
			a, _ = strconv.Unquote(q)
			return a, headerPath(strings.TrimSpace(s[len(q):]))
		}
	}
	if n := len(s); n%2 == 1 {
		h := n / 2
		if h >= 2 && h+3 <= n && s[h] == ' ' && s[2:h] == s[h+3:] {
			return s[:h], s[h+1:]
		}
	}
	if i := strings.LastIndex(s, " b/"); i > 0 {
		return s[:i], headerPath(s[i+1:])
	}
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i], headerPath(s[i+1:])
	}
	return s, ""
}
