package evidence

import (
	"encoding/json"
	"time"

	"github.com/mandate-dev/mandate/internal/policy"
	"github.com/mandate-dev/mandate/internal/redact"
)

// Format versions. A record line names its format in its envelope's "v";
// a reader accepts both, a writer writes RecordFormat. The checkpoint note
// format did not change with the records and keeps its name.
const (
	// RecordFormat is the record line written since issue 10: the
	// envelope (the Merkle leaf) carries the fields an audit counts
	// (agent, tool, decision, policy, rule, policy digests) and commits to
	// an identity part (user, host, repository) and a payload by digest;
	// see docs/evidence-format.md.
	RecordFormat = "mandate evidence v2"
	// RecordFormatV1 is the original record line: envelope (index,
	// session, timestamp, type, payload digest) and payload.
	RecordFormatV1 = "mandate evidence v1"
	// CheckpointFormat is the fourth line of every checkpoint note.
	CheckpointFormat = "mandate evidence v1"
)

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
	// TypeFailure is an action Mandate refused because it could not
	// check it (fail-closed): a deny, counted as one everywhere.
	TypeFailure = "failure"
	// TypeErasure is a subject erasure (PruneSubject), written by the log
	// itself: which records' identities were replaced by the subject's
	// pseudonym and which payloads naming the subject were erased.
	TypeErasure = "erasure"
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
	// TypeGovernanceAccept is the acceptance of governance changes: a
	// person's of a pending policy change (mandate policy accept), or
	// Mandate's own of a file it wrote (install, uninstall, policy
	// init, run by a person), with who and which digests.
	TypeGovernanceAccept = "governance.accept"
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
	// Pruned is true when the payload was erased (by Prune past retention,
	// or by PruneSubject because it named the subject). What the envelope
	// and the identity part hold remains: for a v2 record the type,
	// timestamp, session, agent, tool, decision, policy, rule and policy
	// digests, and the user, host and repository; for a v1 record only the
	// type, timestamp and session.
	Pruned bool `json:"pruned,omitempty"`
	// Pseudonymized is true when the record's identity (user, host,
	// repository) was replaced by PruneSubject: Record.User holds the
	// subject's pseudonym, Host and Repo are empty.
	Pseudonymized bool `json:"pseudonymized,omitempty"`
	// Format is the record line's format (RecordFormat or RecordFormatV1).
	Format string `json:"format"`
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
