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
)

// A record line (docs/evidence-format.md, section 2) is
//
//	v1: ENVELOPE <TAB> PAYLOAD <LF>
//	v2: ENVELOPE <TAB> IDENTITY <TAB> PAYLOAD <LF>
//
// The envelope is the Merkle leaf. It commits to the payload, and in v2 to
// the identity part, by SHA-256 digest, so either can be erased or
// replaced lawfully (a prune or erasure record covering it) while the tree,
// the checkpoints and every other record still verify.

// envelope is the Merkle leaf of one record. V says which members exist:
// RecordFormatV1 has the first six, RecordFormat all of them.
type envelope struct {
	V         string
	Index     int64
	Digest    string // "sha256:<hex>" of the payload bytes
	SessionID string
	Timestamp string
	Type      string

	// v2 only: what an audit counts and what survives a prune.
	Agent, Decision, Identity, PinnedPolicyDigest, Policy, PolicyDigest, Rule, Tool string
}

// envV2 lists the members of a v2 envelope in canonical (sorted) order.
// Required members are always written; the others only when not empty.
var envV2 = [...]struct {
	key      string
	required bool
	str      func(e *envelope) *string // nil for index, the one number
}{
	{"agent", false, func(e *envelope) *string { return &e.Agent }},
	{"decision", false, func(e *envelope) *string { return &e.Decision }},
	{"digest", true, func(e *envelope) *string { return &e.Digest }},
	{"identity", false, func(e *envelope) *string { return &e.Identity }},
	{"index", true, nil},
	{"pinned_policy_digest", false, func(e *envelope) *string { return &e.PinnedPolicyDigest }},
	{"policy", false, func(e *envelope) *string { return &e.Policy }},
	{"policy_digest", false, func(e *envelope) *string { return &e.PolicyDigest }},
	{"rule", false, func(e *envelope) *string { return &e.Rule }},
	{"session_id", false, func(e *envelope) *string { return &e.SessionID }},
	{"timestamp", true, func(e *envelope) *string { return &e.Timestamp }},
	{"tool", false, func(e *envelope) *string { return &e.Tool }},
	{"type", true, func(e *envelope) *string { return &e.Type }},
	{"v", true, func(e *envelope) *string { return &e.V }},
}

// timeFormat is the envelope timestamp: RFC 3339, UTC, milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

// maxLine bounds one record line (envelope, parts and separators).
const maxLine = 64 << 20

// encode returns the canonical bytes of e (RFC 8785: the keys are ASCII
// and written in sorted order).
func (e *envelope) encode() ([]byte, error) {
	if e.V == RecordFormatV1 {
		return e.encodeV1()
	}
	b := make([]byte, 0, 384)
	b = append(b, '{')
	var err error
	for i, m := range envV2 {
		var s *string
		if m.str != nil {
			if s = m.str(e); *s == "" && !m.required {
				continue
			}
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), m.key...), '"', ':')
		if s == nil {
			b = strconv.AppendInt(b, e.Index, 10)
			continue
		}
		if b, err = appendString(b, *s); err != nil {
			return nil, fmt.Errorf("envelope member %s: %w", envV2[i].key, err)
		}
	}
	return append(b, '}'), nil
}

func (e *envelope) encodeV1() ([]byte, error) {
	b := make([]byte, 0, 256)
	b = append(b, `{"digest":`...)
	var err error
	if b, err = appendString(b, e.Digest); err != nil {
		return nil, err
	}
	b = append(b, `,"index":`...)
	b = strconv.AppendInt(b, e.Index, 10)
	for _, f := range [...]struct{ key, v string }{{`,"session_id":`, e.SessionID}, {`,"timestamp":`, e.Timestamp}, {`,"type":`, e.Type}, {`,"v":`, e.V}} {
		b = append(b, f.key...)
		if b, err = appendString(b, f.v); err != nil {
			return nil, err
		}
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
	env      envelope
	envText  []byte // the leaf data
	identity []byte // v2: the identity part as stored; nil when the record has none
	payload  []byte // nil when erased
	// pseudonym is set when the identity part was replaced by a subject's
	// pseudonym (PruneSubject); its digest then no longer matches.
	pseudonym string
}

// errLine is wrapped by every parse error of a record line.
var errLine = errors.New("malformed record")

// parseLine parses one record line without its LF. It checks the shape, the
// canonical form of the envelope, the format version, the payload digest
// and the identity part (its digest, or the form of a pseudonym); it does
// not check the index (the caller knows which it expects), nor that an
// erased payload or a pseudonym is covered by a prune or erasure record.
func parseLine(b []byte) (line, error) {
	var l line
	tab := bytes.IndexByte(b, '\t')
	if tab < 0 {
		return l, fmt.Errorf("%w: no tab between envelope and payload", errLine)
	}
	l.envText = b[:tab]
	rest := b[tab+1:]
	if err := parseEnvelope(l.envText, &l.env); err != nil {
		return l, fmt.Errorf("%w: envelope: %v", errLine, err)
	}
	again, err := l.env.encode()
	if err != nil || !bytes.Equal(again, l.envText) {
		return l, fmt.Errorf("%w: envelope is not in canonical form", errLine)
	}
	switch l.env.V {
	case RecordFormatV1:
		l.payload = rest
	case RecordFormat:
		t := bytes.IndexByte(rest, '\t')
		if t < 0 {
			return l, fmt.Errorf("%w: no tab between identity and payload", errLine)
		}
		l.identity, l.payload = rest[:t], rest[t+1:]
	default:
		return l, fmt.Errorf("%w: unsupported format %q", errLine, l.env.V)
	}
	if bytes.IndexByte(l.payload, '\t') >= 0 {
		return l, fmt.Errorf("%w: too many tabs", errLine)
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
	if !validDigest(l.env.Digest) {
		return l, fmt.Errorf("%w: payload digest %q", errLine, l.env.Digest)
	}
	if err := l.checkIdentity(); err != nil {
		return l, err
	}
	if len(l.payload) == 0 {
		l.payload = nil
		return l, nil
	}
	if !digestIs(l.payload, l.env.Digest) {
		return l, fmt.Errorf("%w: payload does not match the digest in its envelope", errLine)
	}
	return l, nil
}

// checkIdentity checks a v2 identity part against the envelope.
func (l *line) checkIdentity() error {
	if l.env.Identity == "" {
		if len(l.identity) > 0 {
			return fmt.Errorf("%w: an identity part the envelope does not commit to", errLine)
		}
		l.identity = nil
		return nil
	}
	if !validDigest(l.env.Identity) {
		return fmt.Errorf("%w: identity digest %q", errLine, l.env.Identity)
	}
	if len(l.identity) == 0 {
		return fmt.Errorf("%w: the identity part is missing (an erased identity is replaced by a pseudonym, never removed)", errLine)
	}
	if digestIs(l.identity, l.env.Identity) {
		return nil
	}
	p, ok := parsePseudonymPart(l.identity)
	if !ok {
		return fmt.Errorf("%w: identity part does not match the digest in its envelope", errLine)
	}
	l.pseudonym = p
	return nil
}

func payloadDigest(p []byte) string {
	sum := sha256.Sum256(p)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// digestIs reports whether d (a valid digest) is the digest of p, without
// allocating.
func digestIs(p []byte, d string) bool {
	var want [sha256.Size]byte
	if _, err := hex.Decode(want[:], []byte(d[len("sha256:"):])); err != nil {
		return false
	}
	return sha256.Sum256(p) == want
}

// validDigest reports whether s is "sha256:" and 64 lowercase hex digits.
func validDigest(s string) bool {
	const prefix = "sha256:"
	if len(s) != len(prefix)+64 || s[:len(prefix)] != prefix {
		return false
	}
	return isLowerHex(s[len(prefix):])
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// identityPart is the decoded identity part of a v2 record.
type identityPart struct {
	Host string `json:"host,omitempty"`
	Repo string `json:"repo,omitempty"`
	Salt string `json:"salt"`
	User string `json:"user,omitempty"`
}

// encodeIdentity returns the canonical identity part, nil when there is
// no identity to record.
func encodeIdentity(user, host, repo, salt string) ([]byte, error) {
	if user == "" && host == "" && repo == "" {
		return nil, nil
	}
	// The canonical encoding of the object {host, repo, salt, user} (the
	// empty ones left out), written directly: the members in canonical
	// order, which for these ASCII names is byte order.
	// TestEncodeIdentityIsCanonical holds it to canonjson.Marshal.
	var b bytes.Buffer
	b.Grow(len(user) + len(host) + len(repo) + len(salt) + 48)
	b.WriteByte('{')
	first := true
	for _, m := range [...]struct{ k, v string }{{"host", host}, {"repo", repo}, {"salt", salt}, {"user", user}} {
		if m.v == "" && m.k != "salt" {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteByte('"')
		b.WriteString(m.k)
		b.WriteString(`":`)
		if err := canonjson.WriteString(&b, m.v); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// PseudonymPrefix starts every subject pseudonym ("pseudonym:" and 32
// lowercase hex digits); see PruneSubject.
const PseudonymPrefix = "pseudonym:"

// pseudonymPart is the identity part that replaces an erased identity.
func pseudonymPart(p string) []byte {
	return []byte(`{"pseudonym":"` + p + `"}`)
}

// parsePseudonymPart recognizes exactly the canonical pseudonym part.
func parsePseudonymPart(b []byte) (string, bool) {
	const pre, post = `{"pseudonym":"`, `"}`
	if !bytes.HasPrefix(b, []byte(pre)) || !bytes.HasSuffix(b, []byte(post)) || len(b) < len(pre)+len(post) {
		return "", false
	}
	p := string(b[len(pre) : len(b)-len(post)])
	return p, validPseudonym(p)
}

func validPseudonym(p string) bool {
	return len(p) == len(PseudonymPrefix)+32 && p[:len(PseudonymPrefix)] == PseudonymPrefix && isLowerHex(p[len(PseudonymPrefix):])
}

// entry decodes a parsed line into an Entry.
func (l *line) entry() (Entry, error) {
	e := Entry{Index: l.env.Index, Format: l.env.V}
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
	r := &e.Record
	r.Type = l.env.Type
	r.SessionID = l.env.SessionID
	t, err := time.Parse(timeFormat, l.env.Timestamp)
	if err != nil {
		return e, fmt.Errorf("%w: timestamp: %v", errLine, err)
	}
	r.Timestamp = t
	if l.env.V == RecordFormatV1 {
		return e, nil
	}
	r.Agent, r.Tool, r.Decision, r.Policy, r.Rule = l.env.Agent, l.env.Tool, l.env.Decision, l.env.Policy, l.env.Rule
	r.PolicyDigest, r.PinnedPolicyDigest = l.env.PolicyDigest, l.env.PinnedPolicyDigest
	switch {
	case l.pseudonym != "":
		r.User, r.Host, r.Repo = l.pseudonym, "", ""
		e.Pseudonymized = true
	case l.identity != nil:
		var id identityPart
		if err := json.Unmarshal(l.identity, &id); err != nil {
			return e, fmt.Errorf("%w: identity: %v", errLine, err)
		}
		r.User, r.Host, r.Repo = id.User, id.Host, id.Repo
	}
	return e, nil
}

// parseEnvelope reads a canonical envelope of either format. It is a fast
// path for verification; anything it accepts is re-encoded and compared
// byte for byte by parseLine, so it need not be a full JSON parser: it only
// has to never accept less than the canonical form.
func parseEnvelope(b []byte, e *envelope) error {
	// "v" is the last member of both formats.
	if bytes.HasSuffix(b, []byte(`,"v":"`+RecordFormatV1+`"}`)) {
		return parseEnvelopeV1(b, e)
	}
	return parseEnvelopeV2(b, e)
}

func parseEnvelopeV1(b []byte, e *envelope) error {
	var err error
	fields := [...]struct {
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
			if e.Index, b, err = parseIndex(b); err != nil {
				return err
			}
			continue
		}
		if *f.str, b, err = parseString(b); err != nil {
			return err
		}
	}
	if string(b) != "}" {
		return errors.New("trailing data")
	}
	if e.V != RecordFormatV1 {
		return fmt.Errorf("a v1 envelope names format %q", e.V)
	}
	return nil
}

func parseEnvelopeV2(b []byte, e *envelope) error {
	if len(b) < 2 || b[0] != '{' {
		return errors.New("not an object")
	}
	b = b[1:]
	next, seen := 0, 0
	for {
		// Keys are plain ASCII in canonical form: compared in place.
		if len(b) == 0 || b[0] != '"' {
			return errors.New("expected a member name")
		}
		end := bytes.IndexByte(b[1:], '"')
		if end < 0 {
			return errors.New("unterminated member name")
		}
		key, rest := b[1:1+end], b[2+end:]
		k := next
		for k < len(envV2) && envV2[k].key != string(key) {
			k++
		}
		if k == len(envV2) {
			return fmt.Errorf("unexpected, repeated or misplaced member %q", key)
		}
		if len(rest) == 0 || rest[0] != ':' {
			return errors.New("expected ':'")
		}
		rest = rest[1:]
		var err error
		if envV2[k].str == nil {
			e.Index, rest, err = parseIndex(rest)
		} else {
			*envV2[k].str(e), rest, err = parseValue(rest)
		}
		if err != nil {
			return fmt.Errorf("%s: %v", key, err)
		}
		if envV2[k].required {
			seen++
		}
		next = k + 1
		switch {
		case len(rest) > 0 && rest[0] == ',':
			b = rest[1:]
		case string(rest) == "}":
			if seen != 5 {
				return errors.New("a required member is missing")
			}
			return nil
		default:
			return errors.New("expected ',' or '}'")
		}
	}
}

func parseIndex(b []byte) (int64, []byte, error) {
	end := 0
	for end < len(b) && (b[end] == '-' || (b[end] >= '0' && b[end] <= '9')) {
		end++
	}
	v, err := strconv.ParseInt(string(b[:end]), 10, 64)
	if err != nil {
		return 0, nil, fmt.Errorf("index: %v", err)
	}
	return v, b[end:], nil
}

// common are envelope values shared by many records, returned without
// allocating a string for each.
var common = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{RecordFormat, RecordFormatV1, "allow", "deny", "ask", TypeDecision, TypeOutcome, TypeSessionStart,
		TypeSessionEnd, TypePolicyLoad, TypeApproval, TypePrune, TypeCheckpoint, TypeFailOpen, TypeFailure, TypeErasure,
		TypeTamper, TypeGovernanceChange, TypeTamperAck, TypeGovernanceAccept, "event", "mandate", "fail-closed"} {
		m[s] = s
	}
	return m
}()

// parseValue is parseString that returns a common value without
// allocating.
func parseValue(b []byte) (string, []byte, error) {
	if len(b) > 1 && b[0] == '"' {
		if end := bytes.IndexByte(b[1:], '"'); end >= 0 {
			if s, ok := common[string(b[1:1+end])]; ok && bytes.IndexByte(b[1:1+end], '\\') < 0 {
				return s, b[2+end:], nil
			}
		}
	}
	return parseString(b)
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
