package shell

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzAnalyze checks that Analyze never panics (a recovered panic surfaces
// as an "internal error"), stays fast, and returns either an error or a
// consistent analysis.
func FuzzAnalyze(f *testing.F) {
	for _, e := range loadCorpus(f) {
		f.Add(e.Cmd)
	}
	for _, s := range []string{"", "a=1; $a", "${!x}", "$((1+", "cat <<E\n$(x)\nE", "{a,b}{c,d}", "echo {1..5..2}", "f(){ f; }; f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		an, err := Analyze(src, testOpt)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Analyze took %v on %d bytes", d, len(src))
		}
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("panic: %v", err)
			}
			if an != nil {
				t.Fatal("analysis returned with an error")
			}
			return
		}
		if an == nil {
			t.Fatal("nil analysis without error")
		}
		for _, c := range an.Commands {
			want := c.Name
			if len(c.Args) > 0 {
				want += " " + strings.Join(c.Args, " ")
			}
			if c.Line != want {
				t.Fatalf("Line %q != Name+Args %q", c.Line, want)
			}
		}
		for _, refs := range [][]PathRef{an.Reads, an.Writes, an.Deletes} {
			for _, r := range refs {
				if !strings.HasPrefix(r.Path, "/") {
					t.Fatalf("relative path %q", r.Path)
				}
			}
		}
		for _, h := range an.Hosts {
			if h.Host == "" || h.Host != strings.ToLower(h.Host) || strings.HasSuffix(h.Host, ".") {
				t.Fatalf("host not normalized: %q", h.Host)
			}
		}
	})
}

var benchLines = []string{
	"git status",
	"ls -la src/",
	"go test ./... -run TestFoo -count=1",
	"cd src && npm run build 2>&1 | tail -20",
	`grep -rn "TODO" --include='*.go' . | head -50`,
	"curl -sSL https://api.github.com/repos/org/repo/releases/latest | jq -r .tag_name",
	`find . -name '*.pyc' -delete && python3 -m pytest -q tests/ > /tmp/out.txt`,
	`git commit -m "fix: handle empty input in parser" && git log --oneline -3`,
}

func BenchmarkAnalyze(b *testing.B) {
	n := 0
	for _, l := range benchLines {
		n += len(l)
	}
	b.SetBytes(int64(n / len(benchLines)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Analyze(benchLines[i%len(benchLines)], testOpt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyze900KB(b *testing.B) {
	long := "echo " + strings.Repeat("abcdefgh ", 900<<10/9)
	for b.Loop() {
		if _, err := Analyze(long, testOpt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzerReuse(b *testing.B) {
	z := NewAnalyzer()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := z.Analyze(benchLines[i%len(benchLines)], testOpt); err != nil {
			b.Fatal(err)
		}
	}
}

// cdChain is n `cd DIR/xN` joined by `;`: red-team round 26 (b) #1's
// line, whose analysis once cost the square of the cds.
func cdChain(n int, dir string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString("cd " + dir + "/x")
		b.WriteString(strconv.Itoa(i))
	}
	return b.String()
}

// The cds fail (no such directory: the check of the finding) or may
// fail (the file system cannot tell).
func BenchmarkAnalyzeCdChain2000(b *testing.B) { benchCdChain(b, 2000, "src", dirsOf{}) }
func BenchmarkAnalyzeCdChain8000(b *testing.B) { benchCdChain(b, 8000, "src", dirsOf{}) }
func BenchmarkAnalyzeCdChainMaybe2000(b *testing.B) {
	benchCdChain(b, 2000, "/home/dev/project/unknowable", unknowableDirs{})
}
func BenchmarkAnalyzeCdChainMaybe8000(b *testing.B) {
	benchCdChain(b, 8000, "/home/dev/project/unknowable", unknowableDirs{})
}

// unknowableDirs is a DirOracle that can never tell.
type unknowableDirs struct{}

func (unknowableDirs) IsDir(string) (isDir, exists, known bool) { return false, false, false }

func benchCdChain(b *testing.B, n int, dir string, dirs DirOracle) {
	line := cdChain(n, dir)
	opt := testOpt
	opt.Dirs = dirs
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, err := Analyze(line, opt); err != nil {
			b.Fatal(err)
		}
	}
}
