package shell

import "testing"

// PowerShell statements lowered to the commands they run (#16): every
// condition, collection and body kept; constructs not known left as
// written.
func TestPSLower(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"if (Test-Path docs/a.md) { Remove-Item docs/a.md }", "Test-Path docs/a.md ; Remove-Item docs/a.md"},
		{"if ($x -gt 3) { rm a } elseif (Test-Path b) { rm c } else { rm d }", "rm a ; Test-Path b ; rm c ; rm d"},
		{"foreach ($f in Get-ChildItem src/*.go) { gofmt -l $f }", "Get-ChildItem src/*.go ; gofmt -l src/*.go src/*.go/*"},
		{"foreach ($f in 'a.txt','b.txt') { Remove-Item $f.FullName }", "Remove-Item 'a.txt' 'b.txt'"},
		{"foreach ($f in Get-ChildItem src) { Remove-Item $f.Name }", "Get-ChildItem src ; Remove-Item $f.Name"},
		{"$files = Get-ChildItem src; $files.Count", "Get-ChildItem src"},
		{"[string]$t = Get-Content a", "Get-Content a"},
		{"(Get-Content src/app.go).Count", "Get-Content src/app.go"},
		{"& ./src/build.ps1 -Release", "./src/build.ps1 -Release"},
		{"& 'rm' x", "'rm' x"},
		{"for ($i=0; $i -lt 3; $i++) { echo $i }", "echo $i"},
		{"do { Get-Content a } while ($false)", "Get-Content a"},
		{"while (Test-Path a) { rm a }", "Test-Path a ; rm a"},
		// Left as written: the call operator on a value, a method call,
		// unbalanced text, a script block argument.
		{"& $x", "& $x"},
		{"(Get-Item a).Delete()", "(Get-Item a).Delete()"},
		{"if (Test-Path a) { rm a", "if (Test-Path a) { rm a"},
		{"Get-ChildItem src | % { $_.Name }", "Get-ChildItem src | % { $_.Name }"},
		{"$f.Delete()", "$f.Delete()"},
	} {
		if got := psLower(tt.in); got != tt.want {
			t.Errorf("psLower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPSLower(f *testing.F) {
	for _, s := range []string{"if (a) { b } else { c }", "foreach ($f in gci x) { rm $f }", "& 'x'", "(a).b", "$x = y", "do { a } until (b)", "for (;;) {}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = psLower(s)
		_ = psLiteralCall(s)
		_ = psLoopItems(s)
	})
}
