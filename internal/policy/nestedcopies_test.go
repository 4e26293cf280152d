package policy

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
	"github.com/mandate-dev/mandate/internal/policy/fixture"
)

// writeArchives writes the archives and trees the nested-repository tests
// copy and extract into the fixture.
func writeArchives(t *testing.T, tr *fixture.Tree) {
	t.Helper()
	tarOf := func(gz bool, names ...string) []byte {
		var b bytes.Buffer
		var w *tar.Writer
		var z *gzip.Writer
		if gz {
			z = gzip.NewWriter(&b)
			w = tar.NewWriter(z)
		} else {
			w = tar.NewWriter(&b)
		}
		for _, n := range names {
			h := &tar.Header{Name: n, Mode: 0o644, Typeflag: tar.TypeReg}
			if n[len(n)-1] == '/' {
				h.Typeflag, h.Mode = tar.TypeDir, 0o755
			}
			if err := w.WriteHeader(h); err != nil {
				t.Fatal(err)
			}
		}
		w.Close()
		if z != nil {
			z.Close()
		}
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
	files := map[string][]byte{
		"/tmp/clean.tgz":                 tarOf(true, "lib/", "lib/a.go", "README"),
		"/tmp/git.tgz":                   tarOf(true, "lib/", "lib/.git/", "lib/.git/HEAD"),
		"/tmp/upper.tar":                 tarOf(false, "x/.GIT/config"),
		"/tmp/bare.tar":                  tarOf(false, "./HEAD", "./objects/", "./refs/heads/"),
		"/tmp/git.zip":                   zipOf("proj/.git/config", "proj/a.txt"),
		"/tmp/clean.zip":                 zipOf("proj/a.txt"),
		"/tmp/a.tar.xz":                  []byte("\xfd7zXZ\x00\x00"),
		"/tmp/repo/.git/HEAD":            []byte("ref: refs/heads/main\n"),
		"/tmp/deep/a/b/.git":             []byte("gitdir: /tmp/g\n"),
		"/tmp/plain/a.txt":               []byte("a\n"),
		"/home/dev/project/src/sub/a.go": []byte("package sub\n"),
	}
	for name, data := range files {
		p := tr.Real(name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Class self-protection/nested-repo, by copy and extraction (red-team
// round 7, #8 and its class): any write that can put a .git (or a git
// directory's HEAD, objects/ and refs/) below the governed repository —
// a tree copy of a repository, an archive of one extracted in the same
// line, an archive file that holds one — is denied; an extraction whose
// members cannot be known asks; copies and extractions of trees without
// a repository are untouched.
func TestNestedRepositoryByCopyOrExtraction(t *testing.T) {
	tr := fixture.Standard(t)
	writeArchives(t, tr)
	p := fixturePolicy(t, tr)
	for _, tt := range []struct {
		cmd  string
		want Effect
	}{
		{"tar cf - .git | tar xf - -C docs", Deny},
		{"tar cf - --exclude=mandate-state .git | tar xf - -C docs", Deny},
		{"tar cf /tmp/a.tar .git && tar xf /tmp/a.tar -C docs", Deny},
		{"zip -qr /tmp/a.zip .git && unzip /tmp/a.zip -d docs", Deny},
		{"bsdtar cf - .git | bsdtar xf - -C docs", Deny},
		{"cp -r .git docs/", Deny},
		{"cp -a .git docs/x", Deny},
		{"cp -r .git/* docs/x/", Deny},
		{"rsync -a .git docs/", Deny},
		{"cp -r /tmp/repo docs/", Deny},
		{"cp -r /tmp/deep docs/", Deny},
		{"mv /tmp/repo docs/r", Deny},
		{"tar xzf /tmp/git.tgz -C docs", Deny},
		{"tar xf /tmp/upper.tar -C docs", Deny},
		{"tar xf /tmp/bare.tar -C docs/x", Deny},
		{"unzip /tmp/git.zip -d docs", Deny},
		{"cd docs && tar xzf /tmp/git.tgz", Deny},
		// what it extracts cannot be known
		{"tar xJf /tmp/a.tar.xz -C docs", Ask},
		{"cat /tmp/clean.tgz | tar xz -C docs", Ask},
		// everyday: no repository in what lands
		{"tar xzf /tmp/clean.tgz -C docs", Allow},
		{"unzip /tmp/clean.zip -d docs", Allow},
		{"tar cf - src/sub | tar xf - -C docs", Allow},
		{"cp -r src/sub docs/", Allow},
		{"cp -r /tmp/plain docs/", Allow},
		{"git archive HEAD src/sub | tar x -C docs", Allow},
		{"tar czf docs/backup.tgz src", Allow},
		{"tar xzf /tmp/git.tgz -C /tmp", Deny}, // outside allow_paths, not for a repository
		{"cp -r .git /tmp/g", Deny},            // the same
	} {
		d := p.Evaluate(execAction(tt.cmd, action.WriteLocal))
		if d.Decision != tt.want {
			t.Errorf("%q: got %s, want %s (%s)", tt.cmd, d.Decision, tt.want, d.Reason)
		}
		if tt.want != Allow && d.Rule != "nested-repository" && !strings.Contains(tt.cmd, "/tmp/g") {
			t.Errorf("%q: decided by rule %q, want nested-repository (%s)", tt.cmd, d.Rule, d.Reason)
		}
	}
}

// repositoryMember finds what makes a repository among member names.
func TestRepositoryMember(t *testing.T) {
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{[]string{"a/.git/HEAD"}, "a/.git"},
		{[]string{"./.git/"}, ".git"},
		{[]string{"x\\.GIT\\config"}, "x/.GIT"},
		{[]string{"HEAD", "objects/", "refs/heads/main"}, "(its top level: HEAD, objects/, refs/)"},
		{[]string{"r/HEAD", "r/objects/ab/cd", "r/refs/"}, "r"},
		{[]string{"src/HEAD/x", "src/objects/", "src/refs/"}, ""},
		{[]string{"lib/a.go", "README", ".gitignore", ".github/x"}, ""},
	} {
		if got := repositoryMember(tt.names); got != tt.want {
			t.Errorf("repositoryMember(%q) = %q, want %q", tt.names, got, tt.want)
		}
	}
}

// FuzzArchiveMembers: any bytes as an archive give an answer, never a
// panic or a hang.
func FuzzArchiveMembers(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Add([]byte("BZh9"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = archiveMembers(bytes.NewReader(data))
	})
}
