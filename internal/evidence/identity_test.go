package evidence

import (
	"bytes"
	"testing"

	"github.com/mandate-dev/mandate/internal/canonjson"
)

// TestEncodeIdentityIsCanonical: the identity part, written directly, is
// canonjson's encoding of the same object (empty fields left out).
func TestEncodeIdentityIsCanonical(t *testing.T) {
	vals := []string{"", "root", "vm", "/home/dev/project", "a\"b\\c\n\x01é😀\u2028", "0123456789abcdef0123456789abcdef"}
	for _, u := range vals {
		for _, h := range vals {
			for _, r := range vals {
				for _, s := range []string{"", "00ff", "a\"\x7f"} {
					got, err := encodeIdentity(u, h, r, s)
					if err != nil {
						t.Fatal(err)
					}
					if u == "" && h == "" && r == "" {
						if got != nil {
							t.Fatalf("no identity: got %q", got)
						}
						continue
					}
					m := map[string]any{"salt": s}
					for k, v := range map[string]string{"user": u, "host": h, "repo": r} {
						if v != "" {
							m[k] = v
						}
					}
					want, err := canonjson.Marshal(m)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, want) {
						t.Fatalf("encodeIdentity(%q, %q, %q, %q) = %s, want %s", u, h, r, s, got, want)
					}
				}
			}
		}
	}
	if _, err := encodeIdentity("\xff", "", "", "00"); err == nil {
		t.Fatal("invalid UTF-8 encoded")
	}
}
