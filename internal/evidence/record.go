package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/mandate-dev/mandate/internal/canonjson"
	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/redact"
)

// FormatVersion names the record, checkpoint and bundle formats. A future
// incompatible format changes it.
const FormatVersion = "mandate evidence v1"

// Record types written by Mandate itself.
const (
	TypeDecision     = "decision"
	TypeOutcome      = "outcome"
	TypeSessionStart = "session.start"
	TypeSessionEnd   = "session.end"
	TypePolicyLoad   = "policy.load"
	TypeApproval     = "approval"
	TypePrune        = "prune"
	TypeCheckpoint   = "checkpoint"
	TypeFailOpen     = "fail_open"
	// TypeTamper is a governance file (policy, hook configuration, Mandate
	// binary) that changed while an agent's tool call was in flight: the
	// call is named, and the repository (or, for a file outside any
	// repository, every repository) is locked until a person acknowledges.
	TypeTamper = "tamper"
	// TypeGovernanceChange is a governance file that changed while no tool
	// call was in flight; for a policy, the record carries the new text.
	TypeGovernanceChange = "governance-change"
	// TypeTamperAck is a person's acknowledgement of a tamper lock
	// (mandate tamper ack), with who ran it and what was restored.
	TypeTamperAck = "tamper.ack"
)

// Record is one evidence record: a superset of seed 001's JSONL audit
// example and seed 003's log schema.
type Record struct {
	Type           string           `json:"type"`
	Timestamp      time.Time        `json:"timestamp"` // UTC, millisecond precision; Append sets it from Options.Now if zero
	SessionID      string           `json:"session_id"`
	User           string           `json:"user"`
	Agent          string           `json:"agent"`
	AgentVersion   string           `json:"agent_version,omitempty"`
	Model          string           `json:"model,omitempty"`
	TrustLevel     string           `json:"trust_level,omitempty"`
	Repo           string           `json:"repo,omitempty"`
	Commit         string           `json:"commit,omitempty"`
	Host           string           `json:"host,omitempty"`
	Tool           string           `json:"tool,omitempty"`
	ActionType     string           `json:"action_type,omitempty"`
	ResourcePath   string           `json:"resource_path,omitempty"`
	Params         map[string]any   `json:"params,omitempty"`
	PolicyChecks   []policy.Check   `json:"policy_checks,omitempty"`
	PolicyDigest   string           `json:"policy_digest,omitempty"`
	Decision       string           `json:"decision,omitempty"`
	Policy         string           `json:"policy,omitempty"`
	Rule           string           `json:"rule,omitempty"`
	Reason         string           `json:"reason,omitempty"`
	Result         string           `json:"result,omitempty"`
	ExitCode       *int             `json:"exit_code,omitempty"`
	DiffHash       string           `json:"diff_hash,omitempty"`
	ApprovalStatus string           `json:"approval_status,omitempty"`
	RollbackRef    string           `json:"rollback_ref"`
	PolicyText     string           `json:"policy_text,omitempty"`
	Redactions     []redact.Finding `json:"redactions,omitempty"`
	ToolUseID      string           `json:"tool_use_id,omitempty"`
	// RequestID identifies the hook invocation that wrote the record (a
	// random id the front sends): the log holds at most one record per
	// request id among its recent records (see Append).
	RequestID string `json:"request_id,omitempty"`
	// PinnedPolicyDigest is the digest of the policy pinned when the
	// session started, when it is not the policy located for this call
	// (PolicyDigest): both decided, the stricter won.
	PinnedPolicyDigest string         `json:"pinned_policy_digest,omitempty"`
	Extra              map[string]any `json:"extra,omitempty"`
}

// Entry is a record as read back from the log.
type Entry struct {
	Index  int64  `json:"index"`
	Record Record `json:"record"`
	// Pruned is true when the payload was erased by Prune: only Type,
	// Timestamp and SessionID remain.
	Pruned bool `json:"pruned,omitempty"`
}

// envelope is the Merkle leaf of one record.
type envelope struct {
	Digest    string `json:"digest"` // "sha256:<hex>" of the payload bytes
	Index     int64  `json:"index"`
	SessionID string `json:"session_id"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"`
	V         string `json:"v"`
}

// timeFormat is the envelope timestamp: RFC 3339, UTC, milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

// maxLine bounds one record line (envelope, payload and separators).
const maxLine = 64 << 20

// encode returns the canonical bytes of e. Keys are written in RFC 8785
// order (they are ASCII and sorted).
func (e *envelope) encode() ([]byte, error) {
	b := make([]byte, 0, 256)
	b = append(b, `{"digest":`...)
	var err error
	if b, err = appendString(b, e.Digest); err != nil {
		return nil, err
	}
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, e.Index, 10)
	b = append(b, `,"session_id":`...)
	if b, err = appendString(b, e.SessionID); err != nil {
		return nil, err
	}
	b = append(b, `,"timestamp":`...)
	if b, err = appendString(b, e.Timestamp); err != nil {
		return nil, err
	}
	b = append(b, `,"type":`...)
	if b, err = appendString(b, e.Type); err != nil {
		return nil, err
	}
	b = append(b, `,"v":`...)
	if b, err = appendString(b, e.V); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func appendString(b []byte, s string) ([]byte, error) {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		plain = s[i] >= 0x20 && s[i] != '"' && s[i] != '\\'
	}
	if plain { // the common case, and canonical as is
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"'), nil
	}
	q, err := canonjson.Marshal(s)
	if err != nil {
		return nil, err
	}
	return append(b, q...), nil
}

// line is one parsed record line.
type line struct {
	env     envelope
	envText []byte // the leaf data
	payload []byte // nil when pruned
}

// errLine is wrapped by every parse error of a record line.
var errLine = errors.New("malformed record")

// parseLine parses one record line without its LF. It checks the shape, the
// canonical form of the envelope, the format version and the payload
// digest; it does not check the index (the caller knows which it expects).
func parseLine(b []byte) (line, error) {
	var l line
	tab := bytes.IndexByte(b, '\t')
	if tab < 0 {
		return l, fmt.Errorf("%w: no tab between envelope and payload", errLine)
	}
	l.envText, l.payload = b[:tab], b[tab+1:]
	if bytes.IndexByte(l.payload, '\t') >= 0 {
		return l, fmt.Errorf("%w: more than one tab", errLine)
	}
	if err := parseEnvelope(l.envText, &l.env); err != nil {
		return l, fmt.Errorf("%w: envelope: %v", errLine, err)
	}
	again, err := l.env.encode()
	if err != nil || !bytes.Equal(again, l.envText) {
		return l, fmt.Errorf("%w: envelope is not in canonical form", errLine)
	}
	if l.env.V != FormatVersion {
		return l, fmt.Errorf("%w: unsupported format %q", errLine, l.env.V)
	}
	if l.env.Index < 0 {
		return l, fmt.Errorf("%w: negative index", errLine)
	}
	if !validTimestamp(l.env.Timestamp) {
		return l, fmt.Errorf("%w: timestamp %q", errLine, l.env.Timestamp)
	}
	if l.env.Type == "" {
		return l, fmt.Errorf("%w: empty type", errLine)
	}
	if len(l.payload) == 0 {
		l.payload = nil
		return l, nil
	}
	if l.env.Digest != payloadDigest(l.payload) {
		return l, fmt.Errorf("%w: payload does not match the digest in its envelope", errLine)
	}
	return l, nil
}

func payloadDigest(p []byte) string {
	sum := sha256.Sum256(p)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// entry decodes a parsed line into an Entry.
func (l *line) entry() (Entry, error) {
	e := Entry{Index: l.env.Index}
	if l.payload != nil {
		d := json.NewDecoder(bytes.NewReader(l.payload))
		d.UseNumber()
		if err := d.Decode(&e.Record); err != nil {
			return e, fmt.Errorf("%w: payload: %v", errLine, err)
		}
		e.Record.Params = nilIfEmpty(e.Record.Params)
		e.Record.Extra = nilIfEmpty(e.Record.Extra)
	} else {
		e.Pruned = true
	}
	e.Record.Type = l.env.Type
	e.Record.SessionID = l.env.SessionID
	t, err := time.Parse(timeFormat, l.env.Timestamp)
	if err != nil {
		return e, fmt.Errorf("%w: timestamp: %v", errLine, err)
	}
	e.Record.Timestamp = t
	return e, nil
}

// nilIfEmpty returns nil for an empty map, so a record read back compares
// equal to the one appended. Numbers stay json.Number, exactly as stored.
func nilIfEmpty(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return m
}

// extraString returns r.Extra[k] as a string.
func (r *Record) extraString(k string) string {
	s, _ := r.Extra[k].(string)
	return s
}

// extraInt returns r.Extra[k] as an integer.
func (r *Record) extraInt(k string) (int64, bool) {
	switch v := r.Extra[k].(type) {
	case json.Number:
		i, err := v.Int64()
		return i, err == nil
	case float64:
		return int64(v), float64(int64(v)) == v
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}

// parseEnvelope reads a canonical envelope, members in canonical order.
// It is a fast path for verification; anything it accepts is re-encoded
// and compared byte for byte by parseLine, so it need not be a full JSON
// parser: it only has to never accept less than the canonical form.
func parseEnvelope(b []byte, e *envelope) error {
	var err error
	fields := []struct {
		key string
		str *string
	}{{`{"digest":`, &e.Digest}, {`,"index":`, nil}, {`,"session_id":`, &e.SessionID},
		{`,"timestamp":`, &e.Timestamp}, {`,"type":`, &e.Type}, {`,"v":`, &e.V}}
	for _, f := range fields {
		if !bytes.HasPrefix(b, []byte(f.key)) {
			return fmt.Errorf("expected %s", f.key)
		}
		b = b[len(f.key):]
		if f.str == nil {
			end := 0
			for end < len(b) && (b[end] == '-' || (b[end] >= '0' && b[end] <= '9')) {
				end++
			}
			if e.Index, err = strconv.ParseInt(string(b[:end]), 10, 64); err != nil {
				return fmt.Errorf("index: %v", err)
			}
			b = b[end:]
			continue
		}
		if *f.str, b, err = parseString(b); err != nil {
			return err
		}
	}
	if string(b) != "}" {
		return errors.New("trailing data")
	}
	return nil
}

// parseString reads one JSON string at the start of b.
func parseString(b []byte) (string, []byte, error) {
	if len(b) == 0 || b[0] != '"' {
		return "", nil, errors.New("expected a string")
	}
	escaped := false
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			escaped = true
			i++
		case '"':
			if !escaped {
				return string(b[1:i]), b[i+1:], nil
			}
			var s string
			if err := json.Unmarshal(b[:i+1], &s); err != nil {
				return "", nil, err
			}
			return s, b[i+1:], nil
		}
	}
	return "", nil, errors.New("unterminated string")
}

// validTimestamp reports whether s is in timeFormat with fields in range
// (a fast check for verification; days are checked against 31).
func validTimestamp(s string) bool {
	const layout = "dddd-dd-ddTdd:dd:dd.dddZ"
	if len(s) != len(layout) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if layout[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != layout[i] {
			return false
		}
	}
	num := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	mo, d, h, mi, sec := num(5), num(8), num(11), num(14), num(17)
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && sec < 60
}
