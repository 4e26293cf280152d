// Package hostname gives network host names one canonical spelling, so that
// a rule naming a host matches every way of writing it. Hosts are read the
// way a browser's URL parser reads them (the WHATWG URL standard's host
// parser: percent-decoding, UTS #46 non-transitional IDNA mapping, the IPv4
// number parser) and the way command-line clients hand them to inet_aton
// and getaddrinfo: "ＡＰＩ。Example．com.", "api.example.com" and
// "api%2Eexample.com" are one host, and so are "2130706433", "0x7f.1",
// "0177.0.0.1", "127.1" and "127.0.0.1".
//
// # Contract
//
//   - Canonical(h) takes a host as it appears in a URL authority or a
//     command's option, without userinfo or port: a name, an IPv4 address
//     in any inet_aton notation, or an IPv6 address (in brackets or not,
//     with or without a zone). It returns the canonical form or an error;
//     it never guesses. The caller must treat a host it cannot canonicalise
//     as unknown (ask or deny), never as harmless.
//   - A canonical name is lower-case ASCII: labels of a-z 0-9 "-" "_",
//     internationalised labels as xn-- A-labels, no empty label, no
//     trailing dot, at most 63 bytes a label and 253 in all.
//   - A canonical IPv4 address is dotted decimal ("127.0.0.1"). A canonical
//     IPv6 address is its RFC 5952 text without brackets or zone; an
//     IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address it maps.
//     Embedded4 gives the IPv4 address that other IPv6 forms reach.
//   - A name whose last label is a number (digits, or 0x and hex digits)
//     is an IPv4 address or an error, as in a browser: "1.2.3.256" and
//     "example.0x1g" are errors, not names.
//   - Canonical is pure and safe for concurrent use; Canonical(Canonical(h))
//     is Canonical(h).
package hostname

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Bounds of a host name, as DNS has them.
const (
	MaxName  = 253
	MaxLabel = 63
)

var (
	errEmpty     = errors.New("empty host")
	errTooLong   = errors.New("host name too long")
	errEncoding  = errors.New("host is not valid UTF-8 after percent-decoding")
	errBracket   = errors.New("bracketed host is not an IPv6 address")
	errIPv4      = errors.New("host ends in a number but is not an IPv4 address")
	errEmptyPart = errors.New("host name has an empty label")
)

// profile is UTS #46 processing as the WHATWG URL standard runs it for a
// lookup ("domain to ASCII" with beStrict false): non-transitional, no
// STD3 rules, no hyphen checks, joiners and bidi checked.
var profile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
	idna.CheckJoiners(true),
	idna.BidiRule(),
	idna.VerifyDNSLength(false),
)

// Canonical returns the canonical form of host h (see the package
// documentation) or an error saying why h is not a host.
func Canonical(h string) (string, error) {
	if h == "" {
		return "", errEmpty
	}
	if len(h) > 4*MaxName {
		return "", errTooLong
	}
	if s, ok := fastName(h); ok {
		return s, nil
	}
	return canonical(h)
}

// canonical is Canonical without the fast path (tests compare the two).
func canonical(h string) (string, error) {
	if strings.HasPrefix(h, "[") {
		if !strings.HasSuffix(h, "]") {
			return "", errBracket
		}
		return ipv6(h[1 : len(h)-1])
	}
	if strings.Contains(h, ":") {
		// Only an IPv6 address has colons; anything else (a port, a
		// scheme) is the caller's to remove.
		if s, err := ipv6(h); err == nil {
			return s, nil
		}
		return "", fmt.Errorf("%q is not a host name (a port or a URL?)", clip(h))
	}
	if strings.Contains(h, "%") {
		d, err := percentDecode(h)
		if err != nil {
			return "", err
		}
		h = d
	}
	if !utf8.ValidString(h) {
		return "", errEncoding
	}
	a, err := profile.ToASCII(h)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid host name: %v", clip(h), err)
	}
	a = strings.ToLower(a)
	a = strings.TrimSuffix(a, ".")
	if a == "" {
		return "", errEmpty
	}
	if endsInNumber(a) {
		return ipv4(a)
	}
	if err := checkName(a); err != nil {
		return "", err
	}
	return a, nil
}

// fastName handles the common case, a plain ASCII name, without the IDNA
// machinery: it reports false for anything that needs it.
func fastName(h string) (string, bool) {
	n := len(h)
	if h[n-1] == '.' {
		n--
	}
	if n == 0 || n > MaxName {
		return "", false
	}
	lower := true
	label := 0
	for i := 0; i < n; i++ {
		c := h[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_':
			label++
		case c >= 'A' && c <= 'Z':
			lower = false
			label++
		case c == '.':
			if label == 0 {
				return "", false
			}
			label = 0
			continue
		default:
			return "", false
		}
		if label > MaxLabel {
			return "", false
		}
		if label == 4 && (h[i-3]|0x20) == 'x' && (h[i-2]|0x20) == 'n' && h[i-1] == '-' && c == '-' {
			return "", false // an A-label: let IDNA check it
		}
	}
	if label == 0 {
		return "", false
	}
	s := h[:n]
	if !lower {
		s = strings.ToLower(s)
	}
	if endsInNumber(s) {
		return "", false
	}
	return s, true
}

// checkName enforces the character set and lengths of a canonical name.
func checkName(a string) error {
	if len(a) > MaxName {
		return errTooLong
	}
	label := 0
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_':
			label++
			if label > MaxLabel {
				return errTooLong
			}
		case c == '.':
			if label == 0 {
				return errEmptyPart
			}
			label = 0
		default:
			return fmt.Errorf("%q is not a valid host name (character %q)", clip(a), c)
		}
	}
	if label == 0 {
		return errEmptyPart
	}
	return nil
}

// endsInNumber reports whether the last label of a (lower case, no
// trailing dot) is a number in the IPv4 parser's sense.
func endsInNumber(a string) bool {
	last := a[strings.LastIndexByte(a, '.')+1:]
	if last == "" {
		return false
	}
	if allDigits(last, 10) {
		return true
	}
	if strings.HasPrefix(last, "0x") {
		return allDigits(last[2:], 16)
	}
	return false
}

func allDigits(s string, base int) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f') {
			continue
		}
		return false
	}
	return true
}

// ipv4 parses a in inet_aton's notations (one to four parts, each
// decimal, 0x hex or 0 octal, the last filling the remaining bytes).
func ipv4(a string) (string, error) {
	parts := strings.Split(a, ".")
	if len(parts) > 4 {
		return "", errIPv4
	}
	var nums [4]uint64
	for i, p := range parts {
		n, ok := ipv4Number(p)
		if !ok {
			return "", errIPv4
		}
		nums[i] = n
	}
	last := len(parts) - 1
	for _, n := range nums[:last] {
		if n > 255 {
			return "", errIPv4
		}
	}
	if nums[last] >= 1<<(8*(4-last)) {
		return "", errIPv4
	}
	v := nums[last]
	for i := 0; i < last; i++ {
		v += nums[i] << (8 * (3 - i))
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}).String(), nil
}

func ipv4Number(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := 10
	switch {
	case strings.HasPrefix(p, "0x"):
		base, p = 16, p[2:]
		if p == "" {
			return 0, true // "0x" is zero
		}
	case len(p) > 1 && p[0] == '0':
		base, p = 8, p[1:]
	}
	if len(p) > 32 {
		return 0, false
	}
	n, err := strconv.ParseUint(p, base, 64)
	if err != nil || n > 0xffffffff {
		return 0, false
	}
	return n, true
}

// ipv6 parses an IPv6 address with an optional zone ("%eth0", or "%25eth0"
// as URLs write it) and returns its canonical form.
func ipv6(s string) (string, error) {
	if i := strings.IndexByte(s, '%'); i >= 0 {
		s = s[:i] // the zone names an interface, not another host
	}
	ip, err := netip.ParseAddr(s)
	if err != nil || !ip.Is6() {
		return "", errBracket
	}
	return ip.Unmap().String(), nil
}

// Embedded4 returns the IPv4 address that the canonical IPv6 address c
// reaches through an IPv4 embedding other than mapping (which Canonical
// already removes): IPv4-compatible ::a.b.c.d and the NAT64 prefixes
// 64:ff9b::/96 and 64:ff9b:1::/48 (RFC 6052, RFC 8215). A rule on the IPv4
// address must also see these.
func Embedded4(c string) (string, bool) {
	ip, err := netip.ParseAddr(c)
	if err != nil || !ip.Is6() || ip.Is4In6() {
		return "", false
	}
	b := ip.As16()
	v4 := netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	switch {
	case b == [16]byte{12: b[12], 13: b[13], 14: b[14], 15: b[15]} && (b[12] != 0 || b[13] != 0):
		return v4.String(), true // ::a.b.c.d (not :: or ::1)
	case netip.MustParsePrefix("64:ff9b::/96").Contains(ip), netip.MustParsePrefix("64:ff9b:1::/48").Contains(ip):
		return v4.String(), true
	}
	return "", false
}

// percentDecode decodes %XX escapes; a "%" not followed by two hex
// digits is an error (a browser would keep it and then reject the host).
func percentDecode(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", fmt.Errorf("%q has a malformed percent-encoding", clip(s))
		}
		b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
		i += 2
	}
	return b.String(), nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
