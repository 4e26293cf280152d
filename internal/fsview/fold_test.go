package fsview

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFoldRune(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ſrc", "src"}, {"Key", "key"}, {"INFRAſTRUCTURE", "infrastructure"},
		{"ΣΑΣ", Fold("σας")}, {"ẞ", Fold("ß")}, {"src", "src"}, {"\xff", "\xff"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		pat, name string
		want      bool
	}{
		{"ſrc", "src", true}, {"[ſ]rc", "SRC", true}, {"[r-t]rc", "ſrc", true},
		{"[ſ-ƀ]rc", "src", true}, {"[[:lower:]]ey", "Key", true}, {"[[:upper:]]rc", "src", true},
		{"[!s]rc", "ſrc", false}, {"ı", "i", false}, {"ｓrc", "src", false},
	} {
		if got := MatchName(c.pat, c.name, true, true); got != c.want {
			t.Errorf("MatchName(%q, %q, fold) = %v, want %v", c.pat, c.name, got, c.want)
		}
	}
}

// FuzzFoldMatch compares the fold-aware matcher with strings.EqualFold:
// a literal pattern matches a name exactly when EqualFold says they are
// one, Fold spells them alike exactly then, and a one-rune class holding
// any member of a rune's folding orbit matches that rune.
func FuzzFoldMatch(f *testing.F) {
	for _, s := range [][2]string{{"ſrc", "src"}, {"Key", "key"}, {"infraſtructure", "INFRASTRUCTURE"},
		{"σας", "ΣΑΣ"}, {"ß", "ẞ"}, {"a", "b"}, {".env", ".ENV"}, {"ǅ", "ǆ"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || len(a) > 64 || len(b) > 64 {
			return
		}
		want := strings.EqualFold(a, b)
		if got := Fold(a) == Fold(b); got != want {
			t.Fatalf("Fold(%q)==Fold(%q) is %v, EqualFold %v", a, b, got, want)
		}
		if Fold(Fold(a)) != Fold(a) {
			t.Fatalf("Fold(%q) is not idempotent", a)
		}
		if !HasMeta(a) {
			if got := MatchName(a, b, true, true); got != want {
				t.Fatalf("MatchName(%q, %q, fold) = %v, EqualFold %v", a, b, got, want)
			}
		}
		for _, r := range b {
			if r == '.' { // a leading dot matches only a literal one
				continue
			}
			for o := unicode.SimpleFold(r); ; o = unicode.SimpleFold(o) {
				if !strings.ContainsRune(`]!^-\[`, o) {
					if !MatchName("["+string(o)+"]", string(r), true, true) {
						t.Fatalf("[%c] does not match %q under fold", o, r)
					}
					if MatchName("[!"+string(o)+"]", string(r), true, true) {
						t.Fatalf("[!%c] matches %q under fold", o, r)
					}
				}
				if o == r {
					break
				}
			}
		}
	})
}
