package redact

// The file tools' inputs (red-team round 23 (b), #3 and #7): an Edit,
// MultiEdit or str_replace whose replacement text is only the value (the
// credential's name is in the file on disk, not in the record), and a
// Write or Edit of a file whose path names it a secret
// (secretfiles.go). scanEdits runs on every object of a tree outside a
// credential; its spans reach build through t.heads, and its secrets
// recur elsewhere in the tree.

// editKey is what a key of a file tool's input holds.
type editKey uint8

const (
	ekOther editKey = iota
	ekPath          // the file written (file_path, path, …)
	ekOld           // an edit's text before (old_string, old_str, …)
	ekNew           // an edit's text after (new_string, new_str, …)
	ekText          // a whole file's new text (content, file_text, …)
	ekEdits         // MultiEdit's list of edits
)

// editKeyOf classifies k (a switch: one pass over an object's keys, no
// map lookups on the record's path).
func editKeyOf(k string) editKey {
	switch k {
	case "file_path", "path", "filePath", "filename", "target_file", "absolute_path", "notebook_path":
		return ekPath
	case "old_string", "old_str", "oldString", "oldStr", "old_text", "oldText":
		return ekOld
	case "new_string", "new_str", "newString", "newStr", "new_text", "newText":
		return ekNew
	case "content", "contents", "file_text", "fileText", "text", "new_source":
		return ekText
	case "edits":
		return ekEdits
	}
	return ekOther
}

// scanEdits reads an object as a file tool's input; path: the file its
// parent names ("" none).
func (t *treeRun) scanEdits(m map[string]any, path string) {
	if path == "" {
		t.scanFileText(m, "") // treefiletext.go
	}
	edit, texts := false, false
	var paths []string
	for k, v := range m {
		switch editKeyOf(k) {
		case ekPath:
			if p, ok := v.(string); ok && p != "" {
				paths = append(paths, p)
			}
		case ekOld:
			edit = true
		case ekNew, ekText, ekEdits:
			texts = true
		}
	}
	if !texts {
		return
	}
	// Any path the object names that is a secret file's makes it one
	// (whatever the order of its keys).
	secret := path != "" && secretFilePath(path)
	for _, p := range paths {
		if !secret && secretFilePath(p) {
			secret, path = true, p
		}
	}
	if !secret && !edit {
		return
	}
	for k, v := range m {
		switch x := v.(type) {
		case string:
			switch ek := editKeyOf(k); {
			case secret && (ek == ekNew || ek == ekText):
				t.addHead(m, k, x, secretFileFinder(path)) // secretcolumns.go
			case edit && ek == ekNew:
				t.addHead(m, k, x, loneTokenSpans)
			}
		case []any:
			if !secret || editKeyOf(k) != ekEdits {
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
