package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// node is a JSON value that keeps object keys in their order, so that a
// settings file is rewritten with every other setting where it was.
type node struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys []string
	vals []*node // object values (parallel to keys) or array elements
	str  string  // string value, or number literal
	b    bool
}

// maxDepth bounds nesting when parsing settings files.
const maxDepth = 200

func parseJSON(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	return n, nil
}

func parseValue(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, errors.New("nesting too deep")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: 'o'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, errors.New("object key is not a string")
				}
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &node{kind: 'a'}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		return &node{kind: 'n', str: t.String()}, nil
	case bool:
		return &node{kind: 'b', b: t}, nil
	case nil:
		return &node{kind: 'z'}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// Constructors.
func obj() *node           { return &node{kind: 'o'} }
func arr(v ...*node) *node { return &node{kind: 'a', vals: v} }
func str(s string) *node   { return &node{kind: 's', str: s} }
func num(i int) *node      { return &node{kind: 'n', str: fmt.Sprint(i)} }
func boolean(b bool) *node { return &node{kind: 'b', b: b} }
func (n *node) set(k string, v *node) *node {
	for i, key := range n.keys {
		if key == k {
			n.vals[i] = v
			return n
		}
	}
	n.keys = append(n.keys, k)
	n.vals = append(n.vals, v)
	return n
}

// get returns the value at key k of an object, or nil.
func (n *node) get(k string) *node {
	if n == nil || n.kind != 'o' {
		return nil
	}
	for i, key := range n.keys {
		if key == k {
			return n.vals[i]
		}
	}
	return nil
}

func (n *node) del(k string) {
	for i, key := range n.keys {
		if key == k {
			n.keys = append(n.keys[:i], n.keys[i+1:]...)
			n.vals = append(n.vals[:i], n.vals[i+1:]...)
			return
		}
	}
}

// text returns a string value, or "".
func (n *node) text() string {
	if n == nil || n.kind != 's' {
		return ""
	}
	return n.str
}

// encode writes n with the given indent unit and a final newline.
func (n *node) encode(indent string) []byte {
	var b bytes.Buffer
	n.write(&b, indent, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func (n *node) equal(o *node) bool {
	return bytes.Equal(n.encode(""), o.encode(""))
}

func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func (n *node) write(b *bytes.Buffer, indent string, depth int) {
	nl := func(d int) {
		b.WriteByte('\n')
		for range d {
			b.WriteString(indent)
		}
	}
	switch n.kind {
	case 'o':
		if len(n.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(depth + 1)
			b.WriteString(quote(k))
			b.WriteString(": ")
			n.vals[i].write(b, indent, depth+1)
		}
		nl(depth)
		b.WriteByte('}')
	case 'a':
		if len(n.vals) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(depth + 1)
			v.write(b, indent, depth+1)
		}
		nl(depth)
		b.WriteByte(']')
	case 's':
		b.WriteString(quote(n.str))
	case 'n':
		b.WriteString(n.str)
	case 'b':
		if n.b {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	default:
		b.WriteString("null")
	}
}

// detectIndent returns the indent unit of a JSON text: the leading
// whitespace of its first indented line, or two spaces.
func detectIndent(data []byte) string {
	for _, line := range strings.Split(string(data), "\n")[1:] {
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed != "" && len(trimmed) < len(line) {
			return line[:len(line)-len(trimmed)]
		}
	}
	return "  "
}
