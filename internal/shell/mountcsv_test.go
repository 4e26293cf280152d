package shell

import "testing"

func TestParseMountCSV(t *testing.T) {
	for _, tc := range []struct {
		in  string
		src string
		ok  bool
	}{
		{`type=bind,source=/a,target=/b`, "/a", true},
		{`type=bind,"source=/a",target=/b`, "/a", true},
		{`"type=bind","src=/a,b",dst=/c`, "/a,b", true},
		{`type=bind,"sourcex=/a",target=/b`, "", false},
		{`type=bind,source=/a"b,target=/c`, "", false},
		{`type=bind,bogus=1,source=/a,target=/b`, "", false},
	} {
		fs, ok := parseMountCSV(tc.in)
		if ok != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		src := ""
		for _, f := range fs {
			if f.key == "source" || f.key == "src" {
				src = f.val
			}
		}
		if src != tc.src {
			t.Errorf("%q: source %q, want %q", tc.in, src, tc.src)
		}
	}
}

func FuzzParseMountCSV(f *testing.F) {
	for _, s := range []string{`type=bind,source=/a,target=/b`, `"type=bind",src=/a`, `a"b`, `,,`, "x\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, ok := parseMountCSV(s)
		if !ok && fs != nil {
			t.Fatalf("%q: fields on failure", s)
		}
		for _, x := range fs {
			if !mountKeys[x.key] {
				t.Fatalf("%q: unknown key %q accepted", s, x.key)
			}
		}
		mountSpecMount(s)
	})
}
