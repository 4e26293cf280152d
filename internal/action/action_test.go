package action

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		wantErr  error // nil: must parse
		errText  string
	}{
		{"exec", `{"v":1,"kind":"exec","command":"ls -la"}`, nil, ""},
		{"version defaults to current", `{"kind":"exec","argv":["ls"]}`, nil, ""},
		{"file.write", `{"kind":"file.write","paths":["src/a.go"],"content":"x"}`, nil, ""},
		{"net.fetch", `{"kind":"net.fetch","url":"https://example.com"}`, nil, ""},
		{"mcp.call", `{"kind":"mcp.call","server":"s","mcp_tool":"t","arguments":{"a":1}}`, nil, ""},
		{"unknown", `{"kind":"unknown","tool":"NewTool"}`, nil, ""},
		{"actor", `{"kind":"exec","command":"ls","actor":{"session_id":"s","trust_level":"read_only","groups":["g"]}}`, nil, ""},
		{"unknown field", `{"kind":"exec","command":"ls","comand":"rm"}`, nil, "unknown field"},
		{"trailing data", `{"kind":"exec","command":"ls"} {"kind":"exec","command":"rm"}`, nil, "trailing data"},
		{"bad kind", `{"kind":"exec.shell","command":"ls"}`, ErrKind, ""},
		{"future version", `{"v":2,"kind":"exec","command":"ls"}`, ErrVersion, ""},
		{"exec without command", `{"kind":"exec"}`, ErrFields, ""},
		{"exec on a terminal", `{"kind":"exec","command":"vim","tty":true}`, nil, ""},
		{"powershell", `{"kind":"exec","command":"Get-Content x","shell":"powershell"}`, nil, ""},
		{"unknown shell", `{"kind":"exec","command":"dir","shell":"cmd"}`, ErrFields, ""},
		{"file without paths", `{"kind":"file.read"}`, ErrFields, ""},
		{"empty path", `{"kind":"file.delete","paths":[""]}`, ErrFields, ""},
		{"net without target", `{"kind":"net.fetch","method":"GET"}`, ErrFields, ""},
		{"mcp without tool", `{"kind":"mcp.call","server":"s"}`, ErrFields, ""},
		{"bad trust", `{"kind":"exec","command":"ls","actor":{"trust_level":"root"}}`, nil, "unknown trust level"},
		{"not JSON", `kind: exec`, nil, "invalid JSON"},
		{"empty", ``, nil, "invalid JSON"},
		{"wrong type", `{"kind":"exec","command":["ls"]}`, nil, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse([]byte(tt.in))
			mustFail := tt.wantErr != nil || tt.errText != ""
			switch {
			case !mustFail && err != nil:
				t.Fatalf("Parse(%s) = %v", tt.in, err)
			case !mustFail:
				if a.V != Version {
					t.Errorf("version %d, want %d", a.V, Version)
				}
			case err == nil:
				t.Fatalf("Parse(%s) succeeded, want an error", tt.in)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Parse(%s) = %v, want %v", tt.in, err, tt.wantErr)
			case tt.errText != "" && !strings.Contains(err.Error(), tt.errText):
				t.Fatalf("Parse(%s) = %v, want it to mention %q", tt.in, err, tt.errText)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	big := `{"kind":"exec","command":"` + strings.Repeat("a", MaxJSONSize) + `"}`
	if _, err := Parse([]byte(big)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func TestResource(t *testing.T) {
	for _, tt := range []struct {
		a    Action
		want string
	}{
		{Action{Kind: Exec, Command: "ls"}, "ls"},
		{Action{Kind: Exec, Argv: []string{"rm", "-rf", "x"}}, "rm -rf x"},
		{Action{Kind: FileWrite, Paths: []string{"a", "b"}}, "a"},
		{Action{Kind: NetFetch, Host: "h"}, "h"},
		{Action{Kind: NetFetch, URL: "https://h/x", Host: "h"}, "https://h/x"},
		{Action{Kind: MCPCall, Server: "s", MCPTool: "t"}, "s/t"},
		{Action{Kind: Unknown, Tool: "X"}, "X"},
	} {
		if got := tt.a.Resource(); got != tt.want {
			t.Errorf("Resource(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

// FuzzParse: Parse never panics, and whatever it accepts validates.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"kind":"exec","command":"ls"}`,
		`{"kind":"file.write","paths":["a"],"content":"x"}`,
		`{"kind":"mcp.call","server":"s","mcp_tool":"t","arguments":{"a":[1,2]}}`,
		`{"kind":"net.fetch","url":"https://x","actor":{"trust_level":"external"}}`,
		`{"kind":"unknown"}`, `[]`, `null`, `{"v":-1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Parse(b)
		if err != nil {
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid action: %v", err)
		}
		_ = a.Resource()
	})
}
