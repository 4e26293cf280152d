package shell

import "testing"

// TestProgramTable checks the catalogues: buildPrograms panics on a name
// listed twice, and a name that dispatch matches by a predicate before
// the table would be a dead entry.
func TestProgramTable(t *testing.T) {
	m := buildPrograms()
	if len(m) < 250 {
		t.Fatalf("program table has %d names", len(m))
	}
	for n := range m {
		shadowed := isShell(n) || isInterpreter(n) && n != "bun" || isLauncher(n) || isTermEmu(n) ||
			isDeviceWriter(n) || isInlineCoder(n) || n == "cmake" || gitFrontends.Get()[n] || isExtractor(n)
		if shadowed {
			t.Errorf("%s is in the program table but dispatch matches it before the table", n)
		}
	}
	for _, n := range []string{"sudo", "nice", "rm", "tar", "curl", "psql", "git", "npx", "gcc", "vim", "sed", "rg", "caddy", "echo"} {
		if m[n] == nil {
			t.Errorf("%s is not in the program table", n)
		}
	}
}
