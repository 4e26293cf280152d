package shell

import "strings"

// Quoted here-document bodies and the parser limits. precheck counts the
// tokens that make the parser recurse over the whole line regardless of
// quoting; the body of a quoted here-document (cat > f <<'EOF') is data
// the parser reads as one literal, never recursing into it, so a large
// fixture written that way must not count. quotedHdocBodies finds those
// bodies with a small lexer that models only plain words, quotes,
// escapes and comments: on anything else (substitutions, arithmetic,
// array indexes, unquoted here-documents, more than one here-document on
// a line, a line that only looks like the terminator) it gives up, and
// the whole line counts as before. It never reports as a body text the
// parser would parse.

// quotedHdocBodies returns the byte ranges [start, end) of the quoted
// here-document bodies of src (terminator lines included), or ok false.
func quotedHdocBodies(src string) (spans [][2]int, ok bool) {
	if strings.ContainsRune(src, '\r') {
		return nil, false
	}
	var pending string
	have := false
	dash := false
	wordStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		ws := wordStart
		wordStart = false
		switch c {
		case '\\':
			i++
		case '\'':
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				return nil, false
			}
			i += j + 1
		case '"':
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				switch src[j] {
				case '\\':
					j++
				case '`':
					return nil, false
				case '$':
					if j+1 < len(src) && (src[j+1] == '(' || src[j+1] == '{' || src[j+1] == '[') {
						return nil, false
					}
				}
			}
			if j >= len(src) {
				return nil, false
			}
			i = j
		case '$':
			if i+1 < len(src) {
				switch src[i+1] {
				case '(', '{', '[', '\'', '"':
					return nil, false
				}
			}
		case '`', '(', ')', '[', ']':
			return nil, false
		case '#':
			if ws {
				if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
					i += j - 1
				} else {
					i = len(src)
				}
			}
		case ' ', '\t', ';', '&', '|', '<', '>':
			wordStart = true
			if c != '<' || i+1 >= len(src) || src[i+1] != '<' {
				continue
			}
			if i+2 < len(src) && src[i+2] == '<' {
				i += 2 // <<< here-string
				continue
			}
			if have {
				return nil, false // one here-document a line
			}
			j := i + 2
			dash = j < len(src) && src[j] == '-'
			if dash {
				j++
			}
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			delim, quoted, end, good := hdocDelim(src, j)
			if !good || !quoted {
				return nil, false
			}
			pending, have = delim, true
			i = end - 1
		case '\n':
			wordStart = true
			if !have {
				continue
			}
			start := i + 1
			end, good := hdocEnd(src, start, pending, dash)
			if !good {
				return nil, false
			}
			spans = append(spans, [2]int{start, end})
			have = false
			i = end - 1
		default:
			if ws && strings.HasPrefix(src[i:], "let") && (i+3 >= len(src) || src[i+3] == ' ' || src[i+3] == '\t') {
				return nil, false
			}
		}
	}
	return spans, !have
}

// hdocDelim reads a here-document's delimiter word at src[i:]: its value
// after quote removal, whether it was quoted, where it ends.
func hdocDelim(src string, i int) (delim string, quoted bool, end int, ok bool) {
	var b strings.Builder
	for i < len(src) {
		c := src[i]
		switch c {
		case ' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>':
			return b.String(), quoted, i, b.Len() > 0
		case '\\':
			if i+1 >= len(src) || src[i+1] == '\n' {
				return "", false, 0, false
			}
			b.WriteByte(src[i+1])
			quoted = true
			i += 2
		case '\'', '"':
			j := strings.IndexByte(src[i+1:], c)
			if j < 0 {
				return "", false, 0, false
			}
			q := src[i+1 : i+1+j]
			if c == '"' && strings.ContainsAny(q, "\\$`") || strings.ContainsRune(q, '\n') {
				return "", false, 0, false
			}
			b.WriteString(q)
			quoted = true
			i += j + 2
		case '$', '`', '{', '}', '[', ']', '*', '?', '#', '!', '~':
			return "", false, 0, false
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), quoted, i, b.Len() > 0
}

// hdocEnd returns the end of the quoted here-document body starting at
// start: just after its terminator line (or at the end of src after it).
// A body line that only begins like the terminator (EOF), "  EOF", a
// line continuation) is not one the analysis reads the parser's way for
// certain: ok is false.
func hdocEnd(src string, start int, delim string, dash bool) (int, bool) {
	for pos := start; pos < len(src); {
		nl := strings.IndexByte(src[pos:], '\n')
		line := src[pos:]
		next := len(src)
		if nl >= 0 {
			line, next = src[pos:pos+nl], pos+nl+1
		}
		if dash {
			line = strings.TrimLeft(line, "\t")
		}
		if line == delim {
			return next, true
		}
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), delim) || strings.HasSuffix(line, "\\") {
			return 0, false
		}
		pos = next
	}
	return 0, false // unterminated
}

// withoutSpans returns src with each span replaced by a newline.
func withoutSpans(src string, spans [][2]int) string {
	var b strings.Builder
	b.Grow(len(src))
	prev := 0
	for _, s := range spans {
		b.WriteString(src[prev:s[0]])
		b.WriteByte('\n')
		prev = s[1]
	}
	b.WriteString(src[prev:])
	return b.String()
}
