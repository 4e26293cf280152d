package policy

import (
	"encoding/xml"
	"io"
	"strings"
)

// XML in an MCP argument (<request><path>a.yaml</path></request>): an
// element is a key, its attributes keys below it; an element holding only
// text is that text, one holding elements a mapping (its own text under
// "#text"); an element given twice is a list. The whole string is one or
// more elements, strictly well-formed (an unknown entity, text outside
// the elements, or a tag left open is no XML: text).

// mcpXMLMaxTokens bounds the tokens read.
const mcpXMLMaxTokens = mcpMaxNodes

type xmlFrame struct {
	name string
	m    map[string]any
	text strings.Builder
}

// mcpXML decodes s as XML.
func mcpXML(s string) (any, mcpDecodeResult) {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	top := &xmlFrame{m: map[string]any{}}
	stack := []*xmlFrame{top}
	for n := 0; ; n++ {
		if n > mcpXMLMaxTokens {
			return nil, mcpDecOver
		}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, mcpDecNone
		}
		cur := stack[len(stack)-1]
		switch x := tok.(type) {
		case xml.StartElement:
			if len(stack) > mcpMaxDepth {
				return nil, mcpDecOver
			}
			f := &xmlFrame{name: x.Name.Local, m: map[string]any{}}
			for _, a := range x.Attr {
				xmlAdd(f.m, a.Name.Local, a.Value)
			}
			stack = append(stack, f)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			text := strings.TrimSpace(cur.text.String())
			var v any = text
			if len(cur.m) > 0 {
				if text != "" {
					xmlAdd(cur.m, "#text", text)
				}
				v = cur.m
			}
			xmlAdd(stack[len(stack)-1].m, cur.name, v)
		case xml.CharData:
			if len(stack) == 1 {
				if strings.TrimSpace(string(x)) != "" {
					return nil, mcpDecNone // prose around tags
				}
				continue
			}
			if cur.text.Len() < mcpMaxBytes {
				cur.text.Write(x)
			}
		}
	}
	if len(stack) != 1 || len(top.m) == 0 {
		return nil, mcpDecNone
	}
	return top.m, mcpDecOK
}

// xmlAdd sets m[k] to v, making a list of a key given twice.
func xmlAdd(m map[string]any, k string, v any) {
	switch old := m[k].(type) {
	case nil:
		m[k] = v
	case []any:
		m[k] = append(old, v)
	default:
		m[k] = []any{old, v}
	}
}
