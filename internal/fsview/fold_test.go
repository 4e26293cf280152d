package fsview

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
)

func TestFoldRune(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ſrc", "src"}, {"Key", "key"}, {"INFRAſTRUCTURE", "infrastructure"},
		{"ΣΑΣ", Fold("σας")}, {"ẞ", Fold("ß")}, {"ẞ", "ss"}, {"src", "src"}, {"\xff", "\xff"},
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

// TestFullFold: the case-insensitive file systems' fold (Unicode full
// folding, CaseFolding.txt C+F) makes ß, ẞ and ss one name, ﬆ, ﬅ and st
// one, ﬁ and fi one; FoldRune (simple folding, the search tools') does
// not.
func TestFullFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ß", "ss"}, {"ẞ", "ss"}, {".ßh", ".ssh"}, {"infraﬆructure", "infrastructure"},
		{"INFRAﬅRUCTURE", "infrastructure"}, {".conﬁg", ".config"}, {"ﬀ", "ff"}, {"ﬃ", "ffi"},
		{"İ", "i\u0307"}, {"straße.md", "strasse.md"}, {"ſrc", "src"}, {"src", "src"},
		{"a\xffß", "a\xffss"}, {"docs", "docs"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Fold(c.in); Fold(got) != got {
			t.Errorf("Fold(%q) = %q is not a fixed point", c.in, got)
		}
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{".ßh", ".SSH", true}, {"ﬆate", "state", true}, {"conﬁg", "CONFIG", true}, {"Key", "key", true},
		{"ß", "s", false}, {"ﬁ", "f", false}, {"src", "srd", false}, {"ı", "i", false},
	} {
		if got := EqualFold(c.a, c.b); got != c.want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	for _, s := range []string{"ﬁ", "ß", "ﬆ", "İ", "ŉ"} {
		if !HasCase(s) {
			t.Errorf("HasCase(%q) = false: it full-folds", s)
		}
	}
	// The search tools fold simply: a glob's ﬆ is not st.
	if MatchName("infraﬆructure", "infrastructure", true, true) {
		t.Error("MatchName folds fully; minimatch and globset fold simply")
	}
}

// TestFullFoldTable checks fullfold_table.go against golang.org/x/text's
// full folding for every rune: Fold of one rune is x/text's folding with
// each rune in FoldRune's canonical form (go generate rebuilds the table).
func TestFullFoldTable(t *testing.T) {
	if testing.Short() {
		t.Skip("every rune")
	}
	c := cases.Fold()
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if got, want := Fold(s), simpleFold(c.String(s)); got != want {
			t.Fatalf("Fold(%q) = %q, x/text full folding %q", s, got, want)
		}
	}
	for i := 1; i < len(fullFolds); i++ {
		if fullFolds[i-1].r >= fullFolds[i].r {
			t.Fatalf("fullFolds out of order at %U", fullFolds[i].r)
		}
	}
}

// simpleFold is s with every rune folded by FoldRune alone.
func simpleFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(FoldRune(r))
	}
	return b.String()
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
		if got := simpleFold(a) == simpleFold(b); got != want {
			t.Fatalf("simple folds of %q and %q equal is %v, EqualFold %v", a, b, got, want)
		}
		// Full folding is coarser than simple folding: what simple
		// folding makes one stays one (ß and ẞ, and ss besides).
		if want && Fold(a) != Fold(b) {
			t.Fatalf("Fold(%q) = %q, Fold(%q) = %q, but EqualFold", a, Fold(a), b, Fold(b))
		}
		if EqualFold(a, b) != (Fold(a) == Fold(b)) {
			t.Fatalf("EqualFold(%q, %q) disagrees with Fold", a, b)
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
