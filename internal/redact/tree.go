package redact

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Tree redacts a decoded-JSON value (map[string]any, []any, string,
// json.Number, float64, bool, nil) into a new value; the input is never
// mutated. It reports each path where something was masked, with the rule.
//
// Strings (values and map keys) go through the same detectors as Text. A
// non-empty string or number under a credential-like key (password, secret,
// token, api_key, private_key, authorization, ...) is replaced whole by a
// sensitive-key marker. A secret found anywhere in the tree is also masked
// wherever else it recurs in the tree (if at least 6 bytes). Go integer and
// float32 values are treated like JSON numbers; values of any other Go type
// (a map[string]string, a struct, ...) are replaced by an unsupported-type
// marker (fail closed), since they could hide secrets Tree cannot see.
//
// Paths use dotted keys and [i] indexes ("params.env[2]"); a key that is not
// a plain identifier ([A-Za-z0-9_-]+) is written as a JSON string in brackets
// (`headers["x.y"]`). The root is "". Paths are built from redacted keys, so
// they never carry a secret. If two keys redact to the same text, both are
// kept: the later one (in sorted key order) gets a "~2", "~3"... suffix.
func (r *Redactor) Tree(v any) (any, []Finding) {
	t := &treeRun{r: r, known: map[string]string{}}
	t.scan(v, "")
	var found []Finding
	out := t.build(v, "", &found)
	return out, dedupFindings(found)
}

type treeRun struct {
	r     *Redactor
	known map[string]string // secret value -> rule ID, from the whole tree
}

// scan is pass one: collect every secret in the tree so pass two can mask
// its recurrences in other strings.
func (t *treeRun) scan(v any, parentKey string) {
	switch x := v.(type) {
	case map[string]any:
		nvKey := t.nameValueKey(x)
		for k, e := range x {
			t.scanString(k)
			if nk, _ := t.r.text(k, nil); t.sensitive(nk, e) || nvKey != "" && k == nvKey {
				if s := scalarString(e); len(s) >= minRecur && markerLen(s) != len(s) {
					t.known[s] = ruleSensitiveKey
				}
				if s, ok := e.(string); ok {
					t.scanString(s) // secrets inside it recur elsewhere too
				}
				continue
			}
			t.scan(e, k)
		}
	case []any:
		for _, e := range x {
			t.scan(e, parentKey)
		}
	case string:
		t.scanString(x)
	}
}

func (t *treeRun) scanString(s string) {
	for _, sp := range t.r.detect(s) {
		if sp.end-sp.start >= minRecur {
			if _, ok := t.known[s[sp.start:sp.end]]; !ok {
				t.known[s[sp.start:sp.end]] = sp.id
			}
		}
	}
}

// sensitive reports whether the value under key k is masked whole. k is the
// already-redacted key with its markers neutralized, so the decision is the
// same when the output is redacted again.
func (t *treeRun) sensitive(k string, v any) bool {
	if !t.r.enabled[ruleSensitiveKey] {
		return false
	}
	if c := t.r.keyClass(k); c != keyPassword && c != keyStrong && c != keyAuthz {
		return false
	}
	s := scalarString(v)
	return s != "" && markerLen(s) != len(s)
}

// nameValueKey returns the key of the "value" field in a name/value pair
// whose name is a credential name ({"name": "DB_PASSWORD", "value": "x"}, as
// in Kubernetes and ECS env lists), or "".
func (t *treeRun) nameValueKey(m map[string]any) string {
	if !t.r.enabled[ruleSensitiveKey] || len(m) > 8 {
		return ""
	}
	var name, valueKey string
	for k, v := range m {
		switch strings.ToLower(k) {
		case "name", "key":
			name, _ = v.(string)
		case "value":
			valueKey = k
		}
	}
	if name == "" || valueKey == "" {
		return ""
	}
	if nn, _ := t.r.text(name, nil); !t.sensitive(nn, m[valueKey]) {
		return ""
	}
	return valueKey
}

// scalarString renders a string or number scalar; "" for anything else.
func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x)
	}
	return ""
}

// text redacts one string with the tree-wide known secrets.
func (t *treeRun) text(s string) (string, []string) {
	return t.r.text(s, t.known)
}

func (t *treeRun) build(v any, path string, found *[]Finding) any {
	switch x := v.(type) {
	case nil, bool, json.Number:
		return x
	case float64:
		return x
	case string:
		out, ids := t.text(x)
		for _, id := range ids {
			*found = append(*found, Finding{Path: path, Rule: id})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = t.build(e, path+"["+strconv.Itoa(i)+"]", found)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(map[string]any, len(x))
		nvKey := t.nameValueKey(x)
		for _, k := range keys {
			e := x[k]
			nk, ids := t.text(k)
			if _, dup := out[nk]; dup {
				// Two keys redacted to the same text: keep both, deterministically.
				base := nk
				for n := 2; ; n++ {
					nk = base + "~" + strconv.Itoa(n)
					if _, dup := out[nk]; !dup {
						break
					}
				}
			}
			p := joinPath(path, nk)
			for _, id := range ids {
				*found = append(*found, Finding{Path: p, Rule: id})
			}
			if t.sensitive(nk, e) || nvKey != "" && k == nvKey {
				out[nk] = t.r.marker(ruleSensitiveKey, scalarString(e))
				*found = append(*found, Finding{Path: p, Rule: ruleSensitiveKey})
				continue
			}
			out[nk] = t.build(e, p, found)
		}
		return out
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32:
		return x
	}
	// Not decoded JSON: fail closed, never let an unknown value through.
	*found = append(*found, Finding{Path: path, Rule: ruleUnsupported})
	return t.r.marker(ruleUnsupported, fmt.Sprintf("%T", v))
}

func joinPath(parent, key string) string {
	seg := key
	if !plainKey(key) {
		b, _ := json.Marshal(key)
		return parent + "[" + string(b) + "]"
	}
	if parent == "" {
		return seg
	}
	return parent + "." + seg
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func dedupFindings(f []Finding) []Finding {
	if len(f) == 0 {
		return nil
	}
	sort.Slice(f, func(i, j int) bool {
		if f[i].Path != f[j].Path {
			return f[i].Path < f[j].Path
		}
		return f[i].Rule < f[j].Rule
	})
	out := f[:1]
	for _, x := range f[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// neutralize replaces each marker in k by "0", so a key classifies the same
// before and after its embedded secrets are masked.
func neutralize(k string) string {
	marks := findMarkers(k)
	for i := len(marks) - 1; i >= 0; i-- {
		k = k[:marks[i].start] + "0" + k[marks[i].end:]
	}
	return k
}

// keyClass is classifyKey(neutralize(k)), remembered for short keys: a
// record's keys are mostly the same few dozen field names.
func (r *Redactor) keyClass(k string) keyClass {
	if len(k) > maxKeyMemo {
		return classifyKey(neutralize(k))
	}
	r.keyMu.Lock()
	c, ok := r.keyMemo[k]
	r.keyMu.Unlock()
	if ok {
		return c
	}
	c = classifyKey(neutralize(k))
	r.keyMu.Lock()
	if r.keyMemo == nil || len(r.keyMemo) >= maxKeyMemoEntries {
		r.keyMemo = make(map[string]keyClass)
	}
	r.keyMemo[k] = c
	r.keyMu.Unlock()
	return c
}

const (
	maxKeyMemo        = 64
	maxKeyMemoEntries = 4096
)
