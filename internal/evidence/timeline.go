package evidence

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Timeline is one session's full story, as `mandate session show` prints
// it: who (and where that came from), which agent and model, the policy
// texts that decided, and every event in order — each action with its
// decision, reason and outcome, approvals, tamper and governance records,
// the digests of the files the session wrote.
type Timeline struct {
	Session      string    `json:"session_id"`
	Agent        string    `json:"agent"`
	AgentVersion string    `json:"agent_version,omitempty"`
	Model        string    `json:"model,omitempty"`
	User         string    `json:"user"`
	Host         string    `json:"host,omitempty"`
	Repo         string    `json:"repo,omitempty"`
	Commit       string    `json:"commit,omitempty"`
	TrustLevel   string    `json:"trust_level,omitempty"`
	First        time.Time `json:"first"`
	Last         time.Time `json:"last"`
	Ended        bool      `json:"ended"`
	// Identity is what the session.start record says about the user's
	// and groups' sources and the trust level's (see docs/identity.md).
	Identity map[string]any `json:"identity,omitempty"`
	Policies []PolicyRef    `json:"policies"`
	Allowed  int            `json:"allowed"`
	Denied   int            `json:"denied"`
	Asked    int            `json:"asked"`
	Events   []Event        `json:"events"`
	// Pseudonymized is true when the session's identity was erased
	// (PruneSubject): User is the subject's pseudonym.
	Pseudonymized bool `json:"pseudonymized,omitempty"`
}

// PolicyRef is a policy a session's records name, with where its text is.
type PolicyRef struct {
	Digest string `json:"digest"`
	// Path is the policy file the text was loaded from.
	Path string `json:"path,omitempty"`
	// Record is the index of the policy.load record holding the text; -1
	// when the source does not hold it.
	Record int64 `json:"record"`
	// Pinned is true when the policy decided as the session's pinned
	// policy (beside the one located for a call).
	Pinned bool `json:"pinned,omitempty"`
	// Error is the parse error of a policy that did not load.
	Error string `json:"error,omitempty"`
	Text  string `json:"text,omitempty"`
}

// Event is one record of a timeline.
type Event struct {
	Index int64     `json:"index"`
	Time  time.Time `json:"time"`
	Type  string    `json:"type"`
	Tool  string    `json:"tool,omitempty"`
	// Action is what the call did: its command, file or URL.
	Action   string `json:"action,omitempty"`
	Decision string `json:"decision,omitempty"` // DecisionOf
	Policy   string `json:"policy,omitempty"`
	Rule     string `json:"rule,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// Outcome is the result of the call (from its outcome record):
	// success, failure or unknown, with the exit code when there is one.
	Outcome      string `json:"outcome,omitempty"`
	OutcomeIndex int64  `json:"outcome_index,omitempty"`
	Approval     string `json:"approval,omitempty"`
	// Files are the digests of the files the call wrote.
	Files []FileDigest `json:"files,omitempty"`
	// Detail says what a tamper, governance or other record is about.
	Detail        string `json:"detail,omitempty"`
	PolicyDigest  string `json:"policy_digest,omitempty"`
	Pruned        bool   `json:"pruned,omitempty"`
	Pseudonymized bool   `json:"pseudonymized,omitempty"`
}

// FileDigest is a file a call wrote, and its SHA-256 after the call.
type FileDigest struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// SessionTimeline returns the timeline of session id in src (an exact id:
// see ResolveSession for prefixes). A session src does not hold is
// ErrNoSession.
func SessionTimeline(ctx context.Context, src Source, id string) (*Timeline, error) {
	tl := &Timeline{Session: id}
	loads := map[string]PolicyRef{} // every policy text in src, by digest
	named := map[string]bool{}      // digests the session names
	var order []string
	pinned := map[string]bool{}
	open := map[string]int{} // tool use id → index in Events of its decision
	lastByTool := map[string]int{}
	err := src.scan(ctx, func(l *line) error {
		typ := l.env.Type
		if typ == TypePolicyLoad || typ == TypeGovernanceChange {
			if e, err := l.entry(); err == nil && e.Record.PolicyText != "" {
				if _, ok := loads[e.Record.PolicyDigest]; !ok {
					loads[e.Record.PolicyDigest] = PolicyRef{Digest: e.Record.PolicyDigest, Path: e.Record.ResourcePath,
						Record: e.Index, Error: e.Record.extraString("error"), Text: e.Record.PolicyText}
				}
			}
		}
		if l.env.SessionID != id && !(typ == TypeTamper && tamperNames(l, id)) {
			return nil
		}
		e, err := l.entry()
		if err != nil {
			return fmt.Errorf("%w: record %d: %v", ErrDamaged, l.env.Index, err)
		}
		tl.add(&e, named, &order, pinned, open, lastByTool)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(tl.Events) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoSession, id)
	}
	for _, d := range order {
		ref, ok := loads[d]
		if !ok {
			ref = PolicyRef{Digest: d, Record: -1}
		}
		ref.Pinned = pinned[d]
		tl.Policies = append(tl.Policies, ref)
	}
	return tl, nil
}

// tamperNames reports whether a tamper record (of another session) names
// session id among the calls in flight.
func tamperNames(l *line, id string) bool {
	return l.payload != nil && strings.Contains(string(l.payload), `"session_id":`+fmt.Sprintf("%q", id))
}

// add puts one record of the session on the timeline.
func (tl *Timeline) add(e *Entry, named map[string]bool, order *[]string, pinned map[string]bool, open, lastByTool map[string]int) {
	r := &e.Record
	if tl.First.IsZero() || r.Timestamp.Before(tl.First) {
		tl.First = r.Timestamp
	}
	if r.Timestamp.After(tl.Last) {
		tl.Last = r.Timestamp
	}
	if r.SessionID == tl.Session {
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		fill(&tl.Agent, r.Agent)
		fill(&tl.AgentVersion, r.AgentVersion)
		fill(&tl.Model, r.Model)
		fill(&tl.User, r.User)
		fill(&tl.Host, r.Host)
		fill(&tl.Repo, r.Repo)
		fill(&tl.Commit, r.Commit)
		fill(&tl.TrustLevel, r.TrustLevel)
		tl.Pseudonymized = tl.Pseudonymized || e.Pseudonymized
	}
	for _, d := range []string{r.PolicyDigest, r.PinnedPolicyDigest} {
		if d != "" && !named[d] && r.Type != TypePolicyLoad {
			named[d] = true
			*order = append(*order, d)
		}
	}
	if r.PinnedPolicyDigest != "" {
		pinned[r.PinnedPolicyDigest] = true
	}
	ev := Event{Index: e.Index, Time: r.Timestamp, Type: r.Type, Tool: r.Tool, Action: actionOf(r), Decision: DecisionOf(r),
		Policy: r.Policy, Rule: r.Rule, Reason: r.Reason, Approval: r.ApprovalStatus, PolicyDigest: r.PolicyDigest,
		Pruned: e.Pruned, Pseudonymized: e.Pseudonymized}
	switch r.Type {
	case TypeSessionStart:
		tl.Identity = identityExtra(r.Extra)
	case TypeSessionEnd:
		tl.Ended = true
	case TypeOutcome:
		if k, ok := tl.pair(r, open, lastByTool); ok {
			d := &tl.Events[k]
			d.Outcome, d.OutcomeIndex = outcomeOf(r), e.Index
			d.Files = filesOf(r)
		}
		ev.Outcome, ev.Files = outcomeOf(r), filesOf(r)
	case TypeTamper, TypeGovernanceChange:
		ev.Detail = fmt.Sprintf("%s %s: %s → %s", r.extraString("kind"), r.extraString("file"), r.extraString("old_digest"), r.extraString("new_digest"))
	case TypeTamperAck:
		ev.Detail = fmt.Sprintf("acknowledged by %s", r.User)
	case TypeGovernanceAccept:
		ev.Detail = fmt.Sprintf("accepted by %s (%s)", r.User, r.extraString("by"))
	case TypeApproval:
		ev.Detail = r.ApprovalStatus
	}
	switch ev.Decision {
	case "allow":
		tl.Allowed++
	case "deny":
		tl.Denied++
	case "ask":
		tl.Asked++
	}
	tl.Events = append(tl.Events, ev)
	if ev.Decision != "" && r.SessionID == tl.Session {
		if r.ToolUseID != "" {
			open[r.ToolUseID] = len(tl.Events) - 1
		}
		lastByTool[r.Tool] = len(tl.Events) - 1
	}
}

// pair finds the decision an outcome record answers: by tool use id, else
// the latest decision for the same tool without an outcome.
func (tl *Timeline) pair(r *Record, open, lastByTool map[string]int) (int, bool) {
	if r.ToolUseID != "" {
		k, ok := open[r.ToolUseID]
		if ok {
			delete(open, r.ToolUseID)
		}
		return k, ok
	}
	k, ok := lastByTool[r.Tool]
	if ok && tl.Events[k].Outcome == "" {
		delete(lastByTool, r.Tool)
		return k, true
	}
	return 0, false
}

// identityKeys are the session.start extra members a timeline shows.
var identityKeys = []string{"user_source", "groups", "groups_source", "trust"}

func identityExtra(x map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range identityKeys {
		if v, ok := x[k]; ok {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// actionKeys are the tool-input members that say what a call did, most
// telling first.
var actionKeys = []string{"command", "cmd", "file_path", "path", "notebook_path", "url", "pattern", "query"}

// actionOf is what a record's call did, in one line.
func actionOf(r *Record) string {
	for _, k := range actionKeys {
		switch v := r.Params[k].(type) {
		case string:
			if v != "" {
				return v
			}
		case []any:
			var parts []string
			for _, x := range v {
				if s, ok := x.(string); ok {
					parts = append(parts, s)
				}
			}
			if len(parts) > 0 {
				return strings.Join(parts, " ")
			}
		}
	}
	return r.ResourcePath
}

func outcomeOf(r *Record) string {
	out := r.Result
	if out == "" {
		out = "unknown"
	}
	if r.ExitCode != nil {
		out += fmt.Sprintf(" (exit %d)", *r.ExitCode)
	}
	if msg := r.extraString("error"); msg != "" {
		out += ": " + msg
	}
	return out
}

func filesOf(r *Record) []FileDigest {
	list, _ := r.Extra["files"].([]any)
	var out []FileDigest
	for _, f := range list {
		m, _ := f.(map[string]any)
		p, _ := m["path"].(string)
		h, _ := m["sha256"].(string)
		if p != "" {
			out = append(out, FileDigest{Path: p, SHA256: h})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
