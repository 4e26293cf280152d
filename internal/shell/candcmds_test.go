package shell

import (
	"strings"
	"testing"
	"time"
)

// TestPrefixedBase: the g-/uu-/gnu- spellings are the programs they are
// (red-team round 6 #22, class exec/obfuscated-name); programs of their
// own name, text-only programs and scripts named by a path are not.
func TestPrefixedBase(t *testing.T) {
	for _, c := range []struct{ n, prog, want string }{
		{"gtimeout", "gtimeout", "timeout"},
		{"uu-env", "uu-env", "env"},
		{"uu_cp", "uu_cp", "cp"},
		{"gxargs", "/opt/homebrew/bin/gxargs", "xargs"},
		{"gnutar", "gnutar", "tar"},
		{"gnumake", "/usr/bin/gnumake", "make"},
		{"gawk", "gawk", "gawk"},    // its own table entry
		{"gsed", "gsed", "gsed"},    // the same
		{"gzip", "gzip", "gzip"},    // not g+zip
		{"gecho", "gecho", "gecho"}, // text-only programs are not listed
		{"gtest", "gtest", "gtest"}, // nor test
		{"gcp", "./src/gcp", "gcp"}, // the agent's script, by its path
		{"gcp", "/usr/local/bin/gcp", "cp"},
		{"g", "g", "g"},
	} {
		if got := prefixedName(c.n, c.prog); got != c.want {
			t.Errorf("prefixedName(%q, %q) = %q, want %q", c.n, c.prog, got, c.want)
		}
	}
}

// TestCandidateCommandFacts: an unlisted program's command-line-shaped
// argument is a candidate command: its writes and deletes are candidate
// writes, its reads are reads, its opaque parts are dropped; text whose
// first word is not a program word is not read.
func TestCandidateCommandFacts(t *testing.T) {
	an, err := Analyze("frob --then='rm agent-policy.yaml' 'cat .env' 'python3 -c x' '(os/rm y)'", Options{Cwd: "/r", Home: "/h"})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Deletes) != 0 {
		t.Errorf("deletes %v: a candidate command's deletes are candidate writes", an.Deletes)
	}
	var cand, read, y bool
	for _, w := range an.Writes {
		cand = cand || w.Path == "/r/agent-policy.yaml" && w.Candidate
		y = y || w.Path == "/r/y"
	}
	for _, r := range an.Reads {
		read = read || r.Path == "/r/.env"
	}
	if !cand || !read || y {
		t.Errorf("candidate write %v, read %v, lisp read as a command %v: %+v", cand, read, y, an)
	}
	for _, o := range an.Opaque {
		if strings.Contains(o.Reason, "python3") {
			t.Errorf("a candidate command's opaque part is reported: %v", o)
		}
	}
}

// FuzzCandidateCommands: any argument of an unlisted program analyses in
// bounded time without a panic.
func FuzzCandidateCommands(f *testing.F) {
	for _, s := range []string{"rm x", "sh -c 'rm x'", "a; b | c", "(x y", "python3 -c 'x'", "--cmd=rm -f x", "gtimeout 5 sh -c x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2048 || strings.ContainsAny(s, "'\x00") {
			return
		}
		start := time.Now()
		_, _ = Analyze("frob '"+s+"' --x='"+s+"'", Options{Cwd: "/r", Home: "/h"})
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("took %v", d)
		}
	})
}
