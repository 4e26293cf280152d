package shell

import (
	"net/netip"
	"net/url"
	"strings"
)

// normHost lower-cases a host, strips userinfo, brackets, port and a
// trailing dot, and reports whether the result looks like a host name or
// an IP address. On failure it returns the input unchanged.
func normHost(in string) (string, bool) {
	h := in
	if strings.Contains(h, "%") {
		// clients decode percent-encoded host names (%2e is ".")
		d, err := url.PathUnescape(h)
		if err != nil {
			return in, false
		}
		h = d
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return in, false
		}
		h = h[1:end]
		if _, err := netip.ParseAddr(h); err != nil {
			return in, false
		}
		return strings.ToLower(h), true
	}
	if strings.Count(h, ":") == 1 {
		h = h[:strings.IndexByte(h, ':')]
	} else if strings.Count(h, ":") > 1 {
		if _, err := netip.ParseAddr(h); err == nil {
			return strings.ToLower(h), true
		}
		return in, false
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" || len(h) > 253 {
		return in, false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return in, false
		}
	}
	if strings.HasPrefix(h, "-") || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, "..") {
		return in, false
	}
	return h, true
}

// urlHosts returns the authority of every scheme://authority in s.
func urlHosts(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			return out
		}
		j := i
		for j > 0 && isSchemeChar(s[j-1]) {
			j--
		}
		scheme := strings.ToLower(s[j:i])
		rest := s[i+3:]
		end := strings.IndexAny(rest, "/?#\\ \t\n\"'<>`;|&)(")
		if end < 0 {
			end = len(rest)
		}
		if scheme != "" && scheme != "file" && end > 0 {
			out = append(out, rest[:end])
		}
		s = rest[end:]
	}
}

func isSchemeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'
}

// scpHost returns the host of an scp-like [user@]host:path argument.
func scpHost(s string) (string, bool) {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, ".") {
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
	if _, ok := normHost(h); !ok {
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
