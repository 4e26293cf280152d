package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The scanners of embedded languages (red-team round 10, #2-#4): what
// each finds, and fuzz targets that hold them to bounded time and output.

func TestScanRoff(t *testing.T) {
	for _, tc := range []struct {
		code            string
		reads, unsafeDo []string
		opaque          bool
	}{
		{code: ".so .env", reads: []string{".env"}},
		{code: "'so /etc/x", reads: []string{"/etc/x"}},
		{code: ".  mso  a.tmac", reads: []string{"a.tmac"}},
		{code: ".if n .so x", reads: []string{"x"}},
		{code: ".ie '\\n(.g'1' .cf y\n.el .nx z", reads: []string{"y", "z"}},
		{code: ".do so x", reads: []string{"x"}},
		{code: ".if 1 \\{\\\n.trf w\n.\\}", reads: []string{"w"}},
		{code: ".sy rm x", unsafeDo: []string{"rm x"}},
		{code: ".pso cat f", unsafeDo: []string{"cat f"}},
		{code: "sh X touch y X", unsafeDo: []string{"touch y"}},
		{code: "copy \"g.pic\"", reads: []string{"g.pic"}},
		{code: "x \\X'ps: file h.ps' y", reads: []string{"h.ps"}},
		{code: ".\\\" .so not-a-request", reads: nil},
		{code: ".TH X 1\n.SH NAME\nx \\- y\n.B bold\n", reads: nil},
		{code: ".\\*[s] .env", opaque: true},
		{code: ".so \\*[f]", opaque: true},
		{code: ".cc #\n#so .env", opaque: true},
		{code: ".als xx so\n.xx .env", opaque: true},
		{code: "\\V[\\*x]", opaque: true},
		{code: ".if 1 .\\*[s] .env", opaque: true},
		{code: ".if !d xx .so y", reads: []string{"y"}},
		{code: ".if \\n(.g \\{.so z", reads: []string{"z"}},
		{code: ".while (\\n[a] < 3) .nx w", reads: []string{"w"}},
		{code: ".if \\*[weird cond] .so v", reads: []string{"v"}},
		{code: ".if \\n(.g .ds x y", reads: nil},
	} {
		s := scanRoff(tc.code)
		if tc.reads != nil && !subset(tc.reads, s.reads) || tc.reads == nil && len(s.reads) > 0 && !tc.opaque {
			t.Errorf("%q: reads %q, want %q", tc.code, s.reads, tc.reads)
		}
		if !subset(tc.unsafeDo, s.unsafeCode) {
			t.Errorf("%q: unsafe commands %q, want %q", tc.code, s.unsafeCode, tc.unsafeDo)
		}
		if (len(s.opaque) > 0) != tc.opaque {
			t.Errorf("%q: opaque %q, want %v", tc.code, s.opaque, tc.opaque)
		}
	}
}

func TestScanTeX(t *testing.T) {
	for _, tc := range []struct {
		code                string
		reads, writes, cmds []string
		opaque              bool
	}{
		{code: `\input .env \end`, reads: []string{".env"}},
		{code: `\nonstopmode\input{paper.tex}`, reads: []string{"paper.tex"}},
		{code: `\input "a b.tex"`, reads: []string{"a b.tex"}},
		{code: `\immediate\openout1=out \immediate\write1{x}\immediate\closeout1\end`, writes: []string{"out", "out.tex"}},
		{code: `\openin 3 = .env \read3 to \x`, reads: []string{".env"}, opaque: false},
		{code: `\immediate\write18{rm x}\end`, cmds: []string{"rm x"}},
		{code: `\input|"ls -l" `, cmds: []string{"ls -l"}},
		{code: `\begin{filecontents}[overwrite]{f.txt}x\end{filecontents}`, writes: []string{"f.txt"}},
		{code: `\documentclass{article}\begin{document}\lstinputlisting[language=C]{k.c}\end{document}`, reads: []string{"k.c"}},
		{code: `\def\x{\input} \x .env`, opaque: true},
		{code: `\csname input\endcsname .env`, opaque: true},
		{code: `^^5cinput .env`, opaque: true},
		{code: `\input\x`, opaque: true},
		{code: `\write"12{rm x}`, opaque: true},
		{code: `\immediate\write18{\x}`, opaque: true},
		{code: `\read1 to \relax`, opaque: true},
		{code: `\begin{luacode}os.remove("x")\end{luacode}`, opaque: true},
		{code: `% \input .env` + "\n" + `\end`},
	} {
		s := scanTeX(tc.code)
		if !subset(tc.reads, s.reads) || !subset(tc.writes, s.writes) || !subset(tc.cmds, s.code) {
			t.Errorf("%q: reads %q writes %q code %q, want %q %q %q", tc.code, s.reads, s.writes, s.code, tc.reads, tc.writes, tc.cmds)
		}
		if (len(s.opaque) > 0) != tc.opaque {
			t.Errorf("%q: opaque %q, want %v", tc.code, s.opaque, tc.opaque)
		}
	}
}

func TestScanMiller(t *testing.T) {
	for _, tc := range []struct {
		code           string
		writes, cmds   []string
		opaque         bool
		noWrite, noCmd bool
	}{
		{code: `end { system("rm x") }`, cmds: []string{"rm x"}},
		{code: `end { print > "f", "pwned" }`, writes: []string{"f"}},
		{code: `tee >> "t.csv", $*`, writes: []string{"t.csv"}},
		{code: `emit > ("e"), @sums, "a"`, writes: []string{"e"}},
		{code: `dump > "d", @x`, writes: []string{"d"}},
		{code: `print | "sort -n", $x`, cmds: []string{"sort -n"}},
		{code: `end { print exec("rm", ["-f", "x y"]) }`, cmds: []string{"rm -f 'x y'"}},
		{code: `print > stderr, "x"; emit > stdout, @y`, noWrite: true},
		{code: `$z = $x > "a" ? 1 : 2`, noWrite: true},
		{code: `$y = $x >>> 2; $w = 1 // 2`, noWrite: true},
		{code: `# system("rm x")` + "\n" + `$a = "system(\"rm y\")"`, noCmd: true},
		{code: `tee > $a.".csv", $*`, opaque: true},
		{code: `system("rm " . $x)`, opaque: true},
		{code: `exec($cmd)`, opaque: true},
		{code: `ENV["LD_PRELOAD"] = "x.so"; system("ls")`, cmds: []string{"ls"}, opaque: true},
		{code: `$a = "unterminated`, opaque: true},
	} {
		s := scanMiller(tc.code)
		if !subset(tc.writes, s.writes) || !subset(tc.cmds, s.code) {
			t.Errorf("%q: writes %q code %q, want %q %q", tc.code, s.writes, s.code, tc.writes, tc.cmds)
		}
		if tc.noWrite && len(s.writes) > 0 || tc.noCmd && len(s.code) > 0 {
			t.Errorf("%q: writes %q code %q, want none", tc.code, s.writes, s.code)
		}
		if (len(s.opaque) > 0) != tc.opaque {
			t.Errorf("%q: opaque %q, want %v", tc.code, s.opaque, tc.opaque)
		}
	}
}

func TestBindCommand(t *testing.T) {
	for in, want := range map[string]string{
		`"\C-a": rm x`:         "rm x",
		`"\C-x\":": "ls -l"`:   "ls -l",
		`C-b: 'echo hi'`:       "echo hi",
		`"\C-a":   git status`: "git status",
	} {
		if got, ok := bindCommand(in); !ok || got != want {
			t.Errorf("bindCommand(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := bindCommand(`"\C-a`); ok {
		t.Errorf("an unterminated key sequence was read")
	}
}

func subset(want, got []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// fuzzScanner holds a scanner to time linear in its input and to
// findings no longer than it.
func fuzzScanner(t *testing.T, code string, scan func(string) *dslScan) {
	if len(code) > 1<<16 {
		return
	}
	start := time.Now()
	s := scan(code)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v on %d bytes", d, len(code))
	}
	for _, list := range [][]string{s.reads, s.writes, s.code, s.unsafeCode, s.unsafeWrites} {
		for _, x := range list {
			if len(x) > len(code) {
				t.Fatalf("finding %q longer than the code", x)
			}
		}
	}
}

func FuzzScanRoff(f *testing.F) {
	for _, s := range []string{".so .env", ".if 1 .if 2 .so x", ".ie c .sy rm x\n.el .do pso y", "\\V[HOME]\\X'ps: file z'",
		".de xx\n.so \\\\$1\n..\n.xx f", "sh { touch y }", ".open s f\n.write s x", strings.Repeat(".if . ", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) { fuzzScanner(t, code, scanRoff) })
}

func FuzzScanTeX(f *testing.F) {
	for _, s := range []string{`\input .env \end`, `\immediate\openout1=a \write1{x}`, `\write18{rm x}`, `\input|"ls"`,
		`\begin{filecontents}{f}x\end{filecontents}`, `\read1 to \x`, `^^5c`, `\openin`, `\begin{`, `\lstinputlisting[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		fuzzScanner(t, code, scanTeX)
		fuzzScanner(t, code, scanMP)
	})
}

func FuzzScanMiller(f *testing.F) {
	for _, s := range []string{`end { system("rm x") }`, `tee > $a.".csv", $*`, `print | "sort", $x`, `exec("rm", ["a", "b"])`,
		`ENV["X"]="y"; system("ls")`, `emit > (("f")), @x`, `${a b} = @{c}`, `"\"`, `$[[1]] = "x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) { fuzzScanner(t, code, scanMiller) })
}

func FuzzBindCommand(f *testing.F) {
	for _, s := range []string{`"\C-a": rm x`, `"\`, `:`, `"":""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if cmd, ok := bindCommand(s); ok && len(cmd) > len(s) {
			t.Fatalf("command %q longer than the binding", cmd)
		}
	})
}
