package redact

import (
	"strings"
	"testing"
)

// TestTransformView: a token the shell or a filter of the same line
// rebuilds (brace expansion, rev, tr) is masked in the input.
func TestTransformView(t *testing.T) {
	r := mustNew(t, Config{Key: testKey})
	tok := gen(3301, "ghp_", alNum, 36)
	rot := func(s string) string { return rot13(s) }
	up := strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z':
			return c - 32
		case c >= 'A' && c <= 'Z':
			return c + 32
		}
		return c
	}, tok)
	for _, in := range []string{
		"echo " + reverse(tok) + " | rev",
		"export T=$(echo '" + reverse(tok) + "' | rev)",
		"rev <<< \"" + reverse(tok) + "\"",
		"echo " + rot(tok) + " | tr a-zA-Z n-za-mN-ZA-M",
		"echo " + rot(tok) + " | tr 'A-Za-z' 'N-ZA-Mn-za-m'",
		"echo " + rot(tok) + " | tr '[a-z][A-Z]' '[n-za-m][N-ZA-M]'",
		"echo " + up + " | tr '[:upper:][:lower:]' '[:lower:][:upper:]'",
		"echo " + reverse(rot(tok)) + " | rev | tr a-zA-Z n-za-mN-ZA-M",
		"echo " + strings.Join(strings.Split(tok, ""), "X") + " | tr -d X",
		"echo " + tok[:10] + "{" + tok[10:25] + ",}" + tok[25:],
		"curl -H 'Authorization: token '" + tok[:8] + "{" + tok[8:] + ",} https://api.github.com",
		"echo " + strings.Repeat("word ", 20000) + reverse(tok) + " | rev",
	} {
		out, _ := r.Text(in)
		for _, part := range []string{tok[4:20], tok[20:], reverse(tok[4:20]), rot(tok[20:])} {
			if strings.Contains(out, part) {
				t.Errorf("%.80q kept %q: %.200s", in, part, out)
				break
			}
		}
	}
	for _, in := range []string{
		"git log --format=%H | rev | cut -c1-8 | rev",
		"cat notes.txt | tr -d '\\r' > unix.txt",
		"echo $PATH | tr ':' '\\n'",
		"mkdir -p src/{cmd,internal,pkg} && touch {a,b,c}.go",
		`{"name":"x","items":[1,2,3]}`,
		"func f() { return map[string]int{\"a\": 1, \"b\": 2} }",
		"cp config.{yaml,yaml.bak}",
		"echo Hello | tr a-z A-Z",
	} {
		if out, ids := r.Text(in); out != in {
			t.Errorf("over-redacted %q: %s (%v)", in, out, ids)
		}
	}
}
