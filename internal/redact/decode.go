package redact

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// The decoded views: text that a program or server decodes before using
// it, so a secret in it is as good as in clear.
//
//   - escapes: every escape syntax of the table in escapes.go (%XX,
//     \xHH, \x{H…}, \uHHHH, \u{H…}, \UHHHHHHHH, \NNN, \0NNN, \o{…},
//     \N{NAME}, HTML numeric and named references, a line continuation);
//     double encoding (%2567) is undone by detection running on the
//     decoded view again; invisible characters (every format character,
//     default-ignorable code point, variation selector and unprinted
//     control, see invisible.go) and whole terminal escape sequences
//     (termseq.go) are dropped, since the eye and a copy skip them, and so
//     are their escapes in any syntax (%E2%80%8E, \xe2\x80\x8e, \u200e,
//     \u{200E}, &#x200E;, &lrm;); so is markup a renderer shows as
//     nothing (HTML tags and comments, Markdown emphasis, markup.go);
//   - base64: runs of the standard or URL alphabet that decode to text;
//     the whole run is masked, since base64 does not align with the
//     secret's bytes;
//   - hex: even runs of hex digits that decode to text.
//
// Each view holds only the regions that decode, so plain text costs one
// scan for the trigger bytes.

// Bounds on the decoded views.
const (
	escapeWindow = 300 // text kept on each side of an escape, for the token around it
	minBase64Run = 16  // shortest base64 run decoded (12 bytes: "password=xy")
	maxBase64Run = 1 << 16
	minHexRun    = 24 // shortest hex run decoded (12 bytes)
	maxHexRun    = 1 << 16
)

// escapeView decodes %XX and backslash escapes in windows around them.
func escapeView(s string) *view {
	first := nextEscape(s, 0)
	if first < 0 {
		return nil
	}
	v := &view{}
	i := first
	for i < len(s) {
		// One window: from escapeWindow before the escape (not across a
		// line) to escapeWindow after the last escape that follows closely.
		ws := lineStart(s, max(0, i-escapeWindow), i)
		we := i
		j := i
		last := i // where the last escape of the window ends
		for j < len(s) && j-we <= escapeWindow && s[j] != '\n' {
			if n := escapeLen(s, j); n > 0 {
				j += n
				we, last = j, j
				continue
			}
			j++
		}
		we = min(len(s), we+escapeWindow)
		// Not past the line the last escape ends on (an escaped line
		// break continues the window's line).
		if nl := strings.IndexByte(s[last:we], '\n'); nl >= 0 {
			we = last + nl
		}
		for p := ws; p < we; {
			if n, b := escapeRead(s, p); n > 0 && p+n <= we {
				v.decoded(b, p, p+n)
				p += n
				continue
			}
			q := p + 1
			for q < we && !escTrigger[s[q]] {
				q++
			}
			v.lit(s, p, q)
			p = q
		}
		v.synthetic('\n')
		if i = nextEscape(s, we); i < 0 {
			break
		}
	}
	return v
}

// nextEscape is the offset of the first escape at or after from, or -1.
func nextEscape(s string, from int) int {
	for i := from; i < len(s); i++ {
		if escTrigger[s[i]] && escapeLen(s, i) > 0 {
			return i
		}
	}
	return -1
}

// lineStart is where the line holding i starts, but not before from.
func lineStart(s string, from, i int) int {
	if j := strings.LastIndexByte(s[from:i], '\n'); j >= 0 {
		return from + j + 1
	}
	return from
}

// escapeLen is the length of the escape at s[i:], 0 if none: an escape
// of escapes.go that spells a printable ASCII character or an invisible
// one, or a line continuation; an invisible character or terminal
// control sequence (invisible.go, termseq.go); markup a renderer shows as
// nothing (markup.go).
//
// Only escapes of printable ASCII count: the secrets found here are
// ASCII, and %DB_PASSWORD% (a Windows variable) must stay what it is.
func escapeLen(s string, i int) int {
	n, _ := escapeRead(s, i)
	return n
}

// escapeRead is escapeLen with the bytes the escape decodes to (nil: it
// is dropped).
func escapeRead(s string, i int) (int, []byte) {
	switch s[i] {
	case '%', '\\', '&':
		n, r := escapeAt(s, i)
		switch {
		case n == 0 || r == -1:
		case r == escDrop || isInvisibleRune(r):
			return n, nil
		case isPrintable(int(r)):
			return n, []byte{byte(r)}
		}
		return 0, nil
	}
	if n := markupLen(s, i); n > 0 {
		return n, nil
	}
	// Characters a reader's eye (and a copy) skips (invisible.go).
	return invisibleLen(s, i), nil
}

// escTrigger marks the bytes an escape can start with.
var escTrigger = func() (t [256]bool) {
	t = invisibleLead
	for c := range escapeSyntaxes {
		t[c] = true
	}
	for _, c := range markupLead {
		t[c] = true
	}
	return
}()

func isPrintable(c int) bool { return c >= 0x20 && c < 0x7f }

// b64Class classifies bytes for runsView: 0 outside both alphabets, 1 a
// hex digit (also base64), 2 base64 only, 3 '+' or '/' (standard
// alphabet), 4 '-' or '_' (URL alphabet).
var b64Class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case unhex(byte(c)) >= 0:
			t[c] = 1
		case isAlnum(byte(c)):
			t[c] = 2
		case c == '+' || c == '/':
			t[c] = 3
		case c == '-' || c == '_':
			t[c] = 4
		}
	}
	return
}()

// runsView decodes the runs of s that are hex (an even number of hex
// digits, not glued to letters) or base64 (the standard or the URL
// alphabet, not mixed) and decode to text.
func runsView(s string) *view {
	var v *view
	add := func(b []byte, i, k int) {
		if v == nil {
			v = &view{}
		}
		v.decoded(b, i, k)
		v.synthetic('\n')
	}
	for i := 0; i < len(s); {
		if b64Class[s[i]] == 0 {
			i++
			continue
		}
		j := i
		hex, std, url := true, false, false
		for j < len(s) {
			switch b64Class[s[j]] {
			case 0:
				goto end
			case 2:
				hex = false
			case 3:
				hex, std = false, true
			case 4:
				hex, url = false, true
			}
			j++
		}
	end:
		n := j - i
		switch {
		case hex && n >= minHexRun && n <= maxHexRun:
			if b := decodeHex(s[i : i+n&^1]); b != nil {
				add(b, i, j)
			}
		case !hex && n >= minBase64Run && n <= maxBase64Run && !(std && url):
			k := j
			for k < len(s) && k-j < 2 && s[k] == '=' {
				k++
			}
			if b := decodeBase64(s[i:j], url); isText(b) {
				add(b, i, k)
			}
		}
		i = j + 1
	}
	return v
}

func decodeHex(run string) []byte {
	b := make([]byte, 0, len(run)/2)
	for k := 0; k+1 < len(run); k += 2 {
		c := byte(unhex(run[k])<<4 | unhex(run[k+1]))
		if len(b) < 8 && !isTextByte(c) {
			return nil
		}
		b = append(b, c)
	}
	if !isText(b) {
		return nil
	}
	return b
}

func decodeBase64(run string, url bool) []byte {
	enc := base64.RawStdEncoding
	if url {
		enc = base64.RawURLEncoding
	}
	if len(run)%4 == 1 {
		run = run[:len(run)-1]
	}
	// Reject early: most runs (identifiers, hashes, paths) decode to
	// binary within their first bytes.
	var head [12]byte
	if n, err := enc.Decode(head[:], []byte(run[:16])); err != nil || !isText(head[:n]) {
		return nil
	}
	b, err := enc.DecodeString(run)
	if err != nil {
		return nil
	}
	return b
}

func isTextByte(c byte) bool { return c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' || c == '\r' }

// isText reports decoded bytes that read as text: valid UTF-8 with at most
// 1 in 32 bytes outside printable ASCII and whitespace.
func isText(b []byte) bool {
	if len(b) == 0 || !utf8.Valid(b) {
		return false
	}
	bad := 0
	for _, c := range b {
		if !isTextByte(c) && c < 0x80 {
			bad++
		}
	}
	return bad*32 <= len(b)
}

// maxViewDepth bounds how many views deep detection goes (a secret
// base64-encoded in a percent-encoded URL is two).
const maxViewDepth = 2

// viewSpans finds the secrets that only the views of s show, as spans of
// s. shell is false for text that is itself a rendering of the shell view.
func (r *Redactor) viewSpans(s string, depth int, shell bool, oc *shOutcome) []span {
	if depth >= maxViewDepth {
		return nil
	}
	var out []span
	list := false
	run := func(v *view, items []shItem) {
		if v == nil || v.len() == 0 {
			return
		}
		vt := string(v.buf)
		for _, sp := range r.detectDepth(vt, depth+1, items == nil) {
			if items != nil && !acceptShell(sp, items, v) {
				continue
			}
			if list && sp.id == ruleAssignEntropy && !flagBefore(vt, sp.start) {
				continue // two elements of a list of names (treeargv.go)
			}
			sec := sp.secret
			if sec == "" {
				sec = vt[sp.start:sp.end]
			}
			for _, p := range v.source(s, sp.start, sp.end) {
				p.id, p.secret = sp.id, sec
				out = append(out, p)
			}
		}
	}
	if shell {
		v, items := r.shellView(s, oc)
		run(v, items)
	}
	run(escapeView(s), nil)
	run(escLetterView(s), nil) // termseq.go
	run(runsView(s), nil)
	run(transformView(s), nil)
	list = true
	run(listView(s), nil)
	// Red-team round 21 (#24, #25): concatenated literals (concatview.go).
	out = append(out, r.concatSpans(s, depth)...)
	return out
}

// acceptShell decides whether a finding in the shell view counts: a
// format rule's always does; a context rule's (password=, Authorization:,
// a CLI password) only where the shell view shows what the input hides: a
// variable's value, a label joined with its value, a split credential
// name, or a program's password.
func acceptShell(sp span, items []shItem, v *view) bool {
	if !genericRule.Get()[sp.id] || sp.id == ruleCLIFlag || sp.id == ruleCLIStdin {
		return true
	}
	if v.expanded(sp.start, sp.end) {
		return true
	}
	for _, it := range items {
		if sp.start >= it.t0 && sp.start <= it.t1 {
			return it.nameGap || it.contGap || (it.joinAt > 0 && sp.start >= it.joinAt) ||
				it.valueGap && v.gapInside(sp.start, sp.end)
		}
	}
	return false
}

// gapInside reports a gap strictly inside the view bytes [a, b) with a
// letter or digit after it: the input split them there ("ab'cd'", not
// the ']' after the closing quote of "k=v"]).
func (v *view) gapInside(a, b int) bool {
	found := false
	v.gaps(a, b, func(g int) { found = found || hasAlnum(v.buf[g:b]) })
	return found
}

func hasAlnum(b []byte) bool {
	for _, c := range b {
		if isAlnum(c) {
			return true
		}
	}
	return false
}
