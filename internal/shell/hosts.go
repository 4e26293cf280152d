package shell

import "github.com/mandate-dev/mandate/internal/lazy"

import (
	"strings"

	"github.com/mandate-dev/mandate/internal/hostname"
)

// host reports the hosts in h, a destination as a command's argument or
// option gives it: [userinfo@]host[:port], a bracketed IPv6 address, or a
// comma-separated list of those (mongodb://a,b/, psql -h a,b). Each host is
// canonicalised (internal/hostname); one that cannot be is opaque, never
// dropped.
func (a *analyzer) host(sc *scope, h, cmd, why string) {
	if strings.ContainsAny(h, "$`") || strings.Contains(h, "{xargs-input}") {
		a.opaque(cmd, "network destination not known statically")
		return
	}
	if !strings.Contains(h, ",") {
		a.oneHost(sc, h, cmd, why)
		return
	}
	n := 0
	for _, part := range strings.Split(h, ",") {
		if part = strings.TrimSpace(part); part != "" {
			a.oneHost(sc, part, cmd, why)
			n++
		}
	}
	if n == 0 {
		a.oneHost(sc, h, cmd, why)
	}
}

func (a *analyzer) oneHost(sc *scope, h, cmd, why string) {
	c, ok := normHost(h)
	if !ok {
		if strings.ContainsAny(h, "({") {
			a.opaque(cmd, "network destination not known statically")
		} else {
			a.opaque(cmd, "network destination not understood: "+clip(h))
		}
		return
	}
	a.addHost(c, cmd, why)
	if v4, ok := hostname.Embedded4(c); ok {
		a.addHost(v4, cmd, why+" (IPv4 in IPv6)")
	}
}

func (a *analyzer) addHost(h, cmd, why string) {
	if a.mark(markKey{'h', h, ""}) {
		a.res.Hosts = append(a.res.Hosts, HostRef{Host: h, Cmd: cmd, Why: why})
	}
}

// normHost strips userinfo and port from one destination and returns its
// canonical host (internal/hostname), or false when it is not a host.
func normHost(in string) (string, bool) {
	h := in
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	switch {
	case strings.HasPrefix(h, "["):
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return in, false
		}
		h = h[:end+1]
	case strings.Count(h, ":") == 1:
		// host:port, or host:path in git+ssh://git@host:org/repo
		h = h[:strings.IndexByte(h, ':')]
	}
	c, err := hostname.Canonical(h)
	if err != nil {
		return in, false
	}
	return c, true
}

// hostLike reports whether s reads as a host (scp-like host:path).
func hostLike(s string) bool {
	_, ok := normHost(s)
	return ok
}

// nonHostSchemes name storage, not a host: s3://bucket/key is a bucket
// reached through the provider's endpoint, file:// is local.
var nonHostSchemes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"file": true, "s3": true, "s3a": true, "s3n": true, "gs": true, "gcs": true, "az": true,
		"hf": true, "unix": true, "npipe": true, "jar": true, "mem": true, "memory": true,
	}
}}

// slashSchemes are the schemes after which a client reads any run of
// slashes as the start of the authority: WHATWG's special schemes (also
// backslashes), and the schemes curl knows (one to three slashes).
var slashSchemes = &lazy.Value[map[string]bool]{New: func() map[string]bool {
	return map[string]bool{
		"http": true, "https": true, "ws": true, "wss": true, "ftp": true, "ftps": true,
		"sftp": true, "scp": true, "smb": true, "smbs": true, "tftp": true, "telnet": true,
		"dict": true, "gopher": true, "gophers": true, "ldap": true, "ldaps": true,
		"imap": true, "imaps": true, "pop3": true, "pop3s": true, "smtp": true, "smtps": true,
		"rtsp": true, "rtmp": true, "rtmps": true, "mqtt": true, "mqtts": true,
	}
}}

// urlHosts returns the authority of every scheme://authority in s. Where
// parsers disagree about where the authority ends (a backslash, which
// browsers read as "/" and curl does not), both readings are returned.
// After a scheme in slashSchemes any run of slashes and backslashes opens
// the authority, as curl, git (libcurl) and WHATWG parsers (browsers,
// Node's new URL) read it: https:/HOST, https:///HOST and https:\\HOST all
// reach HOST.
func urlHosts(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return out
		}
		j := i
		for j > 0 && isSchemeChar(s[j-1]) {
			j--
		}
		scheme := strings.ToLower(s[j:i])
		n := i + 1
		for n < len(s) && (s[n] == '/' || s[n] == '\\') {
			n++
		}
		sep, rest := s[i+1:n], s[n:]
		if sep != "//" {
			if sep == "" || !slashSchemes.Get()[scheme] {
				s = s[i+1:]
				continue
			}
			end := strings.IndexAny(rest, "/?#\\ \t\n\"'<>`;|&)(")
			if end < 0 {
				end = len(rest)
			}
			if end > 0 {
				out = append(out, rest[:end])
			}
			s = rest[end:]
			continue
		}
		end := strings.IndexAny(rest, "/?#\\ \t\n\"'<>`;|&)(")
		if end < 0 {
			end = len(rest)
		}
		if scheme != "" && !nonHostSchemes.Get()[scheme] && end > 0 {
			out = append(out, rest[:end])
			if end < len(rest) && rest[end] == '\\' {
				// http://evil.example\@good.example/: curl contacts good.example
				if e2 := strings.IndexAny(rest, "/?# \t\n\"'<>`;|&)("); e2 > end || e2 < 0 {
					if e2 < 0 {
						e2 = len(rest)
					}
					if at := strings.LastIndexByte(rest[:e2], '@'); at > end {
						out = append(out, rest[at+1:e2])
					}
				}
			}
		}
		s = rest[end:]
	}
}

// slashURL reports whether s starts with a URL in another spelling than
// scheme://: https:/HOST, https:///HOST, https:\\HOST (see slashSchemes),
// which is no scp-like host:path.
func slashURL(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i+1 >= len(s) || s[i+1] != '/' && s[i+1] != '\\' {
		return false
	}
	for j := 0; j < i; j++ {
		if !isSchemeChar(s[j]) {
			return false
		}
	}
	return slashSchemes.Get()[strings.ToLower(s[:i])]
}

func isSchemeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'
}

// scpHost returns the host of an scp-like [user@]host:path argument.
func scpHost(s string) (string, bool) {
	if strings.Contains(s, "://") || slashURL(s) || strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") {
		return "", false
	}
	if strings.HasPrefix(s, "[") { // [v6]:path
		if end := strings.Index(s, "]:"); end > 0 {
			return s[:end+1], true
		}
		return "", false
	}
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", false
	}
	if slash := strings.IndexByte(s, '/'); slash >= 0 && slash < i {
		return "", false // a local path containing ':'
	}
	h := s[:i]
	if !hostLike(h) {
		return "", false
	}
	return h, true
}

// bareHost returns the host of a network command's target argument, which
// is either a URL or host[:port][/path].
func bareHost(s string) (string, bool) {
	if hs := urlHosts(s); len(hs) > 0 {
		return hs[0], true
	}
	if strings.HasPrefix(s, "[") {
		return s, true
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "", false
	}
	return s, true
}
