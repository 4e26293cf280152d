package policy

import (
	"encoding/json"
	"errors"
	"slices"
)

// The walk of an MCP call's arguments. Every reading of the arguments
// (paths, URLs and hosts, environment names, patches, command rules) goes
// over the same nodes, produced once per evaluation: the objects (so
// that a command and its argument list are paired, mcpObject), every
// string value, every number and boolean, and every object KEY, which a
// server may take for a name as readily as a value (an LSP WorkspaceEdit's
// changes: {URI: [edits]}, files: {PATH: TEXT}). A node knows the key it
// stands under (the innermost object key; an array's items inherit it;
// a key node stands under the key of the object holding it) and the key
// node above it, so that the whole key path can be read back. The walk is bounded: arguments nested deeper than
// mcpMaxDepth or with more than mcpMaxNodes nodes are not all seen, and
// the call is denied for that (mcpArguments): what Mandate cannot read is
// never taken as harmless. A string holding structured text (JSON, a
// query string, XML: mcpdecode.go) is decoded and what it holds walked
// below it, as if it had been given as arguments.

const (
	mcpMaxDepth = 32
	mcpMaxNodes = 10_000
	mcpMaxBytes = 1 << 20
	// mcpMaxName is the longest key or value read as a name (a path, a
	// URI): a longer key, or a longer value that reads as one, is
	// denied (mcpString), never cut or skipped; longer text is read up
	// to it.
	mcpMaxName = 8192
)

type mcpNodeKind uint8

const (
	mcpObj    mcpNodeKind = iota // an object (obj)
	mcpMapKey                    // one of an object's keys (s); its value's nodes follow it
	mcpStr                       // a string value (s)
	mcpScalar                    // a number or a boolean (s: as JSON writes it)
)

// mcpNode is one node of the walk, in pre-order, object keys sorted.
type mcpNode struct {
	// key is the object key the node stands under; for a key node, the
	// key of the object the key belongs to ("" at the top).
	key string
	s   string
	obj map[string]any // mcpObj: the object; mcpMapKey: the object holding the key
	// up is the index of the key node this node stands under (-1: none).
	up int32
	// end is the index after the node and the nodes below it (for a
	// key, its value's: the next sibling key; for a string, those of the
	// text it holds, decoded).
	end int32
	// in is, for a key node, the index of its object's node.
	in   int32
	kind mcpNodeKind
}

// mcpTree is an MCP call's arguments, parsed and walked.
type mcpTree struct {
	v     any
	nodes []mcpNode
	err   error // the arguments are too large or no JSON
	over  bool  // beyond the bounds: not every node was walked
}

var errMCPTooLarge = errors.New("MCP arguments larger than 1 MiB cannot be inspected")

// mcpArgs returns the call's arguments walked, nil when there are none.
// It is computed once per evaluation.
func (ev *evaluation) mcpArgs() *mcpTree {
	if ev.mcpT != nil || len(ev.a.Arguments) == 0 {
		return ev.mcpT
	}
	t := &mcpTree{}
	ev.mcpT = t
	raw := ev.a.Arguments
	if len(raw) > mcpMaxBytes {
		t.err = errMCPTooLarge
		return t
	}
	if err := json.Unmarshal(raw, &t.v); err != nil {
		t.err = err
		return t
	}
	t.nodes, t.over = walkMCP(t.v)
	return t
}

// object returns the arguments as an object (false when they are a list
// or a scalar, or not JSON).
func (t *mcpTree) object() (map[string]any, bool) {
	if t == nil || t.err != nil {
		return nil, false
	}
	m, ok := t.v.(map[string]any)
	return m, ok
}

// walkMCP walks v within the bounds; over reports that it stopped early.
// A string holding structured text is followed by the nodes of what it
// holds, decoded (mcpdecode.go), under the string's own key.
func walkMCP(v any) (nodes []mcpNode, over bool) {
	decoded := 0 // bytes decoded in all
	var walk func(key string, v any, up int32, depth, enc int)
	walk = func(key string, v any, up int32, depth, enc int) {
		if over {
			return
		}
		if depth > mcpMaxDepth || len(nodes) >= mcpMaxNodes {
			over = true
			return
		}
		switch x := v.(type) {
		case map[string]any:
			at := len(nodes)
			nodes = append(nodes, mcpNode{kind: mcpObj, key: key, obj: x, up: up})
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				if len(nodes) >= mcpMaxNodes {
					over = true
					break
				}
				ki := int32(len(nodes))
				nodes = append(nodes, mcpNode{kind: mcpMapKey, key: key, s: k, obj: x, up: up, in: int32(at)})
				walk(k, x[k], ki, depth+1, enc)
				nodes[ki].end = int32(len(nodes))
			}
			nodes[at].end = int32(len(nodes))
		case []any:
			for _, it := range x {
				walk(key, it, up, depth+1, enc)
			}
		case string:
			at := len(nodes)
			nodes = append(nodes, mcpNode{kind: mcpStr, key: key, s: x, up: up})
			if mcpMayDecode(x) && mcpDecodable(key) {
				dv, r := mcpDecode(x)
				if r == mcpDecOK {
					decoded += len(x)
				}
				switch {
				case r == mcpDecOver || r == mcpDecOK && (enc >= mcpMaxDecode || decoded > mcpMaxDecodeBytes):
					over = true
				case r == mcpDecOK:
					walk(key, dv, up, depth+1, enc+1)
				}
			}
			nodes[at].end = int32(len(nodes))
		case float64, bool:
			s, _ := scalarString(x)
			nodes = append(nodes, mcpNode{kind: mcpScalar, key: key, s: s, up: up, end: int32(len(nodes) + 1)})
		}
	}
	walk("", v, -1, 0, 0)
	return nodes, over
}
