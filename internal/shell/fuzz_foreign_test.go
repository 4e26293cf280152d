package shell

import "testing"

// FuzzForeignDialect feeds the same-meaning rules of foreign dialects
// (foreigndialect.go) and the traps kept per signal (traps.go).
func FuzzForeignDialect(f *testing.F) {
	for _, s := range []string{
		"zsh -c 'x=(a b); rm -f $x'", "zsh -c 'cd a b; cat c'", "zsh -c 'cp x =ls'", "zsh -c 'setopt extendedglob; cat .^x'",
		"ksh -c 'typeset -T a b'", "trap 'cat ~/x' EXIT; HOME=/tmp", "trap - EXIT; trap '' INT",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		_, _ = Analyze(line, Options{Cwd: "/home/dev/project", Home: "/home/dev"})
	})
}
