package evidence

import (
	"context"
	"sync"
	"testing"
)

// TestConcurrentOpenAndAppend opens one fresh state directory from many
// goroutines at once (each Log has its own lock file description, so they
// exclude each other like processes do) and appends from all of them.
func TestConcurrentOpenAndAppend(t *testing.T) {
	dir := t.TempDir()
	const workers, each = 8, 15
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int64]bool{}
	keys := map[string]bool{}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := Open(dir, Options{Redactor: testRedactor(t)})
			if err != nil {
				t.Error(err)
				return
			}
			defer l.Close()
			mu.Lock()
			keys[l.verifier.Name()] = true
			mu.Unlock()
			for i := 0; i < each; i++ {
				idx, err := l.Append(context.Background(), decision("c", i, "allow"))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[idx] {
					t.Errorf("index %d handed out twice", idx)
				}
				seen[idx] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(keys) != 1 {
		t.Errorf("concurrent first use created %d different keys", len(keys))
	}
	rep := mustVerify(t, dir)
	if rep.Records != workers*each || len(seen) != workers*each {
		t.Errorf("%d records, %d indexes, want %d", rep.Records, len(seen), workers*each)
	}
}
