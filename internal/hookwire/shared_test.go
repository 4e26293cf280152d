package hookwire

import (
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestForwarded(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{}, false},
		{[]string{"hook"}, true},
		{[]string{"hook", "claude"}, true},
		{[]string{"hook", "copilot", "preToolUse"}, true},
		{[]string{"check", "--tool", "Bash", "--command", "ls"}, true},
		{[]string{"check", "--batch"}, false},
		{[]string{"check", "--tool=Bash", "-batch=true"}, false},
		{[]string{"check", "--command", "echo batch"}, false}, // a false positive: only slower
		{[]string{"log"}, false},
		{[]string{"serve"}, false},
		{[]string{"Hook"}, false},
		{[]string{"", "hook"}, false},
	}
	for _, tt := range tests {
		if got := Forwarded(tt.args); got != tt.want {
			t.Errorf("Forwarded(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		args       []string
		code, want int
	}{
		{[]string{"hook", "claude"}, 1, 2},
		{[]string{"hook", "claude"}, 0, 0},
		{[]string{"hook", "claude"}, 2, 2},
		{[]string{"hook"}, 1, 2},
		{[]string{"check"}, 1, 1},
		{[]string{"check"}, 3, 3},
		{[]string{"verify"}, 1, 1},
		{nil, 1, 1},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.args, tt.code); got != tt.want {
			t.Errorf("ExitCode(%q, %d) = %d, want %d", tt.args, tt.code, got, tt.want)
		}
	}
}

func TestStateDir(t *testing.T) {
	isAbs := func(p string) bool { return strings.HasPrefix(p, "/") }
	tests := []struct {
		env  map[string]string
		want string // "" for none
	}{
		{map[string]string{"MANDATE_HOME": "/srv/mandate", "XDG_STATE_HOME": "/x", "HOME": "/h"}, "/srv/mandate"},
		{map[string]string{"MANDATE_HOME": "/srv/mandate/../m/./"}, "/srv/m"},
		{map[string]string{"MANDATE_HOME": "rel/state", "HOME": "/h"}, "/work/dir/rel/state"},
		{map[string]string{"XDG_STATE_HOME": "/h/.state", "HOME": "/h"}, "/h/.state/mandate"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/h"}, "/h/.local/state/mandate"},
		{map[string]string{"HOME": "/h/"}, "/h/.local/state/mandate"},
		{map[string]string{"XDG_STATE_HOME": "relative"}, ""},
		{map[string]string{}, ""},
	}
	for _, tt := range tests {
		got, ok := StateDir(func(k string) string { return tt.env[k] }, "/work/dir", isAbs, path.Join)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("StateDir(%v) = %q, %v; want %q", tt.env, got, ok, tt.want)
		}
	}
}

// The front (cmd/mandate) links this package on every tool call, and
// only packages cheap to initialise (repo_test.go's TestFrontDeps, which
// lists them): this package's imports stay among those few.
func TestImportsStayCheap(t *testing.T) {
	allowed := map[string]bool{"errors": true, "io": true, "strconv": true, "time": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[p] {
				t.Errorf("%s imports %s: the front links this package on every tool call; keep to %v", name, p, allowed)
			}
		}
	}
}
