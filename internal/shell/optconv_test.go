package shell

import (
	"slices"
	"strings"
	"testing"
)

// TestCandidateValues: the values an option word may carry, by the
// program's option convention.
func TestCandidateValues(t *testing.T) {
	cases := []struct {
		prog, arg string
		has       []string // values that must be reported
		not       []string // values that must not be
	}{
		// getopt (any program not listed): every tail after letters
		{"mytool", "-xvfout", []string{"vfout", "fout", "out"}, nil},
		{"mytool", "-Isrc/include", []string{"src/include", "/include"}, nil},
		{"mytool", "--out=x", []string{"x"}, nil},
		{"mytool", "-name=x", []string{"x"}, nil},
		{"mytool", "@list", []string{"@list", "list"}, nil},
		// single-dash long options: a word is one option
		{"gcc", "-Wall", nil, []string{"all", "ll", "l"}},
		{"gcc", "-Isrc/include", []string{"src/include"}, []string{"/include", "rc/include"}},
		{"gcc", "-oagent-policy.yaml", []string{"agent-policy.yaml"}, nil},
		{"gcc", "-MFdeps.d", []string{"deps.d"}, []string{"Fdeps.d"}},
		{"gcc", "-Wl,-o,Makefile", []string{"Makefile", "-o"}, nil},
		{"gcc", "-Wl,-oMakefile", []string{"Makefile"}, nil},
		{"gcc", "-Wl,--output=Makefile", []string{"Makefile"}, nil},
		{"gcc", "-Wl,-Map=out.map", []string{"out.map"}, nil},
		{"gcc", "-Xlinker", nil, []string{"linker", "inker"}},
		{"x86_64-linux-gnu-gcc-12", "-Wall", nil, []string{"ll"}},
		{"clang++-17", "-ofile", []string{"file"}, nil},
		{"java", "-version", nil, []string{"ersion", "rsion", "sion"}},
		{"java", "-Xloggc:gc.log", []string{"gc.log"}, nil},
		{"java", "-XX:HeapDumpPath=Makefile", []string{"Makefile"}, nil},
		{"java", "-Djava.io.tmpdir=/x", []string{"/x"}, nil},
		{"javac", "-verbose", nil, []string{"erbose"}},
		{"terraform", "-no-color", nil, []string{"-color", "o-color"}},
		{"terraform", "-out=plan.bin", []string{"plan.bin"}, nil},
		{"openssl", "-hex", nil, []string{"x", "ex"}},
		{"mvn", "-DskipTests", []string{"skipTests"}, []string{"kipTests"}},
		{"xcodebuild", "-scheme", nil, []string{"heme"}},
		{"sqlite3", "-readonly", nil, []string{"adonly"}},
		// after --, a word is an operand
		{"mytool", "-x", []string{"-x"}, nil},
	}
	for _, c := range cases {
		got := CandidateValues(c.prog, c.arg)
		for _, h := range c.has {
			if !slices.Contains(got, h) {
				t.Errorf("CandidateValues(%q, %q) = %q, missing %q", c.prog, c.arg, got, h)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("CandidateValues(%q, %q) = %q, must not hold %q", c.prog, c.arg, got, n)
			}
		}
	}
}

// TestOptionConventionFacts: what the analysis reports for programs read
// by their option convention.
func TestOptionConventionFacts(t *testing.T) {
	const (
		b = "benign/everyday option-convention"
		w = "write/option-value"
	)
	P := "/home/dev/project"
	runW(t, []wc{
		{class: b, cmd: "gcc -Wall -fno-omit-frame-pointer -lboost -c src/a.c -o src/a.o", writes: []string{P + "/src/a.o"},
			noWrite: []string{P + "/ll", P + "/-omit-frame-pointer", P + "/ost"}},
		{class: w, cmd: "gcc -oout src/a.c", writes: []string{P + "/out"}},
		{class: w, cmd: "gcc -MF deps.d -c src/a.c", writes: []string{P + "/deps.d"}},
		{class: b, cmd: "staticcheck ./...", noCand: true},
		{class: w, cmd: "mytool ./...", cands: []string{P + "/..."}},
		{class: b, cmd: "yq '.policies' agent-policy.yaml", noCand: true, noWrite: []string{P + "/agent-policy.yaml"}},
		{class: w, cmd: "yq e -i '.a = 1' src/x.yaml", writes: []string{P + "/src/x.yaml"}, noWrite: []string{P + "/.a = 1"}},
		{class: w, cmd: "yq -s '\"x\"' src/x.yaml", opaque: []string{"yq -s"}},
		{class: w, cmd: "gofmt -w src", writes: []string{P + "/src/**/*.go"}, cands: []string{P + "/src"}},
		{class: w, cmd: "gofmt -w src/app.go agent-policy.yaml", writes: []string{P + "/src/app.go", P + "/agent-policy.yaml"}},
		{class: b, cmd: "phpunit", clear: true},
		{class: w, cmd: "grpcurl -protoset-out out.bin localhost:1 list", writes: []string{P + "/out.bin"}},
	})
}

func TestGitCommitOrTree(t *testing.T) {
	for s, want := range map[string]bool{
		"HEAD": true, "@": true, "HEAD~1": true, "HEAD^": true, "main~": true, "v1^2": true, "main^{commit}": true,
		"main^{tree}": true, "HEAD^{/fix}": true, "HEAD~2^{tree}": true,
		"main": false, "v1": false, "HEAD^{}": false, "3b18e512dba79e4c8300dd08aeb37f8e728b8dad": false, "1234": false,
		"^{tree}": false, "~": false, "^": false, "": false, "HEAD@{1}": false,
	} {
		if got := gitCommitOrTree(s); got != want {
			t.Errorf("gitCommitOrTree(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIsPHP(t *testing.T) {
	for n, want := range map[string]bool{"php": true, "php8": true, "php8.3": true, "php-8.3": true, "php-cgi": true,
		"phpunit": false, "phpstan": false, "php-cs-fixer": false, "phpcs": false} {
		if got := isPHP(n); got != want {
			t.Errorf("isPHP(%q) = %v, want %v", n, got, want)
		}
	}
}

// FuzzCandidateValues: every value is a part of the argument, and their
// number is bounded by the argument's length, whatever the convention.
func FuzzCandidateValues(f *testing.F) {
	for _, s := range [][2]string{{"gcc", "-Wl,-o,x,-Map=y"}, {"java", "-XX:A=b:c"}, {"mytool", "-xvf/a:b,c=d"}, {"mvn", "-Dk=v"},
		{"gcc", "-"}, {"x", "@<a"}, {"terraform", "--"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, prog, arg string) {
		if len(arg) > 4096 {
			return
		}
		vals := CandidateValues(prog, arg)
		if len(vals) > 4*len(arg)+16 {
			t.Fatalf("%d values for %d bytes", len(vals), len(arg))
		}
		for _, v := range vals {
			if !strings.Contains(arg, v) {
				t.Fatalf("CandidateValues(%q, %q): %q is no part of the argument", prog, arg, v)
			}
		}
	})
}
