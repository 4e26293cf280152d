package redact

import (
	"bytes"
	"strings"
)

// keyFileRule masks private keys by the formats of key files
// (keyfiletable.go): armoured blocks whose label names a secret, in PEM
// (five dashes) or RFC 4716 (four dashes and spaces) armour, and the
// lines after a header (PuTTY's Private-Lines, minisign's secret key).
// A block's body is taken whole up to its END marker whatever it holds
// (JSON escapes such as \/ and \u002b included); an unterminated block
// is masked as far as its body's characters run.
func keyFileRule() *rule {
	kw := []string{"-----begin", "---- begin"}
	for _, f := range keyLineFormats {
		kw = append(kw, f.keyword)
	}
	return &rule{id: "private-key", keywords: kw, match: matchKeyFiles}
}

// maxKeyBlock bounds a key block (the private-key rule's window too).
const maxKeyBlock = 65536

func matchKeyFiles(_ *Redactor, s string, lower []byte, hits []int, emit func(span)) {
	done := -1
	// The next END marker at or after a position, per armour, found once
	// and reused by every hit before it: linear however many BEGINs.
	var ends [2]struct{ from, at int }
	ends[0].from, ends[1].from = -1, -1
	nextEnd := func(k int, from int) int {
		e := &ends[k]
		if e.from >= 0 && from >= e.from && (e.at < 0 || from <= e.at) {
			return e.at
		}
		pat := []byte("-----end")
		if k == 1 {
			pat = []byte("---- end")
		}
		e.from = from
		e.at = -1
		if i := bytes.Index(lower[from:], pat); i >= 0 {
			e.at = from + i
		}
		return e.at
	}
	for _, h := range hits {
		if h < done {
			continue
		}
		switch {
		case lower[h] == '-':
			if sp, ok := keyBlock(s, lower, h, nextEnd); ok {
				emit(sp)
				done = sp.end
			}
		default:
			if sp, ok := keyLines(s, lower, h); ok {
				emit(sp)
				done = sp.end
			}
		}
	}
}

// keyBlock reads the armoured block whose BEGIN marker starts at h.
func keyBlock(s string, lower []byte, h int, nextEnd func(int, int) int) (span, bool) {
	dashes, k, sep := 5, 0, 0
	if lower[h+4] == ' ' {
		dashes, k, sep = 4, 1, 1 // "---- BEGIN"
	}
	if h > 0 && lower[h-1] == '-' {
		return span{}, false // a longer run of dashes: not the marker's start
	}
	p := h + dashes + sep + len("begin")
	if p >= len(s) || s[p] != ' ' {
		return span{}, false
	}
	p++
	fence := strings.Repeat("-", dashes)
	ls := p
	le := strings.Index(s[ls:min(len(s), ls+128)], fence)
	if le <= 0 {
		return span{}, false
	}
	le += ls
	if !secretKeyLabel(s[ls:le]) {
		return span{}, false
	}
	body := le + dashes
	limit := min(len(s), body+maxKeyBlock)
	end := -1
	if at := nextEnd(k, body); at >= 0 && at < limit {
		// The END marker's own fence closes the block.
		m := at + dashes + sep + len("end")
		if j := strings.Index(s[m:min(len(s), m+140)], fence); j >= 0 {
			end = m + j + dashes
		} else {
			end = m
		}
	}
	if end < 0 {
		end = body
		for end < limit {
			if n := jsonEscapeLen(s, end); n > 0 {
				end += n
				continue
			}
			if !isKeyBodyByte(s[end]) {
				break
			}
			end++
		}
		for end > body && isSpace(s[end-1]) {
			end--
		}
	}
	if end <= body {
		return span{}, false
	}
	return span{start: h, end: end, id: "private-key"}, true
}

// secretKeyLabel reports an armour label naming a secret: a secret
// word and no public word (keyfiletable.go).
func secretKeyLabel(label string) bool {
	secret := false
	for _, w := range strings.FieldsFunc(strings.ToUpper(label), func(r rune) bool { return r == ' ' || r == '_' || r == '-' }) {
		if keyLabelPublicWords[w] {
			return false
		}
		secret = secret || keyLabelSecretWords[w]
	}
	return secret
}

func isKeyBodyByte(c byte) bool {
	return isAlnum(c) || c == '+' || c == '/' || c == '=' || c == ':' || c == ',' || c == '.' || c == '-' ||
		c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"'
}

// jsonEscapeLen is the length of a JSON (or C) string escape at i, 0 if none.
func jsonEscapeLen(s string, i int) int {
	if i+1 >= len(s) || s[i] != '\\' {
		return 0
	}
	switch s[i+1] {
	case 'n', 'r', 't', '/', '"', '\\', 'b', 'f':
		return 2
	case 'u':
		if i+6 <= len(s) && isHex(s[i+2:i+6]) {
			return 6
		}
	}
	return 0
}

// keyLines reads the lines of base64 after a header line (keyLineFormats).
func keyLines(s string, lower []byte, h int) (span, bool) {
	var f *keyLineFormat
	for i := range keyLineFormats {
		if bytes.HasPrefix(lower[h:], []byte(keyLineFormats[i].keyword)) {
			f = &keyLineFormats[i]
			break
		}
	}
	if f == nil || h > 0 && isKeyByte(s[h-1]) {
		return span{}, false
	}
	p := h + len(f.keyword)
	eol := p
	for eol < len(s) && eol-p < 256 && s[eol] != '\n' && s[eol] != '\r' && !(s[eol] == '\\' && eol+1 < len(s) && (s[eol+1] == 'n' || s[eol+1] == 'r')) {
		eol++
	}
	header := lower[p:eol]
	if f.lineHas != "" && !bytes.Contains(header, []byte(f.lineHas)) {
		return span{}, false
	}
	n := f.lines
	if f.counted {
		n = 0
		for _, c := range bytes.TrimSpace(header) {
			if !isDigit(c) || n > 100000 {
				return span{}, false
			}
			n = n*10 + int(c-'0')
		}
	}
	start, end := -1, -1
	q := eol
	for line := 0; line < n && line < 4096; line++ {
		// The line break: real, or \n / \r\n escaped in a JSON string.
		for q < len(s) {
			if s[q] == '\n' || s[q] == '\r' {
				q++
			} else if s[q] == '\\' && q+1 < len(s) && (s[q+1] == 'n' || s[q+1] == 'r') {
				q += 2
			} else {
				break
			}
		}
		a := q
		for q < len(s) && (isAlnum(s[q]) || s[q] == '+' || s[q] == '/' || s[q] == '=') {
			q++
		}
		if q == a {
			break
		}
		if start < 0 {
			start = a
		}
		end = q
	}
	if start < 0 {
		return span{}, false
	}
	return span{start: start, end: end, id: "private-key"}, true
}
