package shell

import "testing"

// FuzzImportScanners runs the import languages' scanners on any text:
// they must not panic and must stay within their bounds.
func FuzzImportScanners(f *testing.F) {
	for _, s := range []string{`{{ file.Write "a" "b" }}`, `{{ defineDatasource "k" "file:///x" }}`, `./x as Text`,
		`env:"A" ? https://h/x`, `{- c -} ../y`, `read("env:A") import* "x/*.pkl"`, "include::a[]\nsys::[ls]", `{sys:`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, scan := range []func(string) *dslScan{scanGomplate, scanDhall, scanPkl, scanAsciidoc} {
			r := scan(s)
			if len(r.reads) > 2*maxDSLItems || len(r.env) > 2*maxDSLItems || len(r.hosts) > 2*maxDSLItems {
				t.Fatalf("unbounded scan of %q", s)
			}
		}
		gomplateSource(&dslScan{}, s)
		pklResource(&dslScan{}, s)
	})
}
