package redact

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"unsafe"
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
	t.scan(v, ctxNone, 0)
	t.scanSinks(v) // treesink.go
	var found []Finding
	out := t.build(v, 0, ctxNone, nil, &found)
	return out, dedupFindings(found)
}

type treeRun struct {
	r     *Redactor
	known map[string]string // secret value -> rule ID, from the whole tree
	// What the argument-vector view (treeargv.go) found, from scan for
	// build: spans per list element (by its address) and per string head
	// of an object (by the object and key).
	extra map[*any][]span
	heads map[headRef][]span
	// pbuf holds the path of the node build is in: a node's path is
	// pbuf[:plen], the parent's path with the node's key or index
	// appended, made a string only for a finding.
	pbuf []byte
}

type headRef struct {
	m unsafe.Pointer
	k string
}

// scan is pass one: collect every secret in the tree so pass two can mask
// its recurrences in other strings. c is v's context (treectx.go); depth
// counts the objects entered since the key or pair that made it ctxCred.
func (t *treeRun) scan(v any, c tctx, depth int) {
	if s, id, ok := t.credLeaf(c, v); ok {
		// Masked here whatever the depth; masked wherever it recurs only
		// if no object lies between it and the credential's name (the
		// value, or an element of it; a field of a collection of
		// secrets): an object under a credential-named key may describe
		// it (a model, an example, a form), and its ordinary words
		// ("header", "UserName", "string") must not spread over the
		// record.
		if len(s) >= minRecur && depth <= 0 {
			t.known[s] = id
		}
		if s, ok := v.(string); ok {
			t.scanString(s) // secrets inside it recur elsewhere too
		}
		return
	}
	switch x := v.(type) {
	case map[string]any:
		mi := t.mapInfoOf(x, c)
		for k, e := range x {
			t.scanString(k)
			nk, _ := t.r.text(k, nil)
			ec := t.entryCtx(c, mi, k, nk, e)
			d := depth + 1 // a field of an object under the credential
			if c != ctxCred {
				d = 0 // the credential's own value
				if _, obj := e.(map[string]any); obj && t.r.keyInfoOf(nk).collection {
					d = -1 // a collection of secrets: its fields are values
				}
			}
			t.scan(e, ec, d)
		}
		if c == ctxNone {
			t.scanEdits(x, "") // treeedits.go
			t.scanArgvPair(x)
			t.scanCommandEnv(x) // treeenv.go
		}
	case []any:
		if c == ctxNone {
			t.scanArgvList(x)
		}
		for i := range x {
			d := depth
			if c != ctxCred {
				d = 0
			}
			t.scan(x[i], t.elemCtx(c, x, i), d)
		}
	case string:
		t.scanString(x)
		if c == ctxHeaders {
			if sp, ok := t.headerLineSpan(x); ok && sp.end-sp.start >= minRecur {
				t.known[x[sp.start:sp.end]] = ruleSensitiveKey
			}
		}
	}
}

func (t *treeRun) scanString(s string) {
	for _, sp := range t.r.detect(s) {
		t.learn(s[sp.start:sp.end], sp.id)
	}
}

// learn remembers a secret found in the tree, to mask where it recurs.
func (t *treeRun) learn(secret, id string) {
	if len(secret) >= minRecur {
		if _, ok := t.known[secret]; !ok {
			t.known[secret] = id
		}
	}
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

// text redacts one string with the tree-wide known secrets and the extra
// spans found for it elsewhere (its argument vector).
func (t *treeRun) text(s string, extra []span) (string, []string) {
	return t.r.textExtra(s, t.known, extra)
}

// build is pass two: the redacted copy of v, in context c, with the extra
// spans the argument-vector view found in it; v's path is t.pbuf[:plen].
func (t *treeRun) build(v any, plen int, c tctx, extra []span, found *[]Finding) any {
	path := func() string { return string(t.pbuf[:plen]) }
	if s, id, ok := t.credLeaf(c, v); ok {
		*found = append(*found, Finding{Path: path(), Rule: id})
		return t.r.marker(id, s)
	}
	switch x := v.(type) {
	case nil, bool:
		return x
	case string:
		if c == ctxHeaders {
			if sp, ok := t.headerLineSpan(x); ok {
				extra = append(extra[:len(extra):len(extra)], sp)
			}
		}
		out, ids := t.text(x, extra)
		if len(ids) > 0 {
			p := path()
			for _, id := range ids {
				*found = append(*found, Finding{Path: p, Rule: id})
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i := range x {
			var ex []span
			if t.extra != nil {
				ex = t.extra[&x[i]]
			}
			t.pbuf = append(strconv.AppendInt(append(t.pbuf[:plen], '['), int64(i), 10), ']')
			out[i] = t.build(x[i], len(t.pbuf), t.elemCtx(c, x, i), ex, found)
		}
		return out
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(map[string]any, len(x))
		mi := t.mapInfoOf(x, c)
		for _, k := range keys {
			e := x[k]
			nk, ids := t.text(k, nil)
			if len(ids) == 0 {
				if id := keyNamedByValue(k, e); id != "" {
					nk, ids = t.r.marker(id, k), []string{id} // nameafter.go
				}
			}
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
			t.pbuf = appendPath(t.pbuf[:plen], nk)
			if len(ids) > 0 {
				p := string(t.pbuf)
				for _, id := range ids {
					*found = append(*found, Finding{Path: p, Rule: id})
				}
			}
			var ex []span
			if t.heads != nil {
				ex = t.heads[headRef{mapPointer(x), k}]
			}
			out[nk] = t.build(e, len(t.pbuf), t.entryCtx(c, mi, k, nk, e), ex, found)
		}
		return out
	case json.Number, float64, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32:
		if len(extra) > 0 {
			// A number an argument vector's finding covers: masked whole.
			*found = append(*found, Finding{Path: path(), Rule: extra[0].id})
			return t.r.marker(extra[0].id, scalarString(x))
		}
		return x
	}
	// Not decoded JSON: fail closed, never let an unknown value through.
	*found = append(*found, Finding{Path: path(), Rule: ruleUnsupported})
	return t.r.marker(ruleUnsupported, fmt.Sprintf("%T", v))
}

// appendPath appends key to the path in b as joinPath joins it.
func appendPath(b []byte, key string) []byte {
	if !plainKey(key) {
		q, _ := json.Marshal(key)
		return append(append(append(b, '['), q...), ']')
	}
	if len(b) == 0 {
		return append(b, key...)
	}
	return append(append(b, '.'), key...)
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

// keyInfoOf is newKeyInfo(neutralize(k)), remembered for short keys: a
// record's keys are mostly the same few dozen field names.
func (r *Redactor) keyInfoOf(k string) keyInfo {
	if len(k) > maxKeyMemo {
		return newKeyInfo(neutralize(k))
	}
	r.keyMu.Lock()
	c, ok := r.keyMemo[k]
	r.keyMu.Unlock()
	if ok {
		return c
	}
	c = newKeyInfo(neutralize(k))
	r.keyMu.Lock()
	if r.keyMemo == nil || len(r.keyMemo) >= maxKeyMemoEntries {
		r.keyMemo = make(map[string]keyInfo)
	}
	r.keyMemo[k] = c
	r.keyMu.Unlock()
	return c
}

const (
	maxKeyMemo        = 64
	maxKeyMemoEntries = 4096
)
