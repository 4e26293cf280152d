package install

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Hermes' config.yaml is edited as lines, like the JSON files: Mandate's
// items go at the end of the lists (and its event keys at the end of the
// hooks mapping, its hooks mapping at the end of the file) as whole lines
// indented like their neighbours, and uninstall removes exactly those
// lines, so every other byte stays. This holds for the block style YAML
// people write; where the file is not in it (flow style, an empty `hooks:`
// or list, no final newline, a top level that is not a block mapping),
// Mandate falls back to re-encoding the YAML, which keeps the comments
// but not all formatting.

// yamlLines is config.yaml split into lines, each with its line ending.
type yamlLines struct {
	lines []string
	nl    string
}

func splitYAML(src []byte) yamlLines {
	t := yamlLines{nl: "\n"}
	if bytes.Contains(src, []byte("\r\n")) {
		t.nl = "\r\n"
	}
	s := string(src)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			t.lines = append(t.lines, s)
			break
		}
		t.lines = append(t.lines, s[:i+1])
		s = s[i+1:]
	}
	return t
}

// contentEnd is the index after the last line in [start, limit) that is
// neither blank nor only a comment: blank lines and comments that end a
// region belong to what follows it.
func (t yamlLines) contentEnd(start, limit int) int {
	for j := limit - 1; j > start; j-- {
		if s := strings.TrimSpace(t.lines[j]); s != "" && !strings.HasPrefix(s, "#") {
			return j + 1
		}
	}
	return start + 1
}

// yamlSplice replaces lines [from, to) with text.
type yamlSplice struct {
	from, to int
	text     []string
}

// apply makes the edits, from the bottom up; edits at the same line end
// up in the order they are listed.
func (t yamlLines) apply(edits []yamlSplice) []byte {
	for i, j := 0, len(edits)-1; i < j; i, j = i+1, j-1 {
		edits[i], edits[j] = edits[j], edits[i]
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	lines := append([]string(nil), t.lines...)
	for _, e := range edits {
		lines = append(lines[:e.from], append(append([]string(nil), e.text...), lines[e.to:]...)...)
	}
	return []byte(strings.Join(lines, ""))
}

// yamlItem is the lines of one of Mandate's entries, its dash at indent.
func (t yamlLines) yamlItem(indent, cmd, event string) []string {
	out := []string{indent + "- command: " + yamlScalar(cmd) + t.nl, indent + fmt.Sprintf("  timeout: %d", Timeout) + t.nl}
	if event == "pre_tool_call" {
		out = append(out, indent+"  fail_closed: true"+t.nl)
	}
	return out
}

// yamlScalar writes s as a YAML scalar, quoted when YAML needs it.
func yamlScalar(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return strings.TrimSuffix(string(b), "\n")
}

// blockMapping reports whether n is a block-style mapping.
func blockMapping(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0
}

func blockSequence(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.SequenceNode && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0
}

// keyRegions are the line ranges of a block mapping's entries: entry i
// runs from its key's line to the next key's line (the last to limit).
func keyRegions(m *yaml.Node, limit int) [][2]int {
	var out [][2]int
	for i := 0; i+1 < len(m.Content); i += 2 {
		end := limit
		if i+2 < len(m.Content) {
			end = m.Content[i+2].Line - 1
		}
		out = append(out, [2]int{m.Content[i].Line - 1, end})
	}
	return out
}

// itemStarts are the lines of the dashes of a block sequence's items.
func (t yamlLines) itemStarts(seq *yaml.Node) []int {
	starts := []int{seq.Line - 1}
	for _, it := range seq.Content[1:] {
		j := it.Line - 1
		for j > starts[len(starts)-1] && !t.dashAt(j, seq.Column-1) {
			j--
		}
		starts = append(starts, j)
	}
	return starts
}

func (t yamlLines) dashAt(line, col int) bool {
	s := t.lines[line]
	return col < len(s) && s[col] == '-' && strings.TrimSpace(s[:col]) == ""
}

// editableYAML reports whether root (the parsed file's top level) is in the
// block style the line edits handle, for Mandate's events.
func (t yamlLines) editable(root *yaml.Node, sp spec) bool {
	if len(t.lines) == 0 || !strings.HasSuffix(t.lines[len(t.lines)-1], "\n") || !blockMapping(root) || root.Column != 1 {
		return false
	}
	for _, l := range t.lines {
		if strings.TrimSpace(l) == "..." { // a document end: what follows would be another document
			return false
		}
		// Line breaks other than "\n" and "\r\n" (YAML also breaks lines
		// at a lone "\r", and the YAML parser at NEL, LS and PS) would
		// put the parser's line numbers off from these lines.
		if strings.ContainsAny(strings.TrimSuffix(strings.TrimSuffix(l, "\n"), "\r"), "\r\u0085\u2028\u2029") {
			return false
		}
	}
	for i := 0; i < len(root.Content); i += 2 {
		if root.Content[i].Column != 1 {
			return false
		}
	}
	hooks := yamlGet(root, "hooks")
	if hooks == nil {
		return true
	}
	if !blockMapping(hooks) {
		return false
	}
	for i := 0; i < len(hooks.Content); i += 2 {
		if hooks.Content[i].Column != hooks.Content[0].Column {
			return false
		}
	}
	for i := 0; i+1 < len(hooks.Content); i += 2 {
		if v := hooks.Content[i+1]; !blockSequence(v) && containsOurs(v, sp) {
			return false
		}
	}
	for _, ev := range sp.events {
		if v := yamlGet(hooks, ev); v != nil && !blockSequence(v) {
			return false
		}
	}
	return true
}

func containsOurs(n *yaml.Node, sp spec) bool {
	if n.Kind == yaml.SequenceNode {
		for _, it := range n.Content {
			if sp.oursYAML(it) {
				return true
			}
		}
	}
	return false
}

// installLines adds Mandate's items to an editable file.
func (t yamlLines) install(root *yaml.Node, sp spec, cmd string) []byte {
	hooks := yamlGet(root, "hooks")
	if hooks == nil {
		text := []string{"hooks:" + t.nl}
		for _, ev := range sp.events {
			text = append(text, "  "+ev+":"+t.nl)
			text = append(text, t.yamlItem("    ", cmd, ev)...)
		}
		return t.apply([]yamlSplice{{len(t.lines), len(t.lines), text}})
	}
	rootRegions := keyRegions(root, len(t.lines))
	var hr [2]int
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i+1] == hooks {
			hr = rootRegions[i/2]
		}
	}
	evRegions := keyRegions(hooks, hr[1])
	evIndent := strings.Repeat(" ", hooks.Content[0].Column-1)
	// New lists are indented like the file's first list (some write the
	// dash under the key), else by two.
	dash := "  "
	for i := 0; i+1 < len(hooks.Content); i += 2 {
		if v := hooks.Content[i+1]; blockSequence(v) && v.Column >= hooks.Content[i].Column {
			dash = strings.Repeat(" ", v.Column-hooks.Content[i].Column)
			break
		}
	}
	var edits []yamlSplice
	var added []string
	for _, ev := range sp.events {
		seq := yamlGet(hooks, ev)
		if seq == nil {
			added = append(added, evIndent+ev+":"+t.nl)
			added = append(added, t.yamlItem(evIndent+dash, cmd, ev)...)
			continue
		}
		var er [2]int
		for i := 0; i+1 < len(hooks.Content); i += 2 {
			if hooks.Content[i+1] == seq {
				er = evRegions[i/2]
			}
		}
		starts := t.itemStarts(seq)
		indent := strings.Repeat(" ", seq.Column-1)
		want := yamlHandler(cmd, ev)
		keep := -1
		for k, it := range seq.Content {
			if !sp.oursYAML(it) {
				continue
			}
			end := er[1]
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			end = t.contentEnd(starts[k], end)
			switch {
			case keep < 0 && yamlEqual(it, want):
				keep = k
			case keep < 0:
				keep = k
				edits = append(edits, yamlSplice{starts[k], end, t.yamlItem(indent, cmd, ev)})
			default:
				edits = append(edits, yamlSplice{starts[k], end, nil})
			}
		}
		if keep < 0 {
			at := t.contentEnd(er[0], er[1])
			edits = append(edits, yamlSplice{at, at, t.yamlItem(indent, cmd, ev)})
		}
	}
	if len(added) > 0 {
		at := t.contentEnd(hr[0], hr[1])
		edits = append(edits, yamlSplice{at, at, added})
	}
	if len(edits) == 0 {
		return nil // nothing to change
	}
	return t.apply(edits)
}

// uninstallLines removes Mandate's items from an editable file, with the
// event keys and the hooks key that held nothing else. It reports whether
// anything was removed.
func (t yamlLines) uninstall(root *yaml.Node, sp spec) ([]byte, bool) {
	hooks := yamlGet(root, "hooks")
	if hooks == nil {
		return nil, false
	}
	rootRegions := keyRegions(root, len(t.lines))
	var hr [2]int
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i+1] == hooks {
			hr = rootRegions[i/2]
		}
	}
	evRegions := keyRegions(hooks, hr[1])
	var edits []yamlSplice
	emptied := 0
	for i := 0; i+1 < len(hooks.Content); i += 2 {
		seq := hooks.Content[i+1]
		er := evRegions[i/2]
		if !blockSequence(seq) {
			continue
		}
		starts := t.itemStarts(seq)
		var mine []yamlSplice
		for k, it := range seq.Content {
			if !sp.oursYAML(it) {
				continue
			}
			end := er[1]
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			mine = append(mine, yamlSplice{starts[k], t.contentEnd(starts[k], end), nil})
		}
		switch {
		case len(mine) == 0:
		case len(mine) == len(seq.Content):
			emptied++
			edits = append(edits, yamlSplice{er[0], t.contentEnd(er[0], er[1]), nil})
		default:
			edits = append(edits, mine...)
		}
	}
	if len(edits) == 0 {
		return nil, false
	}
	if emptied == len(hooks.Content)/2 {
		edits = []yamlSplice{{hr[0], t.contentEnd(hr[0], hr[1]), nil}}
	}
	return t.apply(edits), true
}

// yamlDuplicate returns the second occurrence of a key in mapping m.
func yamlDuplicate(m *yaml.Node) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i].Value
		if seen[k] {
			return m.Content[i]
		}
		seen[k] = true
	}
	return nil
}
