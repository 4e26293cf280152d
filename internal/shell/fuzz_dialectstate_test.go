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

// FuzzZshOptWords: zsh's option words (set, emulate's flags, zsh's
// command line) end on any input, and a word not known statically that
// may be an option leaves every expansion option maybe on.
func FuzzZshOptWords(f *testing.F) {
	for _, s := range []string{"-o globsubst", "+o GLOB_SUBST -y", "--glob-subst -c", "-fc ls", "--emulate sh", "-euo pipefail", "-A x", "+4 -b -x", "-o"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, cmdline bool) {
		var ws []field
		for _, w := range strings.Fields(s) {
			ws = append(ws, field{s: w, dyn: strings.HasPrefix(w, "-$")})
		}
		a := &analyzer{res: &Analysis{}}
		sc := &scope{dialect: dialZsh}
		a.zshOptWords(sc, "set", ws, cmdline)
		if len(ws) > 0 && ws[0].dyn && sc.zopts != zAllOpts {
			t.Fatalf("%q: an option word not known statically leaves zopts %b", s, sc.zopts)
		}
	})
}

func TestZshOptWords(t *testing.T) {
	for _, tc := range []struct {
		words   string
		cmdline bool
		start   uint8
		want    uint8
		opaque  bool
	}{
		{"-o globsubst", false, 0, zGlobSubst, false},
		{"+o GLOB_SUBST", false, zAllOpts, zAllOpts &^ zGlobSubst, false},
		{"-o no_glob_subst", false, zAllOpts, zAllOpts &^ zGlobSubst, false},
		{"-y", false, 0, zWordSplit, false},
		{"--glob-subst -c", true, 0, zGlobSubst, false},
		{"--emulate sh", true, 0, zAllOpts, false},
		{"-euo pipefail", false, 0, 0, false},
		{"-o magicequalsubst", false, 0, 0, true},
		{"-J", false, 0, 0, true},
		{"-A arr -o globsubst", false, 0, 0, false},
	} {
		a := &analyzer{res: &Analysis{}}
		sc := &scope{dialect: dialZsh, zopts: tc.start}
		a.zshOptWords(sc, "set", fieldsOf(strings.Fields(tc.words)), tc.cmdline)
		if sc.zopts != tc.want || (len(a.res.Opaque) > 0) != tc.opaque {
			t.Errorf("%q: zopts %b opaque %v, want %b %v", tc.words, sc.zopts, a.res.Opaque, tc.want, tc.opaque)
		}
	}
}

func fieldsOf(ws []string) []field {
	fs := make([]field, len(ws))
	for i, w := range ws {
		fs[i] = field{s: w}
	}
	return fs
}
