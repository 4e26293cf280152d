package shell

import (
	"fmt"
	"strings"
	"testing"
)

// TestRelayHosts: the hosts a relay service given a URL reaches (a host
// of an embedded URL is a candidate too: the same word).
func TestRelayHosts(t *testing.T) {
	for _, tt := range []struct{ url, hosts, cands string }{
		{"https://r.jina.ai/https://api.example.com/v1/users", "[api.example.com]", "[api.example.com]"},
		{"https://web.archive.org/web/2026/https:/api.example.com/", "[api.example.com]", "[api.example.com]"},
		{"https://proxy.test/?url=https%3A%2F%2Fdb.example.com%2Fx", "[db.example.com]", "[db.example.com]"},
		{"https://proxy.test/?u=https%253A%252F%252Fdb.example.com", "[db.example.com]", "[db.example.com]"},
		{"https://r.jina.ai/db.example.com/admin", "[]", "[db.example.com]"},
		{"https://relay.test/#http://10.0.0.7/", "[10.0.0.7]", "[10.0.0.7]"},
		{"https://pkg.go.dev/net/http", "[]", "[]"},
		{"https://docs.python.org/3/search.html?q=urllib.parse", "[]", "[search.html urllib.parse]"},
		{"https://host.test", "[]", "[]"},
		{"file:///home/dev/x.example.com", "[]", "[]"},
		{"HTTPS://relay.test/http:\\\\db.example.com\\x", "[db.example.com]", "[db.example.com]"},
	} {
		hosts, cands, _ := RelayHosts(tt.url)
		if got := fmt.Sprint(hosts); got != tt.hosts {
			t.Errorf("RelayHosts(%q) hosts = %s, want %s", tt.url, got, tt.hosts)
		}
		if got := fmt.Sprint(cands); got != tt.cands {
			t.Errorf("RelayHosts(%q) candidates = %s, want %s", tt.url, got, tt.cands)
		}
	}
	if got := percentDecode("a%2Fb%zz%4"); got != "a/b%zz%4" {
		t.Errorf("percentDecode = %q", got)
	}
}

// FuzzRelayHosts: any URL reads without a panic, and a host found in a
// URL is found (or unreadable) when the URL is given to a relay, encoded
// or not.
func FuzzRelayHosts(f *testing.F) {
	for _, s := range []string{"https://r.jina.ai/https://a.example/x", "https://x/?u=%68ttps%3a//b.example", "http:\\\\a\\b", "ws://%", "https:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		RelayHosts(s)
		direct := urlHosts(s)
		if len(direct) != 1 || strings.ContainsAny(s, " \t\n%") || !strings.HasPrefix(s, "https://") {
			return
		}
		h, ok := normHost(direct[0])
		if !ok {
			return
		}
		got, _, bad := RelayHosts("https://relay.test/" + s)
		enc, _, bad2 := RelayHosts("https://relay.test/?u=" + strings.NewReplacer(":", "%3A", "/", "%2F").Replace(s))
		for name, hs := range map[string][]string{"plain": got, "encoded": enc} {
			found := len(bad) > 0 && len(bad2) > 0 // unreadable: the policy asks
			for _, g := range hs {
				found = found || g == h
			}
			if !found {
				t.Fatalf("%s relay of %q: hosts %q lack %q", name, s, hs, h)
			}
		}
	})
}
