package shell

import "testing"

// everydayLines are short command lines an agent runs many times a
// session: the analyser's fixed cost per simple command shows here, not in
// the long lines of BenchmarkAnalyze.
var everydayLines = []string{
	"ls",
	"ls -la",
	"pwd",
	"git status",
	"git status --short",
	"git diff",
	"git log --oneline -5",
	"git add -A",
	"go build ./...",
	"go test ./internal/shell -run TestFoo",
	"go vet ./...",
	"cat README.md",
	"head -50 main.go",
	"grep -rn TODO internal",
	"rg -n func main.go",
	"find . -name '*.go'",
	"wc -l main.go",
	"npm test",
	"make",
	"python3 -m pytest -q",
	"echo hello",
	"mkdir -p build",
}

func BenchmarkAnalyzeEveryday(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Analyze(everydayLines[i%len(everydayLines)], testOpt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeLs(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze("ls", testOpt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeGitStatus(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze("git status --short", testOpt); err != nil {
			b.Fatal(err)
		}
	}
}
