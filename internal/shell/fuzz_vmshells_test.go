package shell

import (
	"strings"
	"testing"
)

// FuzzVMShells: the VM programs' option reading (vmShells vals, the
// --command=CODE form, the words that may still spell a subcommand)
// never panics on any line.
func FuzzVMShells(f *testing.F) {
	for _, s := range []string{"podman --log-level debug machine ssh 'cat x'", "minikube -p prof ssh -- ls", "vagrant ssh --command=ls",
		"wsl -d U <<< ls", "limactl --workdir", "orb -m", "vagrant ssh -c", "podman --x y machine ssh ls", "multipass exec -d /tmp vm ls"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 300 || strings.ContainsAny(s, "\x00") {
			return
		}
		Analyze(s, testOpt)
	})
}
