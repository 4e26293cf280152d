package unidiff

import (
	"slices"
	"strings"
	"testing"
)

func TestFiles(t *testing.T) {
	W, D, R := Write, Delete, Read
	for _, tc := range []struct {
		name, text string
		want       []File
	}{
		{"unified", "--- a/agent-policy.yaml\n+++ b/agent-policy.yaml\n@@ -1 +1 @@\n-x\n+y\n",
			[]File{{"agent-policy.yaml", W, false}, {"a/agent-policy.yaml", W, true}, {"agent-policy.yaml", W, false}, {"b/agent-policy.yaml", W, true}}},
		{"timestamp", "--- src/x.go\t2024-01-01 00:00:00\n+++ src/x.go\t2024-01-02\n",
			[]File{{"x.go", W, true}, {"src/x.go", W, false}, {"x.go", W, true}, {"src/x.go", W, false}}},
		{"delete", "--- a/.env\n+++ /dev/null\n", []File{{".env", D, false}, {"a/.env", D, true}}},
		{"add", "--- /dev/null\n+++ b/n.txt\n", []File{{"n.txt", W, false}, {"b/n.txt", W, true}}},
		{"plain", "--- agent-policy.yaml\n+++ agent-policy.yaml\n", []File{{"agent-policy.yaml", W, false}, {"agent-policy.yaml", W, false}}},
		{"git rename", "diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n",
			[]File{{"x", W, false}, {"a/x", W, true}, {"y", W, false}, {"b/y", W, true}, {"x", D, false}, {"y", W, false}}},
		{"git copy", "diff --git a/p b/q\ncopy from p\ncopy to q\n",
			[]File{{"p", W, false}, {"a/p", W, true}, {"q", W, false}, {"b/q", W, true}, {"p", R, false}, {"q", W, false}}},
		{"git deleted", "diff --git a/k b/k\ndeleted file mode 100644\n--- a/k\n+++ /dev/null\n",
			[]File{{"k", W, false}, {"a/k", W, true}, {"k", W, false}, {"b/k", W, true}, {"k", D, false}, {"a/k", D, true}}},
		{"quoted", "--- \"a/sp ace\\tx\"\n+++ \"b/sp ace\\tx\"\n",
			[]File{{"sp ace\tx", W, false}, {"a/sp ace\tx", W, true}, {"sp ace\tx", W, false}, {"b/sp ace\tx", W, true}}},
		{"crlf", "--- a/m\r\n+++ b/m\r\n", []File{{"m", W, false}, {"a/m", W, true}, {"m", W, false}, {"b/m", W, true}}},
		{"prose", "this is --- not a diff\n+++ nor this\n", nil},
		{"added line", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n+++ y\n", []File{{"x", W, false}, {"a/x", W, true}, {"x", W, false}, {"b/x", W, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := Files(tc.text)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Files(%q)\n got %v\nwant %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestLooks(t *testing.T) {
	for text, want := range map[string]bool{
		"--- a/x\n+++ b/x\n":      true,
		"intro\n--- x\n+++ x\n":   true,
		"diff --git a/x b/x\n":    true,
		"--- x\nno plus\n":        false,
		"a --- b\n+++ c":          false,
		"*** Begin Patch\n":       false,
		"- item\n- item\n--- \n+": false,
	} {
		if got := Looks(text); got != want {
			t.Errorf("Looks(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzFiles(f *testing.F) {
	f.Add("--- a/x\n+++ b/x\n@@ -1 +1 @@\n")
	f.Add("diff --git \"a/q\\\"x\" b/y\nrename from x\nrename to y\n")
	f.Add("--- \"unterminated\n+++ /dev/null\n")
	f.Fuzz(func(t *testing.T, text string) {
		files, _ := Files(text)
		if len(files) > MaxFiles {
			t.Fatalf("%d files", len(files))
		}
		for _, fl := range files {
			if fl.Path == "" || fl.Path == "/dev/null" || fl.Op < Write || fl.Op > Read {
				t.Fatalf("bad file %+v", fl)
			}
		}
		if len(files) > 0 && !Looks(text) && !strings.Contains(text, "rename ") && !strings.Contains(text, "copy ") && !strings.Contains(text, "+++ ") {
			t.Fatalf("files without a header in %q", text)
		}
	})
}
