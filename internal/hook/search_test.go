package hook

import (
	"fmt"
	"strings"
	"testing"
)

// TestSearchFilesReach: a search tool's action covers everything its root
// and pattern can reach. Each case names the class.
func TestSearchFilesReach(t *testing.T) {
	const cwd = "/home/dev/project"
	tests := []struct {
		class    string
		roots    []string
		patterns []string
		want     string // "root|pattern" per action, "; "-separated
	}{
		{"no root, no pattern: the whole cwd", nil, nil, "/home/dev/project|"},
		{"relative root", []string{"src"}, nil, "/home/dev/project/src|"},
		{"bare name matches at any depth", nil, []string{"*.go"}, "/home/dev/project|**/*.go"},
		{"literal directories join the root", nil, []string{"src/**/*.go"}, "/home/dev/project/src|**/*.go"},
		{"pattern with directories keeps them", nil, []string{"src/*/x.go"}, "/home/dev/project/src|*/x.go"},
		{"absolute pattern replaces the root", []string{"src"}, []string{"/home/dev/.ssh/*"}, "/home/dev/.ssh|"},
		{"absolute pattern at the top", nil, []string{"/**/environ"}, "/|**/environ"},
		{"home pattern", nil, []string{"~/.aws/*"}, "~/.aws|"},
		{"dot-dot before a wildcard stays for the policy", nil, []string{"../../**"}, "/home/dev/project/../..|"},
		{"dot-dot in the middle", nil, []string{"src/../../*"}, "/home/dev/project/src/../..|"},
		{"dot-dot after a wildcard", nil, []string{"src/*/../.ssh/*"}, "/|"},
		{"dot-dot above home stays for the policy", nil, []string{"~/../../etc/*"}, "~/../../etc|"},
		{"literal name matches at any depth", nil, []string{"main.tf"}, "/home/dev/project|**/main.tf; /home/dev/project|**/main.tf/**"},
		{"literal path", nil, []string{"config/.env.production"}, "/home/dev/project/config/.env.production|"},
		{"braces", nil, []string{"*.{ts,tsx}"}, "/home/dev/project|**/*.ts; /home/dev/project|**/*.tsx"},
		{"braces hiding an absolute path", nil, []string{"{src,/etc}/*.conf"}, "/etc,/home/dev/project/src|**/*.conf"},
		{"braces hiding dot-dot", nil, []string{"{.,..}/**/.env*"}, "/home/dev/project,/home/dev/project/..|**/.env*"},
		{"exclusion reads everything", nil, []string{"!*.md"}, "/home/dev/project|"},
		{"double star alone", nil, []string{"**"}, "/home/dev/project|"},
		{"several roots share a pattern", []string{"a", "b"}, []string{"*.go"}, "/home/dev/project/a,/home/dev/project/b|**/*.go"},
		{"absolute root", []string{"/proc/self"}, nil, "/proc/self|"},
		{"escaped letter: the escape and the literal readings", nil, []string{`infrastructur\e/**`},
			"/home/dev/project/infrastructur/e,/home/dev/project/infrastructur\\e,/home/dev/project/infrastructure|"},
		{"escaped dot in a bare name", nil, []string{`\.env`},
			"/home/dev/project|**/?.env; /home/dev/project|**/?.env/**; /.env|; /home/dev/project|**/.env; /home/dev/project|**/.env/**"},
		{"escape in a class: everything below the literal part", nil, []string{`src/[\]]/x`},
			"/home/dev/project/src|; /home/dev/project/src|[/]]/x"},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			var got []string
			for _, a := range SearchFiles("Glob", cwd, tt.roots, tt.patterns) {
				if !a.Recursive || a.Kind != "file.read" {
					t.Errorf("action %+v is not a recursive read", a)
				}
				got = append(got, strings.Join(a.Paths, ",")+"|"+a.Pattern)
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("got %s\nwant %s", g, tt.want)
			}
		})
	}
}

func TestSearchFilesBraceBomb(t *testing.T) {
	p := strings.Repeat("{a,b}", 12) // 4096 alternatives
	acts := SearchFiles("Glob", "/home/dev/project", nil, []string{p})
	if len(acts) != 1 || acts[0].Paths[0] != "/" || acts[0].Pattern != "" {
		t.Fatalf("too many alternatives must read everything below /: %+v", acts)
	}
}

func TestSearchPatterns(t *testing.T) {
	for _, tt := range []struct{ glob, typ, want string }{
		{"*.go", "", "[*.go]"},
		{"*.go", "ts", "[*.go]"},
		{"", "go", "[*.go]"},
		{"", "TS", "[*.ts *.tsx *.cts *.mts]"},
		{"", "no-such-type", "[]"},
		{"", "", "[]"},
	} {
		if got := fmt.Sprint(SearchPatterns(tt.glob, tt.typ)); got != tt.want {
			t.Errorf("SearchPatterns(%q, %q) = %s, want %s", tt.glob, tt.typ, got, tt.want)
		}
	}
}

func FuzzSearchFiles(f *testing.F) {
	for _, s := range []string{"*.go", "{a,{b,c}}/../x", "/**/environ", "~/../*", "!x", "{{{{", "}}}{,}", `\.ssh/*`, `[\]]/\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		for _, a := range SearchFiles("Glob", "/home/dev/project", []string{"src"}, []string{p}) {
			if err := a.Validate(); err != nil && !strings.Contains(err.Error(), "version") {
				t.Fatalf("invalid action for %q: %v", p, err)
			}
			for _, r := range a.Paths {
				if r == "" || !strings.HasPrefix(r, "/") && r != "~" && !strings.HasPrefix(r, "~/") {
					t.Fatalf("root %q for %q is not absolute", r, p)
				}
			}
		}
	})
}
