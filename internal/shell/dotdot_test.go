package shell

import (
	"strings"
	"testing"
)

// Past maxDotRefs, a path with `..` after a name is not resolved through
// the line's links: the line is opaque, never judged by the lexical path
// (padding the line with such paths before ln -s ../docs src/s; echo >
// src/s/../agent-policy.yaml would otherwise hide the policy write).
func TestDotRefsBoundIsOpaque(t *testing.T) {
	pad := strings.Repeat("cat src/a/../README.md; ", maxDotRefs)
	for _, tc := range []struct {
		line   string
		opaque bool
	}{
		{"ln -s ../docs src/s; echo x > src/s/../agent-policy.yaml", false},
		{pad + "ln -s ../docs src/s; echo x > src/s/../agent-policy.yaml", true},
	} {
		r, err := Analyze(tc.line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
		if err != nil {
			t.Fatal(err)
		}
		opaque := false
		for _, o := range r.Opaque {
			if strings.Contains(o.Reason, "`..` after a name") {
				opaque = true
			}
		}
		if opaque != tc.opaque {
			t.Errorf("%.60q…: opaque %v, want %v", tc.line, opaque, tc.opaque)
		}
	}
}
