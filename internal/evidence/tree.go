package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// recordTree returns r without its timestamp as the tree that
// json.Marshal(r) decoded with UseNumber would give: the same member names,
// the same omitted empty members, and the same values (invalid UTF-8
// replaced, numbers as json.Number). It builds the tree directly, which is
// what prepare hashes after redaction; the result must equal the round
// trip's exactly (TestRecordTreeMatchesJSON), or the record format would
// change. Values of types it does not know take the round trip.
func recordTree(r *Record) (map[string]any, error) {
	m := make(map[string]any, 24)
	str := func(k, v string) {
		m[k] = jsonString(v)
	}
	opt := func(k, v string) {
		if v != "" {
			m[k] = jsonString(v)
		}
	}
	str("type", r.Type)
	str("session_id", r.SessionID)
	str("user", r.User)
	str("agent", r.Agent)
	opt("agent_version", r.AgentVersion)
	opt("model", r.Model)
	opt("trust_level", r.TrustLevel)
	opt("repo", r.Repo)
	opt("commit", r.Commit)
	opt("host", r.Host)
	opt("tool", r.Tool)
	opt("action_type", r.ActionType)
	opt("resource_path", r.ResourcePath)
	if len(r.Params) > 0 {
		v, err := jsonTree(r.Params)
		if err != nil {
			return nil, err
		}
		m["params"] = v
	}
	if len(r.PolicyChecks) > 0 {
		list := make([]any, len(r.PolicyChecks))
		for i, c := range r.PolicyChecks {
			cm := map[string]any{"policy": jsonString(c.Policy), "result": jsonString(c.Result)}
			if c.Rule != "" {
				cm["rule"] = jsonString(c.Rule)
			}
			if c.Reason != "" {
				cm["reason"] = jsonString(c.Reason)
			}
			list[i] = cm
		}
		m["policy_checks"] = list
	}
	opt("policy_digest", r.PolicyDigest)
	opt("decision", r.Decision)
	opt("policy", r.Policy)
	opt("rule", r.Rule)
	opt("reason", r.Reason)
	opt("result", r.Result)
	if r.ExitCode != nil {
		m["exit_code"] = json.Number(strconv.Itoa(*r.ExitCode))
	}
	opt("diff_hash", r.DiffHash)
	opt("approval_status", r.ApprovalStatus)
	str("rollback_ref", r.RollbackRef)
	opt("policy_text", r.PolicyText)
	if len(r.Redactions) > 0 {
		list := make([]any, len(r.Redactions))
		for i, f := range r.Redactions {
			list[i] = map[string]any{"path": jsonString(f.Path), "rule": jsonString(f.Rule)}
		}
		m["redactions"] = list
	}
	opt("tool_use_id", r.ToolUseID)
	opt("request_id", r.RequestID)
	opt("pinned_policy_digest", r.PinnedPolicyDigest)
	if len(r.Extra) > 0 {
		v, err := jsonTree(r.Extra)
		if err != nil {
			return nil, err
		}
		m["extra"] = v
	}
	return m, nil
}

// jsonString is s as encoding/json writes and reads it back: each byte of
// invalid UTF-8 becomes U+FFFD.
func jsonString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b []byte
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// jsonTree returns v as json.Marshal then a UseNumber decode would. The
// decoded-JSON types are converted directly (a map or slice is copied only
// when something in it changes); anything else, and anything nested deeper
// than maxTreeDepth (where encoding/json looks for cycles), takes the round
// trip.
func jsonTree(v any) (any, error) {
	out, _, err := treeValue(v, 0)
	return out, err
}

const maxTreeDepth = 500

// treeValue is jsonTree; changed reports whether out differs from v.
func treeValue(v any, depth int) (out any, changed bool, err error) {
	if depth > maxTreeDepth {
		out, err = roundTrip(v)
		return out, true, err
	}
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case bool:
		return x, false, nil
	case string:
		s := jsonString(x)
		return s, len(s) != len(x), nil
	case json.Number:
		if validNumber(string(x)) {
			return x, false, nil
		}
	case map[string]any:
		if x == nil {
			return nil, true, nil
		}
		var m map[string]any // nil until something differs from x
		for k, e := range x {
			if !utf8.ValidString(k) {
				// Two keys may now collide; leave that to encoding/json.
				out, err = roundTrip(x)
				return out, true, err
			}
			ne, ch, err := treeValue(e, depth+1)
			if err != nil {
				return nil, false, err
			}
			if ch && m == nil {
				m = make(map[string]any, len(x))
				for k2, e2 := range x {
					m[k2] = e2
				}
			}
			if m != nil {
				m[k] = ne
			}
		}
		if m == nil {
			return x, false, nil
		}
		return m, true, nil
	case []any:
		if x == nil {
			return nil, true, nil
		}
		var s []any
		for i, e := range x {
			ne, ch, err := treeValue(e, depth+1)
			if err != nil {
				return nil, false, err
			}
			if ch && s == nil {
				s = make([]any, len(x))
				copy(s, x)
			}
			if s != nil {
				s[i] = ne
			}
		}
		if s == nil {
			return x, false, nil
		}
		return s, true, nil
	}
	out, err = roundTrip(v)
	return out, true, err
}

// roundTrip is jsonTree's fallback: the real encoding/json round trip.
func roundTrip(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("evidence: encoding record: %w", err)
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var out any
	if err := d.Decode(&out); err != nil {
		return nil, fmt.Errorf("evidence: encoding record: %w", err)
	}
	return out, nil
}

// validNumber reports whether s is a JSON number (encoding/json's rule for
// json.Number values; an empty one is written as 0, so it is not valid
// here and takes the round trip).
func validNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
		if s == "" {
			return false
		}
	}
	switch {
	case s[0] == '0':
		s = s[1:]
	case '1' <= s[0] && s[0] <= '9':
		s = s[1:]
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	default:
		return false
	}
	if len(s) >= 2 && s[0] == '.' && '0' <= s[1] && s[1] <= '9' {
		s = s[2:]
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	if len(s) >= 2 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s[0] == '+' || s[0] == '-' {
			s = s[1:]
			if s == "" {
				return false
			}
		}
		for len(s) > 0 && '0' <= s[0] && s[0] <= '9' {
			s = s[1:]
		}
	}
	return s == ""
}
