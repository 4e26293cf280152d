package shell

import "testing"

// TestClimbPastDynamic: a ".." after a part not known statically leaves
// what follows it in any directory.
func TestClimbPastDynamic(t *testing.T) {
	for raw, want := range map[string]string{
		"/home/dev/project/$(cmd)/../.ssh/id_rsa":    "/**/.ssh/id_rsa",
		"/home/$x/../../etc/passwd":                  "/**/etc/passwd",
		"/**/../y":                                   "/**/y",
		"/home/dev/$x/a/../b":                        "/**/b",
		"/home/dev/$x/..":                            "/**",
		"/home/dev/project/../$x/y":                  "/home/dev/project/../$x/y", // the .. comes first
		"/home/dev/project/src/$(ls | head -1)/main": "/home/dev/project/src/$(ls | head -1)/main",
	} {
		if got := climbPastDynamic(raw); got != want {
			t.Errorf("climbPastDynamic(%q) = %q, want %q", raw, got, want)
		}
	}
}
