package install

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// yamlHandler is one Hermes shell-hook entry.
func yamlHandler(cmd, event string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(k, v, tag string) {
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v})
	}
	add("command", cmd, "!!str")
	add("timeout", fmt.Sprint(Timeout), "!!int")
	if event == "pre_tool_call" {
		add("fail_closed", "true", "!!bool")
	}
	return m
}

func yamlGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func yamlDel(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

func yamlSet(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func yamlEqual(a, b *yaml.Node) bool {
	x, err1 := yaml.Marshal(a)
	y, err2 := yaml.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func parseYAML(path string, old []byte) (*yaml.Node, *yaml.Node, error) {
	doc := &yaml.Node{Kind: yaml.DocumentNode}
	if len(bytes.TrimSpace(old)) > 0 {
		if err := yaml.Unmarshal(old, doc); err != nil {
			fe := &FileError{Path: path, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "), Fix: "fix it, then install again", Err: ErrParse}
			var line int
			var rest string
			if n, _ := fmt.Sscanf(err.Error(), "yaml: line %d:", &line); n == 1 {
				fe.Line = line
				if _, rest, _ = strings.Cut(err.Error(), ": "); rest != "" {
					if _, rest, _ = strings.Cut(rest, ": "); rest != "" {
						fe.Msg = "not valid YAML: " + rest
					}
				}
			}
			return nil, nil, fe
		}
	}
	if len(doc.Content) == 0 {
		doc.Kind = yaml.DocumentNode
		doc.Content = []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}
	}
	if n := yamlDocuments(old); n > 1 {
		return nil, nil, &FileError{Path: path, Msg: fmt.Sprintf("holds %d YAML documents: Hermes reads a config of one", n), Fix: "keep one, then install again", Err: ErrParse}
	}
	root := doc.Content[0]
	for _, m := range []*yaml.Node{root, yamlGet(root, "hooks")} {
		if k := yamlDuplicate(m); k != nil {
			return nil, nil, &FileError{Path: path, Line: k.Line, Col: k.Column, Msg: fmt.Sprintf("the key %q appears twice in the same mapping", k.Value), Fix: "remove one, then run the command again", Err: ErrParse}
		}
	}
	if root.Kind != yaml.MappingNode {
		return nil, nil, &FileError{Path: path, Line: root.Line, Col: root.Column, Msg: "the top level is not a mapping", Fix: "fix it, then install again", Err: ErrParse}
	}
	return doc, root, nil
}

// yamlDocuments counts the documents in src (at most a few are decoded).
func yamlDocuments(src []byte) int {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	n := 0
	for ; n < 3; n++ {
		var v yaml.Node
		if dec.Decode(&v) != nil {
			break
		}
	}
	return n
}

func encodeYAML(doc *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}
	return b.Bytes(), nil
}

func (sp spec) oursYAML(item *yaml.Node) bool {
	c := yamlGet(item, "command")
	if c == nil {
		return false
	}
	_, ok := IsMandateCommand(c.Value, sp.agent)
	return ok
}

func removeOursYAML(seq *yaml.Node, sp spec) bool {
	kept := seq.Content[:0]
	removed := false
	for _, it := range seq.Content {
		if sp.oursYAML(it) {
			removed = true
			continue
		}
		kept = append(kept, it)
	}
	seq.Content = kept
	return removed
}

func installYAML(path string, old []byte, sp spec, cmd string) ([]byte, error) {
	out, _, err := installYAMLEdit(path, old, sp, cmd)
	return out, err
}

// installYAMLEdit is installYAML, saying whether the line edits (which
// keep every other byte) made the result.
func installYAMLEdit(path string, old []byte, sp spec, cmd string) ([]byte, bool, error) {
	doc, root, err := parseYAML(path, old)
	if err != nil {
		return nil, false, err
	}
	// The line edits (hermes_edit.go) keep every other byte; the result
	// is used when it means what re-encoding the YAML tree would give.
	var lines []byte
	if t := splitYAML(old); t.editable(root, sp) {
		if lines = t.install(root, sp, cmd); lines == nil {
			lines = old
		}
	}
	out, err := installYAMLTree(path, old, doc, root, sp, cmd)
	if err != nil || lines == nil || !sameYAML(lines, out) {
		return out, false, err
	}
	return lines, true, nil
}

func installYAMLTree(path string, old []byte, doc, root *yaml.Node, sp spec, cmd string) ([]byte, error) {
	hooks := yamlGet(root, "hooks")
	if hooks == nil || (hooks.Kind == yaml.ScalarNode && hooks.Tag == "!!null") {
		if hooks != nil {
			yamlDel(root, "hooks")
		}
		hooks = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		yamlSet(root, "hooks", hooks)
	}
	if hooks.Kind != yaml.MappingNode {
		return nil, &FileError{Path: path, Line: hooks.Line, Col: hooks.Column, Msg: "hooks is not a mapping", Fix: "fix it, then install again", Err: ErrParse}
	}
	changed := false
	for _, ev := range sp.events {
		want := yamlHandler(cmd, ev)
		seq := yamlGet(hooks, ev)
		if seq == nil {
			seq = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			yamlSet(hooks, ev, seq)
		}
		if seq.Kind != yaml.SequenceNode {
			return nil, &FileError{Path: path, Line: seq.Line, Col: seq.Column, Msg: "hooks." + ev + " is not a list", Fix: "fix it, then install again", Err: ErrParse}
		}
		var found []*yaml.Node
		for _, it := range seq.Content {
			if sp.oursYAML(it) {
				found = append(found, it)
			}
		}
		if len(found) == 1 && yamlEqual(found[0], want) {
			continue
		}
		removeOursYAML(seq, sp)
		seq.Content = append(seq.Content, want)
		changed = true
	}
	if !changed {
		return old, nil
	}
	return encodeYAML(doc)
}

func uninstallYAML(path string, old []byte, sp spec) ([]byte, bool, error) {
	doc, root, err := parseYAML(path, old)
	if err != nil {
		return nil, false, err
	}
	var lines []byte
	if t := splitYAML(old); t.editable(root, sp) {
		var changed bool
		if lines, changed = t.uninstall(root, sp); !changed {
			lines = old
		}
	}
	out, remove, err := uninstallYAMLTree(old, doc, root, sp)
	switch {
	case err != nil || lines == nil || !sameYAML(lines, out):
		return out, remove, err
	case isBlank(lines):
		return nil, true, nil
	}
	return lines, false, nil
}

// sameYAML reports whether two YAML texts hold the same values.
func sameYAML(a, b []byte) bool {
	var x, y any
	if yaml.Unmarshal(a, &x) != nil || yaml.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func uninstallYAMLTree(old []byte, doc, root *yaml.Node, sp spec) ([]byte, bool, error) {
	hooks := yamlGet(root, "hooks")
	if hooks == nil || hooks.Kind != yaml.MappingNode {
		return old, false, nil
	}
	touched := false
	for i := 0; i+1 < len(hooks.Content); i += 2 {
		seq := hooks.Content[i+1]
		if seq.Kind != yaml.SequenceNode || !removeOursYAML(seq, sp) {
			continue
		}
		touched = true
		if len(seq.Content) == 0 {
			hooks.Content = append(hooks.Content[:i], hooks.Content[i+2:]...)
			i -= 2
		}
	}
	if !touched {
		return old, false, nil
	}
	if len(hooks.Content) == 0 {
		yamlDel(root, "hooks")
	}
	if len(root.Content) == 0 {
		return nil, true, nil
	}
	out, err := encodeYAML(doc)
	return out, false, err
}
