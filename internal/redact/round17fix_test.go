package redact

import (
	"encoding/json"
	"strings"
	"testing"
)

// Red-team round 17 fix (br17b, #21-#27): variants nobody listed, which
// must be masked, and everyday lines, which must stay as they are.
// source: "red-team round 17 fix".
func TestRound17FixVariants(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	const pw = "Qz7vN2pLx9Rk4TmW8sYb"
	for _, tt := range []struct{ class, in string }{
		{"#23 mapfile binds MAPFILE", `mapfile -t <<< {}; mysql -u root -p"${MAPFILE[0]}" db`},
		{"#23 read binds REPLY", `read <<< {}; mysql -u root -p"$REPLY" db`},
		{"#24 a PIN at a give-up exit", `eval 'eval "eval \"X=83920571\""'; mysql -u root -p"$X" db`},
		{"#24 a path at a give-up exit", `eval 'eval "eval \"X=./{}\""'; mysql -u root -p"$X" db`},
		{"#21 select's words at a give-up exit", `eval 'eval "eval \"select X in {}; do mysql -p\\\$X db; done\""'`},
		{"#22 a <<- body", "while read X; do mysql -u root -p\"$X\" db; done <<-EOF\n\t{}\n\tEOF"},
		{"#27 nested groups", `{ { docker login -u me --password-stdin; }; } <<< {}`},
		{"#27 function keyword", `function f { docker login -u me --password-stdin; }; f <<< {}`},
		{"#27 case", `case x in x) docker login -u me --password-stdin;; esac <<< {}`},
		{"#27 while loop", "while true; do docker login -u me --password-stdin; break; done <<EOF\n{}\nEOF"},
		{"#25 htpasswd past the window, other switches", "htpasswd -b -B " + strings.Repeat("-v ", 3000) + "f u {}"},
	} {
		in := strings.ReplaceAll(tt.in, "{}", pw)
		t.Run(tt.class, func(t *testing.T) {
			out, _ := r.Text(in)
			if strings.Contains(out, pw) || tt.class[:3] == "#24" && strings.Contains(out, "83920571") {
				t.Errorf("%s: secret in clear: %.300q", tt.class, out)
			}
		})
	}
}

func TestRound17FixEveryday(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	for _, in := range []string{
		"go test ./...",
		`for f in *.go; do gofmt -l "$f"; done`,
		`{ make build; } < /dev/null`,
		"cat <<EOF > notes.txt\nhello world\nEOF",
		`while getopts ab: opt; do echo "$opt $OPTARG"; done`,
		"rm -f " + strings.Repeat("build/out.o ", 1000),
		`if [[ $v =~ ^v([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; fi`,
	} {
		if out, _ := r.Text(in); out != in {
			t.Errorf("everyday line changed:\n in: %.200q\nout: %.200q", in, out)
		}
	}
	for _, in := range []string{
		`{"jobs": {"b": {"strategy": {"matrix": {"go": ["1.22", "1.23"]}}, "steps": [{"run": "go test ./... # ${{ matrix.go }}"}]}}}`,
		`{"steps": [{"script": "make X=$X"}], "params": {"X": "release"}}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		out, _ := r.Tree(v)
		b, _ := json.Marshal(out)
		b2, _ := json.Marshal(v)
		if string(b) != string(b2) {
			t.Errorf("everyday tree changed:\n in: %s\nout: %s", b2, b)
		}
	}
}

// FuzzRound17Scanners runs literalSpans (here-document bodies) and the
// enclosing-compound scan (clienclose.go) on any input: no panic, spans
// within the input.
func FuzzRound17Scanners(f *testing.F) {
	f.Add("{ docker login --password-stdin; } <<< x")
	f.Add("f() { docker login --password-stdin; }; f <<EOF\nx\nEOF")
	f.Add("cat <<-A <<B\n\tx\n\tA\ny\nB")
	r := mustNew(f, Config{Key: testKey})
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range literalSpans(s) {
			if sp.start < 0 || sp.end > len(s) || sp.start > sp.end {
				t.Fatalf("span %v out of %d", sp, len(s))
			}
		}
		_, _ = r.Text(s)
	})
}
