// Package notemcp is a tiny MCP server over stdio (newline-delimited JSON-RPC 2.0) used by
// the real-agent end-to-end tests, so an MCP tool call has an observable side effect.
//
// It offers two tools: write_note(path, content) writes content to path, which must be
// relative and stay inside Options.Root (the side effect the tests look for), and
// echo(text) returns text. It answers initialize, ping, tools/list, tools/call and empty
// resources/prompts lists; every other request gets JSON-RPC error -32601, and
// notifications are ignored. It is a test helper, not a product component.
package notemcp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Options configure [Serve].
type Options struct {
	// Root is the directory write_note paths are relative to (required).
	Root string
	// Log, if set, receives one JSON line per request and per executed write.
	Log io.Writer
}

// DefaultProtocolVersion is answered when the client names none.
const DefaultProtocolVersion = "2025-06-18"

func tools() []map[string]any {
	return []map[string]any{
		{"name": "write_note", "description": "Write a note file (path relative to the project).",
			"inputSchema": map[string]any{"type": "object", "required": []string{"path", "content"},
				"properties": map[string]any{"path": map[string]any{"type": "string"}, "content": map[string]any{"type": "string"}}}},
		{"name": "echo", "description": "Echo text back.",
			"inputSchema": map[string]any{"type": "object", "required": []string{"text"},
				"properties": map[string]any{"text": map[string]any{"type": "string"}}}},
	}
}

type request struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// Serve answers requests from in on out until in ends (nil) or ctx is done.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	if opts.Root == "" {
		return errors.New("notemcp: no root directory")
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return fmt.Errorf("notemcp: root: %w", err)
	}
	var mu sync.Mutex // out and Log
	logf := func(v any) {
		if opts.Log == nil {
			return
		}
		if b, err := json.Marshal(v); err == nil {
			_, _ = opts.Log.Write(append(b, '\n'))
		}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var req request
		if err := json.Unmarshal([]byte(line), &req); err != nil {
			mu.Lock()
			logf(map[string]any{"bad_request": err.Error()})
			mu.Unlock()
			continue
		}
		mu.Lock()
		logf(map[string]any{"method": req.Method, "params": req.Params})
		mu.Unlock()
		if len(req.ID) == 0 || string(req.ID) == "null" {
			continue // notification
		}
		result, rpcErr := handle(req, root, func(v any) { mu.Lock(); logf(v); mu.Unlock() })
		msg := map[string]any{"jsonrpc": "2.0", "id": req.ID}
		if rpcErr != nil {
			msg["error"] = rpcErr
		} else {
			msg["result"] = result
		}
		b, err := json.Marshal(msg)
		if err != nil {
			return fmt.Errorf("notemcp: encode reply: %w", err)
		}
		mu.Lock()
		_, err = out.Write(append(b, '\n'))
		mu.Unlock()
		if err != nil {
			return fmt.Errorf("notemcp: write reply: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("notemcp: read: %w", err)
	}
	return nil
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func handle(req request, root string, logf func(any)) (any, *rpcError) {
	switch req.Method {
	case "initialize":
		var p struct {
			ProtocolVersion string `json:"protocolVersion"`
		}
		_ = json.Unmarshal(req.Params, &p)
		pv := p.ProtocolVersion
		if pv == "" {
			pv = DefaultProtocolVersion
		}
		return map[string]any{"protocolVersion": pv,
			"capabilities": map[string]any{"tools": map[string]any{"listChanged": false}},
			"serverInfo":   map[string]any{"name": "notemcp", "version": "1.0.0"}}, nil
	case "ping":
		return map[string]any{}, nil
	case "tools/list":
		return map[string]any{"tools": tools()}, nil
	case "resources/list":
		return map[string]any{"resources": []any{}}, nil
	case "resources/templates/list":
		return map[string]any{"resourceTemplates": []any{}}, nil
	case "prompts/list":
		return map[string]any{"prompts": []any{}}, nil
	case "tools/call":
		var p struct {
			Name      string            `json:"name"`
			Arguments map[string]string `json:"arguments"`
		}
		if err := json.Unmarshal(req.Params, &p); err != nil {
			return nil, &rpcError{Code: -32602, Message: "invalid params: " + err.Error()}
		}
		switch p.Name {
		case "write_note":
			full, err := writeNote(root, p.Arguments["path"], p.Arguments["content"])
			if err != nil {
				return toolText(err.Error(), true), nil
			}
			logf(map[string]any{"executed": "write_note", "path": full})
			return toolText("wrote "+full, false), nil
		case "echo":
			return toolText(p.Arguments["text"], false), nil
		}
		return nil, &rpcError{Code: -32602, Message: "unknown tool " + p.Name}
	}
	return nil, &rpcError{Code: -32601, Message: "method not found: " + req.Method}
}

func toolText(s string, isErr bool) map[string]any {
	return map[string]any{"content": []any{map[string]any{"type": "text", "text": s}}, "isError": isErr}
}

// writeNote writes content to root/rel; rel must be relative and stay inside root.
func writeNote(root, rel, content string) (string, error) {
	if rel == "" || filepath.IsAbs(rel) || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("notemcp: path %q must be relative and inside the project", rel)
	}
	full := filepath.Join(root, rel)
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		return "", fmt.Errorf("notemcp: write note: %w", err)
	}
	return full, nil
}
