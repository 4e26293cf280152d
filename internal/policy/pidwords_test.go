package policy

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func readingsOf(w string) ([]int, bool) {
	var out []int
	ok := pidReadings(w, func(n int) bool { out = append(out, n); return true })
	return out, ok
}

func TestPidReadings(t *testing.T) {
	for _, c := range []struct {
		w    string
		want []int
	}{
		{"4242", []int{4242}},
		{"+4242", []int{4242}},
		{" 4242\t", []int{4242}},
		{"-4242", []int{-4242}},
		{"0x1092", []int{4242}},
		{"0X1092", []int{4242}},
		{"010222", []int{10222, 4242}},
		{"0000004242", []int{4242, 2210}},
		{"4242abc", []int{4242}},
		{"4294971538", []int{4294971538, 4242}},
		{"0", []int{0}},
		{"0x", []int{0}}, // strtol reads the 0
	} {
		got, ok := readingsOf(c.w)
		if !ok || !slices.Equal(got, c.want) {
			t.Errorf("pidReadings(%q) = %v, %v; want %v", c.w, got, ok, c.want)
		}
	}
	for _, w := range []string{"", "abc", "+", "x12", "--1", "%1", "$pid"} {
		if got, ok := readingsOf(w); ok {
			t.Errorf("pidReadings(%q) = %v, true; want no number", w, got)
		}
	}
}

// FuzzPidReadings: every value Go's own parsers (strconv with base 0 and
// base 10, after the blanks and a '+' are trimmed) read in a word is among
// pidReadings' readings, and eachPidPiece reports it (when > 1).
func FuzzPidReadings(f *testing.F) {
	for _, s := range []string{"4242", "+4242", " 0x1092", "010222", "-17", "0b11", "1_000", "99999999999999999999", "4242abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		got, ok := readingsOf(w)
		s := strings.Trim(w, " \t\n\v\f\r") // ParseInt takes one sign itself
		want := []int64{}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			want = append(want, n)
		}
		if !strings.Contains(s, "_") && !strings.ContainsAny(s, "bBoO") {
			if n, err := strconv.ParseInt(s, 0, 64); err == nil {
				want = append(want, n)
			}
		}
		for _, n := range want {
			if !ok || !slices.Contains(got, int(n)) {
				t.Fatalf("pidReadings(%q) = %v, %v: misses %d", w, got, ok, n)
			}
			if n > 1 && !strings.ContainsAny(w, "-") {
				seen := false
				eachPidPiece(w, func(m int) bool { seen = seen || m == int(n); return true })
				if !seen {
					t.Fatalf("eachPidPiece(%q) misses %d", w, n)
				}
			}
		}
	})
}
