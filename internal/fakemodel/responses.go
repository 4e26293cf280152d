package fakemodel

import (
	"encoding/json"
	"fmt"
	"net/http"
)

type responsesRequest struct {
	Model  string          `json:"model"`
	Stream bool            `json:"stream"`
	Input  json.RawMessage `json:"input"`
	Tools  []struct {
		Type     string `json:"type"`
		Name     string `json:"name"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	} `json:"tools"`
}

type responsesItem struct {
	Type   string          `json:"type"`
	CallID string          `json:"call_id"`
	Output json.RawMessage `json:"output"`
	Tools  json.RawMessage `json:"tools"`
}

// responses answers POST /v1/responses (OpenAI Responses API; Codex, Copilot with wire API
// "responses").
func (m *Model) responses(w http.ResponseWriter, rec *Request, body []byte) error {
	var req responsesRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("fakemodel: responses request: %w", err)
	}
	offered := []string{}
	toolType := map[string]string{}
	for _, t := range req.Tools {
		name := firstNonEmpty(t.Name, t.Function.Name, t.Type)
		offered = append(offered, name)
		toolType[name] = t.Type
	}
	var items []responsesItem
	_ = json.Unmarshal(req.Input, &items) // input may be a plain string: no history
	hist := 0
	var results []ToolResult
	for _, it := range items {
		switch it.Type {
		case "function_call", "custom_tool_call", "local_shell_call", "tool_search_call":
			hist++
		case "function_call_output", "custom_tool_call_output", "local_shell_call_output":
			results = append(results, ToolResult{API: APIResponses, CallID: it.CallID, Content: textOf(it.Output)})
		case "tool_search_output":
			results = append(results, ToolResult{API: APIResponses, CallID: it.CallID, Content: textOf(it.Tools)})
		}
	}
	call, reason, err := m.decide(hist, offered, "call")
	if err != nil {
		return err
	}
	rec.Model, rec.Stream = firstNonEmpty(req.Model, m.opts.ModelID), req.Stream
	m.finish(rec, hist, offered, results, call, reason)

	var item map[string]any
	if call != nil {
		tool := call.step.call.Tool
		_, freeform := call.input.(string)
		switch {
		case toolType[tool] == "tool_search":
			// client-executed tool search (Codex defers MCP tools behind it)
			item = map[string]any{"type": "tool_search_call", "id": "tsc" + call.callID[4:], "status": "completed",
				"call_id": call.callID, "execution": "client", "arguments": call.input}
		case toolType[tool] == "custom" || freeform:
			item = map[string]any{"type": "custom_tool_call", "id": "ctc" + call.callID[4:], "status": "completed",
				"call_id": call.callID, "name": tool, "input": inputJSON(call.input)}
		default:
			item = map[string]any{"type": "function_call", "id": "fc" + call.callID[4:], "status": "completed",
				"call_id": call.callID, "name": tool, "arguments": inputJSON(call.input)}
			if ns := call.step.call.Namespace; ns != "" {
				item["namespace"] = ns
			}
		}
	} else {
		item = map[string]any{"type": "message", "id": m.id("msg", rec), "status": "completed", "role": "assistant",
			"content": []any{map[string]any{"type": "output_text", "text": m.opts.Scenario.Final, "annotations": []any{}}}}
	}
	usage := map[string]any{"input_tokens": 100, "input_tokens_details": map[string]any{"cached_tokens": 0},
		"output_tokens": 10, "output_tokens_details": map[string]any{"reasoning_tokens": 0}, "total_tokens": 110}
	resp := func(status string, output []any) map[string]any {
		return map[string]any{"id": m.id("resp", rec), "object": "response", "created_at": rec.Time.Unix(),
			"status": status, "model": rec.Model, "output": output, "usage": usage, "error": nil, "incomplete_details": nil}
	}
	if !req.Stream {
		writeJSON(w, http.StatusOK, resp("completed", []any{item}))
		return nil
	}
	s := startSSE(w)
	seq := 0
	ev := func(typ string, d map[string]any) {
		d["type"], d["sequence_number"] = typ, seq
		seq++
		s.event(typ, d)
	}
	with := func(base map[string]any, kv ...any) map[string]any {
		out := make(map[string]any, len(base)+len(kv)/2)
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	ev("response.created", map[string]any{"response": resp("in_progress", []any{})})
	ev("response.in_progress", map[string]any{"response": resp("in_progress", []any{})})
	itemID := item["id"]
	switch item["type"] {
	case "message":
		text := m.opts.Scenario.Final
		part := map[string]any{"type": "output_text", "text": text, "annotations": []any{}}
		ev("response.output_item.added", map[string]any{"output_index": 0, "item": with(item, "status", "in_progress", "content", []any{})})
		ev("response.content_part.added", map[string]any{"output_index": 0, "item_id": itemID, "content_index": 0,
			"part": with(part, "text", "")})
		ev("response.output_text.delta", map[string]any{"output_index": 0, "item_id": itemID, "content_index": 0, "delta": text})
		ev("response.output_text.done", map[string]any{"output_index": 0, "item_id": itemID, "content_index": 0, "text": text})
		ev("response.content_part.done", map[string]any{"output_index": 0, "item_id": itemID, "content_index": 0, "part": part})
	case "tool_search_call":
		ev("response.output_item.added", map[string]any{"output_index": 0, "item": with(item, "status", "in_progress")})
	case "function_call":
		ev("response.output_item.added", map[string]any{"output_index": 0, "item": with(item, "status", "in_progress", "arguments", "")})
		ev("response.function_call_arguments.delta", map[string]any{"output_index": 0, "item_id": itemID, "delta": item["arguments"]})
		ev("response.function_call_arguments.done", map[string]any{"output_index": 0, "item_id": itemID, "arguments": item["arguments"]})
	case "custom_tool_call":
		ev("response.output_item.added", map[string]any{"output_index": 0, "item": with(item, "status", "in_progress", "input", "")})
		ev("response.custom_tool_call_input.delta", map[string]any{"output_index": 0, "item_id": itemID, "delta": item["input"]})
		ev("response.custom_tool_call_input.done", map[string]any{"output_index": 0, "item_id": itemID, "input": item["input"]})
	}
	ev("response.output_item.done", map[string]any{"output_index": 0, "item": item})
	ev("response.completed", map[string]any{"response": resp("completed", []any{item})})
	return nil
}
