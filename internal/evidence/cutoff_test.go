package evidence

import (
	"strings"
	"testing"
	"time"
)

func TestParseCutoff(t *testing.T) {
	now := time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"90d", now.AddDate(0, 0, -90), ""},
		{"36h", now.Add(-36 * time.Hour), ""},
		{"2w", now.AddDate(0, 0, -14), ""},
		{"30m", now.Add(-30 * time.Minute), ""},
		{"2026-03-01", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), ""},
		{"2026-03-01T10:00:00+01:00", time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), ""},
		{"", time.Time{}, "a cut-off is required"},
		{"yesterday", time.Time{}, "want RFC 3339"},
		{"0d", time.Time{}, "positive whole number"},
		{"-5d", time.Time{}, "want RFC 3339"},
		{"99999999999d", time.Time{}, "positive whole number"},
		{"2026-03-08", time.Time{}, "in the future"},
		{"2027-01-01T00:00:00Z", time.Time{}, "in the future"},
	}
	for _, tc := range cases {
		got, err := ParseCutoff(tc.in, now, nil)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%q: %v %v, want %v", tc.in, got, err, tc.want)
		}
	}
}
