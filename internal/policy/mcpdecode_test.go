package policy

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestMCPDecode reads the shapes of structured text in a string.
func TestMCPDecode(t *testing.T) {
	for _, c := range []struct {
		in   string
		want any // nil: not decoded
	}{
		{`{"path":"a.yaml","n":1}`, map[string]any{"path": "a.yaml", "n": 1.0}},
		{` [{"path":"a"},{"path":"b"}] `, []any{map[string]any{"path": "a"}, map[string]any{"path": "b"}}},
		{`"{\"path\":\"a\"}"`, `{"path":"a"}`},
		{`{path: a.yaml, content: 'it''s', list: [x, "y"]}`, map[string]any{"path": "a.yaml", "content": "it's", "list": []any{"x", "y"}}},
		{`{ path = "a.yaml", "k" = { x = 1 }, }`, map[string]any{"path": "a.yaml", "k": map[string]any{"x": "1"}}},
		{`{a: "\u00e9\ud83d\ude00\n", b: }`, map[string]any{"a": "é😀\n", "b": ""}},
		{`{a: 1, a: 2}`, map[string]any{"a": []any{"1", "2"}}},
		{"eyJwYXRoIjoiL2hvbWUvZGV2Ly5zc2gvaWRfcnNhIn0=", `{"path":"/home/dev/.ssh/id_rsa"}`},
		{"eyJwYXRoIjoic3JjL2FwcC5nbyJ9", `{"path":"src/app.go"}`},
		{"path=a%2Fb.yaml&content=x+y&k=1&k=2", map[string]any{"path": "a/b.yaml", "content": "x y", "k": []any{"1", "2"}}},
		{"?path=a&x=", map[string]any{"path": "a", "x": ""}},
		{"path=%2Fetc%2Fpasswd", map[string]any{"path": "/etc/passwd"}},
		{"outputFile=x", map[string]any{"outputFile": "x"}},
		{`<r a="1"><path>x</path><path>y</path>t</r>`, map[string]any{"r": map[string]any{"a": "1", "path": []any{"x", "y"}, "#text": "t"}}},
		{`<?xml version="1.0"?><r><p>x</p></r>`, map[string]any{"r": map[string]any{"p": "x"}}},
		// text
		{"{ return a + b; }", nil},
		{"{{ .Name }}", nil},
		{"{owner}/{repo}", nil},
		{"[a-z]+", nil},
		{"[WIP] fix", nil},
		{`{"a":1} trailing`, nil},
		{`{a: "x`, nil},
		{"PATH=/usr/bin:/bin", nil},
		{"status=open", nil},
		{"--output=x", nil},
		{"a=b c&d=e", nil},
		{"R&D", nil},
		{"https://h/?a=1&b=2", nil},
		{"example", nil},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", nil},
		{"<b>x</b> and <i>y</i>", nil},
		{"<p>&nbsp;</p>", nil},
		{"<a><b></a>", nil},
		{`"plain"`, "plain"},
		{"", nil},
	} {
		got, r := mcpDecode(c.in)
		if c.want == nil {
			if r != mcpDecNone {
				t.Errorf("mcpDecode(%q) = %#v, %d; want text", c.in, got, r)
			}
			continue
		}
		if r != mcpDecOK || !reflect.DeepEqual(got, c.want) {
			t.Errorf("mcpDecode(%q) = %#v, %d; want %#v", c.in, got, r, c.want)
		}
		if !mcpMayDecode(c.in) {
			t.Errorf("mcpMayDecode(%q) = false for a string that decodes", c.in)
		}
	}
	if _, r := mcpFlow(strings.Repeat("[", mcpMaxDepth+2) + strings.Repeat("]", mcpMaxDepth+2)); r != mcpDecOver {
		t.Errorf("flow nested past the depth: %d", r)
	}
	if _, r := mcpXML(strings.Repeat("<a>", mcpMaxDepth+2) + strings.Repeat("</a>", mcpMaxDepth+2)); r != mcpDecOver {
		t.Errorf("XML nested past the depth: %d", r)
	}
}

// TestMCPDecodedArguments decides MCP calls whose arguments are given as
// one encoded string (red-team round 10 #27) under testdata/example.yaml.
func TestMCPDecodedArguments(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	nest := func(levels int, inner string) string {
		for range levels {
			inner = enc(map[string]any{"a": inner})
		}
		return inner
	}
	for _, c := range []struct {
		tool, args string
		want       Effect
		rule       string
	}{
		{"write_file", `{"request":"{\"path\":\"agent-policy.yaml\",\"content\":\"x\"}"}`, Deny, "protected-path"},
		{"read_file", `{"request":"{\"path\":\"/home/dev/.ssh/id_rsa\"}"}`, Deny, "credential-store"},
		{"write_file", enc(map[string]any{"r": nest(2, `{"path":"agent-policy.yaml"}`)}), Deny, "protected-path"},
		{"read_file", `{"request":"\"{\\\"path\\\":\\\".env\\\"}\""}`, Deny, ".env*"},
		{"read_files", `{"request":"[{\"path\":\"src/app.go\"},{\"path\":\".env\"}]"}`, Deny, ".env*"},
		{"write_file", `{"request":"path=agent-policy.yaml&content=x"}`, Deny, "protected-path"},
		{"read_file", `{"q":"file=%2Fhome%2Fdev%2Fproject%2F.env"}`, Deny, ".env*"},
		{"write_file", `{"request":"{path: .github/workflows/ci.yml, content: 'on: push'}"}`, Deny, ".github/"},
		{"read_file", `{"request":"{ path = \"infrastructure/main.tf\" }"}`, Deny, "infrastructure/"},
		{"read_file", `{"request":"eyJwYXRoIjoiL2hvbWUvZGV2Ly5zc2gvaWRfcnNhIn0="}`, Deny, "credential-store"},
		{"write_file", `{"request":"<request><path>agent-policy.yaml</path><content>x</content></request>"}`, Deny, "protected-path"},
		{"call_tool", `{"request":{"args":"{\"path\":\".env\"}"}}`, Deny, ".env*"},
		{"run", `{"request":"{\"cmd\":\"kubectl\",\"args\":[\"--context=production\",\"delete\",\"pod\",\"x\"]}"}`, Deny, "block_commands"},
		{"get_env", `{"request":"{\"name\":\"PROD_API_KEY\"}"}`, Deny, "block_env_vars"},
		{"connect", `{"config":"{\"url\":\"https://api.production.company.com/x\"}"}`, Deny, "block_hosts"},
		{"write_files", `{"request":"{\"files\":{\"agent-policy.yaml\":\"x\"}}"}`, Deny, "protected-path"},
		{"read_x", enc(map[string]any{"r": nest(mcpMaxDecode+1, `{"path":"src/app.go"}`)}), Deny, "too deeply nested"},
		// everyday
		{"read_file", `{"request":"{\"path\":\"src/app.go\"}"}`, Allow, ""},
		{"read_file", `{"request":"eyJwYXRoIjoic3JjL2FwcC5nbyJ9"}`, Allow, ""},
		{"read_file", enc(map[string]any{"r": nest(mcpMaxDecode-1, `{"path":"src/app.go"}`)}), Allow, ""},
		{"write_file", `{"path":"src/tsconfig.json","content":"{\n  \"compilerOptions\": {\"outDir\": \"dist\"},\n  \"files\": [\"/etc/hosts\"]\n}\n"}`, Allow, ""},
		{"write_files", `{"files":{"src/a.json":"{\"outDir\":\"dist\"}"}}`, Allow, ""},
		{"lint", `{"block":"{ return a + b; }","template":"{{ .Name }}"}`, Allow, ""},
		{"search_issues", `{"q":"repo=o/r&state=open&labels=bug"}`, Allow, ""},
		{"create_container", `{"image":"alpine","env":["PATH=/usr/bin:/bin","HOME=/root"]}`, Allow, ""},
		{"graphql", `{"query":"{ viewer { login } }","variables":"{\"owner\":\"o\",\"name\":\"r\"}"}`, Allow, ""},
		{"render", `{"markup":"<ul><li>one</li><li>two</li></ul>"}`, Allow, ""},
		{"add_comment", `{"body":"{\"path\":\".env\"} is the shape"}`, Allow, ""},
	} {
		a := &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__srv__" + c.tool, Server: "srv", MCPTool: c.tool,
			Arguments: []byte(c.args), Cwd: testRoot, Actor: actor("")}
		d := p.Evaluate(a)
		if d.Decision != c.want || c.rule != "" && !strings.Contains(d.Rule+" "+d.Reason, c.rule) {
			t.Errorf("%s %s: got %s (%s: %s), want %s %s", c.tool, c.args, d.Decision, d.Rule, d.Reason, c.want, c.rule)
		}
	}
}

// FuzzMCPDecode: the decoder never panics, gives only what the walk
// reads, reads JSON as encoding/json does, and a string it gives back to
// be read again is shorter (decoding ends).
func FuzzMCPDecode(f *testing.F) {
	for _, s := range []string{
		`{"path":"a"}`, `[{"a":"{\"b\":1}"}]`, `"{\"a\":1}"`, `{a: b, c = 'd''e'}`, `{a: [x, {y: "\ud83d\ude00"}]}`,
		"eyJhIjoxfQ==", "W3siYSI6MX1d", "a=1&b=%2F&c=+", "path=%zz", `<r a="x"><p>y</p></r>`, "<a>&amp;</a>",
		"{ return x; }", "[a-z]", "<b>x</b> y", `{"a":1`, "{a:}", "[,]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, r := mcpDecode(s)
		if r != mcpDecOK {
			if v != nil {
				t.Fatalf("%q: a value with result %d", s, r)
			}
			return
		}
		if !mcpMayDecode(s) {
			t.Fatalf("%q decodes but the cheap test refuses it", s)
		}
		switch x := v.(type) {
		case map[string]any, []any:
		case string:
			if len(x) >= len(s) {
				t.Fatalf("%q decodes to a string as long: %q", s, x)
			}
		default:
			t.Fatalf("%q decodes to %T", s, v)
		}
		if t0 := trimJSONSpace(s); t0[0] == '{' || t0[0] == '[' {
			var j any
			if json.Unmarshal([]byte(t0), &j) == nil && !reflect.DeepEqual(j, v) {
				t.Fatalf("%q: %#v, encoding/json %#v", s, v, j)
			}
		}
		if utf8.ValidString(s) {
			nodes, _ := walkMCP(map[string]any{"request": s})
			for i, n := range nodes {
				if int(n.end) <= i || int(n.end) > len(nodes) {
					t.Fatalf("%q: node %d %+v", s, i, n)
				}
			}
		}
	})
}
