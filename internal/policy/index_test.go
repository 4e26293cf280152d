package policy

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var indexPatterns = []string{
	"npm install", "(?i)npm install", "(npm|yarn) add", "[nN]pm ci", `\s*rm`, "x?y", "(?:)",
	".*foo", "^rm -rf", `\brm\b`, "rm|", "é+", "(a|)b", "kubectl.*--context=production",
	"(helm|terraform) apply", "[a-c]+z", "(?i)ß", "a{0,2}b", "a{2}b", "(?s).", `\d+ x`,
	"[^a]b", "(?i)Kelvin", "terraform (apply|destroy)", "go mod (tidy|edit)", "\\x00?q",
}

// TestCmdIndexMatchesBruteForce checks that the first-byte index never
// hides a pattern that matches.
func TestCmdIndexMatchesBruteForce(t *testing.T) {
	var b []byte
	b = append(b, "policies:\n  - name: p\n    rules:\n"...)
	for _, pat := range indexPatterns {
		b = fmt.Appendf(b, "      - block_commands: [%q]\n", pat)
	}
	p := mustParse(t, string(b))
	var res []*regexp.Regexp
	for _, pat := range indexPatterns {
		res = append(res, regexp.MustCompile(`^(?:`+pat+`)`))
	}
	lines := []string{"", "npm install x", "NPM INSTALL", "yarn add", "Npm ci", " rm", "\trm x", "y", "xy",
		"foo", "rm -rf /", "rm", "ééé", "b", "ab", "kubectl get --context=production", "helm apply", "cz",
		"SS", "ß", "aab", "7 x", "bb", "KELVIN", "\u212aelvin", "terraform destroy", "go mod tidy", "q", "\x00q"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("abnpmirstyKkxz -éß\t0")
	for i := 0; i < 3000; i++ {
		n := rng.IntN(8)
		var s []byte
		for j := 0; j < n; j++ {
			s = append(s, alphabet[rng.IntN(len(alphabet))])
		}
		lines = append(lines, string(s))
	}
	for _, line := range lines {
		var want []int
		for i, re := range res {
			if re.MatchString(line) {
				want = append(want, i)
			}
		}
		var got []int
		for _, rf := range p.idx.blockCmds.lookup(p, line, nil) {
			got = append(got, int(rf.rule))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("line %q: index found rules %v, brute force %v", line, got, want)
		}
	}
}

var indexPaths = []string{
	".env*", "*.pem", "*.p12", "secret?.txt", "id_rsa", "[abc]x", "*", "src/", "src/*.go", "deploy/**/*.yaml",
	"**/.claude/settings*.json", "~/.config/x/", "/etc/shadow", "docs/**", "a*b", "*.ENV", "infra-*/", "x/y/z",
	"vault-1/**/*.pem", `\*lit`, "Makefile", "*~",
}

// TestPathIndexMatchesBruteForce checks the path index against matching
// every pattern one by one, for both case-sensitive and folded indexes.
func TestPathIndexMatchesBruteForce(t *testing.T) {
	var b []byte
	b = append(b, "policies:\n  - name: p\n    rules:\n"...)
	for _, pat := range indexPaths {
		b = fmt.Appendf(b, "      - block_paths: [%q]\n      - allow_paths: [%q]\n", pat, pat)
	}
	p := mustParse(t, string(b))
	rng := rand.New(rand.NewPCG(3, 4))
	names := []string{"src", "a.go", ".env", ".ENV.local", "x.pem", "X.PEM", "secret1.txt", "id_rsa", "ax", "bx",
		"deploy", "prod", "app.yaml", ".claude", "settings.json", "settings.local.json", "docs", "ab", "aXb",
		"infra-7", "x", "y", "z", "vault-1", "k.pem", "*lit", "Makefile", "notes~", "etc", "shadow", "home", "dev", ".config"}
	for i := 0; i < 4000; i++ {
		n := 1 + rng.IntN(5)
		var segs []string
		for j := 0; j < n; j++ {
			segs = append(segs, names[rng.IntN(len(names))])
		}
		var abs string
		switch rng.IntN(3) {
		case 0:
			abs = testRoot + "/" + strings.Join(segs, "/")
		case 1:
			abs = testHome + "/" + strings.Join(segs, "/")
		default:
			abs = "/" + strings.Join(segs, "/")
		}
		tg := newTarget(abs, testRoot, testHome)
		for _, px := range []*pathIndex{&p.idx.blockPaths, &p.idx.allowPaths} {
			var want []ref
			for _, rf := range px.entryList {
				if p.entry(rf).path.match(tg, px.fold) {
					want = append(want, rf)
				}
			}
			got := px.lookup(p, tg, nil, false)
			key := func(r ref) string { return fmt.Sprint(r) }
			gs, ws := []string{}, []string{}
			for _, r := range got {
				gs = append(gs, key(r))
			}
			for _, r := range want {
				ws = append(ws, key(r))
			}
			slices.Sort(gs)
			gs = slices.Compact(gs)
			slices.Sort(ws)
			if !slices.Equal(gs, ws) {
				t.Fatalf("path %s (fold %v): index %v, brute force %v", abs, px.fold, gs, ws)
			}
		}
	}
}
