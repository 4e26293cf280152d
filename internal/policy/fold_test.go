package policy

import "testing"

func TestUnderFold(t *testing.T) {
	for _, c := range []struct {
		p, dir, rest string
		ok           bool
	}{
		{"/home/dev/.local/state/Mandate/evidence/signer.key", "/home/dev/.local/state/mandate", "evidence/signer.key", true},
		{"/HOME/DEV/.LOCAL/STATE/MANDATE", "/home/dev/.local/state/mandate", "", true},
		{"/home/dev/.local/state/mandate-x/k", "/home/dev/.local/state/mandate", "", false},
		{"/home/dev/.local/state", "/home/dev/.local/state/mandate", "", false},
		{"/home/dev/.local/state/MAN\u212aATE/k", "/home/dev/.local/state/mankate", "k", true}, // Kelvin sign folds to k
		{"/a/b", "/", "a/b", true},
		{"/a/b", "", "", false},
	} {
		rest, ok := underFold(c.p, c.dir)
		if rest != c.rest || ok != c.ok {
			t.Errorf("underFold(%q, %q) = %q, %v; want %q, %v", c.p, c.dir, rest, ok, c.rest, c.ok)
		}
	}
}
