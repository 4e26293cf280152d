package golden

import (
	"path/filepath"
	"testing"
)

func TestFirstDiff(t *testing.T) {
	tests := []struct {
		got, want string
		line      int
		g, w      string
	}{
		{"a\nb\n", "a\nc\n", 2, "b\n", "c\n"},
		{"a\n", "a\nb\n", 2, "", "b\n"},
		{"a\nb", "a\nb\n", 2, "b", "b\n"},
		{"x", "", 1, "x", ""},
	}
	for _, tt := range tests {
		line, g, w := firstDiff([]byte(tt.got), []byte(tt.want))
		if line != tt.line || string(g) != tt.g || string(w) != tt.w {
			t.Errorf("firstDiff(%q, %q) = %d, %q, %q; want %d, %q, %q", tt.got, tt.want, line, g, w, tt.line, tt.g, tt.w)
		}
	}
}

func TestCheckUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "out.golden")
	*update = true
	defer func() { *update = false }()
	Check(t, path, []byte("hello\n"))
	*update = false
	Check(t, path, []byte("hello\n"))
}
