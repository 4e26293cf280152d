package policy

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Structured text inside an MCP argument. A server may take its
// parameters as one encoded string ({request: "{\"path\":\"…\"}"}), and
// decode it before it acts: the paths, hosts, commands and names inside
// are its arguments as much as real ones. The walk (mcpwalk.go) decodes
// such a string and walks what it holds as it walks the arguments, key
// paths continued (request → path), so that every reading of the
// arguments judges them alike; the string itself is still judged as text.
// The shapes read:
//
//   - JSON, an object or a list ({…}, […]), by encoding/json;
//   - a flow mapping or sequence that is not JSON: YAML flow style, a TOML
//     inline table or array, JSON5-like unquoted keys (mcpflow.go);
//   - a JSON string literal ("\"{…}\""), a string encoded twice;
//   - base64 of JSON (eyJ…, W3…), standard or URL alphabet;
//   - a query string or form body (k=v&k=v, percent- and +-encoded); a
//     single pair only under a key that names a path or a destination
//     (path=…, url=…), else it is an assignment, as in an env list;
//   - XML (<request><path>…</path></request>), elements and attributes as
//     keys (mcpxml.go).
//
// What a decoded string holds may be encoded again (JSON in JSON in a
// string): it is decoded in turn, up to mcpMaxDecode levels; a string
// past them that still decodes, text nested past mcpMaxDepth, or more
// than mcpMaxDecodeBytes decoded in all, is beyond the bounds, and the
// call is denied as for any argument the walk cannot read. A string that
// looks structured but does not decode is text. The cheap test
// (mcpMayDecode) looks at a byte or two, so ordinary strings cost nothing.

const (
	mcpMaxDecode      = 4
	mcpMaxDecodeBytes = 4 * mcpMaxBytes
)

// mcpDecodeResult is what decoding a string gave.
type mcpDecodeResult uint8

const (
	mcpDecNone mcpDecodeResult = iota // no structured text: judged as text only
	mcpDecOK                          // decoded
	mcpDecOver                        // structured past the bounds
)

// mcpDecodable reports whether a string under key may be decoded: not
// the text a tool writes or sends (mcpPayloadKeys), prose or code, nor
// the value of a key that names a file (its content).
func mcpDecodable(key string) bool {
	if key == "" {
		return true
	}
	if mcpPathShaped(key) || strings.Contains(key, ":") {
		return false // {files: {"src/a.json": "{…}"}}, {changes: {URI: …}}
	}
	k := mcpKey(key)
	return !mcpPayloadKeys.Get()[k] && !mcpProseKeys.Get()[k] && !mcpCodeKeys.Get()[k]
}

// mcpMayDecode is the cheap test for the shapes mcpDecode reads.
func mcpMayDecode(s string) bool {
	t := trimJSONSpace(s)
	if len(t) < 2 {
		return false
	}
	switch t[0] {
	case '{', '[', '"':
		return true
	case '<':
		return t[len(t)-1] == '>'
	case 'e', 'W':
		if mayBase64JSON(t) {
			return true
		}
	}
	return mayQuery(s)
}

// mcpDecode decodes structured text s (see the top of this file). A
// value decoded is a map[string]any, a []any, or a string that is itself
// to be read again (a JSON string literal, base64's text).
func mcpDecode(s string) (any, mcpDecodeResult) {
	t := trimJSONSpace(s)
	if len(t) < 2 {
		return nil, mcpDecNone
	}
	switch t[0] {
	case '{', '[':
		if b := []byte(t); json.Valid(b) {
			var v any
			if json.Unmarshal(b, &v) == nil {
				return v, mcpDecOK
			}
		}
		return mcpFlow(t) // mcpflow.go
	case '"':
		var v string
		if t[len(t)-1] == '"' && json.Unmarshal([]byte(t), &v) == nil && len(v) < len(t) {
			return v, mcpDecOK
		}
		return nil, mcpDecNone
	case '<':
		if t[len(t)-1] == '>' {
			return mcpXML(t) // mcpxml.go
		}
		return nil, mcpDecNone
	case 'e', 'W':
		if mayBase64JSON(t) {
			if v, ok := base64JSON(t); ok {
				return v, mcpDecOK
			}
		}
	}
	if mayQuery(s) {
		return mcpQuery(s)
	}
	return nil, mcpDecNone
}

// trimJSONSpace drops the whitespace JSON allows around a value.
func trimJSONSpace(s string) string {
	return strings.Trim(s, " \t\r\n")
}

// mayBase64JSON: t is all base64 (either alphabet) and its first bytes
// decode to { or [ (e then w-z0-9+/-_, W likewise).
func mayBase64JSON(t string) bool {
	if len(t) < 8 || !strings.ContainsRune("wxyz0123456789+/-_", rune(t[1])) {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_' || c == '=' && i >= len(t)-2) {
			return false
		}
	}
	return true
}

// base64JSON decodes base64 of a JSON object or list, returning its text
// (read again by the walk).
func base64JSON(t string) (string, bool) {
	t = strings.TrimRight(t, "=")
	var b []byte
	var err error
	if strings.ContainsAny(t, "-_") {
		b, err = base64.RawURLEncoding.DecodeString(t)
	} else {
		b, err = base64.RawStdEncoding.DecodeString(t)
	}
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	d := trimJSONSpace(string(b))
	if d == "" || d[0] != '{' && d[0] != '[' || !json.Valid([]byte(d)) {
		return "", false
	}
	return d, true
}

// mayQuery: s has the bytes of a query string and no white space.
func mayQuery(s string) bool {
	return len(s) > 2 && strings.IndexByte(s, '=') > 0 && !strings.ContainsAny(s, " \t\r\n")
}

// mcpQuery decodes a query string or form body: every &-separated piece
// KEY=VALUE, the keys words ([A-Za-z0-9_.[]-], percent-encoded or not). A
// single pair is an assignment (an env list's PATH=/usr/bin, a define)
// unless its key, with a lower-case letter, is one the walk reads a
// path or a destination under (path=…, file=…, url=…), and its value
// holds no other "=" or ";" (a connection string's host=H;port=P). A key
// given twice holds a list.
func mcpQuery(s string) (any, mcpDecodeResult) {
	s = strings.TrimPrefix(s, "?")
	if strings.IndexByte(s, '&') < 0 {
		k, v, _ := strings.Cut(s, "=")
		if strings.ContainsAny(v, "=;") || !queryKey(k) || !(k[0] >= 'a' && k[0] <= 'z' || k[0] >= 'A' && k[0] <= 'Z') {
			return nil, mcpDecNone
		}
		k, err := url.QueryUnescape(k)
		if err != nil || strings.ToUpper(k) == k || !queryNameKey(k) {
			return nil, mcpDecNone
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return nil, mcpDecNone
		}
		return map[string]any{k: v}, mcpDecOK
	}
	for piece := range strings.SplitSeq(s, "&") {
		if k, _, ok := strings.Cut(piece, "="); piece != "" && (!ok || !queryKey(k)) {
			return nil, mcpDecNone // checked before anything is allocated
		}
	}
	m := map[string]any{}
	pairs := 0
	for piece := range strings.SplitSeq(s, "&") {
		if piece == "" {
			continue
		}
		k, v, _ := strings.Cut(piece, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return nil, mcpDecNone
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return nil, mcpDecNone
		}
		pairs++
		switch old := m[k].(type) {
		case nil:
			m[k] = v
		case string:
			m[k] = []any{old, v}
		case []any:
			m[k] = append(old, v)
		}
	}
	if pairs < 2 {
		return nil, mcpDecNone
	}
	return m, mcpDecOK
}

// queryNameKey: the walk reads the value under k as a path or a
// destination.
func queryNameKey(k string) bool {
	return mcpPathKeys.Get()[k] || isMCPPathKey(k) || isMCPWidePathKey(k) || isMCPDestKey(mcpKey(k))
}

// queryKey: k is spelled as a query string's keys are.
func queryKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-[]%", c) >= 0) {
			return false
		}
	}
	return true
}
