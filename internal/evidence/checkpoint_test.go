package evidence

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func FuzzParseCheckpointLine(f *testing.F) {
	dir := f.TempDir()
	l, err := Open(dir, testOptions(f))
	if err != nil {
		f.Fatal(err)
	}
	defer l.Close()
	appendN(f, l, "s", 2)
	for i := 0; i < 2; i++ {
		if _, err := l.Checkpoint(context.Background()); err != nil {
			f.Fatal(err)
		}
	}
	b, err := readEvFile(dir, checkpointsFile)
	if err != nil {
		f.Fatal(err)
	}
	for _, ln := range splitLines(b) {
		f.Add(bytes.TrimSuffix(ln, []byte("\n")))
	}
	f.Add([]byte(`{"note":""}`))
	v := l.verifier
	f.Fuzz(func(t *testing.T, b []byte) {
		cp, err := parseCheckpointLine(b, v)
		if err != nil {
			return
		}
		// Anything accepted is signed by v and names its origin.
		if cp.Origin != v.Name() || cp.Tree.N < 0 || cp.Seq < 0 {
			t.Fatalf("accepted %+v", cp)
		}
		if n, ok := quickCheckpointSize(b); !ok || n != cp.Tree.N {
			t.Fatalf("quick size %d %v, parsed %d", n, ok, cp.Tree.N)
		}
	})
}

// Item 5: the unsigned tail stays bounded by records and by time, with no
// timer: the append that finds the bound reached signs first.
func TestCheckpointBound(t *testing.T) {
	ctx := context.Background()
	type step struct {
		after time.Duration // clock advance before the append
		cps   int           // checkpoints after it
	}
	cases := []struct {
		name  string
		bound CheckpointBound
		steps []step
	}{
		{"by count", CheckpointBound{Every: 3, Interval: -1}, []step{{0, 0}, {0, 0}, {0, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 2}, {0, 2}}},
		{"by time", CheckpointBound{Every: -1, Interval: time.Minute}, []step{{0, 0}, {10 * time.Second, 0}, {49 * time.Second, 0}, {time.Second, 1}, {59 * time.Second, 1}, {time.Second, 2}}},
		{"idle for an hour", CheckpointBound{}, []step{{0, 0}, {time.Hour, 1}, {time.Hour, 2}, {time.Second, 2}}},
		{"checkpoint record alone is not signed again", CheckpointBound{Every: -1, Interval: time.Minute}, []step{{0, 0}, {time.Minute, 1}, {time.Hour, 2}, {time.Hour, 3}}},
		{"no bound", CheckpointBound{Every: -1, Interval: -1}, []step{{0, 0}, {time.Hour, 0}, {time.Hour, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			now := t0
			opt := testOptions(t)
			opt.Now = func() time.Time { return now }
			opt.Checkpoints = tc.bound
			l, err := Open(dir, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			for i, s := range tc.steps {
				now = now.Add(s.after)
				if _, err := l.Append(ctx, decision("s", i, "allow")); err != nil {
					t.Fatal(err)
				}
				rep := mustVerify(t, dir)
				if rep.Checkpoints != s.cps {
					t.Fatalf("after append %d: %d checkpoints, want %d (%+v)", i, rep.Checkpoints, s.cps, rep)
				}
				if b := tc.bound.resolved(); b.Every > 0 && rep.Unsigned > b.Every+1 {
					t.Fatalf("after append %d: %d unsigned, over the bound %d", i, rep.Unsigned, b.Every)
				}
			}
		})
	}
}

func TestCheckpointPending(t *testing.T) {
	dir := t.TempDir()
	l := openTest(t, dir)
	ctx := context.Background()
	if msg, err := l.CheckpointPending(ctx); err != nil || msg != nil {
		t.Fatalf("empty log: %q %v", msg, err)
	}
	appendN(t, l, "s", 2)
	if msg, err := l.CheckpointPending(ctx); err != nil || msg == nil {
		t.Fatalf("unsigned records: %q %v", msg, err)
	}
	if msg, err := l.CheckpointPending(ctx); err != nil || msg != nil {
		t.Fatalf("only the checkpoint's own record unsigned: %q %v", msg, err)
	}
	if rep := mustVerify(t, dir); rep.Checkpoints != 1 || rep.Unsigned != 1 {
		t.Errorf("%+v", rep)
	}
}

func TestCheckpointBoundStricter(t *testing.T) {
	cases := []struct{ a, b, want CheckpointBound }{
		{CheckpointBound{}, CheckpointBound{}, CheckpointBound{Every: 1000, Interval: time.Minute}},
		{CheckpointBound{Every: 10}, CheckpointBound{Interval: time.Second}, CheckpointBound{Every: 10, Interval: time.Second}},
		{CheckpointBound{Every: -1, Interval: -1}, CheckpointBound{Every: 50}, CheckpointBound{Every: 50, Interval: time.Minute}},
		{CheckpointBound{Every: -1, Interval: -1}, CheckpointBound{Every: -1, Interval: -1}, CheckpointBound{Every: -1, Interval: -1}},
	}
	for _, tc := range cases {
		if got := tc.a.Stricter(tc.b); got != tc.want {
			t.Errorf("%+v.Stricter(%+v) = %+v, want %+v", tc.a, tc.b, got, tc.want)
		}
	}
}

// Hook processes each open the log for one call: the bound holds across
// writers, read from the files (the latest checkpoint), not remembered.
func TestCheckpointBoundAcrossWriters(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	opt := testOptions(t)
	opt.Checkpoints = CheckpointBound{Every: 4, Interval: -1}
	for i := 0; i < 20; i++ {
		l, err := Open(dir, opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.Append(ctx, decision("s", i, "deny")); err != nil {
			t.Fatal(err)
		}
		l.Close()
		if rep := mustVerify(t, dir); rep.Unsigned > 5 {
			t.Fatalf("after %d one-call writers: %d unsigned", i+1, rep.Unsigned)
		}
	}
}
