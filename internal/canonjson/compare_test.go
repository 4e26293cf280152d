package canonjson

import (
	"math/rand"
	"testing"
)

// compareUTF16 orders names as lessUTF16 does, on names that share
// prefixes and mix ASCII, BMP characters on both sides of the surrogate
// range and supplementary ones.
func TestCompareUTF16(t *testing.T) {
	alphabet := []string{"a", "b", "z", "A", "_", "0", "é", "\u00ff", "\u0100", "\ud7ff", "\ue000", "\uffff", "\U00010000", "😀", "\U0010ffff", ""}
	r := rand.New(rand.NewSource(1))
	word := func() string {
		s := ""
		for n := r.Intn(5); n > 0; n-- {
			s += alphabet[r.Intn(len(alphabet))]
		}
		return s
	}
	for range 200000 {
		a, b := word(), word()
		if r.Intn(4) == 0 {
			b = a + word()
		}
		c := compareUTF16(a, b)
		switch {
		case a == b && c != 0, lessUTF16(a, b) && c >= 0, lessUTF16(b, a) && c <= 0:
			t.Fatalf("compareUTF16(%q, %q) = %d; lessUTF16 %v, reverse %v", a, b, c, lessUTF16(a, b), lessUTF16(b, a))
		}
	}
}
