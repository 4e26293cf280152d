package redact

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The red-team suite: testdata/redteam.yaml holds every case the rounds of
// adversarial search found (a secret stored in clear) and the everyday
// text each fix must leave alone; its header documents the fields and
// internal/shell/testdata/REDTEAM.md how to add a case.

const redteamPath = "testdata/redteam.yaml"

type redteamFile struct {
	Classes map[string]string `yaml:"classes"`
	Secrets map[string]string `yaml:"secrets"`
	Cases   []redteamCase     `yaml:"-"`
}

type redteamCase struct {
	In      string   `yaml:"in"`
	Entry   string   `yaml:"entry"`
	Path    string   `yaml:"path"`
	Expect  string   `yaml:"expect"`
	Secret  string   `yaml:"secret"`
	Secret2 string   `yaml:"secret2"`
	Also    []string `yaml:"also"`
	Keep    []string `yaml:"keep"`
	Class   string   `yaml:"class"`
	Source  string   `yaml:"source"`
	Why     string   `yaml:"why"`
	Open    string   `yaml:"open"`

	line     int
	input    string   // In expanded
	secrets  []string // the values that must not survive (masked)
	secretV  string   // the value of Secret
	expandOK error
}

func loadRedteam(tb testing.TB) *redteamFile {
	tb.Helper()
	b, err := os.ReadFile(redteamPath)
	if err != nil {
		tb.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		tb.Fatalf("%s: %v", redteamPath, err)
	}
	var f redteamFile
	if err := doc.Decode(&f); err != nil {
		tb.Fatalf("%s: %v", redteamPath, err)
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch k := root.Content[i].Value; k {
		case "classes", "secrets":
		case "cases":
			for _, n := range root.Content[i+1].Content {
				var c redteamCase
				if err := n.Decode(&c); err != nil {
					tb.Fatalf("%s:%d: %v", redteamPath, n.Line, err)
				}
				c.line = n.Line
				if c.Entry == "" {
					c.Entry = "text"
				}
				if c.Secret == "" {
					c.Secret = "pw"
				}
				c.expand(f.Secrets)
				f.Cases = append(f.Cases, c)
			}
		default:
			tb.Fatalf("%s:%d: unknown top-level key %q", redteamPath, root.Content[i].Line, k)
		}
	}
	return &f
}

var (
	repeatRe  = regexp.MustCompile(`\{(\d+)\*([^{}]*)\}`)
	genSpecRe = regexp.MustCompile(`^gen (\d+) (\w+) (\d+)(?: ([^ \[]+))?(?: \[(\d*):(\d*)\])?$`)
)

// secretValue is a named secret of the file or a "gen ..." spec drawn at
// test time.
func secretValue(secrets map[string]string, spec string) (string, error) {
	if v, ok := secrets[spec]; ok {
		return v, nil
	}
	m := genSpecRe.FindStringSubmatch(spec)
	if m == nil {
		return "", fmt.Errorf("secret %q: neither a name under secrets: nor a gen spec", spec)
	}
	seed, _ := strconv.ParseUint(m[1], 10, 64)
	alpha, ok := alphabets[m[2]]
	if !ok {
		return "", fmt.Errorf("secret %q: unknown alphabet %q", spec, m[2])
	}
	n, _ := strconv.Atoi(m[3])
	v := gen(seed, m[4], alpha, n)
	lo, hi := 0, len(v)
	if m[5] != "" {
		lo, _ = strconv.Atoi(m[5])
	}
	if m[6] != "" {
		hi, _ = strconv.Atoi(m[6])
	}
	if lo > hi || hi > len(v) {
		return "", fmt.Errorf("secret %q: slice out of range", spec)
	}
	return v[lo:hi], nil
}

// expand fills the placeholders: {N*TEXT}, then {} and {2}, then {!}.
func (c *redteamCase) expand(secrets map[string]string) {
	s := repeatRe.ReplaceAllStringFunc(c.In, func(m string) string {
		sm := repeatRe.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sm[1])
		return strings.Repeat(sm[2], n)
	})
	const lit = "\x00lit\x00"
	s = strings.ReplaceAll(s, "{!}", lit)
	v, err := secretValue(secrets, c.Secret)
	if err != nil {
		c.expandOK = err
		return
	}
	c.secretV = v
	if strings.Contains(s, "{}") || c.Expect == "marker" {
		s = strings.ReplaceAll(s, "{}", v)
		c.secrets = append(c.secrets, v)
	}
	if c.Secret2 != "" {
		v2, err := secretValue(secrets, c.Secret2)
		if err != nil {
			c.expandOK = err
			return
		}
		s = strings.ReplaceAll(s, "{2}", v2)
		c.secrets = append(c.secrets, v2)
	}
	c.secrets = append(c.secrets, c.Also...)
	c.input = strings.ReplaceAll(s, lit, "{}")
}

func (c *redteamCase) String() string {
	return fmt.Sprintf("%s:%d [%s] (%s)", redteamPath, c.line, c.Class, c.Source)
}

// treeInput is what Tree is given for a tree or write case.
func (c *redteamCase) treeInput(tb testing.TB) any {
	if c.Entry == "write" {
		return map[string]any{"action_type": "file.write", "params": map[string]any{"file_path": c.Path, "content": c.input}}
	}
	return decode(tb, c.input)
}

func TestRedteam(t *testing.T) {
	f := loadRedteam(t)
	r := mustNew(t, Config{Key: testKey})
	var open []string
	for i := range f.Cases {
		c := &f.Cases[i]
		if c.expandOK != nil {
			t.Errorf("%v: %v", c, c.expandOK)
			continue
		}
		if fail := runRedteamCase(t, r, c); fail != "" {
			if c.Open != "" {
				open = append(open, fmt.Sprintf("%v open %s: %s", c, c.Open, fail))
				continue
			}
			t.Errorf("%v: %s", c, fail)
		} else if c.Open != "" {
			t.Errorf("%v: passes now; remove its open: marker", c)
		}
	}
	for _, o := range open {
		t.Log(o)
	}
}

// runRedteamCase returns why the case fails, or "".
func runRedteamCase(tb testing.TB, r *Redactor, c *redteamCase) string {
	var out string
	var fired int
	var idem bool
	switch c.Entry {
	case "text":
		o, ids := r.Text(c.input)
		out, fired = o, len(ids)
		again, _ := r.Text(o)
		idem = again == o
		if c.Expect == "kept" && o != c.input {
			return fmt.Sprintf("everyday text changed: %q -> %q (fired %v)", c.input, o, ids)
		}
	case "tree", "write":
		v := c.treeInput(tb)
		o, found := r.Tree(v)
		out, fired = mustJSON(tb, o), len(found)
		again, f2 := r.Tree(o)
		idem = reflect.DeepEqual(again, o) && len(f2) == 0
		if c.Expect == "kept" && (!reflect.DeepEqual(o, c.treeInput(tb)) || len(found) != 0) {
			return fmt.Sprintf("everyday tree changed: %s -> %s (%v)", c.input, out, found)
		}
	}
	show := func() string {
		s := out
		for _, sec := range c.secrets {
			s = strings.ReplaceAll(s, sec, "<SECRET>")
		}
		return fmt.Sprintf("%.400q", s)
	}
	switch c.Expect {
	case "masked", "marker":
		lower := strings.ToLower(withoutMarkers(out))
		for _, sec := range c.secrets {
			if strings.Contains(lower, strings.ToLower(sec)) {
				return "secret stored in clear: " + show()
			}
		}
		if fired == 0 {
			return "nothing fired: " + show()
		}
		if !idem {
			return "not idempotent: " + show()
		}
		if c.Expect == "marker" {
			m := r.marker("x", c.secretV)
			hash := m[len(m)-13 : len(m)-1]
			if !strings.Contains(out, ":"+hash+"]") || strings.Count(out, "[REDACTED:") != 1 {
				return fmt.Sprintf("want one marker, of the secret in clear (%s): %q", hash, out)
			}
		}
	case "changed":
		if out == c.input {
			return fmt.Sprintf("stored as is; the shell rebuilds the token: %q", out)
		}
	}
	for _, k := range c.Keep {
		if !strings.Contains(out, k) {
			return fmt.Sprintf("%q not kept: %s", k, show())
		}
	}
	return ""
}

// TestRedteamWellFormed: every class is documented and used, every case
// names a known class, a source and a why, its fields fit its expectation
// and entry, and no input is listed twice for one entry point.
func TestRedteamWellFormed(t *testing.T) {
	f := loadRedteam(t)
	if len(f.Cases) < 1000 {
		t.Errorf("%d cases: the suite lost cases", len(f.Cases))
	}
	used := map[string]int{}
	seen := map[string]int{}
	for i := range f.Cases {
		c := &f.Cases[i]
		bad := func(format string, a ...any) { t.Errorf("%v: "+format, append([]any{c}, a...)...) }
		if _, ok := f.Classes[c.Class]; !ok {
			bad("unknown class %q", c.Class)
		}
		used[c.Class]++
		if strings.TrimSpace(c.Source) == "" || strings.TrimSpace(c.Why) == "" {
			bad("a case needs source and why")
		}
		if c.expandOK != nil {
			bad("%v", c.expandOK)
		}
		switch c.Entry {
		case "text", "tree":
			if c.Path != "" {
				bad("path is for entry write")
			}
		case "write":
			if c.Path == "" {
				bad("entry write needs a path")
			}
		default:
			bad("unknown entry %q", c.Entry)
		}
		switch c.Expect {
		case "masked", "marker":
			if len(c.secrets) == 0 {
				bad("nothing to mask: no {}, {2} or also")
			}
		case "kept", "changed":
			if len(c.secrets) != 0 || len(c.Keep) != 0 || c.Secret2 != "" {
				bad("a %s case has no secret, also or keep", c.Expect)
			}
		default:
			bad("unknown expect %q", c.Expect)
		}
		if c.Secret2 != "" && !strings.Contains(c.In, "{2}") {
			bad("secret2 without {2}")
		}
		key := c.Entry + "\x00" + c.Path + "\x00" + c.input
		if l, ok := seen[key]; ok {
			bad("same input as line %d", l)
		}
		seen[key] = c.line
	}
	for cl := range f.Classes {
		if used[cl] == 0 {
			t.Errorf("class %q has no case", cl)
		}
	}
}

// redteamInputs is every expanded input of the suite (the probe and
// keyword-scan reference tests run them too).
func redteamInputs(tb testing.TB) []string {
	var out []string
	for _, c := range loadRedteam(tb).Cases {
		out = append(out, c.input, c.In)
	}
	return out
}
