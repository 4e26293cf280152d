package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Red-team round 28: the text the escape view's new syntaxes, terminal
// sequences and markup (escapes.go, termseq.go, markup.go) and the shell
// view's empty expansions and printed pieces (shempty.go, shprinted.go)
// work on, measured on their own: realisticText mixes every shape into
// one text, where the fail-closed pass's masking dominates.

// markupText generates about n bytes of documentation, terminal logs,
// and escaped source, with a split secret every ~8 KiB. (Shell lines are
// left out: a closing backquote the lexer reads as an opener spends the
// scan budget, and the fail-closed pass then dominates; see the report
// of round 28.)
func markupText(n int) string {
	rng := rand.New(rand.NewPCG(28, 7))
	lines := []string{
		"<p>Run <code>make</code> &amp; see <a href=\"/docs\">the <b>docs</b></a>.<br><!-- todo --></p>\n",
		"<li><span class=\"k\">--watch</span> rebuilds on change &mdash; see &lt;config&gt;</li>\n",
		"Use **npm ci** then `npm test`; ~~yarn~~ is *gone*. See [the guide](https://example.com/guide).\n",
		"\x1b[1;32mPASS\x1b[0m src/app.test.ts (12 tests) \x1b]0;jest\a\x1b[38;2;255;100;0mwarn\x1b[0m\n",
		"\x1b]8;;https://ci.example.com/run/1\x1b\\build #1\x1b]8;;\x1b\\ \x1b(B\x1b[m done\n",
		"const msg = \"caf\\u00e9 \\u{1F600} \\x41\\101\\N{LATIN SMALL LETTER A}\";\n",
	}
	var b strings.Builder
	next := 8192
	for b.Len() < n {
		b.WriteString(lines[rng.IntN(len(lines))])
		if b.Len() > next {
			tok := "ghp_" + randFrom(rng, alNum, 36)
			b.WriteString("<p>" + tok[:16] + "<wbr>" + tok[16:] + "</p>\n")
			next += 8192
		}
	}
	return b.String()
}

func BenchmarkTextMarkup(b *testing.B) {
	r := mustNew(b, Config{Key: testKey})
	text := markupText(1 << 20)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		r.Text(text)
	}
}
