package redact

import "strings"

// Red-team round 28 (#207): markup that a renderer shows as nothing. An
// HTML page, a Markdown file or a rendered log shows the text around a
// tag, a comment or an emphasis marker as one word, so a token split by
// them is whole on screen. The escape view (decode.go) drops them like
// invisible characters; the mask covers the original bytes, the markup
// between the halves included.
//
// Contract: markupLen is the length of the markup at s[i:], 0 if none:
//
//   - an HTML comment, <!-- … -->, of at most maxComment bytes;
//   - an HTML tag, < or </, a letter, then up to maxTag bytes without
//     < > or a line break, then > (inline and block elements alike: a
//     token split by </p><p> is over-masked, never leaked);
//   - a run of up to three Markdown emphasis or code markers (* ` ~)
//     between two letters or digits (A**B**, A`B`, ~~A~~B: the markers
//     after a token's end or before its start split nothing).
//
// A tag that holds an escape's lead byte (& % \) or a byte outside
// printable ASCII is not dropped: its attributes go through the escape
// view like any text (<a href="/cb?t=&#103;hp_…">).
const (
	maxComment = 4096
	maxTag     = 256
)

// markupLead lists the bytes markup starts with.
var markupLead = []byte{'<', '*', '`', '~'}

func markupLen(s string, i int) int {
	switch c := s[i]; c {
	case '<':
		if strings.HasPrefix(s[i:], "<!--") {
			end := min(len(s), i+maxComment)
			if k := strings.Index(s[i+4:end], "-->"); k >= 0 {
				return 4 + k + 3
			}
			return 0
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		if j >= len(s) || !isUpper(s[j]) && !isLower(s[j]) {
			return 0
		}
		for k := j; k < len(s) && k-j <= maxTag; k++ {
			switch c := s[k]; {
			case c == '>':
				return k + 1 - i
			case c == '<' || c == '&' || c == '%' || c == '\\' || c < 0x20 || c >= 0x7f:
				return 0
			}
		}
	case '*', '`', '~':
		j := i
		for j < len(s) && s[j] == c && j-i < 3 {
			j++
		}
		if j < len(s) && s[j] == c {
			return 0 // a longer run: a rule, a fence
		}
		if i > 0 && s[i-1] == c {
			return 0 // inside a run
		}
		if i > 0 && isAlnum(s[i-1]) && j < len(s) && isAlnum(s[j]) {
			return j - i
		}
	}
	return 0
}
