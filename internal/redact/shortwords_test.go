package redact

import (
	"strings"
	"testing"
)

// TestShortWordChains: a secret built from 2-byte words (: Qz; P=$P$_ …,
// or a function's BASH_ARGV under extdebug) must not keep all its pieces
// in clear, in order (red-team round 20, #30).
func TestShortWordChains(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	pieces := []string{"Qz", "7v", "N2", "pL", "x9", "Rk", "4T", "mW", "8s", "Yb"}
	rev := make([]string, len(pieces))
	for i, p := range pieces {
		rev[len(pieces)-1-i] = p
	}
	var chain strings.Builder
	for i, p := range pieces {
		if i == 0 {
			chain.WriteString(": " + p + ";P=$_;")
		} else {
			chain.WriteString(": " + p + ";P=$P$_;")
		}
	}
	for _, in := range []string{
		`shopt -s extdebug; f() { IFS=; mysql -u root -p"${BASH_ARGV[*]}" db; }; f ` + strings.Join(rev, " "),
		chain.String() + ` mysql -u root -p"$P" db`,
	} {
		t.Run("#30 short words", func(t *testing.T) {
			out, _ := r.Text(in)
			rest, all := out, true
			for _, p := range pieces {
				if strings.Contains(in, "extdebug") {
					break
				}
				i := strings.Index(rest, p)
				if i < 0 {
					all = false
					break
				}
				rest = rest[i+len(p):]
			}
			if strings.Contains(in, "extdebug") {
				all = strings.Contains(out, strings.Join(rev, " "))
			}
			if all {
				t.Errorf("red-team round 20, #30: the secret's 2-byte words stored in clear (source: red-team round 20): %.400q", out)
			}
		})
	}
}

// TestOneLetterOptionChain: a secret assembled from the one-letter options
// of ordinary commands ($_ after ls -Q, ls -z, …) masks those letters too
// (red-team round 20 fix).
func TestOneLetterOptionChain(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	chain := ""
	for _, c := range "Qz7vN2pLx9" {
		chain += "ls -" + string(c) + "; P=$P${_#-}; "
	}
	out, _ := r.Text(chain + `mysql -u root -p"$P" db`)
	if strings.Contains(out, "-Q;") || strings.Contains(out, "-z;") {
		t.Errorf("red-team round 20 fix: 1-letter options kept: %q", out)
	}
}
