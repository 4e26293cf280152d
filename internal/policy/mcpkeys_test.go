package policy

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestMCPKeysAndURIs decides MCP calls whose paths are object keys or
// URIs of schemes other than file:// (red-team round 9 #8, #9), under
// testdata/example.yaml.
func TestMCPKeysAndURIs(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	for _, c := range []struct {
		tool, args string
		want       Effect
		rule       string
	}{
		// Keys (#8).
		{"applyWorkspaceEdit", `{"edit":{"changes":{"file:///home/dev/project/agent-policy.yaml":[{"newText":"x"}]}}}`, Deny, "protected-path"},
		{"get_code_actions", `{"edits":{"file:///home/dev/project/agent-policy.yaml":[{"newText":"x"}]}}`, Deny, "protected-path"},
		{"read_thing", `{"m":{"/home/dev/project/agent-policy.yaml":{"newText":"x"}}}`, Deny, "protected-path"},
		{"write_files", `{"files":{"agent-policy.yaml":"x"}}`, Deny, "protected-path"},
		{"read_files", `{"contents":{".env":true}}`, Deny, ".env*"},
		{"read_multiple", `{"files":{"infrastructure":true}}`, Deny, "infrastructure/"},
		{"set_map", `{"m":{"~/.ssh/id_rsa":"x"}}`, Deny, "credential-store"},
		{"set_map", `{"m":{"C:\\Users\\dev\\project\\.env":"x"}}`, Deny, ".env*"},
		{"get_env", `{"vars":{"PROD_API_KEY":true}}`, Deny, "block_env_vars"},
		{"docker_run", `{"env":{"PROD_API_KEY":null}}`, Deny, "block_env_vars"},
		{"http_request", `{"hosts":{"db.production.company.com":"10.0.0.1"}}`, Deny, "block_hosts"},
		{"apply", `{"patches":{"--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n-a\n+b\n":1}}`, Deny, ".env*"},
		{"applyWorkspaceEdit", `{"edit":{"changes":{"file:///home/dev/project/src/app.go":[{"newText":"x"}]}}}`, Allow, ""},
		{"write_files", `{"files":{"src/app.go":"package x\n","docs/a.md":"x"}}`, Allow, ""},
		{"read_multiple", `{"files":{"src/app.go":true,"README.md":true}}`, Allow, ""},
		{"kubectl_apply", `{"labels":{"app.kubernetes.io/name":"x"}}`, Allow, ""},
		{"docker_run", `{"image":"alpine","env":{"DEBUG":"1","PROD_API_KEY":"literal"}}`, Allow, ""},
		{"http_request", `{"url":"https://example.com","headers":{"Content-Type":"application/json"}}`, Allow, ""},
		// URIs (#9).
		{"write_file", `{"uri":"vscode-file://vscode-app/home/dev/project/agent-policy.yaml","content":"x"}`, Deny, "protected-path"},
		{"read_file", `{"uri":"jar:file:///home/dev/project/.env!/x"}`, Deny, ".env*"},
		{"read_file", `{"uri":"git+file:///home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file+x:///home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file:%2Fhome%2Fdev%2Fproject%2F.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file:%252Fhome%252Fdev%252Fproject%252F.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file:/home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file://localhost/home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file:///C:/Users/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file:///C|/Users/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file:///home/dev/project/.env%00.txt"}`, Deny, ".env*"},
		{"write_file", `{"uri":"vscode-userdata:/home/dev/.claude/settings.json","content":"x"}`, Deny, "protected-path"},
		{"write_file", `{"uri":"untitled:/home/dev/project/agent-policy.yaml","content":"x"}`, Deny, "protected-path"},
		{"write_file", `{"uri":"vscode-remote://wsl+Ubuntu/home/dev/project/agent-policy.yaml","content":"x"}`, Deny, "protected-path"},
		{"read_file", `{"uri":"sqlite:///home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"foo:/home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"foo:/home/dev/project/src/app.go"}`, Ask, "uri-scheme"},
		{"read_file", `{"uri":"https://example.com/home/dev/project/.env"}`, Deny, ".env*"},
		{"read_file", `{"uri":"file://"}`, Deny, "bad-url"},
		{"read_file", `{"uri":"file:///home/dev/project/src/app.go"}`, Allow, ""},
		{"write_file", `{"uri":"untitled:Untitled-1","content":"x"}`, Allow, ""},
		{"fetch", `{"url":"https://example.com/.env.example"}`, Allow, ""},
		{"read_file", `{"uri":"foo:/etc/hosts"}`, Allow, ""},
		{"get_image", `{"image":"nginx:1.25","digest":"sha256:abcdef"}`, Allow, ""},
	} {
		a := &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__srv__" + c.tool, Server: "srv", MCPTool: c.tool,
			Arguments: []byte(c.args), Cwd: testRoot, Actor: actor("")}
		d := p.Evaluate(a)
		if d.Decision != c.want || c.rule != "" && !strings.Contains(d.Rule+" "+d.Reason, c.rule) {
			t.Errorf("%s %s: got %s (%s: %s), want %s %s", c.tool, c.args, d.Decision, d.Rule, d.Reason, c.want, c.rule)
		}
	}
}

// TestMCPWalkBounds: arguments beyond the walk's bounds are denied.
func TestMCPWalkBounds(t *testing.T) {
	p := mustParseFile(t, "testdata/example.yaml")
	deep := strings.Repeat(`{"a":`, mcpMaxDepth+2) + `"x"` + strings.Repeat(`}`, mcpMaxDepth+2)
	var b strings.Builder
	b.WriteString(`{"m":{`)
	for i := range mcpMaxNodes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":1`)
	}
	b.WriteString(`}}`)
	for _, args := range []string{deep, b.String()} {
		a := &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__srv__read_x", Server: "srv", MCPTool: "read_x",
			Arguments: []byte(args), Cwd: testRoot, Actor: actor("")}
		if d := p.Evaluate(a); d.Decision != Deny || !strings.Contains(d.Reason, "too deeply nested or too large") {
			t.Errorf("%.60s…: got %s (%s)", args, d.Decision, d.Reason)
		}
	}
}

// TestParseURI reads the local paths URIs name.
func TestParseURI(t *testing.T) {
	for _, c := range []struct {
		in    string
		class uriClass
		host  string
		paths []string
	}{
		{"file:///a/b", uriLocal, "", []string{"/a/b"}},
		{"FILE:/a/%2Eb", uriLocal, "", []string{"/a/%2Eb", "/a/.b"}},
		{"file:%2Fa%2Fb", uriLocal, "", []string{"%2Fa%2Fb", "/a/b"}},
		{"file://localhost/a", uriLocal, "", []string{"/a"}},
		{"file://server/share/x", uriLocal, "server", []string{"/share/x"}},
		{"file://C:/x", uriLocal, "", []string{"/mnt/c/x"}},
		{"file:///D|/x", uriLocal, "", []string{"/mnt/d/x"}},
		{`file:\\\a\b`, uriLocal, "", []string{"/a/b"}},
		{"fi\tle:///a", uriLocal, "", []string{"/a"}},
		{"vscode-file://vscode-app/a/b?x#y", uriLocal, "", []string{"/a/b"}},
		{"git+file:///a", uriLocal, "", []string{"/a"}},
		{"jar:file:///a.jar!/b/c", uriLocal, "", []string{"/a.jar!/b/c", "/a.jar"}},
		{"jdbc:sqlite:/a.db", uriLocal, "", []string{"/a.db"}},
		{"jdbc:postgresql://h/db", uriRemote, "", []string{"/db"}},
		{"https://h/a", uriRemote, "", []string{"/a"}},
		{"vscode-remote://wsl+u/a", uriUnknown, "", []string{"/a"}},
		{"untitled:Untitled-1", uriLocal, "", []string{"Untitled-1"}},
		{"file:///a%00b", uriLocal, "", []string{"/a%00b", "/a"}},
	} {
		u, ok := parseURI(c.in)
		if !ok || u.class != c.class || u.host != c.host || !slices.Equal(u.paths, c.paths) {
			t.Errorf("parseURI(%q) = %v %+v; want class %d host %q paths %q", c.in, ok, u, c.class, c.host, c.paths)
		}
	}
	for _, s := range []string{"C:/x", `C:\x`, "/a/b", "a b:c", "note: hi", "x", "", "1a:/x", "a@b:/x"} {
		if u, ok := parseURI(s); ok {
			t.Errorf("parseURI(%q) = %+v; want no URI", s, u)
		}
	}
}

// FuzzParseURI: parseURI never panics; its scheme is the input's, its
// readings hold no NUL or backslash, and there are few of them.
func FuzzParseURI(f *testing.F) {
	for _, s := range []string{"file:///a", "jar:file:///a!/b", "file:%2Fa", "vscode-file://vscode-app/a",
		"file://C:/x", `file:\\\a`, "git+file:///a", "x:y:z:w:v:u", "file:///a%2500", "untitled:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, ok := parseURI(s)
		if !ok {
			return
		}
		clean := strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
		if !strings.Contains(strings.ToLower(clean), u.scheme+":") {
			t.Fatalf("parseURI(%q): scheme %q is not the input's", s, u.scheme)
		}
		if len(u.paths) > 64 {
			t.Fatalf("parseURI(%q): %d readings", s, len(u.paths))
		}
		for _, p := range u.paths {
			if p == "" || strings.ContainsAny(p, "\x00\\") {
				t.Fatalf("parseURI(%q): reading %q", s, p)
			}
		}
	})
}

// FuzzWalkMCP: the walk stays within its bounds, and every key node is
// a key of its object with its value's nodes after it.
func FuzzWalkMCP(f *testing.F) {
	for _, s := range []string{`{"a":{"b":[1,"x",{"c":true}]}}`, `[["x"]]`, `"s"`, `{"":{"":""}}`, `{"k":null}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		nodes, _ := walkMCP(v)
		if len(nodes) > mcpMaxNodes {
			t.Fatalf("%d nodes", len(nodes))
		}
		for i, n := range nodes {
			switch n.kind {
			case mcpMapKey:
				if _, ok := n.obj[n.s]; !ok || int(n.end) <= i || int(n.end) > len(nodes) {
					t.Fatalf("key node %d %+v", i, n)
				}
			case mcpObj:
				if int(n.end) <= i || int(n.end) > len(nodes) {
					t.Fatalf("object node %d end %d", i, n.end)
				}
			}
			if n.up >= int32(i) || n.up >= 0 && nodes[n.up].kind != mcpMapKey {
				t.Fatalf("node %d up %d", i, n.up)
			}
		}
	})
}

// TestWinTrim folds names as Win32 normalises them.
func TestWinTrim(t *testing.T) {
	for in, want := range map[string]string{
		".git.": ".git", "skills. ": "skills", "a.yaml::$DATA": "a.yaml", "x": "x", "...": "...",
		". .": ". .", "": "", ":x": ":x", "a..": "a", "a. b": "a. b",
	} {
		if got := winTrim(in); got != want {
			t.Errorf("winTrim(%q) = %q, want %q", in, got, want)
		}
	}
	if !samePathFold("/r/Agent-Policy.yaml. ", "/r/agent-policy.yaml") || samePathFold("/r/a", "/r/a/b") {
		t.Error("samePathFold")
	}
	if _, ok := underFold("/r/.git./x", "/r/.git"); !ok {
		t.Error("underFold")
	}
}
