package policy

import (
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// testUsers is the passwd database of the tool-path tests.
const testUsers = "root:x:0:0:root:/root:/bin/bash\ndev:x:1000:1000::/home/dev:/bin/sh\nsvc:x:999:999::/srv/svc:/usr/sbin/nologin\n"

func withTestUsers(p *Policy) *Policy {
	o := virtual
	o.UserHome = func(name string) (string, bool) { return PasswdHome([]byte(testUsers), name) }
	return p.WithOptions(o)
}

// TestToolPaths lists the readings of the paths a file tool is handed.
func TestToolPaths(t *testing.T) {
	p := withTestUsers(mustParseFile(t, "testdata/example.yaml"))
	for _, c := range []struct {
		in   string
		want []string
		rule string // a finding the reading makes by itself
	}{
		{"src/app.go", []string{"src/app.go"}, ""},
		{"/a/b\x00/../c", []string{"/a/b"}, "path"},
		{" /a/b\u00a0", []string{" /a/b\u00a0", "/a/b"}, ""},
		{"~dev/.ssh/id_rsa", []string{"~dev/.ssh/id_rsa", "/home/dev/.ssh/id_rsa"}, ""},
		{"~svc/.bashrc", []string{"~svc/.bashrc", "/srv/svc/.bashrc", "~/.bashrc"}, ""},
		{"~root", []string{"~root", "/root", "~/"}, ""},
		{"~ghost/x", []string{"~ghost/x", "/home/ghost/x", "~/x"}, "tilde-user"},
		{"~$lock.docx", []string{"~$lock.docx"}, ""},
		{"~/x", []string{"~/x"}, ""},
		{"/dev/fd/3", nil, "agent-process-link"},
	} {
		a := &action.Action{V: 1, Kind: action.FileRead, Tool: "Read", Paths: []string{"x"}, Cwd: testRoot, Actor: actor("")}
		ev, ok := p.prepare(a)
		if !ok {
			t.Fatal("prepare")
		}
		got := ev.toolPaths(c.in, nil)
		if !slices.Equal(got, c.want) {
			t.Errorf("toolPaths(%q) = %q, want %q", c.in, got, c.want)
		}
		var rules []string
		for _, h := range ev.hits {
			rules = append(rules, h.f.Rule)
		}
		if c.rule != "" && !slices.Contains(rules, c.rule) || c.rule == "" && len(rules) > 0 {
			t.Errorf("toolPaths(%q): findings %q, want %q", c.in, rules, c.rule)
		}
	}
}

// TestMCPBaseDirs decides relative MCP paths beside base directories,
// keys and NULs (red-team round 11 #21-#24, #31-#33).
func TestMCPBaseDirs(t *testing.T) {
	p := withTestUsers(mustParseFile(t, "testdata/example.yaml"))
	for _, c := range []struct {
		tool, args string
		want       Effect
		rule       string
	}{
		{"read_file", `{"cwd":"/home/dev","path":".ssh/id_rsa"}`, Deny, "credential-store"},
		{"read_file", `{"base_dir":"/home/dev/project","file":".env"}`, Deny, ".env*"},
		{"read_file", `{"workspace":{"root":"/home/dev"},"x":{"path":".ssh/id_rsa"}}`, Deny, "credential"}, // a sibling's base is one too (red-team round 13, #22)
		{"read_many", `{"root":"/home/dev","files":{".aws/credentials":true}}`, Deny, "credential-store"},
		{"read_file", `{"source":"/home/dev","name":".ssh/id_rsa"}`, Deny, "credential-store"},
		{"read_file", `{"path":"/home/dev/.ssh/id_rsa\u0000/../../tmp/x"}`, Deny, "NUL"},
		{"read_file", `{"path":"~dev/.ssh/id_rsa"}`, Deny, "credential-store"},
		{"delete", `{"items":{"infrastructure":true}}`, Deny, "infrastructure/"},
		{"read_file", `{"uri":"file:///proc/self/cwd/.env"}`, Deny, ".env*"},
		{"read_file", `{"m":{"file:///home/dev/project/.env\n":1}}`, Deny, ".env*"},
		{"read_file", `{"m":{"` + strings.Repeat("a", mcpMaxName+1) + `":1}}`, Deny, "mcp-argument-too-long"},
		{"read_file", `{"cwd":"/home/dev/project","path":"src/app.go"}`, Allow, ""},
		{"read_many", `{"root":"/home/dev/project","files":{"src/app.go":true,"README.md":true}}`, Allow, ""},
		{"read_file", `{"path":"src/app.go","route":"/api/v1"}`, Allow, ""},
		{"read_file", `{"path":"src/app.go","data":"` + strings.Repeat("QUJD", 3000) + `"}`, Allow, ""},
		// red-team round 13, #21-#23: every reading of the path joined to
		// every reading of every base anywhere in the call.
		{"read_file", `{"cwd":"/home/dev/.ssh","path":" id_rsa\t"}`, Deny, "credential-store"},
		{"read_file", `{"cwd":" /home/dev\n","path":".ssh/id_rsa"}`, Deny, "credential-store"},
		{"read_file", `{"cwd":"/home/dev\u0000x","path":".ssh/id_rsa"}`, Deny, "NUL"},
		{"read_file", `{"cwd":"/` + strings.Repeat("a", mcpMaxBaseLen) + `","path":"x"}`, Ask, "mcp-base-dirs"},
		{"read_file", `{"opts":[{"x":{"workdir":"/home/dev"}}],"path":".ssh/id_rsa"}`, Deny, "credential-store"},
		{"read_file", `{"location":"..","entry":".ssh/id_rsa"}`, Deny, "credential-store"},
		{"read_file", `{"path":"src/app.go","options":{"cwd":"/home/dev/project"}}`, Allow, ""},
		{"write_file", `{"name":"README.md","target":"docs/guide","title":"a/b.c"}`, Allow, ""},
		{"read_file", `{"name":"README.md","target":"docs/guide","title":"a/b.c"}`, Allow, ""},
		{"read_file", `{"path":"notes/a.txt","message":"see ../.env"}`, Allow, ""},
	} {
		a := &action.Action{V: 1, Kind: action.MCPCall, Tool: "mcp__srv__" + c.tool, Server: "srv", MCPTool: c.tool,
			Arguments: []byte(c.args), Cwd: testRoot, Actor: actor("")}
		d := p.Evaluate(a)
		if d.Decision != c.want || c.rule != "" && !strings.Contains(d.Rule+" "+d.Reason, c.rule) {
			t.Errorf("%s %.120s: got %s (%s: %s), want %s %s", c.tool, c.args, d.Decision, d.Rule, d.Reason, c.want, c.rule)
		}
	}
}

// TestPasswdHome reads homes out of passwd text.
func TestPasswdHome(t *testing.T) {
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"root", "/root", true}, {"dev", "/home/dev", true}, {"svc", "/srv/svc", true},
		{"de", "", false}, {"devx", "", false}, {"", "", false},
	} {
		if got, ok := PasswdHome([]byte(testUsers), c.name); got != c.want || ok != c.ok {
			t.Errorf("PasswdHome(%q) = %q, %v, want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// FuzzPasswdHome: any text is read without a panic, a home found is one
// line's sixth field, and a line written for a user is found.
func FuzzPasswdHome(f *testing.F) {
	f.Add(testUsers, "dev", "/home/x")
	f.Add("a:b\n:::::\r\n", "a", "")
	f.Fuzz(func(t *testing.T, data, name, home string) {
		if got, ok := PasswdHome([]byte(data), name); ok && (got == "" || strings.ContainsAny(got, ":\n")) {
			t.Fatalf("PasswdHome(%q, %q) = %q", data, name, got)
		}
		if name == "" || strings.ContainsAny(name, ":\n") || home == "" || strings.ContainsAny(home, ":\n\r") {
			return
		}
		text := name + ":x:1:1::" + home + ":/bin/sh\n" + data
		if got, ok := PasswdHome([]byte(text), name); !ok || got != home {
			t.Fatalf("PasswdHome(%q, %q) = %q, %v, want %q", text, name, got, ok, home)
		}
	})
}

// FuzzToolPaths: every reading is free of NUL, and the readings of a
// path without NUL start with the path itself.
func FuzzToolPaths(f *testing.F) {
	p := withTestUsers(mustParseFile(f, "testdata/example.yaml"))
	for _, s := range []string{"src/a", "~dev/x", "~ghost", "/proc/self/cwd/x", "/dev/fd/3", " a\x00b", "~root/../../etc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := &action.Action{V: 1, Kind: action.FileRead, Tool: "Read", Paths: []string{"x"}, Cwd: testRoot, Actor: actor("")}
		ev, _ := p.prepare(a)
		got := ev.toolPaths(s, nil)
		for _, q := range got {
			if strings.IndexByte(q, 0) >= 0 {
				t.Fatalf("toolPaths(%q) reading %q holds a NUL", s, q)
			}
		}
		if _, _, _, proc := procEntry(s); !proc && strings.IndexByte(s, 0) < 0 && (len(got) == 0 || got[0] != s) {
			t.Fatalf("toolPaths(%q) = %q", s, got)
		}
	})
}
