package hostname

import (
	"strings"
	"testing"
)

// TestURL compares URL with the WHATWG URL parser: every expectation was
// produced by Node's new URL() (v20): scheme, hostname ("" for none) and
// whether it parses. URL's host is as written where new URL() maps it
// (case, percent-encoding): the test compares Canonical forms.
func TestURL(t *testing.T) {
	for _, tt := range []struct {
		in, scheme, host string
		ok               bool
	}{
		{"https://docs.example.com'@db.production.company.com/x", "https", "db.production.company.com", true},
		{"https://docs.example.com(@db.production.company.com/b", "https", "db.production.company.com", true},
		{"HTTPS://db.production.company.com/x", "https", "db.production.company.com", true},
		{"https:\\\\db.prod/://", "https", "db.prod", true},
		{"https:db.prod/x", "https", "db.prod", true},
		{"HtTp:///db.prod", "http", "db.prod", true},
		{"foo://h:1/x", "foo", "h", true},
		{"https://a@b@c/", "https", "c", true},
		{"https://[::1]:80/", "https", "[::1]", true},
		{"file://h/x", "file", "h", true},
		{"file:///etc/passwd", "file", "", true},
		{"file:/x", "file", "", true},
		{"https://u:p@h:99999/", "", "", false},
		{"https://x:y/", "", "", false},
		{"  https://db.prod/ ", "https", "db.prod", true},
		{"https://db\t.pr", "https", "db.pr", true},
		{"https://a.example\\@b.example/", "https", "a.example", true},
		{"https://a.example#@b.example/", "https", "a.example", true},
		{"https://a.example?@b.example/", "https", "a.example", true},
		{"foo://a.example\\@b.example/", "foo", "b.example", true},
		{"mailto:x@db.prod", "mailto", "", true},
		{"javascript://db.prod/%0aalert(1)", "javascript", "db.prod", true},
		{"https://@db.prod/", "https", "db.prod", true},
		{"https://user@/x", "", "", false},
		{"ws://db.prod/", "ws", "db.prod", true},
		{"\"https://db.prod/x\"", "", "", false},
		{"(https://db.prod/x)", "", "", false},
		{"https://db.prod:/x", "https", "db.prod", true},
		{"https://db.prod:0443/x", "https", "db.prod", true},
		{"x-y+z.a://db.prod/", "x-y+z.a", "db.prod", true},
		{"1https://db.prod/", "", "", false},
		{"https://db.prod.:80", "https", "db.prod.", true},
		{"https://DB.Prod%2Ecom/", "https", "db.prod.com", true},
		{"https://a b/", "", "", false},
		{"https://a<b/", "", "", false},
		{"https://a^b/", "", "", false},
		{"sftp://db.prod:22/", "sftp", "db.prod", true},
	} {
		scheme, host, err := URL(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("URL(%q): err %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if scheme != tt.scheme {
			t.Errorf("URL(%q): scheme %q, want %q", tt.in, scheme, tt.scheme)
		}
		if canon(host) != canon(tt.host) {
			t.Errorf("URL(%q): host %q, want %q", tt.in, host, tt.host)
		}
	}
}

func canon(h string) string {
	if c, err := Canonical(h); err == nil {
		return c
	}
	return strings.ToLower(h)
}

// FuzzURL: URL never panics, its scheme is lower case, and the host it
// returns is part of the input (after tab and newline removal), never a
// piece of the userinfo, path, query or fragment.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://a'@b/x", "HTTPS:\\\\b/", "foo://a@b:1/", "file://h/x", "https://[::1]:8/", "mailto:a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		scheme, host, _ := URL(s)
		if scheme != strings.ToLower(scheme) {
			t.Fatalf("URL(%q): scheme %q not lower case", s, scheme)
		}
		flat := strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
		if !strings.Contains(flat, host) {
			t.Fatalf("URL(%q): host %q is not in the input", s, host)
		}
		if strings.ContainsAny(host, "/?#@") {
			t.Fatalf("URL(%q): host %q holds a delimiter", s, host)
		}
	})
}
