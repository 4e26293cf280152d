package install

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/tailscale/hujson"
)

// jval is a JSON value Mandate adds to a settings file, with its object
// keys in the order they are written.
// Written on one line, a space follows each colon and comma when spaced.
type jval interface {
	appendJSON(b []byte, spaced bool) []byte
}

type (
	jobj []jkv // an object, keys in order
	jkv  struct {
		k string
		v jval
	}
	jarr  []jval // an array
	jstr  string
	jint  int
	jbool bool
)

func (o jobj) appendJSON(b []byte, spaced bool) []byte {
	b = append(b, '{')
	for i, kv := range o {
		if i > 0 {
			b = appendSep(b, ',', spaced)
		}
		b = append(b, hujson.String(kv.k)...)
		b = appendSep(b, ':', spaced)
		b = kv.v.appendJSON(b, spaced)
	}
	return append(b, '}')
}

func (a jarr) appendJSON(b []byte, spaced bool) []byte {
	b = append(b, '[')
	for i, v := range a {
		if i > 0 {
			b = appendSep(b, ',', spaced)
		}
		b = v.appendJSON(b, spaced)
	}
	return append(b, ']')
}

func appendSep(b []byte, c byte, spaced bool) []byte {
	b = append(b, c)
	if spaced {
		b = append(b, ' ')
	}
	return b
}

func (s jstr) appendJSON(b []byte, _ bool) []byte  { return append(b, hujson.String(string(s))...) }
func (n jint) appendJSON(b []byte, _ bool) []byte  { return strconv.AppendInt(b, int64(n), 10) }
func (t jbool) appendJSON(b []byte, _ bool) []byte { return strconv.AppendBool(b, bool(t)) }

func (o jobj) get(k string) jval {
	for _, kv := range o {
		if kv.k == k {
			return kv.v
		}
	}
	return nil
}

// render writes v the way d writes values: on one line in a compact file,
// else indented by d.unit with its lines starting at indent.
func (d *jdoc) render(v jval, indent string) hujson.Value {
	raw := v.appendJSON(nil, d != nil && d.spaced)
	if d == nil || !d.compact {
		unit, nl := "  ", "\n"
		if d != nil {
			unit, nl = d.unit, d.nl
		}
		var b bytes.Buffer
		_ = json.Indent(&b, raw, indent, unit) // raw is valid JSON: ours
		raw = b.Bytes()
		if nl != "\n" {
			raw = bytes.ReplaceAll(raw, []byte("\n"), []byte(nl))
		}
	}
	out, err := hujson.Parse(raw)
	if err != nil {
		panic("install: rendering produced invalid JSON: " + err.Error())
	}
	return out
}

// newFile is a whole settings file holding only v.
func newFile(v jval) []byte {
	out := (*jdoc)(nil).render(v, "").Pack()
	return append(out, '\n')
}

// item is one member (k set) or element to add to a container.
type item struct {
	k string
	v jval
}

// Layout of added members and elements. Mandate adds only at the end of
// an object or array, each item preceded by a separator like the one
// before the container's last item, so that removing the items gives back
// the container's bytes. Where install must remember something the bytes
// would otherwise not say (a container that held nothing before, which
// uninstall must keep, or a flat file holding only its version), the first
// item added is preceded by an empty line: uninstall reads that mark (see
// marked) and restores what preceded it.

// appendItems adds items at the end of container c (an object for
// members, an array for elements), which is a value parsed from d.src.
// mark forces the empty-line mark before the first item.
func (d *jdoc) appendItems(c *hujson.Value, items []item, mark bool) {
	if len(items) == 0 {
		return
	}
	var lastBefore hujson.Extra
	var lastStart, n int
	var after *hujson.Extra
	switch x := c.Value.(type) {
	case *hujson.Object:
		n, after = len(x.Members), &x.AfterExtra
		if n > 0 {
			lastBefore, lastStart = x.Members[n-1].Name.BeforeExtra, x.Members[n-1].Name.StartOffset
		}
	case *hujson.Array:
		n, after = len(x.Elements), &x.AfterExtra
		if n > 0 {
			lastBefore, lastStart = x.Elements[n-1].BeforeExtra, x.Elements[n-1].StartOffset
		}
	}
	outer := d.lineIndent(c.StartOffset)
	var first, sep, indent string
	switch {
	case n == 0:
		// An empty container: the items go on lines of their own, the
		// first after the mark, which keeps what the container held
		// (whitespace, comments) for uninstall to put back.
		indent = outer + d.unit
		first = string(*after) + d.nl + d.nl + indent
		sep = d.nl + indent
		*after = hujson.Extra(d.nl + outer)
	case bytes.Contains(lastBefore, []byte("\n")):
		indent = d.lineIndent(lastStart)
		sep = d.nl + indent
		first = sep
	default:
		indent = d.lineIndent(lastStart)
		sep = " "
		if onlySpace(lastBefore) {
			sep = string(lastBefore)
		}
		first = sep
	}
	if mark && n > 0 {
		if !bytes.Contains(lastBefore, []byte("\n")) {
			indent = outer + d.unit
		}
		first = d.nl + d.nl + indent
	}
	colon := " "
	if d.compact && !d.spaced {
		colon = ""
	}
	for i, it := range items {
		before := sep
		if i == 0 {
			before = first
		}
		v := d.render(it.v, indent)
		switch x := c.Value.(type) {
		case *hujson.Object:
			v.BeforeExtra = hujson.Extra(colon)
			x.Members = append(x.Members, hujson.ObjectMember{
				Name:  hujson.Value{BeforeExtra: hujson.Extra(before), Value: hujson.String(it.k)},
				Value: v,
			})
		case *hujson.Array:
			v.BeforeExtra = hujson.Extra(before)
			x.Elements = append(x.Elements, v)
		}
	}
}

func onlySpace(b []byte) bool { return len(bytes.Trim(b, " \t")) == 0 }

// replaceValue puts ours in place of v, keeping what surrounds it.
func (d *jdoc) replaceValue(v *hujson.Value, ours jval) {
	r := d.render(ours, d.lineIndent(v.StartOffset))
	v.Value = r.Value
}

// removeAt removes item i of container c and returns the whitespace and
// comments that preceded it. Removing the last item moves what followed
// the one before it (which was before its comma) to the container's end,
// so no trailing comma is left.
func removeAt(c *hujson.Value, i int) hujson.Extra {
	var before hujson.Extra
	switch x := c.Value.(type) {
	case *hujson.Object:
		before = x.Members[i].Name.BeforeExtra
		last := i == len(x.Members)-1
		x.Members = append(x.Members[:i], x.Members[i+1:]...)
		if last && i > 0 {
			p := &x.Members[i-1].Value
			x.AfterExtra = append(append(hujson.Extra{}, p.AfterExtra...), x.AfterExtra...)
			p.AfterExtra = nil
		}
	case *hujson.Array:
		before = x.Elements[i].BeforeExtra
		last := i == len(x.Elements)-1
		x.Elements = append(x.Elements[:i], x.Elements[i+1:]...)
		if last && i > 0 {
			p := &x.Elements[i-1]
			x.AfterExtra = append(append(hujson.Extra{}, p.AfterExtra...), x.AfterExtra...)
			p.AfterExtra = nil
		}
	}
	return before
}

// marked reports whether before (what preceded the first item Mandate
// added) carries the empty-line mark, and returns what preceded the mark.
// The file's newline is not asked: a "\r" before the mark makes a "\r\n"
// that was not in the file when the mark was written. (A "\r\n\r\n"
// ending is a mark written with "\r\n": with "\n", what preceded it
// would have held a "\r\n".)
func marked(before hujson.Extra) (hujson.Extra, bool) {
	s := strings.TrimRight(string(before), " \t")
	for _, m := range []string{"\r\n\r\n", "\n\n"} {
		if p, ok := strings.CutSuffix(s, m); ok {
			return hujson.Extra(p), true
		}
	}
	return nil, false
}

// setAfter sets what precedes the closing bracket of container c.
func setAfter(c *hujson.Value, e hujson.Extra) {
	switch x := c.Value.(type) {
	case *hujson.Object:
		x.AfterExtra = e
	case *hujson.Array:
		x.AfterExtra = e
	}
}

// length is the number of items of container c (0 for anything else,
// or nil).
func length(c *hujson.Value) int {
	if c == nil {
		return 0
	}
	switch x := c.Value.(type) {
	case *hujson.Object:
		return len(x.Members)
	case *hujson.Array:
		return len(x.Elements)
	}
	return 0
}
