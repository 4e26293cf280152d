package redact

import "strings"

// Red-team round 23 (b) #4: a secret written as numbers or short pieces
// inside a credential window (credwindow.go): char codes
// (String.fromCharCode(81,122,…)), a byte list (bytes([81,122,…]),
// []byte{0x51, 0x7a, …}) or pieces shorter than credMinLen joined
// (['Qz7v', 'N2pL', …].join('')). Each piece passes the window's token
// test; the list is one value. listRun collects the consecutive short
// items of a window (separated by blanks and commas only) and masks the
// whole run when it spells a value:
//   - credListNumbers or more small numbers (0-255, decimal or 0xNN:
//     bytes and char codes) with credListDistinct different values or
//     more (a row of zeros or a short tuple is not a secret);
//   - two or more quoted pieces whose concatenation is credMinLen bytes
//     or more and secret-like (['abc', 'def'] spells a word: kept).

const (
	credListNumbers  = 8
	credListDistinct = 5
)

// listRun is the run of short items the window has read so far.
type listRun struct {
	a, b         int // the run's first item's start and last item's end (inside quotes)
	end          int // where the last item ends, closing quote included
	nums, quoted int
	seen         [256]bool
	distinct     int
	pieces       []byte
}

// item reads the short token s[i:j] of a window: it joins
// the run, starts a new one, or ends it (emitting the run if it spells
// a value).
func (lr *listRun) item(s string, i, j int, emit func(span)) {
	q := i > 0 && j < len(s) && (s[i-1] == '\'' || s[i-1] == '"') && s[j] == s[i-1] &&
		!strings.ContainsAny(s[i:j], "$%{}") // not a reference or a template ("$USER" "$PASS")
	v, num := byteNumber(s[i:j])
	if !q && !num {
		lr.flush(s, emit)
		return
	}
	st, en := i, j
	if q {
		st, en = i-1, j+1
	}
	if lr.nums+lr.quoted > 0 && !listGap(s[min(lr.end, st):st]) {
		lr.flush(s, emit)
	}
	if lr.nums+lr.quoted == 0 {
		lr.a = i
	}
	lr.b, lr.end = j, en
	if q {
		lr.quoted++
	} else {
		lr.nums++
		if !lr.seen[v] {
			lr.seen[v] = true
			lr.distinct++
		}
	}
	if len(lr.pieces) < credWindowMax {
		lr.pieces = append(lr.pieces, s[i:j]...)
	}
}

// flush ends the run, emitting it if it spells a value.
func (lr *listRun) flush(s string, emit func(span)) {
	if lr.nums+lr.quoted == 0 {
		return
	}
	spells := lr.quoted >= 2 && len(lr.pieces) >= credMinLen && credSecretLike(string(lr.pieces)) ||
		lr.quoted == 0 && lr.nums >= credListNumbers && lr.distinct >= credListDistinct
	if spells {
		emit(span{start: lr.a, end: lr.b, id: ruleUnresolved, secret: s[lr.a:lr.b]})
	}
	if lr.distinct > 0 {
		lr.seen = [256]bool{}
	}
	lr.nums, lr.quoted, lr.distinct, lr.pieces = 0, 0, 0, lr.pieces[:0]
}

// listGap reports what lies between two items of a list: blanks and
// commas only.
func listGap(g string) bool {
	for k := 0; k < len(g); k++ {
		switch g[k] {
		case ' ', '\t', '\r', '\n', ',':
		default:
			return false
		}
	}
	return true
}

// byteNumber reads a byte-sized number: 0-255 in decimal, or 0x0-0xff.
func byteNumber(t string) (int, bool) {
	if len(t) >= 3 && len(t) <= 4 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		v := 0
		for k := 2; k < len(t); k++ {
			d := unhex(t[k])
			if d < 0 {
				return 0, false
			}
			v = v*16 + d
		}
		return v, true
	}
	if len(t) == 0 || len(t) > 3 {
		return 0, false
	}
	v := 0
	for k := 0; k < len(t); k++ {
		if !isDigit(t[k]) {
			return 0, false
		}
		v = v*10 + int(t[k]-'0')
	}
	return v, v <= 255
}
