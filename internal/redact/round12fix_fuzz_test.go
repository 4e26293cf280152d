package redact

import (
	"strings"
	"testing"
)

// Fuzz targets for the round 12 readers: each stays in bounds, emits
// non-empty spans, and never panics on any input.

func fuzzMatcher(t *testing.T, s string, kws []string, match func(*Redactor, string, []byte, []int, func(span))) []span {
	lower := asciiLower(s)
	var out []span
	match(nil, s, lower, keywordOffsets(lower, kws), func(sp span) {
		if sp.start < 0 || sp.end > len(s) || sp.start >= sp.end || sp.id == "" {
			t.Fatalf("span %+v of %q", sp, s)
		}
		out = append(out, sp)
	})
	return out
}

// FuzzKeyFiles: armoured blocks and header lines (keyfiles.go).
func FuzzKeyFiles(f *testing.F) {
	for _, s := range []string{
		"-----BEGIN OpenVPN Static key V1-----\nabc\n-----END OpenVPN Static key V1-----",
		"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nx\n---- END SSH2", "-----BEGIN KEY-----", "---- begin ",
		"Private-Lines: 3\nAAAA\n", "Private-Lines: 99999999999\\nA", "untrusted comment: secret key\\nRW",
		`-----BEGIN PRIVATE KEY-----\n\/\u00-----END`, "------BEGIN X KEY------",
	} {
		f.Add(s)
	}
	kws := []string{"-----begin", "---- begin"}
	for _, k := range keyLineFormats {
		kws = append(kws, k.keyword)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, kws, matchKeyFiles) {
			if sp.id != "private-key" {
				t.Fatalf("id %q", sp.id)
			}
		}
	})
}

// FuzzJWK: a key object's private members (jwk.go) are masked inside it.
func FuzzJWK(f *testing.F) {
	for _, s := range []string{
		`{"kty":"EC","d":"abc"}`, `{\"kty\":\"oct\",\"k\":\"x\"}`, `{'kty':'RSA','p':'q'}`, `"kty"`, `{"kty"`,
		`}}{"kty":"x","oth":[{"r":"1","d":"2"}]}`, `{"d":"` + strings.Repeat("{", 40) + `","kty":"EC"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, []string{"kty"}, matchJWK) {
			if strings.ContainsAny(s[sp.start:sp.end], "\"' \n") {
				t.Fatalf("value %q of %q", s[sp.start:sp.end], s)
			}
		}
	})
}

// FuzzBracedValue: a braced connection-string value lies inside its
// braces, on one line.
func FuzzBracedValue(f *testing.F) {
	for _, s := range []string{"Pwd={a}}b};", "x;Pwd={", "Pwd={{ .V }}", "Pwd={ 0, 1 };", "Pwd={}}", "Pwd={a\nb}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := strings.IndexByte(s, '{')
		if p < 0 {
			return
		}
		vs, ve, ok := bracedValue(s, 0, p)
		if !ok {
			return
		}
		if vs != p+1 || ve <= vs || ve > len(s) || strings.ContainsAny(s[vs:ve], "\n\r") {
			t.Fatalf("braced %q at %d: %d:%d", s, p, vs, ve)
		}
	})
}

// FuzzDSN: a DSN's password ends at its '@' (dsn.go).
func FuzzDSN(f *testing.F) {
	for _, s := range []string{"u:p@tcp(h)/d", ":@/", "a:b:c@unix(/s)/d", `"u:${P}@tcp(h)/"`, "@tcp(", "x://u:p@tcp("} {
		f.Add(s)
	}
	kws := []string{"@/"}
	for _, n := range dsnNets {
		kws = append(kws, "@"+n+"(")
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, kws, matchDSN) {
			if s[sp.end] != '@' {
				t.Fatalf("password %d:%d of %q does not end at '@'", sp.start, sp.end, s)
			}
		}
	})
}

// FuzzNetrc: an entry's secrets are whole tokens (netrc.go).
func FuzzNetrc(f *testing.F) {
	for _, s := range []string{
		"machine h.x login u password p account a", "default login x macdef m\nbody\n\n", "machine", "machine h\n",
		"machine h.x macdef", "machine a.b password", "\"machine h.x login u password p\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sp := range fuzzMatcher(t, s, []string{"machine", "default"}, matchNetrc) {
			if sp.id != ruleAssignPassword && sp.id != ruleAssignCred {
				t.Fatalf("id %q", sp.id)
			}
		}
	})
}
