package shell

import (
	"strings"
	"testing"
)

// FuzzEnvFilePaths: the paths a variable's value names are pieces of the
// value, never empty or /dev/null, one per list element or directory file.
func FuzzEnvFilePaths(f *testing.F) {
	for _, s := range []string{".env", "/tmp/a:.env", "FILE:/tmp/krb", "KEYRING:persistent:1000", "", ":", "/dev/null", "~/.gnupg/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, val string) {
		for name, ef := range envFileVars.Get() {
			ps := envFilePaths(ef, val)
			if !ef.list && ef.names == "" && len(ps) > 1 {
				t.Fatalf("%s=%q: %d paths", name, val, len(ps))
			}
			for _, p := range ps {
				if p == "" || p == "/dev/null" {
					t.Fatalf("%s=%q: path %q", name, val, p)
				}
				if ef.names == "" && !strings.Contains(val, p) {
					t.Fatalf("%s=%q: path %q not in the value", name, val, p)
				}
			}
		}
	})
}

func TestEnvFilePaths(t *testing.T) {
	for _, c := range []struct {
		name, val, want string
	}{
		{"KUBECONFIG", "/tmp/a:.env", "/tmp/a .env"},
		{"KUBECONFIG", "/dev/null", ""},
		{"KRB5CCNAME", "FILE:.env", ".env"},
		{"KRB5CCNAME", "KEYRING:persistent:1000", ""},
		{"DOCKER_CONFIG", "/tmp/dc/", "/tmp/dc/config.json"},
		{"MANDATE_POLICY", "docs/p.yaml", "docs/p.yaml"},
	} {
		if got := strings.Join(envFilePaths(envFileVars.Get()[c.name], c.val), " "); got != c.want {
			t.Errorf("%s=%s: %q, want %q", c.name, c.val, got, c.want)
		}
	}
}
