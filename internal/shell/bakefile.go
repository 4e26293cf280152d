package shell

import (
	"encoding/json"
	"errors"
	"strings"
)

// docker buildx bake's definitions: an HCL or JSON file of targets (and
// the compose files it also reads), each a build (builds.go) with its
// context, named contexts, Dockerfile or dockerfile-inline, outputs,
// secrets and ssh keys; its variables take values from the host's
// environment (a reference to each, as compose's ${NAME}). The HCL is
// read by a small reader into the same tree as the JSON form: blocks,
// attributes, strings, lists and objects; an expression it does not
// evaluate (a function call, a variable, an interpolation) stays "${…}",
// a value not known. What it cannot read is opaque.

// bakeTargetKeys are a bake target's keys: 'p' naming host paths, 'k'
// known and naming none.
var bakeTargetKeys = map[string]byte{
	"context": 'p', "contexts": 'p', "dockerfile": 'p', "dockerfile-inline": 'k', "output": 'p', "secret": 'p',
	"ssh": 'p', "cache-from": 'p', "cache-to": 'p', "args": 'k', "annotations": 'k', "attest": 'k', "call": 'k',
	"description": 'k', "entitlements": 'k', "inherits": 'k', "labels": 'k', "matrix": 'k', "name": 'k',
	"network": 'k', "no-cache": 'k', "no-cache-filter": 'k', "platforms": 'k', "pull": 'k', "shm-size": 'k',
	"tags": 'k', "target": 'k', "ulimits": 'k',
}

// parseBake reads a bake file's text into w: JSON, HCL, or a compose
// file (bake reads those too).
func (w *defWalk) parseBake(text string) {
	var root any
	if err := json.Unmarshal([]byte(text), &root); err != nil {
		root, err = ParseBakeHCL(text)
		if err != nil {
			compose := ParseContainerDef("compose", text, w.vars)
			if len(compose.Opaque) > 0 {
				w.opaque("a bake file Mandate does not read")
				return
			}
			// bake builds the services' images: their builds, not their mounts
			w.def.Builds = append(w.def.Builds, compose.Builds...)
			w.def.EnvNames = append(w.def.EnvNames, ComposeNames(text)...)
			return
		}
	}
	m, ok := asMap(root)
	if !ok {
		w.opaque("a bake file Mandate does not read")
		return
	}
	if vars, ok := asMap(m["variable"]); ok {
		w.def.EnvNames = append(w.def.EnvNames, sortedNames(vars)...) // the environment overrides each
	}
	targets, _ := asMap(m["target"])
	for _, name := range sortedNames(targets) {
		if t, ok := asMap(targets[name]); ok {
			w.bakeTarget(t)
		}
	}
	w.walk(root, 0) // privileged and the like anywhere
}

// bakeTarget reads one target.
func (w *defWalk) bakeTarget(t map[string]any) {
	b := ContainerBuild{Context: "."}
	if s, ok := t["context"].(string); ok {
		b.Context = w.subst(s)
	}
	if s, ok := t["dockerfile"].(string); ok {
		b.Dockerfile = w.subst(s)
	}
	if s, ok := t["dockerfile-inline"].(string); ok {
		b.Inline, b.HasInline = s, true
	}
	if ctxs := keyValues(t["contexts"]); len(ctxs) > 0 {
		b.Contexts = map[string]string{}
		for k, v := range ctxs {
			b.Contexts[k] = w.subst(v)
		}
	}
	for _, k := range []string{"output", "cache-to"} {
		for _, s := range asStrings(t[k]) {
			if o := buildOutput(s); o != "" {
				b.Writes = append(b.Writes, w.subst(o))
			}
		}
	}
	for _, s := range asStrings(t["cache-from"]) {
		if r := cacheSource(s); r != "" {
			b.Reads = append(b.Reads, w.subst(r))
		}
	}
	for _, s := range asStrings(t["secret"]) {
		for _, kv := range strings.Split(s, ",") {
			if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && (k == "src" || k == "source") {
				b.Reads = append(b.Reads, w.subst(v))
			} else if ok && k == "env" {
				w.def.EnvNames = append(w.def.EnvNames, v)
			}
		}
	}
	for _, s := range asStrings(t["ssh"]) {
		if _, v, ok := strings.Cut(s, "="); ok {
			for _, p := range strings.Split(v, ",") {
				b.Reads = append(b.Reads, w.subst(p))
			}
		}
	}
	for _, e := range asStrings(t["entitlements"]) {
		if strings.HasPrefix(e, "security.insecure") || strings.HasPrefix(e, "device") {
			w.opaque("a bake target entitled to " + clip(e) + " reaches the host beyond its contexts")
		}
	}
	w.unknownPathKeys(t, bakeTargetKeys, "a bake target")
	w.def.Builds = append(w.def.Builds, b)
}

// Bounds on the HCL read.
const maxHCLTokens = 100000

var errHCL = errors.New("not HCL Mandate reads")

// hclReader reads HCL's native syntax, as far as bake files use it.
type hclReader struct {
	s     string
	i     int
	steps int
}

// ParseBakeHCL reads an HCL file into a tree: a block TYPE "L1" "L2" { … }
// is m[TYPE][L1][L2] = body; an attribute NAME = EXPR is m[NAME]; a string
// is its text (an interpolation kept as written), a list []any, an object
// a map; any other expression "${…}".
func ParseBakeHCL(text string) (map[string]any, error) {
	r := &hclReader{s: text}
	m, err := r.body(false, 0)
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (r *hclReader) space(newlines bool) {
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || newlines && c == '\n':
			r.i++
		case c == '#' || c == '/' && strings.HasPrefix(r.s[r.i:], "//"):
			for r.i < len(r.s) && r.s[r.i] != '\n' {
				r.i++
			}
		case c == '/' && strings.HasPrefix(r.s[r.i:], "/*"):
			end := strings.Index(r.s[r.i+2:], "*/")
			if end < 0 {
				r.i = len(r.s)
				return
			}
			r.i += end + 4
		default:
			return
		}
	}
}

func isIdent(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && (c == '-' || c >= '0' && c <= '9')
}

func (r *hclReader) ident() string {
	j := r.i
	for j < len(r.s) && isIdent(r.s[j], j == r.i) {
		j++
	}
	id := r.s[r.i:j]
	r.i = j
	return id
}

// body reads attributes and blocks up to "}" (inner) or the end.
func (r *hclReader) body(inner bool, d int) (map[string]any, error) {
	if d > maxDefDepth {
		return nil, errHCL
	}
	m := map[string]any{}
	for {
		if r.steps++; r.steps > maxHCLTokens {
			return nil, errHCL
		}
		r.space(true)
		if r.i >= len(r.s) {
			if inner {
				return nil, errHCL
			}
			return m, nil
		}
		if r.s[r.i] == '}' {
			if !inner {
				return nil, errHCL
			}
			r.i++
			return m, nil
		}
		name := r.ident()
		if name == "" {
			return nil, errHCL
		}
		r.space(false)
		if r.i < len(r.s) && r.s[r.i] == '=' {
			r.i++
			v, err := r.expr(d + 1)
			if err != nil {
				return nil, err
			}
			m[name] = v
			continue
		}
		// a block: labels, then { body }
		var labels []string
		for r.i < len(r.s) && r.s[r.i] != '{' {
			switch {
			case r.s[r.i] == '"':
				l, err := r.str()
				if err != nil {
					return nil, err
				}
				labels = append(labels, l)
			case isIdent(r.s[r.i], true):
				labels = append(labels, r.ident())
			default:
				return nil, errHCL
			}
			r.space(false)
		}
		if r.i >= len(r.s) {
			return nil, errHCL
		}
		r.i++
		b, err := r.body(true, d+1)
		if err != nil {
			return nil, err
		}
		into := m
		key := name
		for _, l := range labels {
			next, ok := into[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				into[key] = next
			}
			into, key = next, l
		}
		if old, ok := into[key].(map[string]any); ok {
			for k, v := range b { // a block declared twice: bake merges
				old[k] = v
			}
		} else {
			into[key] = b
		}
	}
}

// str reads a quoted string; an interpolation stays as written.
func (r *hclReader) str() (string, error) {
	r.i++ // "
	var b strings.Builder
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == '"':
			r.i++
			return b.String(), nil
		case c == '\n':
			return "", errHCL
		case c == '\\' && r.i+1 < len(r.s):
			switch e := r.s[r.i+1]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte(e) // \" \\ and the rest as themselves
			}
			r.i += 2
		case (c == '$' || c == '%') && strings.HasPrefix(r.s[r.i+1:], "{"):
			// a template: kept as written, its end found across nested strings
			start := r.i
			r.i += 2
			if err := r.skipBalanced('}', 0); err != nil {
				return "", err
			}
			b.WriteString("${" + r.s[start+2:r.i])
		default:
			b.WriteByte(c)
			r.i++
		}
	}
	return "", errHCL
}

// skipBalanced skips to just past the close that ends the current
// nesting, over strings and nested brackets.
func (r *hclReader) skipBalanced(close byte, d int) error {
	if d > maxDefDepth {
		return errHCL
	}
	for r.i < len(r.s) {
		if r.steps++; r.steps > maxHCLTokens {
			return errHCL
		}
		c := r.s[r.i]
		switch c {
		case close:
			r.i++
			return nil
		case '"':
			if _, err := r.str(); err != nil {
				return err
			}
			continue
		case '{':
			r.i++
			if err := r.skipBalanced('}', d+1); err != nil {
				return err
			}
			continue
		case '[':
			r.i++
			if err := r.skipBalanced(']', d+1); err != nil {
				return err
			}
			continue
		case '(':
			r.i++
			if err := r.skipBalanced(')', d+1); err != nil {
				return err
			}
			continue
		}
		r.i++
	}
	return errHCL
}

// expr reads an attribute's value.
func (r *hclReader) expr(d int) (any, error) {
	if d > maxDefDepth {
		return nil, errHCL
	}
	if r.steps++; r.steps > maxHCLTokens {
		return nil, errHCL
	}
	r.space(true)
	if r.i >= len(r.s) {
		return nil, errHCL
	}
	start := r.i
	var v any
	switch c := r.s[r.i]; {
	case c == '"':
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		v = s
	case c == '<' && strings.HasPrefix(r.s[r.i:], "<<"):
		s, err := r.heredoc()
		if err != nil {
			return nil, err
		}
		v = s
	case c == '[':
		r.i++
		var list []any
		for {
			r.space(true)
			if r.i < len(r.s) && r.s[r.i] == ']' {
				r.i++
				break
			}
			e, err := r.expr(d + 1)
			if err != nil {
				return nil, err
			}
			list = append(list, e)
			r.space(true)
			if r.i < len(r.s) && r.s[r.i] == ',' {
				r.i++
			}
		}
		v = list
	case c == '{':
		r.i++
		obj := map[string]any{}
		for {
			r.space(true)
			if r.i >= len(r.s) {
				return nil, errHCL
			}
			if r.s[r.i] == '}' {
				r.i++
				break
			}
			var key string
			if r.s[r.i] == '"' {
				k, err := r.str()
				if err != nil {
					return nil, err
				}
				key = k
			} else if key = r.ident(); key == "" {
				return nil, errHCL
			}
			r.space(false)
			if r.i >= len(r.s) || r.s[r.i] != '=' && r.s[r.i] != ':' {
				return nil, errHCL
			}
			r.i++
			e, err := r.expr(d + 1)
			if err != nil {
				return nil, err
			}
			obj[key] = e
			r.space(true)
			if r.i < len(r.s) && r.s[r.i] == ',' {
				r.i++
			}
		}
		v = obj
	default:
		// a literal, a variable, a call, an operation: up to the end of
		// the expression, not evaluated
		for r.i < len(r.s) {
			c := r.s[r.i]
			if c == '\n' || c == ',' || c == ']' || c == '}' || c == '#' {
				break
			}
			r.i++
			switch c {
			case '(':
				if err := r.skipBalanced(')', d+1); err != nil {
					return nil, err
				}
			case '[':
				if err := r.skipBalanced(']', d+1); err != nil {
					return nil, err
				}
			case '{':
				if err := r.skipBalanced('}', d+1); err != nil {
					return nil, err
				}
			case '"':
				r.i--
				if _, err := r.str(); err != nil {
					return nil, err
				}
			}
		}
		lit := strings.TrimSpace(r.s[start:r.i])
		switch lit {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		case "":
			return nil, errHCL
		}
		return "${" + lit + "}", nil
	}
	// an operation after a string or a collection ("a" == b ? …): not evaluated
	r.space(false)
	if r.i < len(r.s) && !strings.ContainsRune("\n,]})#/", rune(r.s[r.i])) {
		for r.i < len(r.s) && r.s[r.i] != '\n' {
			r.i++
		}
		return "${" + strings.TrimSpace(r.s[start:r.i]) + "}", nil
	}
	return v, nil
}

// heredoc reads <<EOT … EOT and <<-EOT.
func (r *hclReader) heredoc() (string, error) {
	r.i += 2
	indent := r.i < len(r.s) && r.s[r.i] == '-'
	if indent {
		r.i++
	}
	tag := r.ident()
	nl := strings.IndexByte(r.s[r.i:], '\n')
	if tag == "" || nl < 0 {
		return "", errHCL
	}
	r.i += nl + 1
	var lines []string
	for r.i < len(r.s) {
		end := strings.IndexByte(r.s[r.i:], '\n')
		line := r.s[r.i:]
		if end >= 0 {
			line = r.s[r.i : r.i+end]
		}
		if strings.TrimSpace(line) == tag {
			r.i += len(line)
			// a template's interpolations stay as written
			if indent {
				return dedent(lines), nil
			}
			return strings.Join(lines, "\n") + "\n", nil
		}
		lines = append(lines, line)
		if end < 0 {
			break
		}
		r.i += end + 1
	}
	return "", errHCL
}

// dedent strips the least indentation of lines (<<-EOT).
func dedent(lines []string) string {
	least := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if least < 0 || n < least {
			least = n
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if len(l) >= least && least > 0 {
			l = l[least:]
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// bakeSets judges docker buildx bake --set TARGET.KEY=VALUE: an override
// of a target's key, read as the key in a file would be.
func (c *cmd) bakeSets() error {
	if c.name != "docker" && c.name != "docker-buildx" || c.subAfter("bake") < 0 {
		return nil
	}
	t := map[string]any{}
	for i := 0; i < len(c.args); i++ {
		s := c.s(i)
		v, ok := strings.CutPrefix(s, "--set=")
		if s == "--set" && i+1 < len(c.args) {
			i++
			v, ok = c.s(i), true
		}
		if !ok {
			if !strings.HasPrefix(s, "-") && strings.Contains(s, "://") {
				c.opaque("bakes targets defined at " + clip(s))
			}
			continue
		}
		key, val, _ := strings.Cut(v, "=")
		_, attr, _ := strings.Cut(key, ".")
		attr = strings.TrimSuffix(attr, "+") // KEY+=VALUE appends
		if k, sub, ok := strings.Cut(attr, "."); ok && k == "contexts" {
			m, _ := t["contexts"].(map[string]any)
			if m == nil {
				m = map[string]any{}
				t["contexts"] = m
			}
			m[sub] = val
			continue
		}
		if old, ok := t[attr].([]any); ok {
			t[attr] = append(old, val)
		} else {
			t[attr] = []any{val}
		}
		if inFields("context dockerfile dockerfile-inline", attr) {
			t[attr] = val
		}
	}
	if len(t) == 0 {
		return nil
	}
	w := &defWalk{format: "bake"}
	w.bakeTarget(t)
	b := w.def.Builds[0]
	if _, set := t["context"]; !set {
		b.Context = "" // the file's own context, judged with the file
	}
	for _, o := range w.def.Opaque {
		c.opaque(o)
	}
	for _, n := range w.def.EnvNames {
		c.passName(field{s: n})
	}
	return c.judgeBuild(b, c.knownCwd(), c.knownCwd(), false)
}
