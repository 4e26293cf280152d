package policy

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"slices"
	"testing"
)

// TestArchiveEscapes: an archive's listing tells the members that leave
// the directory they are extracted into — by name, by a drive letter,
// through a symlink member before them — and the links that point out;
// clean archives and other files tell none (red-team round 23 (c), #3).
func TestArchiveEscapes(t *testing.T) {
	type m struct{ name, link string }
	tarOf := func(ms ...m) []byte {
		var b bytes.Buffer
		w := tar.NewWriter(&b)
		for _, x := range ms {
			h := &tar.Header{Name: x.name, Mode: 0o644, Typeflag: tar.TypeReg}
			if x.link != "" {
				h.Typeflag, h.Linkname = tar.TypeSymlink, x.link
			}
			if err := w.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		return b.Bytes()
	}
	zipOf := func(names ...string) []byte {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		for _, n := range names {
			if _, err := w.Create(n); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		return b.Bytes()
	}
	for _, tt := range []struct {
		name     string
		data     []byte
		escapes  []string
		linksOut int
		archive  bool
	}{
		{"dotdot", tarOf(m{name: "../agent-policy.yaml"}), []string{"../agent-policy.yaml"}, 0, true},
		{"deep dotdot", tarOf(m{name: "a/b/../../../x"}), []string{"../x"}, 0, true},
		{"absolute", tarOf(m{name: "/etc/x"}), []string{"/etc/x"}, 0, true},
		{"backslashes", zipOf("..\\..\\x"), []string{"../../x"}, 0, true},
		{"drive letter", zipOf("C:/Windows/x"), []string{"C:/Windows/x"}, 0, true},
		{"through a link", tarOf(m{name: "out", link: ".."}, m{name: "out/agent-policy.yaml"}), []string{"../agent-policy.yaml"}, 1, true},
		{"absolute link", tarOf(m{name: "l", link: "/home/dev"}, m{name: "l/.bashrc"}), []string{"/home/dev/.bashrc"}, 1, true},
		{"inner link", tarOf(m{name: "a/l", link: "../b"}, m{name: "a/l/x"}), nil, 0, true},
		{"clean", tarOf(m{name: "pkg/a.go"}, m{name: "pkg/../b.go"}), nil, 0, true},
		{"clean zip", zipOf("pkg/a.go", "./b"), nil, 0, true},
		{"7z magic", []byte("7z\xbc\xaf\x27\x1c\x00\x04"), nil, 0, true},
		{"text", []byte("package main\n"), nil, 0, false},
	} {
		pk := archiveMembers(bytes.NewReader(tt.data))
		if !slices.Equal(pk.escapes, tt.escapes) || len(pk.linksOut) != tt.linksOut || pk.archive != tt.archive {
			t.Errorf("%s: escapes %q, links out %q, archive %v; want %q, %d, %v", tt.name, pk.escapes, pk.linksOut, pk.archive, tt.escapes, tt.linksOut, tt.archive)
		}
	}
}

// TestArchiveEscapesPastTheBound: members that escape past maxEscapes are
// not kept, but the peek says there were more, so the evaluation asks
// instead of judging only the first ones (a policy member behind 16
// harmless escapes).
func TestArchiveEscapesPastTheBound(t *testing.T) {
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for i := 0; i <= maxEscapes; i++ {
		name := "../src/x" + string(rune('a'+i))
		if i == maxEscapes {
			name = "../agent-policy.yaml"
		}
		if err := w.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	pk := archiveMembers(bytes.NewReader(b.Bytes()))
	if len(pk.escapes) != maxEscapes || !pk.escapesMore {
		t.Errorf("escapes %d, more %v; want %d, true", len(pk.escapes), pk.escapesMore, maxEscapes)
	}
}
