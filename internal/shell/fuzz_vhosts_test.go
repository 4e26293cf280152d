package shell

import (
	"strings"
	"testing"
)

// Fuzz targets for the option and header readers of the virtual-host and
// implicit-credential tables (vhosts.go, implicitcreds.go).

func FuzzGluedOptionValue(f *testing.F) {
	for _, s := range [][2]string{{"-sn", "-n"}, {"--netrc", "--netrc"}, {"-HHost: x", "-H"}, {"--header=Host: x", "--header"},
		{"-nd", "-d"}, {"-servername", "-servername"}, {"-", "-n"}, {"--", "-n"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, name string) {
		v, ok := gluedOptionValue(a, name, "oHn")
		if !ok {
			if v != "" {
				t.Fatalf("gluedOptionValue(%q, %q) = %q without a match", a, name, v)
			}
			return
		}
		if !strings.HasSuffix(a, v) || len(v) >= len(a) && a != "" {
			t.Fatalf("gluedOptionValue(%q, %q) = %q: not a suffix of the argument", a, name, v)
		}
	})
}

func FuzzHeaderHost(f *testing.F) {
	for _, s := range []string{"Host: a.example", "host:b", ":authority: c:443", "Host:=1", "Accept: x", ":", "Host:", " Host :  d "} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, v string, item bool) {
		h, ok := headerHost(v, item)
		if ok != (h != "") {
			t.Fatalf("headerHost(%q) = %q, %v", v, h, ok)
		}
		if ok && (!strings.Contains(v, h) || h != strings.TrimSpace(h)) {
			t.Fatalf("headerHost(%q) = %q: not a trimmed part of the header", v, h)
		}
	})
}
