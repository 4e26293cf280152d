package shell

import (
	"path"
	"strconv"
	"strings"
)

// URLs as programs read them: curl expands {a,b} and [a-z] in a URL itself
// (even when the shell quoted it), and every client percent-decodes the
// path of a file: URL. A URL is judged by what it names after both.

// maxURLGlob bounds the URLs one curl glob expands to before the analysis
// gives up on listing them (the destination is then opaque).
const maxURLGlob = 256

// maxURLGlobBytes bounds the text one expansion may produce.
const maxURLGlobBytes = 1 << 16

// curlGlob expands curl's URL globbing: {alt,alt} sets and [a-z],
// [0-9], [001-100:5] ranges. ok is false when the expansion is larger
// than maxURLGlob or malformed (curl would reject it).
func curlGlob(s string) (out []string, ok bool) {
	if !strings.ContainsAny(s, "{[") {
		return []string{s}, true
	}
	out = []string{""}
	for i := 0; i < len(s); i++ {
		var alts []string
		switch s[i] {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '[' || s[i+1] == '}' || s[i+1] == ']') {
				alts = []string{s[i+1 : i+2]}
				i++
			} else {
				alts = []string{"\\"}
			}
		case '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, false
			}
			alts = strings.Split(s[i+1:i+end], ",")
			i += end
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, false
			}
			body := s[i+1 : i+end]
			i += end
			if strings.Count(body, ":") > 1 || strings.Contains(body, ":") && !strings.Contains(body, "-") {
				// an IPv6 address in brackets, not a range
				alts = []string{"[" + body + "]"}
				break
			}
			var good bool
			if alts, good = urlRange(body); !good {
				return nil, false
			}
		default:
			j := i
			for j < len(s) && s[j] != '{' && s[j] != '[' && s[j] != '\\' {
				j++
			}
			alts = []string{s[i:j]}
			i = j - 1
		}
		if len(out)*len(alts) > maxURLGlob || len(out)*len(alts)*len(s) > maxURLGlobBytes {
			return nil, false
		}
		next := make([]string, 0, len(out)*len(alts))
		for _, o := range out {
			for _, a := range alts {
				next = append(next, o+a)
			}
		}
		out = next
	}
	return out, true
}

// urlRange expands one curl range body: a-z, A-Z, 0-9, 01-10, with an
// optional :step.
func urlRange(body string) ([]string, bool) {
	step := 1
	if b, st, ok := strings.Cut(body, ":"); ok {
		n, err := strconv.Atoi(st)
		if err != nil || n < 1 {
			return nil, false
		}
		body, step = b, n
	}
	from, to, ok := strings.Cut(body, "-")
	if !ok || from == "" || to == "" {
		return nil, false
	}
	var out []string
	if len(from) == 1 && len(to) == 1 && !isDigit(from[0]) {
		if from[0] > to[0] {
			return nil, false
		}
		for c := int(from[0]); c <= int(to[0]); c += step {
			out = append(out, string(rune(c)))
		}
		return out, true
	}
	x, err1 := strconv.Atoi(from)
	y, err2 := strconv.Atoi(to)
	if err1 != nil || err2 != nil || x > y || (y-x)/step+1 > maxURLGlob {
		return nil, false
	}
	width := 0
	if len(from) > 1 && from[0] == '0' {
		width = len(from)
	}
	for n := x; n <= y; n += step {
		v := strconv.Itoa(n)
		for len(v) < width {
			v = "0" + v
		}
		out = append(out, v)
	}
	return out, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// fileURLPaths returns the local paths named by file: URLs in s
// (file:///p, file://localhost/p, file://host/p, file:/p), after curl's
// globbing and percent-decoding. A glob that cannot be expanded leaves a
// glob path ("*" for the part) so that the read is still reported.
func fileURLPaths(s string) []field {
	var out []field
	for off := 0; ; {
		i := indexFold(s[off:], "file:")
		if i < 0 {
			return out
		}
		i += off
		off = i + len("file:")
		rest := s[off:]
		if !strings.HasPrefix(rest, "/") {
			continue
		}
		if strings.HasPrefix(rest, "//") {
			// file://host/path: the host is localhost, or a share the
			// client maps to a local path; either way the path is read
			j := strings.IndexByte(rest[2:], '/')
			if j < 0 {
				continue
			}
			rest = rest[2+j:]
		}
		if j := strings.IndexAny(rest, "?# \t\n\"'<>`;|&"); j >= 0 {
			rest = rest[:j]
		}
		urls, ok := curlGlob(rest)
		if !ok {
			out = append(out, field{s: path.Clean(percentDecode(globURLPart(rest))), glob: true})
			continue
		}
		for _, u := range urls {
			p := percentDecode(u)
			if strings.IndexByte(p, 0) >= 0 || p == "" {
				continue
			}
			out = append(out, field{s: path.Clean(p), glob: strings.ContainsAny(p, "*?[")})
		}
	}
}

// indexFold is strings.Index ignoring ASCII case (lower-casing the whole
// string would move byte offsets where it holds other letters).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// globURLPart turns curl glob parts ({…} and […]) into "*".
func globURLPart(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '[':
			closer := byte('}')
			if s[i] == '[' {
				closer = ']'
			}
			if end := strings.IndexByte(s[i:], closer); end >= 0 {
				b.WriteByte('*')
				i += end
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// percentDecode decodes %XX escapes; a malformed escape stays as written.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
