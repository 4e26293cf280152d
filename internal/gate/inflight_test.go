package gate

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// Landings count only for the calls of the process that sent them: a
// script's forged post-tool event, turn boundary or session end lands
// nothing of the agent's (class "integrity/forged-landing").
func TestReadFlightsLandsOnlyTheCallersCalls(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	at := now.Add(-time.Second).UnixNano()
	takeOff := func(name string, bg, pid int) string {
		return "+ " + name + " 1 " + itoa(at) + " " + itoa(int64(bg)) + ` "Bash" "claude" ` + itoa(int64(pid)) + "\n"
	}
	for _, tc := range []struct {
		name string
		log  string
		want []string
	}{
		{"own landing", takeOff("u-a", 0, 10) + "- u-a 10\n", nil},
		{"other process's landing", takeOff("u-a", 0, 10) + "- u-a 99\n", []string{"u-a"}},
		{"unnamed call, other process", "+ n-1 1 " + itoa(at) + ` 0 "Bash" "claude" 10` + "\n-n \"Bash\" 99\n", []string{"n-1"}},
		{"own turn boundary", takeOff("u-a", 0, 10) + takeOff("u-b", 1, 10) + "* 10\n", []string{"u-b"}},
		{"other process's turn boundary", takeOff("u-a", 0, 10) + "* 99\n", []string{"u-a"}},
		{"own end lands background calls", takeOff("u-a", 0, 10) + takeOff("u-b", 1, 10) + "! 10\n", nil},
		{"other process's end", takeOff("u-a", 0, 10) + takeOff("u-b", 1, 10) + "! 99\n", []string{"u-a", "u-b"}},
		{"earlier version's lines match any", "+ u-a 1 " + itoa(at) + ` 0 "Bash" "claude"` + "\n- u-a\n", nil},
		{"earlier version's boundary", takeOff("u-a", 0, 10) + "*\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s")
			if err := os.WriteFile(p, []byte(tc.log), 0o600); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range readFlights(p, "s", now) {
				got = append(got, f.name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("in flight %q, want %q", got, tc.want)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
