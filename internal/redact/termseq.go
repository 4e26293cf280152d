package redact

import "strings"

// Red-team round 28 (#203): the terminal escape sequences, which a
// terminal acts on and never shows, dropped whole by the escape view
// (invisible.go) so that a token split by one is seen whole.
//
// Contract (ECMA-48, ISO 2022, as xterm and tmux read them): termSeqLen is
// the length of the sequence an ESC at s[i] starts:
//
//   - CSI, ESC [ parameter bytes (0x30–0x3F), intermediate bytes
//     (0x20–0x2F), a final byte (0x40–0x7E): of any length (a true-colour
//     SGR runs past 32 bytes);
//   - the control strings OSC (ESC ]), DCS (ESC P), SOS (ESC X), PM
//     (ESC ^) and APC (ESC _): everything up to the terminator, BEL or ST
//     (ESC \); CAN or SUB cancel it, another ESC ends it; unterminated, it
//     swallows the rest of the text;
//   - every other sequence, ESC intermediate bytes (0x20–0x2F) and a
//     final byte (0x30–0x7E): charset designations (ESC ( B), ESC 7,
//     ESC =, ESC c …;
//   - else the ESC alone.
//
// Each scan stops at the next ESC, so the scans of a text never overlap:
// linear in its size.
func termSeqLen(s string, i int) int {
	if i+1 >= len(s) {
		return 1
	}
	j := i + 1
	switch s[j] {
	case '[':
		j++
		for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
			j++
		}
		if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
			j++
		}
		return j - i
	case ']', 'P', 'X', '^', '_':
		j++
		k := strings.IndexAny(s[j:], "\a\x1b\x18\x1a")
		switch {
		case k < 0:
			return len(s) - i
		case s[j+k] == 0x1b && j+k+1 < len(s) && s[j+k+1] == '\\':
			return j + k + 2 - i // ST
		case s[j+k] == 0x1b:
			return j + k - i // another sequence begins
		}
		return j + k + 1 - i // BEL, or cancelled by CAN or SUB
	}
	for j < len(s) && s[j] >= 0x20 && s[j] <= 0x2f {
		j++
	}
	if j < len(s) && s[j] >= 0x30 && s[j] <= 0x7e {
		return j + 1 - i
	}
	return 1
}

// Two readings of ESC and a letter or digit (ESC 7, ESC c, ESC M): a
// terminal acts on both bytes and shows neither, a reader that strips
// control characters keeps the letter. The escape view takes the
// terminal's reading; escLetterView gives the other, for the texts that
// have such a sequence.

// escLetterView is s with the ESC of every ESC-letter or ESC-digit pair
// dropped, nil when s has none.
func escLetterView(s string) *view {
	var v *view
	last := 0
	for i := strings.IndexByte(s, 0x1b); i >= 0; {
		if i+1 < len(s) && isAlnum(s[i+1]) {
			if v == nil {
				v = &view{}
			}
			v.lit(s, last, i)
			last = i + 1
		}
		k := strings.IndexByte(s[i+1:], 0x1b)
		if k < 0 {
			break
		}
		i += 1 + k
	}
	if v != nil {
		v.lit(s, last, len(s))
	}
	return v
}
