package shell

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/lazy"
)

// Virtual-host names: the name a client asks a shared front end (a load
// balancer, a CDN, a TLS terminator) for, whatever address it connects
// to. The front end routes on it — a TLS SNI name, an HTTP Host header, an
// HTTP/2 :authority — so the call reaches that host: curl -H 'Host: H',
// openssl s_client -connect IP:443 -servername H, ncat --ssl-servername H,
// socat OPENSSL:IP:443,snihost=H, grpcurl -authority H. Each is reported
// as a host the command reaches, judged as its URL's host would be.
//
// The table says, per program, which options carry such a name and how:
// vhName (the value is the host), vhHeader (the value is an HTTP header:
// Host or :authority), vhItem (any argument that is a header item, as
// httpie's Host:H), vhParam (an address option key=H inside any operand,
// as socat's). shortVal lists the program's one-letter options that take
// a value, so that a header glued into a cluster (curl -sHHost:h) is found.

type vhostKind uint8

const (
	vhName vhostKind = iota
	vhHeader
	vhItem
	vhParam
)

type vhostOpt struct {
	opt  string // the option; for vhParam the key; for vhItem unused
	kind vhostKind
}

type vhostProg struct {
	opts     []vhostOpt
	shortVal string
}

var vhostProgs = &lazy.Value[map[string]vhostProg]{New: func() map[string]vhostProg {
	header := func(names ...string) []vhostOpt {
		out := make([]vhostOpt, 0, len(names))
		for _, n := range names {
			out = append(out, vhostOpt{n, vhHeader})
		}
		return out
	}
	items := vhostProg{opts: []vhostOpt{{"", vhItem}}, shortVal: "pPaAbo"}
	socatParams := []vhostOpt{{"snihost", vhParam}, {"openssl-snihost", vhParam}, {"servername", vhParam}}
	m := map[string]vhostProg{
		"curl":       {opts: header("-H", "--header"), shortVal: "odHXuAebcFTwxmKErCDUQYyztP"},
		"wget":       {opts: header("--header")},
		"http":       items,
		"https":      items,
		"httpie":     items,
		"xh":         items,
		"xhs":        items,
		"openssl":    {opts: []vhostOpt{{"-servername", vhName}}},
		"gnutls-cli": {opts: []vhostOpt{{"--sni-hostname", vhName}}},
		"ncat":       {opts: []vhostOpt{{"--ssl-servername", vhName}}},
		"nc":         {opts: []vhostOpt{{"--ssl-servername", vhName}}},
		"netcat":     {opts: []vhostOpt{{"--ssl-servername", vhName}}},
		"socat":      {opts: socatParams},
		"grpcurl": {opts: append([]vhostOpt{{"-authority", vhName}, {"--authority", vhName}, {"-servername", vhName},
			{"--servername", vhName}}, header("-H", "-rpc-header", "-reflect-header")...)},
		"ghz":        {opts: []vhostOpt{{"--authority", vhName}, {"--cname", vhName}}},
		"hey":        {opts: append([]vhostOpt{{"-host", vhName}}, header("-H")...)},
		"ab":         {opts: header("-H")},
		"wrk":        {opts: header("-H", "--header")},
		"siege":      {opts: header("-H", "--header")},
		"websocat":   {opts: header("-H", "--header")},
		"nghttp":     {opts: header("-H", "--header")},
		"h2load":     {opts: header("-H", "--header")},
		"aria2c":     {opts: header("--header")},
		"oha":        {opts: header("-H")},
		"bombardier": {opts: header("-H", "--header")},
		"vegeta":     {opts: header("-header")},
		"sslscan":    {opts: []vhostOpt{{"--sni-name", vhName}}},
	}
	return m
}}

// virtualHosts reports the virtual-host names c's options give.
func (c *cmd) virtualHosts() {
	p, ok := vhostProgs.Get()[c.name]
	if !ok {
		return
	}
	for i := 0; i < len(c.args); i++ {
		a := c.s(i)
		if a == "--" {
			break
		}
		for _, o := range p.opts {
			switch o.kind {
			case vhItem:
				if h, ok := headerHost(a, true); ok {
					c.host(h, c.name+" Host header item")
				}
			case vhParam:
				c.vhostParams(a, o.opt)
			default:
				v, ok := gluedOptionValue(a, o.opt, p.shortVal)
				if !ok {
					continue
				}
				if v == "" && !strings.HasSuffix(a, "=") && i+1 < len(c.args) {
					v = c.s(i + 1)
				}
				if o.kind == vhName {
					if v != "" {
						c.host(v, c.name+" "+o.opt+" (the virtual host it asks for)")
					}
				} else if h, ok := headerHost(v, false); ok {
					c.host(h, c.name+" "+o.opt+" Host header")
				}
			}
		}
	}
}

// vhostParams reports KEY=HOST among the comma- and colon-separated
// options of a socat address.
func (c *cmd) vhostParams(a, key string) {
	if !strings.Contains(a, "=") {
		return
	}
	for _, part := range strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ':' }) {
		if k, v, ok := strings.Cut(part, "="); ok && strings.EqualFold(strings.TrimSpace(k), key) && v != "" {
			c.host(v, c.name+" "+key+" (the virtual host it asks for)")
		}
	}
}

// headerHost returns the host of an HTTP header line naming one: "Host:
// H", or HTTP/2's ":authority: H". item is httpie's request item, where
// NAME:=VALUE is JSON and NAME:VALUE a header.
func headerHost(v string, item bool) (string, bool) {
	name, rest := v, ""
	if strings.HasPrefix(v, ":") {
		n, r, ok := strings.Cut(v[1:], ":")
		if !ok {
			return "", false
		}
		name, rest = ":"+n, r
	} else {
		n, r, ok := strings.Cut(v, ":")
		if !ok {
			return "", false
		}
		name, rest = n, r
	}
	if item && strings.HasPrefix(rest, "=") {
		return "", false
	}
	name = strings.TrimSpace(name)
	if !strings.EqualFold(name, "host") && !strings.EqualFold(name, ":authority") {
		return "", false
	}
	h := strings.TrimSpace(rest)
	return h, h != ""
}
