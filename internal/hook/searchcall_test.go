package hook

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestSearchToolsTable checks every entry names rewrites, meanings and
// argvs that exist, and every searchArgvs reads names a known meaning.
func TestSearchToolsTable(t *testing.T) {
	for key, st := range searchTools {
		for _, rw := range append(slices.Clone(st.rootRW), st.nameRW...) {
			if searchRewrites[rw] == nil {
				t.Errorf("%s: unknown rewrite %q", key, rw)
			}
		}
		if st.globAs != "" && searchValueMeanings[st.globAs].wide == nil {
			t.Errorf("%s: unknown meaning %q", key, st.globAs)
		}
		if _, ok := searchArgvs[st.argv]; st.argv != "" && !ok {
			t.Errorf("%s: unknown argv %q", key, st.argv)
		}
		if len(st.patterns) == 0 {
			t.Errorf("%s: no pattern keys", key) // no root keys: the cwd (read_many_files)
		}
		for _, d := range st.dialects {
			if !slices.Contains([]string{dialectGlobset, dialectFnmatch, dialectPathspec, dialectMinimatch}, d) {
				t.Errorf("%s: unknown dialect %q", key, d)
			}
		}
		if n := st.nocase; n != "" && n != nocaseAlways && n != nocaseOS && (!strings.HasPrefix(n, nocaseUnless) || n == nocaseUnless) {
			t.Errorf("%s: unknown nocase %q", key, n)
		}
		if st.dialects == nil && st.nocase != nocaseAlways {
			t.Errorf("%s: a tool of unknown dialect must fold case", key)
		}
	}
	for key, progs := range searchArgvs {
		for _, p := range progs {
			for _, m := range p.reads {
				if searchValueMeanings[m].program == nil {
					t.Errorf("%s: unknown meaning %q", key, m)
				}
			}
		}
	}
}

func TestSearchRewrites(t *testing.T) {
	for _, tt := range []struct{ in, multi, files string }{
		{"docs,infrastructure", "[docs infrastructure]", "[docs,infrastructure *docs,infrastructure]"},
		{"docs infrastructure", "[docs infrastructure]", "[docs infrastructure *docs infrastructure]"},
		{"docs", "[]", "[docs *docs]"},
		{"docs/*.tf", "[]", "[*.tf]"},
		{"**/x", "[]", "[x *x]"},
		{"docs/", "[]", "[ *]"},
	} {
		if got := fmt.Sprint(hermesMultiPath(tt.in)); got != tt.multi {
			t.Errorf("hermesMultiPath(%q) = %s, want %s", tt.in, got, tt.multi)
		}
		if got := fmt.Sprint(hermesFilesPattern(tt.in)); got != tt.files {
			t.Errorf("hermesFilesPattern(%q) = %s, want %s", tt.in, got, tt.files)
		}
	}
	// a comma part stripped whole (newer Hermes) and split (older)
	if got := hermesMultiPath("docs, ~/my dir"); !slices.Equal(got, []string{"docs", "~/my dir", "~/my", "dir"}) {
		t.Errorf("hermesMultiPath: %q", got)
	}
}

// TestSearchCallUnion checks that a value under any of a tool's keys is
// judged: a pattern option under the third key, a root under the second.
func TestSearchCallUnion(t *testing.T) {
	acts := SearchCall("cursor/Grep", "Grep", "/p", map[string]any{"pattern": "TODO", "regex": "--pre=sh", "path": "docs"})
	if !slices.ContainsFunc(acts, func(a action.Action) bool { return strings.Contains(a.Command, "'--pre=sh'") }) {
		t.Errorf("cursor regex not judged: %v", acts)
	}
	acts = SearchCall("copilot/rg", "rg", "/p", map[string]any{"pattern": "x", "paths": "docs", "path": "/etc"})
	if !slices.ContainsFunc(acts, func(a action.Action) bool { return slices.Contains(a.Paths, "/etc") }) {
		t.Errorf("copilot path not a root: %v", acts)
	}
	if acts := SearchCall("no/such", "t", "/p", nil); len(acts) != 1 || acts[0].Kind != Unknown("t", "/p").Kind {
		t.Errorf("unknown tool: %v", acts)
	}
}

// FuzzSearchCall: any arguments decode without a panic into at least one
// action, and every value under a root key is judged (as sent, resolved).
func FuzzSearchCall(f *testing.F) {
	f.Add("hermes/search_files:files", "docs, ~/.ssh", "docs/*.tf", ":!docs")
	f.Add("gemini/grep_search", "src", "-e", ":(icase).GITHUB")
	f.Add("cursor/Grep", "a b,c", "{a,b}/**", "*.{go,md}")
	keys := make([]string, 0, len(searchTools))
	for k := range searchTools {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	f.Fuzz(func(t *testing.T, key, root, pat, glob string) {
		if !slices.Contains(keys, key) {
			key = keys[len(key)%len(keys)]
		}
		st := searchTools[key]
		in := map[string]any{}
		if len(st.roots) > 0 { // read_many_files has patterns only
			in[st.roots[0]] = root
		}
		if len(st.patterns) > 0 {
			in[st.patterns[0]] = pat
		}
		if len(st.globs) > 0 {
			in[st.globs[0]] = glob
		}
		acts := SearchCall(key, "t", "/p", in)
		if len(acts) == 0 {
			t.Fatalf("%s: no action", key)
		}
		for _, part := range hermesMultiPath(root) {
			if part == "" {
				t.Fatalf("empty part of %q", root)
			}
		}
		for _, p := range hermesFilesPattern(pat) {
			if strings.Contains(p, "/") {
				t.Fatalf("files pattern %q keeps a '/': %q", pat, p)
			}
		}
	})
}
