package fakemodel

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type anthropicRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	Tools []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"tools"`
}

type anthropicBlock struct {
	Type      string          `json:"type"`
	ID        string          `json:"id"`
	ToolUseID string          `json:"tool_use_id"`
	Content   json.RawMessage `json:"content"`
	IsError   bool            `json:"is_error"`
}

// anthropic answers POST /v1/messages.
func (m *Model) anthropic(w http.ResponseWriter, rec *Request, body []byte) error {
	var req anthropicRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("fakemodel: anthropic request: %w", err)
	}
	offered := []string{}
	for _, t := range req.Tools {
		offered = append(offered, firstNonEmpty(t.Name, t.Type))
	}
	hist := 0
	var results []ToolResult
	for _, msg := range req.Messages {
		var blocks []anthropicBlock
		if json.Unmarshal(msg.Content, &blocks) != nil {
			continue // plain string content
		}
		for _, b := range blocks {
			if msg.Role == "assistant" && b.Type == "tool_use" {
				hist++
			}
			if b.Type == "tool_result" {
				results = append(results, ToolResult{API: APIAnthropic, CallID: b.ToolUseID, Content: textOf(b.Content), IsError: b.IsError})
			}
		}
	}
	call, reason, err := m.decide(hist, offered, "toolu")
	if err != nil {
		return err
	}
	rec.Model, rec.Stream = firstNonEmpty(req.Model, m.opts.ModelID), req.Stream
	m.finish(rec, hist, offered, results, call, reason)

	var content []map[string]any
	stop := "end_turn"
	if call != nil {
		content = []map[string]any{{"type": "tool_use", "id": call.callID, "name": call.step.call.Tool, "input": call.input}}
		stop = "tool_use"
	} else {
		content = []map[string]any{{"type": "text", "text": m.opts.Scenario.Final}}
	}
	usage := map[string]any{"input_tokens": 100, "output_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
	msgID := m.id("msg", rec)
	if !req.Stream {
		writeJSON(w, http.StatusOK, map[string]any{
			"id": msgID, "type": "message", "role": "assistant", "model": rec.Model,
			"content": content, "stop_reason": stop, "stop_sequence": nil, "usage": usage,
		})
		return nil
	}
	s := startSSE(w)
	s.event("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": msgID, "type": "message", "role": "assistant", "model": rec.Model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil, "usage": usage,
	}})
	for i, c := range content {
		if c["type"] == "text" {
			s.event("content_block_start", map[string]any{"type": "content_block_start", "index": i,
				"content_block": map[string]any{"type": "text", "text": ""}})
			s.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": i,
				"delta": map[string]any{"type": "text_delta", "text": c["text"]}})
		} else {
			s.event("content_block_start", map[string]any{"type": "content_block_start", "index": i,
				"content_block": map[string]any{"type": "tool_use", "id": c["id"], "name": c["name"], "input": map[string]any{}}})
			s.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": i,
				"delta": map[string]any{"type": "input_json_delta", "partial_json": inputJSON(c["input"])}})
		}
		s.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": i})
	}
	s.event("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": stop, "stop_sequence": nil}, "usage": map[string]any{"output_tokens": 10}})
	s.event("message_stop", map[string]any{"type": "message_stop"})
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
