package evidence

import (
	"context"
	"testing"
	"time"
)

// BenchmarkAppend measures one durable append (redaction, canonical JSON,
// lock, tail check, write, fdatasync of the record and of its hashes) on
// the disk that holds the test's temporary directory.
func BenchmarkAppend(b *testing.B) {
	dir := b.TempDir()
	l, err := Open(dir, benchOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	r := decision("bench", 1, "allow")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := l.Append(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendNoSync is BenchmarkAppend without the two fdatasyncs: the
// difference is what durability costs on this disk.
func BenchmarkAppendNoSync(b *testing.B) {
	dir := b.TempDir()
	l, err := Open(dir, benchOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	l.noSync = true
	r := decision("bench", 1, "allow")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := l.Append(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}

// benchOptions are testOptions with the unsigned-tail bound by count only
// (a checkpoint every 1,000 records, amortized in the figure): the test
// clock advances a second per record, which would sign every 60.
func benchOptions(b *testing.B) Options {
	opt := testOptions(b)
	opt.Checkpoints = CheckpointBound{Interval: -1}
	return opt
}

// BenchmarkVerify verifies a log of 50,000 typical records with
// checkpoints and reports records per second.
func BenchmarkVerify(b *testing.B) {
	const n = 50000
	dir := b.TempDir()
	l, err := Open(dir, testOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	l.noSync = true // building the fixture only
	ctx := context.Background()
	// Redact and encode 100 distinct records once, then append them
	// round-robin (the redactor's speed is not what this measures).
	var ps []prepared
	for i := 0; i < 100; i++ {
		p, err := l.prepare(decision("bench", i, "allow"))
		if err != nil {
			b.Fatal(err)
		}
		ps = append(ps, p)
	}
	for i := 0; i < n; i++ {
		if err := l.lk.lock(); err != nil {
			b.Fatal(err)
		}
		idx, size, err := l.recoverLocked()
		if err == nil {
			_, err = l.appendLocked(ps[i%len(ps)], idx, size)
		}
		l.lk.unlock()
		if err != nil {
			b.Fatal(err)
		}
		if i%5000 == 4999 {
			if _, err := l.Checkpoint(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	st, _ := l.rec.Stat()
	b.Logf("fixture: %d records, %d bytes", n, st.Size())
	l.Close()
	b.ResetTimer()
	start := time.Now()
	var recs int64
	for i := 0; i < b.N; i++ {
		rep, err := Verify(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		recs += rep.Records
	}
	b.ReportMetric(float64(recs)/time.Since(start).Seconds(), "records/s")
}

// BenchmarkScanTypesFollow is the gate's lock derivation in a resident
// engine: one record appended (not timed), then a scan from the cursor
// the previous scan returned.
func BenchmarkScanTypesFollow(b *testing.B) {
	b.Run("ScanTypes", func(b *testing.B) { benchFollow(b, b.TempDir(), ScanTypes) })
	b.Run("Follower", func(b *testing.B) {
		dir := b.TempDir()
		fl := NewFollower(dir)
		benchFollow(b, dir, func(ctx context.Context, _ string, c Cursor, types []string, fn func(Entry) error) (Cursor, bool, error) {
			return fl.Scan(ctx, c, types, fn)
		})
	})
}

func benchFollow(b *testing.B, dir string, scanTypes func(context.Context, string, Cursor, []string, func(Entry) error) (Cursor, bool, error)) {
	l, err := Open(dir, benchOptions(b))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	l.noSync = true
	r := decision("bench", 1, "allow")
	ctx := context.Background()
	types := []string{TypeTamper, TypeTamperAck}
	var c Cursor
	for i := 0; i < 20; i++ {
		if _, err := l.Append(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := l.Append(ctx, r); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var restarted bool
		if c, restarted, err = scanTypes(ctx, dir, c, types, func(Entry) error { return nil }); err != nil || (restarted && i > 0) {
			b.Fatal(restarted, err)
		}
	}
}
