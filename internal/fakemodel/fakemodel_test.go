package fakemodel

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mandate-dev/mandate/internal/golden"
)

// twoSteps is a scenario with a function call (with a placeholder) then a freeform call.
const twoSteps = `{"name":"t","final":"FIN","steps":[
 {"id":"a","default":{"tool":"T1","input":{"x":"{{WORKDIR}}/1","keep":"{{UNKNOWN}}"}}},
 {"id":"b","default":{"tool":"T2","input":"*** Begin Patch\n*** End Patch\n"}}]}`

var fixedTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func start(t *testing.T, scen string, mod func(*Options)) *Server {
	t.Helper()
	sc, err := ParseScenario([]byte(scen))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Agent: "x", Scenario: sc, Vars: map[string]string{"WORKDIR": "/w"}, MaxIssue: 10,
		Now: func() time.Time { return fixedTime }}
	if mod != nil {
		mod(&opts)
	}
	s, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("URL %q is not loopback", s.URL)
	}
	return s
}

func post(t *testing.T, s *Server, path, body string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+testCredential("auth"))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// events returns the data payloads of an SSE stream (without [DONE]).
func events(t *testing.T, stream string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stream))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok || line == "[DONE]" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad SSE data %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// testCredential builds a credential-shaped test value from fragments, so no literal that
// looks like a key sits in the source.
func testCredential(kind string) string {
	return strings.Join([]string{"cred", kind, "never", "logged", "4f1c"}, "-")
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
}

// TestWire checks each API's answer for the first step, the second step (history with one
// tool call) and the final text (history with two), streaming and not, against golden files.
func TestWire(t *testing.T) {
	tests := []struct {
		name, path string
		bodies     [3]string // history with 0, 1, 2 assistant tool calls
	}{
		{"anthropic", "/v1/messages?beta=true", [3]string{
			`{"model":"claude-x","messages":[{"role":"user","content":"go"}],"tools":[{"name":"T1"},{"name":"T2"}]%s}`,
			`{"model":"claude-x","messages":[{"role":"user","content":"go"},{"role":"assistant","content":[{"type":"tool_use","id":"t0","name":"T1","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t0","content":"ok"}]},{"role":"user","content":[{"type":"text","text":"reminder"}]}],"tools":[{"name":"T1"},{"name":"T2"}]%s}`,
			`{"model":"claude-x","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t0","name":"T1","input":{}},{"type":"tool_use","id":"t1","name":"T2","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,"content":[{"type":"text","text":"PreToolUse:T2 hook error: denied"}]}]}],"tools":[{"name":"T1"}]%s}`,
		}},
		{"responses", "/v1/responses", [3]string{
			`{"model":"gpt-x","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"go"}]}],"tools":[{"type":"function","name":"T1"},{"type":"custom","name":"T2"}]%s}`,
			`{"model":"gpt-x","input":[{"type":"function_call","call_id":"c0","name":"T1","arguments":"{}"},{"type":"function_call_output","call_id":"c0","output":"ok"}],"tools":[{"type":"function","name":"T1"},{"type":"custom","name":"T2"}]%s}`,
			`{"model":"gpt-x","input":[{"type":"function_call","call_id":"c0"},{"type":"custom_tool_call","call_id":"c1"},{"type":"custom_tool_call_output","call_id":"c1","output":"Command blocked by PreToolUse hook: denied"}],"tools":[{"type":"function","name":"T1"}]%s}`,
		}},
		{"chat", "/v1/chat/completions", [3]string{
			`{"model":"gpt-x","messages":[{"role":"user","content":"go"}],"tools":[{"type":"function","function":{"name":"T1"}},{"type":"custom","custom":{"name":"T2"}}]%s}`,
			`{"model":"gpt-x","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c0","type":"function","function":{"name":"T1","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c0","content":"ok"}],"tools":[{"type":"function","function":{"name":"T1"}},{"type":"custom","custom":{"name":"T2"}}]%s}`,
			`{"model":"gpt-x","messages":[{"role":"assistant","tool_calls":[{},{}]},{"role":"tool","tool_call_id":"c1","content":"Denied by preToolUse hook: hook exited with code 2"}],"tools":[{"type":"function","function":{"name":"T1"}}]%s}`,
		}},
		{"gemini", "/v1beta/models/gemini-x:%s", [3]string{
			`{"contents":[{"role":"user","parts":[{"text":"go"}]}],"tools":[{"functionDeclarations":[{"name":"T1"},{"name":"T2"}]}]}`,
			`{"contents":[{"role":"user","parts":[{"text":"go"}]},{"role":"model","parts":[{"functionCall":{"name":"T1","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"id":"g0","name":"T1","response":{"output":"ok"}}}]}],"tools":[{"functionDeclarations":[{"name":"T1"},{"name":"T2"}]}]}`,
			`{"contents":[{"role":"model","parts":[{"functionCall":{"name":"T1","args":{}}},{"functionCall":{"name":"T2","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"T2","response":{"error":"Tool execution blocked: denied"}}}]}],"tools":[{"functionDeclarations":[{"name":"T1"}]}]}`,
		}},
	}
	for _, tc := range tests {
		for _, stream := range []bool{false, true} {
			name := tc.name
			if stream {
				name += "-stream"
			}
			t.Run(name, func(t *testing.T) {
				s := start(t, twoSteps, nil)
				var all strings.Builder
				for i, body := range tc.bodies {
					path := tc.path
					if tc.name == "gemini" {
						method := "generateContent"
						if stream {
							method = "streamGenerateContent?alt=sse"
						}
						path = strings.Replace(path, "%s", method, 1)
					} else {
						flag := ""
						if stream {
							flag = `,"stream":true`
						}
						body = strings.Replace(body, "%s", flag, 1)
					}
					code, out := post(t, s, path, body)
					if code != http.StatusOK {
						t.Fatalf("request %d: status %d: %s", i, code, out)
					}
					if stream {
						if evs := events(t, out); len(evs) == 0 {
							t.Fatalf("request %d: no SSE events in %q", i, out)
						}
					} else if !json.Valid([]byte(out)) {
						t.Fatalf("request %d: invalid JSON %q", i, out)
					}
					all.WriteString(out)
					all.WriteString("\n----\n")
				}
				checkGolden(t, name, all.String())

				reqs := s.Requests()
				if len(reqs) != 3 {
					t.Fatalf("recorded %d requests, want 3", len(reqs))
				}
				wantKinds := []ActionKind{ActToolCall, ActToolCall, ActFinal}
				wantTools := []string{"T1", "T2", ""}
				for i, r := range reqs {
					if r.Action.Kind != wantKinds[i] || r.Action.Tool != wantTools[i] || r.HistoryToolCalls != i {
						t.Errorf("request %d: action %+v hist %d, want %s %q hist %d", i, r.Action, r.HistoryToolCalls, wantKinds[i], wantTools[i], i)
					}
					if r.Stream != stream {
						t.Errorf("request %d: stream %v", i, r.Stream)
					}
				}
				if got := reqs[0].Action.Input; !jsonEqual(got, map[string]any{"x": "/w/1", "keep": "{{UNKNOWN}}"}) {
					t.Errorf("placeholder substitution: %v", got)
				}
				if reqs[2].Action.Reason != ReasonScriptComplete {
					t.Errorf("final reason %q", reqs[2].Action.Reason)
				}
				res := s.ToolResults()
				if len(res) != 2 {
					t.Fatalf("tool results %+v, want 2", res)
				}
				if !strings.Contains(res[1].Content, "denied") && !strings.Contains(res[1].Content, "code 2") {
					t.Errorf("denial text not recorded: %+v", res[1])
				}
				if tc.name == "anthropic" && !res[1].IsError {
					t.Errorf("anthropic is_error lost: %+v", res[1])
				}
				if calls := s.ToolCalls(); len(calls) != 2 || !calls[0].Offered || !calls[1].Offered {
					t.Errorf("tool calls %+v", calls)
				}
			})
		}
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestStreamShapes checks the parts of each stream a client parser relies on.
func TestStreamShapes(t *testing.T) {
	s := start(t, twoSteps, nil)
	evs := events(t, mustPost(t, s, "/v1/messages", `{"stream":true,"messages":[{"role":"user","content":"go"}],"tools":[{"name":"T1"}]}`))
	var partial string
	for _, e := range evs {
		if d, ok := e["delta"].(map[string]any); ok && d["type"] == "input_json_delta" {
			partial += d["partial_json"].(string)
		}
	}
	if partial != `{"keep":"{{UNKNOWN}}","x":"/w/1"}` {
		t.Errorf("anthropic input_json_delta = %q", partial)
	}
	if evs[len(evs)-1]["type"] != "message_stop" {
		t.Errorf("anthropic stream does not end with message_stop: %v", evs[len(evs)-1])
	}

	evs = events(t, mustPost(t, s, "/v1/responses", `{"stream":true,"input":[{"type":"function_call","call_id":"c0"}],"tools":[{"type":"custom","name":"T2"}]}`))
	last := evs[len(evs)-1]
	if last["type"] != "response.completed" {
		t.Fatalf("responses stream ends with %v", last["type"])
	}
	for i, e := range evs {
		if e["sequence_number"] != float64(i) {
			t.Errorf("event %d sequence_number %v", i, e["sequence_number"])
		}
	}
	out := last["response"].(map[string]any)["output"].([]any)[0].(map[string]any)
	if out["type"] != "custom_tool_call" || out["input"] != "*** Begin Patch\n*** End Patch\n" {
		t.Errorf("freeform call item %v", out)
	}

	stream := mustPost(t, s, "/v1/chat/completions", `{"stream":true,"messages":[],"tools":[{"type":"function","function":{"name":"T1"}}]}`)
	if !strings.HasSuffix(stream, "data: [DONE]\n\n") {
		t.Errorf("chat stream does not end with [DONE]: %q", stream)
	}
}

func mustPost(t *testing.T, s *Server, path, body string) string {
	t.Helper()
	code, out := post(t, s, path, body)
	if code != http.StatusOK {
		t.Fatalf("%s: status %d: %s", path, code, out)
	}
	return out
}

func TestToolSearchAndNamespace(t *testing.T) {
	s := start(t, `{"name":"mcp","steps":[
	 {"id":"load","codex":{"tool":"tool_search","input":{"query":"harness write_note","limit":8}}},
	 {"id":"mcp","codex":{"tool":"write_note","namespace":"mcp__harness","input":{"path":"n.txt","content":"c"}}}]}`,
		func(o *Options) { o.Agent = "codex" })
	tools := `"tools":[{"type":"function","name":"exec_command"},{"type":"tool_search"}]`
	var r1 struct {
		Output []map[string]any `json:"output"`
	}
	if err := json.Unmarshal([]byte(mustPost(t, s, "/v1/responses", `{"input":[],`+tools+`}`)), &r1); err != nil {
		t.Fatal(err)
	}
	if it := r1.Output[0]; it["type"] != "tool_search_call" || it["execution"] != "client" {
		t.Errorf("first item %v, want client tool_search_call", it)
	}
	var r2 struct {
		Output []map[string]any `json:"output"`
	}
	body := `{"input":[{"type":"tool_search_call","call_id":"c0"},{"type":"tool_search_output","call_id":"c0","tools":[{"type":"namespace","name":"mcp__harness"}]}],` + tools + `}`
	if err := json.Unmarshal([]byte(mustPost(t, s, "/v1/responses", body)), &r2); err != nil {
		t.Fatal(err)
	}
	if it := r2.Output[0]; it["type"] != "function_call" || it["namespace"] != "mcp__harness" || it["name"] != "write_note" {
		t.Errorf("second item %v, want namespaced function_call", it)
	}
	if res := s.ToolResults(); len(res) != 1 || !strings.Contains(res[0].Content, "mcp__harness") {
		t.Errorf("tool_search_output not recorded: %+v", res)
	}
}

// TestGuards proves the never-loop contract: per-step issue cap, model request cap, no
// tools means final text, hard HTTP cap.
func TestGuards(t *testing.T) {
	empty := `{"messages":[{"role":"user","content":"go"}],"tools":[{"name":"T1"}]}`
	kinds := func(s *Server) []ActionKind {
		var out []ActionKind
		for _, r := range s.Requests() {
			out = append(out, r.Action.Kind)
		}
		return out
	}
	t.Run("max-issue", func(t *testing.T) {
		s := start(t, twoSteps, func(o *Options) { o.MaxIssue = 3 })
		for range 6 {
			mustPost(t, s, "/v1/messages", empty)
		}
		got := kinds(s)
		want := []ActionKind{ActToolCall, ActToolCall, ActToolCall, ActFinal, ActFinal, ActFinal}
		if !jsonEqual(got, want) {
			t.Errorf("kinds %v, want %v", got, want)
		}
		if r := s.Requests()[3].Action.Reason; !strings.HasPrefix(r, ReasonLoopGuard) {
			t.Errorf("reason %q", r)
		}
	})
	t.Run("max-model-requests", func(t *testing.T) {
		s := start(t, twoSteps, func(o *Options) { o.MaxModelRequests = 2 })
		for range 4 {
			mustPost(t, s, "/v1/messages", empty)
		}
		got := kinds(s)
		if !jsonEqual(got, []ActionKind{ActToolCall, ActToolCall, ActFinal, ActFinal}) {
			t.Errorf("kinds %v", got)
		}
		if r := s.Requests()[2].Action.Reason; r != ReasonMaxModel {
			t.Errorf("reason %q", r)
		}
	})
	t.Run("no-tools", func(t *testing.T) {
		s := start(t, twoSteps, nil)
		out := mustPost(t, s, "/v1/messages", `{"messages":[{"role":"user","content":"title?"}]}`)
		if !strings.Contains(out, `"text":"FIN"`) {
			t.Errorf("side request got %s", out)
		}
		if r := s.Requests()[0].Action.Reason; r != ReasonNoTools {
			t.Errorf("reason %q", r)
		}
	})
	t.Run("hard-cap", func(t *testing.T) {
		s := start(t, twoSteps, func(o *Options) { o.MaxRequests = 2 })
		mustPost(t, s, "/v1/messages/count_tokens", `{}`)
		mustPost(t, s, "/v1/messages", empty)
		if code, _ := post(t, s, "/v1/messages", empty); code != http.StatusBadRequest {
			t.Errorf("request over the hard cap: status %d, want 400", code)
		}
		if k := kinds(s); k[2] != ActRefused {
			t.Errorf("kinds %v", k)
		}
	})
}

func TestMisc(t *testing.T) {
	s := start(t, twoSteps, nil)
	// gzip body
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	_, _ = zw.Write([]byte(`{"messages":[],"tools":[{"name":"T1"}]}`))
	_ = zw.Close()
	if code, out := post(t, s, "/v1/messages", zb.String(), "Content-Encoding", "gzip"); code != 200 || !strings.Contains(out, "tool_use") {
		t.Errorf("gzip body: %d %s", code, out)
	}
	if code, _ := post(t, s, "/v1/messages", "x", "Content-Encoding", "br"); code != http.StatusBadRequest {
		t.Errorf("unsupported encoding: status %d, want 400", code)
	}
	if code, _ := post(t, s, "/v1/chat/completions", `{"messages":`); code != http.StatusBadRequest {
		t.Errorf("truncated JSON: status %d, want 400", code)
	}
	if out := mustPost(t, s, "/v1beta/models/g:countTokens", `{}`); out != `{"totalTokens":100}` {
		t.Errorf("countTokens: %s", out)
	}
	resp, err := http.Get(s.URL + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"id":"fake-model"`) {
		t.Errorf("models: %s", b)
	}
	// structured Gemini side request: schema-valid JSON, next_speaker is user, no step issued
	out := mustPost(t, s, "/v1beta/models/g:generateContent", `{"contents":[],"generationConfig":{"responseMimeType":"application/json","responseJsonSchema":{"type":"object","properties":{"next_speaker":{"type":"string","enum":["model","user"]},"reasoning":{"type":"string"},"n":{"type":["integer","null"]},"ok":{"type":"boolean"},"l":{"type":"array"}}}}}`)
	var g struct {
		Candidates []struct {
			Content struct {
				Parts []struct{ Text string } `json:"parts"`
			} `json:"content"`
		} `json:"candidates"`
	}
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	if got := g.Candidates[0].Content.Parts[0].Text; got != `{"l":[],"n":0,"next_speaker":"user","ok":false,"reasoning":"done"}` {
		t.Errorf("side JSON %s", got)
	}
	if code, _ := post(t, s, "/v1/messages", `{}`, "X-Api-Key", testCredential("key"), "X-Goog-Api-Key", testCredential("goog"), "Anthropic-Version", "2023-06-01"); code != 200 {
		t.Fatalf("status %d", code)
	}
	reqs := s.Requests()
	if got := reqs[len(reqs)-1].Header.Get("Anthropic-Version"); got != "2023-06-01" {
		t.Errorf("ordinary header not recorded: %q", got)
	}
	for _, r := range reqs {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{testCredential("auth"), testCredential("key"), testCredential("goog")} {
			if strings.Contains(string(b), secret) {
				t.Errorf("credential %q recorded in request %d", secret, r.Seq)
			}
		}
	}
}

func TestParseScenario(t *testing.T) {
	good, err := LoadScenario(filepath.Join("testdata", "all-tools.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(good.Steps) != 6 || good.Steps[5].Calls["codex"].Namespace != "mcp__harness" {
		t.Errorf("all-tools parsed as %+v", good)
	}
	if got := good.stepsFor("gemini"); len(got) != 5 || got[4].id != "mcp" {
		t.Errorf("gemini steps %+v", got)
	}
	// round trip
	b, err := json.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseScenario(b)
	if err != nil || !jsonEqual(again, good) {
		t.Errorf("round trip: %v", err)
	}
	bad := []struct{ name, in, want string }{
		{"no id", `{"steps":[{"claude":{"tool":"Bash"}}]}`, "no id"},
		{"dup id", `{"steps":[{"id":"a"},{"id":"a"}]}`, "duplicate"},
		{"no tool", `{"steps":[{"id":"a","claude":{"input":{}}}]}`, "no tool"},
		{"bad input", `{"steps":[{"id":"a","claude":{"tool":"B","input":[1]}}]}`, "object or string"},
		{"check step", `{"steps":[],"checks":[{"step":"z","path":"f"}]}`, "unknown step"},
		{"check path", `{"steps":[{"id":"a"}],"checks":[{"step":"a","path":"../f"}]}`, "stay in the work dir"},
		{"abs path", `{"steps":[{"id":"a"}],"checks":[{"step":"a","path":"/etc/passwd"}]}`, "relative"},
		{"unknown field", `{"stepz":[]}`, "unknown field"},
		{"trailing", `{} {}`, "trailing"},
		{"not json", `steps`, "parse scenario"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseScenario([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "fakemodel: ") {
				t.Errorf("err %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func FuzzParseScenario(f *testing.F) {
	f.Add([]byte(twoSteps))
	if b, err := os.ReadFile(filepath.Join("testdata", "all-tools.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"steps":[{"id":"a","x":{"tool":"t","input":"s"}}],"checks":[{"step":"a","path":"f"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sc, err := ParseScenario(b)
		if err != nil {
			return
		}
		if err := sc.Validate(); err != nil {
			t.Fatalf("parsed scenario does not validate: %v", err)
		}
		if _, err := New(Options{Agent: "claude", Scenario: sc}); err != nil {
			t.Fatalf("New rejects a parsed scenario: %v", err)
		}
	})
}

// FuzzServe sends arbitrary bodies to every endpoint: the handler answers 200 or 400,
// never panics, and records every request.
func FuzzServe(f *testing.F) {
	paths := []string{"/v1/messages", "/v1/responses", "/v1/chat/completions",
		"/v1beta/models/g:generateContent", "/v1beta/models/g:streamGenerateContent"}
	f.Add(uint8(0), []byte(`{"stream":true,"messages":[{"role":"assistant","content":[{"type":"tool_use"}]}],"tools":[{"name":"T1"}]}`))
	f.Add(uint8(1), []byte(`{"input":"hi","tools":[{"type":"tool_search"}]}`))
	f.Add(uint8(2), []byte(`{"messages":[{"role":"tool","content":[1]}]}`))
	f.Add(uint8(3), []byte(`{"generationConfig":{"responseSchema":{"type":["null"]}}}`))
	f.Add(uint8(4), []byte(`{"contents":[{"role":"model","parts":[{"functionCall":null}]}]}`))
	for i, agent := range map[uint8]string{0: "claude", 1: "codex", 2: "copilot", 4: "gemini"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "recorded", agent+"-deny-last.json")); err == nil {
			f.Add(i, b)
		}
	}
	sc, err := ParseScenario([]byte(twoSteps))
	if err != nil {
		f.Fatal(err)
	}
	m, err := New(Options{Agent: "x", Scenario: sc})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1"+paths[int(which)%len(paths)], bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rw := &recorder{h: http.Header{}}
		before := len(m.Requests())
		m.ServeHTTP(rw, req)
		if rw.code != http.StatusOK && rw.code != http.StatusBadRequest {
			t.Fatalf("status %d", rw.code)
		}
		if len(m.Requests()) != before+1 {
			t.Fatalf("request not recorded")
		}
	})
}

type recorder struct {
	h    http.Header
	code int
	buf  bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.h }
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.buf.Write(b)
}
func (r *recorder) WriteHeader(code int) { r.code = code }

// TestConcurrent hits the model from many goroutines: every request is recorded once and
// the per-step issue cap still holds.
func TestConcurrent(t *testing.T) {
	s := start(t, twoSteps, func(o *Options) { o.MaxIssue = 3 })
	const n = 24
	errs := make(chan error, n)
	for range n {
		go func() {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+"/v1/messages",
				strings.NewReader(`{"messages":[{"role":"user","content":"go"}],"tools":[{"name":"T1"}]}`))
			if err != nil {
				errs <- err
				return
			}
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	reqs := s.Requests()
	if len(reqs) != n {
		t.Fatalf("recorded %d requests, want %d", len(reqs), n)
	}
	seqs := map[int]bool{}
	for _, r := range reqs {
		seqs[r.Seq] = true
	}
	if len(seqs) != n {
		t.Errorf("sequence numbers not unique: %d distinct", len(seqs))
	}
	if got := len(s.ToolCalls()); got != 3 {
		t.Errorf("step issued %d times, want exactly MaxIssue=3", got)
	}
}

// TestRecorded replays the last request each real agent sent after two or three denied
// tool calls: the history count picks the final text, and every denial is recorded.
func TestRecorded(t *testing.T) {
	scen, err := LoadScenario(filepath.Join("testdata", "shell-mcp.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		agent, path string
		hist        int
		results     int
		denials     int
		denial      string
	}{
		// Claude denies ToolSearch (which loads the MCP tool) as well
		{"claude", "/v1/messages?beta=true", 3, 3, 3, "hook error: [sh '/home/dev/run/hookwrap.sh' pre]: denied"},
		{"gemini", "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", 2, 2, 2, `{"error":"Tool execution blocked: denied"}`},
		// Codex's tool_search runs client-side without a hook; its output is the third result
		{"codex", "/v1/responses", 3, 3, 2, "blocked by PreToolUse hook: denied"},
		{"copilot", "/v1/chat/completions", 2, 2, 2, "Denied by preToolUse hook: hook exited with code 2"},
	}
	for _, tc := range tests {
		t.Run(tc.agent, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "recorded", tc.agent+"-deny-last.json"))
			if err != nil {
				t.Fatal(err)
			}
			s := start(t, string(mustJSON(t, scen)), func(o *Options) { o.Agent = tc.agent })
			out := mustPost(t, s, tc.path, string(body))
			if !strings.Contains(out, scen.Final) {
				t.Errorf("answer does not carry the final text: %.500s", out)
			}
			r := s.Requests()[0]
			if r.HistoryToolCalls != tc.hist || r.Action.Kind != ActFinal || r.Action.Reason != ReasonScriptComplete {
				t.Errorf("hist %d action %+v, want hist %d and final/script_complete", r.HistoryToolCalls, r.Action, tc.hist)
			}
			if !r.Stream {
				t.Error("recorded requests all stream")
			}
			if len(r.NewToolResults) != tc.results {
				t.Fatalf("tool results %+v, want %d", r.NewToolResults, tc.results)
			}
			denials := 0
			for _, res := range r.NewToolResults {
				if strings.Contains(res.Content, tc.denial) {
					denials++
				}
			}
			if denials != tc.denials {
				t.Errorf("%d results contain %q, want %d: %+v", denials, tc.denial, tc.denials, r.NewToolResults)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
