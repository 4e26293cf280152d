package hook

import (
	"strings"
	"testing"
)

// TestSearchArgvTable checks every argv of the table: placeholders are
// known, and a pattern that starts with '-' is judged as a command line
// exactly for the programs that take it as a plain positional.
func TestSearchArgvTable(t *testing.T) {
	known := map[string]bool{"pattern": true, "path": true, "root": true, "glob": true, "type": true}
	for key, progs := range searchArgvs {
		for _, p := range progs {
			for _, g := range p.argv {
				for _, w := range strings.Fields(g) {
					if i := strings.IndexByte(w, '{'); i >= 0 {
						j := strings.IndexByte(w, '}')
						if j < i || !known[w[i+1:j]] {
							t.Errorf("%s: unknown placeholder in %q", key, w)
						}
					}
				}
			}
			if p.dir != "" && p.dir != "root" {
				t.Errorf("%s: dir %q", key, p.dir)
			}
		}
	}
	want := map[string]int{
		"claude/Grep": 0, "gemini/grep_search": 2, "hermes/search_files": 3, "hermes/search_files:files": 0,
		"copilot/rg": 2, "cursor/Grep": 2, "no/such-tool": 2,
	}
	for key, n := range want {
		acts := SearchArgv(key, "t", "/p", SearchArgs{Pattern: "--pre=rm", Roots: []string{"docs"}, Glob: "*.go"})
		if len(acts) != n {
			t.Errorf("%s: %d command lines, want %d: %v", key, len(acts), n, acts)
		}
		for _, a := range acts {
			if !strings.Contains(a.Command, "'--pre=rm'") {
				t.Errorf("%s: %q lacks the pattern", key, a.Command)
			}
		}
		if acts := SearchArgv(key, "t", "/p", SearchArgs{Pattern: "TODO", Roots: []string{"docs"}}); len(acts) != 0 {
			t.Errorf("%s: an ordinary pattern gave %v", key, acts)
		}
	}
	// Hermes' rg takes the path as a plain positional too; its grep
	// fallback anchors it ("$PWD"/path), so only the two rg lines.
	if acts := SearchArgv("hermes/search_files", "t", "/p", SearchArgs{Pattern: "TODO", Roots: []string{"--pre=rm"}}); len(acts) != 2 {
		t.Errorf("hermes path option: %v", acts)
	}
	got := SearchArgv("gemini/grep_search", "t", "/p", SearchArgs{Pattern: "-Orm", Roots: []string{"src"}, Glob: "*.go"})
	if len(got) != 2 || got[0].Cwd != "/p/src" || got[0].Command != `'git' 'grep' '--untracked' '-n' '-E' '--ignore-case' '-Orm' '--' '*.go'` {
		t.Errorf("gemini git grep: %v", got)
	}
}

// unquote undoes shellJoin: words of single-quoted text and \' joined,
// separated by spaces.
func unquote(cmd string) []string {
	var out []string
	var b strings.Builder
	in := false
	for i := 0; i < len(cmd); i++ {
		switch c := cmd[i]; {
		case c == '\'':
			in = !in
		case !in && c == '\\' && i+1 < len(cmd):
			i++
			b.WriteByte(cmd[i])
		case !in && c == ' ':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

// FuzzSearchArgv: any call gives a command line only when a value starts
// with '-' or has a meaning of its own to the program (a git pathspec
// that git reads otherwise than the glob), and each command line holds
// the values word for word.
func FuzzSearchArgv(f *testing.F) {
	f.Add("--pre=rm", "docs", "*.md", "")
	f.Add("TODO", "-x", "", "go")
	f.Add("a'b{pattern}", "", "{glob}", "'")
	f.Fuzz(func(t *testing.T, pattern, root, glob, typ string) {
		var roots []string
		if root != "" {
			roots = []string{root}
		}
		for key := range searchArgvs {
			acts := SearchArgv(key, "t", "/p", SearchArgs{Pattern: pattern, Roots: roots, Glob: glob, Type: typ})
			if len(acts) > 0 && !strings.HasPrefix(pattern, "-") && !strings.HasPrefix(root, "-") && !pathspecSpecial(glob) {
				t.Fatalf("%s: %v without an option", key, acts)
			}
			for _, a := range acts {
				words := unquote(a.Command)
				found := false
				for _, w := range words {
					found = found || w == pattern || w == root || w == glob
				}
				if !found {
					t.Fatalf("%s: %q lacks the value (%q)", key, a.Command, words)
				}
			}
		}
	})
}
