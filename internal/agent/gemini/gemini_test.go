package gemini_test

import (
	"encoding/json"
	"strings"
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
	// Gemini fetches each white-space separated token as new URL() reads
	// it: the full stop is part of the second URL's path.
	if len(ev.Actions) != 2 || ev.Actions[0].Host != "a.example" || ev.Actions[1].URL != "http://b.example:8080/y." || ev.Actions[1].Host != "b.example" {
		t.Errorf("web_fetch actions %+v", ev.Actions)
	}
}

// TestFetchURLs: web_fetch's URLs and hosts as Gemini CLI's parsePrompt
// (whitespace tokens holding "://", WHATWG new URL()) and its direct url
// argument read them; each host expectation was checked with Node.
func TestFetchURLs(t *testing.T) {
	for _, tt := range []struct {
		class string
		input string // tool_input JSON
		hosts string // the actions' hosts, space-separated
	}{
		{"quote before the userinfo's @", `{"prompt":"see https://docs.example.com'@db.prod.example/x"}`, "db.prod.example"},
		{"parenthesis before the userinfo's @", `{"prompt":"see https://docs.example.com(@db.prod.example/x"}`, "db.prod.example"},
		{"scheme in capitals", `{"prompt":"see HTTPS://db.prod.example/x"}`, "db.prod.example"},
		{"backslashes after a special scheme", `{"prompt":"see https:\\\\db.prod.example/://"}`, "db.prod.example"},
		{"no slashes after a special scheme", `{"prompt":"see https:db.prod.example/://"}`, "db.prod.example"},
		{"token split at a no-break space", "{\"prompt\":\"see https://a.example/\u00a0https://db.prod.example/\"}", "a.example db.prod.example"},
		{"a URL in brackets is read from its scheme too", `{"prompt":"see (https://db.prod.example/x)"}`, " db.prod.example"},
		{"url argument, whole", `{"url":" HTTPS://db.prod.example/x ","prompt":"see https://a.example/"}`, "db.prod.example a.example"},
		{"prompt without a URL", `{"prompt":"summarize the docs"}`, ""},
	} {
		t.Run(tt.class, func(t *testing.T) {
			ev, err := gemini.Adapter{}.Decode([]byte(`{"session_id":"s","cwd":"/w","hook_event_name":"BeforeTool","tool_name":"web_fetch","tool_input":` + tt.input + `}`))
			if err != nil {
				t.Fatal(err)
			}
			var hosts []string
			for _, a := range ev.Actions {
				hosts = append(hosts, a.Host)
			}
			if got := strings.Join(hosts, " "); got != tt.hosts {
				t.Errorf("hosts %q, want %q (actions %+v)", got, tt.hosts, ev.Actions)
			}
		})
	}
}

func FuzzDecode(f *testing.F) { hooktest.FuzzDecode(f, gemini.Adapter{}) }
