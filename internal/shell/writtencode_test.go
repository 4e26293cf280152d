package shell

import "testing"

// TestWrittenCodeRuns: a program that may run project files, after the
// line wrote code, is opaque; an inert one, or one the file is out of
// reach of, is not (class exec/script-written-in-line; writtencode.go).
func TestWrittenCodeRuns(t *testing.T) {
	const cl = "exec/script-written-in-line"
	runW(t, []wc{
		{class: cl, cmd: "printf 'import os\\n' > src/conftest.py; pytest", opaque: []string{"pytest runs, imports or compiles /home/dev/project/src/conftest.py"}},
		{class: cl, cmd: "printf 'x\\n' > src/data; acme-run", opaque: []string{"acme-run may run /home/dev/project/src/data"}},
		{class: cl, cmd: "echo 'import os' > /tmp/conftest.py; cd /tmp && pytest", opaque: []string{"pytest runs"}},
		{class: cl, cmd: "echo 'import os' > /tmp/conftest.py; pytest /tmp", opaque: []string{"pytest runs"}},
		{class: cl, cmd: "echo 'import os' > /tmp/c.py; TMPDIR=/tmp pytest -p c", clear: true},
		{class: cl, cmd: "echo 'import os' > /tmp/conftest.py; pytest", clear: true},
		{class: cl, cmd: "echo 'int main(){}' > src/m.c; cc -o src/m src/m.c", clear: true},
		{class: cl, cmd: "echo 'x' > src/p.so; gcc -fplugin=src/p.so -c src/a.c", opaque: []string{"gcc runs, imports or compiles /home/dev/project/src/p.so"}},
		{class: cl, cmd: "echo 'x' > src/x.json; nmap -iL hosts", clear: true},
		{class: cl, cmd: "echo 'x' > src/x.lua; nmap --script src/x.lua localhost", opaque: []string{"nmap runs"}},
		{class: cl, cmd: "printf 'import os\\n' > src/x.py; git add src && git diff --cached", clear: true},
		{class: cl, cmd: "printf 'import os\\n' > src/x.py; git -C src commit -m x", opaque: []string{"git commit may run"}},
		{class: cl, cmd: "cp /bin/ls src/ls && src/ls && make", clear: true},
		{class: cl, cmd: "perf record -o src/perf.data ./a.out", clear: true},
		{class: cl, cmd: "printf 'import os\\n' > src/x.py; bash -c 'ls src'", clear: true},
		{class: cl, cmd: "printf 'import os\\n' > src/x.py; ssh example.com pytest", clear: true},
		{class: cl, cmd: "printf 'import os\\n' > src/x.py; psql -c 'select 1'", clear: true},
		{class: cl, cmd: "sed -i 's/a/b/' src/x.sh && make", opaque: []string{"make may run"}},
		{class: cl, cmd: "sed -i 's/a/\"b\"/' src/x.py && pytest", opaque: []string{"pytest runs"}},
		{class: cl, cmd: "sed -i 's/old_name/new_name/g;s/v1.2/v1.3/' src/x.py && pytest", clear: true},
		{class: cl, cmd: "printf 'x' > src/y.py; sed -i 's/a/b/' src/x.py && pytest", opaque: []string{"pytest runs"}},
	})
}

// TestJudgeWrite: what a file the line writes may be to a later program.
func TestJudgeWrite(t *testing.T) {
	a := &analyzer{product: product{by: "go", ok: true}} // go build, fed nothing
	for _, c := range []struct {
		path, by, text string
		known          bool
		want           writeKind
	}{
		{"/p/x.py", "printf", "import os\n", true, writeCode},
		{"/p/notes.txt", "echo", "hello\n", true, writeData},
		{"/p/README.md", "echo", "```\nrm x\n```\n", true, writeDocs},
		{"/p/README.md", "echo", "    indented\n", true, writeDocs},
		{"/p/README.md", "cp", "", false, writeDocs},
		{"/p/CMakeLists.txt", "echo", "project(x)\n", true, writeCode},
		{"/p/build.log", "go", "", false, writeHarmless},
		{"/p/out.log", "curl", "", false, writeData},
		{"/p/LICENSE", "echo", "#!/bin/sh\nrm x\n", true, writeCode},
		{"/p/LICENSE", "cp", "", false, writeData},
		{"/p/z.go", "gofmt", "", false, writeCode},
		{"/p/x.txt", "echo", "#!/bin/sh\n", true, writeCode},
		{"/p/.gitignore", "echo", "*.log\n", true, writeData},
		{"/p/empty.py", "echo", "", true, writeHarmless},
		{"/p/bin/app", "go", "", false, writeHarmless},
		{"/p/x.py", "curl", "", false, writeCode},
	} {
		if got := a.judgeWrite(c.path, c.by, c.text, c.known); got != c.want {
			t.Errorf("judgeWrite(%q by %s, %q) = %d, want %d", c.path, c.by, c.text, got, c.want)
		}
	}
}
