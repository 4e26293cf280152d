package policy

import (
	"strings"
	"testing"

	"github.com/mandate-dev/mandate/internal/action"
)

// TestHostSpellings: a host rule catches every spelling of its host, in
// the policy and in the action (class: host spelled another way).
func TestHostSpellings(t *testing.T) {
	p := mustParse(t, `policies:
  - name: prod
    rules:
      - block_hosts: ["api.production.company.com", "10.0.0.5", "ｄｂ。production。company。com", "0x7f.1", "*.Evil.Example."]
`)
	q := mustParse(t, `policies:
  - name: egress
    rules:
      - allow_hosts: ["github.com", "*.golang.org"]
`)
	fetch := func(u string) *action.Action {
		return &action.Action{V: 1, Kind: action.NetFetch, URL: u, Cwd: testRoot, Actor: actor("")}
	}
	for _, c := range []struct {
		class string
		pol   *Policy
		a     *action.Action
		want  Effect
	}{
		{"case and trailing dot", p, evalHosts("API.Production.Company.COM."), Deny},
		{"full-width letters", p, evalHosts("ａｐｉ.production.company.com"), Deny},
		{"ideographic full stops", p, evalHosts("api。production。company。com"), Deny},
		{"percent-encoded dot", p, evalHosts("api%2eproduction.company.com"), Deny},
		{"rule written in full-width", p, evalHosts("db.production.company.com"), Deny},
		{"IPv4 as one number", p, evalHosts("167772165"), Deny},
		{"IPv4 in hex parts", p, evalHosts("0xa.0.0.5"), Deny},
		{"IPv4 short form", p, evalHosts("10.5"), Deny},
		{"IPv4-mapped IPv6", p, evalHosts("::ffff:10.0.0.5"), Deny},
		{"NAT64 IPv6 reaching the address", p, evalHosts("64:ff9b::a00:5"), Deny},
		{"rule in inet_aton notation", p, evalHosts("127.0.0.1"), Deny},
		{"wildcard rule with case and dot", p, evalHosts("x.EVIL.example"), Deny},
		{"other host", p, evalHosts("api.example.com"), Allow},
		{"unreadable host asks", p, evalHosts("api.production.company.com:x:y"), Ask},
		{"net.fetch full-width", p, fetch("https://ａｐｉ.production.company.com/v1"), Deny},
		{"net.fetch decimal address", p, fetch("http://167772165/"), Deny},
		{"allow list, other spelling allowed", q, evalHosts("GitHub.com."), Allow},
		{"allow list, IDN look-alike denied", q, evalHosts("gіthub.com"), Deny}, // Cyrillic і
		{"allow list, unreadable host", q, evalHosts("git%20hub.com"), Ask},
	} {
		d := c.pol.Evaluate(c.a)
		if d.Decision != c.want {
			t.Errorf("%s: %s, want %s (%s)", c.class, d.Decision, c.want, d.Reason)
		}
	}
}

// evalHosts is an exec action whose command contacts host h; it goes
// through the shell analyser like any command.
func evalHosts(h string) *action.Action {
	return execAction("curl -s 'https://"+strings.ReplaceAll(h, "'", "")+"/x'", "")
}

func TestCompileHostEntries(t *testing.T) {
	for _, c := range []struct{ src, want, err string }{
		{"API.Example.COM.", "api.example.com", ""},
		{"ａｐｉ。example。com", "api.example.com", ""},
		{"bücher.example", "xn--bcher-kva.example", ""},
		{"2130706433", "127.0.0.1", ""},
		{"[::ffff:10.0.0.5]", "10.0.0.5", ""},
		{"*.example.com", "example.com", ""},
		{"github.com:443", "", "ports are not part of host rules"},
		{"https://evil.com", "", "not a URL"},
		{"*.10.0.0.5", "", "cannot prefix an IP address"},
		{"a..b", "", "not a valid host name"},
		{"exa mple.com", "", "not a valid host name"},
	} {
		hp, err := compileHost(c.src)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("compileHost(%q) = %+v, %v; want error %q", c.src, hp, err, c.err)
			}
			continue
		}
		if err != nil || hp.host != c.want {
			t.Errorf("compileHost(%q) = %+v, %v; want %q", c.src, hp, err, c.want)
		}
	}
}
