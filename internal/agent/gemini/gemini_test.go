package gemini_test

import (
	"encoding/json"
	"testing"

	"github.com/mandate-dev/mandate/internal/agent/gemini"
	"github.com/mandate-dev/mandate/internal/hook/hooktest"
)

func TestFixtures(t *testing.T) { hooktest.Fixtures(t, gemini.Adapter{}, nil) }

func TestBadInput(t *testing.T) {
	hooktest.BadInput(t, gemini.Adapter{}, hooktest.BadInputSpec{
		Valid:    "testdata/fixtures/shell.pre.json",
		Post:     "testdata/fixtures/shell.post.json",
		EventKey: "hook_event_name",
		InputKey: "tool_input",
		IsDeny: func(stdout []byte) bool {
			var v map[string]any
			return json.Unmarshal(stdout, &v) == nil && v["decision"] == "deny" && v["reason"] != ""
		},
	})
}

func TestRelativePathsAndURLs(t *testing.T) {
	ad := gemini.Adapter{}
	ev, err := ad.Decode([]byte(`{"session_id":"s","cwd":"/w","hook_event_name":"BeforeTool","timestamp":"2026-01-01T00:00:00Z","tool_name":"read_file","tool_input":{"file_path":"../secrets/.env"}}`))
	if err != nil {
		t.Fatal(err)
	}
	// ".." is left for the policy to resolve through the file system.
	if got := ev.Actions[0].Paths[0]; got != "/w/../secrets/.env" {
		t.Errorf("path %q, want /w/../secrets/.env", got)
	}
	ev, err = ad.Decode([]byte(`{"session_id":"s","cwd":"/w","hook_event_name":"BeforeTool","timestamp":"2026-01-01T00:00:00Z","tool_name":"web_fetch","tool_input":{"prompt":"Summarize https://a.example/x and http://b.example:8080/y."}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Actions) != 2 || ev.Actions[0].Host != "a.example" || ev.Actions[1].URL != "http://b.example:8080/y" {
		t.Errorf("web_fetch actions %+v", ev.Actions)
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, gemini.Adapter{}) }
