package report

import (
	"fmt"
	"time"

	"github.com/mandate-dev/mandate/internal/evidence"
)

// bucketWidths choose the chart's bucket width from the span the
// decisions cover: the first row whose span is at least theirs.
var bucketWidths = []struct {
	span, width time.Duration
	label       string
}{
	{2 * time.Hour, 5 * time.Minute, "5 minutes"},
	{2 * 24 * time.Hour, time.Hour, "hour"},
	{62 * 24 * time.Hour, 24 * time.Hour, "day"},
	{2 * 365 * 24 * time.Hour, 7 * 24 * time.Hour, "week"},
	{1 << 62, 30 * 24 * time.Hour, "30 days"},
}

// maxBuckets bounds the chart: a wider bucket is used beyond it.
const maxBuckets = 200

// buckets counts the decisions per bucket, from the first decision's
// bucket to the last's (empty buckets included, so time reads evenly).
func buckets(es []evidence.Entry, loc *time.Location) ([]Bucket, string) {
	if len(es) == 0 {
		return nil, ""
	}
	first, last := es[0].Record.Timestamp, es[0].Record.Timestamp
	for _, e := range es {
		t := e.Record.Timestamp
		if t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	span := last.Sub(first)
	w := bucketWidths[len(bucketWidths)-1]
	for _, bw := range bucketWidths {
		if span <= bw.span {
			w = bw
			break
		}
	}
	width, label := w.width, w.label
	for span/width >= maxBuckets {
		width *= 2
		label = width.String()
		if width >= 24*time.Hour {
			label = fmt.Sprintf("%d days", width/(24*time.Hour))
		}
	}
	start := align(first.In(loc), width)
	n := int(last.Sub(start)/width) + 1
	out := make([]Bucket, n)
	for i := range out {
		out[i].Start = start.Add(time.Duration(i) * width)
	}
	for _, e := range es {
		k := int(e.Record.Timestamp.Sub(start) / width)
		if k < 0 || k >= n {
			continue
		}
		count(evidence.DecisionOf(&e.Record), &out[k].Allowed, &out[k].Denied, &out[k].Asked)
	}
	return out, label
}

// align is t's bucket start: a day or longer starts at midnight in t's
// location (a week on a Monday), shorter widths on their multiple.
func align(t time.Time, width time.Duration) time.Time {
	if width < 24*time.Hour {
		return t.Truncate(width)
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	if width == 7*24*time.Hour {
		d = d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	}
	return d
}
