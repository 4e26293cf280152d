package notemcp

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServe(t *testing.T) {
	root := t.TempDir()
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
		`not json`,
		`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"write_note","arguments":{"path":"n.txt","content":"hello"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"write_note","arguments":{"path":"../escape.txt","content":"x"}}}`,
		`{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`,
		`{"jsonrpc":"2.0","id":"s6","method":"bogus"}`,
		`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"nope"}}`,
	}, "\n") + "\n"
	var out, logb bytes.Buffer
	if err := Serve(t.Context(), strings.NewReader(in), &out, Options{Root: root, Log: &logb}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`{"id":1,"jsonrpc":"2.0","result":{"capabilities":{"tools":{"listChanged":false}},"protocolVersion":"2025-03-26","serverInfo":{"name":"notemcp","version":"1.0.0"}}}`,
		"", // tools/list: checked below
		`{"id":3,"jsonrpc":"2.0","result":{"content":[{"text":"wrote ` + filepath.Join(root, "n.txt") + `","type":"text"}],"isError":false}}`,
		`{"id":4,"jsonrpc":"2.0","result":{"content":[{"text":"notemcp: path \"../escape.txt\" must be relative and inside the project","type":"text"}],"isError":true}}`,
		`{"id":5,"jsonrpc":"2.0","result":{"content":[{"text":"hi","type":"text"}],"isError":false}}`,
		`{"error":{"code":-32601,"message":"method not found: bogus"},"id":"s6","jsonrpc":"2.0"}`,
		`{"error":{"code":-32602,"message":"unknown tool nope"},"id":7,"jsonrpc":"2.0"}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d replies, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if w != "" && lines[i] != w {
			t.Errorf("reply %d\n got %s\nwant %s", i, lines[i], w)
		}
	}
	var list struct {
		Result struct {
			Tools []struct{ Name string } `json:"tools"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &list); err != nil || len(list.Result.Tools) != 2 || list.Result.Tools[0].Name != "write_note" {
		t.Errorf("tools/list: %s (%v)", lines[1], err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "n.txt")); err != nil || string(b) != "hello" {
		t.Errorf("note file: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(root), "escape.txt")); err == nil {
		t.Error("write_note escaped its root")
	}
	if !strings.Contains(logb.String(), `"executed":"write_note"`) {
		t.Errorf("log: %s", logb.String())
	}
}

func TestServeNoRoot(t *testing.T) {
	if err := Serve(t.Context(), strings.NewReader(""), &bytes.Buffer{}, Options{}); err == nil || !strings.HasPrefix(err.Error(), "notemcp: ") {
		t.Errorf("err = %v", err)
	}
}

func FuzzServe(f *testing.F) {
	f.Add(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"write_note","arguments":{"path":"a","content":"b"}}}`)
	f.Add(`{"id":null,"method":"initialize"}`)
	f.Add(`{"id":1,"method":"tools/call","params":{"name":"write_note","arguments":{"path":"/etc/x"}}}`)
	f.Fuzz(func(t *testing.T, line string) {
		root := t.TempDir()
		var out bytes.Buffer
		if err := Serve(t.Context(), strings.NewReader(line+"\n"), &out, Options{Root: root}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			if l != "" && !json.Valid([]byte(l)) {
				t.Fatalf("invalid reply %q", l)
			}
		}
	})
}
