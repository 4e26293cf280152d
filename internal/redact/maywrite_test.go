package redact

import (
	"testing"
)

// TestMayWriteConservative: every line the old note recorded a write on
// and the builder could remember (an echo/print/cat/tee command, or one
// that ends a construct an earlier line opened) still passes mayWrite.
func TestMayWriteConservative(t *testing.T) {
	for _, line := range []string{
		"cat > s.sh <<'EOF'", "CAT >s.sh <<EOF", "/bin/cat > s.sh", "echo x > s.sh", "Echo x >s.sh",
		"printf '%s' x > s.sh", "print x > s.sh", "tee s.sh", "x | tee -a s.sh", "c''at > s.sh",
		"\\cat > s.sh", "$C > s.sh", "' > s.sh", "\" > s.sh", "date) > s.sh", "foo} > s.sh",
		"2] > s.sh", "` > s.sh", "(x) y) > s.sh",
	} {
		if !mayWrite(line) {
			t.Errorf("mayWrite(%q) = false", line)
		}
	}
	for _, line := range []string{"def load_config(path: str) -> dict:", "if x >= 0 {", "a -> b"} {
		if mayWrite(line) {
			t.Errorf("mayWrite(%q) = true: no command here can write a file", line)
		}
	}
}
