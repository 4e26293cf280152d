package shell

import (
	"slices"
	"testing"
)

// FuzzImportScanners runs the import languages' scanners and their URL
// and path readers on any text: they must not panic and must stay within
// their bounds.
func FuzzImportScanners(f *testing.F) {
	for _, s := range []string{`{{ file.Write "a" "b" }}`, `{{ defineDatasource "k" "file:///x" }}`, `./x as Text`,
		`env:"A" ? https://h/x`, `{- c -} ../y`, `read("env:A") import* "x/*.pkl"`, "include::a[]\nsys::[ls]", `{sys:`,
		`{{/* }} */}}{{ include "k" "a/b" | ds }}`, `{{ tmpl.Inline "{{ ds \"env:A\" }}" }}`, `"${./x}" ++ ''a''${b}''`,
		`{- {- -} -}~/x`, `x//~/y`, `read(#"env:A"#) + "\(read("b"))" /* c */`, `"""a\(x)"""`, `"\u{41`,
		":d: /x\nimage::{d}/y[]\nimage:z[] include::{user-home}/k[]", ":stylesheet: {a}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, scan := range []func(string) *dslScan{scanGomplate, scanDhall, scanPkl, scanAsciidoc} {
			r := scan(s)
			if len(r.reads) > 2*maxDSLItems || len(r.env) > 2*maxDSLItems || len(r.hosts) > 2*maxDSLItems ||
				len(r.opaque) > 2*maxDSLItems {
				t.Fatalf("unbounded scan of %q", s)
			}
		}
		gomplateSource(&dslScan{}, s)
		pklResource(&dslScan{}, s)
		gomplateSubURLs(s, s)
		asciidocSubst(s, map[string]string{"a": s})
		if p, n := dhallPath(s); n > len(s) || len(p) > len(s) {
			t.Fatalf("dhallPath(%q) = %q, %d", s, p, n)
		}
		if len(s) >= 5 && s[:5] == "file:" {
			pklFilePath(s)
		}
	})
}

// TestImportTokenisers checks what the scanners find where the language's
// own tokens decide it.
func TestImportTokenisers(t *testing.T) {
	for _, tc := range []struct {
		scan   func(string) *dslScan
		code   string
		reads  []string
		env    []string
		opaque bool
	}{
		{scanDhall, `{- -}~/k as Text`, []string{"~/k"}, nil, false},
		{scanDhall, `"{-" ++ ./a ++ "-}"`, []string{"./a"}, nil, false},
		{scanDhall, `{- {- -} ./in -} ./out`, []string{"./out"}, nil, false},
		{scanDhall, `let x = "a--b" in ./c`, []string{"./c"}, nil, false},
		{scanDhall, `./"a b"/c`, []string{"./a b/c"}, nil, false},
		{scanDhall, `env:"A\"B"`, nil, nil, true},
		{scanPkl, `x = "http://a"; y = read("env:B")`, nil, []string{"B"}, false},
		{scanPkl, `read ("env:%41")`, nil, []string{"%41", "A"}, false},
		{scanPkl, `foo.read("x")`, nil, nil, false},
		{scanPkl, `read("a" + b)`, nil, nil, true},
		{scanPkl, `"\(read("env:C"))"`, nil, []string{"C"}, false},
		{scanGomplate, `include this {{ .x }}`, nil, nil, false},
		{scanGomplate, `{{ include "file:///k" }}`, []string{"/k"}, nil, false},
		{scanGomplate, `{{ ds "nope" "sub/p" }}`, []string{"sub/p"}, nil, false},
		{scanGomplate, `{{ "x" | ds }}`, nil, nil, true},
		{scanAsciidoc, ":i: /d\nimage::{i}/k[]", []string{"/d/k"}, nil, false},
		{scanAsciidoc, "include::{nope}[]", nil, nil, true},
	} {
		s := tc.scan(tc.code)
		for _, r := range tc.reads {
			if !slices.Contains(s.reads, r) {
				t.Errorf("%q: reads %q, want %q among them", tc.code, s.reads, r)
			}
		}
		for _, e := range tc.env {
			if !slices.Contains(s.env, e) {
				t.Errorf("%q: env %q, want %q among them", tc.code, s.env, e)
			}
		}
		if (len(s.opaque) > 0) != tc.opaque {
			t.Errorf("%q: opaque %q, want %v", tc.code, s.opaque, tc.opaque)
		}
	}
}
