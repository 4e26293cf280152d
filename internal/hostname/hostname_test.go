package hostname

import (
	"net/netip"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	for _, c := range []struct {
		in, want string // want "" means an error
		class    string
	}{
		// names
		{"example.com", "example.com", "plain name"},
		{"API.Production.Company.COM", "api.production.company.com", "case"},
		{"api.production.company.com.", "api.production.company.com", "trailing dot"},
		{"localhost", "localhost", "single label"},
		{"my_db.internal", "my_db.internal", "underscore (docker names, SRV labels)"},
		{"a-b.example", "a-b.example", "hyphen"},
		{"ａｐｉ.production.company.com", "api.production.company.com", "full-width letters (UTS 46 mapping)"},
		{"ＡＰＩ．ＰＲＯＤＵＣＴＩＯＮ．ＣＯＭＰＡＮＹ．ＣＯＭ", "api.production.company.com", "full-width capitals and full stops"},
		{"api。production。company。com", "api.production.company.com", "ideographic full stop"},
		{"api｡production｡company｡com", "api.production.company.com", "halfwidth ideographic full stop"},
		{"api．production．company．com", "api.production.company.com", "full-width full stop"},
		{"api%2eproduction%2Ecompany.com", "api.production.company.com", "percent-encoded dots"},
		{"%61pi.production.company.com", "api.production.company.com", "percent-encoded letter"},
		{"%EF%BD%81pi.example", "api.example", "percent-encoded full-width letter"},
		{"bücher.example", "xn--bcher-kva.example", "internationalised name to A-label"},
		{"BÜCHER.example", "xn--bcher-kva.example", "internationalised capitals"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example", "A-label kept"},
		{"XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example", "A-label capitals"},
		{"faß.de", "xn--fa-hia.de", "non-transitional ß (as browsers)"},
		{"ex\u00ADample.com", "example.com", "soft hyphen is mapped away"},
		{"e\u200Bxample.com", "example.com", "zero-width space is mapped away"},
		{"ℯxample.com", "example.com", "compatibility letter (script e)"},
		{"example.com\u3002", "example.com", "trailing ideographic full stop"},
		// IPv4 in every inet_aton notation
		{"127.0.0.1", "127.0.0.1", "dotted decimal"},
		{"2130706433", "127.0.0.1", "one decimal number"},
		{"0x7f000001", "127.0.0.1", "one hex number"},
		{"0X7F000001", "127.0.0.1", "one hex number, capitals"},
		{"017700000001", "127.0.0.1", "one octal number"},
		{"0x7f.1", "127.0.0.1", "hex and two parts"},
		{"0177.0.0.1", "127.0.0.1", "octal part"},
		{"0177.1", "127.0.0.1", "octal, two parts"},
		{"127.1", "127.0.0.1", "two parts"},
		{"127.0.1", "127.0.0.1", "three parts"},
		{"10.0.0.5.", "10.0.0.5", "trailing dot on an address"},
		{"0x0a.0.0.05", "10.0.0.5", "mixed notations"},
		{"１２７.０.０.１", "127.0.0.1", "full-width digits"},
		{"127%2e0%2e0%2e1", "127.0.0.1", "percent-encoded dots in an address"},
		{"0x", "0.0.0.0", "bare 0x is zero"},
		{"0", "0.0.0.0", "zero"},
		{"4294967295", "255.255.255.255", "largest number"},
		// IPv6
		{"[::1]", "::1", "bracketed loopback"},
		{"::1", "::1", "bare IPv6"},
		{"[2001:DB8:0:0:0:0:0:1]", "2001:db8::1", "IPv6 canonical form"},
		{"[fe80::1%25eth0]", "fe80::1", "zone id, URL-encoded"},
		{"[fe80::1%eth0]", "fe80::1", "zone id"},
		{"[::ffff:10.0.0.5]", "10.0.0.5", "IPv4-mapped IPv6 unmapped"},
		{"::ffff:a00:5", "10.0.0.5", "IPv4-mapped IPv6 in hex"},
		// errors: never guessed
		{"", "", "empty"},
		{".", "", "only a dot"},
		{"a..b", "", "empty label"},
		{".example.com", "", "leading dot"},
		{"example.com..", "", "two trailing dots"},
		{"4294967296", "", "number too large"},
		{"256.0.0.1", "", "part too large"},
		{"1.2.3.4.5", "", "five parts ending in a number"},
		{"1.2.3.256", "", "last part too large"},
		{"example.0x1g", "example.0x1g", "last label not a number (0x1g)"},
		{"example.123", "", "name ending in a number"},
		{"08.0.0.1", "", "bad octal"},
		{"api.example.com:443", "", "port left in"},
		{"https://example.com", "", "a URL"},
		{"exa mple.com", "", "space"},
		{"exa/mple.com", "", "slash"},
		{"exa%2fmple.com", "", "encoded slash"},
		{"exa%2", "", "truncated percent-encoding"},
		{"%252e.example", "", "double percent-encoding"},
		{"%ff.example", "", "invalid UTF-8 after decoding"},
		{"[1.2.3.4]", "", "IPv4 in brackets"},
		{"[::1", "", "unclosed bracket"},
		{"[v1.x]", "", "IPvFuture"},
		{"xn--a.example", "", "malformed A-label"},
		{"xn--example-.com", "", "A-label that decodes to ASCII"},
		{strings.Repeat("a", 64) + ".example", "", "label too long"},
		{strings.Repeat("a.", 127) + "ab", "", "name too long"},
		{"*.example.com", "", "wildcard is not a host"},
		{"exa\u202Emple.com", "", "bidi override"},
	} {
		got, err := Canonical(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%s: Canonical(%q) = %q, want an error", c.class, c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: Canonical(%q) = %q, %v; want %q", c.class, c.in, got, err, c.want)
		}
	}
}

func TestEmbedded4(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"::a00:5", "10.0.0.5"},          // IPv4-compatible
		{"64:ff9b::a00:5", "10.0.0.5"},   // NAT64 well-known prefix
		{"64:ff9b:1::a00:5", "10.0.0.5"}, // NAT64 local-use prefix
		{"::1", ""},
		{"::", ""},
		{"2001:db8::1", ""},
		{"10.0.0.5", ""},
	} {
		got, ok := Embedded4(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Embedded4(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// FuzzCanonical checks the contract on any input: a canonical form is
// stable, well-formed, and the fast path agrees with the full one.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"example.com", "ＡＰＩ。example", "0x7f.1", "[fe80::1%25x]", "xn--bcher-kva.de", "a..b", "127.1.", "%2e", "my_db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got, err := Canonical(h)
		if err != nil {
			return
		}
		if slow, err := canonical(h); err != nil || slow != got {
			t.Fatalf("Canonical(%q) = %q but the full path gives %q, %v", h, got, slow, err)
		}
		again, err := Canonical(got)
		if err != nil || again != got {
			t.Fatalf("Canonical(%q) = %q, not stable: %q, %v", h, got, again, err)
		}
		if ip, err := netip.ParseAddr(got); err == nil {
			if ip.Is4In6() || ip.Zone() != "" || ip.String() != got {
				t.Fatalf("Canonical(%q) = %q, not a canonical address", h, got)
			}
			return
		}
		if err := checkName(got); err != nil || endsInNumber(got) {
			t.Fatalf("Canonical(%q) = %q, not a canonical name (%v)", h, got, err)
		}
	})
}

func BenchmarkCanonical(b *testing.B) {
	for _, h := range []string{"api.github.com", "API.GitHub.com.", "ａｐｉ.github.com", "0x7f.1"} {
		b.Run(h, func(b *testing.B) {
			for b.Loop() {
				if _, err := Canonical(h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
