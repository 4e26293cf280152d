package policy

import (
	"strings"
)

// URIs that may address local files. A string that starts "scheme:" is
// read as a URI whatever its scheme, and the local paths it may name are
// taken from it as the servers that open such URIs do, in every reading
// where they differ:
//
//   - ASCII tab and newline removed, leading and trailing spaces and
//     controls trimmed (WHATWG); "\" read as "/" (WHATWG does so for
//     file:, and servers on Windows do for any path);
//   - "//authority" cut off: this machine (empty, localhost,
//     vscode-app: uriLocalAuthorities) or a host the file is on;
//   - the query and fragment cut off;
//   - the path as written, percent-decoded once, and decoded until it no
//     longer changes (file:%2Fhome%2F… is file:/home/…; a server that
//     decodes twice reads %252F as "/"); a NUL ends a name to C;
//   - a drive, /C:/x, C|/x or file://C:/x, where WSL mounts it (/mnt/c/x);
//   - a URL nested after the scheme (jar:file:///a.jar!/x,
//     zip:file:…): the inner URL's paths, and each up to "!/" (the
//     archive itself).
//
// The scheme says how the paths are judged (urischemes.go): a local
// scheme's (file, any scheme with a "+file" part, vscode-file,
// vscode-userdata, untitled, jar…) are the files the call acts on; a
// remote scheme's (https, s3, mailto…) are the remote's, judged only
// when they name a path inside the repository or the home directory; an
// unknown scheme's (vscode-remote, a server's own) may be local:
// judged as paths, and asked about when inside the repository or home.

type uriClass uint8

const (
	uriUnknown uriClass = iota
	uriLocal            // addresses a file on this machine
	uriRemote           // a network or storage location, or none
)

// uriRef is what a URI names.
type uriRef struct {
	scheme string // the outermost scheme, lower case
	class  uriClass
	// slashes: the scheme is followed by "//" (an authority).
	slashes bool
	// host is the authority of a local URI when it is not this machine.
	host string
	// paths are the path readings, each absolute, "~/…" or relative.
	paths []string
}

const uriMaxLen = 8192

// parseURI reads s as a URI; false when s does not start with a scheme
// of two characters or more (C:\x is a drive) or is too long. A string
// with spaces is a URI only for a local scheme (file:///my dir/x).
func parseURI(s string) (uriRef, bool) {
	return parseURIDepth(s, 0)
}

func parseURIDepth(s string, depth int) (u uriRef, ok bool) {
	if len(s) > uriMaxLen || depth > 4 {
		return u, false
	}
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	i := strings.IndexByte(s, ':')
	if i < 2 || !validScheme(s[:i]) {
		return u, false
	}
	u.scheme = strings.ToLower(s[:i])
	u.class = schemeClass(u.scheme)
	if u.class != uriLocal && strings.ContainsAny(s, " \x00") {
		return u, false
	}
	rest := s[i+1:]
	// A nested URL: jar:file:///a.jar!/x, zip:file:…, jdbc:sqlite:/x.
	if in, ok := parseURIDepth(rest, depth+1); ok && (uriNestedSchemes.Get()[u.scheme] || in.class == uriLocal) {
		if in.class == uriLocal || in.class == uriUnknown && u.class != uriRemote {
			u.class = in.class
		}
		u.slashes, u.host = in.slashes, in.host
		for _, p := range in.paths {
			u.add(p)
			if a, _, cut := strings.Cut(p, "!/"); cut {
				u.add(a)
			} else if a, _, cut := strings.Cut(p, "!"); cut {
				u.add(a)
			}
		}
		return u, true
	}
	r := strings.ReplaceAll(rest, `\`, "/")
	if after, ok := strings.CutPrefix(r, "//"); ok {
		u.slashes = true
		end := strings.IndexAny(after, "/?#")
		if end < 0 {
			end = len(after)
		}
		auth := after[:end]
		r = after[end:]
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			auth = auth[at+1:]
		}
		switch {
		case uriDrive(auth):
			r = "/" + auth + r // file://C:/x
		case u.class == uriLocal && !uriLocalAuthorities.Get()[strings.ToLower(hostNoPort(auth))]:
			u.host = hostNoPort(auth)
		}
	}
	if end := strings.IndexAny(r, "?#"); end >= 0 {
		r = r[:end]
	}
	u.addReadings(r)
	if u.scheme == "jar" || u.scheme == "zip" || u.scheme == "war" || u.scheme == "ear" {
		for _, p := range u.paths {
			if a, _, cut := strings.Cut(p, "!"); cut {
				u.add(a)
			}
		}
	}
	return u, true
}

// schemeClass classes a scheme; a scheme with a local "+" part
// (git+file, file+x) is local, one with a remote part (git+ssh,
// svn+https, mongodb+srv) remote.
func schemeClass(scheme string) uriClass {
	if uriLocalSchemes.Get()[scheme] {
		return uriLocal
	}
	if uriRemoteSchemes.Get()[scheme] {
		return uriRemote
	}
	if !strings.ContainsAny(scheme, "+.") {
		return uriUnknown
	}
	parts := strings.FieldsFunc(scheme, func(r rune) bool { return r == '+' || r == '.' })
	for _, p := range parts {
		if uriLocalSchemes.Get()[p] {
			return uriLocal
		}
	}
	for _, p := range parts {
		if uriRemoteSchemes.Get()[p] {
			return uriRemote
		}
	}
	return uriUnknown
}

// addReadings adds the readings of a URI's path part r.
func (u *uriRef) addReadings(r string) {
	u.addPath(r)
	d := r
	for k := 0; k < 4 && strings.IndexByte(d, '%') >= 0; k++ {
		nd := pctDecode(d)
		if nd == d {
			break
		}
		d = strings.ReplaceAll(nd, `\`, "/") // %5C
		u.addPath(d)
	}
}

// addPath adds one reading: a NUL ends it, a drive is WSL's mount.
func (u *uriRef) addPath(p string) {
	if i := strings.IndexByte(p, 0); i >= 0 {
		p = p[:i]
	}
	t := strings.TrimPrefix(p, "/")
	if len(t) >= 2 && t[1] == '|' {
		t = t[:1] + ":" + t[2:] // file:///C|/x
	}
	if uriDrive(t[:min(2, len(t))]) && (len(t) == 2 || t[2] == '/') {
		p = driveMount(t[0], t[2:]) // mcpwinpath.go
	}
	u.add(p)
}

func (u *uriRef) add(p string) {
	if p == "" {
		return
	}
	for _, q := range u.paths {
		if q == p {
			return
		}
	}
	u.paths = append(u.paths, p)
}

// uriDrive reports whether s is a drive letter and colon (or bar).
func uriDrive(s string) bool {
	return len(s) == 2 && (s[1] == ':' || s[1] == '|') && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z')
}

// hostNoPort is an authority's host without its port.
func hostNoPort(a string) string {
	if strings.HasPrefix(a, "[") {
		if end := strings.IndexByte(a, ']'); end > 0 {
			return a[:end+1]
		}
		return a
	}
	if h, _, ok := strings.Cut(a, ":"); ok {
		return h
	}
	return a
}

// pctDecode decodes every valid %XX of s; other "%" are kept.
func pctDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
