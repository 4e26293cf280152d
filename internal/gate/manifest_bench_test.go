package gate

import (
	"context"
	"testing"
)

// BenchmarkReadManifest is what a hook process without the resident
// engine pays per manifest and call.
func BenchmarkReadManifest(b *testing.B) {
	e := newEnv(b, "")
	ctx := context.Background()
	ev := e.call(e.repo, "s-1", "t-1", "ls")
	if _, err := e.g.session(ctx, ev); err != nil {
		b.Fatal(err)
	}
	path := e.g.cfg.pins.manifestPath(globalScope)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := readManifest(path); err != nil {
			b.Fatal(err)
		}
	}
}
