package shell

import (
	"slices"
	"testing"
)

// TestURLSpellings: the URL spellings curl, git (libcurl) and WHATWG
// parsers read as scheme://HOST (red-team round 3, host/normalisation).
func TestURLSpellings(t *testing.T) {
	for in, want := range map[string][]string{
		"https:/db.example.com/":                    {"db.example.com"},
		"https:///db.example.com/x":                 {"db.example.com"},
		`https:\\db.example.com\x`:                  {"db.example.com"},
		`HTTP:/\db.example.com`:                     {"db.example.com"},
		"wss:db.example.com":                        nil,
		"file:///etc/passwd":                        nil,
		"C:/Users/x":                                nil,
		"host.example.com:/srv/repo":                nil,
		"a https:/one.example https://two.example/": {"one.example", "two.example"},
	} {
		if got := urlHosts(in); !slices.Equal(got, want) {
			t.Errorf("urlHosts(%q) = %q, want %q", in, got, want)
		}
	}
	if _, ok := scpHost("https:/db.example.com/r"); ok {
		t.Errorf("scpHost reads https:/HOST as host https")
	}
}
