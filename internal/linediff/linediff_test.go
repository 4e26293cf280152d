package linediff

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	for _, tc := range []struct {
		name, a, b, want string
	}{
		{"equal", "x\n", "x\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added at the end", "a\n", "a\nb\n", "@@ -1 +1,2 @@\n a\n+b\n"},
		{"from nothing", "", "a\n", "@@ -0,0 +1 @@\n+a\n"},
		{"to nothing", "a\nb\n", "", "@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{"newline at the end removed", "a\n", "a", "@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\nX\n3\n4\n5\n6\n7\n8\nY\n10\n",
			"@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -8,3 +8,3 @@\n 8\n-9\n+Y\n 10\n"},
		{"close changes share a hunk", "1\n2\n3\n4\n5\n", "1\nX\n3\nY\n5\n",
			"@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n-4\n+Y\n 5\n"},
		// an agent's text cannot act on the terminal: a carriage return
		// that would overwrite the line, an escape sequence that would
		// erase the one before, a bidi override that would reorder it
		{"carriage return shown", "a\n", "a\nblock_paths: [] \r  allow: x\n", "@@ -1 +1,2 @@\n a\n+block_paths: [] \\r  allow: x\n"},
		{"escape sequence shown", "a\n", "a\n\x1b[1A\x1b[2Kx\n", "@@ -1 +1,2 @@\n a\n+\\x1b[1A\\x1b[2Kx\n"},
		{"bidi override shown", "a\n", "a\n\u202ex\n", "@@ -1 +1,2 @@\n a\n+\\u202ex\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified([]byte(tc.a), []byte(tc.b), 1)
			if got != tc.want {
				t.Errorf("Unified(%q, %q)\n got %q\nwant %q", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestUnifiedAgainstDiff compares the hunks with GNU diff -u's on random
// texts: the same number of lines removed and added (both are minimal),
// and applying the hunks to a gives b.
func TestUnifiedAgainstDiff(t *testing.T) {
	diff, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("no diff(1) on this machine")
	}
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		a, b := randomText(r), randomText(r)
		got := Unified([]byte(a), []byte(b), 3)
		if err := os.WriteFile(filepath.Join(dir, "a"), []byte(a), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "b"), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(diff, "-u", filepath.Join(dir, "a"), filepath.Join(dir, "b")).Output()
		want := string(out)
		if i := strings.Index(want, "@@"); i >= 0 {
			want = want[i:]
		}
		if count(got, '-') != count(want, '-') || count(got, '+') != count(want, '+') {
			t.Fatalf("%q → %q:\n got\n%s\nwant (diff -u)\n%s", a, b, got, want)
		}
		if applied := apply(t, a, got); applied != b {
			t.Fatalf("%q → %q: the hunks applied give %q\n%s", a, b, applied, got)
		}
	}
}

// TestUnifiedBounded: texts that differ past MaxEdits are shown replaced
// whole, never as fewer changes than they hold.
func TestUnifiedBounded(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < MaxEdits; i++ {
		a.WriteString("a\n")
		b.WriteString("b\n")
	}
	got := Unified([]byte(a.String()), []byte(b.String()), 3)
	if count(got, '-') != MaxEdits || count(got, '+') != MaxEdits {
		t.Fatalf("got %d lines removed and %d added, want %d of each", count(got, '-'), count(got, '+'), MaxEdits)
	}
	if applied := apply(t, a.String(), got); applied != b.String() {
		t.Fatal("the hunks applied do not give the new text")
	}
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(12); n > 0; n-- {
		b.WriteString(string(rune('a' + r.IntN(4))))
		b.WriteByte('\n')
	}
	if r.IntN(8) == 0 {
		b.WriteString("z") // no newline at the end
	}
	return b.String()
}

// count is the number of body lines of a diff that start with c.
func count(d string, c byte) int {
	n := 0
	for _, l := range strings.Split(d, "\n") {
		if len(l) > 0 && l[0] == c && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			n++
		}
	}
	return n
}

// apply applies the hunks of d (as Unified writes them) to a.
func apply(t *testing.T, a, d string) string {
	t.Helper()
	if d == "" {
		return a
	}
	old := lines([]byte(a))
	var out []string
	at := 0
	dl := strings.Split(strings.TrimSuffix(d, "\n"), "\n")
	for i := 0; i < len(dl); i++ {
		l := dl[i]
		if strings.HasPrefix(l, "@@") {
			f := strings.Fields(l)
			start, cnt, _ := strings.Cut(strings.TrimPrefix(f[1], "-"), ",")
			n, _ := strconv.Atoi(start)
			if cnt != "0" {
				n-- // the 1-based first line; "l,0" is the line after which
			}
			for at < n {
				out = append(out, old[at])
				at++
			}
			continue
		}
		text := l[1:]
		if i+1 < len(dl) && dl[i+1] == "\\ No newline at end of file" {
			i++
		} else {
			text += "\n"
		}
		switch l[0] {
		case ' ':
			out = append(out, old[at])
			at++
		case '-':
			at++
		case '+':
			out = append(out, text)
		}
	}
	out = append(out, old[at:]...)
	return strings.Join(out, "")
}

// FuzzUnified: whatever the texts, what is shown holds no character a
// terminal acts on but newlines, and for printable texts the hunks
// applied to a give b.
func FuzzUnified(f *testing.F) {
	f.Add([]byte("a\nb\n"), []byte("a\nc\n"))
	f.Add([]byte(""), []byte("x"))
	f.Add([]byte("p\r\n\x1b[2K"), []byte("p\n\u202e"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > 4096 || len(b) > 4096 {
			return
		}
		d := Unified(a, b, 2)
		for _, r := range d {
			if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0x202e || r == 0x200b) {
				t.Fatalf("shown %q raw in %q", r, d)
			}
		}
		if printable(a) && printable(b) {
			if got := apply(t, string(a), d); got != string(b) {
				t.Fatalf("applied: %q, want %q\n%s", got, b, d)
			}
		}
	})
}

func printable(b []byte) bool {
	for _, c := range b {
		if c != '\n' && (c < 0x20 || c >= 0x7f || c == '\\') {
			return false
		}
	}
	return true
}
