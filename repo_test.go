package mandate_test

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageDocs requires exactly one package doc comment in every
// package: the doc states the package's contract.
func TestPackageDocs(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		// Every non-test Go file, whatever its build constraints: a
		// package doc in a file for another platform counts too.
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		docs := map[string][]string{} // package name -> files with a doc
		for _, e := range entries {
			fname := e.Name()
			if e.IsDir() || !strings.HasSuffix(fname, ".go") || strings.HasSuffix(fname, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(path, fname), nil, parser.ParseComments|parser.PackageClauseOnly)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			if _, ok := docs[f.Name.Name]; !ok {
				docs[f.Name.Name] = nil
			}
			if f.Doc != nil {
				docs[f.Name.Name] = append(docs[f.Name.Name], fname)
			}
		}
		for _, withDoc := range docs {
			switch len(withDoc) {
			case 0:
				t.Errorf("no package doc in %s", path)
			case 1:
			default:
				t.Errorf("multiple files with a package doc in %s: %q", path, withDoc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEngineBinaryDeps keeps cmd/mandate-engine lean: it answers every
// agent tool call (resident, or in-process when no engine runs), so heavy
// packages belong in a separate control-plane binary.
func TestEngineBinaryDeps(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./cmd/mandate-engine")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	banned := []string{
		"google.golang.org/protobuf", "google.golang.org/grpc", "go.opentelemetry.io",
		"github.com/google/cel-go", "github.com/open-policy-agent", "modernc.org/",
		"github.com/santhosh-tekuri/jsonschema", "github.com/xeipuuv/gojsonschema",
		"github.com/mattn/go-sqlite3", "github.com/jackc/pgx", "runtime/cgo",
		// Documentation generators run at build time (make man), never in
		// the engine.
		"github.com/spf13/cobra/doc", "github.com/cpuguy83/go-md2man", "github.com/russross/blackfriday",
	}
	// Package net's initialisers run in every hook process; net/netip and
	// net/url are enough for host matching. The CLI framework's flag
	// package (pflag) links it for its IP-address flag types, which
	// Mandate does not use: it is the only importer allowed.
	netImporters := map[string]bool{"github.com/spf13/pflag": true}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		dep := f[0]
		for _, imp := range f[1:] {
			if imp == "net" && !netImporters[dep] {
				t.Errorf("%s imports package net: only %v may (its initialisers run in every hook process)", dep, netImporters)
			}
		}
		for _, b := range banned {
			if strings.HasPrefix(dep, b) {
				t.Errorf("cmd/mandate-engine links %s (banned: %s)", dep, b)
			}
		}
	}
}

// TestFrontDeps keeps cmd/mandate, the front, near an empty program's
// start-up cost: it is what an agent spawns on every tool call. Every
// package it links initialises in every call; fmt, strings (and its
// unicode tables), reflect, net and encoding packages stay out. Of this
// module it links only the front and hookwire, the facts it shares with
// the engine. It holds on every platform the front builds for.
func TestFrontDeps(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		cmd := exec.Command("go", "list", "-deps", "./cmd/mandate")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("GOOS=%s go list -deps: %v\n%s", goos, err, out)
		}
		ours := map[string]bool{
			"github.com/mandate-dev/mandate/cmd/mandate":       true,
			"github.com/mandate-dev/mandate/internal/front":    true,
			"github.com/mandate-dev/mandate/internal/hookwire": true,
		}
		for _, dep := range strings.Fields(string(out)) {
			switch {
			case ours[dep]:
			case strings.Contains(dep, "."):
				t.Errorf("%s: mandate links %s: only the standard library, the front and hookwire belong in it", goos, dep)
			case dep == "fmt" || dep == "strings" || dep == "unicode" || dep == "reflect" || dep == "net" ||
				strings.HasPrefix(dep, "encoding") || strings.HasPrefix(dep, "regexp") || strings.HasPrefix(dep, "net/"):
				t.Errorf("%s: mandate links %s, whose initialisation every tool call would pay", goos, dep)
			}
		}
	}
}
