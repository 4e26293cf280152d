package hostname

import (
	"errors"
	"strings"
)

// Errors of URL, each a reason the WHATWG URL parser rejects the input.
var (
	errNoScheme   = errors.New("not an absolute URL: no scheme")
	errNoHost     = errors.New("URL of a special scheme names no host")
	errBadPort    = errors.New("URL's port is not a number below 65536")
	errHostChar   = errors.New("URL's host holds a forbidden code point")
	errCredsAlone = errors.New("URL has credentials but no host")
)

// specialSchemes are the WHATWG URL standard's special schemes: their
// authority may follow any run of '/' and '\', and '\' ends it.
var specialSchemes = map[string]bool{"http": true, "https": true, "ws": true, "wss": true, "ftp": true, "file": true}

// URL splits an absolute URL as the WHATWG URL standard's basic URL
// parser does (browsers, Node's new URL(), Rust's url crate): leading and
// trailing C0 controls and spaces trimmed, ASCII tab and newline removed,
// the scheme case-folded, the authority found after any run of '/' and
// '\' for a special scheme (https:\\h, https:h, HTTPS:///h) or after "//"
// for another, and ended by '/', '?', '#' (and '\' for a special scheme);
// the userinfo is everything up to the authority's LAST '@' (so
// "https://a.example'@b.example/" and "https://a.example(@b.example/" are
// b.example), the port what follows a ':' outside brackets.
//
// host is the host as written (not percent-decoded or mapped: Canonical
// does that), "" when the URL has no authority (mailto:, file:/x, an
// opaque path). err says why the parser would reject the URL; host is
// still returned when one was found, for a caller that judges every
// reading.
func URL(s string) (scheme, host string, err error) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	i := 0
	for i < len(s) && (isAlpha(s[i]) || i > 0 && (isDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != ':' {
		return "", "", errNoScheme
	}
	scheme = strings.ToLower(s[:i])
	rest := s[i+1:]
	special := specialSchemes[scheme]
	switch {
	case scheme == "file":
		// file://host/path: the host is between two slashes (either
		// kind) and the next; file:/path and file:path have none.
		if len(rest) < 2 || !isSlash(rest[0], true) || !isSlash(rest[1], true) {
			return scheme, "", nil
		}
		rest = rest[2:]
		end := strings.IndexAny(rest, `/\?#`)
		if end < 0 {
			end = len(rest)
		}
		return scheme, rest[:end], nil
	case special:
		rest = strings.TrimLeft(rest, `/\`)
	case strings.HasPrefix(rest, "//"):
		rest = rest[2:]
	default:
		return scheme, "", nil // an opaque or path-only URL
	}
	ends := "/?#"
	if special {
		ends = `/?#\`
	}
	end := strings.IndexAny(rest, ends)
	if end < 0 {
		end = len(rest)
	}
	auth := rest[:end]
	hostPort := auth
	at := strings.LastIndexByte(auth, '@')
	if at >= 0 {
		hostPort = auth[at+1:]
	}
	host, port := hostPort, ""
	inBrackets := false
	for j := 0; j < len(hostPort); j++ {
		switch hostPort[j] {
		case '[':
			inBrackets = true
		case ']':
			inBrackets = false
		case ':':
			if !inBrackets {
				host, port = hostPort[:j], hostPort[j+1:]
				j = len(hostPort)
			}
		}
	}
	switch {
	case host == "" && at >= 0:
		return scheme, "", errCredsAlone
	case host == "" && special:
		return scheme, "", errNoHost
	case strings.ContainsAny(host, forbiddenHost):
		return scheme, host, errHostChar
	}
	if port != "" {
		n := 0
		for j := 0; j < len(port); j++ {
			if !isDigit(port[j]) {
				return scheme, host, errBadPort
			}
			if n = n*10 + int(port[j]-'0'); n > 65535 {
				return scheme, host, errBadPort
			}
		}
	}
	return scheme, host, nil
}

// forbiddenHost are the WHATWG forbidden host code points that can be
// left in a host after the authority is split (tab and newlines are
// removed before, '/', '?', '#', '@', ':' split it).
const forbiddenHost = "\x00 <>\\^|"

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSlash(c byte, special bool) bool { return c == '/' || special && c == '\\' }
