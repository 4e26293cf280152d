package fakemodel

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// API names used in [Request.API] and [ToolResult.API].
const (
	APIAnthropic = "anthropic"
	APIResponses = "responses"
	APIChat      = "chat"
	APIGemini    = "gemini"
	APIModels    = "models"
	APIOther     = "other"
)

// ActionKind says how the model answered one request.
type ActionKind string

// Action kinds.
const (
	ActToolCall    ActionKind = "tool_call"    // a scenario step was issued
	ActFinal       ActionKind = "final"        // the final text was returned (Reason says why)
	ActSideJSON    ActionKind = "side_json"    // schema-valid JSON for a structured side request
	ActCountTokens ActionKind = "count_tokens" // token counting endpoint
	ActEmbed       ActionKind = "embed"        // embedding endpoint
	ActModels      ActionKind = "models"       // model list
	ActRefused     ActionKind = "refused"      // hard request cap reached: 400
	ActBadRequest  ActionKind = "bad_request"  // unreadable body: 400
	ActUnknown     ActionKind = "unknown"      // unknown endpoint: empty JSON object
)

// Reasons for ActFinal.
const (
	ReasonScriptComplete = "script_complete"
	ReasonNoTools        = "request_without_tools"
	ReasonMaxModel       = "max_model_requests_reached"
	ReasonLoopGuard      = "loop_guard"
)

// Options configure a [Model].
type Options struct {
	// Agent selects the per-agent spelling of each step (claude, gemini, codex, copilot).
	Agent    string
	Scenario Scenario
	// Vars fill {{NAME}} placeholders in tool inputs (e.g. WORKDIR).
	Vars map[string]string
	// MaxIssue bounds how often one step is issued (default 3).
	MaxIssue int
	// MaxModelRequests: after this many model requests only the final text (default 50).
	MaxModelRequests int
	// MaxRequests: after this many HTTP requests every answer is 400 (default 300).
	MaxRequests int
	// ModelID is listed by GET …/models and used when a request names no model (default fake-model).
	ModelID string
	// Now is the clock for timestamps (default time.Now).
	Now func() time.Time
}

// Request is the record of one HTTP request.
type Request struct {
	Seq    int
	Time   time.Time
	Method string
	Path   string // with query
	// Header is the request header without credentials (see RedactedHeaders).
	Header           http.Header
	API              string
	Model            string
	Stream           bool
	HistoryToolCalls int
	ToolsOffered     []string
	Action           Action
	// NewToolResults are the tool results in this request's history not seen before.
	NewToolResults []ToolResult
	// Body is the request body after content decoding.
	Body []byte
}

// Action is what the model answered.
type Action struct {
	Kind ActionKind
	// Step is the scenario step id, Tool/Input/CallID the issued call (ActToolCall).
	Step   string
	Tool   string
	Input  any
	CallID string
	// Offered reports whether the agent listed Tool among the request's tools.
	Offered bool
	// Reason explains ActFinal, ActRefused, ActBadRequest.
	Reason string
}

// ToolResult is a tool result the agent sent back to the model.
type ToolResult struct {
	API     string
	CallID  string
	Content string // text, or the JSON of a structured result
	IsError bool
}

// Model is the fake model server's handler. It is safe for concurrent use.
type Model struct {
	opts  Options
	steps []agentStep

	mu       sync.Mutex
	requests int
	model    int
	issued   map[int]int
	seen     map[string]bool
	log      []Request
}

var _ http.Handler = (*Model)(nil)

// New returns a Model playing opts.Agent's part of opts.Scenario.
func New(opts Options) (*Model, error) {
	if opts.Agent == "" {
		return nil, errors.New("fakemodel: no agent")
	}
	if err := opts.Scenario.Validate(); err != nil {
		return nil, err
	}
	if opts.MaxIssue <= 0 {
		opts.MaxIssue = 3
	}
	if opts.MaxModelRequests <= 0 {
		opts.MaxModelRequests = 50
	}
	if opts.MaxRequests <= 0 {
		opts.MaxRequests = 300
	}
	if opts.ModelID == "" {
		opts.ModelID = "fake-model"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Scenario.Final == "" {
		opts.Scenario.Final = DefaultFinal
	}
	return &Model{
		opts:   opts,
		steps:  opts.Scenario.stepsFor(opts.Agent),
		issued: map[int]int{},
		seen:   map[string]bool{},
	}, nil
}

// Requests returns a copy of the request log, in arrival order.
func (m *Model) Requests() []Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Request(nil), m.log...)
}

// ToolCalls returns the tool calls the model issued, in order.
func (m *Model) ToolCalls() []Action {
	var out []Action
	for _, r := range m.Requests() {
		if r.Action.Kind == ActToolCall {
			out = append(out, r.Action)
		}
	}
	return out
}

// ToolResults returns every distinct tool result the agent sent back, in order.
func (m *Model) ToolResults() []ToolResult {
	var out []ToolResult
	for _, r := range m.Requests() {
		out = append(out, r.NewToolResults...)
	}
	return out
}

// maxBody bounds a request body (agents send their whole conversation every time).
const maxBody = 64 << 20

// ServeHTTP routes one request.
func (m *Model) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.requests++
	seq := m.requests
	m.mu.Unlock()
	rec := Request{Seq: seq, Time: m.opts.Now(), Method: r.Method, Path: r.URL.RequestURI(), Header: safeHeader(r.Header), API: APIOther}
	if seq > m.opts.MaxRequests {
		rec.Action = Action{Kind: ActRefused, Reason: "hard request cap reached"}
		m.record(rec)
		writeError(w, http.StatusBadRequest, "fakemodel hard request cap reached")
		return
	}
	p := r.URL.Path
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if strings.HasSuffix(p, "/models") {
			rec.API, rec.Action = APIModels, Action{Kind: ActModels}
			m.record(rec)
			writeJSON(w, http.StatusOK, map[string]any{
				"object": "list",
				"data":   []any{map[string]any{"id": m.opts.ModelID, "object": "model", "created": 0, "owned_by": "fake"}},
				"models": []any{map[string]any{"name": "models/" + m.opts.ModelID, "displayName": m.opts.ModelID}},
			})
			return
		}
		rec.Action = Action{Kind: ActUnknown}
		m.record(rec)
		writeJSON(w, http.StatusOK, map[string]any{})
		return
	case http.MethodPost:
	default:
		rec.Action = Action{Kind: ActBadRequest, Reason: "method " + r.Method}
		m.record(rec)
		writeError(w, http.StatusMethodNotAllowed, "fakemodel: method not allowed")
		return
	}
	body, err := readBody(r)
	rec.Body = body
	if err != nil {
		rec.Action = Action{Kind: ActBadRequest, Reason: err.Error()}
		m.record(rec)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var api func(w http.ResponseWriter, rec *Request, body []byte) error
	switch {
	case strings.HasSuffix(p, "/messages/count_tokens"):
		rec.API, rec.Action = APIAnthropic, Action{Kind: ActCountTokens}
		m.record(rec)
		writeJSON(w, http.StatusOK, map[string]any{"input_tokens": 100})
		return
	case strings.HasSuffix(p, "/messages"):
		rec.API, api = APIAnthropic, m.anthropic
	case strings.HasSuffix(p, "/responses"):
		rec.API, api = APIResponses, m.responses
	case strings.HasSuffix(p, "/chat/completions"):
		rec.API, api = APIChat, m.chat
	case geminiPath.MatchString(p):
		rec.API = APIGemini
		sub := geminiPath.FindStringSubmatch(p)
		rec.Model = sub[1]
		api = func(w http.ResponseWriter, rec *Request, body []byte) error {
			return m.gemini(w, rec, body, sub[2])
		}
	default:
		rec.Action = Action{Kind: ActUnknown}
		m.record(rec)
		writeJSON(w, http.StatusOK, map[string]any{})
		return
	}
	if err := api(w, &rec, body); err != nil {
		rec.Action = Action{Kind: ActBadRequest, Reason: err.Error()}
		m.record(rec)
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	m.record(rec)
}

// safeHeader returns a copy of h without headers that may carry credentials: Authorization,
// Cookie, and any name containing "key", "token", "secret" or "auth".
func safeHeader(h http.Header) http.Header {
	out := http.Header{}
	for k, v := range h {
		lk := strings.ToLower(k)
		if lk == "cookie" || strings.Contains(lk, "auth") || strings.Contains(lk, "key") ||
			strings.Contains(lk, "token") || strings.Contains(lk, "secret") {
			continue
		}
		out[k] = append([]string(nil), v...)
	}
	return out
}

// readBody reads and content-decodes a request body.
func readBody(r *http.Request) ([]byte, error) {
	var rd io.Reader = http.MaxBytesReader(nil, r.Body, maxBody)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			return nil, fmt.Errorf("fakemodel: gzip body: %w", err)
		}
		defer zr.Close()
		rd = zr
	case "deflate":
		zr, err := zlib.NewReader(rd)
		if err != nil {
			return nil, fmt.Errorf("fakemodel: deflate body: %w", err)
		}
		defer zr.Close()
		rd = zr
	default:
		return nil, fmt.Errorf("fakemodel: unsupported content-encoding %q", enc)
	}
	b, err := io.ReadAll(io.LimitReader(rd, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("fakemodel: read body: %w", err)
	}
	if len(b) > maxBody {
		return nil, errors.New("fakemodel: body too large")
	}
	return b, nil
}

func (m *Model) record(rec Request) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log = append(m.log, rec)
}

// issuedCall is a decided tool call.
type issuedCall struct {
	step   agentStep
	input  any
	callID string
}

// decide picks the answer to a model request whose history holds hist assistant tool calls
// and which offers the tools named in offered. It returns the call to issue, or nil and the
// reason for answering with the final text.
func (m *Model) decide(hist int, offered []string, idPrefix string) (*issuedCall, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.model++
	switch {
	case m.model > m.opts.MaxModelRequests:
		return nil, ReasonMaxModel, nil
	case hist >= len(m.steps):
		return nil, ReasonScriptComplete, nil
	case len(offered) == 0:
		return nil, ReasonNoTools, nil
	case m.issued[hist] >= m.opts.MaxIssue:
		return nil, fmt.Sprintf("%s: step %q issued %d times", ReasonLoopGuard, m.steps[hist].id, m.issued[hist]), nil
	}
	st := m.steps[hist]
	in, err := substitute(st.call.Input, m.opts.Vars)
	if err != nil {
		return nil, "", err
	}
	m.issued[hist]++
	return &issuedCall{step: st, input: in, callID: fmt.Sprintf("%s_fake_%02d_%d", idPrefix, st.index, m.issued[hist])}, "", nil
}

// newResults filters results to those not recorded before.
func (m *Model) newResults(results []ToolResult) []ToolResult {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []ToolResult
	for _, r := range results {
		key := r.API + "\x00" + r.CallID + "\x00" + r.Content
		if m.seen[key] {
			continue
		}
		m.seen[key] = true
		out = append(out, r)
	}
	return out
}

// finish fills the common parts of a model request's record.
func (m *Model) finish(rec *Request, hist int, offered []string, results []ToolResult, call *issuedCall, reason string) {
	rec.HistoryToolCalls = hist
	rec.ToolsOffered = offered
	rec.NewToolResults = m.newResults(results)
	if call == nil {
		rec.Action = Action{Kind: ActFinal, Reason: reason}
		return
	}
	rec.Action = Action{Kind: ActToolCall, Step: call.step.id, Tool: call.step.call.Tool, Input: call.input,
		CallID: call.callID, Offered: contains(offered, call.step.call.Tool)}
}

func (m *Model) id(prefix string, rec *Request) string {
	return fmt.Sprintf("%s_fake_%04d", prefix, rec.Seq)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// textOf renders a tool result's content: a string as is, a list of text blocks joined,
// anything else as compact JSON.
func textOf(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) == nil {
		var parts []string
		allText := true
		for _, b := range blocks {
			if b.Type != "text" && b.Type != "input_text" && b.Type != "output_text" {
				allText = false
				break
			}
			parts = append(parts, b.Text)
		}
		if allText {
			return strings.Join(parts, "\n")
		}
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// inputJSON renders a tool input as the string the APIs carry in arguments fields: a string
// input as is, anything else as JSON.
func inputJSON(in any) string {
	if s, ok := in.(string); ok {
		return s
	}
	b, err := json.Marshal(in)
	if err != nil { // cannot happen: in came from json.Unmarshal
		return "{}"
	}
	return string(b)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "fakemodel: encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error", "code": code}})
}

// sse writes server-sent events, flushing after each one.
type sse struct {
	w http.ResponseWriter
	f http.Flusher
}

func startSSE(w http.ResponseWriter) *sse {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sse{w: w, f: f}
}

// event writes one event; an empty name writes a data-only event. data is JSON-encoded
// unless it is a string.
func (s *sse) event(name string, data any) {
	var payload string
	if str, ok := data.(string); ok {
		payload = str
	} else {
		b, err := json.Marshal(data)
		if err != nil {
			return
		}
		payload = string(b)
	}
	var sb strings.Builder
	if name != "" {
		sb.WriteString("event: " + name + "\n")
	}
	sb.WriteString("data: " + payload + "\n\n")
	_, _ = io.WriteString(s.w, sb.String())
	if s.f != nil {
		s.f.Flush()
	}
}
