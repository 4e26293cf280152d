package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTokenRulesQuietOnRepoSource: the new readers mask nothing in this
// repository's own Go source (everyday code of every kind).
func TestTokenRulesQuietOnRepoSource(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	ids := map[string]bool{"private-key": true}
	for _, f := range tokenFormats {
		ids[f.id] = true
	}
	files, _ := filepath.Glob("../*/*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if _, got := r.Text(line); len(got) > 0 {
				for _, id := range got {
					if ids[id] {
						t.Errorf("%s:%d: %s fired on code: %q", f, i+1, id, line)
					}
				}
			}
		}
	}
}
