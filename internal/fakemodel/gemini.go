package fakemodel

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// geminiPath matches …/models/MODEL:METHOD.
var geminiPath = regexp.MustCompile(`/models/([^/:]+):(\w+)$`)

type geminiRequest struct {
	Contents []struct {
		Role  string `json:"role"`
		Parts []struct {
			FunctionCall     json.RawMessage `json:"functionCall"`
			FunctionResponse *struct {
				ID       string          `json:"id"`
				Name     string          `json:"name"`
				Response json.RawMessage `json:"response"`
			} `json:"functionResponse"`
		} `json:"parts"`
	} `json:"contents"`
	Tools []struct {
		FunctionDeclarations []struct {
			Name string `json:"name"`
		} `json:"functionDeclarations"`
	} `json:"tools"`
	GenerationConfig struct {
		ResponseMimeType   string          `json:"responseMimeType"`
		ResponseJSONSchema json.RawMessage `json:"responseJsonSchema"`
		ResponseSchema     json.RawMessage `json:"responseSchema"`
	} `json:"generationConfig"`
}

// gemini answers POST …/models/MODEL:METHOD (Gemini API).
func (m *Model) gemini(w http.ResponseWriter, rec *Request, body []byte, method string) error {
	switch method {
	case "countTokens":
		rec.Action = Action{Kind: ActCountTokens}
		writeJSON(w, http.StatusOK, map[string]any{"totalTokens": 100})
		return nil
	case "embedContent", "batchEmbedContents":
		rec.Action = Action{Kind: ActEmbed}
		writeJSON(w, http.StatusOK, map[string]any{"embedding": map[string]any{"values": make([]float64, 8)}, "embeddings": []any{}})
		return nil
	case "generateContent", "streamGenerateContent":
	default:
		return fmt.Errorf("fakemodel: gemini method %q not supported", method)
	}
	var req geminiRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fmt.Errorf("fakemodel: gemini request: %w", err)
	}
	rec.Stream = method == "streamGenerateContent"
	offered := []string{}
	for _, t := range req.Tools {
		for _, fd := range t.FunctionDeclarations {
			offered = append(offered, fd.Name)
		}
	}
	hist := 0
	var results []ToolResult
	for _, c := range req.Contents {
		for _, p := range c.Parts {
			if c.Role == "model" && len(p.FunctionCall) > 0 && string(p.FunctionCall) != "null" {
				hist++
			}
			if fr := p.FunctionResponse; fr != nil {
				results = append(results, ToolResult{API: APIGemini, CallID: firstNonEmpty(fr.ID, fr.Name), Content: textOf(fr.Response)})
			}
		}
	}
	var parts []any
	gc := req.GenerationConfig
	schema := gc.ResponseJSONSchema
	if len(schema) == 0 {
		schema = gc.ResponseSchema
	}
	if len(schema) > 0 || gc.ResponseMimeType == "application/json" {
		// structured side request (router, next-speaker check, loop check …): JSON, no tools
		var sch any
		if len(schema) > 0 {
			if err := json.Unmarshal(schema, &sch); err != nil {
				return fmt.Errorf("fakemodel: gemini response schema: %w", err)
			}
		}
		val := synthesize(sch, "")
		b, err := json.Marshal(val)
		if err != nil {
			return fmt.Errorf("fakemodel: gemini side answer: %w", err)
		}
		m.mu.Lock()
		m.model++
		m.mu.Unlock()
		rec.HistoryToolCalls, rec.ToolsOffered = hist, offered
		rec.NewToolResults = m.newResults(results)
		rec.Action = Action{Kind: ActSideJSON, Input: val}
		parts = []any{map[string]any{"text": string(b)}}
	} else {
		call, reason, err := m.decide(hist, offered, "call")
		if err != nil {
			return err
		}
		m.finish(rec, hist, offered, results, call, reason)
		if call != nil {
			parts = []any{map[string]any{"functionCall": map[string]any{"name": call.step.call.Tool, "args": call.input}}}
		} else {
			parts = []any{map[string]any{"text": m.opts.Scenario.Final}}
		}
	}
	resp := map[string]any{
		"candidates":    []any{map[string]any{"content": map[string]any{"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}},
		"usageMetadata": map[string]any{"promptTokenCount": 100, "candidatesTokenCount": 10, "totalTokenCount": 110},
		"modelVersion":  rec.Model,
		"responseId":    m.id("resp", rec),
	}
	if !rec.Stream {
		writeJSON(w, http.StatusOK, resp)
		return nil
	}
	startSSE(w).event("", resp)
	return nil
}

// synthesize returns a value that satisfies a simple JSON schema; key is the property name
// the value is for. A next-speaker check always gets "user" so the agent stops.
func synthesize(schema any, key string) any {
	s, ok := schema.(map[string]any)
	if !ok {
		return map[string]any{}
	}
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		if key == "next_speaker" {
			for _, e := range enum {
				if e == "user" {
					return "user"
				}
			}
		}
		return enum[0]
	}
	typ := ""
	switch t := s["type"].(type) {
	case string:
		typ = strings.ToLower(t)
	case []any:
		for _, x := range t {
			if xs, ok := x.(string); ok && xs != "null" {
				typ = strings.ToLower(xs)
				break
			}
		}
	}
	props, hasProps := s["properties"].(map[string]any)
	switch {
	case typ == "object" || hasProps:
		out := make(map[string]any, len(props))
		for k, v := range props {
			out[k] = synthesize(v, k)
		}
		return out
	case typ == "array":
		return []any{}
	case typ == "boolean":
		return false
	case typ == "integer" || typ == "number":
		return 0
	case typ == "":
		if key == "" {
			return map[string]any{}
		}
	}
	return "done"
}
