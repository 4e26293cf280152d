package report

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// Options shape a report.
type Options struct {
	// Location is the time zone times are shown in (default UTC).
	Location *time.Location
	// Now is the clock for "generated at" (default time.Now).
	Now func() time.Time
	// Source names the evidence ("evidence.bundle", "local log").
	Source string
	// MaxRows bounds the denials and asks the HTML and Markdown reports
	// list (default 2000; the CSV lists all).
	MaxRows int
}

// Report is what every format shows.
type Report struct {
	Source       string
	Generated    time.Time
	Location     *time.Location
	Verification Verification
	Sessions     []evidence.SessionSummary
	Totals       Totals
	// Buckets are the decisions over time, Width apart.
	Buckets []Bucket
	Width   string
	// Flagged are the denials and asks, oldest first.
	Flagged  []Flag
	Policies []Policy
	MaxRows  int
}

// Totals count records and decisions (evidence.DecisionOf).
type Totals struct {
	Records, Decisions, Allowed, Denied, Asked int
	Users, Agents                              int
}

// Verification is how the evidence verified.
type Verification struct {
	Kind string // "bundle" or "log"
	OK   bool
	// Trusted is true when the key was pinned, or the bundled key trusted
	// explicitly; a local log is checked with its own key.
	Trusted        bool
	Trust          string // evidence.KeyTrust for a bundle
	TrustText      string // a sentence
	Key, Origin    string
	Problem        string
	Warnings       []string
	TreeSize       int64
	RootHash       string
	CheckpointTime time.Time
	Checkpoints    int
	Records        int64
	Pruned         int64
	Pseudonymized  int64
	Unsigned       int64
}

// Bucket is one span of time's decisions.
type Bucket struct {
	Start                  time.Time
	Allowed, Denied, Asked int
}

// Flag is a denial or an ask, with its reason.
type Flag struct {
	Index                              int64
	Time                               time.Time
	Session, User, Agent, Tool, Action string
	Decision, Policy, Rule, Reason     string
}

// Policy is a policy version the evidence holds or names.
type Policy struct {
	Digest, Path string
	Record       int64 // its policy.load record, -1 if the evidence lacks the text
	Loaded       time.Time
	Error        string // a policy that did not parse
	Text         string
	Decisions    int
	Allowed      int
	Denied       int
	Asked        int
}

// FromBundle builds the report of a bundle opened by evidence.OpenBundle
// (verified or not: its report says which).
func FromBundle(ctx context.Context, b *evidence.Bundle, opts Options) (*Report, error) {
	if b == nil {
		return nil, errors.New("report: no bundle")
	}
	return Build(ctx, b, BundleVerification(b.Report), opts)
}

// BundleVerification is the verification section of a bundle's report.
func BundleVerification(r evidence.BundleReport) Verification {
	v := Verification{Kind: "bundle", OK: r.OK, Trusted: r.Trusted(), Trust: string(r.Trust), Key: r.Key, Origin: r.Origin,
		Problem: r.Problem, Warnings: r.Warnings, TreeSize: r.TreeSize, RootHash: r.RootHash, CheckpointTime: r.CheckpointTime,
		Checkpoints: r.Checkpoints, Records: r.Records, Pruned: r.Pruned, Pseudonymized: r.Pseudonymized}
	v.TrustText = trustTexts[r.Trust]
	return v
}

// LogVerification is the verification section of the local log's report.
func LogVerification(r evidence.Report) Verification {
	return Verification{Kind: "log", OK: r.OK, Trusted: r.OK, Key: r.Key, Problem: r.Problem, Warnings: r.Warnings,
		TreeSize: r.TreeSize, RootHash: r.RootHash, CheckpointTime: r.CheckpointTime, Checkpoints: r.Checkpoints,
		Records: r.Records, Pruned: r.Pruned, Pseudonymized: r.Pseudonymized, Unsigned: r.Unsigned,
		TrustText: "checked with the log's own verifier key"}
}

// trustTexts say what a bundle's key is worth.
var trustTexts = map[evidence.KeyTrust]string{
	evidence.KeyPinned:         "signed by the verifier key given to the verifier (obtained independently of the bundle)",
	evidence.KeyBundledTrusted: "signed by the key the bundle carries, which the person verifying chose to trust",
	evidence.KeyNone:           "ONLY SELF-CONSISTENT: signed by the key the bundle carries, which no one vouched for; a forged bundle signed by a forger's key would pass this too",
}

// Build reads src and returns the report.
func Build(ctx context.Context, src evidence.Source, v Verification, opts Options) (*Report, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxRows <= 0 {
		opts.MaxRows = 2000
	}
	rep := &Report{Source: opts.Source, Generated: opts.Now().In(opts.Location), Location: opts.Location, Verification: v, MaxRows: opts.MaxRows}
	sessions, err := evidence.SessionsFrom(ctx, src, evidence.Filter{})
	if err != nil {
		return nil, err
	}
	rep.Sessions = sessions
	entries, err := evidence.RecordsFrom(ctx, src, evidence.Filter{})
	if err != nil {
		return nil, err
	}
	policies := map[string]*Policy{}
	var order []string
	policy := func(d string) *Policy {
		p := policies[d]
		if p == nil {
			p = &Policy{Digest: d, Record: -1}
			policies[d] = p
			order = append(order, d)
		}
		return p
	}
	users, agents := map[string]bool{}, map[string]bool{}
	var decided []evidence.Entry
	for i := range entries {
		e := &entries[i]
		r := &e.Record
		rep.Totals.Records++
		if r.Type == evidence.TypePolicyLoad && r.PolicyDigest != "" && r.PolicyText != "" {
			if p := policy(r.PolicyDigest); p.Record < 0 {
				p.Path, p.Record, p.Loaded, p.Text = r.ResourcePath, e.Index, r.Timestamp, r.PolicyText
				p.Error, _ = r.Extra["error"].(string)
			}
		}
		d := evidence.DecisionOf(r)
		if d == "" {
			continue
		}
		decided = append(decided, *e)
		users[r.User], agents[r.Agent] = true, true
		rep.Totals.Decisions++
		count(d, &rep.Totals.Allowed, &rep.Totals.Denied, &rep.Totals.Asked)
		for _, dg := range uniq(r.PolicyDigest, r.PinnedPolicyDigest) {
			p := policy(dg)
			p.Decisions++
			count(d, &p.Allowed, &p.Denied, &p.Asked)
		}
		if d == "deny" || d == "ask" {
			rep.Flagged = append(rep.Flagged, Flag{Index: e.Index, Time: r.Timestamp, Session: r.SessionID, User: r.User, Agent: r.Agent,
				Tool: r.Tool, Action: action(r), Decision: d, Policy: r.Policy, Rule: r.Rule, Reason: r.Reason})
		}
	}
	delete(users, "")
	delete(agents, "")
	rep.Totals.Users, rep.Totals.Agents = len(users), len(agents)
	for _, d := range order {
		rep.Policies = append(rep.Policies, *policies[d])
	}
	sort.SliceStable(rep.Policies, func(i, j int) bool {
		a, b := rep.Policies[i], rep.Policies[j]
		if (a.Record < 0) != (b.Record < 0) {
			return a.Record >= 0
		}
		return a.Record < b.Record
	})
	rep.Buckets, rep.Width = buckets(decided, opts.Location)
	return rep, nil
}

func count(d string, allowed, denied, asked *int) {
	switch d {
	case "allow":
		*allowed++
	case "deny":
		*denied++
	case "ask":
		*asked++
	}
}

func uniq(a, b string) []string {
	switch {
	case a == "":
		if b == "" {
			return nil
		}
		return []string{b}
	case b == "" || b == a:
		return []string{a}
	}
	return []string{a, b}
}

// actionKeys are the tool-input members that say what a call did.
var actionKeys = []string{"command", "cmd", "file_path", "path", "notebook_path", "url", "pattern", "query"}

func action(r *evidence.Record) string {
	for _, k := range actionKeys {
		if s, ok := r.Params[k].(string); ok && s != "" {
			return s
		}
	}
	return r.ResourcePath
}
