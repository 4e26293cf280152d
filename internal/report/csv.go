package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/mandate-dev/mandate/internal/termsafe"
)

// csvColumns is the one table WriteCSV writes; section says what a row
// is (see the package doc).
var csvColumns = []string{"section", "name", "value", "index", "time", "session", "user", "agent", "tool", "action",
	"decision", "policy", "rule", "reason", "policy_digest", "allowed", "denied", "asked"}

// WriteCSV writes r as one CSV table: the verification facts, the
// sessions, the decisions over time, the policy versions, and every
// denial and ask (all of them, however many).
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	put := func(m map[string]string) {
		rec := make([]string, len(csvColumns))
		for i, c := range csvColumns {
			rec[i] = csvSafe(termsafe.Text(m[c]))
		}
		cw.Write(rec)
	}
	cw.Write(csvColumns)
	v := &r.Verification
	facts := [][2]string{{"status", v.status()}, {"evidence", v.Kind}, {"ok", fmt.Sprint(v.OK)}, {"trusted", fmt.Sprint(v.Trusted)},
		{"trust", v.Trust}, {"key", v.Key}, {"origin", v.Origin}, {"problem", v.Problem}, {"checkpoints", fmt.Sprint(v.Checkpoints)},
		{"tree_size", fmt.Sprint(v.TreeSize)}, {"root_hash", v.RootHash}, {"checkpoint_time", r.when(v.CheckpointTime)},
		{"records", fmt.Sprint(v.Records)}, {"pruned", fmt.Sprint(v.Pruned)}, {"pseudonymized", fmt.Sprint(v.Pseudonymized)},
		{"unsigned", fmt.Sprint(v.Unsigned)}, {"generated", r.when(r.Generated)}, {"source", r.Source}}
	for _, wn := range v.Warnings {
		facts = append(facts, [2]string{"warning", wn})
	}
	for _, f := range facts {
		put(map[string]string{"section": "verification", "name": f[0], "value": f[1]})
	}
	for _, s := range r.Sessions {
		ended := "open"
		if s.Ended {
			ended = "ended"
		}
		put(map[string]string{"section": "session", "session": s.ID, "user": s.User, "agent": s.Agent, "time": r.when(s.First),
			"name": "last " + r.when(s.Last), "value": ended, "index": fmt.Sprint(s.Records),
			"allowed": fmt.Sprint(s.Allowed), "denied": fmt.Sprint(s.Denied), "asked": fmt.Sprint(s.Asked)})
	}
	for _, b := range r.Buckets {
		put(map[string]string{"section": "decisions", "name": r.Width, "time": r.when(b.Start),
			"allowed": fmt.Sprint(b.Allowed), "denied": fmt.Sprint(b.Denied), "asked": fmt.Sprint(b.Asked)})
	}
	for _, p := range r.Policies {
		rec := "not in this evidence"
		if p.Record >= 0 {
			rec = "recorded"
		}
		m := map[string]string{"section": "policy", "policy_digest": p.Digest, "name": p.Path, "value": rec, "reason": p.Error,
			"allowed": fmt.Sprint(p.Allowed), "denied": fmt.Sprint(p.Denied), "asked": fmt.Sprint(p.Asked)}
		if p.Record >= 0 {
			m["index"], m["time"] = fmt.Sprint(p.Record), r.when(p.Loaded)
		}
		put(m)
	}
	for _, f := range r.Flagged {
		put(map[string]string{"section": "flagged", "index": fmt.Sprint(f.Index), "time": r.when(f.Time), "session": f.Session,
			"user": f.User, "agent": f.Agent, "tool": f.Tool, "action": f.Action, "decision": f.Decision, "policy": f.Policy,
			"rule": f.Rule, "reason": f.Reason})
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from running a cell as a formula. (Cells
// are passed through termsafe.Text first: a CR or an ESC in a record is
// shown escaped, not acted on by a terminal showing the file.)
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
