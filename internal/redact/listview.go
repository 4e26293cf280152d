package redact

import "strings"

// The list view is the text form of the argument-vector view (treeargv.go):
// an exec-form command written as a list of strings in a file or a
// command line (a Dockerfile's CMD ["mysql", "-pPW"], a compose or
// Kubernetes command: [sshpass, -p, PW] or "- --password\n- PW" block, a
// JSON or TOML array, Python's subprocess.run(["mysql", "-pPW"]), Go's
// exec.Command("sshpass", "-p", "PW")) puts a password flag and its value
// in different literals, which no command-line detector reads together.
// listView renders each such list as one shell command line, every
// element a word quoted as needed, mapping each byte back to the input:
//
//   - a run of two or more quoted strings separated by commas ("…" or
//     '…', escapes decoded), wherever it stands;
//   - a one-line flow list in brackets whose elements may be plain
//     ([mysql, -uroot, -pPW]);
//   - a YAML block sequence: consecutive "- item" lines of one indent.
//
// Only a list that looks like a command is rendered: one element is an
// option (-x, --name) or the first names a program of cliTable. Work is
// one pass over the input; each list is rendered once.

// listItem is one element: its text as the program sees it, as a view of
// the input.
type listItem struct {
	start, end int // raw extent, quotes included
	q0, q1     int // content extent, quotes excluded
	quote      byte
}

// maxListLiteral bounds one quoted element (a longer one ends the list).
const maxListLiteral = 4096

func listView(s string) *view {
	if strings.IndexByte(s, ',') < 0 && !strings.Contains(s, "- ") {
		return nil
	}
	var v *view
	emit := func(items []listItem) {
		if len(items) < 2 || !commandLike(s, items) {
			return
		}
		if v == nil {
			v = &view{}
		}
		for k, it := range items {
			if k > 0 {
				v.synthetic(' ')
			}
			renderListItem(v, s, it)
		}
		v.synthetic('\n')
	}
	var itemBuf [16]listItem // most lists are short: no allocation for them
	items := itemBuf[:0]
	var dead [4]int // a quote of each quoteKind starts no literal before these
	next := nextOf{s: s, at: [5]int{-1, -1, -1, -1, -1}}
	for i := 0; ; {
		if i = next.from(i); i >= len(s) {
			break
		}
		c := s[i]
		switch {
		case c == '"' || c == '\'' || c == '\\' && i+1 < len(s) && s[i+1] == '"':
			// A run of quoted strings separated by commas (also \"…\",
			// JSON inside a JSON string). A literal that does not end
			// (an apostrophe in prose) makes its quote no start of a
			// literal until where its reading stopped, so that no byte
			// is read twice.
			q := quoteKind(s, i)
			if i < dead[q] {
				i++
				break
			}
			items = items[:0]
			j := i
			for {
				it, end := quotedItem(s, j)
				if end < 0 {
					dead[q] = it.end
					break
				}
				items = append(items, it)
				j = it.end
				k := skipListSpace(s, j)
				if k >= len(s) || s[k] != ',' {
					break
				}
				k = skipListSpace(s, k+1)
				if k >= len(s) || quoteKind(s, k) != q {
					break
				}
				j = k
			}
			if len(items) >= 2 {
				emit(items)
				i = j
			} else {
				// A lone literal may hold JSON with a list in it: read
				// on inside it, but its own closing quote opens nothing.
				if len(items) == 1 {
					dead[q] = max(dead[q], items[0].end)
				}
				i++
			}
		case c == '[':
			var end int
			items, end = flowItems(s, i, items[:0])
			if end > i {
				emit(items)
				i = end
			} else {
				i++
			}
		case c == '-' && i+1 < len(s) && s[i+1] == ' ' && indentOnly(s, i):
			var end int
			items, end = blockItems(s, i, items[:0])
			emit(items)
			i = max(end, i+1)
		default:
			i++
		}
	}
	return v
}

// listSpecial are the bytes that can start a list or an element.
const listSpecial = "\"'\\[-"

// nextOf finds the next byte of listSpecial from a position on, with one
// IndexByte per byte value, each remembered until passed: a few fast
// scans of the text instead of a loop over every byte.
type nextOf struct {
	s  string
	at [len(listSpecial)]int
}

func (n *nextOf) from(i int) int {
	best := len(n.s)
	for k := range n.at {
		if n.at[k] < i {
			n.at[k] = len(n.s)
			if i < len(n.s) {
				if j := strings.IndexByte(n.s[i:], listSpecial[k]); j >= 0 {
					n.at[k] = i + j
				}
			}
		}
		best = min(best, n.at[k])
	}
	return best
}

// indentOnly reports that only blanks stand before s[i] on its line (it
// reads back over those blanks only).
func indentOnly(s string, i int) bool {
	k := i - 1
	for k >= 0 && (s[k] == ' ' || s[k] == '\t') {
		k--
	}
	return k < 0 || s[k] == '\n'
}

// skipListSpace skips blanks and line breaks between elements.
func skipListSpace(s string, i int) int {
	for i < len(s) && (isSpace(s[i])) {
		i++
	}
	return i
}

// quoteKind is the kind of quote at s[i]: 1 a double quote, 2 a single
// quote, 3 a backslash and a double quote (a JSON string inside a JSON
// string), 0 none.
func quoteKind(s string, i int) int {
	switch {
	case s[i] == '"':
		return 1
	case s[i] == '\'':
		return 2
	case s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
		return 3
	}
	return 0
}

// quotedItem reads a quoted literal at s[i] (no raw line break in it,
// backslash escapes kept for the renderer). Its second result is the
// literal's end, or -1 when it does not end; the item's end is then how
// far it was read.
func quotedItem(s string, i int) (listItem, int) {
	if quoteKind(s, i) == 3 {
		// \"…\": the value's own backslashes are doubled.
		j := i + 2
		for ; j+1 < len(s) && j-i <= maxListLiteral; j++ {
			switch {
			case s[j] == '\n':
				return listItem{end: j}, -1
			case s[j] == '\\' && s[j+1] == '"':
				return listItem{start: i, end: j + 2, q0: i + 2, q1: j, quote: '\\'}, j + 2
			case s[j] == '\\':
				j++
			}
		}
		return listItem{end: min(j, len(s))}, -1
	}
	q := s[i]
	lim := min(len(s), i+1+maxListLiteral)
	if k := strings.IndexByte(s[i+1:lim], q); k >= 0 {
		// The usual literal: no backslash or line break before its
		// closing quote.
		if body := s[i+1 : i+1+k]; strings.IndexByte(body, '\\') < 0 && strings.IndexByte(body, '\n') < 0 {
			return listItem{start: i, end: i + k + 2, q0: i + 1, q1: i + 1 + k, quote: q}, i + k + 2
		}
	}
	j := i + 1
	for ; j < len(s) && j-i <= maxListLiteral; j++ {
		switch s[j] {
		case '\\':
			j++
		case '\n':
			return listItem{end: j}, -1
		case q:
			return listItem{start: i, end: j + 1, q0: i + 1, q1: j, quote: q}, j + 1
		}
	}
	return listItem{end: min(j, len(s))}, -1
}

// flowItems reads a one-line flow list "[a, 'b', "c"]" at s[i]: its
// items and its end, or an end of 0 when it is not one.
func flowItems(s string, i int, items []listItem) ([]listItem, int) {
	j := i + 1
	for {
		j = skipBlanks(s, j, len(s))
		if j >= len(s) || s[j] == '\n' {
			return items, 0
		}
		if quoteKind(s, j) != 0 {
			it, end := quotedItem(s, j)
			if end < 0 {
				return items, 0
			}
			items = append(items, it)
			j = it.end
		} else {
			k := j
			for k < len(s) && k-j <= maxListLiteral && strings.IndexByte(",]\n[{}#\"'\\", s[k]) < 0 {
				k++
			}
			e := k
			for e > j && isSpace(s[e-1]) {
				e--
			}
			if e == j {
				return items, 0
			}
			items = append(items, listItem{start: j, end: e, q0: j, q1: e})
			j = k
		}
		j = skipBlanks(s, j, len(s))
		if j >= len(s) {
			return items, 0
		}
		switch s[j] {
		case ',':
			j++
		case ']':
			return items, j + 1
		default:
			return items, 0
		}
	}
}

// blockItems reads the YAML block sequence whose first "- " is at s[i]:
// the following lines with the same indent and "- ". It returns the
// items and where the sequence ends.
func blockItems(s string, i int, items []listItem) ([]listItem, int) {
	ls := strings.LastIndexByte(s[:i], '\n') + 1
	indent := s[ls:i]
	p := i
	for {
		a := skipBlanks(s, p+2, len(s))
		e := strings.IndexByte(s[a:], '\n')
		if e < 0 {
			e = len(s)
		} else {
			e += a
		}
		if a < e && quoteKind(s, a) != 0 {
			if it, end := quotedItem(s, a); end > 0 && end <= e {
				items = append(items, it)
			}
		} else {
			b := e
			if h := strings.Index(s[a:e], " #"); h >= 0 {
				b = a + h
			}
			for b > a && isSpace(s[b-1]) {
				b--
			}
			if b > a {
				items = append(items, listItem{start: a, end: b, q0: a, q1: b})
			}
		}
		if e >= len(s) || !strings.HasPrefix(s[e+1:], indent+"- ") {
			return items, e
		}
		p = e + 1 + len(indent)
	}
}

// commandLike reports a list that reads as a command: an option among
// its elements, or, for three or more, a first element naming a program
// of cliTable in lowercase that is not also a common word of code and
// data (listNotPrograms: {"tool_name": "Read", "tool_input": …}).
func commandLike(s string, items []listItem) bool {
	for _, it := range items {
		if it.q1-it.q0 >= 2 && s[it.q0] == '-' && (isAlnum(s[it.q0+1]) || s[it.q0+1] == '-') {
			return true
		}
	}
	first := s[items[0].q0:items[0].q1]
	if len(items) < 3 || listNotPrograms[first] {
		return false
	}
	for i := 0; i < len(first); i++ {
		if isUpper(first[i]) {
			return false
		}
	}
	return len(cliSpecs(progName(first))) > 0
}

// listNotPrograms are cliTable programs whose names are also words a list
// of strings holds for other reasons.
var listNotPrograms = map[string]bool{
	"read": true, "readarray": true, "mapfile": true, "echo": true, "print": true, "printf": true,
	"set": true, "put": true, "pass": true, "yes": true, "cat": true, "http": true, "https": true,
	"sql": true, "security": true, "net": true, "exp": true, "imp": true, "keyring": true,
}

// renderListItem appends one element as a shell word: as it is when safe,
// otherwise single-quoted, its escapes decoded (each masks as a whole).
func renderListItem(v *view, s string, it listItem) {
	raw := s[it.q0:it.q1]
	if safeWord(raw) {
		v.lit(s, it.q0, it.q1)
		return
	}
	v.synthetic('\'')
	for p := it.q0; p < it.q1; {
		c := s[p]
		if c == '\\' && it.quote != 0 && p+1 < it.q1 {
			b, n := listEscape(s[p:it.q1])
			if b == '\'' {
				v.synthetic('\'', '\\')
				v.decoded([]byte{b}, p, p+n)
				v.synthetic('\'')
			} else {
				v.decoded([]byte{b}, p, p+n)
			}
			p += n
			continue
		}
		if c == '\'' {
			v.synthetic('\'', '\\')
			v.lit(s, p, p+1)
			v.synthetic('\'')
			p++
			continue
		}
		q := p + 1
		for q < it.q1 && s[q] != '\\' && s[q] != '\'' {
			q++
		}
		v.lit(s, p, q)
		p = q
	}
	v.synthetic('\'')
}

// listEscape decodes one backslash escape of a JSON, Python or YAML
// string at the start of e, and its length. A \u or \x escape of a
// non-ASCII character, or one not understood, stands for itself.
func listEscape(e string) (byte, int) {
	switch c := e[1]; c {
	case 'n':
		return '\n', 2
	case 't':
		return '\t', 2
	case 'r':
		return '\r', 2
	case 'u':
		if len(e) >= 6 {
			if n, k := hexDigits(e[2:], 4); k == 4 && n < 0x80 {
				return byte(n), 6
			}
		}
	case 'x':
		if len(e) >= 4 {
			if n, k := hexDigits(e[2:], 2); k == 2 && n < 0x80 {
				return byte(n), 4
			}
		}
	default:
		return c, 2
	}
	return e[1], 2
}
