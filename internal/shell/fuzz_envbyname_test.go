package shell

import (
	"strings"
	"testing"
)

// FuzzNameFileParsers: EnvFileNames and ComposeNames never panic, and
// return only names found in the text (or "*" for a text too long).
func FuzzNameFileParsers(f *testing.F) {
	f.Add("PROD_API_KEY\nFOO=bar\n# c\n")
	f.Add("services:\n a:\n  environment: [A, B=1]\n  build:\n   args:\n    - C\n    D:\n  command: echo ${E} $$F $G\n")
	f.Add("secrets:\n k:\n  environment: \"H\"\n x: {environment: {I: , J: 1}}\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, names := range [][]string{EnvFileNames(text), ComposeNames(text)} {
			for _, n := range names {
				if n != "*" && !strings.Contains(text, n) {
					t.Fatalf("name %q not in the text %q", n, text)
				}
			}
		}
	})
}

func TestComposeNames(t *testing.T) {
	text := "services:\n a:\n  environment: [A, B=1]\n  build:\n   args:\n    - C\n    - K=2\n  env2:\n   environment:\n    D:\n    L: x\n  command: echo ${E} $$F $G\nsecrets:\n k:\n  environment: H\n"
	got := strings.Join(ComposeNames(text), " ")
	if want := "E G A C D H"; got != want {
		t.Errorf("ComposeNames = %q, want %q", got, want)
	}
	if got := strings.Join(EnvFileNames("A\n B \nC=1\n#D\n\n"), " "); got != "A B" {
		t.Errorf("EnvFileNames = %q", got)
	}
}
