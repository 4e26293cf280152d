package policy

import (
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestFetchRelays: a fetched URL's path, query and fragment name hosts a
// relay service reaches: an embedded URL's host is judged as the fetch's
// own (block_hosts and allow_hosts), another dotted word is held to
// block_hosts only.
func TestFetchRelays(t *testing.T) {
	p := mustParse(t, extPolicy)
	for _, c := range []struct {
		url  string
		want Effect
	}{
		{"https://github.com/?next=https://x.evil.example/", Deny},
		{"https://github.com/?next=https%3A%2F%2Fx.evil.example%2F", Deny},
		{"https://github.com/x.evil.example/", Deny},
		{"https://github.com/login?return_to=https://api.other.example/", Deny}, // outside allow_hosts
		{"https://github.com/login?return_to=https%3A%2F%2Fgithub.com%2Fgolang%2Fgo", Allow},
		{"https://github.com/golang/go/blob/master/src/net/url/url.go", Allow},
		{"https://github.com/search?q=net.http+client.do", Allow},
		{"https://github.com/?u=https%3A%2F%2F%24bad", Ask}, // an embedded host that cannot be read
	} {
		a := &action.Action{V: 1, Kind: action.NetFetch, Tool: "WebFetch", URL: c.url, Cwd: testRoot, Actor: actor("")}
		if d := p.Evaluate(a); d.Decision != c.want {
			t.Errorf("%s: %s, want %s (%s)", c.url, d.Decision, c.want, d.Reason)
		}
	}
}
