package shell

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// FuzzZshWordShape: the zsh word-shape scan and the option-name
// normaliser end on any input; a word holding a $ followed by one of
// zsh's parameter operators is always a zsh shape.
func FuzzZshWordShape(f *testing.F) {
	for _, s := range []string{"$x[2]", "$x:s/X//", "$~x", "$^a", "${x}", "a$", "\\$~x", "\"$x[1]\"", "$=a", "NO_POSIX_BUILTINS", "setopt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, _ := zshOptName(s)
		if strings.ContainsRune(n, '_') {
			t.Fatalf("%q: name %q keeps an underscore", s, n)
		}
		w, err := syntax.NewParser().Document(strings.NewReader(s))
		if err != nil || w == nil {
			return
		}
		zshWordShape(w.Parts)
		if zshLitShape(s) && !strings.Contains(s, "$") {
			t.Fatalf("%q: a shape without $", s)
		}
	})
}

func TestZshWordShape(t *testing.T) {
	for src, want := range map[string]bool{
		"$x[2]": true, "$x:h": true, "$~x": true, "$^a": true, "$=a": true, "\"$x[1]\"": true,
		"${x}[2]": false, "$x/y": false, "plain": false, "a$": false, "$x": false,
	} {
		f, err := syntax.NewParser().Parse(strings.NewReader("echo "+src), "")
		if err != nil {
			t.Fatal(err)
		}
		w := f.Stmts[0].Cmd.(*syntax.CallExpr).Args[1]
		if got := zshWordShape(w.Parts); got != want {
			t.Errorf("zshWordShape(%s) = %v, want %v", src, got, want)
		}
	}
	for s, want := range map[string]string{"POSIX_BUILTINS": "posixbuiltins", "no_posix_builtins": "posixbuiltins", "notify": "notify"} {
		if n, _ := zshOptName(s); n != want {
			t.Errorf("zshOptName(%q) = %q, want %q", s, n, want)
		}
	}
}
