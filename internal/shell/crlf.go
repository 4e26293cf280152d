package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Carriage returns as bash reads them (red-team round 10 #10). To bash a
// carriage return is an ordinary word character everywhere: `\` CR is an
// escaped CR (and the LF after it ends the command), "then" CR is no
// keyword, a here-document delimiter or terminator line ending in CR is
// another word, and quotes keep it. mvdan/sh drops every CR before an LF
// instead (and reads `\` CR LF as a line continuation), so the two
// disagree on which text is code: `echo a\` CR LF `rm x` is one echo to
// the parser and two commands to bash; a terminator line "EOF" CR ends a
// here-document for the parser and not for bash, which then runs what the
// parser read as a quoted string.
//
// Every text parsed as shell code (a line, a re-parsed string, a
// here-document or prompt body, arithmetic) is therefore given to the
// parser with each CR replaced by crMark, a private-use code point the
// parser reads as an ordinary word character, as bash reads CR; the
// parsed tree's literals then get their CRs back, so every path, word
// and re-parsed string is what bash sees. A line holding crMark itself is
// refused (Analyze), so the mark can only stand for a CR. precheck still
// refuses a CR that is not followed by LF.

// crMark stands for a carriage return while the parser reads the text.
const crMark = '\ue00d'

// crMarkStr is crMark as a string.
const crMarkStr = "\ue00d"

// crProtect returns src with every CR replaced by crMark, and whether
// there was one.
func crProtect(src string) (string, bool) {
	if strings.IndexByte(src, '\r') < 0 {
		return src, false
	}
	return strings.ReplaceAll(src, "\r", crMarkStr), true
}

// crRestore gives the literals of a tree parsed from crProtect's text
// their carriage returns back.
func crRestore(n syntax.Node) {
	if n == nil {
		return
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.Lit:
			if x != nil && strings.Contains(x.Value, crMarkStr) {
				x.Value = strings.ReplaceAll(x.Value, crMarkStr, "\r")
			}
		case *syntax.SglQuoted:
			if x != nil && strings.Contains(x.Value, crMarkStr) {
				x.Value = strings.ReplaceAll(x.Value, crMarkStr, "\r")
			}
		}
		return true
	})
}

// parses reports whether src parses as shell code, read as bash reads
// its carriage returns.
func (a *analyzer) parses(src string) bool {
	src, _ = crProtect(src)
	_, err := a.parser.Parse(strings.NewReader(src), "")
	return err == nil
}
