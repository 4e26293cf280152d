package redact

// The file tools' inputs (red-team round 23 (b), #3 and #7): an Edit,
// MultiEdit or str_replace whose replacement text is only the value (the
// credential's name is in the file on disk, not in the record), and a
// Write or Edit of a file whose path names it a secret
// (secretfiles.go). scanEdits runs on every object of a tree outside a
// credential; its spans reach build through t.heads, and its secrets
// recur elsewhere in the tree.

// editPathKeys name the file a tool writes.
var editPathKeys = []string{"file_path", "path", "filePath", "filename", "target_file", "absolute_path", "notebook_path"}

// editOldKeys and editNewKeys are an edit's text before and after.
var (
	editOldKeys = map[string]bool{"old_string": true, "old_str": true, "oldString": true, "oldStr": true, "old_text": true, "oldText": true}
	editNewKeys = map[string]bool{"new_string": true, "new_str": true, "newString": true, "newStr": true, "new_text": true, "newText": true}
	// writeTextKeys hold a whole file's new text.
	writeTextKeys = map[string]bool{"content": true, "contents": true, "file_text": true, "fileText": true, "text": true, "new_source": true}
)

// scanEdits reads an object as a file tool's input; path: the file its
// parent names ("" none).
func (t *treeRun) scanEdits(m map[string]any, path string) {
	for _, k := range editPathKeys {
		if p, ok := m[k].(string); ok && p != "" {
			path = p
			break
		}
	}
	secret := path != "" && secretFilePath(path)
	edit := false
	for k := range editOldKeys {
		if _, ok := m[k]; ok {
			edit = true
			break
		}
	}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			switch {
			case secret && (editNewKeys[k] || writeTextKeys[k]):
				t.addHead(m, k, x, secretFileSpans)
			case edit && editNewKeys[k]:
				t.addHead(m, k, x, loneTokenSpans)
			}
		case []any:
			if k != "edits" || !secret {
				continue // an edit's own object judges its lone tokens
			}
			for _, e := range x {
				if em, ok := e.(map[string]any); ok {
					t.scanEdits(em, path)
				}
			}
		}
	}
}

// addHead records the spans find gives s = m[k] for build, and learns
// their secrets.
func (t *treeRun) addHead(m map[string]any, k, s string, find func(string, func(span))) {
	if !t.r.enabled[ruleUnresolved] {
		return
	}
	find(s, func(sp span) {
		if t.heads == nil {
			t.heads = map[headRef][]span{}
		}
		ref := headRef{mapPointer(m), k}
		t.heads[ref] = append(t.heads[ref], sp)
		t.learn(s[sp.start:sp.end], sp.id)
	})
}

// loneTokenSpans masks each line of a replacement text that is one
// secret-like token alone (quoted or not, with a trailing , ; or )): a
// value put in place with its name left on disk.
func loneTokenSpans(s string, emit func(span)) {
	for a := 0; a < len(s); {
		e := a
		for e < len(s) && s[e] != '\n' {
			e++
		}
		if i, j, ok := loneToken(s, a, e); ok {
			tokenSpans(s, i, j, emit)
		}
		a = e + 1
	}
}

// loneToken returns the token that s[a:e] holds alone, if it does.
func loneToken(s string, a, e int) (int, int, bool) {
	for a < e && isSpace(s[a]) {
		a++
	}
	for e > a && (isSpace(s[e-1]) || s[e-1] == ',' || s[e-1] == ';' || s[e-1] == ')') {
		e--
	}
	for a < e && s[a] == '(' {
		a++
	}
	if e-a >= 2 && (s[a] == '\'' || s[a] == '"' || s[a] == '`') && s[e-1] == s[a] {
		a, e = a+1, e-1
	}
	if e-a < credMinLen {
		return 0, 0, false
	}
	for k := a; k < e; k++ {
		if credClass[s[k]]&ccSep != 0 {
			return 0, 0, false
		}
	}
	return a, e, true
}
