package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/tailscale/hujson"
)

// Bounds on what Mandate reads as a settings file: hujson parses
// recursively, so nesting is checked before it parses.
const (
	maxSettingsSize = 4 << 20
	maxNesting      = 256
)

// FileError is a settings file Mandate will not read or change: where,
// why, and what to do. Errors.Is matches its Err (ErrParse or ErrUnsafe).
type FileError struct {
	Path      string
	Line, Col int // 0 when unknown (YAML errors give a line only)
	Msg, Fix  string
	Err       error
	dup       bool // a key twice in an object
}

func (e *FileError) Error() string {
	s := e.Path
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			s += fmt.Sprintf(":%d", e.Col)
		}
	}
	s += ": " + e.Msg
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

func (e *FileError) Unwrap() error { return e.Err }

// jdoc is a parsed JSON or JSONC settings file, kept as hujson's exact
// syntax tree so that packing it again gives back its bytes, plus what
// edits need to look like the rest of the file.
type jdoc struct {
	path string
	src  []byte
	root hujson.Value
	nl   string // "\r\n" when the file uses it, else "\n"
	unit string // one level of indentation
	// compact: the file is one line; added values are written on it,
	// with a space after colons and commas when spaced.
	compact, spaced bool
	// notes are why the agent would not read this file as it is (a
	// comment or trailing comma its loader rejects, a duplicate key);
	// Install refuses such a file, doctor reports them.
	notes []*FileError
}

// lineCol is the 1-based line and byte column of offset off in src.
func lineCol(src []byte, off int) (int, int) {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	return line, off - bytes.LastIndexByte(src[:off], '\n')
}

func (d *jdoc) errAt(off int, err error, msg, fix string) *FileError {
	l, c := lineCol(d.src, off)
	return &FileError{Path: d.path, Line: l, Col: c, Msg: msg, Fix: fix, Err: err}
}

// scanJSONC lexes src as JSONC: the deepest nesting of objects and arrays,
// and the offsets of the first comment and the first trailing comma (-1
// when there is none).
func scanJSONC(src []byte) (depth, comment, trailing int) {
	comment, trailing = -1, -1
	d, comma := 0, -1
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			comma = -1
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			if comment < 0 {
				comment = i
			}
			end := []byte("\n")
			if src[i+1] == '*' {
				end = []byte("*/")
			}
			j := bytes.Index(src[i+2:], end)
			if j < 0 {
				return max(depth, d), comment, trailing
			}
			i += 2 + j + len(end) - 1
		case c == '{' || c == '[':
			d++
			depth = max(depth, d)
			comma = -1
		case c == '}' || c == ']':
			if comma >= 0 && trailing < 0 {
				trailing = comma
			}
			d--
			comma = -1
		case c == ',':
			comma = i
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			comma = -1
		}
	}
	return depth, comment, trailing
}

// isBlank reports whether a file holds nothing but whitespace: no
// settings yet, like a file that does not exist.
func isBlank(src []byte) bool { return len(bytes.TrimSpace(src)) == 0 }

// parseJSONC parses a settings file for agent sp. An error is a file that
// does not parse (with its line and column) or whose top level is not an
// object; what the agent itself would not accept goes to d.notes.
func parseJSONC(path string, src []byte, sp spec) (*jdoc, error) {
	d := &jdoc{path: path, src: src, nl: "\n"}
	if bytes.Contains(src, []byte("\r\n")) {
		d.nl = "\r\n"
	}
	depth, comment, trailing := scanJSONC(src)
	if depth > maxNesting {
		return nil, &FileError{Path: path, Msg: fmt.Sprintf("nested more than %d levels deep", maxNesting), Fix: "this is not a settings file Mandate will edit", Err: ErrParse}
	}
	root, err := hujson.Parse(src)
	if err != nil {
		fe := &FileError{Path: path, Msg: err.Error(), Fix: "fix it, then install again", Err: ErrParse}
		var line, col int
		var rest string
		if n, _ := fmt.Sscanf(err.Error(), "hujson: line %d, column %d:", &line, &col); n == 2 {
			fe.Line, fe.Col = line, col
			if _, rest, _ = strings.Cut(err.Error(), ": "); rest != "" {
				if _, rest, _ = strings.Cut(rest, ": "); rest != "" {
					fe.Msg = rest
				}
			}
		}
		fe.Msg = "not valid JSON: " + fe.Msg
		return nil, fe
	}
	d.root = root
	if _, ok := root.Value.(*hujson.Object); !ok {
		return nil, d.errAt(root.StartOffset, ErrParse, "the top level is not a JSON object", "fix it, then install again")
	}
	if trailing >= 0 {
		d.notes = append(d.notes, d.errAt(trailing, ErrParse, "a trailing comma: "+sp.syntax.Trailing, "remove it, then install again"))
	}
	if comment >= 0 && !sp.syntax.Comments {
		d.notes = append(d.notes, d.errAt(comment, ErrParse, "a comment: "+sp.syntax.Strict, "remove the comments, then install again"))
	}
	d.checkDuplicates(&d.root)
	d.compact = !bytes.Contains(bytes.TrimSpace(src), []byte("\n")) && len(root.Value.(*hujson.Object).Members) > 0
	if m := root.Value.(*hujson.Object).Members; len(m) > 0 {
		d.spaced = string(m[0].Value.BeforeExtra) == " "
	}
	d.unit = "  "
	if m := root.Value.(*hujson.Object).Members; len(m) > 0 && bytes.Contains(m[0].Name.BeforeExtra, []byte("\n")) {
		if in := d.lineIndent(m[0].Name.StartOffset); in != "" {
			d.unit = in
		}
	}
	return d, nil
}

// checkDuplicates notes the first key that appears twice in an object:
// agents disagree on which of the two counts (JavaScript keeps the last,
// others refuse the file), so Mandate edits neither.
func (d *jdoc) checkDuplicates(v *hujson.Value) {
	for x := range v.All() {
		o, ok := x.Value.(*hujson.Object)
		if !ok {
			continue
		}
		seen := map[string]bool{}
		for _, m := range o.Members {
			k := m.Name.Value.(hujson.Literal).String()
			if seen[k] {
				fe := d.errAt(m.Name.StartOffset, ErrParse,
					fmt.Sprintf("the key %q appears twice in the same object, and agents differ on which one counts", k), "remove one, then run the command again")
				fe.dup = true
				d.notes = append(d.notes, fe)
				return
			}
			seen[k] = true
		}
	}
}

// lineIndent is the leading whitespace of the line holding offset off.
func (d *jdoc) lineIndent(off int) string {
	off = min(max(off, 0), len(d.src))
	start := bytes.LastIndexByte(d.src[:off], '\n') + 1
	end := start
	for end < len(d.src) && (d.src[end] == ' ' || d.src[end] == '\t') {
		end++
	}
	return string(d.src[start:end])
}

// Accessors over hujson's tree.

func object(v *hujson.Value) *hujson.Object {
	if v == nil {
		return nil
	}
	o, _ := v.Value.(*hujson.Object)
	return o
}

func array(v *hujson.Value) *hujson.Array {
	if v == nil {
		return nil
	}
	a, _ := v.Value.(*hujson.Array)
	return a
}

// member returns the value of key k in object v (the last, were there
// two), and its index, or nil and -1.
func member(v *hujson.Value, k string) (*hujson.Value, int) {
	o := object(v)
	if o == nil {
		return nil, -1
	}
	for i := len(o.Members) - 1; i >= 0; i-- {
		if o.Members[i].Name.Value.(hujson.Literal).String() == k {
			return &o.Members[i].Value, i
		}
	}
	return nil, -1
}

// text returns a string value, or "".
func text(v *hujson.Value) string {
	if v == nil {
		return ""
	}
	if l, ok := v.Value.(hujson.Literal); ok && l.Kind() == '"' {
		return l.String()
	}
	return ""
}

// isTrue reports whether v is the literal true.
func isTrue(v *hujson.Value) bool {
	l, ok := v.Value.(hujson.Literal)
	return ok && l.Kind() == 't'
}

func isFalse(v *hujson.Value) bool {
	l, ok := v.Value.(hujson.Literal)
	return ok && l.Kind() == 'f'
}

// plain decodes a value for comparison: comments and formatting do not
// count.
func plain(v hujson.Value) any {
	c := v.Clone()
	c.Standardize()
	var out any
	dec := json.NewDecoder(bytes.NewReader(c.Pack()))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return errors.New("undecodable") // never equal to a value of ours
	}
	return out
}

// sameValue reports whether a settings value means the same as ours.
func sameValue(v hujson.Value, ours jval) bool {
	var want any
	dec := json.NewDecoder(bytes.NewReader(ours.appendJSON(nil, false)))
	dec.UseNumber()
	if dec.Decode(&want) != nil {
		return false
	}
	return reflect.DeepEqual(plain(v), want)
}
