package report

import (
	"fmt"
	"strings"
	"time"
)

// Helpers shared by the formats.

const timeLayout = "2006-01-02 15:04:05 MST"

func (r *Report) when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(r.Location).Format(timeLayout)
}

// zone names the report's time zone: its IANA name, or for the machine's
// zone (which Go calls "Local") the abbreviation in force when the report
// was generated, as the CLI's column headers name it.
func (r *Report) zone() string {
	if name := r.Location.String(); name != "Local" {
		return name
	}
	return r.Generated.In(r.Location).Format("MST") + " (local time)"
}

// short is a digest cut for a table cell ("sha256:1a2b3c4d…").
func short(d string) string {
	if len(d) > 19 {
		return d[:19] + "…"
	}
	return d
}

// oneLine is s on one line, at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// status is the one-line verification verdict every format opens with.
func (v *Verification) status() string {
	switch {
	case !v.OK && v.Problem != "":
		return "FAILED: the evidence does not verify: " + v.Problem
	case !v.OK:
		return "FAILED: the evidence does not verify"
	case !v.Trusted:
		return "NOT TRUSTED: the evidence is only self-consistent (no verifier key was given, and the bundle's own was not trusted)"
	}
	return fmt.Sprintf("VERIFIED: every record is included in the signed checkpoint of %d records; %s", v.TreeSize, v.TrustText)
}

// level is the verdict's severity, for styling: ok, warn or bad.
func (v *Verification) level() string {
	switch {
	case !v.OK:
		return "bad"
	case !v.Trusted:
		return "warn"
	}
	return "ok"
}

// shown returns the flagged rows a bounded format lists.
func (r *Report) shown() []Flag {
	if len(r.Flagged) > r.MaxRows {
		return r.Flagged[:r.MaxRows]
	}
	return r.Flagged
}
