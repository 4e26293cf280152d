package evidence

import (
	"fmt"
	"strconv"
	"time"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// cutoffUnits are the ages ParseCutoff accepts ("90d" is 90 days ago).
var cutoffUnits = &lazy.Value[map[byte]time.Duration]{New: func() map[byte]time.Duration {
	return map[byte]time.Duration{
		'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour,
	}
}}

// ParseCutoff reads a prune cut-off: RFC 3339 (2026-03-07T14:32:15Z), a
// date (2026-03-07, midnight in loc, UTC when nil), or an age before now
// (90d, 36h, 2w, 30m). Anything else, and any time after now, is an error
// that says what is accepted: nothing is erased on a guess.
func ParseCutoff(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	var t time.Time
	var err error
	switch {
	case s == "":
		return t, fmt.Errorf("evidence: a cut-off is required: RFC 3339 (2026-03-07T14:32:15Z), a date (2026-03-07) or an age (90d, 36h, 2w)")
	case len(s) > 1 && cutoffUnits.Get()[s[len(s)-1]] != 0 && s[0] >= '0' && s[0] <= '9':
		n, perr := strconv.ParseUint(s[:len(s)-1], 10, 31)
		if perr != nil || n == 0 {
			return t, fmt.Errorf("evidence: cut-off %q: an age is a positive whole number of minutes, hours, days or weeks (30m, 36h, 90d, 2w)", s)
		}
		t = now.Add(-time.Duration(n) * cutoffUnits.Get()[s[len(s)-1]])
	default:
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			if t, err = time.ParseInLocation("2006-01-02", s, loc); err != nil {
				return t, fmt.Errorf("evidence: cut-off %q: want RFC 3339 (2026-03-07T14:32:15Z), a date (2026-03-07) or an age (90d, 36h, 2w)", s)
			}
		}
	}
	if t.After(now) {
		return t, fmt.Errorf("evidence: cut-off %q is %s, in the future (now is %s): nothing would be kept", s, t.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return t, nil
}
