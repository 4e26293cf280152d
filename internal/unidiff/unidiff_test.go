package unidiff

import (
	"slices"
	"strings"
	"testing"
)

// reading is a File spelled for the tables: "W path", "D path", "R path",
// with a "~" before the path for an Alt reading.
func reading(f File) string {
	op := map[Op]string{Write: "W", Delete: "D", Read: "R"}[f.Op]
	if f.Alt {
		return op + " ~" + f.Path
	}
	return op + " " + f.Path
}

func TestFiles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		// want lists every reading Files must return (in any order);
		// none lists readings and paths it must not return.
		want, none []string
	}{
		{"unified", "--- a/agent-policy.yaml\n+++ b/agent-policy.yaml\n@@ -1 +1 @@\n-x\n+y\n",
			[]string{"W agent-policy.yaml", "W ~a/agent-policy.yaml", "W ~b/agent-policy.yaml"}, nil},
		{"timestamp", "--- src/x.go\t2024-01-01 00:00:00\n+++ src/x.go\t2024-01-02\n",
			[]string{"W src/x.go", "W ~x.go"}, []string{"W ~2024-01-01"}},
		{"delete", "--- a/.env\n+++ /dev/null\n", []string{"D .env", "D ~a/.env"}, []string{"W /dev/null"}},
		{"add", "--- /dev/null\n+++ b/n.txt\n", []string{"W n.txt", "W ~b/n.txt"}, nil},
		{"plain", "--- agent-policy.yaml\n+++ agent-policy.yaml\n", []string{"W agent-policy.yaml"}, nil},
		{"git rename", "diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n",
			[]string{"W x", "W ~a/x", "W y", "W ~b/y", "D x"}, nil},
		{"git copy", "diff --git a/p b/q\ncopy from p\ncopy to q\n", []string{"R p", "W q"}, nil},
		{"git deleted", "diff --git a/k b/k\ndeleted file mode 100644\n--- a/k\n+++ /dev/null\n",
			[]string{"W k", "D k", "D ~a/k"}, nil},
		{"quoted", "--- \"a/sp ace\\tx\"\n+++ \"b/sp ace\\tx\"\n", []string{"W sp ace\tx"}, []string{"W ~a/sp"}},
		// A raw byte that is not UTF-8 stands for itself in a C-quoted
		// name, as git and GNU patch read it (strconv.Unquote made it
		// U+FFFD: another file than the one written).
		{"quoted raw byte", "--- \"/\xff\"\n+++ \"/etc/\xfe\\101\"\n", []string{"W /etc/\xfeA"}, []string{"W /etc/\ufffdA"}},
		{"quoted unknown escape", "--- \"a/\\x41\"\n+++ \"b/\\x41\"\n", []string{"W \"b/\\x41\""}, []string{"W A", "W b/A"}},
		{"crlf", "--- a/m\r\n+++ b/m\r\n", []string{"W m", "W ~a/m"}, nil},
		{"prose", "this is --- not a diff\n+++ nor this\n", nil, []string{"W this"}},
		{"markdown", "# Title\n\n---\n\n- item\n- item\n", nil, nil},
		// Every strip level: patch without -p takes the base name.
		{"strip levels", "--- x/y/agent-policy.yaml\n+++ x/y/agent-policy.yaml\n",
			[]string{"W x/y/agent-policy.yaml", "W ~y/agent-policy.yaml", "W ~agent-policy.yaml"}, nil},
		{"absolute", "--- /etc/hosts\n+++ /etc/hosts\n", []string{"W /etc/hosts", "W ~etc/hosts", "W ~hosts"}, nil},
		// GNU patch ends a name at a space when no tab follows.
		{"space timestamp", "--- .env 2026-01-01 00:00\n+++ .env 2026-01-02\n@@ -1 +1 @@\n",
			[]string{"W .env 2026-01-01 00:00", "W ~.env"}, nil},
		// Context diffs (diff -c), with a space or a tab after the mark.
		{"context", "*** a/.env\t2026-01-01\n--- b/.env\t2026-01-01\n***************\n*** 1 ****\n! A=1\n--- 1 ----\n! A=2\n",
			[]string{"W .env", "W ~a/.env", "W ~b/.env"}, []string{"W ~1"}},
		{"context tab", "***\tagent-policy.yaml\n---\tagent-policy.yaml\n***************\n",
			[]string{"W agent-policy.yaml"}, nil},
		{"context two files", "*** a.go\n--- a.go\n***************\n*** 1 ****\n! x\n--- 1 ----\n! y\n*** b.yaml\n--- b.yaml\n***************\n*** 1 ****\n  *** c.txt\n--- 1 ----\n  *** c.txt\n",
			[]string{"W a.go", "W b.yaml", "W ~c.txt"}, []string{"W c.txt"}},
		// Indentation, X's and RFC 934's "- " as GNU patch strips them.
		{"indented", "  --- a/agent-policy.yaml\n  +++ b/agent-policy.yaml\n  @@ -1 +1 @@\n  -x\n  +y\n", []string{"W agent-policy.yaml"}, nil},
		{"tab indented", "\t--- a/.env\n\t+++ b/.env\n", []string{"W .env"}, nil},
		{"X indented", "XX--- a/.env\nXX+++ b/.env\n", []string{"W .env"}, nil},
		{"rfc934", "- --- a/.env\n+++ b/.env\n", []string{"W .env"}, nil},
		// Headers standing alone: possible files.
		{"lone plus", "+++ .env\n@@ -1 +1 @@\n-a\n+b\n", []string{"W ~.env"}, []string{"W .env"}},
		{"lone minus", "--- .env\n", []string{"W ~.env"}, []string{"W .env"}},
		{"diff line", "diff -u old/.env new/.env\n1c1\n< a\n---\n> b\n", []string{"W ~old/.env", "W ~new/.env", "W ~.env"}, nil},
		// Index: names the file of a diff with a hunk of any dialect.
		{"index normal", "Index: .env\n====\n1c1\n< a\n---\n> b\n", []string{"W .env"}, nil},
		{"index ed", "Index: .env\n1c\nb\n.\n", []string{"W .env"}, nil},
		{"index prose", "Index: chapter two\n", []string{"W ~chapter two", "W ~chapter"}, []string{"W chapter two"}},
		// A hunk's lines are not the next file's headers.
		{"added line", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n+++ y\n", []string{"W x", "W ~y"}, []string{"W y"}},
		{"hunk pair", "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n--- old\n+++ new\n", []string{"W x", "W ~old", "W ~new"}, []string{"W old", "W new"}},
		{"after hunk", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n", []string{"W x", "W .env"}, nil},
		{"prose copy", "copy to the clipboard\nrename to .env later\n", []string{"W ~the clipboard", "W ~.env"}, []string{"W the clipboard", "W .env"}},
		{"binary", "diff --git a/.env b/.env\nindex 1..2 100644\nGIT binary patch\nliteral 5\nMcmV?d00001\n", []string{"W .env"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, _ := Files(tc.text)
			var got []string
			for _, f := range files {
				got = append(got, reading(f))
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("Files(%q): missing %q in %q", tc.text, w, got)
				}
			}
			for _, n := range tc.none {
				if slices.Contains(got, n) {
					t.Errorf("Files(%q): unexpected %q in %q", tc.text, n, got)
				}
			}
			if tc.want == nil && tc.none == nil && len(got) > 0 {
				t.Errorf("Files(%q) = %q, want none", tc.text, got)
			}
		})
	}
}

func TestTruncated(t *testing.T) {
	text := strings.Repeat("--- a/x\n+++ b/x\n", MaxFiles)
	if _, tr := Files(text); !tr {
		t.Errorf("%d names not reported truncated", 2*MaxFiles)
	}
	if _, tr := Files(strings.Repeat("--- a/x\n+++ b/x\n", MaxFiles/2)); tr {
		t.Errorf("%d names reported truncated", MaxFiles)
	}
}

// A name with many components gives its deepest strip levels only, in
// time linear in the text.
func TestDeepName(t *testing.T) {
	deep := strings.Repeat("d/", 200_000) + "agent-policy.yaml"
	files, _ := Files("--- " + deep + "\n+++ " + deep + "\n")
	if len(files) > 2*(maxDepth+2) {
		t.Errorf("%d readings of one deep name", len(files))
	}
	if !slices.Contains(files, File{Path: "agent-policy.yaml", Op: Write, Alt: true}) {
		t.Errorf("the base name is not among the readings")
	}
}

func TestLooks(t *testing.T) {
	for text, want := range map[string]bool{
		"--- a/x\n+++ b/x\n":                 true,
		"intro\n--- x\n+++ x\n":              true,
		"diff --git a/x b/x\n":               true,
		"*** x\n--- x\n":                     true,
		"  --- a/x\n  +++ b/x\n":             true,
		"1c1\n< a\n---\n> b\n":               true,
		"3d\n.\n":                            true,
		"@@ -1 +1 @@\n-a\n+b\n":              true,
		"--- x\nno plus\n":                   false,
		"a --- b\n+++ c":                     false,
		"*** Begin Patch\n":                  false,
		"- item\n- item\n--- \n+":            false,
		"# Title\n\n---\n\nsome *** prose\n": false,
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
	f.Add("*** a/x\t2026\n--- b/x\t2026\n***************\n*** 1,2 ****\n! a\n--- 1,2 ----\n! b\n")
	f.Add("  X--- a/x y\n  +++ b/x\n  @@ -1,3 +1,0 @@\n  --- z\n")
	f.Add("Index: a b\n1,$s/x/y/\n.\n3c3\n< a\n> b\n")
	f.Add("diff -ruN 'a x' \"b y\"\n- --- a\n+++ //x//y//\n")
	f.Add("--- \"/\xff\"\n+++ \"/\xfe\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		files, _ := Files(text)
		if len(files) > 0 && !maybe(text) {
			t.Fatalf("files without a header mark in %q", text)
		}
		for _, fl := range files {
			if fl.Path == "" || fl.Path == "/dev/null" || fl.Op < Write || fl.Op > Read {
				t.Fatalf("bad file %+v", fl)
			}
			// A C-quoted name ("/\a") decodes its escapes: only a text
			// without backslashes must hold every absolute path as given.
			if !fl.Alt && strings.HasPrefix(fl.Path, "/") && !strings.Contains(text, fl.Path) && !strings.Contains(text, "\\") {
				t.Fatalf("absolute path %q not in the text", fl.Path)
			}
		}
		again, _ := Files(text)
		if !slices.Equal(files, again) {
			t.Fatalf("Files is not deterministic on %q", text)
		}
		_ = Looks(text)
	})
}
