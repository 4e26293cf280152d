package redact

import "strings"

// Red-team round 21 (#26): a credential column of a table.
//
// CSV, TSV, ';'-separated and Markdown tables name a column once, in
// the header row; its values sit in the rows below, where no name
// precedes them. A header row is a line of two or more cells that are
// all names (letters, digits, _ - . and spaces), one of them a
// credential name, followed by a row of as many cells (or, in Markdown,
// by the |---|---| row). The cells of that column in the rows that
// follow (until a blank line or a row of another shape) are judged as
// the name's value: a password or credential column masks any value, a
// weak one (key, auth) only a random-looking one.
//
// Decision (everyday text): a cell that reads as prose (three or more
// words, "at least 12 characters, rotated yearly") is kept, so that a
// README table describing a "Password" setting stays readable; a
// placeholder (<password>, ****, $DB_PASSWORD, empty) is kept too.
// Passwords of three words separated by spaces in a table are the price.

const (
	maxTableLine = 4096  // a longer line is no table header
	maxTableRows = 10000 // rows read below one header
)

// tableColumn masks the column of the table whose header cell is the
// credential name s[ks:ke]; false when the name is no header cell.
func tableColumn(s string, ks, ke int, k assignKey, emit func(span)) bool {
	if !cellEnd(s, ke) {
		return false // "password": …, password=…: no cell (the common case, first)
	}
	ls := strings.LastIndexByte(s[max(0, ks-maxTableLine):ks], '\n') + 1 + max(0, ks-maxTableLine)
	le := lineEnd(s, ke, min(len(s), ke+maxTableLine))
	if le-ls >= maxTableLine || le >= len(s) {
		return false
	}
	sep, md := tableSep(s[ls:le])
	if sep == 0 || !aloneInCell(s, ls, le, ks, ke, sep) {
		return false
	}
	cells := tableCells(s, ls, le, sep, md)
	col := -1
	for i, c := range cells {
		a, b := unquoteCell(s, c[0], c[1])
		if !headerCell(s[a:b]) {
			return false
		}
		if a <= ks && ke <= b {
			col = i
			if a != ks || b != ke {
				// "DB Password" names a password; "Password required" does not.
				if k = classifyAssignKey(strings.ReplaceAll(s[a:b], " ", "_")); k.cls == keyNone {
					return false
				}
			}
		}
	}
	if col < 0 || len(cells) < 2 {
		return false
	}
	i := le + 1
	if md {
		e := lineEnd(s, i, len(s))
		if !mdRule(s[i:e]) {
			return false
		}
		i = e + 1
	}
	found := false
	for rows := 0; rows < maxTableRows && i < len(s); rows++ {
		e := lineEnd(s, i, len(s))
		row := tableCells(s, i, e, sep, md)
		if strings.TrimSpace(s[i:e]) == "" || len(row) != len(cells) && !md || md && len(row) <= col {
			break
		}
		if !md && rows == 0 && len(row) != len(cells) {
			return false
		}
		a, b := unquoteCell(s, row[col][0], row[col][1])
		if md && b-a >= 2 && s[a] == '`' && s[b-1] == '`' {
			a, b = a+1, b-1
		}
		if v := s[a:b]; a < b && !isPlaceholder(v) && !proseCell(v) && !(k.pwd && isPathLike(v)) {
			if sp, ok := assignSpan(v, a, b, k.cls); ok {
				emit(sp)
			}
		}
		found = true
		i = e + 1
	}
	return found
}

// cellEnd reports a cell's end after a name ending at e: blanks or a
// closing quote, then a separator or the line's end.
func cellEnd(s string, e int) bool {
	if e < len(s) && (s[e] == '"' || s[e] == '\'') {
		e++
	}
	for n := 0; e < len(s) && n < 64 && s[e] == ' '; n++ {
		e++
	}
	return e >= len(s) || strings.IndexByte(",;|\t\r\n", s[e]) >= 0
}

// tableSep returns the cell separator of a candidate header line and
// whether it is a Markdown row.
func tableSep(line string) (byte, bool) {
	t := strings.TrimSpace(line)
	if len(t) > 1 && t[0] == '|' && strings.Count(t, "|") >= 3 {
		return '|', true
	}
	for _, c := range []byte{'\t', ',', ';'} {
		if strings.IndexByte(line, c) >= 0 {
			return c, false
		}
	}
	return 0, false
}

// aloneInCell reports whether only names, blanks and quotes stand
// between the name s[ks:ke] and the separators around it (a quick test
// before the line is split).
func aloneInCell(s string, ls, le, ks, ke int, sep byte) bool {
	ok := func(c byte) bool { return isKeyByte(c) || c == ' ' || c == '"' || c == '\'' || c == '\r' || c == '\t' }
	for j := ks - 1; j >= ls && s[j] != sep; j-- {
		if !ok(s[j]) {
			return false
		}
	}
	for j := ke; j < le && s[j] != sep; j++ {
		if !ok(s[j]) {
			return false
		}
	}
	return true
}

// tableCells splits s[ls:le] into trimmed cell ranges at sep, outside
// double quotes; a Markdown row's outer pipes start and end no cell.
func tableCells(s string, ls, le int, sep byte, md bool) [][2]int {
	if md {
		for ls < le && isSpace(s[ls]) {
			ls++
		}
		for le > ls && isSpace(s[le-1]) {
			le--
		}
		if ls >= le || s[ls] != '|' {
			return nil
		}
		ls++
		if le > ls && s[le-1] == '|' {
			le--
		}
	}
	var out [][2]int
	start, inq := ls, false
	for j := ls; j <= le; j++ {
		if j < le && s[j] == '"' && !md {
			inq = !inq
		}
		if j == le || s[j] == sep && !inq {
			a, b := start, j
			for a < b && (s[a] == ' ' || s[a] == '\t' && sep != '\t') {
				a++
			}
			for b > a && (s[b-1] == ' ' || s[b-1] == '\r' || s[b-1] == '\t' && sep != '\t') {
				b--
			}
			out = append(out, [2]int{a, b})
			start = j + 1
		}
	}
	return out
}

// unquoteCell drops the double or single quotes around a cell.
func unquoteCell(s string, a, b int) (int, int) {
	if b-a >= 2 && (s[a] == '"' || s[a] == '\'') && s[b-1] == s[a] {
		return a + 1, b - 1
	}
	return a, b
}

// headerCell reports a cell that names a column.
func headerCell(c string) bool {
	if c == "" || len(c) > 64 || !isUpper(c[0]) && !isLower(c[0]) && c[0] != '_' {
		return false
	}
	for i := 0; i < len(c); i++ {
		if !isKeyByte(c[i]) && c[i] != ' ' {
			return false
		}
	}
	return true
}

// mdRule reports Markdown's header rule: |---|:--:|.
func mdRule(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || !strings.Contains(t, "-") || !strings.Contains(t, "|") {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// proseCell reports a cell of three or more words of letters.
func proseCell(v string) bool {
	words := 0
	for _, w := range strings.Fields(v) {
		letters := 0
		for i := 0; i < len(w); i++ {
			if isUpper(w[i]) || isLower(w[i]) {
				letters++
			}
		}
		if letters*2 > len(w) {
			words++
		}
	}
	return words >= 3
}
