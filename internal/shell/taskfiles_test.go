package shell

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestScanJustfile: a justfile's recipe lines, shell recipes, backticks
// and dotenv settings (red-team round 7 #12, class
// exec/script-written-in-line); set shell, script recipes and other
// languages are opaque.
func TestScanJustfile(t *testing.T) {
	js := scanJustfile("set dotenv-load\nv := `cat a`\n# c\nbuild target='x': dep\n    @echo {{target}}\n    -rm b\n\nsh:\n  #!/usr/bin/env bash\n  rm c\n  rm d\npy:\n  #!/usr/bin/env python3\n  import os\n[script]\ns:\n  rm e\n")
	for _, want := range []string{"cat a", "echo " + justInterpolation, "rm b", "rm c\nrm d"} {
		if !slices.Contains(js.code, want) {
			t.Errorf("code %q: want %q among it", js.code, want)
		}
	}
	if slices.ContainsFunc(js.code, func(s string) bool { return strings.Contains(s, "os") || strings.Contains(s, "rm e") }) {
		t.Errorf("code %q: another language's or a script recipe's text read as shell", js.code)
	}
	if !slices.Contains(js.reads, ".env") || len(js.opaque) != 2 {
		t.Errorf("reads %q, opaque %q", js.reads, js.opaque)
	}
	if js := scanJustfile("set shell := [\"python3\", \"-c\"]\nx:\n  print(1)\n"); !js.shell || len(js.opaque) == 0 {
		t.Errorf("set shell: %+v", js)
	}
}

// TestTaskRunnerTable: every runner names its files; languages are known.
func TestTaskRunnerTable(t *testing.T) {
	for n, tr := range taskRunners.Get() {
		if strings.TrimSpace(tr.files) == "" {
			t.Errorf("%s: no task file names", n)
		}
		switch tr.lang {
		case "", "make", "just", "code":
		default:
			t.Errorf("%s: language %q", n, tr.lang)
		}
	}
}

// TestTaskFileFacts: a task file the line writes and then runs is judged
// where its runner runs it; one on disk is not.
func TestTaskFileFacts(t *testing.T) {
	an, err := Analyze(`printf 'x:\n  rm ../p\n' > src/justfile; cd src/sub && just x`, Options{Cwd: "/r", Home: "/h"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(an.Deletes, func(p PathRef) bool { return p.Path == "/r/p" }) {
		t.Errorf("just walking up to src/justfile: deletes %+v", an.Deletes)
	}
	an, err = Analyze(`just x; make -C src; task y`, Options{Cwd: "/r", Home: "/h"})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Opaque) != 0 || len(an.Deletes) != 0 {
		t.Errorf("task files on disk: %+v", an)
	}
}

// FuzzScanJustfile: any justfile text scans in bounded time.
func FuzzScanJustfile(f *testing.F) {
	for _, s := range []string{"x:\n  rm y\n", "v := `a` + ```\nb```\n", "x:\n  #!/bin/sh\n  {{{{a}}\n", "set shell := [\"a\"]\n[script]\ny: \\\n  z\n  {{ `x` }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<14 {
			return
		}
		start := time.Now()
		scanJustfile(s)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("took %v", d)
		}
	})
}

// TestUnknownFormatter: programs named as formatters or fixers no table
// knows may rewrite what is below a directory they are given (round 7,
// class self-protection/dir-holding-protected).
func TestUnknownFormatter(t *testing.T) {
	for n, want := range map[string]bool{"acmefmt": true, "sqlformat": true, "html-beautify": true, "php-fixer": true, "fmt": false, "format": false, "prefix": false, "postfix": false, "make": false} {
		if got := unknownFormatter(n); got != want {
			t.Errorf("unknownFormatter(%q) = %v, want %v", n, got, want)
		}
	}
	an, err := Analyze("acmefmt . && acmefmt --check . && acmefmt src/x.acme", Options{Cwd: "/r", Home: "/h"})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Opaque) != 1 {
		t.Errorf("opaque %+v: want acmefmt . alone", an.Opaque)
	}
}
