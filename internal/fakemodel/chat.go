package fakemodel

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role       string            `json:"role"`
		Content    json.RawMessage   `json:"content"`
		ToolCallID string            `json:"tool_call_id"`
		ToolCalls  []json.RawMessage `json:"tool_calls"`
	} `json:"messages"`
	Tools []struct {
		Type     string `json:"type"`
		Name     string `json:"name"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
		Custom struct {
			Name string `json:"name"`
		} `json:"custom"`
	} `json:"tools"`
}

// chat answers POST /v1/chat/completions (OpenAI Chat Completions; Copilot BYOK default).
func (m *Model) chat(w http.ResponseWriter, rec *Request, body []byte) error {
	var req chatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("fakemodel: chat request: %w", err)
	}
	offered := []string{}
	toolType := map[string]string{}
	for _, t := range req.Tools {
		name := firstNonEmpty(t.Function.Name, t.Custom.Name, t.Name)
		offered = append(offered, name)
		toolType[name] = t.Type
	}
	hist := 0
	var results []ToolResult
	for _, msg := range req.Messages {
		if msg.Role == "assistant" {
			hist += len(msg.ToolCalls)
		}
		if msg.Role == "tool" {
			results = append(results, ToolResult{API: APIChat, CallID: msg.ToolCallID, Content: textOf(msg.Content)})
		}
	}
	call, reason, err := m.decide(hist, offered, "call")
	if err != nil {
		return err
	}
	rec.Model, rec.Stream = firstNonEmpty(req.Model, m.opts.ModelID), req.Stream
	m.finish(rec, hist, offered, results, call, reason)

	id := m.id("chatcmpl", rec)
	base := func(object string) map[string]any {
		return map[string]any{"id": id, "object": object, "created": rec.Time.Unix(), "model": rec.Model}
	}
	usage := map[string]any{"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}
	var tc map[string]any
	msg := map[string]any{"role": "assistant", "content": m.opts.Scenario.Final}
	finish := "stop"
	if call != nil {
		tool, args := call.step.call.Tool, inputJSON(call.input)
		if toolType[tool] == "custom" {
			tc = map[string]any{"id": call.callID, "type": "custom", "custom": map[string]any{"name": tool, "input": args}}
		} else {
			tc = map[string]any{"id": call.callID, "type": "function", "function": map[string]any{"name": tool, "arguments": args}}
		}
		msg = map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{tc}}
		finish = "tool_calls"
	}
	if !req.Stream {
		resp := base("chat.completion")
		resp["choices"] = []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}}
		resp["usage"] = usage
		writeJSON(w, http.StatusOK, resp)
		return nil
	}
	s := startSSE(w)
	chunk := func(delta map[string]any, finish any) map[string]any {
		c := base("chat.completion.chunk")
		c["choices"] = []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}
		return c
	}
	switch {
	case tc == nil:
		s.event("", chunk(map[string]any{"role": "assistant", "content": ""}, nil))
		s.event("", chunk(map[string]any{"content": m.opts.Scenario.Final}, nil))
	case tc["type"] == "custom":
		s.event("", chunk(map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{
			map[string]any{"index": 0, "id": tc["id"], "type": "custom", "custom": tc["custom"]}}}, nil))
	default:
		fn := tc["function"].(map[string]any)
		s.event("", chunk(map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{
			map[string]any{"index": 0, "id": tc["id"], "type": "function", "function": map[string]any{"name": fn["name"], "arguments": ""}}}}, nil))
		s.event("", chunk(map[string]any{"tool_calls": []any{
			map[string]any{"index": 0, "function": map[string]any{"arguments": fn["arguments"]}}}}, nil))
	}
	s.event("", chunk(map[string]any{}, finish))
	last := base("chat.completion.chunk")
	last["choices"], last["usage"] = []any{}, usage
	s.event("", last)
	s.event("", "[DONE]")
	return nil
}
